package client

import (
	"context"
	"errors"
	"fmt"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// WorkflowAlreadyStartedError is returned when a start meets a running
// execution with the same workflow ID and the conflict policy is to fail.
//
// The server answers the same way when its ID reuse policy refuses a new
// run after a closed one; Closed tells the two apart.
type WorkflowAlreadyStartedError struct {
	WorkflowID string
	// RunID is the run that is already going, or the closed run whose ID
	// may not be reused.
	RunID string
	// Closed is set when that run has closed and the ID reuse policy
	// refuses another: no conflict policy helps then.
	Closed bool
	// Message is the server's own.
	Message string
	// err is the server's answer, for errors.As with go.temporal.io/api's
	// serviceerror types, as code written for the official SDK checks.
	err error
}

// Unwrap returns the server's *serviceerror.WorkflowExecutionAlreadyStarted.
func (e *WorkflowAlreadyStartedError) Unwrap() error { return e.err }

func (e *WorkflowAlreadyStartedError) Error() string {
	if e.Closed {
		return fmt.Sprintf("client: workflow %q may not start again: its run %s has closed and the ID reuse policy refuses another (%s); pass another IDReusePolicy, such as ALLOW_DUPLICATE, or use another workflow ID",
			e.WorkflowID, e.RunID, e.Message)
	}
	return fmt.Sprintf("client: workflow %q is already running (run %s): pass IDConflictPolicy USE_EXISTING to attach to it, or TERMINATE_EXISTING to replace it",
		e.WorkflowID, e.RunID)
}

// NotFoundError is returned when the workflow execution, update or activity
// a call names does not exist, or, with Closed set, when the workflow
// exists but has closed and so cannot take the signal or update: the
// server answers both with NotFound. (A cancel request to a closed
// workflow succeeds, as the server treats it: there is nothing left to
// cancel.)
type NotFoundError struct {
	// What names the missing thing, for example `workflow "order-1" (run 4f0c...)`.
	What      string
	Namespace string
	Message   string
	// Closed is set when the workflow is there but has already closed.
	Closed bool
	// kind is the target's kind, for the hint.
	kind string
	err  error
}

// Unwrap returns the server's *serviceerror.NotFound.
func (e *NotFoundError) Unwrap() error { return e.err }

func (e *NotFoundError) Error() string {
	if e.Closed {
		return fmt.Sprintf("client: %s in namespace %q has already closed (%s): a closed workflow takes no signals or updates; DescribeWorkflow says how it ended, and a new start with the ID begins another run",
			e.What, e.Namespace, e.Message)
	}
	hint := "check the ID; a closed workflow is deleted once the namespace's retention period has passed"
	if e.kind == "schedule" {
		hint = "check the ID, and the namespace; ListSchedules lists the schedules there"
	}
	return fmt.Sprintf("client: %s not found in namespace %q: %s (%s)", e.What, e.Namespace, e.Message, hint)
}

// NamespaceNotFoundError is returned when the client's namespace does not
// exist on the server.
type NamespaceNotFoundError struct {
	Namespace string
	HostPort  string
	err       error
}

// Unwrap returns the server's *serviceerror.NamespaceNotFound.
func (e *NamespaceNotFoundError) Unwrap() error { return e.err }

func (e *NamespaceNotFoundError) Error() string {
	return fmt.Sprintf("client: namespace %q does not exist on %s: create it (temporal operator namespace create --namespace %s) or fix Options.Namespace / TEMPORAL_NAMESPACE",
		e.Namespace, e.HostPort, e.Namespace)
}

// QueryFailedError is returned when the workflow could not answer a query:
// the handler returned an error, no handler has that name, or the arguments
// did not decode.
type QueryFailedError struct {
	WorkflowID string
	QueryType  string
	Message    string
	// Cause is the handler's error as the worker reported it (its type,
	// details and retryability), when the server passed it on.
	Cause error
	err   error
}

func (e *QueryFailedError) Error() string {
	return fmt.Sprintf("client: query %q on workflow %q failed: %s", e.QueryType, e.WorkflowID, e.Message)
}

// Unwrap returns Cause, so errors.As finds the handler's ApplicationError,
// and the server's *serviceerror.QueryFailed.
func (e *QueryFailedError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Cause, e.err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// QueryRejectedError is returned when a query's reject condition matched the
// workflow's status, so the query did not run.
type QueryRejectedError struct {
	WorkflowID string
	QueryType  string
	// Status is the workflow's status, for example
	// WORKFLOW_EXECUTION_STATUS_COMPLETED.
	Status enumspb.WorkflowExecutionStatus
}

func (e *QueryRejectedError) Error() string {
	return fmt.Sprintf("client: query %q on workflow %q was rejected: the workflow is %s", e.QueryType, e.WorkflowID, e.Status.String())
}

// UpdateFailedError is returned when an update did not succeed: the workflow's
// validator rejected it, or its handler returned an error. Cause holds the
// workflow's error, typically a *temporal.ApplicationError.
type UpdateFailedError struct {
	WorkflowID string
	UpdateName string
	UpdateID   string
	Cause      error
}

func (e *UpdateFailedError) Error() string {
	return fmt.Sprintf("client: update %q (id %s) on workflow %q was rejected or failed: %v", e.UpdateName, e.UpdateID, e.WorkflowID, e.Cause)
}

func (e *UpdateFailedError) Unwrap() error { return e.Cause }

// UpdateTimeoutOrCanceledError is returned when the context of a call that
// sends an update ended before the update reached the stage the call waits
// for (the official client's WorkflowUpdateServiceTimeoutOrCanceledError).
// The call ended, not the update: it may have been accepted and may still
// complete. Err is the call's own error, so errors.Is finds
// context.DeadlineExceeded or context.Canceled.
type UpdateTimeoutOrCanceledError struct {
	WorkflowID string
	UpdateName string
	UpdateID   string
	Err        error
}

func (e *UpdateTimeoutOrCanceledError) Error() string {
	update := fmt.Sprintf("update %q (id %s)", e.UpdateName, e.UpdateID)
	if e.UpdateName == "" { // waiting on a handle, which knows the ID alone
		update = "update " + e.UpdateID
	}
	return fmt.Sprintf("client: the call waiting for %s on workflow %q ended before the update did: %v; the update may still run: GetUpdateHandle with its ID waits for its outcome",
		update, e.WorkflowID, e.Err)
}

func (e *UpdateTimeoutOrCanceledError) Unwrap() error { return e.Err }

// WorkflowIDRequiredError is returned by [SignalWithStart] and
// [UpdateWithStart] when neither the WorkflowDef's ID template nor a
// call-site option gave a workflow ID: both find the workflow by its ID,
// and a random one would start a new workflow on every call.
type WorkflowIDRequiredError struct {
	// Operation is "signal-with-start" or "update-with-start".
	Operation    string
	WorkflowType string
}

func (e *WorkflowIDRequiredError) Error() string {
	return fmt.Sprintf("client: %s of workflow %s needs a workflow ID: give its WorkflowDef an ID template or pass client.WithID", e.Operation, e.WorkflowType)
}

// ServiceError is a failed call to the Temporal server with no more specific
// type. Code and Message come from the server's gRPC status.
type ServiceError struct {
	Operation string
	// Target names what the call addressed, such as `workflow "order-42"
	// (run 0196...)`; empty for a call that addressed nothing in particular.
	Target  string
	Code    codes.Code
	Message string
	err     error
}

func (e *ServiceError) Error() string {
	if e.Target != "" {
		return fmt.Sprintf("client: %s (%s): %s: %s", e.Operation, e.Target, e.Code, e.Message)
	}
	return fmt.Sprintf("client: %s: %s: %s", e.Operation, e.Code, e.Message)
}

// Unwrap returns the serviceerror from go.temporal.io/api, so errors.As
// works with its types too.
func (e *ServiceError) Unwrap() error { return e.err }

// Is makes a call that ended with the caller's context match the context's
// error: errors.Is(err, context.DeadlineExceeded) or context.Canceled, as
// it does for WorkflowRun.Get.
func (e *ServiceError) Is(target error) bool {
	return (e.Code == codes.DeadlineExceeded && target == context.DeadlineExceeded) ||
		(e.Code == codes.Canceled && target == context.Canceled)
}

// target names what a call addressed, for error messages.
type target struct {
	kind  string // "workflow", "update", "activity"; "" for none
	id    string
	runID string
}

func workflowTarget(id, runID string) target { return target{kind: "workflow", id: id, runID: runID} }

func (t target) String() string {
	s := fmt.Sprintf("%s %q", t.kind, t.id)
	if t.runID != "" {
		s += " (run " + t.runID + ")"
	}
	return s
}

// callError turns a failed RPC into the client's typed errors. op names the
// operation for the message.
func (c *Client) callError(op string, t target, err error) error {
	if err == nil {
		return nil
	}
	s, isStatus := status.FromError(err)
	if isStatus {
		// Rebuild the server's typed error from the status details.
		err = serviceerror.FromStatus(s)
	}
	var nsNotFound *serviceerror.NamespaceNotFound
	if errors.As(err, &nsNotFound) {
		return &NamespaceNotFoundError{Namespace: c.namespace, HostPort: c.hostPort, err: nsNotFound}
	}
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) && t.kind != "" {
		// The server says in words only that the workflow is there but
		// closed: "workflow execution already completed".
		closed := t.kind == "workflow" && strings.Contains(notFound.Message, "already completed")
		return &NotFoundError{What: t.String(), Namespace: c.namespace, Message: notFound.Message, Closed: closed, kind: t.kind, err: notFound}
	}
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		// The server says which in words only: "is already running", or
		// "already finished" with the reuse policy that refused.
		return &WorkflowAlreadyStartedError{WorkflowID: t.id, RunID: started.RunId, Message: started.Message,
			Closed: strings.Contains(started.Message, "already finished"), err: started}
	}
	if isStatus {
		msg := s.Message()
		if s.Code() == codes.Unavailable {
			msg += fmt.Sprintf(" (is the Temporal server at %s running and reachable?)", c.hostPort)
		}
		se := &ServiceError{Operation: op, Code: s.Code(), Message: msg, err: err}
		if t.kind != "" {
			se.Target = t.String()
		}
		return se
	}
	if t.kind != "" {
		return fmt.Errorf("client: %s (%s): %w", op, t, err)
	}
	return fmt.Errorf("client: %s: %w", op, err)
}

// OtherExecutionChainError is returned by a typed run handle whose
// workflow closed and whose workflow ID a later start reused: the latest
// run under the ID belongs to another chain of runs, which the handle
// does not act on.
type OtherExecutionChainError struct {
	WorkflowID string
	// FirstExecutionRunID began the handle's chain of runs.
	FirstExecutionRunID string
	// LatestFirstRunID began the chain of the latest run.
	LatestFirstRunID string
	// Err is the server's answer, when it refused a request: it finds no
	// execution of the handle's chain under the ID.
	Err error
}

func (e *OtherExecutionChainError) Error() string {
	return fmt.Sprintf("client: workflow %q now names another execution (a chain of runs that began with run %s), not the one this handle started (run %s), which closed before a later start reused the ID; take a new handle with Get(workflowID, \"\") to act on the new one",
		e.WorkflowID, e.LatestFirstRunID, e.FirstExecutionRunID)
}

// Unwrap returns the server's answer, a *NotFoundError, if there was one.
func (e *OtherExecutionChainError) Unwrap() error { return e.Err }

package temporal

import (
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
)

// ActivityErrorOptions configure [NewActivityError]. The runtime fills them
// from the activity's history events.
type ActivityErrorOptions struct {
	// ScheduledEventID is the ID of the ActivityTaskScheduled event.
	ScheduledEventID int64
	// StartedEventID is the ID of the ActivityTaskStarted event.
	StartedEventID int64
	// Identity names the worker that ran the last attempt.
	Identity string
	// ActivityType is the activity's registered name.
	ActivityType string
	// ActivityID is the activity's ID within its workflow.
	ActivityID string
	// RetryState says why the server stopped retrying.
	RetryState enumspb.RetryState
	// Cause is the error of the last attempt: an [*ApplicationError], a
	// [*TimeoutError], a [*CanceledError] or a [*PanicError].
	Cause error
}

// ActivityError is what a workflow receives when an activity it scheduled
// failed. It describes the activity; [errors.As] or Unwrap reach the error
// the activity returned.
type ActivityError struct {
	scheduledEventID int64
	startedEventID   int64
	identity         string
	activityType     string
	activityID       string
	retryState       enumspb.RetryState
	cause            error
	failure          *failurepb.Failure
}

// NewActivityError returns an [*ActivityError] described by opts.
func NewActivityError(opts ActivityErrorOptions) *ActivityError {
	return &ActivityError{
		scheduledEventID: opts.ScheduledEventID,
		startedEventID:   opts.StartedEventID,
		identity:         opts.Identity,
		activityType:     opts.ActivityType,
		activityID:       opts.ActivityID,
		retryState:       opts.RetryState,
		cause:            opts.Cause,
	}
}

// Error describes the activity, then its cause.
func (e *ActivityError) Error() string {
	return withCause(fmt.Sprintf("activity error (type: %s, scheduledEventID: %d, startedEventID: %d, identity: %s)",
		e.activityType, e.scheduledEventID, e.startedEventID, e.identity), e.cause)
}

// ScheduledEventID returns the ID of the ActivityTaskScheduled event.
func (e *ActivityError) ScheduledEventID() int64 { return e.scheduledEventID }

// StartedEventID returns the ID of the ActivityTaskStarted event.
func (e *ActivityError) StartedEventID() int64 { return e.startedEventID }

// Identity returns the identity of the worker that ran the last attempt.
func (e *ActivityError) Identity() string { return e.identity }

// ActivityType returns the activity's registered name.
func (e *ActivityError) ActivityType() string { return e.activityType }

// ActivityID returns the activity's ID.
func (e *ActivityError) ActivityID() string { return e.activityID }

// RetryState returns why the server stopped retrying the activity.
func (e *ActivityError) RetryState() enumspb.RetryState { return e.retryState }

// Unwrap returns the error of the activity's last attempt.
func (e *ActivityError) Unwrap() error { return e.cause }

// Failure returns the failure the error was decoded from, or nil if it was
// built in Go. Callers must not modify it.
func (e *ActivityError) Failure() *failurepb.Failure { return e.failure }

// ChildWorkflowExecutionErrorOptions configure
// [NewChildWorkflowExecutionError]. The runtime fills them from the child's
// history events.
type ChildWorkflowExecutionErrorOptions struct {
	// Namespace is the child's namespace.
	Namespace string
	// WorkflowID is the child's workflow ID.
	WorkflowID string
	// RunID is the child's run ID.
	RunID string
	// WorkflowType is the child's registered workflow name.
	WorkflowType string
	// InitiatedEventID is the ID of the StartChildWorkflowExecutionInitiated
	// event.
	InitiatedEventID int64
	// StartedEventID is the ID of the ChildWorkflowExecutionStarted event.
	StartedEventID int64
	// RetryState says why the server stopped retrying the child.
	RetryState enumspb.RetryState
	// Cause is the child's own failure.
	Cause error
}

// ChildWorkflowExecutionError is what a workflow receives when a child
// workflow failed, timed out, was canceled or was terminated. It describes
// the child; [errors.As] or Unwrap reach the error behind it.
type ChildWorkflowExecutionError struct {
	namespace        string
	workflowID       string
	runID            string
	workflowType     string
	initiatedEventID int64
	startedEventID   int64
	retryState       enumspb.RetryState
	cause            error
	failure          *failurepb.Failure
}

// NewChildWorkflowExecutionError returns a [*ChildWorkflowExecutionError]
// described by opts.
func NewChildWorkflowExecutionError(opts ChildWorkflowExecutionErrorOptions) *ChildWorkflowExecutionError {
	return &ChildWorkflowExecutionError{
		namespace:        opts.Namespace,
		workflowID:       opts.WorkflowID,
		runID:            opts.RunID,
		workflowType:     opts.WorkflowType,
		initiatedEventID: opts.InitiatedEventID,
		startedEventID:   opts.StartedEventID,
		retryState:       opts.RetryState,
		cause:            opts.Cause,
	}
}

// Error describes the child, then its cause.
func (e *ChildWorkflowExecutionError) Error() string {
	return withCause(fmt.Sprintf("child workflow execution error (type: %s, workflowID: %s, runID: %s, initiatedEventID: %d, startedEventID: %d)",
		e.workflowType, e.workflowID, e.runID, e.initiatedEventID, e.startedEventID), e.cause)
}

// Namespace returns the child's namespace.
func (e *ChildWorkflowExecutionError) Namespace() string { return e.namespace }

// WorkflowID returns the child's workflow ID.
func (e *ChildWorkflowExecutionError) WorkflowID() string { return e.workflowID }

// RunID returns the child's run ID.
func (e *ChildWorkflowExecutionError) RunID() string { return e.runID }

// WorkflowType returns the child's registered workflow name.
func (e *ChildWorkflowExecutionError) WorkflowType() string { return e.workflowType }

// InitiatedEventID returns the ID of the StartChildWorkflowExecutionInitiated
// event.
func (e *ChildWorkflowExecutionError) InitiatedEventID() int64 { return e.initiatedEventID }

// StartedEventID returns the ID of the ChildWorkflowExecutionStarted event.
func (e *ChildWorkflowExecutionError) StartedEventID() int64 { return e.startedEventID }

// RetryState returns why the server stopped retrying the child.
func (e *ChildWorkflowExecutionError) RetryState() enumspb.RetryState { return e.retryState }

// Unwrap returns the child's own failure.
func (e *ChildWorkflowExecutionError) Unwrap() error { return e.cause }

// Failure returns the failure the error was decoded from, or nil if it was
// built in Go. Callers must not modify it.
func (e *ChildWorkflowExecutionError) Failure() *failurepb.Failure { return e.failure }

// WorkflowExecutionError is what a client receives when it waits for a
// workflow that did not complete: it names the workflow, and [errors.As] or
// Unwrap reach why it failed, an [*ApplicationError], [*CanceledError],
// [*TimeoutError] or [*TerminatedError].
//
// It has no failure form of its own: sent on, as when a workflow returns the
// error of a workflow it waited for, it travels as an application failure of
// type "WorkflowExecutionError", as in the official Go SDK.
type WorkflowExecutionError struct {
	workflowID   string
	runID        string
	workflowType string
	cause        error
}

// NewWorkflowExecutionError returns a [*WorkflowExecutionError].
func NewWorkflowExecutionError(workflowID, runID, workflowType string, cause error) *WorkflowExecutionError {
	return &WorkflowExecutionError{workflowID: workflowID, runID: runID, workflowType: workflowType, cause: cause}
}

// Error names the workflow, then the cause.
func (e *WorkflowExecutionError) Error() string {
	return withCause(fmt.Sprintf("workflow execution error (type: %s, workflowID: %s, runID: %s)",
		e.workflowType, e.workflowID, e.runID), e.cause)
}

// WorkflowID returns the workflow's ID.
func (e *WorkflowExecutionError) WorkflowID() string { return e.workflowID }

// RunID returns the ID of the run that failed.
func (e *WorkflowExecutionError) RunID() string { return e.runID }

// WorkflowType returns the workflow's registered name.
func (e *WorkflowExecutionError) WorkflowType() string { return e.workflowType }

// Unwrap returns why the workflow failed.
func (e *WorkflowExecutionError) Unwrap() error { return e.cause }

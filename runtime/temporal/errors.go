package temporal

import (
	"errors"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

// CanceledErrorOptions configure [NewCanceledErrorWithOptions].
type CanceledErrorOptions struct {
	// Message is the error message. Empty means "canceled".
	Message string
	// Details are values the receiver can decode with
	// [CanceledError.Details]. A single [Values] is sent as it is.
	Details []any
	// Cause is the error behind the cancellation.
	Cause error
}

// CanceledError reports that an activity, a child workflow or a workflow was
// canceled. An activity or workflow that honours a cancellation request
// returns one, with optional details, to say it stopped as asked.
type CanceledError struct {
	message string
	details Values
	cause   error
	failure *failurepb.Failure
}

// NewCanceledError returns a [*CanceledError] with optional details.
func NewCanceledError(details ...any) error {
	return NewCanceledErrorWithOptions(CanceledErrorOptions{Details: details})
}

// NewCanceledErrorWithOptions returns a [*CanceledError] configured by opts.
func NewCanceledErrorWithOptions(opts CanceledErrorOptions) error {
	msg := opts.Message
	if msg == "" {
		msg = "canceled"
	}
	return &CanceledError{message: msg, details: valuesOf(opts.Details), cause: opts.Cause}
}

// Error returns the message alone, as the official SDKs do (the text can
// reach the wire when the error is wrapped); the cause is reachable with
// errors.Unwrap.
func (e *CanceledError) Error() string { return e.message }

// Message returns the message alone.
func (e *CanceledError) Message() string { return e.message }

// HasDetails reports whether the error carries details.
func (e *CanceledError) HasDetails() bool { return e.details.HasValues() }

// Details decodes the error's details into valuePtrs, in order. It returns
// [ErrNoData] if there are none.
func (e *CanceledError) Details(valuePtrs ...any) error { return e.details.Get(valuePtrs...) }

// EncodeDetails returns the error's details as payloads written by dc, for
// the places Temporal carries a cancellation's details outside a failure: a
// canceled workflow's close command and a canceled activity's response. Those
// go through the data converter and its codecs, as in the official Go SDK;
// details inside a failure are the [FailureConverter]'s. Details received
// from the wire come back as they came. A nil dc means [converter.Default].
func (e *CanceledError) EncodeDetails(dc converter.DataConverter) (*commonpb.Payloads, error) {
	if dc == nil {
		dc = converter.Default()
	}
	return e.details.encode(dc)
}

// Unwrap returns the cause.
func (e *CanceledError) Unwrap() error { return e.cause }

// Failure returns the failure the error was decoded from, or nil if it was
// built in Go. Callers must not modify it.
func (e *CanceledError) Failure() *failurepb.Failure { return e.failure }

// IsCanceledError reports whether err or an error it wraps is a
// [*CanceledError].
func IsCanceledError(err error) bool {
	var target *CanceledError
	return errors.As(err, &target)
}

// TimeoutError reports that an activity, a child workflow or a workflow ran
// out of time. TimeoutType says which timeout fired; a heartbeat timeout
// carries the details of the last heartbeat, so a retry can resume from
// there.
type TimeoutError struct {
	message              string
	timeoutType          enumspb.TimeoutType
	lastHeartbeatDetails Values
	cause                error
	failure              *failurepb.Failure
}

// NewTimeoutError returns a [*TimeoutError]. The runtime builds these from
// server events; application code needs them mostly in tests.
func NewTimeoutError(message string, timeoutType enumspb.TimeoutType, cause error, lastHeartbeatDetails ...any) error {
	return &TimeoutError{message: message, timeoutType: timeoutType, lastHeartbeatDetails: valuesOf(lastHeartbeatDetails), cause: cause}
}

// NewHeartbeatTimeoutError returns a heartbeat [*TimeoutError] carrying the
// details of the last heartbeat.
func NewHeartbeatTimeoutError(lastHeartbeatDetails ...any) error {
	return NewTimeoutError("heartbeat timeout", enumspb.TIMEOUT_TYPE_HEARTBEAT, nil, lastHeartbeatDetails...)
}

// Error returns the message and the timeout type, then the cause if any.
func (e *TimeoutError) Error() string {
	return withCause(fmt.Sprintf("%s (type: %s)", e.message, e.timeoutType), e.cause)
}

// Message returns the message alone.
func (e *TimeoutError) Message() string { return e.message }

// TimeoutType returns the timeout that fired.
func (e *TimeoutError) TimeoutType() enumspb.TimeoutType { return e.timeoutType }

// HasLastHeartbeatDetails reports whether the error carries the details of a
// last heartbeat.
func (e *TimeoutError) HasLastHeartbeatDetails() bool { return e.lastHeartbeatDetails.HasValues() }

// LastHeartbeatDetails decodes the last heartbeat's details into valuePtrs, in
// order. It returns [ErrNoData] if there are none.
func (e *TimeoutError) LastHeartbeatDetails(valuePtrs ...any) error {
	return e.lastHeartbeatDetails.Get(valuePtrs...)
}

// Unwrap returns the cause: for an activity, often the error of its last
// attempt.
func (e *TimeoutError) Unwrap() error { return e.cause }

// Failure returns the failure the error was decoded from, or nil if it was
// built in Go. Callers must not modify it.
func (e *TimeoutError) Failure() *failurepb.Failure { return e.failure }

// IsTimeoutError reports whether err or an error it wraps is a
// [*TimeoutError].
func IsTimeoutError(err error) bool {
	var target *TimeoutError
	return errors.As(err, &target)
}

// TerminatedError reports that a workflow was terminated: stopped by an
// operator or a client, without a chance to clean up.
type TerminatedError struct {
	message string
	cause   error
	failure *failurepb.Failure
}

// NewTerminatedError returns a [*TerminatedError].
func NewTerminatedError() error { return &TerminatedError{message: "terminated"} }

// Error returns the message, "terminated" unless the failure it was decoded
// from said otherwise.
func (e *TerminatedError) Error() string { return withCause(e.message, e.cause) }

// Unwrap returns the cause, which only a decoded failure can have.
func (e *TerminatedError) Unwrap() error { return e.cause }

// Failure returns the failure the error was decoded from, or nil if it was
// built in Go. Callers must not modify it.
func (e *TerminatedError) Failure() *failurepb.Failure { return e.failure }

// IsTerminatedError reports whether err or an error it wraps is a
// [*TerminatedError].
func IsTerminatedError(err error) bool {
	var target *TerminatedError
	return errors.As(err, &target)
}

// PanicError reports a panic in an activity, or in a workflow whose panics
// fail it. It crosses the wire as an application failure of type
// "PanicError", retryable, with the panic's stack trace.
type PanicError struct {
	value      string
	stackTrace string
	cause      error
	failure    *failurepb.Failure
}

// NewPanicError returns a [*PanicError] for a recovered panic value, kept as
// its %v text, and the stack trace where it happened, as runtime/debug.Stack
// gives it.
func NewPanicError(value any, stackTrace string) error {
	return &PanicError{value: fmt.Sprintf("%v", value), stackTrace: stackTrace}
}

// Error returns the panic value.
func (e *PanicError) Error() string { return withCause(e.value, e.cause) }

// Value returns the panic value as text.
func (e *PanicError) Value() string { return e.value }

// StackTrace returns the stack trace of the panic.
func (e *PanicError) StackTrace() string { return e.stackTrace }

// Unwrap returns the cause, which only a decoded failure can have.
func (e *PanicError) Unwrap() error { return e.cause }

// Failure returns the failure the error was decoded from, or nil if it was
// built in Go. Callers must not modify it.
func (e *PanicError) Failure() *failurepb.Failure { return e.failure }

// IsPanicError reports whether err or an error it wraps is a [*PanicError].
func IsPanicError(err error) bool {
	var target *PanicError
	return errors.As(err, &target)
}

// ServerError is a failure that originated in the Temporal server rather
// than in application code.
type ServerError struct {
	message      string
	nonRetryable bool
	cause        error
	failure      *failurepb.Failure
}

// NewServerError returns a [*ServerError].
func NewServerError(message string, nonRetryable bool, cause error) error {
	return &ServerError{message: message, nonRetryable: nonRetryable, cause: cause}
}

// Error returns the message, then the cause if any.
func (e *ServerError) Error() string { return withCause(e.message, e.cause) }

// Message returns the message alone.
func (e *ServerError) Message() string { return e.message }

// NonRetryable reports whether the server marked the failure as not worth
// retrying.
func (e *ServerError) NonRetryable() bool { return e.nonRetryable }

// Unwrap returns the cause.
func (e *ServerError) Unwrap() error { return e.cause }

// Failure returns the failure the error was decoded from, or nil if it was
// built in Go. Callers must not modify it.
func (e *ServerError) Failure() *failurepb.Failure { return e.failure }

func withCause(msg string, cause error) string {
	if cause == nil {
		return msg
	}
	return fmt.Sprintf("%s: %v", msg, cause)
}

// ChildWorkflowExecutionAlreadyStartedError is why a child workflow did not
// start: a workflow with its ID is already running, started by the server
// (the cause of a *ChildWorkflowExecutionError) or by this very run (the
// error itself, with no command sent), as in the official SDK. Give the
// child another ID, or let the reuse and conflict policies decide.
type ChildWorkflowExecutionAlreadyStartedError struct{}

func (*ChildWorkflowExecutionAlreadyStartedError) Error() string {
	return "child workflow execution already started"
}

// UnknownExternalWorkflowExecutionError is why a signal or cancel request
// to another workflow failed: no workflow with that ID (and run ID, if
// given) exists, or it has closed. The official SDK fails both with the
// same type and message.
type UnknownExternalWorkflowExecutionError struct{}

func (*UnknownExternalWorkflowExecutionError) Error() string {
	return "unknown external workflow execution"
}

// NamespaceNotFoundError is why a signal or cancel request to a workflow of
// another namespace failed: the namespace does not exist.
type NamespaceNotFoundError struct{}

func (*NamespaceNotFoundError) Error() string {
	return "namespace not found"
}

package temporal

import (
	"errors"
	"fmt"
	"reflect"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

// FailureConverter turns errors into Temporal failures and back. The client
// and worker use one for every error that crosses the wire; implementations
// must be safe for concurrent use. [NewDefaultFailureConverter] returns the
// standard one.
type FailureConverter interface {
	// ErrorToFailure converts err to a failure; nil gives nil.
	ErrorToFailure(err error) *failurepb.Failure
	// FailureToError converts a failure to an error; nil gives nil.
	FailureToError(failure *failurepb.Failure) error
}

// DefaultFailureConverterOptions configure [NewDefaultFailureConverter].
type DefaultFailureConverterOptions struct {
	// DataConverter encodes and decodes error details and, with
	// EncodeCommonAttributes, messages and stack traces. Nil means
	// [converter.Default], which is what the client and worker use unless
	// told otherwise, as in the official Go SDK: error details then skip the
	// codecs of the client's data converter, and an official client on its
	// defaults reads them. To send them through the codecs (to encrypt them,
	// say), set the client's data converter here and give the result to
	// every client, worker and replayer that reads those failures, as
	// official SDK users do with its option of the same name.
	DataConverter converter.DataConverter
	// EncodeCommonAttributes moves each failure's message and stack trace
	// into its encoded attributes, a payload written by DataConverter, so a
	// codec can encrypt them. The message left in clear is "Encoded failure".
	EncodeCommonAttributes bool
}

// DefaultFailureConverter is the standard [FailureConverter]. It writes the
// failures the official Go SDK writes, so Temporal's UI, CLI and other SDKs
// read its errors alike, and reads the failures of every SDK. Its zero value
// uses [converter.Default] and leaves messages in clear.
type DefaultFailureConverter struct {
	dataConverter          converter.DataConverter
	encodeCommonAttributes bool
}

// NewDefaultFailureConverter returns the standard [FailureConverter]
// configured by opts.
func NewDefaultFailureConverter(opts DefaultFailureConverterOptions) *DefaultFailureConverter {
	dc := opts.DataConverter
	if dc == nil {
		dc = converter.Default()
	}
	return &DefaultFailureConverter{dataConverter: dc, encodeCommonAttributes: opts.EncodeCommonAttributes}
}

const (
	// failureSource is what the official Go SDK writes in Failure.source;
	// some SDKs read it to decide how to rebuild a stack trace.
	failureSource = "GoSDK"
	// panicErrorType is the application failure type of a [PanicError].
	panicErrorType = "PanicError"
	// maxCauseDepth bounds cause chains in both directions, so a cyclic
	// Unwrap or a corrupt history cannot exhaust the stack.
	maxCauseDepth = 100
)

// dc returns the data converter, the default one for a zero-value
// DefaultFailureConverter.
func (c *DefaultFailureConverter) dc() converter.DataConverter {
	if c.dataConverter == nil {
		return converter.Default()
	}
	return c.dataConverter
}

// ErrorToFailure converts err, with its chain of causes as errors.Unwrap
// walks it, to a failure:
//
//   - [*ApplicationError], [*CanceledError], [*TimeoutError],
//     [*TerminatedError], [*ServerError], [*ActivityError] and
//     [*ChildWorkflowExecutionError] map to their own failure infos;
//   - [*PanicError] becomes a retryable application failure of type
//     "PanicError" carrying the panic's stack trace;
//   - any other error becomes a retryable application failure whose type is
//     the error's Go type name, without package or pointer ("" for errors.New
//     and fmt.Errorf without %w, "wrapError" for fmt.Errorf with one %w).
//
// An error decoded by [DefaultFailureConverter.FailureToError] is sent as the
// failure it came from, unchanged. Details that cannot be encoded are
// dropped and the message says so; the error itself is never lost.
func (c *DefaultFailureConverter) ErrorToFailure(err error) *failurepb.Failure {
	return c.errorToFailure(err, 0)
}

func (c *DefaultFailureConverter) errorToFailure(err error, depth int) *failurepb.Failure {
	if err == nil {
		return nil
	}
	if held := heldFailure(err); held != nil {
		return proto.Clone(held).(*failurepb.Failure)
	}
	f := &failurepb.Failure{Source: failureSource}
	if depth >= maxCauseDepth {
		f.Message = fmt.Sprintf("cause chain truncated: more than %d nested errors", maxCauseDepth)
		f.FailureInfo = &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{}}
		c.finish(f)
		return f
	}
	if isNilPointer(err) {
		// A typed nil: its methods may dereference it, so describe it
		// without calling them.
		f.Message = "<nil>"
		f.FailureInfo = &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: errorTypeName(err)}}
		c.finish(f)
		return f
	}

	dc := c.dc()
	var detailsErr error
	switch e := err.(type) {
	case *ApplicationError:
		f.Message = e.message
		details, derr := e.details.encode(dc)
		detailsErr = derr
		var delay *durationpb.Duration
		if e.nextRetryDelay != 0 {
			delay = durationpb.New(e.nextRetryDelay)
		}
		f.FailureInfo = &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{
			Type:           e.errType,
			NonRetryable:   e.nonRetryable,
			Details:        details,
			NextRetryDelay: delay,
			Category:       enumspb.ApplicationErrorCategory(e.category),
		}}
	case *CanceledError:
		f.Message = e.message
		details, derr := e.details.encode(dc)
		detailsErr = derr
		f.FailureInfo = &failurepb.Failure_CanceledFailureInfo{CanceledFailureInfo: &failurepb.CanceledFailureInfo{Details: details}}
	case *TimeoutError:
		f.Message = e.message
		details, derr := e.lastHeartbeatDetails.encode(dc)
		detailsErr = derr
		f.FailureInfo = &failurepb.Failure_TimeoutFailureInfo{TimeoutFailureInfo: &failurepb.TimeoutFailureInfo{
			TimeoutType:          e.timeoutType,
			LastHeartbeatDetails: details,
		}}
	case *TerminatedError:
		f.Message = e.message
		f.FailureInfo = &failurepb.Failure_TerminatedFailureInfo{TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{}}
	case *PanicError:
		f.Message = e.value
		f.StackTrace = e.stackTrace
		f.FailureInfo = &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: panicErrorType}}
	case *ServerError:
		f.Message = e.message
		f.FailureInfo = &failurepb.Failure_ServerFailureInfo{ServerFailureInfo: &failurepb.ServerFailureInfo{NonRetryable: e.nonRetryable}}
	case *ActivityError:
		f.Message = "activity error"
		f.FailureInfo = &failurepb.Failure_ActivityFailureInfo{ActivityFailureInfo: &failurepb.ActivityFailureInfo{
			ScheduledEventId: e.scheduledEventID,
			StartedEventId:   e.startedEventID,
			Identity:         e.identity,
			ActivityType:     &commonpb.ActivityType{Name: e.activityType},
			ActivityId:       e.activityID,
			RetryState:       e.retryState,
		}}
	case *ChildWorkflowExecutionError:
		f.Message = "child workflow execution error"
		f.FailureInfo = &failurepb.Failure_ChildWorkflowExecutionFailureInfo{ChildWorkflowExecutionFailureInfo: &failurepb.ChildWorkflowExecutionFailureInfo{
			Namespace:         e.namespace,
			WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: e.workflowID, RunId: e.runID},
			WorkflowType:      &commonpb.WorkflowType{Name: e.workflowType},
			InitiatedEventId:  e.initiatedEventID,
			StartedEventId:    e.startedEventID,
			RetryState:        e.retryState,
		}}
	default:
		// Every other error, including a WorkflowExecutionError and errors
		// that wrap ours, is a retryable application failure named after
		// its Go type; what it wraps follows as the cause.
		f.Message = errorMessage(err)
		f.FailureInfo = &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: errorTypeName(err)}}
	}
	if detailsErr != nil {
		f.Message = fmt.Sprintf("%s (details could not be encoded: %v)", f.Message, detailsErr)
	}
	f.Cause = c.errorToFailure(errors.Unwrap(err), depth+1)
	c.finish(f)
	return f
}

// finish applies the options that apply to every failure written.
func (c *DefaultFailureConverter) finish(f *failurepb.Failure) {
	if c.encodeCommonAttributes {
		encodeCommonAttributes(c.dc(), f)
	}
}

// FailureToError converts a failure, with its chain of causes, to the typed
// error its failure info calls for: [*ApplicationError], [*CanceledError],
// [*TimeoutError], [*TerminatedError], [*ServerError], [*ActivityError],
// [*ChildWorkflowExecutionError], or [*PanicError] for an application failure
// of type "PanicError". A reset-workflow failure becomes a non-retryable
// ApplicationError carrying the last heartbeat details; a failure without a
// known info (none, or a Nexus one) becomes a retryable ApplicationError.
//
// Details stay encoded until asked for. Encoded attributes are decoded back
// into message and stack trace; if they cannot be, the message says why and
// the rest of the failure is still converted. Each error keeps a copy of the
// failure it came from, returned by its Failure method and sent unchanged by
// ErrorToFailure. FailureToError never modifies failure.
func (c *DefaultFailureConverter) FailureToError(failure *failurepb.Failure) error {
	if failure == nil {
		return nil
	}
	return c.failureToError(proto.Clone(failure).(*failurepb.Failure), 0)
}

// failureToError converts f, which it owns: the errors it builds keep
// subtrees of f.
func (c *DefaultFailureConverter) failureToError(f *failurepb.Failure, depth int) error {
	if f == nil {
		return nil
	}
	if depth >= maxCauseDepth {
		return &ApplicationError{
			message: fmt.Sprintf("cause chain truncated: more than %d nested failures", maxCauseDepth),
			failure: f,
		}
	}
	dc := c.dc()
	message, stackTrace := decodeCommonAttributes(dc, f)
	cause := c.failureToError(f.GetCause(), depth+1)

	if info := f.GetApplicationFailureInfo(); info != nil {
		if info.GetType() == panicErrorType {
			return &PanicError{value: message, stackTrace: stackTrace, cause: cause, failure: f}
		}
		return &ApplicationError{
			message:        message,
			errType:        info.GetType(),
			nonRetryable:   info.GetNonRetryable(),
			cause:          cause,
			details:        NewEncodedValues(info.GetDetails(), dc),
			nextRetryDelay: info.GetNextRetryDelay().AsDuration(), // zero when absent
			category:       ApplicationErrorCategory(info.GetCategory()),
			failure:        f,
		}
	}
	if info := f.GetCanceledFailureInfo(); info != nil {
		return &CanceledError{message: message, details: NewEncodedValues(info.GetDetails(), dc), cause: cause, failure: f}
	}
	if info := f.GetTimeoutFailureInfo(); info != nil {
		return &TimeoutError{
			message:              message,
			timeoutType:          info.GetTimeoutType(),
			lastHeartbeatDetails: NewEncodedValues(info.GetLastHeartbeatDetails(), dc),
			cause:                cause,
			failure:              f,
		}
	}
	if f.GetTerminatedFailureInfo() != nil {
		if message == "" {
			message = "terminated"
		}
		return &TerminatedError{message: message, cause: cause, failure: f}
	}
	if info := f.GetServerFailureInfo(); info != nil {
		return &ServerError{message: message, nonRetryable: info.GetNonRetryable(), cause: cause, failure: f}
	}
	if info := f.GetResetWorkflowFailureInfo(); info != nil {
		// The official Go SDK reads a reset as a non-retryable application
		// error holding the last heartbeat details.
		return &ApplicationError{
			message:      message,
			nonRetryable: true,
			cause:        cause,
			details:      NewEncodedValues(info.GetLastHeartbeatDetails(), dc),
			failure:      f,
		}
	}
	if info := f.GetActivityFailureInfo(); info != nil {
		return &ActivityError{
			scheduledEventID: info.GetScheduledEventId(),
			startedEventID:   info.GetStartedEventId(),
			identity:         info.GetIdentity(),
			activityType:     info.GetActivityType().GetName(),
			activityID:       info.GetActivityId(),
			retryState:       info.GetRetryState(),
			cause:            cause,
			failure:          f,
		}
	}
	if info := f.GetChildWorkflowExecutionFailureInfo(); info != nil {
		return &ChildWorkflowExecutionError{
			namespace:        info.GetNamespace(),
			workflowID:       info.GetWorkflowExecution().GetWorkflowId(),
			runID:            info.GetWorkflowExecution().GetRunId(),
			workflowType:     info.GetWorkflowType().GetName(),
			initiatedEventID: info.GetInitiatedEventId(),
			startedEventID:   info.GetStartedEventId(),
			retryState:       info.GetRetryState(),
			cause:            cause,
			failure:          f,
		}
	}
	// No info, or one this package has no type for (Nexus): a retryable
	// application error that still re-sends the failure as it came.
	return &ApplicationError{message: message, cause: cause, failure: f}
}

// heldFailure returns the failure err was decoded from, if err is one of ours
// and was decoded. Only err itself counts, not what it wraps: a wrapper adds
// its own failure around the held one.
func heldFailure(err error) *failurepb.Failure {
	if isNilPointer(err) {
		return nil
	}
	switch e := err.(type) {
	case *ApplicationError:
		return e.failure
	case *CanceledError:
		return e.failure
	case *TimeoutError:
		return e.failure
	case *TerminatedError:
		return e.failure
	case *PanicError:
		return e.failure
	case *ServerError:
		return e.failure
	case *ActivityError:
		return e.failure
	case *ChildWorkflowExecutionError:
		return e.failure
	}
	return nil
}

// errorTypeName names a Go error the way the official Go SDK does: the type
// name without package or pointers, and "" for the unexported type behind
// errors.New, which says nothing about the error.
func errorTypeName(err error) string {
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Name() == "errorString" {
		return ""
	}
	return t.Name()
}

// errorMessage returns err.Error(), or a description if Error panics: a
// broken error type must not take the worker down with it.
func errorMessage(err error) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("%T: Error method panicked: %v", err, r)
		}
	}()
	return err.Error()
}

func isNilPointer(err error) bool {
	v := reflect.ValueOf(err)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

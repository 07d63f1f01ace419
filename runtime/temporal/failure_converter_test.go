package temporal_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// coolError is a user-defined error type: its name becomes the failure type.
type coolError struct{}

func (coolError) Error() string { return "cool error" }

// jsonPayload is a json/plain payload as the official Go SDK writes it.
func jsonPayload(data string) *commonpb.Payload {
	return &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(data)}
}

func jsonPayloads(data ...string) *commonpb.Payloads {
	ps := &commonpb.Payloads{}
	for _, d := range data {
		ps.Payloads = append(ps.Payloads, jsonPayload(d))
	}
	return ps
}

func appInfo(info *failurepb.ApplicationFailureInfo) *failurepb.Failure_ApplicationFailureInfo {
	return &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: info}
}

// plainFailure is what the official Go SDK writes for an error it has no
// mapping for.
func plainFailure(message, goType string, cause *failurepb.Failure) *failurepb.Failure {
	return &failurepb.Failure{
		Message:     message,
		Source:      "GoSDK",
		FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{Type: goType}),
		Cause:       cause,
	}
}

func newConverter() *temporal.DefaultFailureConverter {
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{})
}

func diffFailure(want, got *failurepb.Failure) string {
	return cmp.Diff(want, got, protocmp.Transform())
}

// TestErrorToFailureWritesWhatTheGoSDKWrites pins the failure written for
// each kind of error to the shape go.temporal.io/sdk v1.51.0 writes
// (internal/failure_converter.go), field by field, payload bytes included.
func TestErrorToFailureWritesWhatTheGoSDKWrites(t *testing.T) {
	appErr := temporal.NewApplicationError("out of stock", "OutOfStock", "sku-1")
	for _, tc := range []struct {
		name string
		err  error
		want *failurepb.Failure
	}{
		{
			name: "errors.New has an empty type and is retryable",
			err:  errors.New("boom"),
			want: plainFailure("boom", "", nil),
		},
		{
			name: "fmt.Errorf without %w is an errors.New",
			err:  fmt.Errorf("boom %d", 7),
			want: plainFailure("boom 7", "", nil),
		},
		{
			name: "a struct error is named after its type",
			err:  coolError{},
			want: plainFailure("cool error", "coolError", nil),
		},
		{
			name: "a pointer error is named after its element type",
			err:  &coolError{},
			want: plainFailure("cool error", "coolError", nil),
		},
		{
			name: "fmt.Errorf with %w is a wrapError with the wrapped error as cause",
			err:  fmt.Errorf("charging card: %w", errors.New("declined")),
			want: plainFailure("charging card: declined", "wrapError", plainFailure("declined", "", nil)),
		},
		{
			name: "a wrapped ApplicationError becomes the cause of the wrapper",
			err:  fmt.Errorf("step 2: %w", appErr),
			want: plainFailure("step 2: out of stock (type: OutOfStock, retryable: true)", "wrapError", &failurepb.Failure{
				Message:     "out of stock",
				Source:      "GoSDK",
				FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{Type: "OutOfStock", Details: jsonPayloads(`"sku-1"`)}),
			}),
		},
		{
			name: "errors.Join has no single cause",
			err:  errors.Join(errors.New("a"), errors.New("b")),
			want: plainFailure("a\nb", "joinError", nil),
		},
		{
			name: "fmt.Errorf with two %w has no single cause",
			err:  fmt.Errorf("%w and %w", errors.New("a"), errors.New("b")),
			want: plainFailure("a and b", "wrapErrors", nil),
		},
		{
			name: "ApplicationError with details",
			err:  temporal.NewApplicationError("message", "customType", "details", 2208),
			want: &failurepb.Failure{
				Message: "message",
				Source:  "GoSDK",
				FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{
					Type:    "customType",
					Details: jsonPayloads(`"details"`, `2208`),
				}),
			},
		},
		{
			name: "non-retryable ApplicationError with a cause",
			err:  temporal.NewNonRetryableApplicationError("message", "customType", errors.New("cause error")),
			want: &failurepb.Failure{
				Message:     "message",
				Source:      "GoSDK",
				FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{Type: "customType", NonRetryable: true}),
				Cause:       plainFailure("cause error", "", nil),
			},
		},
		{
			name: "ApplicationError with retry delay and category",
			err: temporal.NewApplicationErrorWithOptions("slow down", "RateLimited", temporal.ApplicationErrorOptions{
				NextRetryDelay: 3 * time.Second,
				Category:       temporal.ApplicationErrorCategoryBenign,
			}),
			want: &failurepb.Failure{
				Message: "slow down",
				Source:  "GoSDK",
				FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{
					Type:           "RateLimited",
					NextRetryDelay: durationpb.New(3 * time.Second),
					Category:       enumspb.APPLICATION_ERROR_CATEGORY_BENIGN,
				}),
			},
		},
		{
			name: "CanceledError",
			err:  temporal.NewCanceledError("cleanup done"),
			want: &failurepb.Failure{
				Message: "canceled",
				Source:  "GoSDK",
				FailureInfo: &failurepb.Failure_CanceledFailureInfo{CanceledFailureInfo: &failurepb.CanceledFailureInfo{
					Details: jsonPayloads(`"cleanup done"`),
				}},
			},
		},
		{
			name: "CanceledError with message and cause",
			err:  temporal.NewCanceledErrorWithOptions(temporal.CanceledErrorOptions{Message: "stopped by user", Cause: errors.New("ctx done")}),
			want: &failurepb.Failure{
				Message:     "stopped by user",
				Source:      "GoSDK",
				FailureInfo: &failurepb.Failure_CanceledFailureInfo{CanceledFailureInfo: &failurepb.CanceledFailureInfo{}},
				Cause:       plainFailure("ctx done", "", nil),
			},
		},
		{
			name: "TimeoutError with a cause",
			err:  temporal.NewTimeoutError("timeout", enumspb.TIMEOUT_TYPE_HEARTBEAT, &coolError{}),
			want: &failurepb.Failure{
				Message: "timeout",
				Source:  "GoSDK",
				FailureInfo: &failurepb.Failure_TimeoutFailureInfo{TimeoutFailureInfo: &failurepb.TimeoutFailureInfo{
					TimeoutType: enumspb.TIMEOUT_TYPE_HEARTBEAT,
				}},
				Cause: plainFailure("cool error", "coolError", nil),
			},
		},
		{
			name: "heartbeat TimeoutError with heartbeat details",
			err:  temporal.NewHeartbeatTimeoutError(41),
			want: &failurepb.Failure{
				Message: "heartbeat timeout",
				Source:  "GoSDK",
				FailureInfo: &failurepb.Failure_TimeoutFailureInfo{TimeoutFailureInfo: &failurepb.TimeoutFailureInfo{
					TimeoutType:          enumspb.TIMEOUT_TYPE_HEARTBEAT,
					LastHeartbeatDetails: jsonPayloads(`41`),
				}},
			},
		},
		{
			name: "TerminatedError",
			err:  temporal.NewTerminatedError(),
			want: &failurepb.Failure{
				Message:     "terminated",
				Source:      "GoSDK",
				FailureInfo: &failurepb.Failure_TerminatedFailureInfo{TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{}},
			},
		},
		{
			name: "PanicError is a retryable application failure with the stack trace",
			err:  temporal.NewPanicError("panic message", "long call stack"),
			want: &failurepb.Failure{
				Message:     "panic message",
				Source:      "GoSDK",
				StackTrace:  "long call stack",
				FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{Type: "PanicError"}),
			},
		},
		{
			name: "ServerError",
			err:  temporal.NewServerError("message", true, &coolError{}),
			want: &failurepb.Failure{
				Message:     "message",
				Source:      "GoSDK",
				FailureInfo: &failurepb.Failure_ServerFailureInfo{ServerFailureInfo: &failurepb.ServerFailureInfo{NonRetryable: true}},
				Cause:       plainFailure("cool error", "coolError", nil),
			},
		},
		{
			name: "ActivityError",
			err: temporal.NewActivityError(temporal.ActivityErrorOptions{
				ScheduledEventID: 5, StartedEventID: 6, Identity: "worker-1",
				ActivityType: "Charge", ActivityID: "7", RetryState: enumspb.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
				Cause: errors.New("card declined"),
			}),
			want: &failurepb.Failure{
				Message: "activity error",
				Source:  "GoSDK",
				FailureInfo: &failurepb.Failure_ActivityFailureInfo{ActivityFailureInfo: &failurepb.ActivityFailureInfo{
					ScheduledEventId: 5,
					StartedEventId:   6,
					Identity:         "worker-1",
					ActivityType:     &commonpb.ActivityType{Name: "Charge"},
					ActivityId:       "7",
					RetryState:       enumspb.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
				}},
				Cause: plainFailure("card declined", "", nil),
			},
		},
		{
			name: "ChildWorkflowExecutionError",
			err: temporal.NewChildWorkflowExecutionError(temporal.ChildWorkflowExecutionErrorOptions{
				Namespace: "default", WorkflowID: "child-1", RunID: "run-1", WorkflowType: "Ship",
				InitiatedEventID: 11, StartedEventID: 12, RetryState: enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE,
				Cause: temporal.NewNonRetryableApplicationError("no address", "BadAddress", nil),
			}),
			want: &failurepb.Failure{
				Message: "child workflow execution error",
				Source:  "GoSDK",
				FailureInfo: &failurepb.Failure_ChildWorkflowExecutionFailureInfo{ChildWorkflowExecutionFailureInfo: &failurepb.ChildWorkflowExecutionFailureInfo{
					Namespace:         "default",
					WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: "child-1", RunId: "run-1"},
					WorkflowType:      &commonpb.WorkflowType{Name: "Ship"},
					InitiatedEventId:  11,
					StartedEventId:    12,
					RetryState:        enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE,
				}},
				Cause: &failurepb.Failure{
					Message:     "no address",
					Source:      "GoSDK",
					FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{Type: "BadAddress", NonRetryable: true}),
				},
			},
		},
		{
			name: "WorkflowExecutionError is a plain error named after its type",
			err:  temporal.NewWorkflowExecutionError("wf-1", "run-1", "Order", errors.New("failed")),
			want: plainFailure("workflow execution error (type: Order, workflowID: wf-1, runID: run-1): failed",
				"WorkflowExecutionError", plainFailure("failed", "", nil)),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := newConverter().ErrorToFailure(tc.err)
			if d := diffFailure(tc.want, got); d != "" {
				t.Errorf("ErrorToFailure(%v) mismatch (-want +got):\n%s", tc.err, d)
			}
		})
	}
}

// TestFailureToErrorRebuildsEveryErrorType sends each error through
// ErrorToFailure and FailureToError and checks that the typed error comes
// back with the same fields, and that sending it again gives the same
// failure.
func TestFailureToErrorRebuildsEveryErrorType(t *testing.T) {
	fc := newConverter()
	for _, tc := range []struct {
		name  string
		err   error
		check func(t *testing.T, got error)
	}{
		{"ApplicationError", temporal.NewApplicationErrorWithOptions("out of stock", "OutOfStock", temporal.ApplicationErrorOptions{
			NonRetryable: true, Details: []any{"sku-1", 3}, NextRetryDelay: time.Minute, Category: temporal.ApplicationErrorCategoryBenign,
			Cause: errors.New("inventory empty"),
		}), func(t *testing.T, got error) {
			e := as[*temporal.ApplicationError](t, got)
			if e.Message() != "out of stock" || e.Type() != "OutOfStock" || !e.NonRetryable() ||
				e.NextRetryDelay() != time.Minute || e.Category() != temporal.ApplicationErrorCategoryBenign {
				t.Errorf("got %q %q %v %v %v", e.Message(), e.Type(), e.NonRetryable(), e.NextRetryDelay(), e.Category())
			}
			var sku string
			var qty int
			if err := e.Details(&sku, &qty); err != nil || sku != "sku-1" || qty != 3 {
				t.Errorf("Details = %q, %d, %v", sku, qty, err)
			}
			if c := as[*temporal.ApplicationError](t, e.Unwrap()); c.Message() != "inventory empty" || c.Type() != "" {
				t.Errorf("cause = %q type %q", c.Message(), c.Type())
			}
		}},
		{"plain Go error", &coolError{}, func(t *testing.T, got error) {
			e := as[*temporal.ApplicationError](t, got)
			if e.Type() != "coolError" || e.NonRetryable() || e.HasDetails() {
				t.Errorf("got type %q nonRetryable %v details %v", e.Type(), e.NonRetryable(), e.HasDetails())
			}
			if got.Error() != "cool error (type: coolError, retryable: true)" {
				t.Errorf("Error() = %q", got.Error())
			}
		}},
		{"CanceledError", temporal.NewCanceledErrorWithOptions(temporal.CanceledErrorOptions{Message: "stop", Details: []any{"why"}, Cause: errors.New("ctx")}), func(t *testing.T, got error) {
			e := as[*temporal.CanceledError](t, got)
			var why string
			if e.Message() != "stop" || !e.HasDetails() || e.Details(&why) != nil || why != "why" || e.Unwrap() == nil {
				t.Errorf("got %q %q %v", e.Message(), why, e.Unwrap())
			}
		}},
		{"TimeoutError", temporal.NewTimeoutError("activity timeout", enumspb.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, errors.New("last attempt"), 99), func(t *testing.T, got error) {
			e := as[*temporal.TimeoutError](t, got)
			var progress int
			if e.TimeoutType() != enumspb.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE || !e.HasLastHeartbeatDetails() ||
				e.LastHeartbeatDetails(&progress) != nil || progress != 99 || e.Message() != "activity timeout" {
				t.Errorf("got %v %v %d %q", e.TimeoutType(), e.HasLastHeartbeatDetails(), progress, e.Message())
			}
			if e.Unwrap() == nil || e.Unwrap().Error() != "last attempt" {
				t.Errorf("cause = %v", e.Unwrap())
			}
		}},
		{"TerminatedError", temporal.NewTerminatedError(), func(t *testing.T, got error) {
			as[*temporal.TerminatedError](t, got)
		}},
		{"PanicError", temporal.NewPanicError(errors.New("nil map"), "goroutine 1 [running]:\nmain.main()"), func(t *testing.T, got error) {
			e := as[*temporal.PanicError](t, got)
			if e.Value() != "nil map" || e.StackTrace() != "goroutine 1 [running]:\nmain.main()" {
				t.Errorf("got %q %q", e.Value(), e.StackTrace())
			}
		}},
		{"ServerError", temporal.NewServerError("server says no", true, nil), func(t *testing.T, got error) {
			e := as[*temporal.ServerError](t, got)
			if e.Message() != "server says no" || !e.NonRetryable() || e.Unwrap() != nil {
				t.Errorf("got %q %v %v", e.Message(), e.NonRetryable(), e.Unwrap())
			}
		}},
		{"ActivityError", temporal.NewActivityError(temporal.ActivityErrorOptions{
			ScheduledEventID: 5, StartedEventID: 6, Identity: "worker-1", ActivityType: "Charge", ActivityID: "7",
			RetryState: enumspb.RETRY_STATE_TIMEOUT, Cause: temporal.NewHeartbeatTimeoutError(),
		}), func(t *testing.T, got error) {
			e := as[*temporal.ActivityError](t, got)
			if e.ScheduledEventID() != 5 || e.StartedEventID() != 6 || e.Identity() != "worker-1" ||
				e.ActivityType() != "Charge" || e.ActivityID() != "7" || e.RetryState() != enumspb.RETRY_STATE_TIMEOUT {
				t.Errorf("got %v", e)
			}
			if !temporal.IsTimeoutError(e) {
				t.Error("the heartbeat timeout cause was lost")
			}
		}},
		{"ChildWorkflowExecutionError", temporal.NewChildWorkflowExecutionError(temporal.ChildWorkflowExecutionErrorOptions{
			Namespace: "ns", WorkflowID: "child-1", RunID: "run-1", WorkflowType: "Ship", InitiatedEventID: 11, StartedEventID: 12,
			RetryState: enumspb.RETRY_STATE_IN_PROGRESS, Cause: temporal.NewCanceledError(),
		}), func(t *testing.T, got error) {
			e := as[*temporal.ChildWorkflowExecutionError](t, got)
			if e.Namespace() != "ns" || e.WorkflowID() != "child-1" || e.RunID() != "run-1" || e.WorkflowType() != "Ship" ||
				e.InitiatedEventID() != 11 || e.StartedEventID() != 12 || e.RetryState() != enumspb.RETRY_STATE_IN_PROGRESS {
				t.Errorf("got %v", e)
			}
			if !temporal.IsCanceledError(e) {
				t.Error("the cancellation cause was lost")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fc.ErrorToFailure(tc.err)
			got := fc.FailureToError(f)
			tc.check(t, got)
			if got.Error() != tc.err.Error() && tc.name != "plain Go error" {
				t.Errorf("Error() = %q, want %q as before the trip", got.Error(), tc.err.Error())
			}
			if d := diffFailure(f, fc.ErrorToFailure(got)); d != "" {
				t.Errorf("sending the decoded error again changed the failure (-first +second):\n%s", d)
			}
			holder, ok := got.(interface{ Failure() *failurepb.Failure })
			if !ok {
				t.Fatalf("%T has no Failure method", got)
			}
			if d := diffFailure(f, holder.Failure()); d != "" {
				t.Errorf("Failure() is not the failure decoded (-want +got):\n%s", d)
			}
		})
	}
}

// as is errors.As that fails the test when no error matches.
func as[T error](t *testing.T, err error) T {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("%v (%T) holds no %T", err, err, target)
	}
	return target
}

func TestCauseChainThreeDeepSurvivesTheTrip(t *testing.T) {
	root := errors.New("connection refused")
	mid := temporal.NewApplicationErrorWithCause("charge failed", "ChargeFailed", root)
	top := temporal.NewActivityError(temporal.ActivityErrorOptions{ActivityType: "Charge", ScheduledEventID: 5, Cause: mid})

	fc := newConverter()
	f := fc.ErrorToFailure(top)
	if f.GetActivityFailureInfo() == nil || f.GetCause().GetApplicationFailureInfo().GetType() != "ChargeFailed" ||
		f.GetCause().GetCause().GetMessage() != "connection refused" || f.GetCause().GetCause().GetCause() != nil {
		t.Fatalf("failure chain is wrong: %v", f)
	}

	got := fc.FailureToError(f)
	activityErr := as[*temporal.ActivityError](t, got)
	appErr, ok := activityErr.Unwrap().(*temporal.ApplicationError)
	if !ok || appErr.Type() != "ChargeFailed" {
		t.Fatalf("level 2 = %T %v", activityErr.Unwrap(), activityErr.Unwrap())
	}
	rootErr, ok := appErr.Unwrap().(*temporal.ApplicationError)
	if !ok || rootErr.Message() != "connection refused" || rootErr.Unwrap() != nil {
		t.Fatalf("level 3 = %T %v", appErr.Unwrap(), appErr.Unwrap())
	}
	want := "activity error (type: Charge, scheduledEventID: 5, startedEventID: 0, identity: ): " +
		"charge failed (type: ChargeFailed, retryable: true): connection refused"
	if got.Error() != want {
		t.Errorf("Error() = %q\nwant       %q", got.Error(), want)
	}
	// Each level keeps its own part of the failure.
	if d := diffFailure(f.GetCause(), appErr.Failure()); d != "" {
		t.Errorf("level 2 Failure() mismatch:\n%s", d)
	}
}

func TestErrorsAsFindsApplicationErrorThroughWrapping(t *testing.T) {
	appErr := temporal.NewApplicationError("out of stock", "OutOfStock", "sku-1")
	wrapped := fmt.Errorf("reserving items: %w", fmt.Errorf("step 2: %w", appErr))

	// In process, errors.As reaches the original.
	if e := as[*temporal.ApplicationError](t, wrapped); e != appErr {
		t.Errorf("errors.As found %v, want the original", e)
	}
	if !errors.Is(wrapped, appErr) {
		t.Error("errors.Is does not find the original")
	}

	// Across the wire, each wrapper becomes an ApplicationError of type
	// "wrapError" (as the official Go SDK does), and the original sits at
	// the end of the chain with its type and details.
	got := newConverter().FailureToError(newConverter().ErrorToFailure(wrapped))
	var types []string
	var last *temporal.ApplicationError
	for e := got; e != nil; e = errors.Unwrap(e) {
		a, ok := e.(*temporal.ApplicationError)
		if !ok {
			t.Fatalf("%T in the chain", e)
		}
		types = append(types, a.Type())
		last = a
	}
	if d := cmp.Diff([]string{"wrapError", "wrapError", "OutOfStock"}, types); d != "" {
		t.Errorf("types along the chain (-want +got):\n%s", d)
	}
	var sku string
	if err := last.Details(&sku); err != nil || sku != "sku-1" {
		t.Errorf("Details = %q, %v", sku, err)
	}
	// And wrapping a decoded error in a workflow keeps errors.As working.
	if !temporal.IsApplicationError(fmt.Errorf("workflow: %w", got)) {
		t.Error("IsApplicationError is false through a wrapper")
	}
}

func TestNilConvertsToNil(t *testing.T) {
	fc := newConverter()
	if f := fc.ErrorToFailure(nil); f != nil {
		t.Errorf("ErrorToFailure(nil) = %v", f)
	}
	if err := fc.FailureToError(nil); err != nil {
		t.Errorf("FailureToError(nil) = %v", err)
	}
}

// TestFailureToErrorResendsTheOriginalFailure covers failures this package
// would not write itself: another SDK's source and stack trace, an info kind
// without a Go type (Nexus), encoded attributes and details in an encoding
// this process cannot read. Sending the decoded error again must give back
// exactly what came in.
func TestFailureToErrorResendsTheOriginalFailure(t *testing.T) {
	unknownPayload := &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("binary/encrypted")}, Data: []byte{1, 2, 3}}
	in := &failurepb.Failure{
		Message:    "from TypeScript",
		Source:     "TypeScriptSDK",
		StackTrace: "Error: from TypeScript\n    at activity (file.ts:1:1)",
		FailureInfo: &failurepb.Failure_ActivityFailureInfo{ActivityFailureInfo: &failurepb.ActivityFailureInfo{
			ScheduledEventId: 5, ActivityType: &commonpb.ActivityType{Name: "Charge"},
		}},
		Cause: &failurepb.Failure{
			Message:           "Encoded failure",
			EncodedAttributes: unknownPayload,
			FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{
				Type:    "Declined",
				Details: &commonpb.Payloads{Payloads: []*commonpb.Payload{unknownPayload}},
			}),
			Cause: &failurepb.Failure{
				Message: "nexus handler failed",
				FailureInfo: &failurepb.Failure_NexusHandlerFailureInfo{NexusHandlerFailureInfo: &failurepb.NexusHandlerFailureInfo{
					Type: "INTERNAL",
				}},
			},
		},
	}
	before := proto.Clone(in)
	fc := newConverter()
	err := fc.FailureToError(in)
	if !proto.Equal(before, in) {
		t.Error("FailureToError modified its input")
	}

	// The error is usable, and says what it could not decode.
	appErr := as[*temporal.ApplicationError](t, err)
	if appErr.Type() != "Declined" || !strings.Contains(appErr.Message(), "Encoded failure (cannot decode its encoded attributes") {
		t.Errorf("cause: type %q message %q", appErr.Type(), appErr.Message())
	}
	var detail string
	if derr := appErr.Details(&detail); derr == nil {
		t.Error("Details decoded a payload in an unknown encoding")
	}
	nexus := as[*temporal.ApplicationError](t, appErr.Unwrap())
	if nexus.Message() != "nexus handler failed" || nexus.NonRetryable() {
		t.Errorf("nexus failure: %q nonRetryable %v", nexus.Message(), nexus.NonRetryable())
	}

	// Sending the error, or any error of its chain, again is lossless.
	if d := diffFailure(in, fc.ErrorToFailure(err)); d != "" {
		t.Errorf("re-sent failure differs (-in +out):\n%s", d)
	}
	if d := diffFailure(in.GetCause(), fc.ErrorToFailure(appErr)); d != "" {
		t.Errorf("re-sent cause differs (-in +out):\n%s", d)
	}
	// Modifying what ErrorToFailure returned must not reach the error.
	fc.ErrorToFailure(err).Message = "changed"
	if d := diffFailure(in, fc.ErrorToFailure(err)); d != "" {
		t.Errorf("the held failure was modified through ErrorToFailure's result:\n%s", d)
	}
	// Details pass on as payloads when forwarded in a new error.
	forwarded := fc.ErrorToFailure(temporal.NewApplicationErrorWithOptions("forwarded", "Declined", temporal.ApplicationErrorOptions{
		Details: []any{temporal.NewEncodedValues(in.GetCause().GetApplicationFailureInfo().GetDetails(), nil)},
	}))
	if d := cmp.Diff(in.GetCause().GetApplicationFailureInfo().GetDetails(), forwarded.GetApplicationFailureInfo().GetDetails(), protocmp.Transform()); d != "" {
		t.Errorf("forwarded details differ:\n%s", d)
	}
}

// TestFailureToErrorHandlesMalformedFailures feeds failures a corrupt or
// foreign history could hold. None may panic; each gives a usable error.
func TestFailureToErrorHandlesMalformedFailures(t *testing.T) {
	for _, tc := range []struct {
		name        string
		failure     *failurepb.Failure
		wantMessage string
		wantAs      func(error) bool
	}{
		{"empty failure", &failurepb.Failure{}, "", temporal.IsApplicationError},
		{"no failure info", &failurepb.Failure{Message: "who knows"}, "who knows", temporal.IsApplicationError},
		{"application info wrapper holding nil", &failurepb.Failure{Message: "m", FailureInfo: appInfo(nil)}, "m", temporal.IsApplicationError},
		// A oneof wrapper holding nil reads as an empty info, as it would
		// after a trip through the wire.
		{"activity info wrapper holding nil", &failurepb.Failure{Message: "m", FailureInfo: &failurepb.Failure_ActivityFailureInfo{}}, "activity error",
			func(err error) bool { var e *temporal.ActivityError; return errors.As(err, &e) }},
		{"timeout info wrapper holding nil", &failurepb.Failure{Message: "m", FailureInfo: &failurepb.Failure_TimeoutFailureInfo{}}, "m (type: Unspecified)", temporal.IsTimeoutError},
		{"child info without execution or type", &failurepb.Failure{FailureInfo: &failurepb.Failure_ChildWorkflowExecutionFailureInfo{
			ChildWorkflowExecutionFailureInfo: &failurepb.ChildWorkflowExecutionFailureInfo{},
		}}, "", func(err error) bool { var e *temporal.ChildWorkflowExecutionError; return errors.As(err, &e) }},
		{"activity info without type", &failurepb.Failure{FailureInfo: &failurepb.Failure_ActivityFailureInfo{
			ActivityFailureInfo: &failurepb.ActivityFailureInfo{},
		}}, "", func(err error) bool { var e *temporal.ActivityError; return errors.As(err, &e) }},
		{"terminated info without a message", &failurepb.Failure{FailureInfo: &failurepb.Failure_TerminatedFailureInfo{
			TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{},
		}}, "terminated", temporal.IsTerminatedError},
		{"terminated info with another SDK's message", &failurepb.Failure{Message: "Workflow terminated", FailureInfo: &failurepb.Failure_TerminatedFailureInfo{
			TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{},
		}}, "Workflow terminated", temporal.IsTerminatedError},
		{"reset workflow info", &failurepb.Failure{Message: "reset", FailureInfo: &failurepb.Failure_ResetWorkflowFailureInfo{
			ResetWorkflowFailureInfo: &failurepb.ResetWorkflowFailureInfo{LastHeartbeatDetails: jsonPayloads(`1`)},
		}}, "reset", func(err error) bool {
			var e *temporal.ApplicationError
			var n int
			return errors.As(err, &e) && e.NonRetryable() && e.Details(&n) == nil && n == 1
		}},
		{"encoded attributes that are not JSON", &failurepb.Failure{Message: "Encoded failure", EncodedAttributes: jsonPayload("{not json"), FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{Type: "T"})},
			"Encoded failure (cannot decode its encoded attributes", temporal.IsApplicationError},
		{"encoded attributes in an unknown encoding", &failurepb.Failure{Message: "Encoded failure", EncodedAttributes: &commonpb.Payload{Data: []byte("garbage")}, FailureInfo: &failurepb.Failure_CanceledFailureInfo{}},
			"Encoded failure (cannot decode its encoded attributes", temporal.IsCanceledError},
		{"encoded attributes of the wrong JSON shape", &failurepb.Failure{Message: "Encoded failure", EncodedAttributes: jsonPayload(`["a"]`), FailureInfo: &failurepb.Failure_TerminatedFailureInfo{TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{}}},
			"Encoded failure (cannot decode its encoded attributes", temporal.IsTerminatedError},
		{"details in an unknown encoding", &failurepb.Failure{Message: "m", FailureInfo: appInfo(&failurepb.ApplicationFailureInfo{
			Details: &commonpb.Payloads{Payloads: []*commonpb.Payload{nil, {}}},
		})}, "m", temporal.IsApplicationError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := newConverter().FailureToError(tc.failure)
			if err == nil {
				t.Fatal("FailureToError returned nil for a non-nil failure")
			}
			if !tc.wantAs(err) {
				t.Errorf("got %T %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.wantMessage) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), tc.wantMessage)
			}
			// Asking for details never panics either.
			var s string
			var e *temporal.ApplicationError
			if errors.As(err, &e) {
				_ = e.Details(&s)
			}
		})
	}
}

func TestFailureToErrorBoundsDeepCauseChains(t *testing.T) {
	var f *failurepb.Failure
	for i := range 10000 {
		f = &failurepb.Failure{Message: fmt.Sprint(i), Cause: f}
	}
	err := newConverter().FailureToError(f)
	depth := 0
	var last error
	for e := err; e != nil; e = errors.Unwrap(e) {
		depth++
		last = e
	}
	if depth != 101 {
		t.Errorf("decoded chain has %d errors, want 100 and a truncation marker", depth)
	}
	if !strings.Contains(last.Error(), "cause chain truncated") {
		t.Errorf("last error = %q, want it to say the chain was truncated", last.Error())
	}
	// The whole failure is still re-sent as it came.
	if !proto.Equal(f, newConverter().ErrorToFailure(err)) {
		t.Error("re-sending the truncated error lost part of the failure")
	}
}

// selfCause is a broken error whose Unwrap returns itself.
type selfCause struct{}

func (e *selfCause) Error() string { return "loop" }
func (e *selfCause) Unwrap() error { return e }

func TestErrorToFailureBoundsCyclicCauseChains(t *testing.T) {
	f := newConverter().ErrorToFailure(&selfCause{})
	depth := 0
	for g := f; g != nil; g = g.GetCause() {
		depth++
		if g.GetCause() == nil && !strings.Contains(g.GetMessage(), "cause chain truncated") {
			t.Errorf("last failure = %q, want a truncation marker", g.GetMessage())
		}
	}
	if depth != 101 {
		t.Errorf("failure chain has %d failures, want 100 and a truncation marker", depth)
	}
}

// panickyError panics in Error, as a buggy user type might.
type panickyError struct{ inner *string }

func (e panickyError) Error() string { return *e.inner }

func TestErrorToFailureSurvivesBrokenErrors(t *testing.T) {
	fc := newConverter()

	var typedNil *temporal.ApplicationError
	f := fc.ErrorToFailure(typedNil)
	if d := diffFailure(plainFailure("<nil>", "ApplicationError", nil), f); d != "" {
		t.Errorf("typed nil (-want +got):\n%s", d)
	}

	f = fc.ErrorToFailure(panickyError{})
	if f.GetApplicationFailureInfo().GetType() != "panickyError" || !strings.Contains(f.GetMessage(), "Error method panicked") {
		t.Errorf("panicking Error: %v", f)
	}
}

func TestDetailsThatCannotBeEncodedKeepTheError(t *testing.T) {
	fc := newConverter()
	for _, tc := range []struct {
		name string
		err  error
		info func(*failurepb.Failure) bool
	}{
		{"ApplicationError", temporal.NewNonRetryableApplicationError("card declined", "Declined", errors.New("cause"), make(chan int)),
			func(f *failurepb.Failure) bool {
				i := f.GetApplicationFailureInfo()
				return i.GetType() == "Declined" && i.GetNonRetryable() && i.GetDetails() == nil
			}},
		{"CanceledError", temporal.NewCanceledError(func() {}),
			func(f *failurepb.Failure) bool { return f.GetCanceledFailureInfo() != nil }},
		{"TimeoutError", temporal.NewHeartbeatTimeoutError(make(chan int)),
			func(f *failurepb.Failure) bool {
				return f.GetTimeoutFailureInfo().GetTimeoutType() == enumspb.TIMEOUT_TYPE_HEARTBEAT
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fc.ErrorToFailure(tc.err)
			if !tc.info(f) {
				t.Errorf("failure info lost: %v", f)
			}
			if !strings.Contains(f.GetMessage(), "details could not be encoded") {
				t.Errorf("message = %q, want it to say the details were dropped", f.GetMessage())
			}
		})
	}
	f := fc.ErrorToFailure(temporal.NewApplicationError("card declined", "Declined", make(chan int)))
	if !strings.HasPrefix(f.GetMessage(), "card declined (details could not be encoded: ") {
		t.Errorf("message = %q, want the original message first", f.GetMessage())
	}
}

func TestZeroValueDefaultFailureConverterUsesTheDefaultDataConverter(t *testing.T) {
	var fc temporal.DefaultFailureConverter
	f := fc.ErrorToFailure(temporal.NewApplicationError("m", "T", "d"))
	if d := cmp.Diff(jsonPayloads(`"d"`), f.GetApplicationFailureInfo().GetDetails(), protocmp.Transform()); d != "" {
		t.Errorf("details (-want +got):\n%s", d)
	}
	var s string
	if err := as[*temporal.ApplicationError](t, fc.FailureToError(f)).Details(&s); err != nil || s != "d" {
		t.Errorf("Details = %q, %v", s, err)
	}
}

// TestDefaultFailureConverterIsSafeForConcurrentUse runs under -race.
func TestDefaultFailureConverterIsSafeForConcurrentUse(t *testing.T) {
	fc := temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{EncodeCommonAttributes: true})
	shared := fc.FailureToError(fc.ErrorToFailure(temporal.NewApplicationError("m", "T", 1)))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				f := fc.ErrorToFailure(fmt.Errorf("wrapped: %w", shared))
				inner, ok := errors.Unwrap(fc.FailureToError(f)).(*temporal.ApplicationError)
				var n int
				if !ok {
					t.Errorf("cause is %T", inner)
				} else if err := inner.Details(&n); err != nil || n != 1 {
					t.Errorf("Details = %d, %v", n, err)
				}
			}
		})
	}
	wg.Wait()
}

var _ temporal.FailureConverter = (*temporal.DefaultFailureConverter)(nil)
var _ temporal.FailureConverter = temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: converter.Default()})

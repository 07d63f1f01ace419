package temporal_test

import (
	"errors"
	"fmt"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestErrorMessagesReadLikeTheGoSDK keeps Error() texts those of
// go.temporal.io/sdk, which users grep logs for.
func TestErrorMessagesReadLikeTheGoSDK(t *testing.T) {
	cause := errors.New("cause error")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{temporal.NewApplicationError("message", ""), "message"},
		{temporal.NewApplicationError("message", "customType"), "message (type: customType, retryable: true)"},
		{temporal.NewNonRetryableApplicationError("message", "customType", cause), "message (type: customType, retryable: false): cause error"},
		{temporal.NewApplicationErrorWithCause("message", "", cause), "message: cause error"},
		{temporal.NewCanceledError(), "canceled"},
		{temporal.NewCanceledErrorWithOptions(temporal.CanceledErrorOptions{Message: "stopped", Cause: cause}), "stopped"}, // the official SDK leaves the cause out, and the text reaches the wire
		{temporal.NewTimeoutError("timeout", enumspb.TIMEOUT_TYPE_HEARTBEAT, &coolError{}), "timeout (type: Heartbeat): cool error"},
		{temporal.NewHeartbeatTimeoutError(), "heartbeat timeout (type: Heartbeat)"},
		{temporal.NewTerminatedError(), "terminated"},
		{temporal.NewPanicError(fmt.Errorf("index out of range [%d]", 3), "stack"), "index out of range [3]"},
		{temporal.NewServerError("message", true, &coolError{}), "message: cool error"},
		{temporal.NewActivityError(temporal.ActivityErrorOptions{
			ScheduledEventID: 5, StartedEventID: 6, Identity: "worker-1", ActivityType: "Charge", Cause: cause,
		}), "activity error (type: Charge, scheduledEventID: 5, startedEventID: 6, identity: worker-1): cause error"},
		{temporal.NewChildWorkflowExecutionError(temporal.ChildWorkflowExecutionErrorOptions{
			WorkflowID: "child-1", RunID: "run-1", WorkflowType: "Ship", InitiatedEventID: 11, StartedEventID: 12,
		}), "child workflow execution error (type: Ship, workflowID: child-1, runID: run-1, initiatedEventID: 11, startedEventID: 12)"},
		{temporal.NewWorkflowExecutionError("wf-1", "run-1", "Order", temporal.NewTerminatedError()),
			"workflow execution error (type: Order, workflowID: wf-1, runID: run-1): terminated"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q\nwant      %q", got, tc.want)
		}
	}
}

func TestIsHelpersLookThroughWrapping(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		is   func(error) bool
	}{
		{"application", temporal.NewApplicationError("m", "T"), temporal.IsApplicationError},
		{"canceled", temporal.NewCanceledError(), temporal.IsCanceledError},
		{"timeout", temporal.NewHeartbeatTimeoutError(), temporal.IsTimeoutError},
		{"terminated", temporal.NewTerminatedError(), temporal.IsTerminatedError},
		{"panic", temporal.NewPanicError("p", ""), temporal.IsPanicError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inActivity := temporal.NewActivityError(temporal.ActivityErrorOptions{Cause: fmt.Errorf("ctx: %w", tc.err)})
			if !tc.is(tc.err) || !tc.is(inActivity) {
				t.Error("not found")
			}
			if tc.is(errors.New("other")) || tc.is(nil) {
				t.Error("found where absent")
			}
		})
	}
}

func TestUnwrapReachesTheCause(t *testing.T) {
	cause := errors.New("root")
	for _, err := range []error{
		temporal.NewApplicationErrorWithCause("m", "T", cause),
		temporal.NewNonRetryableApplicationError("m", "T", cause),
		temporal.NewCanceledErrorWithOptions(temporal.CanceledErrorOptions{Cause: cause}),
		temporal.NewTimeoutError("m", enumspb.TIMEOUT_TYPE_START_TO_CLOSE, cause),
		temporal.NewServerError("m", false, cause),
		temporal.NewActivityError(temporal.ActivityErrorOptions{Cause: cause}),
		temporal.NewChildWorkflowExecutionError(temporal.ChildWorkflowExecutionErrorOptions{Cause: cause}),
		temporal.NewWorkflowExecutionError("w", "r", "t", cause),
	} {
		if !errors.Is(err, cause) {
			t.Errorf("%T does not unwrap to its cause", err)
		}
	}
}

func TestErrorsBuiltInGoHaveNoFailure(t *testing.T) {
	e := as[*temporal.ApplicationError](t, temporal.NewApplicationError("m", "T"))
	if e.Failure() != nil {
		t.Errorf("Failure() = %v, want nil for an error built in Go", e.Failure())
	}
	f := newConverter().ErrorToFailure(e)
	decoded := as[*temporal.ApplicationError](t, newConverter().FailureToError(f))
	if d := diffFailure(f, decoded.Failure()); d != "" {
		t.Errorf("Failure() of a decoded error (-want +got):\n%s", d)
	}
}

func TestApplicationErrorCategoryMatchesTheProtoEnum(t *testing.T) {
	for cat, want := range map[temporal.ApplicationErrorCategory]enumspb.ApplicationErrorCategory{
		temporal.ApplicationErrorCategoryUnspecified: enumspb.APPLICATION_ERROR_CATEGORY_UNSPECIFIED,
		temporal.ApplicationErrorCategoryBenign:      enumspb.APPLICATION_ERROR_CATEGORY_BENIGN,
	} {
		f := newConverter().ErrorToFailure(temporal.NewApplicationErrorWithOptions("m", "T", temporal.ApplicationErrorOptions{Category: cat}))
		if got := f.GetApplicationFailureInfo().GetCategory(); got != want {
			t.Errorf("category %d written as %v, want %v", cat, got, want)
		}
		back := as[*temporal.ApplicationError](t, newConverter().FailureToError(f))
		if back.Category() != cat {
			t.Errorf("category %d read back as %d", cat, back.Category())
		}
	}
}

func TestWorkflowExecutionErrorNamesTheWorkflow(t *testing.T) {
	err := temporal.NewWorkflowExecutionError("wf-1", "run-1", "Order", temporal.NewTerminatedError())
	if err.WorkflowID() != "wf-1" || err.RunID() != "run-1" || err.WorkflowType() != "Order" || !temporal.IsTerminatedError(err) {
		t.Errorf("got %q %q %q %v", err.WorkflowID(), err.RunID(), err.WorkflowType(), err.Unwrap())
	}
}

// TestCanceledErrorEncodesItsDetailsWithTheGivenConverter writes Go details
// with the data converter given, codecs included, and sends details
// received from the wire as they came.
func TestCanceledErrorEncodesItsDetailsWithTheGivenConverter(t *testing.T) {
	dc := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	var canceled *temporal.CanceledError
	errors.As(temporal.NewCanceledError("stopped at 3 of 9"), &canceled)
	got, err := canceled.EncodeDetails(dc)
	if err != nil || len(got.GetPayloads()) != 1 || string(got.GetPayloads()[0].GetMetadata()[converter.MetadataEncoding]) != converter.EncodingZlib {
		t.Fatalf("EncodeDetails = %v, %v; want one %s payload", got, err, converter.EncodingZlib)
	}

	// Received details are forwarded, not decoded and encoded again.
	errors.As(temporal.NewCanceledError(temporal.NewEncodedValues(got, dc)), &canceled)
	again, err := canceled.EncodeDetails(converter.Default())
	if err != nil || !proto.Equal(again, got) {
		t.Errorf("received details sent as %v, %v; want them as they came: %v", again, err, got)
	}
}

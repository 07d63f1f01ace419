package interop_test

import (
	"errors"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdkconverter "go.temporal.io/sdk/converter"
	sdktemporal "go.temporal.io/sdk/temporal"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// Each SDK on its own defaults sends every payload through its data
// converter's codecs except the details of errors, which its default failure
// converter writes with the default data converter; a cancellation's
// details are not a failure's and do go through the codecs. The tests here
// give both sides a zlib codec and nothing else, so a payload that took the
// other path than the official SDK's shows in history, and a side that
// cannot read the other's fails.

// officialZlibConverter and ourZlibConverter compress every payload, even
// those compression does not shrink, so whatever went through the codec is
// binary/zlib in history.
func officialZlibConverter() sdkconverter.DataConverter {
	return sdkconverter.NewCodecDataConverter(sdkconverter.GetDefaultDataConverter(), sdkconverter.NewZlibCodec(sdkconverter.ZlibCodecOptions{AlwaysEncode: true}))
}

func ourZlibConverter() converter.DataConverter {
	return converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
}

// wantEncodings fails the test unless every payload of what is encoded as
// want and there is at least one.
func wantEncodings(t *testing.T, what string, payloads *commonpb.Payloads, want string) {
	t.Helper()
	if len(payloads.GetPayloads()) == 0 {
		t.Errorf("%s: no payloads, want %s ones", what, want)
	}
	for i, p := range payloads.GetPayloads() {
		if enc, _ := payloadEncoding(p); enc != want {
			t.Errorf("%s: payload %d is %q, want %s", what, i, enc, want)
		}
	}
}

func lastEvent(t *testing.T, h *historypb.History, typ enumspb.EventType) *historypb.HistoryEvent {
	t.Helper()
	events := h.GetEvents()
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].GetEventType() == typ {
			return events[i]
		}
	}
	t.Fatalf("no %s event in history:\n%s", typ, describeHistory(h))
	return nil
}

// TestErrorDetailsUnderACodecCrossBetweenSDKsOnTheirDefaults fails
// workflows and an activity with details on one SDK and reads them with the
// other: the details are plain JSON in history, next to compressed inputs.
func TestErrorDetailsUnderACodecCrossBetweenSDKsOnTheirDefaults(t *testing.T) {
	t.Run("our workflow's failure read by the official client", func(t *testing.T) {
		ctx := testContext(t)
		official := dialOfficial(t, sdkclient.Options{DataConverter: officialZlibConverter()})
		taskQueue := uniqueName(t, "tq")
		startOurWorker(t, dialOurs(t, client.Options{DataConverter: ourZlibConverter()}), taskQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
			return w.RegisterWorkflowWithOptions(ourRefuseOrder, ourworker.RegisterWorkflowOptions{Name: wfOurRefuse})
		})
		run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: taskQueue}, wfOurRefuse, "o-9")
		if err != nil {
			t.Fatal(err)
		}
		err = run.Get(ctx, nil)
		var appErr *sdktemporal.ApplicationError
		if !errors.As(err, &appErr) {
			t.Fatalf("Get = %v, want an ApplicationError", err)
		}
		var detail rejection
		var count int
		if err := appErr.Details(&detail, &count); err != nil || detail != (rejection{OrderID: "o-9", Reason: "out of stock"}) || count != 3 {
			t.Errorf("the official client reads the details as %+v, %d, %v", detail, count, err)
		}
		h := officialHistory(t, official, run.GetID(), run.GetRunID())
		wantEncodings(t, "the official input", lastEvent(t, h, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).GetWorkflowExecutionStartedEventAttributes().GetInput(), converter.EncodingZlib)
		wantEncodings(t, "our failure's details", lastEvent(t, h, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED).GetWorkflowExecutionFailedEventAttributes().GetFailure().GetApplicationFailureInfo().GetDetails(), converter.EncodingJSON)
	})

	t.Run("our activity's failure read by the official workflow", func(t *testing.T) {
		h := officialWorkflowCallsOurActivities(t, client.Options{DataConverter: ourZlibConverter()}, sdkclient.Options{DataConverter: officialZlibConverter()})
		failed := lastEvent(t, h, enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED).GetActivityTaskFailedEventAttributes().GetFailure()
		wantEncodings(t, "our activity failure's details", failed.GetApplicationFailureInfo().GetDetails(), converter.EncodingJSON)
		wantEncodings(t, "the official activity input", lastEvent(t, h, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).GetActivityTaskScheduledEventAttributes().GetInput(), converter.EncodingZlib)
	})

	t.Run("the official workflow's failure read by our client", func(t *testing.T) {
		env := newInteropEnvWith(t, client.Options{DataConverter: ourZlibConverter()}, sdkclient.Options{DataConverter: officialZlibConverter()})
		run, _ := rejectOfficialOrder(t, env, "o-7")
		h := officialHistory(t, env.official, run.ID(), run.RunID())
		wantEncodings(t, "the official failure's details", lastEvent(t, h, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED).GetWorkflowExecutionFailedEventAttributes().GetFailure().GetApplicationFailureInfo().GetDetails(), converter.EncodingJSON)
	})
}

// ourCloseOnCancel waits to be canceled, then closes as canceled with a
// detail.
func ourCloseOnCancel(ctx workflow.Context) error {
	if err := workflow.Await(ctx, func() bool { return false }); err != nil {
		return temporal.NewCanceledError("closed on request")
	}
	return nil
}

const wfOurCloseOnCancel = "interop.OurCloseOnCancel"

// TestCancellationDetailsUnderACodecCrossBetweenSDKsOnTheirDefaults cancels
// workflows and an activity with details on one SDK and reads them with the
// other: unlike a failure's, the details went through the codec.
func TestCancellationDetailsUnderACodecCrossBetweenSDKsOnTheirDefaults(t *testing.T) {
	t.Run("our workflow's cancellation read by the official client", func(t *testing.T) {
		ctx := testContext(t)
		official := dialOfficial(t, sdkclient.Options{DataConverter: officialZlibConverter()})
		taskQueue := uniqueName(t, "tq")
		startOurWorker(t, dialOurs(t, client.Options{DataConverter: ourZlibConverter()}), taskQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
			return w.RegisterWorkflowWithOptions(ourCloseOnCancel, ourworker.RegisterWorkflowOptions{Name: wfOurCloseOnCancel})
		})
		run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: taskQueue}, wfOurCloseOnCancel)
		if err != nil {
			t.Fatal(err)
		}
		if err := official.CancelWorkflow(ctx, run.GetID(), run.GetRunID()); err != nil {
			t.Fatal(err)
		}
		err = run.Get(ctx, nil)
		var canceled *sdktemporal.CanceledError
		if !errors.As(err, &canceled) {
			t.Fatalf("Get = %v, want a CanceledError", err)
		}
		var detail string
		if err := canceled.Details(&detail); err != nil || detail != "closed on request" {
			t.Errorf("the official client reads the detail as %q, %v", detail, err)
		}
		h := officialHistory(t, official, run.GetID(), run.GetRunID())
		wantEncodings(t, "our cancellation's details", lastEvent(t, h, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED).GetWorkflowExecutionCanceledEventAttributes().GetDetails(), converter.EncodingZlib)
	})

	t.Run("the official workflow's cancellation read by our client", func(t *testing.T) {
		env := newInteropEnvWith(t, client.Options{DataConverter: ourZlibConverter()}, sdkclient.Options{DataConverter: officialZlibConverter()})
		ctx := testContext(t)
		run, err := env.ours.StartWorkflow(ctx, env.start(t), wfInbox)
		if err != nil {
			t.Fatal(err)
		}
		if err := env.ours.CancelWorkflow(ctx, run.ID(), run.RunID(), "customer left"); err != nil {
			t.Fatal(err)
		}
		err = run.Get(ctx, nil)
		var canceled *temporal.CanceledError
		if !errors.As(err, &canceled) {
			t.Fatalf("Get = %v, want a CanceledError", err)
		}
		var detail string
		if err := canceled.Details(&detail); err != nil || detail != "inbox closed with 0 items" {
			t.Errorf("our client reads the detail as %q, %v", detail, err)
		}
		h := officialHistory(t, env.official, run.ID(), run.RunID())
		wantEncodings(t, "the official cancellation's details", lastEvent(t, h, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED).GetWorkflowExecutionCanceledEventAttributes().GetDetails(), converter.EncodingZlib)
	})

	t.Run("our client's cancellation of an official activity", func(t *testing.T) {
		env := newInteropEnvWith(t, client.Options{DataConverter: ourZlibConverter()}, sdkclient.Options{DataConverter: officialZlibConverter()})
		run := cancelOfficialAsyncActivity(t, env)
		h := officialHistory(t, env.official, run.ID(), run.RunID())
		wantEncodings(t, "our activity cancellation's details", lastEvent(t, h, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED).GetActivityTaskCanceledEventAttributes().GetDetails(), converter.EncodingZlib)
	})
}

package worker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestCanceledActivityDetailsGoThroughTheDataConverter cancels an activity
// that confirms with a detail, on a worker whose data converter compresses
// every payload and whose failure converter is the default: unlike a
// failure's details, which the default failure converter writes without
// codecs, a cancellation's go through the data converter, as the official
// Go SDK sends them.
func TestCanceledActivityDetailsGoThroughTheDataConverter(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{HostPort: worker.DevServer().Address(), Namespace: worker.DevServer().Namespace(),
		DataConverter: converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	started := make(chan struct{})
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(ctx context.Context) error {
			close(started)
			for ctx.Err() == nil {
				activity.RecordHeartbeat(ctx)
				time.Sleep(50 * time.Millisecond)
			}
			return temporal.NewCanceledError("stopped at 3 of 9")
		}, worker.RegisterActivityOptions{Name: "stoppable"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			actx, cancelActivity := workflow.WithCancel(ctx)
			actx = workflow.WithActivityOptions(actx, workflow.ActivityOptions{
				StartToCloseTimeout: time.Minute, HeartbeatTimeout: time.Second, WaitForCancellation: true,
				RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1},
			})
			future := workflow.ExecuteActivity(actx, "stoppable")
			workflow.GetSignalChannel(ctx, "stop").Receive(ctx, nil)
			cancelActivity()
			var canceled *temporal.CanceledError
			if err := future.Get(ctx, nil); !errors.As(err, &canceled) {
				return "", err
			}
			var detail string
			err := canceled.Details(&detail)
			return detail, err
		}, worker.RegisterWorkflowOptions{Name: "stopsItsActivity"}))
	})
	id := testenv.UniqueID(t)
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "stopsItsActivity")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-ctx.Done():
		t.Fatal("the activity never started")
	}
	must(t, c.SignalWorkflow(ctx, id, "", "stop", nil))
	var detail string
	if err := run.Get(ctx, &detail); err != nil || detail != "stopped at 3 of 9" {
		t.Fatalf("the workflow read the cancellation detail as %q, %v", detail, err)
	}
	for _, e := range history(t, c, id).GetEvents() {
		if e.GetEventType() != enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED {
			continue
		}
		ps := e.GetActivityTaskCanceledEventAttributes().GetDetails().GetPayloads()
		if len(ps) != 1 || string(ps[0].GetMetadata()[converter.MetadataEncoding]) != converter.EncodingZlib {
			t.Errorf("the activity's cancellation details are %v, want one %s payload", ps, converter.EncodingZlib)
		}
		return
	}
	t.Errorf("no ActivityTaskCanceled event in the history")
}

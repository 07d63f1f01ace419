package worker_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
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
	c := dialWithConverter(t, zlibConverter())
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

// TestActivityCanceledErrorNobodyAskedForFailsTheAttempt: an activity that
// returns a CanceledError the server did not ask for (as one does that
// gives up when the worker stops) fails its attempt, which is retried at
// once; the server refuses a cancellation as an activity's failure, which
// would leave the attempt to time out.
func TestActivityCanceledErrorNobodyAskedForFailsTheAttempt(t *testing.T) {
	c := dialServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var attempts atomic.Int32
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(ctx context.Context) error {
			attempts.Add(1)
			if activity.GetInfo(ctx).Attempt == 1 {
				return temporal.NewCanceledError("gave up")
			}
			return nil
		}, worker.RegisterActivityOptions{Name: "givesUpOnce"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Hour,
				RetryPolicy: &temporal.RetryPolicy{InitialInterval: 10 * time.Millisecond, MaximumAttempts: 3}})
			return workflow.ExecuteActivity(ctx, "givesUpOnce").Get(ctx, nil)
		}, worker.RegisterWorkflowOptions{Name: "givesUpOnceWorkflow"}))
	})
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: w.TaskQueue()}, "givesUpOnceWorkflow")
	must(t, err)
	if err := run.Get(ctx, nil); err != nil {
		t.Fatalf("the workflow: %v; want the second attempt's success well before the hour's timeout", err)
	}
	if n := attempts.Load(); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
	for _, e := range history(t, c, run.ID()).GetEvents() {
		if a := e.GetActivityTaskCompletedEventAttributes(); a != nil && e.GetEventType() == enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED {
			return
		}
	}
	t.Error("no ActivityTaskCompleted in the history")
}

// TestACompletionOverTheMessageLimitFailsTheTaskSayingWhy: a workflow
// whose result is bigger than the server takes in one message cannot
// complete; its workflow task fails with the official SDKs' cause
// GRPC_MESSAGE_TOO_LARGE and a message saying what to do, instead of
// timing out with no trace in the history.
func TestACompletionOverTheMessageLimitFailsTheTaskSayingWhy(t *testing.T) {
	c := dialServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) ([]byte, error) {
			return make([]byte, 5<<20), nil
		}, worker.RegisterWorkflowOptions{Name: "tooBig"}))
	})
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: w.TaskQueue()}, "tooBig")
	must(t, err)
	defer func() { _ = c.TerminateWorkflow(context.Background(), run.ID(), "", "test over") }()
	for {
		for _, e := range history(t, c, run.ID()).GetEvents() {
			if a := e.GetWorkflowTaskFailedEventAttributes(); a != nil {
				if a.GetCause() != enumspb.WORKFLOW_TASK_FAILED_CAUSE_GRPC_MESSAGE_TOO_LARGE || !strings.Contains(a.GetFailure().GetMessage(), "gRPC message limit") {
					t.Errorf("task failed with cause %v: %s", a.GetCause(), a.GetFailure().GetMessage())
				}
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatal("no WorkflowTaskFailed in the history")
		case <-time.After(200 * time.Millisecond):
		}
	}
}

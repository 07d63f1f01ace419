package worker_test

import (
	"context"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func quickActivity(ctx context.Context) (string, error) { return "quick", nil }

// activityThenLongLocalWorkflow schedules an activity, then runs a local
// activity that outlasts the workflow task timeout, so the activity's
// schedule command goes out in a workflow task heartbeat.
func activityThenLongLocalWorkflow(ctx workflow.Context) (string, error) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 1},
	})
	f := workflow.ExecuteActivity(actx, quickActivity)
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
	if err := workflow.ExecuteLocalActivity(lctx, slowLocal, 3500*time.Millisecond).Get(ctx, nil); err != nil {
		return "", err
	}
	return workflow.Result[string](ctx, f)
}

// TestEagerActivityScheduledInAWorkflowTaskHeartbeatRuns: the engine now
// asks for eager execution on every activity, and eagerActivities.request
// grants or withdraws it on the final completion only. A workflow task
// heartbeat (a completion with ForceCreateNewWorkflowTask while a local
// activity runs) sends the schedule command with the request still set,
// so the server starts the activity and hands its task back in the
// heartbeat's response, which the worker ignores: the task is lost and
// the activity waits out its start-to-close timeout.
func TestEagerActivityScheduledInAWorkflowTaskHeartbeatRuns(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(activityThenLongLocalWorkflow))
		must(t, w.RegisterActivity(quickActivity))
		must(t, w.RegisterActivity(slowLocal))
	})
	id := testenv.UniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue(), TaskTimeout: 2 * time.Second}, "activityThenLongLocalWorkflow")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.TerminateWorkflow(context.Background(), id, "", "test over") }()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatalf("the workflow did not complete within 15s (its activity takes no time, the local activity 3.5s): %v", err)
	}
	if got != "quick" {
		t.Errorf("result %q, want quick", got)
	}
}

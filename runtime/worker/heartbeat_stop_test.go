package worker_test

import (
	"context"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestHeldBackHeartbeatDetailsGoOutWhenTheWorkerBeginsToStop: details an
// activity recorded inside a throttling window reach the server as soon as
// its worker begins to stop, as the official SDK sends them (its batching
// goroutine wakes on the worker stop channel,
// internal/internal_task_handlers.go:2264-2290): a worker that is then
// killed before its graceful stop ends leaves the retry the latest
// progress. Here they wait for the window's end, up to a minute.
func TestHeldBackHeartbeatDetailsGoOutWhenTheWorkerBeginsToStop(t *testing.T) {
	c := dialServer(t)
	recorded := make(chan struct{})
	w, err := worker.New(c, testenv.UniqueID(t), worker.Options{GracefulStopTimeout: 15 * time.Second})
	must(t, err)
	must(t, w.RegisterActivityWithOptions(func(ctx context.Context) error {
		activity.RecordHeartbeat(ctx, 1) // sent at once, opening a 48s window
		activity.RecordHeartbeat(ctx, 2) // held back for the window's end
		close(recorded)
		<-ctx.Done()
		return ctx.Err()
	}, worker.RegisterActivityOptions{Name: "longJob"}))
	must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 5 * time.Minute, HeartbeatTimeout: time.Minute})
		return workflow.ExecuteActivity(ctx, "longJob").Get(ctx, nil)
	}, worker.RegisterWorkflowOptions{Name: "longJobWorkflow"}))
	must(t, w.Start(t.Context()))
	id := testenv.UniqueID(t)
	if _, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "longJobWorkflow"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.TerminateWorkflow(context.Background(), id, "", "test over") }()
	select {
	case <-recorded:
	case <-time.After(30 * time.Second):
		t.Fatal("the activity did not start")
	}
	stopped := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		stopped <- w.Stop(ctx)
	}()
	defer func() { <-stopped }()

	// The worker stops gracefully for 15s; the details should be on the
	// server well before.
	deadline := time.Now().Add(5 * time.Second)
	last := 0
	for time.Now().Before(deadline) {
		d, err := describeHeartbeat(t, c, id)
		if err == nil && d == 2 {
			return
		}
		last = d
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("the server holds heartbeat details %d 5s after the worker began to stop, want 2, the latest recorded", last)
}

// describeHeartbeat returns the details of the workflow's pending
// activity's last heartbeat, as an int.
func describeHeartbeat(t *testing.T, c *client.Client, workflowID string) (int, error) {
	t.Helper()
	resp, err := c.WorkflowService().DescribeWorkflowExecution(t.Context(), &workflowservice.DescribeWorkflowExecutionRequest{
		Namespace: c.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: workflowID},
	})
	if err != nil {
		return 0, err
	}
	var d int
	for _, a := range resp.GetPendingActivities() {
		if err := converter.Default().FromPayloads(a.GetHeartbeatDetails(), &d); err != nil {
			return 0, err
		}
	}
	return d, nil
}

package worker_test

import (
	"context"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestAResultTheServerRefusedIsNotASuccess: the official SDK records
// temporal_activity_succeed_endtoend_latency only when
// RespondActivityTaskCompleted succeeded
// (internal/internal_task_pollers.go:1965-1977: a NotFound answer returns
// before it), and the commit that brought the metric here says it is
// recorded "once the server took the result". respond turns NotFound (the
// workflow closed, the attempt timed out) into nil, so a result the
// server threw away is recorded as a success.
func TestAResultTheServerRefusedIsNotASuccess(t *testing.T) {
	store := newMemoryMetrics()
	started, release := make(chan struct{}, 1), make(chan struct{})
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(ctx context.Context) (string, error) {
			started <- struct{}{}
			<-release
			return "too late", nil
		}, worker.RegisterActivityOptions{Name: "outlivesItsWorkflow"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
			return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "outlivesItsWorkflow"))
		}, worker.RegisterWorkflowOptions{Name: "terminatedWhileItsActivityRuns"}))
	})
	id := testenv.UniqueID(t)
	if _, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "terminatedWhileItsActivityRuns"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(15 * time.Second):
		t.Fatal("the activity did not start")
	}
	must(t, c.TerminateWorkflow(t.Context(), id, "", "the result is no longer wanted"))
	close(release)
	store.mu.Lock()
	defer store.mu.Unlock()
	store.waitLocked(func() bool { return store.timers[metrics.ActivityExecutionLatency] != 0 })
	// The response goes out after the execution latency is recorded.
	store.mu.Unlock()
	time.Sleep(time.Second)
	store.mu.Lock()
	if n := store.timers[metrics.ActivitySucceedEndToEndLatency]; n != 0 {
		t.Errorf("%s recorded %d times for a result the server refused (its workflow was terminated)", metrics.ActivitySucceedEndToEndLatency, n)
	}
}

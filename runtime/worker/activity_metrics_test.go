package worker_test

import (
	"context"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestACancelledActivityIsNotCountedAsFailed: an attempt that gives in to
// a cancellation the workflow asked for is answered cancelled, not failed,
// and the official SDK counts temporal_activity_execution_failed only for
// attempts it answers RespondActivityTaskFailed
// (internal/internal_task_pollers.go:1946-1957). Here every cancellation
// the workflow asks for shows as a failed execution on dashboards.
func TestACancelledActivityIsNotCountedAsFailed(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{HeartbeatInterval: 200 * time.Millisecond, MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(cancellingWorkflow))
		must(t, w.RegisterActivity(waitsForCancel))
	})
	if got, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "cancellingWorkflow"); err != nil || got != "cancelled" {
		t.Fatalf("result %q, %v", got, err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	store.waitLocked(func() bool { return store.timers[metrics.ActivityExecutionLatency] != 0 })
	if got := store.counters[metrics.ActivityExecutionFailed]; got != 0 {
		t.Errorf("%s = %d after an activity was cancelled as asked, want 0", metrics.ActivityExecutionFailed, got)
	}
}

// TestBenignActivityErrorsAreNotCountedAsFailed: an ApplicationError of
// category BENIGN is an expected outcome, which the official SDK does not
// count in temporal_activity_execution_failed
// (isBenignProtoApplicationFailure, internal/internal_task_pollers.go:1948).
func TestBenignActivityErrorsAreNotCountedAsFailed(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(failOrPanicWorkflow))
		must(t, w.RegisterActivityWithOptions(func(context.Context) error {
			return temporal.NewApplicationErrorWithOptions("not ready yet", "NotReady",
				temporal.ApplicationErrorOptions{Category: temporal.ApplicationErrorCategoryBenign})
		}, worker.RegisterActivityOptions{Name: "notReady"}))
	})
	if _, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "failOrPanicWorkflow", "notReady"); err == nil {
		t.Fatal("the workflow succeeded")
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	store.waitLocked(func() bool { return store.timers[metrics.ActivityExecutionLatency] != 0 })
	if got := store.counters[metrics.ActivityExecutionFailed]; got != 0 {
		t.Errorf("%s = %d after a benign error, want 0", metrics.ActivityExecutionFailed, got)
	}
}

// TestActivityMetricsCarryTheWorkflowType: the official SDK tags every
// activity metric with workflow_type, activity_type and task_queue
// (metrics.ActivityTags, internal/internal_task_pollers.go:1930); a
// dashboard that groups activity latency by workflow type goes blank here.
func TestActivityMetricsCarryTheWorkflowType(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(retryingWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	if _, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(2)); err != nil {
		t.Fatal(err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	store.waitLocked(func() bool { return store.timers[metrics.ActivitySucceedEndToEndLatency] != 0 })
	for _, name := range []string{metrics.ActivityExecutionLatency, metrics.ActivityExecutionFailed,
		metrics.ActivityScheduleToStartLatency, metrics.ActivitySucceedEndToEndLatency} {
		if tags := store.tags[name]; tags["workflow_type"] != "retryingWorkflow" || tags["activity_type"] != "flaky" {
			t.Errorf("%s tags %v, want workflow_type retryingWorkflow and activity_type flaky", name, tags)
		}
	}
	if reason := store.tags[metrics.ActivityExecutionFailed]["failure_reason"]; reason != "activity_error" {
		t.Errorf("%s failure_reason %q, want activity_error", metrics.ActivityExecutionFailed, reason)
	}
}

// TestActivityPanicsAreCounted: the official SDK counts an activity's
// panic in temporal_activity_task_error
// (internal/internal_task_handlers.go:2522), which alerts watch for
// crashing code; here no metric says an activity panicked.
func TestActivityPanicsAreCounted(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(failOrPanicWorkflow))
		must(t, w.RegisterActivityWithOptions(func(context.Context) error {
			panic("nil ledger")
		}, worker.RegisterActivityOptions{Name: "panicsOnce"}))
	})
	if _, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "failOrPanicWorkflow", "panicsOnce"); err == nil {
		t.Fatal("the workflow succeeded")
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	store.waitLocked(func() bool { return store.counters["temporal_activity_task_error"] != 0 })
	if got := store.counters["temporal_activity_task_error"]; got != 1 {
		t.Errorf("temporal_activity_task_error = %d after one panic, want 1", got)
	}
}

// TestUnregisteredActivityTypesAreCounted: a task for an activity type the
// worker does not have is a deployment mistake the official SDK counts in
// temporal_unregistered_activity_invocation
// (internal/internal_task_handlers.go:2503); here it is neither counted
// nor logged.
func TestUnregisteredActivityTypesAreCounted(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(failOrPanicWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	if _, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "failOrPanicWorkflow", "nobodyRegisteredThis"); err == nil {
		t.Fatal("the workflow succeeded")
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	store.waitLocked(func() bool { return store.counters["temporal_unregistered_activity_invocation"] != 0 })
	if got := store.counters["temporal_unregistered_activity_invocation"]; got != 1 {
		t.Errorf("temporal_unregistered_activity_invocation = %d after one task for an unregistered type, want 1", got)
	}
}

// TestAnAsyncActivityAttemptRecordsItsExecutionLatency: the official SDK
// records temporal_activity_execution_latency for every attempt it ran,
// one that returned ErrResultPending included
// (internal/internal_task_pollers.go:1958-1962, before the pending check);
// here such attempts vanish from the latency histogram.
func TestAnAsyncActivityAttemptRecordsItsExecutionLatency(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	tokens := make(chan []byte, 1)
	w := startWorker(t, c, worker.Options{MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
			return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "completedLater"))
		}, worker.RegisterWorkflowOptions{Name: "completedLaterWorkflow"}))
		must(t, w.RegisterActivityWithOptions(func(ctx context.Context) (string, error) {
			tokens <- activity.GetInfo(ctx).TaskToken
			return "", activity.ErrResultPending
		}, worker.RegisterActivityOptions{Name: "completedLater"}))
	})
	go func() {
		select {
		case token := <-tokens:
			_ = c.CompleteActivity(t.Context(), client.ActivityRef{TaskToken: token}, "done", nil)
		case <-t.Context().Done():
		}
	}()
	if got, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "completedLaterWorkflow"); err != nil || got != "done" {
		t.Fatalf("result %q, %v", got, err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	store.waitLocked(func() bool { return store.timers[metrics.ActivityExecutionLatency] != 0 })
	if got := store.timers[metrics.ActivityExecutionLatency]; got != 1 {
		t.Errorf("%s has %d samples after one attempt that left its result pending, want 1", metrics.ActivityExecutionLatency, got)
	}
}

package worker_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// TestUnregisteredActivityInvocationsCarryTheWorkflowType: the official
// SDK counts temporal_unregistered_activity_invocation on the handler
// tagged with metrics.ActivityTags(workflowType, activityType, taskQueue)
// (internal/internal_task_handlers.go:2484-2494), as every other activity
// metric; here it carries activity_type only, so a dashboard that breaks
// activity metrics down by workflow_type loses these.
func TestUnregisteredActivityInvocationsCarryTheWorkflowType(t *testing.T) {
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
	const name = "temporal_unregistered_activity_invocation"
	store.waitLocked(func() bool { return store.counters[name] != 0 })
	if tags := store.tags[name]; tags["workflow_type"] != "failOrPanicWorkflow" || tags["activity_type"] != "nobodyRegisteredThis" {
		t.Errorf("%s tags %v, want workflow_type failOrPanicWorkflow and activity_type nobodyRegisteredThis", name, tags)
	}
}

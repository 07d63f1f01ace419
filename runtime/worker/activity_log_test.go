package worker_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// failOrPanicWorkflow runs one attempt of the named activity and returns
// its error.
func failOrPanicWorkflow(ctx workflow.Context, activityType string) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}})
	return workflow.ExecuteActivity(ctx, activityType).Get(ctx, nil)
}

// TestFailedAndPanickedActivityAttemptsAreLogged: the official SDK logs
// every failed attempt at error level ("Activity error.", with the
// workflow, activity type, attempt and error;
// internal/internal_task_handlers.go:2569-2582) and every panic with its
// stack ("Activity panic.", :2512-2521). An operator migrating keeps
// alerting on those lines; here a failing or panicking activity leaves no
// trace in the worker's log.
func TestFailedAndPanickedActivityAttemptsAreLogged(t *testing.T) {
	logs := &syncBuffer{}
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(failOrPanicWorkflow))
		must(t, w.RegisterActivityWithOptions(func(context.Context) error {
			return temporal.NewApplicationError("the ledger is locked", "LedgerLocked")
		}, worker.RegisterActivityOptions{Name: "failsOnce"}))
		must(t, w.RegisterActivityWithOptions(func(context.Context) error {
			panic("nil ledger")
		}, worker.RegisterActivityOptions{Name: "panicsOnce"}))
	})
	for _, activityType := range []string{"failsOnce", "panicsOnce"} {
		if _, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "failOrPanicWorkflow", activityType); err == nil {
			t.Fatalf("%s: the workflow succeeded", activityType)
		}
	}
	var failed, panicked bool
	for _, line := range strings.Split(logs.String(), "\n") {
		if !strings.Contains(line, "level=ERROR") {
			continue
		}
		failed = failed || strings.Contains(line, "activity_type=failsOnce") && strings.Contains(line, "the ledger is locked")
		panicked = panicked || strings.Contains(line, "activity_type=panicsOnce") && strings.Contains(line, "nil ledger")
	}
	if !failed {
		t.Errorf("no error-level line for the failed attempt of failsOnce in the worker's log:\n%s", logs.String())
	}
	if !panicked {
		t.Errorf("no error-level line for the panic of panicsOnce in the worker's log:\n%s", logs.String())
	}
}

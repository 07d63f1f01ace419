package worker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestAnAttemptPastItsDeadlineIsLeftToTheServersTimeout: an activity that
// gives up when its context's deadline passes, returning ctx.Err() as Go
// code does, must leave the attempt to the server's timeout. The official
// SDK sends nothing once the deadline has passed ("Activity complete after
// timeout.", internal/internal_task_handlers.go:2558-2568), so the
// workflow sees a TimeoutError. Here the worker reports the attempt failed
// with "context deadline exceeded"; with a schedule-to-close timeout the
// worker's deadline is the server's own timer, and the response often
// lands first: the workflow then sees an ApplicationError of type
// deadlineExceededError, and temporal.IsTimeoutError is false.
func TestAnAttemptPastItsDeadlineIsLeftToTheServersTimeout(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}, worker.RegisterActivityOptions{Name: "waitsOutItsDeadline"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
				ScheduleToCloseTimeout: time.Second,
				RetryPolicy:            &temporal.RetryPolicy{MaximumAttempts: 1},
			})
			return workflow.ExecuteActivity(ctx, "waitsOutItsDeadline").Get(ctx, nil)
		}, worker.RegisterWorkflowOptions{Name: "deadlineWorkflow"}))
	})
	// The race with the server's timer goes either way; five runs lose it
	// at least once.
	for i := range 5 {
		_, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "deadlineWorkflow")
		if !temporal.IsTimeoutError(err) {
			var appErr *temporal.ApplicationError
			if errors.As(err, &appErr) {
				t.Fatalf("run %d: the workflow got an ApplicationError of type %q (%v); want the attempt's TimeoutError", i, appErr.Type(), err)
			}
			t.Fatalf("run %d: the workflow got %v; want the attempt's TimeoutError", i, err)
		}
	}
}

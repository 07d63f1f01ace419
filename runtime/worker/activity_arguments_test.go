package worker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestUndecodableActivityArgumentsAreRetried: the official SDK fails an
// attempt whose input does not decode into the activity's parameters with
// a plain, retryable error (internal/internal_worker.go:1279-1284), so in a
// rolling deployment, where an old and a new worker disagree on the
// signature, the retry reaches a worker that can run it. Here the first
// worker that cannot decode the input fails the activity for good.
func TestUndecodableActivityArgumentsAreRetried(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(_ context.Context, n int) (int, error) {
			return n, nil
		}, worker.RegisterActivityOptions{Name: "takesAnInt"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute,
				RetryPolicy: &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, MaximumAttempts: 3}})
			return workflow.ExecuteActivity(ctx, "takesAnInt", "not a number").Get(ctx, nil)
		}, worker.RegisterWorkflowOptions{Name: "mismatchedArguments"}))
	})
	_, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "mismatchedArguments")
	var actErr *temporal.ActivityError
	if !errors.As(err, &actErr) {
		t.Fatalf("err = %v, want an ActivityError", err)
	}
	if got := actErr.RetryState(); got != enumspb.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED {
		t.Errorf("the activity ended with retry state %v (%v); want its 3 attempts used, as the official SDK retries an input it cannot decode", got, err)
	}
}

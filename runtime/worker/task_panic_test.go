package worker_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	failurepb "go.temporal.io/api/failure/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// panickyFailures is a failure converter with a bug: it panics on one
// error.
type panickyFailures struct{ temporal.FailureConverter }

func (p panickyFailures) ErrorToFailure(err error) *failurepb.Failure {
	if err != nil && strings.Contains(err.Error(), "trips the converter") {
		panic("failure converter bug")
	}
	return p.FailureConverter.ErrorToFailure(err)
}

// TestAPanicOutsideUserCodeLeavesTheWorkerRunning: a failure converter
// that panics while the worker reports an activity's error does not take
// the process down: the panic is logged with the task, the server times
// the attempt out, and the worker runs on.
func TestAPanicOutsideUserCodeLeavesTheWorkerRunning(t *testing.T) {
	logs := &syncBuffer{}
	c := dialWith(t, func(o *client.Options) {
		o.FailureConverter = panickyFailures{temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{})}
	})
	w := startWorker(t, c, worker.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(context.Context) error { return errors.New("this error trips the converter") },
			worker.RegisterActivityOptions{Name: "tripsTheConverter"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 2 * time.Second,
				RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}})
			return workflow.ExecuteActivity(ctx, "tripsTheConverter").Get(ctx, nil)
		}, worker.RegisterWorkflowOptions{Name: "tripsTheConverterWorkflow"}))
	})
	_, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "tripsTheConverterWorkflow")
	if !temporal.IsTimeoutError(err) {
		t.Errorf("the workflow ended with %v, want the attempt's timeout", err)
	}
	if out := logs.String(); !strings.Contains(out, "activity task panicked") || !strings.Contains(out, "failure converter bug") || !strings.Contains(out, "activity_type=tripsTheConverter") {
		t.Errorf("no log line for the panic:\n%s", out)
	}
}

package worker_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// cronRun is what one run of a cron workflow read of the runs before it.
type cronRun struct {
	hasResult bool
	result    int
	// lastError is the message of the previous run's failure, with its
	// type: "" when it did not fail.
	lastError string
}

// cronRuns records, once per run ID, what each run read.
type cronRuns struct {
	mu    sync.Mutex
	seen  map[string]bool
	runs  []cronRun
	added chan struct{}
}

func (r *cronRuns) record(runID string, run cronRun) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[runID] {
		return
	}
	r.seen[runID] = true
	r.runs = append(r.runs, run)
	select {
	case r.added <- struct{}{}:
	default: // runs the test no longer waits for
	}
}

// TestCronRunsReadTheLastCompletionResultAndError runs a cron workflow
// every second on the dev server. Each run returns one more than the last
// completed run's result, except the second, which fails: the third run
// still reads the first run's result, and reads the second's failure,
// typed; the fourth reads the third's result and no failure.
func TestCronRunsReadTheLastCompletionResultAndError(t *testing.T) {
	c := dialServer(t)
	runs := &cronRuns{seen: map[string]bool{}, added: make(chan struct{}, 10)}
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (int, error) {
			var run cronRun
			run.hasResult = workflow.HasLastCompletionResult(ctx)
			if err := workflow.GetLastCompletionResult(ctx, &run.result); err != nil && !errors.Is(err, temporal.ErrNoData) {
				return 0, err
			}
			var appErr *temporal.ApplicationError
			if err := workflow.GetLastError(ctx); errors.As(err, &appErr) {
				run.lastError = appErr.Type() + ": " + appErr.Message()
			} else if err != nil {
				run.lastError = "untyped: " + err.Error()
			}
			runs.record(workflow.GetInfo(ctx).RunID, run)
			if run.result == 1 && run.lastError == "" {
				return 0, temporal.NewApplicationError("the second run fails", "Planned")
			}
			return run.result + 1, nil
		}, worker.RegisterWorkflowOptions{Name: "counter"}))
	})
	// The client has no cron option: start through the service.
	id := testenv.UniqueID(t)
	_, err := c.WorkflowService().StartWorkflowExecution(t.Context(), &workflowservice.StartWorkflowExecutionRequest{
		Namespace: c.Namespace(), WorkflowId: id, RequestId: id, Identity: c.Identity(),
		WorkflowType: &commonpb.WorkflowType{Name: "counter"},
		TaskQueue:    &taskqueuepb.TaskQueue{Name: w.TaskQueue(), Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
		CronSchedule: "@every 1s",
	})
	must(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.TerminateWorkflow(ctx, id, "", "the test is over"); err != nil {
			t.Errorf("terminating the cron workflow: %v", err)
		}
	})
	timeout := time.After(30 * time.Second)
	for range 4 {
		select {
		case <-runs.added:
		case <-timeout:
			t.Fatalf("only %d cron runs in 30s", len(runs.runs))
		}
	}
	runs.mu.Lock()
	defer runs.mu.Unlock()
	want := []cronRun{
		{},
		{hasResult: true, result: 1},
		{hasResult: true, result: 1, lastError: "Planned: the second run fails"},
		{hasResult: true, result: 2},
	}
	for i, w := range want {
		if runs.runs[i] != w {
			t.Errorf("run %d read %+v, want %+v", i+1, runs.runs[i], w)
		}
	}
}

package worker_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// blockingLocal is a local activity that runs until its context ends and
// reports, on ended, the error that ended it.
func blockingLocal(ended chan<- error) func(ctx context.Context) error {
	return blockingLocalStarted(nil, ended)
}

// blockingLocalStarted is blockingLocal that closes started (if not nil)
// once it runs.
func blockingLocalStarted(started chan struct{}, ended chan<- error) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if started != nil {
			close(started)
		}
		<-ctx.Done()
		ended <- ctx.Err()
		return ctx.Err()
	}
}

// requireEndedCanceled checks a blockingLocal activity's context was
// cancelled. The workflow does not wait for the activity to return, so
// its report may come a little after the workflow's end.
func requireEndedCanceled(t *testing.T, ended <-chan error) {
	t.Helper()
	select {
	case err := <-ended:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the local activity ended with %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the local activity's context was not cancelled")
	}
}

// canceledShape says how a cancelled local activity's error reached the
// workflow: a CanceledError, and whether an ActivityError wraps it (the
// official SDK hands it over bare).
func canceledShape(err error) string {
	var canceled *temporal.CanceledError
	var actErr *temporal.ActivityError
	return fmt.Sprintf("canceled=%v wrapped=%v", errors.As(err, &canceled), errors.As(err, &actErr))
}

func cancelLocalMidwayWorkflow(ctx workflow.Context) (string, error) {
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
	lctx, cancel := workflow.WithCancel(ctx)
	slow := workflow.ExecuteLocalActivity(lctx, "BlockLocal")
	if err := workflow.ExecuteLocalActivity(ctx, "AfterBlockLocalStarts").Get(ctx, nil); err != nil {
		return "", err
	}
	cancel()
	return canceledShape(slow.Get(ctx, nil)), nil
}

// requireCanceledMarkers checks the workflow's LocalActivity markers:
// want of them record a Canceled failure.
func requireCanceledMarkers(t *testing.T, c *client.Client, id string, want int) {
	t.Helper()
	n := 0
	for _, e := range history(t, c, id).GetEvents() {
		if a := e.GetMarkerRecordedEventAttributes(); a.GetMarkerName() == "LocalActivity" && a.GetFailure().GetCanceledFailureInfo() != nil {
			n++
		}
	}
	if n != want {
		t.Errorf("%d LocalActivity markers record a cancellation, want %d", n, want)
	}
}

// TestCancellingARunningLocalActivityCancelsItsContext: the workflow
// cancels a local activity that runs until cancelled; the worker cancels
// that activity's context at once (not when its one-minute timeout ends),
// and the workflow gets the bare CanceledError the official SDK gives.
func TestCancellingARunningLocalActivityCancelsItsContext(t *testing.T) {
	c := dialServer(t)
	started, ended := make(chan struct{}), make(chan error, 1)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(cancelLocalMidwayWorkflow))
		must(t, w.RegisterActivityWithOptions(blockingLocalStarted(started, ended), worker.RegisterActivityOptions{Name: "BlockLocal"}))
		// The cancellation must find the blocking activity running.
		must(t, w.RegisterActivityWithOptions(func(ctx context.Context) error {
			select {
			case <-started:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}, worker.RegisterActivityOptions{Name: "AfterBlockLocalStarts"}))
	})
	id := testenv.UniqueID(t)
	began := time.Now()
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: id}, "cancelLocalMidwayWorkflow")
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 20*time.Second {
		t.Errorf("the workflow took %v: the cancelled local activity ran on", took)
	}
	if want := "canceled=true wrapped=false"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
	requireEndedCanceled(t, ended)
	requireCanceledMarkers(t, c, id, 1)
	replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(cancelLocalMidwayWorkflow)) })
}

// TestLocalActivityUnderACancelledContextDoesNotRun: requested under a
// cancelled context, a local activity is recorded as cancelled without
// running, as in the official SDK.
func TestLocalActivityUnderACancelledContextDoesNotRun(t *testing.T) {
	c := dialServer(t)
	var ran atomic.Int32
	wf := func(ctx workflow.Context) (string, error) {
		ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
		lctx, cancel := workflow.WithCancel(ctx)
		cancel()
		return canceledShape(workflow.ExecuteLocalActivity(lctx, "CountLocal").Get(ctx, nil)), nil
	}
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(wf, worker.RegisterWorkflowOptions{Name: "cancelledBeforeStart"}))
		must(t, w.RegisterActivityWithOptions(func(context.Context) error { ran.Add(1); return nil }, worker.RegisterActivityOptions{Name: "CountLocal"}))
	})
	id := testenv.UniqueID(t)
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: id}, "cancelledBeforeStart")
	if err != nil {
		t.Fatal(err)
	}
	if want := "canceled=true wrapped=false"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
	if n := ran.Load(); n != 0 {
		t.Errorf("the cancelled local activity ran %d times", n)
	}
	requireCanceledMarkers(t, c, id, 1)
	replays(t, c, id, func(r *worker.Registry) {
		must(t, r.RegisterWorkflowWithOptions(wf, worker.RegisterWorkflowOptions{Name: "cancelledBeforeStart"}))
	})
}

func blockLocalWorkflow(ctx workflow.Context) error {
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
	return workflow.ExecuteLocalActivity(ctx, "BlockLocal").Get(ctx, nil)
}

// TestWorkflowCancellationReachesALongLocalActivity: the workflow is
// cancelled while its local activity holds the workflow task; the cancel
// request arrives with the task the heartbeat starts, and the activity's
// context is cancelled then, not at its one-minute timeout.
func TestWorkflowCancellationReachesALongLocalActivity(t *testing.T) {
	c := dialServer(t)
	ended := make(chan error, 1)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(blockLocalWorkflow))
		must(t, w.RegisterActivityWithOptions(blockingLocal(ended), worker.RegisterActivityOptions{Name: "BlockLocal"}))
	})
	id := testenv.UniqueID(t)
	// The task heartbeats every 1.6 s.
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue(), TaskTimeout: 2 * time.Second}, "blockLocalWorkflow")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	began := time.Now()
	must(t, c.CancelWorkflow(t.Context(), id, "", "test"))
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	err = run.Get(ctx, nil)
	var canceled *temporal.CanceledError
	if !errors.As(err, &canceled) {
		t.Fatalf("the workflow ended with %v after %v, want it cancelled", err, time.Since(began))
	}
	requireEndedCanceled(t, ended)
	requireCanceledMarkers(t, c, id, 1)
	if n := countEvents(t, c, id, "WorkflowTaskTimedOut"); n != 0 {
		t.Errorf("%d workflow task timeouts, want 0", n)
	}
	replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(blockLocalWorkflow)) })
}

package worker_test

import (
	"context"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestAGoroutineStartedByCodeLeftRunningAfterADeadlockIsEnded: a run
// whose code blocks past the deadlock timeout, then starts a workflow
// goroutine and waits, is closed by the worker, which ends the code once
// it yields (reapWhenParked). The goroutine that code started on the
// closed dispatcher must be ended too: once the workflow completed and
// the worker stopped, no coroutine goroutine of the run is left parked.
func TestAGoroutineStartedByCodeLeftRunningAfterADeadlockIsEnded(t *testing.T) {
	baseline := parkedCoroutines()
	var blocked atomic.Bool
	blockOnce := func(ctx workflow.Context) (string, error) {
		if blocked.CompareAndSwap(false, true) {
			time.Sleep(1500 * time.Millisecond) // a bug: blocks without yielding
			workflow.Go(ctx, func(ctx workflow.Context) { _ = workflow.Sleep(ctx, time.Hour) })
		}
		if err := workflow.Sleep(ctx, time.Millisecond); err != nil {
			return "", err
		}
		return "done", nil
	}
	c := dialServer(t)
	w, err := worker.New(c, testenv.UniqueID(t), worker.Options{DeadlockDetectionTimeout: 300 * time.Millisecond})
	must(t, err)
	must(t, w.RegisterWorkflowWithOptions(blockOnce, worker.RegisterWorkflowOptions{Name: "rvBlockThenGo"}))
	must(t, w.Start(t.Context()))
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: testenv.UniqueID(t), TaskTimeout: time.Second}, "rvBlockThenGo")
	if err != nil || got != "done" {
		t.Fatalf("result %q, %v; want done", got, err)
	}
	if err := stopWithin(t, w, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && parkedCoroutines() > baseline {
		time.Sleep(100 * time.Millisecond)
	}
	if n := parkedCoroutines(); n > baseline {
		t.Errorf("%d workflow coroutine goroutines left 5 s after the workflow completed and the worker stopped (%d before the test):\n%s", n, baseline, coroutineStacks())
	}
}

// coroutineStacks returns the stacks of the goroutines that run workflow
// coroutines.
func coroutineStacks() string {
	buf := make([]byte, 8<<20)
	var out []string
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "coroutine.(*Coroutine).run") {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}

// parkedCoroutines counts the goroutines that run workflow coroutines.
func parkedCoroutines() int {
	if s := coroutineStacks(); s != "" {
		return len(strings.Split(s, "\n\n"))
	}
	return 0
}

// TestFailWorkflowPolicyDoesNotRaceCodeLeftRunningAfterADeadlock:
// under WorkflowPanicPolicy FailWorkflow a deadlock fails the workflow
// with the commands made so far; the code left running, which goes on to
// schedule a timer, must not race the worker reading those commands.
func TestFailWorkflowPolicyDoesNotRaceCodeLeftRunningAfterADeadlock(t *testing.T) {
	var blocked atomic.Bool
	blockOnce := func(ctx workflow.Context) (string, error) {
		_ = workflow.NewTimer(ctx, time.Hour) // a live command before the bug
		if blocked.CompareAndSwap(false, true) {
			time.Sleep(1500 * time.Millisecond) // a bug: blocks without yielding
		}
		for range 10 {
			_ = workflow.NewTimer(ctx, time.Hour)
		}
		if err := workflow.Sleep(ctx, time.Millisecond); err != nil {
			return "", err
		}
		return "done", nil
	}
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{DeadlockDetectionTimeout: 300 * time.Millisecond, WorkflowPanicPolicy: worker.FailWorkflow},
		func(w *worker.Worker) {
			must(t, w.RegisterWorkflowWithOptions(blockOnce, worker.RegisterWorkflowOptions{Name: "rvBlockFail"}))
		})
	_, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: testenv.UniqueID(t), TaskTimeout: time.Second}, "rvBlockFail")
	if err == nil {
		t.Fatal("the workflow completed; want it failed by the deadlock")
	}
	time.Sleep(2 * time.Second) // the stuck code runs on meanwhile
}

// stopWithin calls Stop and fails the test if it does not return in time.
func stopWithin(t *testing.T, w *worker.Worker, d time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- w.Stop(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(d + 5*time.Second):
		buf := make([]byte, 1<<20)
		t.Fatalf("Stop did not return within %v:\n%s", d+5*time.Second, buf[:runtime.Stack(buf, true)])
		return nil
	}
}

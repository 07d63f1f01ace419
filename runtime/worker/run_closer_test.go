package worker_test

import (
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestARunWhoseCodeNeverYieldsIsRefusedUntilItEnds runs a workflow whose
// first execution blocks outside the workflow API for two seconds, past
// the deadlock timeout: the task fails, and the run's goroutine cannot be
// stopped. Retries of the task come sooner than that; the worker refuses
// them rather than start the run again beside the stuck goroutine, logs
// and counts the goroutine left running, and runs the task once the
// goroutine has ended.
func TestARunWhoseCodeNeverYieldsIsRefusedUntilItEnds(t *testing.T) {
	var blocked atomic.Bool
	blockOnce := func(ctx workflow.Context) (string, error) {
		if blocked.CompareAndSwap(false, true) {
			time.Sleep(2 * time.Second) // a bug: blocks without yielding
		}
		if err := workflow.Sleep(ctx, time.Millisecond); err != nil {
			return "", err
		}
		return "done", nil
	}
	store := newMemoryMetrics()
	logs := &syncBuffer{}
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{
		DeadlockDetectionTimeout: 500 * time.Millisecond, // well under the 2 s block, well over a loaded machine's stalls
		MetricsHandler:           memoryHandler{m: store, tags: map[string]string{}},
		Logger:                   slog.New(slog.NewTextHandler(logs, nil)),
	}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(blockOnce, worker.RegisterWorkflowOptions{Name: "blockOnce"}))
	})
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: testenv.UniqueID(t), TaskTimeout: time.Second}, "blockOnce")
	if err != nil || got != "done" {
		t.Fatalf("result %q, %v; want done", got, err)
	}
	store.mu.Lock()
	left := store.counters[metrics.WorkflowCoroutinesLeftRunning]
	store.mu.Unlock()
	if left != 1 {
		t.Errorf("%s = %d, want 1: one goroutine left behind, not one per attempt", metrics.WorkflowCoroutinesLeftRunning, left)
	}
	out := logs.String()
	for _, want := range []string{"never yielded and is left running", "is refused: code of an earlier task never yielded"} {
		if !strings.Contains(out, want) {
			t.Errorf("the worker's log lacks %q:\n%s", want, out)
		}
	}
}

// TestNegativeDeadlockDetectionTimeoutTurnsDetectionOff runs a workflow
// whose code blocks outside the workflow API for longer than the default
// deadlock timeout, on a worker with detection turned off, as for a
// debugger: its first task completes it, rather than failing and running
// it again.
func TestNegativeDeadlockDetectionTimeoutTurnsDetectionOff(t *testing.T) {
	var runs atomic.Int32
	slow := func(ctx workflow.Context) (string, error) {
		if runs.Add(1) == 1 {
			time.Sleep(worker.DefaultDeadlockDetectionTimeout + 300*time.Millisecond) // a breakpoint, say
		}
		return "done", nil
	}
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{DeadlockDetectionTimeout: -1}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(slow, worker.RegisterWorkflowOptions{Name: "slow"}))
	})
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{TaskTimeout: 10 * time.Second}, "slow")
	if err != nil || got != "done" {
		t.Fatalf("result %q, %v; want done", got, err)
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("the workflow ran %d times, want once: its first task failed", n)
	}
}

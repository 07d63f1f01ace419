package worker_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// accountWorkflow keeps a balance changed by "deposit" updates (a
// validator refuses non-positive amounts), read by "balance" queries, and
// closed by a "close" signal.
func accountWorkflow(ctx workflow.Context, opening int) (int, error) {
	balance := opening
	err := workflow.SetUpdateHandlerWithOptions(ctx, "deposit", func(ctx workflow.Context, amount int) (int, error) {
		balance += amount
		return balance, nil
	}, workflow.UpdateHandlerOptions{Validator: func(amount int) error {
		if amount <= 0 {
			return fmt.Errorf("deposit of %d refused: amounts are positive", amount)
		}
		return nil
	}})
	if err != nil {
		return 0, err
	}
	if err := workflow.SetQueryHandler(ctx, "balance", func() (int, error) { return balance, nil }); err != nil {
		return 0, err
	}
	workflow.GetSignalChannel(ctx, "close").Receive(ctx, nil)
	return balance, nil
}

func TestUpdatesQueriesAndSignalsEndToEnd(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) { must(t, w.RegisterWorkflow(accountWorkflow)) })
	id := testenv.UniqueID(t)
	handle, run, err := c.UpdateWithStartWorkflow(t.Context(), client.UpdateWithStartOptions{
		Start:        client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue(), IDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING},
		WorkflowType: "accountWorkflow", Args: []any{100},
		Update: client.UpdateWorkflowOptions{UpdateName: "deposit", Args: []any{10}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var balance int
	if err := handle.Get(t.Context(), &balance); err != nil || balance != 110 {
		t.Fatalf("update-with-start: %d, %v; want 110", balance, err)
	}
	h, err := c.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "deposit", Args: []any{5}})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Get(t.Context(), &balance); err != nil || balance != 115 {
		t.Fatalf("update: %d, %v; want 115", balance, err)
	}
	rejected, err := c.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "deposit", Args: []any{-3}})
	if err == nil {
		err = rejected.Get(t.Context(), nil) // the outcome carries the rejection
	}
	if err == nil || !strings.Contains(err.Error(), "deposit of -3 refused") {
		t.Fatalf("rejected update: %v", err)
	}
	queryBalance := func() int {
		t.Helper()
		q, err := c.QueryWorkflow(t.Context(), client.QueryWorkflowOptions{WorkflowID: id, QueryType: "balance"})
		if err != nil {
			t.Fatal(err)
		}
		var b int
		if err := q.Get(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	if b := queryBalance(); b != 115 {
		t.Errorf("query on the running workflow = %d, want 115", b)
	}
	must(t, c.SignalWorkflow(t.Context(), id, "", "close", nil))
	if err := run.Get(t.Context(), &balance); err != nil || balance != 115 {
		t.Fatalf("result %d, %v; want 115", balance, err)
	}
	// After the close nothing is cached: the query replays the history.
	if b := queryBalance(); b != 115 {
		t.Errorf("query on the closed workflow = %d, want 115", b)
	}
	replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(accountWorkflow)) })
}

// cartWorkflow adds items through "add" updates, whose handler takes a
// second, until a "checkout" signal; it waits for the handlers before it
// returns.
func cartWorkflow(ctx workflow.Context) (int, error) {
	items := 0
	if err := workflow.SetUpdateHandler(ctx, "add", func(ctx workflow.Context, n int) (int, error) {
		if err := workflow.Sleep(ctx, time.Second); err != nil {
			return 0, err
		}
		items += n
		return items, nil
	}); err != nil {
		return 0, err
	}
	workflow.GetSignalChannel(ctx, "checkout").Receive(ctx, nil)
	err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	return items, err
}

// TestWorkflowWaitsForUpdateHandlersBeforeItCloses: the checkout signal
// arrives while an update's handler sleeps; the workflow awaits
// AllHandlersFinished, so the update's caller gets its result and the
// workflow's result counts the update.
func TestWorkflowWaitsForUpdateHandlersBeforeItCloses(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) { must(t, w.RegisterWorkflow(cartWorkflow)) })
	id := testenv.UniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "cartWorkflow")
	must(t, err)
	h, err := c.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "add", Args: []any{3},
		WaitForStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED})
	must(t, err)
	must(t, c.SignalWorkflow(t.Context(), id, "", "checkout", nil))
	var added, items int
	if err := h.Get(t.Context(), &added); err != nil || added != 3 {
		t.Errorf("update: %d, %v; want 3", added, err)
	}
	if err := run.Get(t.Context(), &items); err != nil || items != 3 {
		t.Errorf("result %d, %v; want 3", items, err)
	}
	replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(cartWorkflow)) })
}

// waitForever is a child that runs until cancelled, and says so.
func waitForever(ctx workflow.Context) (string, error) {
	err := workflow.Await(ctx, func() bool { return false })
	return "", err
}

// addOne is a child that checks its info names its parent, which is also
// the root of its chain.
func addOne(ctx workflow.Context, n int) (int, error) {
	info := workflow.GetInfo(ctx)
	if info.ParentNamespace == "" || info.ParentWorkflowID == "" || info.ParentRunID == "" ||
		info.RootWorkflowID != info.ParentWorkflowID || info.RootRunID != info.ParentRunID {
		return 0, fmt.Errorf("the child's info does not name its parent: %+v", info)
	}
	return n + 1, nil
}

// parentWorkflow starts a waitForever child under policy and a child that
// returns, then closes while the first still runs.
func parentWorkflow(ctx workflow.Context, childID string, policy enumspb.ParentClosePolicy) (int, error) {
	if info := workflow.GetInfo(ctx); info.ParentWorkflowID != "" || info.RootWorkflowID != "" {
		return 0, fmt.Errorf("a top-level run's info names a parent or root: %+v", info)
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: childID, ParentClosePolicy: policy})
	if err := workflow.ExecuteChildWorkflow(cctx, waitForever).GetChildWorkflowExecution().Get(ctx, nil); err != nil {
		return 0, err
	}
	return workflow.Result[int](ctx, workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{}), addOne, 41))
}

func TestChildWorkflowsUnderEachParentClosePolicy(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(parentWorkflow))
		must(t, w.RegisterWorkflow(waitForever))
		must(t, w.RegisterWorkflow(addOne))
	})
	for policy, want := range map[enumspb.ParentClosePolicy]enumspb.WorkflowExecutionStatus{
		enumspb.PARENT_CLOSE_POLICY_TERMINATE:      enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED,
		enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL: enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED,
		enumspb.PARENT_CLOSE_POLICY_ABANDON:        enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING,
	} {
		t.Run(policy.String(), func(t *testing.T) {
			childID := testenv.UniqueID(t) + "-child"
			got, err := execute[int](t, c, w, client.StartWorkflowOptions{}, "parentWorkflow", childID, policy)
			if err != nil || got != 42 {
				t.Fatalf("parent: %d, %v; want 42", got, err)
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				d, err := c.DescribeWorkflow(t.Context(), childID, "")
				if err != nil {
					t.Fatal(err)
				}
				if d.Status == want {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("child status %v, want %v", d.Status, want)
				}
				time.Sleep(100 * time.Millisecond)
			}
			if want == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
				must(t, c.TerminateWorkflow(t.Context(), childID, "", "test done"))
			}
		})
	}
}

func countdown(ctx workflow.Context, n int) (string, error) {
	if n > 0 {
		return "", workflow.NewContinueAsNewError(ctx, countdown, n-1)
	}
	info := workflow.GetInfo(ctx)
	return fmt.Sprintf("continued: %t, first run %s", info.ContinuedExecutionRunID != "", info.FirstRunID), nil
}

func TestContinueAsNewChain(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) { must(t, w.RegisterWorkflow(countdown)) })
	id := testenv.UniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "countdown", 4)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := run.Get(t.Context(), &got); err != nil {
		t.Fatal(err)
	}
	// Get followed the chain to its last run, which knows the first.
	if want := "continued: true, first run " + run.RunID(); got != want {
		t.Errorf("result %q, want %q", got, want)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		runs := 0
		for _, err := range c.ListWorkflows(t.Context(), fmt.Sprintf("WorkflowId = %q", id)) {
			if err != nil {
				t.Fatal(err)
			}
			runs++
		}
		if runs == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d runs visible, want 5", runs)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestCancelledWorkflowRunsItsCleanup(t *testing.T) {
	c := dialServer(t)
	var cleaned atomic.Bool
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func() error { cleaned.Store(true); return nil }, worker.RegisterActivityOptions{Name: "cleanup"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			err := workflow.Sleep(ctx, time.Hour)
			if !temporal.IsCanceledError(err) {
				return fmt.Errorf("sleep ended with %v, want cancellation", err)
			}
			dctx, _ := workflow.NewDisconnectedContext(ctx)
			dctx = workflow.WithActivityOptions(dctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
			if err := workflow.ExecuteActivity(dctx, "cleanup").Get(dctx, nil); err != nil {
				return err
			}
			return err
		}, worker.RegisterWorkflowOptions{Name: "cancellable"}))
	})
	id := testenv.UniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "cancellable")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for countEvents(t, c, id, "TimerStarted") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the workflow never started its timer")
		}
		time.Sleep(50 * time.Millisecond)
	}
	must(t, c.CancelWorkflow(t.Context(), id, "", "test"))
	err = run.Get(t.Context(), nil)
	var canceled *temporal.CanceledError
	if !errors.As(err, &canceled) {
		t.Fatalf("result %v, want a CanceledError", err)
	}
	if !cleaned.Load() {
		t.Error("the cleanup activity did not run")
	}
}

// versioned is a workflow whose code changes while runs are open: v2
// adds a step behind GetVersion, so v1's runs keep their old path.
func versioned(v2 bool) func(workflow.Context) (string, error) {
	return func(ctx workflow.Context) (string, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
		path := "old"
		if v2 && workflow.GetVersion(ctx, "add-step", workflow.DefaultVersion, 1) == 1 {
			if err := workflow.ExecuteActivity(ctx, "step").Get(ctx, nil); err != nil {
				return "", err
			}
			path = "new"
		}
		workflow.GetSignalChannel(ctx, "go").Receive(ctx, nil)
		return path, nil
	}
}

func TestVersioningAcrossACodeChangeWithRunningWorkflows(t *testing.T) {
	c := dialServer(t)
	taskQueue := testenv.UniqueID(t)
	newWorker := func(v2 bool) *worker.Worker {
		w, err := worker.New(c, taskQueue, worker.Options{})
		if err != nil {
			t.Fatal(err)
		}
		must(t, w.RegisterWorkflowWithOptions(versioned(v2), worker.RegisterWorkflowOptions{Name: "versioned"}))
		must(t, w.RegisterActivityWithOptions(func() error { return nil }, worker.RegisterActivityOptions{Name: "step"}))
		must(t, w.Start(t.Context()))
		return w
	}
	stop := func(w *worker.Worker) {
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		must(t, w.Stop(ctx))
	}
	v1 := newWorker(false)
	oldID := testenv.UniqueID(t) + "-old"
	oldRun, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: oldID, TaskQueue: taskQueue}, "versioned")
	if err != nil {
		t.Fatal(err)
	}
	for countEvents(t, c, oldID, "WorkflowTaskCompleted") == 0 {
		time.Sleep(50 * time.Millisecond)
	}
	stop(v1)

	v2 := newWorker(true)
	defer stop(v2)
	newID := testenv.UniqueID(t) + "-new"
	newRun, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: newID, TaskQueue: taskQueue}, "versioned")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{oldID, newID} {
		must(t, c.SignalWorkflow(t.Context(), id, "", "go", nil))
	}
	for run, want := range map[*client.WorkflowRun]string{oldRun: "old", newRun: "new"} {
		var got string
		if err := run.Get(t.Context(), &got); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", run.ID(), got, err, want)
		}
	}
	if n := countEvents(t, c, oldID, "WorkflowTaskFailed"); n != 0 {
		t.Errorf("the open v1 run failed %d tasks on v2 code", n)
	}
}

func TestFailWorkflowPolicyClosesAPanickingWorkflow(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{WorkflowPanicPolicy: worker.FailWorkflow}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			panic("kaboom")
		}, worker.RegisterWorkflowOptions{Name: "panicky"}))
	})
	_, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "panicky")
	// As the official SDK fails it: a retryable ApplicationError caused by
	// the panic.
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || appErr.Message() != "Workflow failed on panic due to FailWorkflow workflow panic policy" || appErr.NonRetryable() {
		t.Errorf("result %v, want the official SDK's retryable ApplicationError on top", err)
	}
	var panicErr *temporal.PanicError
	if !errors.As(err, &panicErr) {
		t.Fatalf("result %v, want the workflow failed with a PanicError", err)
	}
	if panicErr.Value() != "kaboom" || !strings.Contains(panicErr.StackTrace(), "features_test.go") {
		t.Errorf("panic %q with stack:\n%s", panicErr.Value(), panicErr.StackTrace())
	}
}

// TestRejectedUpdatesLeaveNoFailedWorkflowTask sends updates that the
// validator rejects between ones it accepts. Each rejection's speculative
// task is discarded by the server (ResetHistoryEventId), and the next
// update's task carries events the server has not persisted yet: a worker
// that drops its cached run and refetches the history loses them and
// fails the task. No WorkflowTaskFailed may appear, with or without the
// sticky cache.
func TestRejectedUpdatesLeaveNoFailedWorkflowTask(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cache int
	}{{"sticky cache", 0}, {"no cache", worker.NoStickyCache}} {
		t.Run(tc.name, func(t *testing.T) {
			c := dialServer(t)
			store := newMemoryMetrics()
			w := startWorker(t, c, worker.Options{StickyCacheSize: tc.cache, MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}},
				func(w *worker.Worker) { must(t, w.RegisterWorkflow(accountWorkflow)) })
			id := testenv.UniqueID(t)
			run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "accountWorkflow", 0)
			must(t, err)
			deposit := func(amount int) (int, error) {
				h, err := c.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "deposit", Args: []any{amount}})
				if err != nil {
					return 0, err
				}
				var balance int
				err = h.Get(t.Context(), &balance)
				return balance, err
			}
			want := 0
			for i := 1; i <= 3; i++ {
				if _, err := deposit(-i); err == nil || !strings.Contains(err.Error(), "refused") {
					t.Fatalf("deposit of %d: %v; want the validator's refusal", -i, err)
				}
				want += i
				if got, err := deposit(i); err != nil || got != want {
					t.Fatalf("deposit of %d after a refusal = %d, %v; want %d", i, got, err, want)
				}
			}
			must(t, c.SignalWorkflow(t.Context(), id, "", "close", nil))
			var balance int
			if err := run.Get(t.Context(), &balance); err != nil || balance != want {
				t.Fatalf("result %d, %v; want %d", balance, err, want)
			}
			if n := countEvents(t, c, id, "WorkflowTaskFailed"); n != 0 {
				t.Errorf("history has %d WorkflowTaskFailed events; want none", n)
			}
			if tc.cache != worker.NoStickyCache {
				// The run is rewound past each discarded task and stays
				// cached: only the first task rebuilds it.
				store.mu.Lock()
				misses := store.counters[metrics.StickyCacheMiss]
				store.mu.Unlock()
				if misses != 1 {
					t.Errorf("%d sticky cache misses, want 1 (the first task)", misses)
				}
			}
			replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(accountWorkflow)) })
		})
	}
}

// TestAWorkflowPanicIsLoggedAsAnError: a panic is a bug in workflow code,
// as grave as nondeterminism: the worker logs it at ERROR, with the stack,
// while the workflow waits for fixed code.
func TestAWorkflowPanicIsLoggedAsAnError(t *testing.T) {
	logs := &syncBuffer{}
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			panic("kaboom")
		}, worker.RegisterWorkflowOptions{Name: "panicky"}))
	})
	id := testenv.UniqueID(t)
	_, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "panicky")
	must(t, err)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(logs.String(), "the workflow panicked") {
		if time.Now().After(deadline) {
			t.Fatalf("the worker never logged the panic; its log:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for line := range strings.SplitSeq(logs.String(), "\n") {
		if strings.Contains(line, "the workflow panicked") && (!strings.Contains(line, "level=ERROR") || !strings.Contains(line, "kaboom") || !strings.Contains(line, "stack=")) {
			t.Errorf("panic logged as %q, want level ERROR with the panic value and the stack", line)
		}
	}
	must(t, c.TerminateWorkflow(t.Context(), id, "", "test over"))
}

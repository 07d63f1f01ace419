package worker_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// localFlaky fails until attempt succeedOn, then reports what it saw.
func localFlaky(ctx context.Context, succeedOn int32) (string, error) {
	info := activity.GetInfo(ctx)
	if !info.IsLocalActivity {
		return "", errors.New("not run as a local activity")
	}
	if info.Attempt < succeedOn {
		return "", temporal.NewApplicationError(fmt.Sprintf("attempt %d fails", info.Attempt), "Flaky")
	}
	return fmt.Sprintf("local ok on attempt %d", info.Attempt), nil
}

func localWorkflow(ctx workflow.Context, succeedOn int32, initial time.Duration) (string, error) {
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 5 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: initial, BackoffCoefficient: 1, MaximumAttempts: 5},
	})
	a, err := workflow.Result[string](ctx, workflow.ExecuteLocalActivity(ctx, localFlaky, succeedOn))
	if err != nil {
		return "", err
	}
	// A function value runs without registration, as in the official SDK.
	b, err := workflow.Result[int](ctx, workflow.ExecuteLocalActivity(ctx, func(x int) (int, error) { return x * 2, nil }, 21))
	return fmt.Sprintf("%s; %d", a, b), err
}

func TestLocalActivityRetriesInTheWorker(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(localWorkflow))
		must(t, w.RegisterActivity(localFlaky))
	})
	id := testenv.UniqueID(t)
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: id}, "localWorkflow", int32(3), 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if want := "local ok on attempt 3; 42"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
	// Short backoffs are retried in place: no timer in history.
	replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(localWorkflow)) })
	if n := countEvents(t, c, id, "TimerStarted"); n != 0 {
		t.Errorf("%d timers in history, want 0", n)
	}
}

func TestLocalActivityLongBackoffWaitsOnADurableTimer(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(localWorkflow))
		must(t, w.RegisterActivity(localFlaky))
	})
	id := testenv.UniqueID(t)
	// A 2s backoff is longer than the 1s workflow task timeout: it is
	// not waited out holding the task.
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: id, TaskTimeout: time.Second}, "localWorkflow", int32(2), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if want := "local ok on attempt 2; 42"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
	if n := countEvents(t, c, id, "TimerStarted"); n != 1 {
		t.Errorf("%d timers in history, want 1", n)
	}
	replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(localWorkflow)) })
}

func slowLocal(ctx context.Context, d time.Duration) (string, error) {
	select {
	case <-time.After(d):
		return "slept " + d.String(), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func slowLocalWorkflow(ctx workflow.Context, d time.Duration) (string, error) {
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
	return workflow.Result[string](ctx, workflow.ExecuteLocalActivity(ctx, slowLocal, d))
}

func TestLongLocalActivityHeartbeatsTheWorkflowTask(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(slowLocalWorkflow))
		must(t, w.RegisterActivity(slowLocal))
	})
	id := testenv.UniqueID(t)
	// 3.5s of local activity under a 2s task timeout: without heartbeats
	// at 1.6s the task would time out and the activity run again.
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: id, TaskTimeout: 2 * time.Second}, "slowLocalWorkflow", 3500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if got != "slept 3.5s" {
		t.Errorf("result %q", got)
	}
	if n := countEvents(t, c, id, "WorkflowTaskTimedOut"); n != 0 {
		t.Errorf("%d workflow task timeouts, want 0", n)
	}
	if n := countEvents(t, c, id, "WorkflowTaskCompleted"); n < 3 {
		t.Errorf("%d workflow tasks completed, want at least 3 (two heartbeats)", n)
	}
	replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(slowLocalWorkflow)) })
}

// panicOnSignalWorkflow runs a long local activity; a signal that comes
// while it runs reaches a handler with a bug.
func panicOnSignalWorkflow(ctx workflow.Context, d time.Duration) (string, error) {
	workflow.Go(ctx, func(ctx workflow.Context) {
		workflow.GetSignalChannel(ctx, "boom").Receive(ctx, nil)
		panic("the signal handler has a bug")
	})
	return slowLocalWorkflow(ctx, d)
}

// TestFailureAfterAWorkflowTaskHeartbeatFailsTheNewTask: the heartbeat
// completes the task the worker holds and hands it the next one, with the
// signal that came meanwhile. The workflow fails on that signal; the
// failure must be reported on the new task, which is the one the server
// waits for. Reporting it on the completed task would leave the new one
// to time out with nothing in history to say why.
func TestFailureAfterAWorkflowTaskHeartbeatFailsTheNewTask(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(panicOnSignalWorkflow))
		must(t, w.RegisterActivity(slowLocal))
	})
	id := testenv.UniqueID(t)
	// The task heartbeats at 1.6 s, while the 5 s local activity runs.
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue(), TaskTimeout: 2 * time.Second},
		"panicOnSignalWorkflow", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.TerminateWorkflow(context.WithoutCancel(t.Context()), run.ID(), "", "test done") }()
	time.Sleep(500 * time.Millisecond)
	must(t, c.SignalWorkflow(t.Context(), id, "", "boom", nil))

	deadline := time.Now().Add(30 * time.Second)
	for {
		var first string
	events:
		for _, e := range history(t, c, id).GetEvents() {
			switch e.GetEventType() {
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
				if msg := e.GetWorkflowTaskFailedEventAttributes().GetFailure().GetMessage(); !strings.Contains(msg, "the signal handler has a bug") {
					t.Errorf("the task failed with %q, want the handler's panic", msg)
				}
				first = "failed"
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
				first = "timed out"
			}
			if first != "" {
				break events
			}
		}
		switch {
		case first == "failed":
			return
		case first != "":
			t.Fatalf("the workflow task after the heartbeat %s instead of failing", first)
		case time.Now().After(deadline):
			t.Fatal("no workflow task failed within 30s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func localThresholdWorkflow(ctx workflow.Context, backoff, threshold time.Duration) (string, error) {
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 5 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: backoff, BackoffCoefficient: 1, MaximumAttempts: 5},
		LocalRetryThreshold: threshold,
	})
	return workflow.Result[string](ctx, workflow.ExecuteLocalActivity(ctx, localFlaky, int32(2)))
}

// TestLocalRetryThresholdChoosesBetweenTheTaskAndATimer: a backoff over
// the threshold waits on a timer even when the task timeout would have
// allowed it in place, and one under it is waited out in the worker even
// when it outlasts the task timeout (the worker heartbeats the task). Both
// histories replay.
func TestLocalRetryThresholdChoosesBetweenTheTaskAndATimer(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(localThresholdWorkflow))
		must(t, w.RegisterActivity(localFlaky))
	})
	for _, tc := range []struct {
		name               string
		taskTimeout        time.Duration
		backoff, threshold time.Duration
		timers             int
	}{
		{"over the threshold", 10 * time.Second, 300 * time.Millisecond, 100 * time.Millisecond, 1},
		{"under the threshold, over the task timeout", time.Second, 1500 * time.Millisecond, 5 * time.Second, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := testenv.UniqueID(t)
			got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: id, TaskTimeout: tc.taskTimeout}, "localThresholdWorkflow", tc.backoff, tc.threshold)
			if err != nil {
				t.Fatal(err)
			}
			if want := "local ok on attempt 2"; got != want {
				t.Errorf("result %q, want %q", got, want)
			}
			if n := countEvents(t, c, id, "TimerStarted"); n != tc.timers {
				t.Errorf("%d timers in history, want %d", n, tc.timers)
			}
			replays(t, c, id, func(r *worker.Registry) { must(t, r.RegisterWorkflow(localThresholdWorkflow)) })
		})
	}
}

// TestALocalActivityPastItsDeadlineTimesOutAtOnce: an attempt whose
// StartToCloseTimeout passed is reported timed out at once, as in the
// official SDK, even if its function ignores its context and runs on.
func TestALocalActivityPastItsDeadlineTimesOutAtOnce(t *testing.T) {
	c := dialServer(t)
	release := make(chan struct{})
	defer close(release)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(context.Context) error {
			select { // deaf to its context
			case <-release:
			case <-time.After(20 * time.Second):
			}
			return nil
		}, worker.RegisterActivityOptions{Name: "deaf"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 300 * time.Millisecond,
				ScheduleToCloseTimeout: time.Minute, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}})
			err := workflow.ExecuteLocalActivity(ctx, "deaf").Get(ctx, nil)
			var timeout *temporal.TimeoutError
			if !errors.As(err, &timeout) {
				return "", fmt.Errorf("want a timeout, got %w", err)
			}
			return timeout.TimeoutType().String(), nil
		}, worker.RegisterWorkflowOptions{Name: "deafWorkflow"}))
	})
	began := time.Now()
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "deafWorkflow")
	if err != nil {
		t.Fatal(err)
	}
	if got != enumspb.TIMEOUT_TYPE_START_TO_CLOSE.String() || time.Since(began) > 10*time.Second {
		t.Errorf("result %q after %v; want a StartToClose timeout long before the function's 20 s", got, time.Since(began))
	}
}

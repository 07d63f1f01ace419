package worker_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func dialServer(t *testing.T) *client.Client { return testenv.Dial(t, worker.DevServer()) }

// startWorker starts a worker on a fresh task queue with what register
// registers, and stops it when the test ends.
func startWorker(t *testing.T, c *client.Client, opts worker.Options, register func(*worker.Worker)) *worker.Worker {
	t.Helper()
	w, err := worker.New(c, testenv.UniqueID(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	register(w)
	if err := w.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := w.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// execute starts workflowType on w's task queue and waits for its result.
func execute[R any](t *testing.T, c *client.Client, w *worker.Worker, opts client.StartWorkflowOptions, workflowType string, args ...any) (R, error) {
	t.Helper()
	var result R
	if opts.ID == "" {
		opts.ID = testenv.UniqueID(t)
	}
	opts.TaskQueue = w.TaskQueue()
	run, err := c.StartWorkflow(t.Context(), opts, workflowType, args...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	err = run.Get(ctx, &result)
	return result, err
}

// flaky fails until its attempt reaches succeedOn.
func flaky(ctx context.Context, succeedOn int32) (string, error) {
	info := activity.GetInfo(ctx)
	if info.Attempt < succeedOn {
		return "", temporal.NewApplicationError(fmt.Sprintf("attempt %d fails", info.Attempt), "Flaky")
	}
	return fmt.Sprintf("%s ok on attempt %d", info.ActivityType, info.Attempt), nil
}

func retryingWorkflow(ctx workflow.Context, succeedOn int32) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, MaximumAttempts: 5},
	})
	return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, flaky, succeedOn))
}

func TestActivityRetriesUntilItSucceeds(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(retryingWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(3))
	if err != nil {
		t.Fatal(err)
	}
	if want := "flaky ok on attempt 3"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
}

func TestActivityFailureReachesTheWorkflowAfterTheLastAttempt(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(retryingWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	_, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(99))
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || appErr.Type() != "Flaky" || appErr.Message() != "attempt 5 fails" {
		t.Fatalf("err = %v, want the fifth attempt's Flaky ApplicationError", err)
	}
	var actErr *temporal.ActivityError
	if !errors.As(err, &actErr) {
		t.Errorf("err = %v, want an ActivityError around it", err)
	}
}

// progress heartbeats its position; the first attempt then hangs past
// its heartbeat timeout, and the retry resumes from the details.
func progress(ctx context.Context, total int) (string, error) {
	start := 0
	if activity.HasHeartbeatDetails(ctx) {
		var err error
		if start, err = activity.HeartbeatDetails[int](ctx); err != nil {
			return "", err
		}
	}
	for i := start; i < total; i++ {
		activity.RecordHeartbeat(ctx, i)
		if i == total/2 && activity.GetInfo(ctx).Attempt == 1 {
			<-ctx.Done() // hang: the heartbeat timeout fails this attempt
			return "", ctx.Err()
		}
	}
	return fmt.Sprintf("resumed at %d on attempt %d", start, activity.GetInfo(ctx).Attempt), nil
}

func heartbeatWorkflow(ctx workflow.Context, total int) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		HeartbeatTimeout:    time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, MaximumAttempts: 3},
	})
	return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, progress, total))
}

func TestHeartbeatTimeoutRetriesFromTheLastDetails(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(heartbeatWorkflow))
		must(t, w.RegisterActivity(progress))
	})
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "heartbeatWorkflow", 10)
	if err != nil {
		t.Fatal(err)
	}
	// Throttling keeps the latest details of the window: the retry
	// resumes where the first attempt stopped.
	if want := "resumed at 5 on attempt 2"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
}

// waitsForCancel heartbeats until the server relays the workflow's
// cancellation.
func waitsForCancel(ctx context.Context) error {
	for {
		activity.RecordHeartbeat(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func cancellingWorkflow(ctx workflow.Context) (string, error) {
	actx, cancel := workflow.WithCancel(ctx)
	actx = workflow.WithActivityOptions(actx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second, HeartbeatTimeout: 2 * time.Second, WaitForCancellation: true,
	})
	f := workflow.ExecuteActivity(actx, waitsForCancel)
	if err := workflow.Sleep(ctx, 500*time.Millisecond); err != nil {
		return "", err
	}
	cancel()
	err := f.Get(ctx, nil)
	if !temporal.IsCanceledError(err) {
		return "", fmt.Errorf("activity ended with %v, want a cancellation", err)
	}
	return "cancelled", nil
}

func TestCancellationReachesTheActivityThroughItsHeartbeat(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{HeartbeatInterval: 200 * time.Millisecond}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(cancellingWorkflow))
		must(t, w.RegisterActivity(waitsForCancel))
	})
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "cancellingWorkflow")
	if err != nil || got != "cancelled" {
		t.Fatalf("result %q, %v", got, err)
	}
}

func TestAsyncCompletionThroughTheClient(t *testing.T) {
	c := dialServer(t)
	tokens := make(chan []byte, 1)
	later := func(ctx context.Context) (string, error) {
		tokens <- activity.GetInfo(ctx).TaskToken
		return "", activity.ErrResultPending
	}
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
			return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "later"))
		}, worker.RegisterWorkflowOptions{Name: "asyncWorkflow"}))
		must(t, w.RegisterActivityWithOptions(later, worker.RegisterActivityOptions{Name: "later"}))
	})
	go func() {
		select {
		case token := <-tokens:
			_ = c.CompleteActivity(t.Context(), client.ActivityRef{TaskToken: token}, "completed elsewhere", nil)
		case <-t.Context().Done():
		}
	}()
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "asyncWorkflow")
	if err != nil || got != "completed elsewhere" {
		t.Fatalf("result %q, %v", got, err)
	}
}

func TestActivityPanicFailsTheAttemptWithItsStack(t *testing.T) {
	c := dialServer(t)
	var attempts atomic.Int32
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute,
				RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}})
			return workflow.ExecuteActivity(ctx, "boom").Get(ctx, nil)
		}, worker.RegisterWorkflowOptions{Name: "panicWorkflow"}))
		must(t, w.RegisterActivityWithOptions(func() error {
			attempts.Add(1)
			panic("boom in activity")
		}, worker.RegisterActivityOptions{Name: "boom"}))
	})
	_, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "panicWorkflow")
	var panicErr *temporal.PanicError
	if !errors.As(err, &panicErr) {
		t.Fatalf("err = %v, want a PanicError", err)
	}
	if panicErr.Value() != "boom in activity" || panicErr.StackTrace() == "" {
		t.Errorf("panic %q with stack %q", panicErr.Value(), panicErr.StackTrace())
	}
	if attempts.Load() != 1 {
		t.Errorf("%d attempts, want 1", attempts.Load())
	}
}

// TestRegistrationsAfterStartAreRefused registers while the started worker
// runs workflows and activities: the worker chose its pollers at Start, so
// a late registration is refused with ErrRegistryFrozen rather than
// ignored, and (under -race) never races with the task goroutines that
// look types up.
func TestRegistrationsAfterStartAreRefused(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(retryingWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	late := make(chan error, 1)
	go func() {
		var errs []error
		for i := range 50 {
			errs = append(errs,
				w.RegisterWorkflowWithOptions(retryingWorkflow, worker.RegisterWorkflowOptions{Name: fmt.Sprint("late-workflow-", i)}),
				w.RegisterActivityWithOptions(flaky, worker.RegisterActivityOptions{Name: fmt.Sprint("late-activity-", i)}))
		}
		for _, err := range errs {
			if !errors.Is(err, worker.ErrRegistryFrozen) {
				late <- fmt.Errorf("registration after Start: %v, want ErrRegistryFrozen", err)
				return
			}
		}
		late <- nil
	}()
	if _, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(1)); err != nil {
		t.Fatal(err)
	}
	if err := <-late; err != nil {
		t.Fatal(err)
	}
	err := w.RegisterWorkflowWithOptions(retryingWorkflow, worker.RegisterWorkflowOptions{Name: "after"})
	if want := `workflow type "after" comes after the worker for task queue`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v does not say %q", err, want)
	}
}

// infoReport tells what activity.GetInfo says of the attempt's options.
func infoReport(ctx context.Context) (string, error) {
	i := activity.GetInfo(ctx)
	rp := i.RetryPolicy
	if rp == nil {
		return "", errors.New("no retry policy in the activity's info")
	}
	return fmt.Sprintf("ns=%s start=%v sched=%v attempts=%d local=%v", i.Namespace, i.StartToCloseTimeout, i.ScheduleToCloseTimeout, rp.MaximumAttempts, i.IsLocalActivity), nil
}

func infoWorkflow(ctx workflow.Context) (string, error) {
	opts := workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second, ScheduleToCloseTimeout: time.Minute, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 4}}
	remote, err := workflow.Result[string](ctx, workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), infoReport))
	if err != nil {
		return "", err
	}
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 3 * time.Second, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 2}})
	local, err := workflow.Result[string](ctx, workflow.ExecuteLocalActivity(lctx, infoReport))
	return remote + "; " + local, err
}

// An activity's info carries its namespace, timeouts and retry policy, as
// the official SDK's does, for a local activity too.
func TestActivityInfoCarriesTheAttemptsOptions(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(infoWorkflow))
		must(t, w.RegisterActivity(infoReport))
	})
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "infoWorkflow")
	if err != nil {
		t.Fatal(err)
	}
	ns := worker.DevServer().Namespace()
	if want := "ns=" + ns + " start=10s sched=1m0s attempts=4 local=false; ns=" + ns + " start=3s sched=3s attempts=2 local=true"; got != want {
		t.Errorf("info %q, want %q", got, want)
	}
}

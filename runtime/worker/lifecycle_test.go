package worker_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestOptionsFromEnvReadsTheOperatorKnobs(t *testing.T) {
	t.Setenv(worker.EnvTaskQueue, "orders")
	t.Setenv(worker.EnvWorkflowConcurrency, "20")
	t.Setenv(worker.EnvActivityConcurrency, "30")
	t.Setenv(worker.EnvStickyCacheSize, "0")
	t.Setenv(worker.EnvStickyTTLMillis, "1500")
	t.Setenv(worker.EnvWorkerBuildID, "v42")
	t.Setenv(worker.EnvWorkerDeploymentName, "orders-service")
	t.Setenv(worker.EnvHeartbeatIntervalMillis, "2000")
	t.Setenv(worker.EnvHeartbeatRPCTimeoutMillis, "700")
	tq, opts, err := worker.OptionsFromEnv("default-queue", worker.Options{ActivityPollers: 7})
	if err != nil {
		t.Fatal(err)
	}
	want := worker.Options{
		ActivityPollers: 7, MaxConcurrentWorkflowTasks: 20, MaxConcurrentActivities: 30,
		StickyCacheSize: worker.NoStickyCache, StickyScheduleToStartTimeout: 1500 * time.Millisecond,
		BuildID: "v42", UseBuildIDVersioning: true, DeploymentName: "orders-service",
		HeartbeatInterval: 2 * time.Second, HeartbeatRPCTimeout: 700 * time.Millisecond,
	}
	if tq != "orders" || fmt.Sprint(opts) != fmt.Sprint(want) {
		t.Errorf("got %q %+v\nwant %q %+v", tq, opts, "orders", want)
	}
}

func TestOptionsFromEnvNamesTheMalformedVariable(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{worker.EnvWorkflowConcurrency, "many"},
		{worker.EnvActivityConcurrency, "0"},
		{worker.EnvStickyCacheSize, "-5"},
		{worker.EnvStickyTTLMillis, "5s"},
		{worker.EnvHeartbeatIntervalMillis, "1.5"},
		{worker.EnvHeartbeatRPCTimeoutMillis, "-1"},
		// More milliseconds than a time.Duration holds.
		{worker.EnvHeartbeatRPCTimeoutMillis, "18446744073709552"},
	} {
		name, value := tc.name, tc.value
		t.Run(name+"="+value, func(t *testing.T) {
			t.Setenv(name, value)
			_, _, err := worker.OptionsFromEnv("q", worker.Options{})
			if err == nil || !strings.Contains(err.Error(), name+"=") || !strings.Contains(err.Error(), value) {
				t.Errorf("err = %v, want it to name %s and %q", err, name, value)
			}
			if name == worker.EnvStickyCacheSize && !strings.Contains(err.Error(), "or 0 to turn the sticky cache off") {
				t.Errorf("err = %v, want it to say that 0 turns the cache off", err)
			}
		})
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	c := dialServer(t)
	for _, tc := range []struct {
		opts worker.Options
		want string
	}{
		{worker.Options{WorkflowPollers: -1}, "WorkflowPollers"},
		{worker.Options{StickyCacheSize: -3}, "StickyCacheSize"},
		{worker.Options{MaxConcurrentWorkflowTasks: 1}, "MaxConcurrentWorkflowTasks (TEMPORAL_WORKFLOW_CONCURRENCY) is 1"},
		{worker.Options{GracefulStopTimeout: -time.Second}, "GracefulStopTimeout"},
		{worker.Options{UseBuildIDVersioning: true}, "BuildID"},
		{worker.Options{DeploymentName: "d"}, "BuildID"},
		{worker.Options{WorkerActivitiesPerSecond: -1}, "Options.WorkerActivitiesPerSecond is -1"},
		{worker.Options{WorkerLocalActivitiesPerSecond: math.NaN()}, "Options.WorkerLocalActivitiesPerSecond is NaN"},
		{worker.Options{TaskQueueActivitiesPerSecond: math.Inf(1)}, "Options.TaskQueueActivitiesPerSecond is +Inf"},
	} {
		if _, err := worker.New(c, "q", tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error naming %s", tc.opts, err, tc.want)
		}
	}
	if _, err := worker.New(c, "", worker.Options{}); err == nil || !strings.Contains(err.Error(), worker.EnvTaskQueue) {
		t.Errorf("empty task queue: %v", err)
	}
	// Without a sticky queue one slot is enough.
	if _, err := worker.New(c, "q", worker.Options{MaxConcurrentWorkflowTasks: 1, StickyCacheSize: worker.NoStickyCache}); err != nil {
		t.Errorf("one workflow task slot without a sticky cache: %v", err)
	}
	w, err := worker.New(c, "q", worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(t.Context()); err == nil || !strings.Contains(err.Error(), "nothing registered") {
		t.Errorf("Start with nothing registered: %v", err)
	}
}

func TestRunStopsOnAFatalPollError(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{HostPort: worker.DevServer().Address(), Namespace: "no-such-namespace-" + testenv.UniqueID(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Without a sticky queue one slot is enough.
	if _, err := worker.New(c, "q", worker.Options{MaxConcurrentWorkflowTasks: 1, StickyCacheSize: worker.NoStickyCache}); err != nil {
		t.Errorf("one workflow task slot without a sticky cache: %v", err)
	}
	w, err := worker.New(c, "q", worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	must(t, w.RegisterActivity(flaky))
	err = w.Run(ctx)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("Run = %v (context: %v), want it to stop on its own with the fatal error", err, ctx.Err())
	}
	if !strings.Contains(err.Error(), "namespace") {
		t.Errorf("Run error does not say what is wrong: %v", err)
	}
}

func TestGracefulStopWaitsForActivitiesThenCancelsThem(t *testing.T) {
	c := dialServer(t)
	var (
		started  = make(chan string, 2)
		finished atomic.Bool
		cause    = make(chan error, 1)
	)
	w, err := worker.New(c, testenv.UniqueID(t), worker.Options{GracefulStopTimeout: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	must(t, w.RegisterActivityWithOptions(func(ctx context.Context) error {
		started <- "quick"
		time.Sleep(500 * time.Millisecond)
		finished.Store(true)
		return nil
	}, worker.RegisterActivityOptions{Name: "quick"}))
	must(t, w.RegisterActivityWithOptions(func(ctx context.Context) error {
		started <- "stuck"
		<-ctx.Done()
		cause <- context.Cause(ctx)
		return ctx.Err()
	}, worker.RegisterActivityOptions{Name: "stuck"}))
	must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		a, b := workflow.ExecuteActivity(ctx, "quick"), workflow.ExecuteActivity(ctx, "stuck")
		return errors.Join(a.Get(ctx, nil), b.Get(ctx, nil))
	}, worker.RegisterWorkflowOptions{Name: "stopWorkflow"}))
	must(t, w.Start(t.Context()))
	if _, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: testenv.UniqueID(t), TaskQueue: w.TaskQueue()}, "stopWorkflow"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case <-started:
		case <-time.After(30 * time.Second):
			t.Fatal("activities did not start")
		}
	}
	begin := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := w.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	took := time.Since(begin)
	if !finished.Load() {
		t.Error("Stop returned before the quick activity finished")
	}
	select {
	case err := <-cause:
		if !errors.Is(err, worker.ErrWorkerStopping) {
			t.Errorf("stuck activity's context cause = %v, want ErrWorkerStopping", err)
		}
	default:
		t.Error("the stuck activity was not cancelled")
	}
	if took < 1500*time.Millisecond {
		t.Errorf("Stop took %v: it did not give the activities their grace period", took)
	}
}

// TestWorkerLogsToSlogDefaultWhenNoLoggerIsSet: a new user who sets no
// logger still sees why a workflow does not run.
func TestWorkerLogsToSlogDefaultWhenNoLoggerIsSet(t *testing.T) {
	logs := &syncBuffer{}
	previous := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, nil)))
	t.Cleanup(func() { slog.SetDefault(previous) })

	c, err := client.Dial(t.Context(), client.Options{HostPort: worker.DevServer().Address(), Namespace: worker.DevServer().Namespace()})
	must(t, err)
	t.Cleanup(func() { _ = c.Close() })
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) { must(t, w.RegisterWorkflow(retryingWorkflow)) })
	_, err = c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: testenv.UniqueID(t), TaskQueue: w.TaskQueue()}, "NoSuchWorkflow")
	must(t, err)
	want := `workflow type \"NoSuchWorkflow\" is not registered`
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("slog.Default() never got %q; it got:\n%s", want, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRunReturnsWhenStopIsCalled: Stop from another goroutine ends Run,
// which returns nil once the worker has stopped.
func TestRunReturnsWhenStopIsCalled(t *testing.T) {
	c := dialServer(t)
	started := make(chan struct{})
	var once sync.Once
	logger := slog.New(handlerFunc(func(r slog.Record) {
		if r.Message == "worker started" {
			once.Do(func() { close(started) })
		}
	}))
	w, err := worker.New(c, testenv.UniqueID(t), worker.Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	must(t, w.RegisterActivity(flaky))
	ran := make(chan error, 1)
	go func() { ran <- w.Run(context.Background()) }()
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not start the worker")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := w.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run = %v, want nil after Stop", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after Stop")
	}
}

// handlerFunc is a slog.Handler that hands each record to a function.
type handlerFunc func(slog.Record)

func (h handlerFunc) Enabled(context.Context, slog.Level) bool      { return true }
func (h handlerFunc) Handle(_ context.Context, r slog.Record) error { h(r); return nil }
func (h handlerFunc) WithAttrs([]slog.Attr) slog.Handler            { return h }
func (h handlerFunc) WithGroup(string) slog.Handler                 { return h }

// An activity learns that its worker is stopping from
// activity.GetWorkerStopChannel as soon as Stop begins, well before the
// grace period ends and its context is cancelled, so it can wrap up.
func TestActivitiesSeeTheWorkerStopChannelCloseWhenStopBegins(t *testing.T) {
	c := dialServer(t)
	started := make(chan struct{}, 1)
	w, err := worker.New(c, testenv.UniqueID(t), worker.Options{GracefulStopTimeout: time.Minute})
	must(t, err)
	must(t, w.RegisterActivityWithOptions(func(ctx context.Context) (string, error) {
		started <- struct{}{}
		select {
		case <-activity.GetWorkerStopChannel(ctx):
			return "wrapped up", nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}, worker.RegisterActivityOptions{Name: "waitsForStop"}))
	must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 2 * time.Minute})
		return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "waitsForStop"))
	}, worker.RegisterWorkflowOptions{Name: "stopChannelWorkflow"}))
	must(t, w.Start(t.Context()))
	if _, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: testenv.UniqueID(t), TaskQueue: w.TaskQueue()}, "stopChannelWorkflow"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("the activity did not start")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	begin := time.Now()
	if err := w.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	// With a minute's grace, only the stop channel ends the activity this
	// soon.
	if took := time.Since(begin); took > 20*time.Second {
		t.Errorf("Stop took %v: the activity did not see the worker stop", took)
	}
	if ch := activity.GetWorkerStopChannel(context.Background()); ch != nil {
		t.Error("outside an activity the stop channel is not nil")
	}
}

package worker_test

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// memoryMetrics keeps every metric in memory by name, with the tags of
// its last report.
type memoryMetrics struct {
	mu       sync.Mutex
	counters map[string]int64
	gauges   map[string]float64
	timers   map[string]int
	tags     map[string]map[string]string
}

func newMemoryMetrics() *memoryMetrics {
	return &memoryMetrics{counters: map[string]int64{}, gauges: map[string]float64{}, timers: map[string]int{}, tags: map[string]map[string]string{}}
}

type memoryHandler struct {
	m    *memoryMetrics
	tags map[string]string
}

type memoryMetric struct {
	h    memoryHandler
	name string
}

func (h memoryHandler) WithTags(tags map[string]string) metrics.Handler {
	merged := maps.Clone(h.tags)
	maps.Copy(merged, tags)
	return memoryHandler{m: h.m, tags: merged}
}
func (h memoryHandler) Counter(name string) metrics.Counter { return memoryMetric{h, name} }
func (h memoryHandler) Gauge(name string) metrics.Gauge     { return memoryMetric{h, name} }
func (h memoryHandler) Timer(name string) metrics.Timer     { return memoryMetric{h, name} }

// waitLocked waits, holding s.mu between looks, up to five seconds for
// done: the worker may report after the client saw the result.
func (s *memoryMetrics) waitLocked(done func() bool) {
	for deadline := time.Now().Add(5 * time.Second); !done() && time.Now().Before(deadline); {
		s.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		s.mu.Lock()
	}
}

func (m memoryMetric) report(f func(*memoryMetrics)) {
	m.h.m.mu.Lock()
	defer m.h.m.mu.Unlock()
	f(m.h.m)
	m.h.m.tags[m.name] = m.h.tags
}
func (m memoryMetric) Inc(d int64) {
	m.report(func(s *memoryMetrics) {
		s.counters[m.name] += d
		if wt := m.h.tags["worker_type"]; wt != "" {
			s.counters[m.name+"|"+wt] += d
		}
	})
}
func (m memoryMetric) Update(v float64) { m.report(func(s *memoryMetrics) { s.gauges[m.name] = v }) }
func (m memoryMetric) Record(_ time.Duration) {
	m.report(func(s *memoryMetrics) { s.timers[m.name]++ })
}

func TestWorkerMetricsReachTheHandler(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(retryingWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	if _, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(3)); err != nil {
		t.Fatal(err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if got := store.counters[metrics.ActivityExecutionFailed]; got != 2 {
		t.Errorf("%s = %d, want 2 (attempts 1 and 2)", metrics.ActivityExecutionFailed, got)
	}
	if got := store.timers[metrics.ActivityExecutionLatency]; got != 3 {
		t.Errorf("%s has %d samples, want 3", metrics.ActivityExecutionLatency, got)
	}
	if got := store.timers[metrics.WorkflowTaskExecutionLatency]; got < 2 {
		t.Errorf("%s has %d samples, want at least 2", metrics.WorkflowTaskExecutionLatency, got)
	}
	// Two workflow tasks (the activity's attempts are the server's
	// retries); the second on the sticky queue.
	if store.counters[metrics.WorkflowTaskQueuePollSucceed] < 2 || store.counters[metrics.StickyCacheHit] < 1 {
		t.Errorf("workflow task polls succeeded %d, sticky hits %d", store.counters[metrics.WorkflowTaskQueuePollSucceed], store.counters[metrics.StickyCacheHit])
	}
	if _, ok := store.gauges[metrics.StickyCacheSize]; !ok {
		t.Errorf("%s was not reported", metrics.StickyCacheSize)
	}
	// The client sees the result before the worker's task goroutine has
	// given its slot back: give it a moment.
	// The gauges hold the last update of either worker type: wait for both
	// to say every slot is back.
	store.waitLocked(func() bool {
		return store.gauges[metrics.WorkerTaskSlotsUsed] == 0 && store.gauges[metrics.WorkerTaskSlotsAvailable] == worker.DefaultMaxConcurrentWorkflowTasks
	})
	if got := store.gauges[metrics.WorkerTaskSlotsUsed]; got != 0 {
		t.Errorf("%s = %v after every task finished, want 0", metrics.WorkerTaskSlotsUsed, got)
	}
	if got := store.gauges[metrics.WorkerTaskSlotsAvailable]; got != float64(worker.DefaultMaxConcurrentWorkflowTasks) && got != float64(worker.DefaultMaxConcurrentActivities) {
		t.Errorf("%s = %v after every task finished, want all slots of a worker type", metrics.WorkerTaskSlotsAvailable, got)
	}
	// The official SDKs' dashboards read these too. The close is counted
	// once the worker's completion is answered, which may be after the
	// client saw the result.
	// The same goes for the activity's success, counted once the server
	// answered its completion, independently of the workflow's close.
	store.waitLocked(func() bool {
		return store.counters[metrics.WorkflowCompleted] != 0 && store.timers[metrics.ActivitySucceedEndToEndLatency] != 0
	})
	for name, want := range map[string]int64{metrics.WorkflowCompleted: 1} {
		if got := store.counters[name]; got != want {
			t.Errorf("%s = %d, want %d", name, got, want)
		}
	}
	for _, name := range []string{metrics.WorkflowEndToEndLatency, metrics.WorkflowTaskScheduleToStartLatency,
		metrics.ActivityScheduleToStartLatency, metrics.ActivitySucceedEndToEndLatency} {
		if store.timers[name] == 0 {
			t.Errorf("%s was not recorded", name)
		}
	}
	if got := store.timers[metrics.ActivitySucceedEndToEndLatency]; got != 1 {
		t.Errorf("%s has %d samples, want 1 (the attempt that succeeded)", metrics.ActivitySucceedEndToEndLatency, got)
	}
	tags := store.tags[metrics.ActivityExecutionFailed]
	for _, key := range []string{"namespace", "task_queue", "activity_type"} {
		if tags[key] == "" {
			t.Errorf("%s lacks tag %s: %s", metrics.ActivityExecutionFailed, key, strings.Join(slices.Sorted(maps.Keys(tags)), ","))
		}
	}
	if tags["task_queue"] != w.TaskQueue() || tags["activity_type"] != "flaky" {
		t.Errorf("tags %v", tags)
	}
}

func TestActivitiesOnTheWorkersQueueRunEagerly(t *testing.T) {
	for _, disabled := range []bool{false, true} {
		store := newMemoryMetrics()
		c := dialServer(t)
		w := startWorker(t, c, worker.Options{DisableEagerActivities: disabled, MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
			must(t, w.RegisterWorkflow(retryingWorkflow))
			must(t, w.RegisterActivity(flaky))
		})
		for range 3 {
			if _, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(1)); err != nil {
				t.Fatal(err)
			}
		}
		store.mu.Lock()
		polled, ran := store.counters[metrics.ActivityPollSucceed+"|ActivityWorker"], store.timers[metrics.ActivityExecutionLatency]
		store.mu.Unlock()
		switch {
		case ran != 3:
			t.Errorf("disabled=%v: %d activities ran, want 3", disabled, ran)
		case !disabled && polled != 0:
			t.Errorf("%d activity tasks came from polls; eager execution should have handed all 3 back with their workflow tasks", polled)
		case disabled && polled != 3:
			t.Errorf("eager execution off: %d activity tasks polled, want 3", polled)
		}
	}
}

// countSignals sums the integers it receives on "add" until "done".
func countSignals(ctx workflow.Context) (int, error) {
	sum := 0
	add := workflow.GetSignalChannel(ctx, "add")
	for {
		var n int
		add.Receive(ctx, &n)
		if n == 0 {
			return sum, nil
		}
		sum += n
	}
}

// TestCorruptSignalsAreLoggedAndCounted sends a signal whose payload does
// not decode into the workflow's type. The workflow drops it and goes on,
// as the official SDK does, but the worker says so: an error log line
// naming the workflow, the signal and the decode error, and the official
// SDK's corrupted-signals counter, once however often the run replays.
func TestCorruptSignalsAreLoggedAndCounted(t *testing.T) {
	store := newMemoryMetrics()
	logs := &syncBuffer{}
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{
		MetricsHandler: memoryHandler{m: store, tags: map[string]string{}},
		Logger:         slog.New(slog.NewTextHandler(logs, nil)),
		// Every task replays the run, so a count that ignored replay
		// would grow with each signal.
		StickyCacheSize: worker.NoStickyCache,
	}, func(w *worker.Worker) { must(t, w.RegisterWorkflow(countSignals)) })
	id := testenv.UniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "countSignals")
	must(t, err)
	must(t, c.SignalWorkflow(t.Context(), id, "", "add", 2))
	must(t, c.SignalWorkflow(t.Context(), id, "", "add", "not a number"))
	must(t, c.SignalWorkflow(t.Context(), id, "", "add", 3))
	must(t, c.SignalWorkflow(t.Context(), id, "", "add", 0))
	var sum int
	if err := run.Get(t.Context(), &sum); err != nil || sum != 5 {
		t.Fatalf("result %d, %v; want 5 with the corrupt signal dropped", sum, err)
	}
	store.mu.Lock()
	got, tags := store.counters[metrics.CorruptedSignals], store.tags[metrics.CorruptedSignals]
	store.mu.Unlock()
	if got != 1 {
		t.Errorf("%s = %d, want 1", metrics.CorruptedSignals, got)
	}
	if tags["workflow_type"] != "countSignals" || tags["task_queue"] != w.TaskQueue() {
		t.Errorf("%s tags %v, want workflow_type countSignals and the task queue", metrics.CorruptedSignals, tags)
	}
	out := logs.String()
	for _, want := range []string{"level=ERROR", "signal=add", "workflow_id=" + id, "workflow_type=countSignals", "error="} {
		if !strings.Contains(out, want) {
			t.Errorf("the worker's log lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "signal was dropped"); n != 1 {
		t.Errorf("the dropped signal was logged %d times, want once:\n%s", n, out)
	}
}

// placeOrder counts an order before and after a timer: without a sticky
// cache the second task replays the first from the start.
func placeOrder(ctx workflow.Context) error {
	m := workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"shop": "north"})
	m.Counter("orders_placed").Inc(1)
	if err := workflow.Sleep(ctx, 10*time.Millisecond); err != nil {
		return err
	}
	m.Counter("orders_shipped").Inc(1)
	return nil
}

// TestWorkflowMetricsCarryTheWorkersTagsAndCountOnce: what a workflow
// records through workflow.GetMetricsHandler reaches the worker's handler
// with the worker's tags, the workflow type and its own, once, though a
// worker without a sticky cache ran the code before the timer twice.
func TestWorkflowMetricsCarryTheWorkersTagsAndCountOnce(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{StickyCacheSize: worker.NoStickyCache, MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}},
		func(w *worker.Worker) { must(t, w.RegisterWorkflow(placeOrder)) })
	if _, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "placeOrder"); err != nil {
		t.Fatal(err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if placed, shipped := store.counters["orders_placed"], store.counters["orders_shipped"]; placed != 1 || shipped != 1 {
		t.Errorf("orders placed %d, shipped %d; want 1 each: a replay counted again", placed, shipped)
	}
	want := map[string]string{"namespace": c.Namespace(), "task_queue": w.TaskQueue(), "workflow_type": "placeOrder", "shop": "north"}
	if tags := store.tags["orders_placed"]; !maps.Equal(tags, want) {
		t.Errorf("tags %v, want %v", tags, want)
	}
}

// Local activity attempts, the worker's start and its pollers are reported
// under the official SDKs' names too.
func TestLocalActivityAndPollerMetrics(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(localWorkflow))
		must(t, w.RegisterActivity(localFlaky))
	})
	if _, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "localWorkflow", int32(2), 10*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	for name, want := range map[string]int64{
		metrics.LocalActivityTotal:           3, // localFlaky fails once, then it and the function succeed
		metrics.LocalActivityExecutionFailed: 1,
		metrics.WorkerStart:                  2, // a workflow worker and an activity worker, as the official SDK counts them
	} {
		if got := store.counters[name]; got != want {
			t.Errorf("%s = %d, want %d", name, got, want)
		}
	}
	if got := store.timers[metrics.LocalActivitySucceedEndToEndLatency]; got != 2 {
		t.Errorf("%s has %d samples, want 2", metrics.LocalActivitySucceedEndToEndLatency, got)
	}
	if store.counters[metrics.PollerStart] == 0 || store.gauges[metrics.NumPollers] == 0 {
		t.Errorf("pollers: %d started, gauge %v", store.counters[metrics.PollerStart], store.gauges[metrics.NumPollers])
	}
}

// A full sticky cache's evictions are counted, as the official SDK counts
// them.
func TestStickyCacheEvictionsAreCounted(t *testing.T) {
	store := newMemoryMetrics()
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{StickyCacheSize: 1, MetricsHandler: memoryHandler{m: store, tags: map[string]string{}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
			if err := workflow.SetQueryHandler(ctx, "ready", func() (bool, error) { return true, nil }); err != nil {
				return err
			}
			workflow.GetSignalChannel(ctx, "done").Receive(ctx, nil)
			return nil
		}, worker.RegisterWorkflowOptions{Name: "waitsInTheCache"}))
	})
	// Two runs that each wait: the second pushes the first out.
	for range 2 {
		run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: testenv.UniqueID(t), TaskQueue: w.TaskQueue()}, "waitsInTheCache")
		must(t, err)
		t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), run.ID(), "", "test over") })
		// Wait for its first task to complete, so the run sits in the cache.
		if _, err := client.Query[bool](t.Context(), c, run.ID(), "", "ready"); err != nil {
			t.Fatal(err)
		}
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	// The worker caches a run after the server accepted its task, so the
	// query can answer before the second run pushes the first out.
	store.waitLocked(func() bool { return store.counters[metrics.StickyCacheTotalForcedEviction] >= 1 })
	if got := store.counters[metrics.StickyCacheTotalForcedEviction]; got < 1 {
		t.Errorf("%s = %d, want at least 1", metrics.StickyCacheTotalForcedEviction, got)
	}
}

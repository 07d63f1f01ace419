package worker_test

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/worker"
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
	if store.counters[metrics.PollSucceed] < 3 || store.counters[metrics.StickyCacheHit] < 1 {
		t.Errorf("poll succeed %d, sticky hits %d", store.counters[metrics.PollSucceed], store.counters[metrics.StickyCacheHit])
	}
	if _, ok := store.gauges[metrics.StickyCacheSize]; !ok {
		t.Errorf("%s was not reported", metrics.StickyCacheSize)
	}
	// The client sees the result before the worker's task goroutine has
	// given its slot back: give it a moment.
	for deadline := time.Now().Add(5 * time.Second); store.gauges[metrics.WorkerTaskSlotsUsed] != 0 && time.Now().Before(deadline); {
		store.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		store.mu.Lock()
	}
	if got := store.gauges[metrics.WorkerTaskSlotsUsed]; got != 0 {
		t.Errorf("%s = %v after every task finished, want 0", metrics.WorkerTaskSlotsUsed, got)
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
		polled, ran := store.counters[metrics.PollSucceed+"|ActivityWorker"], store.timers[metrics.ActivityExecutionLatency]
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

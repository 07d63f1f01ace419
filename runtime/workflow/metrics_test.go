package workflow_test

import (
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// countingHandler counts what counters record, by name and tags.
type countingHandler struct {
	mu     *sync.Mutex
	counts map[string]int64
	tags   map[string]string
}

func newCountingHandler() countingHandler {
	return countingHandler{mu: new(sync.Mutex), counts: map[string]int64{}, tags: map[string]string{}}
}

func (h countingHandler) WithTags(tags map[string]string) metrics.Handler {
	merged := maps.Clone(h.tags)
	maps.Copy(merged, tags)
	return countingHandler{mu: h.mu, counts: h.counts, tags: merged}
}
func (h countingHandler) Counter(name string) metrics.Counter { return countingMetric{h, name} }
func (h countingHandler) Gauge(name string) metrics.Gauge     { return countingMetric{h, name} }
func (h countingHandler) Timer(name string) metrics.Timer     { return countingMetric{h, name} }

type countingMetric struct {
	h    countingHandler
	name string
}

// key is the metric's name and its tags, sorted.
func (m countingMetric) key() string {
	k := m.name
	for _, t := range slices.Sorted(maps.Keys(m.h.tags)) {
		k += " " + t + "=" + m.h.tags[t]
	}
	return k
}

func (m countingMetric) add(d int64) {
	m.h.mu.Lock()
	defer m.h.mu.Unlock()
	m.h.counts[m.key()] += d
}
func (m countingMetric) Inc(d int64)          { m.add(d) }
func (m countingMetric) Update(float64)       { m.add(1) }
func (m countingMetric) Record(time.Duration) { m.add(1) }

// TestMetricsAreNotRecordedDuringReplay: a worker without the run cached
// replays its first task and runs the second live; what the replayed code
// records is dropped, so each counter counts its event once, with the tags
// the workflow added.
func TestMetricsAreNotRecordedDuringReplay(t *testing.T) {
	h := newCountingHandler()
	wf := func(ctx workflow.Context) error {
		m := workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"shop": "north"})
		m.Counter("orders_started").Inc(1)
		m.Gauge("orders_open").Update(1)
		m.Timer("orders_wait").Record(time.Second)
		err := workflow.Sleep(ctx, time.Hour)
		m.Counter("orders_woken").Inc(1)
		return err
	}
	runTask(t, engine.Params{MetricsHandler: h}, firstTask(t), wf)
	// The history's second task: the workflow was cancelled while it slept.
	runTask(t, engine.Params{MetricsHandler: h}, &engine.Task{Events: history(t, "sdkgo-wait-cancel.json")[:8], PreviousStartedEventID: 3, StartedEventID: 8}, wf)
	want := map[string]int64{"orders_started shop=north": 1, "orders_woken shop=north": 1, "orders_open shop=north": 1, "orders_wait shop=north": 1}
	if !maps.Equal(h.counts, want) {
		t.Errorf("recorded %v, want %v", h.counts, want)
	}
}

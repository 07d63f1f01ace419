package orders_test

import (
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/examples/orders"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// tagRecorder keeps the tags of every metric recorded, by name.
type tagRecorder struct {
	mu   sync.Mutex
	seen map[string][]map[string]string
}

type tagHandler struct {
	r    *tagRecorder
	tags map[string]string
}

func (h tagHandler) WithTags(tags map[string]string) metrics.Handler {
	merged := maps.Clone(h.tags)
	maps.Copy(merged, tags)
	return tagHandler{h.r, merged}
}

func (h tagHandler) note(name string) {
	h.r.mu.Lock()
	defer h.r.mu.Unlock()
	h.r.seen[name] = append(h.r.seen[name], h.tags)
}

func (h tagHandler) Counter(name string) metrics.Counter { return tagMetric{h, name} }
func (h tagHandler) Gauge(name string) metrics.Gauge     { return tagMetric{h, name} }
func (h tagHandler) Timer(name string) metrics.Timer     { return tagMetric{h, name} }

type tagMetric struct {
	h    tagHandler
	name string
}

func (m tagMetric) Inc(int64)            { m.h.note(m.name) }
func (m tagMetric) Update(float64)       { m.h.note(m.name) }
func (m tagMetric) Record(time.Duration) { m.h.note(m.name) }

func (r *tagRecorder) tags(name string) []map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[name]
}

// TestLocalActivityMetricsCarryTheWorkflowType: the metrics of a generated
// local activity call (ReserveInventoryLocal in ProcessOrder) carry
// workflow_type as well as activity_type, as the official SDK tags them
// (v1.51.0 internal/internal_task_pollers.go executeLocalActivityTask:
// lath.metricsHandler.WithTags(metrics.LocalActivityTags(workflowType,
// activityType))) and as this SDK tags a regular activity's metrics. A
// dashboard that splits local activity latency or failures by workflow
// type shows nothing otherwise.
func TestLocalActivityMetricsCarryTheWorkflowType(t *testing.T) {
	t.Parallel()
	rec := &tagRecorder{seen: map[string][]map[string]string{}}
	e := newEnv(t, fastCharges())
	taskQueue := testenv.UniqueID(t) + "-metered"
	startOrdersWorker(t, e.c, taskQueue, worker.Options{MetricsHandler: tagHandler{rec, map[string]string{}}}, orders.Workflows{}, fastCharges())
	run, err := e.orders.ProcessOrderAsync(e.ctx(), newOrder(t, 0), client.WithTaskQueue(taskQueue))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := run.Get(e.ctx()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		metrics.ActivityExecutionLatency, // held: the regular activity's
		metrics.LocalActivityTotal,
		metrics.LocalActivityExecutionLatency,
		metrics.LocalActivitySucceedEndToEndLatency,
	} {
		all := rec.tags(name)
		if len(all) == 0 {
			t.Errorf("%s not recorded", name)
			continue
		}
		for _, tags := range all {
			if tags["workflow_type"] != ordersv1temporal.ProcessOrderWorkflowName || tags["activity_type"] == "" || tags["task_queue"] != taskQueue {
				t.Errorf("%s tags %v; want workflow_type %s, its activity_type and task_queue", name, tags, ordersv1temporal.ProcessOrderWorkflowName)
				break
			}
		}
	}
}

// TestWorkerAndPollerStartCarryTheWorkerType: a worker of the generated
// workflows and activities reports temporal_worker_start and
// temporal_poller_start per worker type, tagged worker_type
// (WorkflowWorker, ActivityWorker), as the official SDK does: each of its
// base workers records both on a handler tagged
// metrics.WorkerTags(workerType) (v1.51.0 internal/internal_worker_base.go:
// newBaseWorker, metricsHandler.WithTags(metrics.WorkerTags(...)); Start:
// Counter(WorkerStartCounter); runPoller: Counter(PollerStartCounter)).
func TestWorkerAndPollerStartCarryTheWorkerType(t *testing.T) {
	t.Parallel()
	rec := &tagRecorder{seen: map[string][]map[string]string{}}
	e := newEnv(t, fastCharges())
	startOrdersWorker(t, e.c, testenv.UniqueID(t)+"-metered", worker.Options{MetricsHandler: tagHandler{rec, map[string]string{}}}, orders.Workflows{}, fastCharges())
	for _, name := range []string{metrics.WorkerStart, metrics.PollerStart} {
		types := map[string]bool{}
		for _, tags := range rec.tags(name) {
			types[tags["worker_type"]] = true
		}
		if !types["WorkflowWorker"] || !types["ActivityWorker"] || types[""] {
			t.Errorf("%s recorded with worker_type %v; want WorkflowWorker and ActivityWorker, none untagged", name, types)
		}
	}
}

package metrics_test

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/workflowdef/workflowdef/runtime/metrics"
)

// printHandler prints every measurement with its tags: the smallest
// useful Handler, and a template for adapters to other libraries.
type printHandler struct{ tags map[string]string }

func (h printHandler) WithTags(tags map[string]string) metrics.Handler {
	merged := maps.Clone(h.tags)
	maps.Copy(merged, tags)
	return printHandler{merged}
}
func (h printHandler) Counter(name string) metrics.Counter { return printMetric{h, name} }
func (h printHandler) Gauge(name string) metrics.Gauge     { return printMetric{h, name} }
func (h printHandler) Timer(name string) metrics.Timer     { return printMetric{h, name} }

type printMetric struct {
	h    printHandler
	name string
}

func (m printMetric) print(v any) {
	fmt.Print(m.name, " ", v)
	for _, k := range slices.Sorted(maps.Keys(m.h.tags)) {
		fmt.Printf(" %s=%s", k, m.h.tags[k])
	}
	fmt.Println()
}
func (m printMetric) Inc(d int64)            { m.print(d) }
func (m printMetric) Update(v float64)       { m.print(v) }
func (m printMetric) Record(d time.Duration) { m.print(d) }

func Example() {
	var h metrics.Handler = printHandler{map[string]string{}}
	h = h.WithTags(map[string]string{"task_queue": "orders"})
	h.WithTags(map[string]string{"activity_type": "Charge"}).Timer(metrics.ActivityExecutionLatency).Record(120 * time.Millisecond)
	h.Gauge(metrics.StickyCacheSize).Update(42)
	metrics.Nop.Counter(metrics.WorkflowTaskQueuePollSucceed).Inc(1) // the default: nothing
	// Output:
	// temporal_activity_execution_latency 120ms activity_type=Charge task_queue=orders
	// temporal_sticky_cache_size 42 task_queue=orders
}

package worker_test

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

func TestWorkerMetricsReachTheMeterProvider(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{MeterProvider: provider}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(retryingWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	if _, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(3)); err != nil {
		t.Fatal(err)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	sums := map[string]int64{}
	histograms := map[string]uint64{}
	seen := map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			seen[m.Name] = true
			switch data := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range data.DataPoints {
					if v, ok := p.Attributes.Value("task_queue"); !ok || v != attribute.StringValue(w.TaskQueue()) {
						t.Errorf("%s lacks the task_queue attribute: %v", m.Name, p.Attributes)
					}
					sums[m.Name] += p.Value
				}
			case metricdata.Histogram[float64]:
				for _, p := range data.DataPoints {
					histograms[m.Name] += p.Count
				}
			}
		}
	}
	if got := sums["temporal_activity_execution_failed"]; got != 2 {
		t.Errorf("temporal_activity_execution_failed = %d, want 2 (attempts 1 and 2)", got)
	}
	if got := histograms["temporal_activity_execution_latency"]; got != 3 {
		t.Errorf("temporal_activity_execution_latency has %d samples, want 3", got)
	}
	if got := histograms["temporal_workflow_task_execution_latency"]; got < 2 {
		t.Errorf("temporal_workflow_task_execution_latency has %d samples, want at least 2", got)
	}
	if sums["temporal_poll_succeed"] < 5 || sums["temporal_sticky_cache_hit"] < 1 {
		t.Errorf("poll succeed %d, sticky hits %d", sums["temporal_poll_succeed"], sums["temporal_sticky_cache_hit"])
	}
	if !seen["temporal_sticky_cache_size"] {
		t.Error("temporal_sticky_cache_size was not observed")
	}
}

package opentelemetry_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/workflowdef/workflowdef/contrib/opentelemetry"
	"github.com/workflowdef/workflowdef/runtime/metrics"
)

func TestHandlerReportsThroughOpenTelemetry(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	var h metrics.Handler = opentelemetry.NewMetricsHandler(provider.Meter("test"))
	h = h.WithTags(map[string]string{"namespace": "default"})
	tagged := h.WithTags(map[string]string{"activity_type": "Charge"})
	tagged.Counter(metrics.ActivityExecutionFailed).Inc(2)
	tagged.Counter(metrics.ActivityExecutionFailed).Inc(1)
	tagged.Timer(metrics.ActivityExecutionLatency).Record(1500 * time.Millisecond)
	h.Gauge(metrics.StickyCacheSize).Update(7)

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			found[m.Name] = true
			switch data := m.Data.(type) {
			case metricdata.Sum[int64]:
				p := data.DataPoints[0]
				if p.Value != 3 || !hasAttrs(p.Attributes, "namespace", "default", "activity_type", "Charge") {
					t.Errorf("%s = %d with %v", m.Name, p.Value, p.Attributes)
				}
			case metricdata.Histogram[float64]:
				p := data.DataPoints[0]
				if p.Count != 1 || p.Sum != 1.5 || m.Unit != "s" {
					t.Errorf("%s: count %d, sum %v, unit %q", m.Name, p.Count, p.Sum, m.Unit)
				}
			case metricdata.Gauge[float64]:
				p := data.DataPoints[0]
				if p.Value != 7 || !hasAttrs(p.Attributes, "namespace", "default") {
					t.Errorf("%s = %v with %v", m.Name, p.Value, p.Attributes)
				}
			}
		}
	}
	for _, name := range []string{metrics.ActivityExecutionFailed, metrics.ActivityExecutionLatency, metrics.StickyCacheSize} {
		if !found[name] {
			t.Errorf("%s not collected", name)
		}
	}
}

func hasAttrs(set attribute.Set, kv ...string) bool {
	for i := 0; i < len(kv); i += 2 {
		if v, ok := set.Value(attribute.Key(kv[i])); !ok || v.AsString() != kv[i+1] {
			return false
		}
	}
	return true
}

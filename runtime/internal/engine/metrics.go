package engine

import (
	"time"

	"github.com/workflowdef/workflowdef/runtime/metrics"
)

// GetMetricsHandler returns the workflow's metrics handler: metrics carry
// the worker's tags and the workflow type, and are dropped while the
// workflow replays history, so each event is counted once however often
// the code runs.
func GetMetricsHandler(ctx Context) metrics.Handler {
	x := executionOf(ctx)
	return replayAwareMetrics{inner: x.metrics(), x: x}
}

func (x *Execution) metrics() metrics.Handler {
	if x.params.MetricsHandler == nil {
		return metrics.Nop
	}
	return x.params.MetricsHandler
}

// replayAwareMetrics drops what is recorded while the run replays.
type replayAwareMetrics struct {
	inner metrics.Handler
	x     *Execution
}

func (m replayAwareMetrics) WithTags(tags map[string]string) metrics.Handler {
	return replayAwareMetrics{inner: m.inner.WithTags(tags), x: m.x}
}

func (m replayAwareMetrics) Counter(name string) metrics.Counter {
	return replayAwareInstrument{counter: m.inner.Counter(name), x: m.x}
}

func (m replayAwareMetrics) Gauge(name string) metrics.Gauge {
	return replayAwareInstrument{gauge: m.inner.Gauge(name), x: m.x}
}

func (m replayAwareMetrics) Timer(name string) metrics.Timer {
	return replayAwareInstrument{timer: m.inner.Timer(name), x: m.x}
}

// replayAwareInstrument is one of a counter, gauge or timer that records
// only outside replay.
type replayAwareInstrument struct {
	counter metrics.Counter
	gauge   metrics.Gauge
	timer   metrics.Timer
	x       *Execution
}

func (i replayAwareInstrument) Inc(delta int64) {
	if !i.x.replaying {
		i.counter.Inc(delta)
	}
}

func (i replayAwareInstrument) Update(value float64) {
	if !i.x.replaying {
		i.gauge.Update(value)
	}
}

func (i replayAwareInstrument) Record(d time.Duration) {
	if !i.x.replaying {
		i.timer.Record(d)
	}
}

// droppedSignal reports a signal whose payload did not decode into the
// type the workflow receives it as. The signal is dropped, as the
// official SDK drops it, so the workflow goes on; the log line and the
// counter are how anyone learns of it.
func (x *Execution) droppedSignal(name string, err error) {
	if x.replaying {
		return
	}
	x.logger().Error("workflow: a signal was dropped because its payload does not decode into the type the workflow receives it as; fix the sender or the receiving type",
		"signal", name, "workflow_type", x.info.WorkflowType, "workflow_id", x.info.WorkflowID, "run_id", x.info.RunID, "error", err)
	x.metrics().Counter(metrics.CorruptedSignals).Inc(1)
}

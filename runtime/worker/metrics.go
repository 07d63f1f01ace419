package worker

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// meterName is the instrumentation scope of the worker's metrics.
const meterName = "github.com/workflowdef/workflowdef/runtime/worker"

// workerMetrics are the worker's instruments. Names follow the official
// SDKs' metric names, so Temporal's published dashboards and alerts work
// unchanged; durations are in seconds, as OpenTelemetry prefers.
type workerMetrics struct {
	base attribute.Set

	pollSucceed     metric.Int64Counter
	pollEmpty       metric.Int64Counter
	pollFailed      metric.Int64Counter
	workflowLatency metric.Float64Histogram
	workflowFailed  metric.Int64Counter
	stickyHit       metric.Int64Counter
	stickyMiss      metric.Int64Counter
	activityLatency metric.Float64Histogram
	activityFailed  metric.Int64Counter
	localLatency    metric.Float64Histogram
	slotsUsed       metric.Int64UpDownCounter
}

// newWorkerMetrics builds the instruments on provider; nil records
// nothing. cacheSize, if set, is observed as the sticky cache's size until
// close is called.
func newWorkerMetrics(provider metric.MeterProvider, namespace, taskQueue string, cacheSize func() int64) (wm *workerMetrics, close func() error, err error) {
	if provider == nil {
		provider = noop.NewMeterProvider()
	}
	m := provider.Meter(meterName)
	wm = &workerMetrics{base: attribute.NewSet(attribute.String("namespace", namespace), attribute.String("task_queue", taskQueue))}
	counter := func(dst *metric.Int64Counter, name, desc string) {
		if err == nil {
			*dst, err = m.Int64Counter(name, metric.WithDescription(desc))
		}
	}
	histogram := func(dst *metric.Float64Histogram, name, desc string) {
		if err == nil {
			*dst, err = m.Float64Histogram(name, metric.WithDescription(desc), metric.WithUnit("s"))
		}
	}
	counter(&wm.pollSucceed, "temporal_poll_succeed", "Polls that returned a task.")
	counter(&wm.pollEmpty, "temporal_poll_empty", "Polls that returned no task (long poll timed out).")
	counter(&wm.pollFailed, "temporal_poll_failed", "Polls that failed.")
	histogram(&wm.workflowLatency, "temporal_workflow_task_execution_latency", "Time to process a workflow task, local activities included.")
	counter(&wm.workflowFailed, "temporal_workflow_task_execution_failed", "Workflow tasks that failed (nondeterminism, panics, unregistered types).")
	counter(&wm.stickyHit, "temporal_sticky_cache_hit", "Workflow tasks that continued a cached run.")
	counter(&wm.stickyMiss, "temporal_sticky_cache_miss", "Workflow tasks that rebuilt their run from history.")
	histogram(&wm.activityLatency, "temporal_activity_execution_latency", "Time an activity attempt ran.")
	counter(&wm.activityFailed, "temporal_activity_execution_failed", "Activity attempts that failed.")
	histogram(&wm.localLatency, "temporal_local_activity_execution_latency", "Time a local activity attempt ran.")
	if err == nil {
		wm.slotsUsed, err = m.Int64UpDownCounter("temporal_worker_task_slots_used", metric.WithDescription("Task slots in use, by worker_type."))
	}
	close = func() error { return nil }
	if err == nil && cacheSize != nil {
		var gauge metric.Int64ObservableGauge
		if gauge, err = m.Int64ObservableGauge("temporal_sticky_cache_size", metric.WithDescription("Workflow runs in the sticky cache.")); err == nil {
			var reg metric.Registration
			reg, err = m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
				o.ObserveInt64(gauge, cacheSize(), metric.WithAttributeSet(wm.base))
				return nil
			}, gauge)
			if err == nil {
				close = reg.Unregister
			}
		}
	}
	return wm, close, err
}

func (m *workerMetrics) attrs(kv ...attribute.KeyValue) metric.MeasurementOption {
	return metric.WithAttributeSet(attribute.NewSet(append(m.base.ToSlice(), kv...)...))
}

// Every event method is a no-op on a nil *workerMetrics: handlers built
// in tests have none.

// poll records a poll's outcome for a worker type.
func (m *workerMetrics) poll(kind string, gotTask bool, err error) {
	if m == nil {
		return
	}
	c := m.pollSucceed
	switch {
	case err != nil:
		c = m.pollFailed
	case !gotTask:
		c = m.pollEmpty
	}
	c.Add(context.Background(), 1, m.attrs(workerType(kind)))
}

// slot moves the used-slot count of a worker type by delta.
func (m *workerMetrics) slot(kind string, delta int64) {
	if m == nil {
		return
	}
	m.slotsUsed.Add(context.Background(), delta, m.attrs(workerType(kind)))
}

// workflowTask records a processed workflow task.
func (m *workerMetrics) workflowTask(workflowType string, start time.Time, err error) {
	if m == nil {
		return
	}
	opt := m.attrs(attribute.String("workflow_type", workflowType))
	m.workflowLatency.Record(context.Background(), time.Since(start).Seconds(), opt)
	if err != nil {
		m.workflowFailed.Add(context.Background(), 1, opt)
	}
}

// sticky records whether a task continued a cached run.
func (m *workerMetrics) sticky(workflowType string, hit bool) {
	if m == nil {
		return
	}
	c := m.stickyMiss
	if hit {
		c = m.stickyHit
	}
	c.Add(context.Background(), 1, m.attrs(attribute.String("workflow_type", workflowType)))
}

// activity records an activity attempt.
func (m *workerMetrics) activity(activityType string, start time.Time, err error) {
	if m == nil {
		return
	}
	opt := m.attrs(attribute.String("activity_type", activityType))
	m.activityLatency.Record(context.Background(), time.Since(start).Seconds(), opt)
	if err != nil {
		m.activityFailed.Add(context.Background(), 1, opt)
	}
}

// localActivity records a local activity attempt.
func (m *workerMetrics) localActivity(activityType string, start time.Time) {
	if m == nil {
		return
	}
	m.localLatency.Record(context.Background(), time.Since(start).Seconds(), m.attrs(attribute.String("activity_type", activityType)))
}

// workerType tags poll and slot metrics as the official SDKs do.
func workerType(kind string) attribute.KeyValue { return attribute.String("worker_type", kind) }

// Package metrics is the small interface the worker reports its metrics
// through, shaped like the official Go SDK's metrics.Handler so existing
// adapters are easy to port. The main module carries no metrics library:
// plug one in with an adapter, such as the OpenTelemetry one in the
// contrib/opentelemetry module.
//
// A [Handler] hands out [Counter]s, [Gauge]s and [Timer]s by name, and
// [Handler.WithTags] narrows it to a namespace, a task queue, a workflow
// type. Set one as the worker's Options.MetricsHandler; the worker, and the
// engine through it, report to it, and [Nop], the default, records nothing.
// An adapter is a few dozen lines: the package example prints every
// measurement and is a template for one.
//
// Metric names follow the official SDKs (temporal_workflow_task_
// execution_latency, temporal_workflow_task_queue_poll_empty,
// temporal_sticky_cache_hit, ...), so Temporal's published dashboards and
// alerts work unchanged; the few the official SDKs lack say in their
// comments that they are workflowdef's own. Tags carry namespace,
// task_queue, worker_type, workflow_type and activity_type.
package metrics

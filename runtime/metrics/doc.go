// Package metrics is the small interface the client and the worker report
// their metrics through, shaped like the official Go SDK's metrics.Handler so existing
// adapters are easy to port. The main module carries no metrics library:
// plug one in with an adapter, such as the OpenTelemetry one in the
// contrib/opentelemetry module.
//
// A [Handler] hands out [Counter]s, [Gauge]s and [Timer]s by name, and
// [Handler.WithTags] narrows it to a namespace, a task queue, a workflow
// type. Set one as the client's Options.MetricsHandler: the client reports
// its requests to it (temporal_request, temporal_long_request, their
// failures and latencies), and every worker built on the client its
// tasks, polls, slots, sticky cache and workflow closes, unless the
// worker's own Options.MetricsHandler says otherwise. Without one nothing
// is recorded. An adapter is a few dozen lines: the package example prints every
// measurement and is a template for one.
//
// Metric names follow the official SDKs (temporal_workflow_task_
// execution_latency, temporal_workflow_task_queue_poll_empty,
// temporal_sticky_cache_hit, ...), so Temporal's published dashboards and
// alerts find them; the few the official SDKs lack say in their comments
// that they are workflowdef's own. Some of the official SDKs' metrics have
// no counterpart yet (replay latency, Nexus). Tags carry namespace, task_queue, worker_type, workflow_type,
// activity_type, and for requests operation and status_code.
package metrics

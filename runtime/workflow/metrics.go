package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/metrics"
)

// GetMetricsHandler returns the handler for the workflow's own metrics:
// the worker's metrics.Handler (worker.Options.MetricsHandler), with the
// worker's namespace and task_queue tags and the workflow_type tag.
// Nothing is recorded while the workflow replays history, so each counter
// counts an event once however often the code runs. Without a handler on
// the worker, metrics go nowhere.
func GetMetricsHandler(ctx Context) metrics.Handler { return engine.GetMetricsHandler(ctx) }

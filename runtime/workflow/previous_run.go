package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// A cron workflow, or a workflow started by a schedule, runs again and
// again under one workflow ID. Each run can read what the runs before it
// left: the result of the last one that completed, and the failure of the
// one just before if it failed. A workflow retried by its retry policy
// reads its previous attempt's failure the same way.

// HasLastCompletionResult reports whether an earlier run of this cron
// workflow or schedule completed and left its result to this run.
func HasLastCompletionResult(ctx Context) bool { return engine.HasLastCompletionResult(ctx) }

// GetLastCompletionResult decodes the result of the last run of this cron
// workflow or schedule that completed into valuePtrs. It is the last
// successful result even when the most recent run failed. It returns
// temporal.ErrNoData when no run completed yet.
//
// As with json.Unmarshal, decoding into a variable that already holds a
// value may merge the two: pass fresh variables.
func GetLastCompletionResult(ctx Context, valuePtrs ...any) error {
	return engine.GetLastCompletionResult(ctx, valuePtrs...)
}

// GetLastError returns the failure of the run before this one, for a cron
// workflow, a schedule or a retried workflow: nil when that run did not
// fail, or this is the first run. The error is typed as the failure says
// (*temporal.ApplicationError, *temporal.TimeoutError, ...).
func GetLastError(ctx Context) error { return engine.GetLastError(ctx) }

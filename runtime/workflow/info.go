package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Info describes the running workflow: its IDs and type, task queue,
// timeouts, attempt, parent, cron schedule, and how long its history has
// grown.
type Info = engine.Info

// GetInfo describes the running workflow.
func GetInfo(ctx Context) Info { return engine.GetInfo(ctx) }

// IsReplaying reports whether the workflow is replaying history, so code
// with outside effects such as logging can skip them. Decisions must never
// depend on it.
func IsReplaying(ctx Context) bool { return engine.IsReplaying(ctx) }

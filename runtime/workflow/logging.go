package workflow

import (
	"log/slog"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// GetLogger returns the workflow's logger. Records carry the workflow's
// type and IDs and are dropped while the workflow replays, so each line is
// logged once.
func GetLogger(ctx Context) *slog.Logger { return engine.GetLogger(ctx) }

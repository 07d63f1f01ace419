package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// A workflow reaches workflows that are not its children by ID: it can
// signal them and ask them to cancel. Both are commands in its history,
// and their futures resolve when the server has delivered them.

// SignalExternalWorkflow sends a signal to another workflow of the same
// namespace. An empty runID means its latest run. The future fails if the
// workflow does not exist or is closed.
func SignalExternalWorkflow(ctx Context, workflowID, runID, signalName string, arg any) Future {
	return engine.SignalExternalWorkflow(ctx, "", workflowID, runID, signalName, arg)
}

// RequestCancelExternalWorkflow asks another workflow of the same namespace
// to cancel. An empty runID means its latest run. The future is ready once
// the request was delivered, not when the workflow closed.
func RequestCancelExternalWorkflow(ctx Context, workflowID, runID string) Future {
	return engine.RequestCancelExternalWorkflow(ctx, "", workflowID, runID)
}

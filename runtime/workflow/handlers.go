package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Queries read a workflow's state without changing it or its history.
// Updates change it and answer: each is a request the workflow accepts or
// rejects, then runs to a result, in a goroutine of its own.

// SetQueryHandler registers handler for queryType. handler has the shape
// func(args...) (R, error). It runs read-only: it may read workflow state
// but must not block or schedule anything; if it does, the query fails,
// not the workflow.
func SetQueryHandler(ctx Context, queryType string, handler any) error {
	return engine.SetQueryHandler(ctx, queryType, handler)
}

// UpdateHandlerOptions configure an update handler.
type UpdateHandlerOptions struct {
	// Validator, if set, is a func(workflow.Context, args...) error run
	// read-only before the update is accepted; an error rejects the update
	// without a trace in history. It is not run on replay.
	Validator any
}

// SetUpdateHandler registers handler, a func(workflow.Context, args...)
// (R, error) or func(workflow.Context, args...) error, for updates named
// name. Each accepted update runs handler in a new workflow goroutine; its
// result or error is the update's outcome.
func SetUpdateHandler(ctx Context, name string, handler any) error {
	return engine.SetUpdateHandler(ctx, name, handler, nil)
}

// SetUpdateHandlerWithOptions is [SetUpdateHandler] with a validator.
func SetUpdateHandlerWithOptions(ctx Context, name string, handler any, opts UpdateHandlerOptions) error {
	return engine.SetUpdateHandler(ctx, name, handler, opts.Validator)
}

// AllHandlersFinished reports whether every update handler has returned.
// A workflow that returns or continues as new while a handler runs cuts
// the handler short, and the update's caller gets an error instead of its
// result; to let handlers finish first, wait before returning:
//
//	err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
//
// An update counts from the moment its handler is found until the handler
// returns, as in the official Go SDK. Signals have no handlers to wait
// for: the workflow receives them from channels itself.
func AllHandlersFinished(ctx Context) bool { return engine.AllHandlersFinished(ctx) }

// UpdateInfo names the update a handler or validator runs for.
type UpdateInfo = engine.UpdateInfo

// GetCurrentUpdateInfo returns the update whose handler or validator ctx
// belongs to (goroutines the handler starts inherit it), or nil outside
// an update. Its ID is unique within the run: the key for a handler that
// must act once per update however often the caller retries.
func GetCurrentUpdateInfo(ctx Context) *UpdateInfo { return engine.CurrentUpdateInfo(ctx) }

// IsReadOnly reports whether ctx runs a query handler or an update
// validator, where workflow code must not block, schedule anything or
// change the workflow's state.
func IsReadOnly(ctx Context) bool { return engine.IsReadOnly(ctx) }

// SetCurrentDetails sets what the workflow says it is doing now, such as
// "waiting for the carrier": the built-in __temporal_workflow_metadata
// query returns it, and the Temporal UI shows it. It is not history:
// a run rebuilt after a cache miss has what its code set while it
// replayed.
func SetCurrentDetails(ctx Context, details string) { engine.SetCurrentDetails(ctx, details) }

// GetCurrentDetails returns what SetCurrentDetails last set.
func GetCurrentDetails(ctx Context) string { return engine.GetCurrentDetails(ctx) }

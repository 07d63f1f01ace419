package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// ChildWorkflowOptions configure child workflows; see WithChildOptions.
type ChildWorkflowOptions = engine.ChildWorkflowOptions

// ChildWorkflowFuture is a child's result; GetChildWorkflowExecution is
// ready once the child started.
type ChildWorkflowFuture = engine.ChildWorkflowFuture

// Execution names a workflow run: the value GetChildWorkflowExecution
// resolves to.
type Execution = engine.WorkflowExecution

type childOptionsKey struct{}

// WithChildOptions returns ctx whose child workflow calls use opts.
func WithChildOptions(ctx Context, opts ChildWorkflowOptions) Context {
	return engine.WithValue(ctx, childOptionsKey{}, opts)
}

// ExecuteChildWorkflow starts a child workflow with the options of
// WithChildOptions. wf is the workflow type name or function. Cancelling
// ctx after the child started asks it to cancel.
func ExecuteChildWorkflow(ctx Context, wf any, args ...any) ChildWorkflowFuture {
	opts, _ := ctx.Value(childOptionsKey{}).(ChildWorkflowOptions)
	name, err := activityName(wf)
	if err != nil {
		f, set := NewFuture(ctx)
		set.SetError(err)
		return failedChild{Future: f}
	}
	return engine.ExecuteChildWorkflow(ctx, opts, name, args...)
}

type failedChild struct{ Future }

func (f failedChild) GetChildWorkflowExecution() Future { return f.Future }

func (f failedChild) SignalChildWorkflow(Context, string, any) Future { return f.Future }

// SignalExternalWorkflow sends a signal to another workflow of the same
// namespace. An empty runID means its latest run.
func SignalExternalWorkflow(ctx Context, workflowID, runID, signalName string, arg any) Future {
	return engine.SignalExternalWorkflow(ctx, "", workflowID, runID, signalName, arg)
}

// RequestCancelExternalWorkflow asks another workflow of the same namespace
// to cancel.
func RequestCancelExternalWorkflow(ctx Context, workflowID, runID string) Future {
	return engine.RequestCancelExternalWorkflow(ctx, "", workflowID, runID)
}

// Patched reports whether this run follows the code after the change
// patchID guards: true for new runs, false for runs that passed this point
// before the change. It is GetVersion with versions DefaultVersion and 1,
// so histories stay readable by the official Go SDK.
func Patched(ctx Context, patchID string) bool {
	return GetVersion(ctx, patchID, DefaultVersion, 1) == 1
}

// DeprecatePatch marks a patch whose old code path is gone: every run still
// open went past the change. It keeps the marker so histories still replay.
func DeprecatePatch(ctx Context, patchID string) {
	GetVersion(ctx, patchID, 1, 1)
}

// UpdateHandlerOptions configure an update handler.
type UpdateHandlerOptions struct {
	// Validator, if set, is a func(workflow.Context, args...) error run
	// read-only before the update is accepted; an error rejects the update
	// without a trace in history. It is not run on replay.
	Validator any
}

// SetUpdateHandler registers handler, a func(workflow.Context, args...)
// (R, error), for updates named name.
func SetUpdateHandler(ctx Context, name string, handler any) error {
	return engine.SetUpdateHandler(ctx, name, handler, nil)
}

// SetUpdateHandlerWithOptions is SetUpdateHandler with a validator.
func SetUpdateHandlerWithOptions(ctx Context, name string, handler any, opts UpdateHandlerOptions) error {
	return engine.SetUpdateHandler(ctx, name, handler, opts.Validator)
}

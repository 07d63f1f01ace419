package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// ChildWorkflowOptions configure child workflows: ID, task queue, timeouts,
// retry policy, and what happens to the child when the parent closes
// (ParentClosePolicy). Set them on a context with [WithChildOptions].
type ChildWorkflowOptions = engine.ChildWorkflowOptions

// ChildWorkflowFuture is a child's result. Its GetChildWorkflowExecution
// future is ready once the child started, with its [Execution];
// SignalChildWorkflow signals the child once it started.
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
// [WithChildOptions]. wf is the workflow type name or function. Cancelling
// ctx after the child started asks it to cancel.
func ExecuteChildWorkflow(ctx Context, wf any, args ...any) ChildWorkflowFuture {
	opts := GetChildWorkflowOptions(ctx)
	name, err := typeName("a child workflow", wf)
	if err != nil {
		return engine.FailedChildWorkflow(err)
	}
	return engine.ExecuteChildWorkflow(ctx, opts, name, args...)
}

// GetChildWorkflowOptions returns the child workflow options ctx carries,
// set by [WithChildOptions]; the zero value if none.
func GetChildWorkflowOptions(ctx Context) ChildWorkflowOptions {
	opts, _ := ctx.Value(childOptionsKey{}).(ChildWorkflowOptions)
	return opts
}

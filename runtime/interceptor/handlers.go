package interceptor

import (
	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// WorkflowHandlers carries the calls into a workflow run: signals, queries
// and updates, each with the header its sender wrote. It is the inbound
// counterpart of WorkflowOutbound: a tracing interceptor continues the
// sender's trace here, an auth interceptor checks the caller's credential.
//
//   - HandleSignal runs while the run's history is applied, before the
//     workflow receives the signal from its channel; it must not block.
//     An error fails the workflow task, which is retried.
//   - HandleQuery answers a query, read-only.
//   - ValidateUpdate runs before an update is accepted, read-only (also
//     for updates without a validator); an error rejects the update. It
//     is not called on replay.
//   - ExecuteUpdate runs the accepted update's handler.
//
// Like all workflow interceptors these run inside the workflow, on replay
// too (but for ValidateUpdate): they must be deterministic. Embed
// WorkflowHandlersBase in implementations.
type WorkflowHandlers = engine.WorkflowHandlers

// Inputs of the WorkflowHandlers calls. Args are encoded; Header is
// read-only.
type (
	HandleSignalInput = engine.HandleSignalInput
	HandleQueryInput  = engine.HandleQueryInput
	UpdateInput       = engine.UpdateInput
)

// HandlersInterceptor is implemented by a Worker interceptor that also
// intercepts the calls into each workflow run. The worker calls
// InterceptWorkflowHandlers when a run starts, before the run handles
// anything, so the link sees every signal, even one that arrived with the
// start; ctx is the run's root context (workflow.GetInfo works on it).
type HandlersInterceptor interface {
	InterceptWorkflowHandlers(ctx workflow.Context, next WorkflowHandlers) WorkflowHandlers
}

// ChainWorkflowHandlers wraps root in the interceptors that implement
// HandlersInterceptor, the first outermost.
func ChainWorkflowHandlers(interceptors []Worker, ctx workflow.Context, root WorkflowHandlers) WorkflowHandlers {
	for i := len(interceptors) - 1; i >= 0; i-- {
		if h, ok := interceptors[i].(HandlersInterceptor); ok {
			root = h.InterceptWorkflowHandlers(ctx, root)
		}
	}
	return root
}

// WorkflowHandlersBase forwards every call to Next. Embed it in a
// WorkflowHandlers and override the calls you intercept.
type WorkflowHandlersBase struct {
	Next WorkflowHandlers
}

var _ WorkflowHandlers = WorkflowHandlersBase{}

// HandleSignal forwards to Next.
func (b WorkflowHandlersBase) HandleSignal(ctx workflow.Context, in *HandleSignalInput) error {
	return b.Next.HandleSignal(ctx, in)
}

// HandleQuery forwards to Next.
func (b WorkflowHandlersBase) HandleQuery(ctx workflow.Context, in *HandleQueryInput) (*commonpb.Payloads, error) {
	return b.Next.HandleQuery(ctx, in)
}

// ValidateUpdate forwards to Next.
func (b WorkflowHandlersBase) ValidateUpdate(ctx workflow.Context, in *UpdateInput) error {
	return b.Next.ValidateUpdate(ctx, in)
}

// ExecuteUpdate forwards to Next.
func (b WorkflowHandlersBase) ExecuteUpdate(ctx workflow.Context, in *UpdateInput) (*commonpb.Payloads, error) {
	return b.Next.ExecuteUpdate(ctx, in)
}

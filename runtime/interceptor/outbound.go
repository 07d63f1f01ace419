package interceptor

import (
	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// WorkflowOutbound carries the calls a workflow run makes out of itself:
// activities, local activities, child workflows, signals to children and
// to other workflows, and continue-as-new. Each call's input has a Header
// that starts empty; what the links write there is sent with the call, so
// the activity's or the other workflow's interceptors read it. The run's
// own start header is not copied unless a link copies it (see
// PropagateHeaders), as in the official SDK.
//
// Install one through ExecuteWorkflowInput.Outbound. Embed
// WorkflowOutboundBase in implementations: calls added to this interface
// later then keep forwarding.
type WorkflowOutbound = engine.WorkflowOutbound

// Inputs of the WorkflowOutbound calls. Args are the values the workflow
// passed, before encoding; Options are those the call will use, and a link
// may change them.
type (
	StartActivityInput          = engine.StartActivityInput
	StartLocalActivityInput     = engine.StartLocalActivityInput
	StartChildWorkflowInput     = engine.StartChildWorkflowInput
	SignalChildWorkflowInput    = engine.SignalChildWorkflowInput
	SignalExternalWorkflowInput = engine.SignalExternalWorkflowInput
	ContinueAsNewInput          = engine.ContinueAsNewInput
)

// WriteHeaders returns a WorkflowOutbound link that calls write with each
// call's input (a *StartActivityInput, *StartLocalActivityInput,
// *StartChildWorkflowInput, *SignalChildWorkflowInput,
// *SignalExternalWorkflowInput or *ContinueAsNewInput) and its header,
// then passes the call to next. It is all an interceptor needs when it
// only adds header entries: an auth token, a tenant, trace context.
func WriteHeaders(next WorkflowOutbound, write func(ctx workflow.Context, in any, header map[string]*commonpb.Payload)) WorkflowOutbound {
	return engine.WriteHeaders(next, write)
}

// WorkflowOutboundBase forwards every call to Next. Embed it in a
// WorkflowOutbound and override the calls you intercept.
type WorkflowOutboundBase struct {
	Next WorkflowOutbound
}

var _ WorkflowOutbound = WorkflowOutboundBase{}

// StartActivity forwards to Next.
func (b WorkflowOutboundBase) StartActivity(ctx workflow.Context, in *StartActivityInput) workflow.Future {
	return b.Next.StartActivity(ctx, in)
}

// StartLocalActivity forwards to Next.
func (b WorkflowOutboundBase) StartLocalActivity(ctx workflow.Context, in *StartLocalActivityInput) workflow.Future {
	return b.Next.StartLocalActivity(ctx, in)
}

// StartChildWorkflow forwards to Next.
func (b WorkflowOutboundBase) StartChildWorkflow(ctx workflow.Context, in *StartChildWorkflowInput) workflow.ChildWorkflowFuture {
	return b.Next.StartChildWorkflow(ctx, in)
}

// SignalChildWorkflow forwards to Next.
func (b WorkflowOutboundBase) SignalChildWorkflow(ctx workflow.Context, in *SignalChildWorkflowInput) workflow.Future {
	return b.Next.SignalChildWorkflow(ctx, in)
}

// SignalExternalWorkflow forwards to Next.
func (b WorkflowOutboundBase) SignalExternalWorkflow(ctx workflow.Context, in *SignalExternalWorkflowInput) workflow.Future {
	return b.Next.SignalExternalWorkflow(ctx, in)
}

// ContinueAsNew forwards to Next.
func (b WorkflowOutboundBase) ContinueAsNew(ctx workflow.Context, in *ContinueAsNewInput) error {
	return b.Next.ContinueAsNew(ctx, in)
}

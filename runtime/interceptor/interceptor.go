package interceptor

import (
	"context"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// Worker intercepts a worker's workflows and activities.
type Worker interface {
	// InterceptWorkflow returns the link that runs a workflow run, calling
	// next to go on.
	InterceptWorkflow(next WorkflowInbound) WorkflowInbound
	// InterceptActivity returns the link that runs an activity attempt
	// (local activities included), calling next to go on.
	InterceptActivity(next ActivityInbound) ActivityInbound
}

// WorkflowInbound runs a workflow run.
type WorkflowInbound interface {
	ExecuteWorkflow(ctx workflow.Context, in *ExecuteWorkflowInput) (*commonpb.Payloads, error)
}

// ExecuteWorkflowInput is a workflow run's call.
type ExecuteWorkflowInput struct {
	WorkflowType string
	// Header is the header the run was started with; read-only.
	Header map[string]*commonpb.Payload
	// Args are the run's encoded arguments.
	Args *commonpb.Payloads
	// Outbound is the chain the run's calls out (activities, children,
	// signals, continue-as-new) go through. A link that intercepts them
	// replaces it, before calling next, with its own WorkflowOutbound
	// calling the one it found (see WorkflowOutboundBase). The chain that
	// reaches the end of the workflow chain serves the whole run: the
	// workflow function, its goroutines and its handlers. The last link
	// to wrap it is the first to see a call.
	Outbound WorkflowOutbound
}

// ActivityInbound runs an activity attempt.
type ActivityInbound interface {
	ExecuteActivity(ctx context.Context, in *ExecuteActivityInput) (*commonpb.Payloads, error)
}

// ExecuteActivityInput is an activity attempt's call.
type ExecuteActivityInput struct {
	ActivityType string
	// Header is the header the activity was scheduled with (for a local
	// activity, what the workflow's outbound links wrote); read-only.
	Header map[string]*commonpb.Payload
	// Args are the attempt's encoded arguments.
	Args *commonpb.Payloads
}

// WorkflowInboundBase intercepts no workflow: embed it in a Worker that
// intercepts only activities.
type WorkflowInboundBase struct{}

// InterceptWorkflow returns next.
func (WorkflowInboundBase) InterceptWorkflow(next WorkflowInbound) WorkflowInbound { return next }

// ActivityInboundBase intercepts no activity: embed it in a Worker that
// intercepts only workflows.
type ActivityInboundBase struct{}

// InterceptActivity returns next.
func (ActivityInboundBase) InterceptActivity(next ActivityInbound) ActivityInbound { return next }

// WorkflowFunc adapts a function to WorkflowInbound.
type WorkflowFunc func(ctx workflow.Context, in *ExecuteWorkflowInput) (*commonpb.Payloads, error)

// ExecuteWorkflow calls f.
func (f WorkflowFunc) ExecuteWorkflow(ctx workflow.Context, in *ExecuteWorkflowInput) (*commonpb.Payloads, error) {
	return f(ctx, in)
}

// ActivityFunc adapts a function to ActivityInbound.
type ActivityFunc func(ctx context.Context, in *ExecuteActivityInput) (*commonpb.Payloads, error)

// ExecuteActivity calls f.
func (f ActivityFunc) ExecuteActivity(ctx context.Context, in *ExecuteActivityInput) (*commonpb.Payloads, error) {
	return f(ctx, in)
}

// ChainWorkflow wraps root in interceptors, the first outermost.
func ChainWorkflow(interceptors []Worker, root WorkflowInbound) WorkflowInbound {
	for i := len(interceptors) - 1; i >= 0; i-- {
		root = interceptors[i].InterceptWorkflow(root)
	}
	return root
}

// ChainActivity wraps root in interceptors, the first outermost.
func ChainActivity(interceptors []Worker, root ActivityInbound) ActivityInbound {
	for i := len(interceptors) - 1; i >= 0; i-- {
		root = interceptors[i].InterceptActivity(root)
	}
	return root
}

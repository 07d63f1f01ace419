package interceptor_test

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// timing logs how long each activity attempt takes; it leaves workflows
// alone.
type timing struct {
	interceptor.WorkflowInboundBase
	logger *slog.Logger
}

func (t timing) InterceptActivity(next interceptor.ActivityInbound) interceptor.ActivityInbound {
	return interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		start := time.Now()
		result, err := next.ExecuteActivity(ctx, in)
		t.logger.Info("activity attempt", "type", in.ActivityType, "took", time.Since(start), "error", err)
		return result, err
	})
}

// An activity interceptor; pass it in worker.Options.Interceptors.
func Example() {
	var w interceptor.Worker = timing{logger: slog.New(slog.DiscardHandler)}
	root := interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		return in.Args, nil
	})
	chain := interceptor.ChainActivity([]interceptor.Worker{w}, root)
	out, err := chain.ExecuteActivity(context.Background(), &interceptor.ExecuteActivityInput{ActivityType: "Charge"})
	fmt.Println(out, err)
	// Output: <nil> <nil>
}

// caller tells the activities and children of every workflow which
// workflow called them, in a "caller" header entry, and logs it where an
// activity runs.
type caller struct {
	logger *slog.Logger
}

func (caller) InterceptWorkflow(next interceptor.WorkflowInbound) interceptor.WorkflowInbound {
	return interceptor.WorkflowFunc(func(ctx workflow.Context, in *interceptor.ExecuteWorkflowInput) (*commonpb.Payloads, error) {
		// Installed before next runs, the link serves every call of the run.
		in.Outbound = callerOutbound{WorkflowOutboundBase: interceptor.WorkflowOutboundBase{Next: in.Outbound}, workflowType: in.WorkflowType}
		return next.ExecuteWorkflow(ctx, in)
	})
}

func (c caller) InterceptActivity(next interceptor.ActivityInbound) interceptor.ActivityInbound {
	return interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		var from string
		if p, ok := in.Header["caller"]; ok {
			_ = converter.Default().FromPayload(p, &from)
		}
		c.logger.Info("activity attempt", "type", in.ActivityType, "caller", from)
		return next.ExecuteActivity(ctx, in)
	})
}

// callerOutbound writes the header of activities and children; the other
// calls pass through WorkflowOutboundBase unchanged.
type callerOutbound struct {
	interceptor.WorkflowOutboundBase
	workflowType string
}

func (o callerOutbound) StartActivity(ctx workflow.Context, in *interceptor.StartActivityInput) workflow.Future {
	in.Header["caller"], _ = converter.Default().ToPayload(o.workflowType)
	return o.Next.StartActivity(ctx, in)
}

func (o callerOutbound) StartChildWorkflow(ctx workflow.Context, in *interceptor.StartChildWorkflowInput) workflow.ChildWorkflowFuture {
	in.Header["caller"], _ = converter.Default().ToPayload(o.workflowType)
	return o.Next.StartChildWorkflow(ctx, in)
}

// An outbound interceptor writes the header of the calls a workflow makes;
// PropagateHeaders carries entries of the workflow's own start header on.
// Pass them in worker.Options.Interceptors.
func Example_outbound() {
	interceptors := []interceptor.Worker{
		caller{logger: slog.New(slog.DiscardHandler)},
		interceptor.PropagateHeaders("tenant"),
	}
	_ = interceptors // worker.Options{Interceptors: interceptors}
}

// authz refuses updates whose header names no caller, and logs every
// signal's sender; it leaves workflow runs and activities alone.
type authz struct {
	interceptor.WorkflowInboundBase
	interceptor.ActivityInboundBase
}

func (authz) InterceptWorkflowHandlers(ctx workflow.Context, next interceptor.WorkflowHandlers) interceptor.WorkflowHandlers {
	return authzHandlers{interceptor.WorkflowHandlersBase{Next: next}}
}

type authzHandlers struct {
	interceptor.WorkflowHandlersBase
}

func (h authzHandlers) ValidateUpdate(ctx workflow.Context, in *interceptor.UpdateInput) error {
	if _, ok := in.Header["caller"]; !ok {
		return fmt.Errorf("update %s refused: its header names no caller", in.Name)
	}
	return h.Next.ValidateUpdate(ctx, in)
}

func (h authzHandlers) HandleSignal(ctx workflow.Context, in *interceptor.HandleSignalInput) error {
	var caller string
	if p, ok := in.Header["caller"]; ok {
		_ = converter.Default().FromPayload(p, &caller)
	}
	workflow.GetLogger(ctx).Info("signal", "name", in.SignalName, "caller", caller)
	return h.Next.HandleSignal(ctx, in)
}

// A handlers interceptor checks and logs the calls into each workflow run;
// pass it in worker.Options.Interceptors.
func ExampleHandlersInterceptor() {
	var w interceptor.Worker = authz{}
	_, intercepts := w.(interceptor.HandlersInterceptor)
	fmt.Println(intercepts)
	// Output: true
}

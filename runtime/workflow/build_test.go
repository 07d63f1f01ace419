package workflow_test

import (
	"errors"
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// orderRun is the workflow a constructor builds in these tests.
type orderRun interface {
	Execute(workflow.Context) (string, error)
}

type openOrder struct{ id string }

func (o openOrder) Execute(workflow.Context) (string, error) { return o.id, nil }

// TestBuildWorkflowReturnsWhatTheConstructorBuilt: a workflow or an error
// passes through as it is.
func TestBuildWorkflowReturnsWhatTheConstructorBuilt(t *testing.T) {
	refused := errors.New("no such order")
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		w, err := workflow.BuildWorkflow(ctx, "Order", func(_ workflow.Context, id string) (orderRun, error) { return openOrder{id}, nil }, "o-1")
		if got, _ := w.Execute(ctx); err != nil || got != "o-1" {
			t.Errorf("built %v, %v; want the order o-1", w, err)
		}
		if _, err := workflow.BuildWorkflow(ctx, "Order", func(workflow.Context, string) (orderRun, error) { return nil, refused }, "o-2"); err != refused {
			t.Errorf("error %v, want the constructor's", err)
		}
		return nil
	})
}

// TestBuildWorkflowOfANilWorkflowIsAWorkflowPanic: a constructor that
// returns (nil, nil) panics the run with a *NilWorkflowError naming the
// workflow, for the worker's panic policy to handle, rather than leave
// generated code to call a method of the nil workflow.
func TestBuildWorkflowOfANilWorkflowIsAWorkflowPanic(t *testing.T) {
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		w, err := workflow.BuildWorkflow(ctx, "Order", func(workflow.Context, string) (orderRun, error) { return nil, nil }, "o-1")
		if err != nil {
			return nil, err
		}
		_, err = w.Execute(ctx)
		return nil, err
	}})
	defer x.Close()
	_, err := x.ProcessTask(firstTask(t))
	var p *coroutine.PanicError
	nilWorkflow, ok := (*workflow.NilWorkflowError)(nil), false
	if errors.As(err, &p) {
		nilWorkflow, ok = p.Value.(*workflow.NilWorkflowError)
	}
	if !ok || nilWorkflow.WorkflowType != "Order" {
		t.Fatalf("ProcessTask error %v, want a workflow panic with a *NilWorkflowError for Order", err)
	}
}

package workflow_test

import (
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestBadActivityFailsItsFutureWithoutACommand(t *testing.T) {
	bad := func(ctx workflow.Context) (string, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Second})
		return "", workflow.ExecuteActivity(ctx, 42).Get(ctx, nil)
	}
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		_, err := bad(ctx)
		return nil, err
	}})
	defer x.Close()
	// The first workflow task of a new run, taken from a real history.
	c, err := x.ProcessTask(&engine.Task{Events: history(t, "sdkgo-wait-cancel.json")[:3], StartedEventID: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Commands) != 1 {
		t.Fatalf("commands: %v", c.Commands)
	}
	msg := c.Commands[0].GetFailWorkflowExecutionCommandAttributes().GetFailure().GetMessage()
	if msg != "workflow: an activity is a type name or a function, not int" {
		t.Errorf("the workflow failed with %q", msg)
	}
}

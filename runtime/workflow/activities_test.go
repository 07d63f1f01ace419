package workflow_test

import (
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestBadActivityFailsItsFutureWithoutACommand(t *testing.T) {
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Second})
		return workflow.ExecuteActivity(ctx, 42).Get(ctx, nil)
	})
	if len(c.Commands) != 1 {
		t.Fatalf("commands: %v", c.Commands)
	}
	if msg := failure(t, c); msg != "workflow: an activity is a type name or a function, not int" {
		t.Errorf("the workflow failed with %q", msg)
	}
}

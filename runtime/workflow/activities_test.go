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

// TestActivitiesAskForEagerExecutionUnlessOptedOut: the command asks for
// eager execution unless the options opt out; the worker then grants or
// withdraws the request as it has a slot.
func TestActivitiesAskForEagerExecutionUnlessOptedOut(t *testing.T) {
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		o := workflow.ActivityOptions{StartToCloseTimeout: time.Minute}
		workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, o), "Eager")
		o.DisableEagerExecution = true
		workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, o), "ThroughTheQueue")
		return workflow.Sleep(ctx, time.Hour)
	})
	got := map[string]bool{}
	for _, cmd := range c.Commands {
		if a := cmd.GetScheduleActivityTaskCommandAttributes(); a != nil {
			got[a.GetActivityType().GetName()] = a.GetRequestEagerExecution()
		}
	}
	if !got["Eager"] || got["ThroughTheQueue"] || len(got) != 2 {
		t.Errorf("eager requests %v, want Eager only", got)
	}
}

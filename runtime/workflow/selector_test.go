package workflow_test

import (
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestEveryFutureGoesIntoASelector: every future the workflow API returns
// can be raced in a Selector, as with the official SDK; one a Selector
// refused would be a workflow panic.
func TestEveryFutureGoesIntoASelector(t *testing.T) {
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
		futures := map[string]workflow.Future{
			"activity":       workflow.ExecuteActivity(actx, "A"),
			"local activity": workflow.ExecuteLocalActivity(lctx, "L"),
			"timer":          workflow.NewTimer(ctx, time.Hour),
			"signal":         workflow.SignalExternalWorkflow(ctx, "w", "", "s", nil),
			"cancel":         workflow.RequestCancelExternalWorkflow(ctx, "w", ""),
			"child":          workflow.ExecuteChildWorkflow(ctx, "C"),
			"child started":  workflow.ExecuteChildWorkflow(ctx, "D").GetChildWorkflowExecution(),
		}
		for name, f := range futures {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: %v", name, r)
					}
				}()
				s := workflow.NewSelector(ctx)
				s.AddFuture(f, func(workflow.Future) {})
				s.AddDefault(func() {})
				s.Select(ctx)
			}()
		}
		return nil
	})
}

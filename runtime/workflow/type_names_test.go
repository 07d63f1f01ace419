package workflow_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestBadWorkflowTypesSayWhatTheyName: a child or continue-as-new given
// neither a name nor a function fails the workflow with an error that
// names what was wrong, not an activity.
func TestBadWorkflowTypesSayWhatTheyName(t *testing.T) {
	for _, tc := range []struct {
		name string
		wf   func(ctx workflow.Context) error
		want string
	}{
		{"child", func(ctx workflow.Context) error { return workflow.ExecuteChildWorkflow(ctx, 42).Get(ctx, nil) },
			"workflow: a child workflow is a type name or a function, not int"},
		{"child with an empty name", func(ctx workflow.Context) error { return workflow.ExecuteChildWorkflow(ctx, "").Get(ctx, nil) },
			"workflow: the type name of a child workflow is empty"},
		{"continue as new", func(ctx workflow.Context) error { return workflow.NewContinueAsNewError(ctx, 3.5) },
			"workflow: the workflow to continue as new is a type name or a function, not float64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := runTask(t, engine.Params{}, firstTask(t), tc.wf)
			if got := failure(t, c); got != tc.want {
				t.Errorf("the workflow failed with %q, want %q", got, tc.want)
			}
		})
	}
}

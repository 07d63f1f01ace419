package client_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestGetWithoutFollowingRunsReportsContinueAsNewTyped reads the outcome of
// a run that continued as new, without following it to the next run.
//
// As with the official SDK (internal/internal_workflow_client.go:2068-2085),
// the error holds a *ContinueAsNewError built from the close event, so
// callers tell "continued as new" apart from a failure with errors.As.
func TestGetWithoutFollowingRunsReportsContinueAsNewTyped(t *testing.T) {
	c := dial(t, nil)
	def := startOrderWorker(t, c)
	ctx := waitCtx(t)
	run := continuedRun(t, c, def)
	t.Cleanup(func() { _ = run.Terminate(ctx, "test over") })

	err := c.GetWorkflow(run.ID(), run.RunID()).GetWithOptions(ctx, nil, client.GetOptions{DisableFollowingRuns: true})
	if err == nil {
		t.Fatal("GetWithOptions(DisableFollowingRuns) of a run that continued as new returned no error")
	}
	if !workflow.IsContinueAsNewError(err) {
		t.Errorf("GetWithOptions(DisableFollowingRuns): %T %v; want an error errors.As finds a *workflow.ContinueAsNewError in", err, err)
	}
}

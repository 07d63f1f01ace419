package client_test

import (
	"errors"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestExecutionErrorOfALatestRunHandleNamesTheRun gets the outcome of a
// terminated workflow through a handle made by workflow ID alone.
//
// Official SDK: a handle from GetWorkflow(ctx, id, "") resolves its run
// with DescribeWorkflowExecution (internal/internal_workflow_client.go:285-297),
// and Get's *WorkflowExecutionError carries that run ID
// (internal/internal_workflow_client.go:2090-2094), so a log of the error
// names the run that failed.
//
// Ours: GetWorkflowResult passes the handle's empty run ID into the
// error (runtime/client/workflow.go closeOutcome), so RunID() is "" and
// the message names no run.
func TestExecutionErrorOfALatestRunHandleNamesTheRun(t *testing.T) {
	c := dial(t, nil)
	ctx := waitCtx(t)
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: uniqueID(t), TaskQueue: uniqueID(t)}, "no-worker-runs-this")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.TerminateWorkflow(ctx, run.ID(), run.RunID(), "test over"); err != nil {
		t.Fatal(err)
	}
	err = c.GetWorkflow(run.ID(), "").Get(ctx, nil)
	var wee *temporal.WorkflowExecutionError
	if !errors.As(err, &wee) {
		t.Fatalf("Get: %v, want a *temporal.WorkflowExecutionError", err)
	}
	if wee.RunID() != run.RunID() {
		t.Errorf("WorkflowExecutionError.RunID() = %q, want the terminated run %q (error: %v)", wee.RunID(), run.RunID(), err)
	}
}

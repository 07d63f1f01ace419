package client_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// terminatedRun starts a workflow no worker runs and terminates it: a
// closed workflow the server still holds.
func terminatedRun(ctx context.Context, t *testing.T, c *client.Client) *client.WorkflowRun {
	t.Helper()
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: uniqueID(t), TaskQueue: uniqueID(t)}, "no-worker-runs-this")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.TerminateWorkflow(ctx, run.ID(), run.RunID(), "test over"); err != nil {
		t.Fatal(err)
	}
	return run
}

// TestSignalToAClosedWorkflowSaysItClosed: the server answers a signal to
// a closed workflow with NotFound, "workflow execution already completed"
// (the official SDK returns that as it is,
// internal/internal_workflow_client.go:2632-2634). The error says the
// workflow closed, not to check an ID that is right.
func TestSignalToAClosedWorkflowSaysItClosed(t *testing.T) {
	c := dial(t, nil)
	ctx := waitCtx(t)
	run := terminatedRun(ctx, t, c)
	if _, err := c.DescribeWorkflow(ctx, run.ID(), run.RunID()); err != nil {
		t.Fatalf("the closed workflow is still there: %v", err)
	}
	err := c.SignalWorkflow(ctx, run.ID(), "", "sig", nil)
	if err == nil {
		t.Fatal("a signal to a closed workflow succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "check the ID") || !strings.Contains(msg, "completed") {
		t.Errorf("signal to a closed workflow: %q; want it to say the workflow has closed, not to check the ID", msg)
	}
	var notFound *client.NotFoundError
	if !errors.As(err, &notFound) || !notFound.Closed {
		t.Errorf("signal to a closed workflow: %T %v; want a *client.NotFoundError with Closed set", err, err)
	}
}

// TestExecutionErrorOfALatestRunHandleNamesTheRun: a handle made by
// workflow ID alone resolves its run before it waits, as the official SDK
// does (internal/internal_workflow_client.go:285-297, 2090-2094), so the
// *WorkflowExecutionError names the run that ended.
func TestExecutionErrorOfALatestRunHandleNamesTheRun(t *testing.T) {
	c := dial(t, nil)
	ctx := waitCtx(t)
	run := terminatedRun(ctx, t, c)
	err := c.GetWorkflow(run.ID(), "").Get(ctx, nil)
	var wee *temporal.WorkflowExecutionError
	if !errors.As(err, &wee) {
		t.Fatalf("Get: %v, want a *temporal.WorkflowExecutionError", err)
	}
	if wee.RunID() != run.RunID() {
		t.Errorf("WorkflowExecutionError.RunID() = %q, want the terminated run %q (error: %v)", wee.RunID(), run.RunID(), err)
	}
}

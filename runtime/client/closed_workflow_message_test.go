package client_test

import (
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// TestSignalToAClosedWorkflowDoesNotSayItIsMissing signals a workflow
// that exists but has closed.
//
// Official SDK: SignalWorkflow returns the server's *serviceerror.NotFound
// as is (internal/internal_workflow_client.go:2632-2634), whose message is the server's "workflow execution already completed".
//
// Ours: callError turns every NotFound into a *NotFoundError whose message
// says the workflow was "not found" and tells the user to "check the ID;
// a closed workflow is deleted once the namespace's retention period has
// passed" (errors.go) - wrong advice for a workflow that is right there,
// closed, and that Describe still returns.
func TestSignalToAClosedWorkflowDoesNotSayItIsMissing(t *testing.T) {
	c := dial(t, nil)
	ctx := waitCtx(t)
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: uniqueID(t), TaskQueue: uniqueID(t)}, "no-worker-runs-this")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.TerminateWorkflow(ctx, run.ID(), run.RunID(), "test over"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DescribeWorkflow(ctx, run.ID(), run.RunID()); err != nil {
		t.Fatalf("the closed workflow is still there: %v", err)
	}
	err = c.SignalWorkflow(ctx, run.ID(), "", "sig", nil)
	if err == nil {
		t.Fatal("a signal to a closed workflow succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "check the ID") || !strings.Contains(msg, "completed") {
		t.Errorf("signal to a closed workflow: %q; want it to say the workflow has closed, not to check the ID", msg)
	}
}

package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// TestAnUpdateCallThatRunsOutOfTimeSaysSo: an update call whose context
// ends before the update reached the stage it waits for returns a
// *client.UpdateTimeoutOrCanceledError, as the official client returns
// WorkflowUpdateServiceTimeoutOrCanceledError
// (internal/internal_workflow_client.go:3045-3051): the call ended, not
// the update, which may still run. errors.Is still finds the context's
// error.
func TestAnUpdateCallThatRunsOutOfTimeSaysSo(t *testing.T) {
	c := dial(t, nil)
	ctx := waitCtx(t)
	// No worker polls this queue: the update can never be accepted.
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: uniqueID(t), TaskQueue: uniqueID(t)}, "no-worker-runs-this")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), run.ID(), run.RunID(), "test over") })
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err = client.Update[int](short, c, client.UpdateWorkflowOptions{WorkflowID: run.ID(), UpdateName: "addItem", Args: []any{1}})
	var timedOut *client.UpdateTimeoutOrCanceledError
	if !errors.As(err, &timedOut) {
		t.Fatalf("update with a 1 s context: %T %v; want a *client.UpdateTimeoutOrCanceledError", err, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, context.DeadlineExceeded) is false", err)
	}
	if timedOut.UpdateName != "addItem" || timedOut.WorkflowID != run.ID() {
		t.Errorf("the error names update %q of workflow %q; want addItem of %q", timedOut.UpdateName, timedOut.WorkflowID, run.ID())
	}
}

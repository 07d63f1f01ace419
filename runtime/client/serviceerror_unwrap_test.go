package client_test

import (
	"errors"
	"testing"

	"go.temporal.io/api/serviceerror"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// TestTypedErrorsStillMatchTheServiceErrors checks that code migrated from
// the official Go SDK, which tests the server's errors with errors.As on
// go.temporal.io/api/serviceerror types, still finds them under this
// client's typed errors.
//
// The official SDK returns the server's
// *serviceerror.WorkflowExecutionAlreadyStarted, *serviceerror.NotFound and
// *serviceerror.QueryFailed as they came
// (internal/internal_workflow_client.go:2320-2324, 2996-2999); ours wrap
// them in typed errors that say what to do, which unwrap to them.
func TestTypedErrorsStillMatchTheServiceErrors(t *testing.T) {
	c := dial(t, nil)
	ctx := waitCtx(t)

	t.Run("already started", func(t *testing.T) {
		opts := client.StartWorkflowOptions{ID: uniqueID(t), TaskQueue: uniqueID(t)}
		run, err := c.StartWorkflow(ctx, opts, "no-worker-runs-this")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.TerminateWorkflow(ctx, run.ID(), run.RunID(), "test over") })
		_, err = c.StartWorkflow(ctx, opts, "no-worker-runs-this")
		if !errors.As(err, new(*client.WorkflowAlreadyStartedError)) {
			t.Fatalf("second start: %v, want a *client.WorkflowAlreadyStartedError", err)
		}
		var started *serviceerror.WorkflowExecutionAlreadyStarted
		if !errors.As(err, &started) {
			t.Errorf("second start: %T %v; errors.As(err, *serviceerror.WorkflowExecutionAlreadyStarted) is false", err, err)
		} else if started.RunId != run.RunID() {
			t.Errorf("serviceerror RunId %q, want %q", started.RunId, run.RunID())
		}
	})
	t.Run("not found", func(t *testing.T) {
		_, err := c.DescribeWorkflow(ctx, uniqueID(t), "")
		if !errors.As(err, new(*client.NotFoundError)) {
			t.Fatalf("describe: %v, want a *client.NotFoundError", err)
		}
		if !errors.As(err, new(*serviceerror.NotFound)) {
			t.Errorf("describe: %T %v; errors.As(err, *serviceerror.NotFound) is false", err, err)
		}
	})
	t.Run("query failed", func(t *testing.T) {
		def := startOrderWorker(t, c)
		run, err := def.Start(ctx, c, orderRequest{Customer: uniqueID(t)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = run.Terminate(ctx, "test over") })
		_, err = client.Query[string](ctx, c, run.ID(), "", "no-such-query")
		if !errors.As(err, new(*client.QueryFailedError)) {
			t.Fatalf("query: %v, want a *client.QueryFailedError", err)
		}
		if !errors.As(err, new(*serviceerror.QueryFailed)) {
			t.Errorf("query: %T %v; errors.As(err, *serviceerror.QueryFailed) is false", err, err)
		}
	})
}

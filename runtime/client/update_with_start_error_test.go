package client_test

import (
	"errors"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// TestUpdateWithStartRefusalIsAServiceErrorAsForAStart sends the same
// start the server refuses (a workflow ID over its length limit) as a
// plain start, a signal-with-start and an update-with-start.
//
// Official SDK: update-with-start returns the failed operation's own
// serviceerror (internal/internal_workflow_client.go:2506-2526, "failed
// workflow start: %w"), the same *serviceerror.InvalidArgument its
// ExecuteWorkflow returns for that request.
//
// Ours: StartWorkflow and SignalWithStartWorkflow return a
// *client.ServiceError with Code InvalidArgument, but
// UpdateWithStartWorkflow returns a bare fmt wrapper: multiOperationCause
// hands callError a serviceerror, which status.FromError does not
// recognise, so callError skips the ServiceError it documents for every
// failed call with no more specific type (and its code and hints).
func TestUpdateWithStartRefusalIsAServiceErrorAsForAStart(t *testing.T) {
	c := dial(t, nil)
	ctx := waitCtx(t)
	start := client.StartWorkflowOptions{ID: strings.Repeat("x", 2000), TaskQueue: uniqueID(t)}

	check := func(what string, err error) {
		t.Helper()
		var se *client.ServiceError
		if !errors.As(err, &se) || se.Code != codes.InvalidArgument {
			t.Errorf("%s: %T %v; want a *client.ServiceError with Code InvalidArgument", what, err, err)
		}
	}
	_, err := c.StartWorkflow(ctx, start, "wf")
	check("StartWorkflow", err)
	_, err = c.SignalWithStartWorkflow(ctx, start, "sig", nil, "wf")
	check("SignalWithStartWorkflow", err)
	_, _, err = c.UpdateWithStartWorkflow(ctx, client.UpdateWithStartOptions{Start: start, WorkflowType: "wf", Update: client.UpdateWorkflowOptions{UpdateName: "upd"}})
	check("UpdateWithStartWorkflow", err)
}

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
// All three return the same *ServiceError with Code InvalidArgument: the
// official SDK's update-with-start returns the failed operation's own
// serviceerror, as its start does (internal/internal_workflow_client.go:
// 2506-2526), not the wrapper whose other operation merely aborted.
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

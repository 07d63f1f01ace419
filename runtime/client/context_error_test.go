package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// A call that ends with its context says so to errors.Is, whichever call
// it is: the usual check for a deadline must not depend on whether the
// client or the server noticed first.
func TestCallsEndedByTheContextMatchItsError(t *testing.T) {
	c := dial(t, nil)
	id := "ctx-" + uniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: "nobody-polls-" + id}, "W")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.WithoutCancel(t.Context()), id, "", "cleanup") })
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	err = run.Get(ctx, nil)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Get: %v", err)
	}
	// Nobody runs the workflow, so the update waits out the deadline on
	// the server.
	ctx, cancel = context.WithTimeout(t.Context(), time.Second)
	_, err = c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "u"})
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("UpdateWorkflow: %T %v: errors.Is(err, context.DeadlineExceeded) is false", err, err)
	}
	cctx, ccancel := context.WithCancel(t.Context())
	ccancel()
	if _, err := c.DescribeWorkflow(cctx, id, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("DescribeWorkflow: %T %v: errors.Is(err, context.Canceled) is false", err, err)
	}
}

// A start retried with the same request ID, which the server deduplicates,
// reports the run as started: the call did create it.
func TestAStartRetriedWithItsRequestIDReportsStarted(t *testing.T) {
	c := dial(t, nil)
	id := "dedup-" + uniqueID(t)
	opts := client.StartWorkflowOptions{ID: id, TaskQueue: "nobody-polls-" + id, RequestID: "req-" + id}
	first, err := c.StartWorkflow(t.Context(), opts, "W")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.WithoutCancel(t.Context()), id, "", "cleanup") })
	again, err := c.StartWorkflow(t.Context(), opts, "W")
	if err != nil {
		t.Fatal(err)
	}
	if again.RunID() != first.RunID() || !again.Started() {
		t.Errorf("retried start: run %s (first %s), Started %v; want the same run, started", again.RunID(), first.RunID(), again.Started())
	}
}

package worker

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// unreachableHeartbeats fails every heartbeat as a server that cannot be
// reached does, after the client's retries.
type unreachableHeartbeats struct {
	workflowservice.WorkflowServiceClient
}

func (unreachableHeartbeats) RecordActivityTaskHeartbeat(context.Context, *workflowservice.RecordActivityTaskHeartbeatRequest, ...grpc.CallOption) (*workflowservice.RecordActivityTaskHeartbeatResponse, error) {
	return nil, status.Error(codes.Unavailable, "connection refused")
}

// TestAnActivityWhoseHeartbeatsCannotReachTheServerIsCancelled: when a
// heartbeat fails with a retryable error after its retries, the official
// SDK cancels the attempt's context (internalHeartBeat,
// internal/internal_task_handlers.go:2356-2362): the server is about to
// time the attempt out by its heartbeat timeout and run it again, so the
// attempt should stop rather than run on, unseen, beside the retry. Here
// it is only logged, and the activity runs until its start-to-close
// timeout.
func TestAnActivityWhoseHeartbeatsCannotReachTheServerIsCancelled(t *testing.T) {
	c := dial(t)
	taskQueue := "unreachable-heartbeats-" + time.Now().Format("150405.000000")
	w, err := New(c, taskQueue, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	if err := w.RegisterActivityWithOptions(func(ctx context.Context) error {
		for {
			activity.RecordHeartbeat(ctx)
			select {
			case <-ctx.Done():
				ended <- context.Cause(ctx)
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}, RegisterActivityOptions{Name: "heartbeatsIntoTheVoid"}); err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			StartToCloseTimeout: time.Minute, HeartbeatTimeout: 2 * time.Second,
			RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1},
		})
		return workflow.ExecuteActivity(ctx, "heartbeatsIntoTheVoid").Get(ctx, nil)
	}, RegisterWorkflowOptions{Name: "unreachableHeartbeatsWorkflow"}); err != nil {
		t.Fatal(err)
	}
	startWrapped(t, w, func(s workflowservice.WorkflowServiceClient) workflowservice.WorkflowServiceClient {
		return unreachableHeartbeats{s}
	})
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "unreachableHeartbeatsWorkflow")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.TerminateWorkflow(context.Background(), run.ID(), "", "test over") }()
	// The server times the attempt out after 2s without a heartbeat.
	select {
	case cause := <-ended:
		if errors.Is(cause, ErrWorkerStopping) {
			t.Errorf("the attempt was cancelled only by the worker stopping")
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the activity still runs 15s after its first heartbeat failed; its attempt timed out on the server after 2s")
	}
}

// startWrapped starts w with its service behind wrap, a test double for
// the calls a test needs to fail or watch, and stops it when the test ends.
func startWrapped(t *testing.T, w *Worker, wrap func(workflowservice.WorkflowServiceClient) workflowservice.WorkflowServiceClient) {
	t.Helper()
	w.service = wrap(w.service)
	if err := w.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = w.Stop(ctx)
	})
}

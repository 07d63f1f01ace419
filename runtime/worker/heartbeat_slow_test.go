package worker

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// oneSlowHeartbeat holds the first heartbeat until its call times out, as
// a server slow to answer does, and passes the others on.
type oneSlowHeartbeat struct {
	workflowservice.WorkflowServiceClient
	calls atomic.Int32
}

func (s *oneSlowHeartbeat) RecordActivityTaskHeartbeat(ctx context.Context, req *workflowservice.RecordActivityTaskHeartbeatRequest, opts ...grpc.CallOption) (*workflowservice.RecordActivityTaskHeartbeatResponse, error) {
	if s.calls.Add(1) == 1 {
		<-ctx.Done()
		return nil, status.FromContextError(ctx.Err()).Err()
	}
	return s.WorkflowServiceClient.RecordActivityTaskHeartbeat(ctx, req, opts...)
}

// TestAHeartbeatCallThatTimesOutDoesNotCancelTheAttempt: the official SDK
// cancels an attempt only when a heartbeat fails with an error its gRPC
// retries count as retryable (internalHeartBeat,
// internal/internal_task_handlers.go:2359, retry.IsRetryable, whose codes
// are Aborted, ResourceExhausted, Unavailable, Unknown and Internal:
// internal/common/retry/interceptor.go:113). A call that ran out of time
// ends DeadlineExceeded, which is only logged. heartbeatUnreachable counts
// DeadlineExceeded too, so one slow answer cancels the attempt, here one
// with no heartbeat timeout at all, which the server would never time
// out, and the work is lost and done again.
func TestAHeartbeatCallThatTimesOutDoesNotCancelTheAttempt(t *testing.T) {
	c := dial(t)
	taskQueue := "slow-heartbeat-" + time.Now().Format("150405.000000")
	w, err := New(c, taskQueue, Options{HeartbeatInterval: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterActivityWithOptions(func(ctx context.Context) (string, error) {
		end := time.After(3 * time.Second)
		for {
			activity.RecordHeartbeat(ctx, "progress")
			select {
			case <-ctx.Done():
				return "", context.Cause(ctx)
			case <-end:
				return "done", nil
			case <-time.After(100 * time.Millisecond):
			}
		}
	}, RegisterActivityOptions{Name: "heartbeatsThroughASlowAnswer"}); err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			StartToCloseTimeout: time.Minute,
			RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 1},
		})
		var s string
		err := workflow.ExecuteActivity(ctx, "heartbeatsThroughASlowAnswer").Get(ctx, &s)
		return s, err
	}, RegisterWorkflowOptions{Name: "slowHeartbeatWorkflow"}); err != nil {
		t.Fatal(err)
	}
	startWrapped(t, w, func(s workflowservice.WorkflowServiceClient) workflowservice.WorkflowServiceClient {
		return &oneSlowHeartbeat{WorkflowServiceClient: s}
	})
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "slowHeartbeatWorkflow")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.TerminateWorkflow(context.Background(), run.ID(), "", "test over") }()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatalf("the activity did not complete after one heartbeat call timed out: %v", err)
	}
}

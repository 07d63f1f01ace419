package worker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestUnencodableHeartbeatDetailsKeepTheLastProgress: details the data
// converter cannot encode must not erase the progress an earlier
// heartbeat recorded. The official SDK panics in RecordHeartbeat
// (internal/internal_activity.go:421-425), failing the attempt and leaving
// the server's details as they were. Here the heartbeat goes out without
// details, and the server, which stores each heartbeat's details as they
// come, forgets the progress: the retry starts over.
func TestUnencodableHeartbeatDetailsKeepTheLastProgress(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(ctx context.Context) (int, error) {
			if activity.GetInfo(ctx).Attempt > 1 {
				if !activity.HasHeartbeatDetails(ctx) {
					return 0, temporal.NewNonRetryableApplicationError("the first attempt's progress is gone", "ProgressLost", nil)
				}
				return activity.HeartbeatDetails[int](ctx)
			}
			activity.RecordHeartbeat(ctx, 7)                   // progress, sent at once
			activity.RecordHeartbeat(ctx, func() {})           // cannot be encoded
			time.Sleep(activity.GetInfo(ctx).HeartbeatTimeout) // past the throttle window
			return 0, errors.New("first attempt fails after its progress")
		}, worker.RegisterActivityOptions{Name: "resumable"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (int, error) {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
				StartToCloseTimeout: time.Minute, HeartbeatTimeout: 2 * time.Second,
				RetryPolicy: &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, MaximumAttempts: 2},
			})
			return workflow.Result[int](ctx, workflow.ExecuteActivity(ctx, "resumable"))
		}, worker.RegisterWorkflowOptions{Name: "resumableWorkflow"}))
	})
	got, err := execute[int](t, c, w, client.StartWorkflowOptions{}, "resumableWorkflow")
	if err != nil || got != 7 {
		t.Fatalf("the retry resumed from %d, %v; want 7, the progress recorded before the unencodable details", got, err)
	}
}

package interop_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestLocalActivityTimeoutMarkerMatchesTheOfficialSDK runs a local
// activity that outlives its timeout (it lingers after its context is
// done, so the worker gives up on it) with a single attempt, on both
// SDKs' workers, and compares the LocalActivity marker each wrote and how
// the run closed.
//
// The official worker reports the timed-out attempt as
// ErrDeadlineExceeded, NewTimeoutError("deadline exceeded",
// TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, nil), or NewTimeoutError("deadline
// exceeded", TIMEOUT_TYPE_START_TO_CLOSE, nil)
// (internal/internal_task_pollers.go:1423-1428, internal/context.go:72):
// the marker's failure is "deadline exceeded" with no cause. Ours records
// NewTimeoutError("local activity timed out", kind, context.DeadlineExceeded)
// (runtime/worker/local_activity.go:258): another message and an extra
// ApplicationError cause of type deadlineExceededError. The marker is
// history, and the official SDK decodes it on replay, so the error a
// workflow sees for the same marker differs between SDKs.
func TestLocalActivityTimeoutMarkerMatchesTheOfficialSDK(t *testing.T) {
	s := scenario{
		name: "LocalActivityTimesOut",
		official: func(ctx sdkworkflow.Context) (string, error) {
			o := sdkworkflow.LocalActivityOptions{StartToCloseTimeout: time.Second, RetryPolicy: &sdktemporal.RetryPolicy{MaximumAttempts: 1}}
			return "", sdkworkflow.ExecuteLocalActivity(sdkworkflow.WithLocalActivityOptions(ctx, o), "BlockThenLinger").Get(ctx, nil)
		},
		ours: func(ctx workflow.Context) (string, error) {
			o := workflow.LocalActivityOptions{StartToCloseTimeout: time.Second, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}}
			return "", workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, o), "BlockThenLinger").Get(ctx, nil)
		},
	}
	official, officialQueue, ourQueue := startScenarioWorkers(t, []scenario{s})
	ctx := testContext(t)
	var markers [2][]string
	var closes [2]string
	for i, taskQueue := range []string{officialQueue, ourQueue} {
		id := uniqueName(t, "la-timeout")
		run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, s.name)
		if err != nil {
			t.Fatal(err)
		}
		if err := run.Get(ctx, nil); err == nil {
			t.Fatalf("run %d completed; want it failed by the timeout", i)
		}
		h := officialHistory(t, official, id, "")
		markers[i] = localActivityMarkers(t, h)
		closes[i] = closeEvent(historyShape(h, id, run.GetRunID()))
	}
	if diff := cmp.Diff(markers[0], markers[1]); diff != "" {
		t.Errorf("LocalActivity markers differ (-official +ours):\n%s", diff)
	}
	if closes[0] != closes[1] {
		t.Errorf("the runs closed differently:\nofficial: %s\nours:     %s", closes[0], closes[1])
	}
}

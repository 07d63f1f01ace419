package interop_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// Workflows that fail, where what the failing task writes to history must
// be the same whichever SDK's worker ran it.

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
// the marker's failure is "deadline exceeded" with no cause. The marker is
// history, which either SDK may replay, so both must write the same one.
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

// TestFailWorkflowPanicPolicyKeepsTheTasksCommands runs a workflow that
// schedules an activity and starts a timer, then panics in the same
// workflow task, on both SDKs' workers with WorkflowPanicPolicy
// FailWorkflow. The official SDK completes the workflow with the panic's
// error and builds the completion as for any close
// (internal/internal_task_handlers.go:1383-1398), so the commands the task
// made before the panic go out ahead of FailWorkflowExecution: both SDKs
// must write the same history.
func TestFailWorkflowPanicPolicyKeepsTheTasksCommands(t *testing.T) {
	official := dialOfficial(t, sdkclient.Options{})
	officialQueue := uniqueName(t, "official-tq")
	w := sdkworker.New(official, officialQueue, sdkworker.Options{WorkflowPanicPolicy: sdkworker.FailWorkflow})
	registerScenarioActivities(w)
	w.RegisterWorkflowWithOptions(func(ctx sdkworkflow.Context) (string, error) {
		_ = sdkworkflow.Sleep(ctx, time.Millisecond)
		_ = sdkworkflow.ExecuteActivity(sdkworkflow.WithActivityOptions(ctx, officialActivity), "Echo", "x")
		_ = sdkworkflow.NewTimer(ctx, time.Hour)
		panic("boom")
	}, sdkworkflow.RegisterOptions{Name: "PanicAfterCommands"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	ourQueue := uniqueName(t, "tq")
	startOurWorker(t, dialOurs(t, client.Options{}), ourQueue, ourworker.Options{WorkflowPanicPolicy: ourworker.FailWorkflow}, func(w *ourworker.Worker) error {
		if err := registerOurScenarioActivities(w); err != nil {
			return err
		}
		return w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			_ = workflow.Sleep(ctx, time.Millisecond)
			_ = workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, ourActivity), "Echo", "x")
			_ = workflow.NewTimer(ctx, time.Hour)
			panic("boom")
		}, ourworker.RegisterWorkflowOptions{Name: "PanicAfterCommands"})
	})

	ctx := testContext(t)
	var shapes [2]string
	for i, taskQueue := range []string{officialQueue, ourQueue} {
		id := uniqueName(t, "panic")
		run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, "PanicAfterCommands")
		if err != nil {
			t.Fatal(err)
		}
		if err := run.Get(ctx, nil); err == nil {
			t.Fatalf("run %d completed; want it failed by the panic policy", i)
		}
		// Event types and IDs only: the failure's stack differs per SDK.
		var lines []string
		for line := range strings.Lines(historyShape(officialHistory(t, official, id, ""), id, run.GetRunID())) {
			if strings.Contains(line, "WorkflowExecutionFailed") {
				line = "  WorkflowExecutionFailed\n"
			}
			lines = append(lines, line)
		}
		shapes[i] = strings.Join(lines, "")
	}
	if shapes[0] != shapes[1] {
		t.Errorf("histories differ\nofficial:\n%s\nours:\n%s", shapes[0], shapes[1])
	}
}

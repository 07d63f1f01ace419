package interop_test

import (
	"strings"
	"testing"
	"time"

	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/client"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestFailWorkflowPanicPolicyKeepsTheTasksCommands runs a workflow that
// schedules an activity and starts a timer, then panics in the same
// workflow task, on both SDKs' workers with WorkflowPanicPolicy
// FailWorkflow.
//
// The official SDK completes the workflow with the panic's error and then
// builds the completion as for any close (internal/internal_task_handlers.go:1383-1387
// calls Complete, then :1398 completeWorkflowTaskOrCodecFailure ->
// CompleteWorkflowTask), so the commands the task made before the panic
// are sent ahead of FailWorkflowExecution: the history records
// ActivityTaskScheduled and TimerStarted before WorkflowExecutionFailed,
// and the activity runs. Ours answers with the FailWorkflowExecution
// command alone (runtime/worker/workflow_task.go failWorkflow), dropping
// the task's commands, so the two SDKs write different histories for the
// same code.
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

package interop_test

import (
	"context"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/client"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The workflow-task path: what a query sees when the worker
// rebuilds a run from its whole history (a legacy query task), held against
// the official worker answering the same query on the same history.

const wfInfoQuery = "InfoQuery"

type infoView struct {
	Length int64
	State  string
}

func ourInfoQuery(ctx workflow.Context) error {
	state := "initial"
	if err := workflow.SetQueryHandler(ctx, "info", func() (infoView, error) {
		return infoView{Length: workflow.GetInfo(ctx).HistoryLength, State: state}, nil
	}); err != nil {
		return err
	}
	_ = workflow.NewTimer(ctx, time.Hour) // a command event after the task's WorkflowTaskCompleted
	ch := workflow.GetSignalChannel(ctx, "s")
	for {
		ch.Receive(ctx, &state)
	}
}

func officialInfoQuery(ctx sdkworkflow.Context) error {
	state := "initial"
	if err := sdkworkflow.SetQueryHandler(ctx, "info", func() (infoView, error) {
		return infoView{Length: int64(sdkworkflow.GetInfo(ctx).GetCurrentHistoryLength()), State: state}, nil
	}); err != nil {
		return err
	}
	_ = sdkworkflow.NewTimer(ctx, time.Hour)
	ch := sdkworkflow.GetSignalChannel(ctx, "s")
	for {
		ch.Receive(ctx, &state)
	}
}

// queryBoth answers query "info" first on our worker without a cache
// (a legacy query task, the run rebuilt from history), then on a fresh
// official worker on the same task queue.
func queryBoth(t *testing.T, ours *client.Client, taskQueue, workflowID string) (got, want infoView) {
	t.Helper()
	ctx := testContext(t)
	w := startOurWorker(t, ours, taskQueue, ourworker.Options{StickyCacheSize: ourworker.NoStickyCache}, func(w *ourworker.Worker) error {
		return w.RegisterWorkflowWithOptions(ourInfoQuery, ourworker.RegisterWorkflowOptions{Name: wfInfoQuery})
	})
	got, err := client.Query[infoView](ctx, ours, workflowID, "", "info")
	if err != nil {
		t.Fatalf("our query: %v", err)
	}
	stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := w.Stop(stopCtx); err != nil {
		t.Fatal(err)
	}
	oc := dialOfficial(t, sdkclient.Options{})
	ow := sdkworker.New(oc, taskQueue, sdkworker.Options{})
	ow.RegisterWorkflowWithOptions(officialInfoQuery, sdkworkflow.RegisterOptions{Name: wfInfoQuery})
	if err := ow.Start(); err != nil {
		t.Fatal(err)
	}
	defer ow.Stop()
	want, err = officialQuery[infoView](ctx, oc, workflowID, "info")
	if err != nil {
		t.Fatalf("official query: %v", err)
	}
	return got, want
}

// startAndSettle starts the workflow on our uncached worker and waits
// for its first task to complete; the worker is stopped on return.
func startAndSettle(t *testing.T, ours *client.Client, taskQueue, workflowID string) {
	t.Helper()
	ctx := testContext(t)
	w := startOurWorker(t, ours, taskQueue, ourworker.Options{StickyCacheSize: ourworker.NoStickyCache}, func(w *ourworker.Worker) error {
		return w.RegisterWorkflowWithOptions(ourInfoQuery, ourworker.RegisterWorkflowOptions{Name: wfInfoQuery})
	})
	if _, err := ours.StartWorkflow(ctx, client.StartWorkflowOptions{ID: workflowID, TaskQueue: taskQueue}, wfInfoQuery); err != nil {
		t.Fatal(err)
	}
	for {
		resp, err := ours.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
			Namespace: server.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: workflowID}})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(resp.GetHistory().GetEvents()); n >= 5 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := w.Stop(stopCtx); err != nil {
		t.Fatal(err)
	}
}

// TestALegacyQuerySeesTheOfficialHistoryLength: a run waiting on a
// timer (history: started, task scheduled/started/completed, TimerStarted)
// is queried; the run is rebuilt for the query. The official SDK's
// GetCurrentHistoryLength is the last task's started event, 3; a query on a
// cached run of ours says 3 too, but a rebuilt one must agree.
func TestALegacyQuerySeesTheOfficialHistoryLength(t *testing.T) {
	ours := dialOurs(t, client.Options{})
	taskQueue := uniqueName(t, "tq")
	id := uniqueName(t, "wf")
	startAndSettle(t, ours, taskQueue, id)
	got, want := queryBoth(t, ours, taskQueue, id)
	if got != want {
		t.Errorf("query on a rebuilt run: ours %+v, official %+v", got, want)
	}
}

// TestAQueryOfAClosedRunSeesTheOfficialHistoryLength: a signal came,
// its workflow task started but never completed, and the run was
// terminated (the server writes WorkflowTaskFailed, then Terminated). A
// query to the closed run is answered from the last completed task: the
// official worker says history length 3; ours says the last event's ID.
func TestAQueryOfAClosedRunSeesTheOfficialHistoryLength(t *testing.T) {
	ours := dialOurs(t, client.Options{})
	taskQueue := uniqueName(t, "tq")
	id := uniqueName(t, "wf")
	startAndSettle(t, ours, taskQueue, id)
	ctx := testContext(t)
	if err := ours.SignalWorkflow(ctx, id, "", "s", "after-signal"); err != nil {
		t.Fatal(err)
	}
	// Start the signal's task without answering it.
	pollCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	task, err := ours.WorkflowService().PollWorkflowTaskQueue(pollCtx, &workflowservice.PollWorkflowTaskQueueRequest{
		Namespace: server.Namespace(), TaskQueue: &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL}, Identity: "stuck-poller"})
	if err != nil || len(task.GetTaskToken()) == 0 {
		t.Fatalf("polling the signal's task: %v", err)
	}
	if err := ours.TerminateWorkflow(ctx, id, "", "terminated by the test"); err != nil {
		t.Fatal(err)
	}
	got, want := queryBoth(t, ours, taskQueue, id)
	if got != want {
		t.Errorf("query on a run terminated mid-task: ours %+v, official %+v", got, want)
	}
}

const wfUnregisteredLocal = "UnregisteredLocal"

func ourUnregisteredLocal(ctx workflow.Context) (string, error) {
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
	if err := workflow.ExecuteLocalActivity(ctx, "NoSuchLocalActivity").Get(ctx, nil); err != nil {
		return "error: " + err.Error(), nil
	}
	return "ran", nil
}

func officialUnregisteredLocal(ctx sdkworkflow.Context) (string, error) {
	ctx = sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
	if err := sdkworkflow.ExecuteLocalActivity(ctx, "NoSuchLocalActivity").Get(ctx, nil); err != nil {
		return "error: " + err.Error(), nil
	}
	return "ran", nil
}

// TestAnUnregisteredLocalActivityFailsItsFutureAsInTheOfficialSDK: a workflow
// calls a local activity by a name no worker registered. The official SDK
// fails the call's future at once ("local activity X is not registered by
// the worker"), so the workflow handles the error and goes on; ours fails
// the workflow task on every attempt, and the workflow never moves.
func TestAnUnregisteredLocalActivityFailsItsFutureAsInTheOfficialSDK(t *testing.T) {
	official, officialQueue := startOfficialWorker(t, sdkclient.Options{}, func(w sdkworker.Registry) {
		w.RegisterWorkflowWithOptions(officialUnregisteredLocal, sdkworkflow.RegisterOptions{Name: wfUnregisteredLocal})
	})
	ours := dialOurs(t, client.Options{})
	ourQueue := uniqueName(t, "tq")
	startOurWorker(t, ours, ourQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
		return w.RegisterWorkflowWithOptions(ourUnregisteredLocal, ourworker.RegisterWorkflowOptions{Name: wfUnregisteredLocal})
	})
	ctx, cancel := context.WithTimeout(testContext(t), 15*time.Second)
	defer cancel()
	orun, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: officialQueue}, wfUnregisteredLocal)
	if err != nil {
		t.Fatal(err)
	}
	var want string
	if err := orun.Get(ctx, &want); err != nil {
		t.Fatalf("official: %v", err)
	}
	run, err := ours.StartWorkflow(ctx, client.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: ourQueue}, wfUnregisteredLocal)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatalf("ours did not complete (official returned %q): %v", want, err)
	}
	if got != want {
		t.Errorf("ours %q, official %q", got, want)
	}
}

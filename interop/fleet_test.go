package interop_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The fleet workflow, written once with each SDK: both workers register it
// under one type on one task queue, so any task of a run may go to either.
// It collects items by update (the validator rejects empty ones) and by
// signal, answers a query with them, and returns them on "finish".
const (
	wfFleetInbox      = "interop.FleetInbox"
	updateFleetAdd    = "add"
	signalFleetAdd    = "add"
	signalFleetFinish = "finish"
	queryFleetItems   = "items"
)

func officialFleetInbox(ctx sdkworkflow.Context) ([]string, error) {
	items := []string{}
	if err := sdkworkflow.SetQueryHandler(ctx, queryFleetItems, func() ([]string, error) { return items, nil }); err != nil {
		return nil, err
	}
	if err := sdkworkflow.SetUpdateHandlerWithOptions(ctx, updateFleetAdd, func(_ sdkworkflow.Context, item string) (int, error) {
		items = append(items, item)
		return len(items), nil
	}, sdkworkflow.UpdateHandlerOptions{Validator: func(_ sdkworkflow.Context, item string) error {
		if item == "" {
			return sdktemporal.NewApplicationError("an item must not be empty", "InvalidItem")
		}
		return nil
	}}); err != nil {
		return nil, err
	}
	add, finish := sdkworkflow.GetSignalChannel(ctx, signalFleetAdd), sdkworkflow.GetSignalChannel(ctx, signalFleetFinish)
	for finished := false; !finished; {
		s := sdkworkflow.NewSelector(ctx)
		s.AddReceive(add, func(c sdkworkflow.ReceiveChannel, _ bool) {
			var item string
			c.Receive(ctx, &item)
			items = append(items, item)
		})
		s.AddReceive(finish, func(c sdkworkflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			finished = true
		})
		s.Select(ctx)
	}
	return items, nil
}

func ourFleetInbox(ctx workflow.Context) ([]string, error) {
	items := []string{}
	if err := workflow.SetQueryHandler(ctx, queryFleetItems, func() ([]string, error) { return items, nil }); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, updateFleetAdd, func(_ workflow.Context, item string) (int, error) {
		items = append(items, item)
		return len(items), nil
	}, workflow.UpdateHandlerOptions{Validator: func(_ workflow.Context, item string) error {
		if item == "" {
			return temporal.NewApplicationError("an item must not be empty", "InvalidItem")
		}
		return nil
	}}); err != nil {
		return nil, err
	}
	add, finish := workflow.GetSignalChannel(ctx, signalFleetAdd), workflow.GetSignalChannel(ctx, signalFleetFinish)
	for finished := false; !finished; {
		s := workflow.NewSelector(ctx)
		s.AddReceive(add, func(c workflow.ReceiveChannel, _ bool) {
			var item string
			c.Receive(ctx, &item)
			items = append(items, item)
		})
		s.AddReceive(finish, func(c workflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			finished = true
		})
		s.Select(ctx)
	}
	return items, nil
}

// TestMixedFleetRunsRejectedAndAcceptedUpdatesSignalsAndQueries runs both
// SDKs' workers on one task queue, each on its own defaults with its
// sticky cache on, and sends 50 workflows a rejected update, an accepted
// one, a signal and a query. Every workflow completes with what it was
// sent, and no history holds a WorkflowTaskFailed.
func TestMixedFleetRunsRejectedAndAcceptedUpdatesSignalsAndQueries(t *testing.T) {
	const workflows = 50
	taskQueue := uniqueName(t, "tq")
	official := dialOfficial(t, sdkclient.Options{})
	ow := sdkworker.New(official, taskQueue, sdkworker.Options{})
	ow.RegisterWorkflowWithOptions(officialFleetInbox, sdkworkflow.RegisterOptions{Name: wfFleetInbox})
	if err := ow.Start(); err != nil {
		t.Fatalf("starting the official worker: %v", err)
	}
	t.Cleanup(ow.Stop)
	ours := dialOurs(t, client.Options{})
	// Identity only tells the workers apart in history.
	const ourIdentity = "workflowdef-fleet-worker"
	startOurWorker(t, ours, taskQueue, ourworker.Options{Identity: ourIdentity}, func(w *ourworker.Worker) error {
		return w.RegisterWorkflowWithOptions(ourFleetInbox, ourworker.RegisterWorkflowOptions{Name: wfFleetInbox})
	})

	ctx := testContext(t)
	ids := make([]string, workflows)
	errs := make([]error, workflows)
	var wg sync.WaitGroup
	limit := make(chan struct{}, 10)
	for i := range workflows {
		ids[i] = uniqueName(t, fmt.Sprint("wf", i))
		wg.Go(func() {
			limit <- struct{}{}
			defer func() { <-limit }()
			errs[i] = driveFleetInbox(ctx, official, taskQueue, ids[i])
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	tasksBy := map[bool]int{} // completed workflow tasks, by "ours"
	for _, id := range ids {
		h := officialHistory(t, official, id, "")
		if n := countEventsOfType(h, enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED); n != 0 {
			t.Errorf("%s: history has %d WorkflowTaskFailed events; want none. History:\n%s", id, n, describeHistory(h))
		}
		for _, e := range h.GetEvents() {
			if a := e.GetWorkflowTaskCompletedEventAttributes(); a != nil {
				tasksBy[a.GetIdentity() == ourIdentity]++
			}
		}
	}
	if tasksBy[true] == 0 || tasksBy[false] == 0 {
		t.Errorf("workflow tasks completed: %d by our worker, %d by the official one; the fleet test needs both to serve", tasksBy[true], tasksBy[false])
	}
	t.Logf("workflow tasks completed: %d by our worker, %d by the official one", tasksBy[true], tasksBy[false])
}

// driveFleetInbox starts one fleet inbox and sends it, in order, a
// rejected update, an accepted one, a signal, a query and "finish".
func driveFleetInbox(ctx context.Context, c sdkclient.Client, taskQueue, id string) error {
	run, err := c.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue, WorkflowTaskTimeout: 10 * time.Second}, wfFleetInbox)
	if err != nil {
		return fmt.Errorf("%s: start: %w", id, err)
	}
	var appErr *sdktemporal.ApplicationError
	if err := officialUpdate(ctx, c, id, updateFleetAdd, nil, ""); !errors.As(err, &appErr) || appErr.Type() != "InvalidItem" {
		return fmt.Errorf("%s: the empty item's update: %v, want the validator's InvalidItem", id, err)
	}
	var n int
	if err := officialUpdate(ctx, c, id, updateFleetAdd, &n, "apples"); err != nil || n != 1 {
		return fmt.Errorf("%s: update apples after the rejection = %d, %v; want 1", id, n, err)
	}
	if err := c.SignalWorkflow(ctx, id, "", signalFleetAdd, "pears"); err != nil {
		return fmt.Errorf("%s: signal: %w", id, err)
	}
	want := []string{"apples", "pears"}
	if items, err := officialQuery[[]string](ctx, c, id, queryFleetItems); err != nil || !slices.Equal(items, want) {
		return fmt.Errorf("%s: query = %v, %v; want %v", id, items, err, want)
	}
	if err := c.SignalWorkflow(ctx, id, "", signalFleetFinish, nil); err != nil {
		return fmt.Errorf("%s: finish: %w", id, err)
	}
	var items []string
	if err := run.Get(ctx, &items); err != nil || !slices.Equal(items, want) {
		return fmt.Errorf("%s: result %v, %v; want %v", id, items, err, want)
	}
	return nil
}

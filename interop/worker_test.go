package interop_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/serviceerror"
	sdkactivity "go.temporal.io/sdk/activity"
	sdkclient "go.temporal.io/sdk/client"
	sdkconverter "go.temporal.io/sdk/converter"
	sdklog "go.temporal.io/sdk/log"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// These tests run workflows and activities on OUR worker (runtime/worker)
// and hold them against the official Go SDK: its client drives them, its
// workers call our activities and serve our workflows' activities, its
// worker hands a half-run workflow over to ours, and its replayer replays
// the histories our worker wrote.

// startOurWorker starts our worker on taskQueue with what register
// registers, and stops it when the test ends (before c is closed: cleanups
// run last-in first-out).
func startOurWorker(t *testing.T, c *client.Client, taskQueue string, opts ourworker.Options, register func(*ourworker.Worker) error) *ourworker.Worker {
	t.Helper()
	w, err := ourworker.New(c, taskQueue, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := register(w); err != nil {
		t.Fatalf("registering with our worker: %v", err)
	}
	if err := w.Start(testContext(t)); err != nil {
		t.Fatalf("starting our worker: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := w.Stop(ctx); err != nil {
			t.Errorf("stopping our worker: %v", err)
		}
	})
	return w
}

// officialHistory reads a run's whole history with the official client.
func officialHistory(t *testing.T, c sdkclient.Client, workflowID, runID string) *historypb.History {
	t.Helper()
	it := c.GetWorkflowHistory(testContext(t), workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	h := &historypb.History{}
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatalf("reading the history of %s: %v", workflowID, err)
		}
		h.Events = append(h.Events, ev)
	}
	return h
}

// describeHistory lists a history's events one a line, with the
// attributes that matter to command matching, for failure messages.
func describeHistory(h *historypb.History) string {
	var b strings.Builder
	for _, ev := range h.GetEvents() {
		name := strings.TrimPrefix(ev.GetEventType().String(), "EVENT_TYPE_")
		detail := ""
		switch a := ev.GetAttributes().(type) {
		case *historypb.HistoryEvent_ActivityTaskScheduledEventAttributes:
			detail = fmt.Sprintf("%s id=%s", a.ActivityTaskScheduledEventAttributes.GetActivityType().GetName(), a.ActivityTaskScheduledEventAttributes.GetActivityId())
		case *historypb.HistoryEvent_TimerStartedEventAttributes:
			detail = "id=" + a.TimerStartedEventAttributes.GetTimerId()
		case *historypb.HistoryEvent_MarkerRecordedEventAttributes:
			detail = a.MarkerRecordedEventAttributes.GetMarkerName()
		case *historypb.HistoryEvent_StartChildWorkflowExecutionInitiatedEventAttributes:
			detail = fmt.Sprintf("%s id=%s", a.StartChildWorkflowExecutionInitiatedEventAttributes.GetWorkflowType().GetName(), a.StartChildWorkflowExecutionInitiatedEventAttributes.GetWorkflowId())
		case *historypb.HistoryEvent_SignalExternalWorkflowExecutionInitiatedEventAttributes:
			detail = fmt.Sprintf("%s to %s", a.SignalExternalWorkflowExecutionInitiatedEventAttributes.GetSignalName(), a.SignalExternalWorkflowExecutionInitiatedEventAttributes.GetWorkflowExecution().GetWorkflowId())
		case *historypb.HistoryEvent_RequestCancelExternalWorkflowExecutionInitiatedEventAttributes:
			detail = "of " + a.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes.GetWorkflowExecution().GetWorkflowId()
		}
		fmt.Fprintf(&b, "  %3d %s %s\n", ev.GetEventId(), name, detail)
	}
	return b.String()
}

// localActivityMarkers renders a history's LocalActivity markers, in
// order, without what differs from run to run (the replay time, stack
// traces, and event IDs, which signals sent while a scenario runs can
// shift; the cross replay checks those), to hold the markers our worker
// writes against the official worker's.
func localActivityMarkers(t *testing.T, h *historypb.History) []string {
	t.Helper()
	var out []string
	for _, ev := range h.GetEvents() {
		a := ev.GetMarkerRecordedEventAttributes()
		if a.GetMarkerName() != "LocalActivity" {
			continue
		}
		var data struct {
			ActivityID, ActivityType string
			Attempt                  int32
			Backoff                  time.Duration
		}
		if err := sdkconverter.GetDefaultDataConverter().FromPayloads(a.GetDetails()["data"], &data); err != nil {
			t.Fatalf("decoding the marker at event %d: %v", ev.GetEventId(), err)
		}
		failure, _ := proto.Clone(a.GetFailure()).(*failurepb.Failure)
		for f := failure; f != nil; f = f.GetCause() {
			f.StackTrace = ""
		}
		out = append(out, fmt.Sprintf("%+v result=%v failure=%v", data,
			protojson.Format(a.GetDetails()["result"]), protojson.Format(failure)))
	}
	return out
}

func countEventsOfType(h *historypb.History, typ enumspb.EventType) int {
	n := 0
	for _, ev := range h.GetEvents() {
		if ev.GetEventType() == typ {
			n++
		}
	}
	return n
}

// ---------------------------------------------------------------------------
// 1. The official client drives our worker.

const (
	wfOurInbox  = "interop.OurInbox"
	wfOurRefuse = "interop.OurRefuseOrder"

	updateAddItem      = "addItem"
	updateAddAfterGate = "addAfterRelease"
)

type inboxStart struct {
	Owner string `json:"owner"`
	Limit int    `json:"limit"`
}

type inboxResult struct {
	Owner   string   `json:"owner"`
	Items   []string `json:"items"`
	Updates int      `json:"updates"`
}

// ourInbox collects items sent by signal or update until the finish signal,
// and answers queries about them. Its validator rejects empty items and
// items past in.Limit.
func ourInbox(ctx workflow.Context, in inboxStart) (inboxResult, error) {
	items := []string{}
	released, finished := false, false
	updates := 0
	if err := workflow.SetQueryHandler(ctx, queryItems, func() ([]string, error) { return items, nil }); err != nil {
		return inboxResult{}, err
	}
	if err := workflow.SetQueryHandler(ctx, queryItemAt, func(i int) (string, error) {
		if i < 0 || i >= len(items) {
			return "", fmt.Errorf("no item at %d", i)
		}
		return items[i], nil
	}); err != nil {
		return inboxResult{}, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, updateAddItem, func(_ workflow.Context, item string) (int, error) {
		items = append(items, item)
		updates++
		return len(items), nil
	}, workflow.UpdateHandlerOptions{Validator: func(_ workflow.Context, item string) error {
		if item == "" {
			return temporal.NewApplicationError("an item must not be empty", "InvalidItem", "send a name")
		}
		if len(items) >= in.Limit {
			return temporal.NewApplicationError(fmt.Sprintf("the inbox holds at most %d items", in.Limit), "InboxFull")
		}
		return nil
	}}); err != nil {
		return inboxResult{}, err
	}
	if err := workflow.SetUpdateHandler(ctx, updateAddAfterGate, func(ctx workflow.Context, item string) ([]string, error) {
		if err := workflow.Await(ctx, func() bool { return released }); err != nil {
			return nil, err
		}
		items = append(items, item)
		updates++
		return slices.Clone(items), nil
	}); err != nil {
		return inboxResult{}, err
	}
	add := workflow.GetSignalChannel(ctx, signalAdd)
	release := workflow.GetSignalChannel(ctx, signalRelease)
	finish := workflow.GetSignalChannel(ctx, signalFinish)
	for !finished {
		s := workflow.NewSelector(ctx)
		s.AddReceive(add, func(c workflow.ReceiveChannel, _ bool) {
			var item string
			c.Receive(ctx, &item)
			items = append(items, item)
		})
		s.AddReceive(release, func(c workflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			released = true
		})
		s.AddReceive(finish, func(c workflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			finished = true
		})
		s.Select(ctx)
	}
	return inboxResult{Owner: in.Owner, Items: items, Updates: updates}, nil
}

// ourRefuseOrder fails with a non-retryable application error with details
// and a cause.
func ourRefuseOrder(_ workflow.Context, orderID string) error {
	return temporal.NewApplicationErrorWithOptions("order "+orderID+" rejected", "OrderRejected", temporal.ApplicationErrorOptions{
		NonRetryable: true,
		Details:      []any{rejection{OrderID: orderID, Reason: "out of stock"}, 3},
		Cause:        temporal.NewApplicationError("warehouse is empty", "OutOfStock"),
	})
}

// officialUpdate sends an update with the official client and waits for
// its outcome; a rejection comes back as the error.
func officialUpdate(ctx context.Context, c sdkclient.Client, workflowID, name string, valuePtr any, args ...any) error {
	h, err := c.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{
		WorkflowID: workflowID, UpdateName: name, Args: args, WaitForStage: sdkclient.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return err
	}
	return h.Get(ctx, valuePtr)
}

// TestOfficialClientDrivesOurWorker starts, signals, queries and updates a
// workflow our worker runs, all with the official client: updates complete,
// are accepted and completed later, and are rejected by the validator with
// its ApplicationError; the official client reads the result, queries the
// closed run, and reads a failed workflow's typed error.
func TestOfficialClientDrivesOurWorker(t *testing.T) {
	ctx := testContext(t)
	official := dialOfficial(t, sdkclient.Options{})
	taskQueue := uniqueName(t, "tq")
	startOurWorker(t, dialOurs(t, client.Options{}), taskQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
		return errors.Join(
			w.RegisterWorkflowWithOptions(ourInbox, ourworker.RegisterWorkflowOptions{Name: wfOurInbox}),
			w.RegisterWorkflowWithOptions(ourRefuseOrder, ourworker.RegisterWorkflowOptions{Name: wfOurRefuse}),
		)
	})

	run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: taskQueue}, wfOurInbox, inboxStart{Owner: "ana", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	id := run.GetID()
	if err := official.SignalWorkflow(ctx, id, "", signalAdd, "apples"); err != nil {
		t.Fatal(err)
	}
	// The query sees the signal handled, so the update comes in a later
	// workflow task. (In the same task both SDKs run the update handler
	// before the main coroutine takes the signal.)
	if got, err := officialQuery[[]string](ctx, official, id, queryItems); err != nil || !slices.Equal(got, []string{"apples"}) {
		t.Fatalf("items after the signal = %v, %v; want [apples]", got, err)
	}

	// Accepted and completed.
	var n int
	if err := officialUpdate(ctx, official, id, updateAddItem, &n, "pears"); err != nil || n != 2 {
		t.Fatalf("update pears = %d, %v; want 2 (after the apples signal)", n, err)
	}

	// Rejected by the validator, with its ApplicationError.
	err = officialUpdate(ctx, official, id, updateAddItem, nil, "")
	var appErr *sdktemporal.ApplicationError
	if !errors.As(err, &appErr) {
		t.Fatalf("empty item update: %v, want the validator's ApplicationError", err)
	}
	var hint string
	if appErr.Type() != "InvalidItem" || appErr.Message() != "an item must not be empty" || appErr.Details(&hint) != nil || hint != "send a name" {
		t.Errorf("validator error: type %q, message %q, detail %q", appErr.Type(), appErr.Message(), hint)
	}

	// Queries, with and without arguments, and a failing one.
	got, err := officialQuery[[]string](ctx, official, id, queryItems)
	if err != nil || !slices.Equal(got, []string{"apples", "pears"}) {
		t.Errorf("items = %v, %v; want [apples pears]", got, err)
	}
	second, err := officialQuery[string](ctx, official, id, queryItemAt, 1)
	if err != nil || second != "pears" {
		t.Errorf("itemAt 1 = %q, %v; want pears", second, err)
	}
	_, err = officialQuery[string](ctx, official, id, queryItemAt, 9)
	var queryFailed *serviceerror.QueryFailed
	if !errors.As(err, &queryFailed) || !strings.Contains(queryFailed.Error(), "no item at 9") {
		t.Errorf("itemAt 9: %v, want a QueryFailed error saying there is no item at 9", err)
	}

	// Accepted now, completed once the workflow is released.
	handle, err := official.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{
		WorkflowID: id, UpdateID: uniqueName(t, "update"), UpdateName: updateAddAfterGate, Args: []any{"plums"},
		WaitForStage: sdkclient.WorkflowUpdateStageAccepted,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := officialQuery[[]string](ctx, official, id, queryItems); err != nil || len(got) != 2 {
		t.Errorf("before release, items = %v, %v; want the plums update waiting", got, err)
	}
	if err := official.SignalWorkflow(ctx, id, "", signalRelease, nil); err != nil {
		t.Fatal(err)
	}
	var afterRelease []string
	if err := handle.Get(ctx, &afterRelease); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"apples", "pears", "plums"}, afterRelease); diff != "" {
		t.Errorf("accepted update result (-want +got):\n%s", diff)
	}

	// The validator reads workflow state: the inbox is full.
	err = officialUpdate(ctx, official, id, updateAddItem, nil, "figs")
	if !errors.As(err, &appErr) || appErr.Type() != "InboxFull" || appErr.Message() != "the inbox holds at most 3 items" {
		t.Errorf("update on a full inbox: %v, want the InboxFull ApplicationError", err)
	}

	if err := official.SignalWorkflow(ctx, id, "", signalFinish, "now"); err != nil {
		t.Fatal(err)
	}
	var result inboxResult
	if err := run.Get(ctx, &result); err != nil {
		t.Fatal(err)
	}
	want := inboxResult{Owner: "ana", Items: []string{"apples", "pears", "plums"}, Updates: 2}
	if diff := cmp.Diff(want, result); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}

	// A query on the closed run: our worker rebuilds it from history.
	if got, err := officialQuery[[]string](ctx, official, id, queryItems); err != nil || !slices.Equal(got, want.Items) {
		t.Errorf("items of the closed run = %v, %v; want %v", got, err, want.Items)
	}
	// Rejected updates leave no trace in history; accepted ones do.
	h := officialHistory(t, official, id, run.GetRunID())
	if n := countEventsOfType(h, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED); n != 2 {
		t.Errorf("%d updates accepted in history, want 2", n)
	}
	if n := countEventsOfType(h, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED); n != 2 {
		t.Errorf("%d updates completed in history, want 2", n)
	}

	// A failed workflow: the official client decodes our failure.
	failed, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: taskQueue}, wfOurRefuse, "o-9")
	if err != nil {
		t.Fatal(err)
	}
	err = failed.Get(ctx, nil)
	var wfErr *sdktemporal.WorkflowExecutionError
	if !errors.As(err, &wfErr) || !errors.As(err, &appErr) {
		t.Fatalf("Get = %v, want a WorkflowExecutionError wrapping an ApplicationError", err)
	}
	var detail rejection
	var count int
	if appErr.Type() != "OrderRejected" || !appErr.NonRetryable() || appErr.Message() != "order o-9 rejected" ||
		appErr.Details(&detail, &count) != nil || detail != (rejection{OrderID: "o-9", Reason: "out of stock"}) || count != 3 {
		t.Errorf("ApplicationError type %q, non-retryable %t, message %q, details %+v %d", appErr.Type(), appErr.NonRetryable(), appErr.Message(), detail, count)
	}
	var cause *sdktemporal.ApplicationError
	if !errors.As(appErr.Unwrap(), &cause) || cause.Type() != "OutOfStock" || cause.Message() != "warehouse is empty" {
		t.Errorf("cause = %v, want the OutOfStock ApplicationError", appErr.Unwrap())
	}
}

func officialQuery[T any](ctx context.Context, c sdkclient.Client, workflowID, queryType string, args ...any) (T, error) {
	var v T
	res, err := c.QueryWorkflow(ctx, workflowID, "", queryType, args...)
	if err != nil {
		return v, err
	}
	return v, res.Get(&v)
}

// TestRejectedUpdateLeavesNoTraceInHistory rejects an update right after
// an accepted one completed, on the official worker (the official inbox)
// and on ours (ourInbox): the server discards the speculative workflow task
// that only rejected the update, so history does not change, and the run
// goes on. The official worker is the oracle: it tells the server it can
// take the discarded task's events again
// (DiscardSpeculativeWorkflowTaskWithEvents); without that the server
// keeps the task, as an empty WorkflowTaskScheduled/Started/Completed
// triple, whenever the previous task wrote events after its
// WorkflowTaskCompleted (here, the accepted update's completion). Our
// worker runs with and without a sticky cache, and no history may hold a
// WorkflowTaskFailed.
func TestRejectedUpdateLeavesNoTraceInHistory(t *testing.T) {
	official, officialQueue := startOfficialWorker(t, sdkclient.Options{}, func(w sdkworker.Registry) {
		registerOfficialWorkflows(w, newPendingActivities())
	})
	ours := dialOurs(t, client.Options{})
	ourQueue, ourUncachedQueue := uniqueName(t, "tq"), uniqueName(t, "tq-uncached")
	for queue, cache := range map[string]int{ourQueue: 0, ourUncachedQueue: ourworker.NoStickyCache} {
		startOurWorker(t, ours, queue, ourworker.Options{StickyCacheSize: cache}, func(w *ourworker.Worker) error {
			return w.RegisterWorkflowWithOptions(ourInbox, ourworker.RegisterWorkflowOptions{Name: wfOurInbox})
		})
	}
	for _, tc := range []struct {
		name, taskQueue, workflowType string
		args                          []any
	}{
		{"official", officialQueue, wfInbox, nil},
		{"ours", ourQueue, wfOurInbox, []any{inboxStart{Owner: "ana", Limit: 5}}},
		{"ours without a sticky cache", ourUncachedQueue, wfOurInbox, []any{inboxStart{Owner: "ana", Limit: 5}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := testContext(t)
			run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: tc.taskQueue}, tc.workflowType, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := officialUpdate(ctx, official, run.GetID(), updateAddItem, &n, "pears"); err != nil || n != 1 {
				t.Fatalf("update pears = %d, %v; want 1", n, err)
			}
			before := officialHistory(t, official, run.GetID(), run.GetRunID())
			err = officialUpdate(ctx, official, run.GetID(), updateAddItem, nil, "")
			var appErr *sdktemporal.ApplicationError
			if !errors.As(err, &appErr) || appErr.Type() != "InvalidItem" {
				t.Fatalf("empty item update: %v, want the validator's InvalidItem ApplicationError", err)
			}
			after := officialHistory(t, official, run.GetID(), run.GetRunID())
			if added := len(after.GetEvents()) - len(before.GetEvents()); added != 0 {
				t.Errorf("the rejected update added %d events to history; want none. History:\n%s", added, describeHistory(after))
			}
			// The run goes on from the history the server kept.
			if err := officialUpdate(ctx, official, run.GetID(), updateAddItem, &n, "plums"); err != nil || n != 2 {
				t.Errorf("update plums after the rejection = %d, %v; want 2", n, err)
			}
			if items, err := officialQuery[[]string](ctx, official, run.GetID(), queryItems); err != nil || !slices.Equal(items, []string{"pears", "plums"}) {
				t.Errorf("items = %v, %v; want [pears plums]", items, err)
			}
			if err := official.SignalWorkflow(ctx, run.GetID(), "", signalFinish, "now"); err != nil {
				t.Fatal(err)
			}
			if err := run.Get(ctx, nil); err != nil {
				t.Errorf("Get: %v", err)
			}
			// A worker that loses the task's own events when it refetches
			// the history fails the next update's task and recovers on the
			// retry: only the history shows it.
			final := officialHistory(t, official, run.GetID(), run.GetRunID())
			if n := countEventsOfType(final, enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED); n != 0 {
				t.Errorf("history has %d WorkflowTaskFailed events; want none. History:\n%s", n, describeHistory(final))
			}
		})
	}
}

// ---------------------------------------------------------------------------
// 2. Activities across SDKs and task queues.

const (
	wfCrossCaller = "interop.CrossCaller"
	actDescribe   = "interop.Describe"
	actDecline    = "interop.Decline"
	actFlakyOnce  = "interop.FlakyOnce"
)

// activityReport is what an activity saw of its own execution.
type activityReport struct {
	Greeting     string `json:"greeting"`
	SDK          string `json:"sdk"`
	ActivityType string `json:"activityType"`
	TaskQueue    string `json:"taskQueue"`
	WorkflowType string `json:"workflowType"`
	WorkflowID   string `json:"workflowId"`
	Attempt      int32  `json:"attempt"`
}

type declineDetail struct {
	Code   int    `json:"code"`
	Reason string `json:"reason"`
}

// crossReport is what the calling workflow saw of the activities.
type crossReport struct {
	Described    activityReport `json:"described"`
	FlakyAttempt int32          `json:"flakyAttempt"`
	// Of the declined activity's failure: an ActivityError naming the
	// activity, the worker that failed it and the retry state, around
	// the activity's ApplicationError.
	IsActivityError   bool          `json:"isActivityError"`
	ActivityType      string        `json:"activityType"`
	FailedBy          string        `json:"failedBy"`
	ErrType           string        `json:"errType"`
	ErrMessage        string        `json:"errMessage"`
	ErrNonRetryable   bool          `json:"errNonRetryable"`
	ErrDetail         declineDetail `json:"errDetail"`
	NonRetryableState bool          `json:"nonRetryableState"`
}

// crossRetryInterval is the callers' retry backoff for the flaky
// activity, the same in both SDKs.
const crossRetryInterval = 100 * time.Millisecond

// Our activities.

func ourDescribe(ctx context.Context, caller string) (activityReport, error) {
	info := activity.GetInfo(ctx)
	return activityReport{
		Greeting: "hello " + caller, SDK: "ours", ActivityType: info.ActivityType, TaskQueue: info.TaskQueue,
		WorkflowType: info.WorkflowType, WorkflowID: info.WorkflowID, Attempt: info.Attempt,
	}, nil
}

func ourDecline(_ context.Context, reason string) error {
	return temporal.NewNonRetryableApplicationError("declined: "+reason, "Declined", nil, declineDetail{Code: 402, Reason: reason})
}

func ourFlakyOnce(ctx context.Context) (int32, error) {
	if a := activity.GetInfo(ctx).Attempt; a < 2 {
		return 0, temporal.NewApplicationError(fmt.Sprintf("attempt %d fails", a), "Flaky")
	}
	return activity.GetInfo(ctx).Attempt, nil
}

func registerOurCrossActivities(w *ourworker.Worker) error {
	return errors.Join(
		w.RegisterActivityWithOptions(ourDescribe, ourworker.RegisterActivityOptions{Name: actDescribe}),
		w.RegisterActivityWithOptions(ourDecline, ourworker.RegisterActivityOptions{Name: actDecline}),
		w.RegisterActivityWithOptions(ourFlakyOnce, ourworker.RegisterActivityOptions{Name: actFlakyOnce}),
	)
}

// The official twins.

func officialDescribe(ctx context.Context, caller string) (activityReport, error) {
	info := sdkactivity.GetInfo(ctx)
	return activityReport{
		Greeting: "hello " + caller, SDK: "official", ActivityType: info.ActivityType.Name, TaskQueue: info.TaskQueue,
		WorkflowType: info.WorkflowType.Name, WorkflowID: info.WorkflowExecution.ID, Attempt: info.Attempt,
	}, nil
}

func officialDecline(_ context.Context, reason string) error {
	return sdktemporal.NewNonRetryableApplicationError("declined: "+reason, "Declined", nil, declineDetail{Code: 402, Reason: reason})
}

func officialFlakyOnce(ctx context.Context) (int32, error) {
	if a := sdkactivity.GetInfo(ctx).Attempt; a < 2 {
		return 0, sdktemporal.NewApplicationError(fmt.Sprintf("attempt %d fails", a), "Flaky")
	}
	return sdkactivity.GetInfo(ctx).Attempt, nil
}

func registerOfficialCrossActivities(w sdkworker.Registry) {
	w.RegisterActivityWithOptions(officialDescribe, sdkactivity.RegisterOptions{Name: actDescribe})
	w.RegisterActivityWithOptions(officialDecline, sdkactivity.RegisterOptions{Name: actDecline})
	w.RegisterActivityWithOptions(officialFlakyOnce, sdkactivity.RegisterOptions{Name: actFlakyOnce})
}

// ourCrossCaller calls the three activities on activityQueue.
func ourCrossCaller(ctx workflow.Context, caller, activityQueue string) (crossReport, error) {
	retry := &temporal.RetryPolicy{InitialInterval: crossRetryInterval, BackoffCoefficient: 1, MaximumAttempts: 5}
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{TaskQueue: activityQueue, StartToCloseTimeout: 10 * time.Second, RetryPolicy: retry})
	var r crossReport
	var err error
	if r.Described, err = workflow.Result[activityReport](ctx, workflow.ExecuteActivity(ctx, actDescribe, caller)); err != nil {
		return r, err
	}
	if r.FlakyAttempt, err = workflow.Result[int32](ctx, workflow.ExecuteActivity(ctx, actFlakyOnce)); err != nil {
		return r, err
	}
	err = workflow.ExecuteActivity(ctx, actDecline, "no funds").Get(ctx, nil)
	var actErr *temporal.ActivityError
	if r.IsActivityError = errors.As(err, &actErr); r.IsActivityError {
		r.ActivityType, r.FailedBy = actErr.ActivityType(), actErr.Identity()
		r.NonRetryableState = actErr.RetryState() == enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE
	}
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		r.ErrType, r.ErrMessage, r.ErrNonRetryable = appErr.Type(), appErr.Message(), appErr.NonRetryable()
		if err := appErr.Details(&r.ErrDetail); err != nil {
			return r, err
		}
	}
	return r, nil
}

// officialCrossCaller is ourCrossCaller written with the official SDK.
func officialCrossCaller(ctx sdkworkflow.Context, caller, activityQueue string) (crossReport, error) {
	retry := &sdktemporal.RetryPolicy{InitialInterval: crossRetryInterval, BackoffCoefficient: 1, MaximumAttempts: 5}
	ctx = sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{TaskQueue: activityQueue, StartToCloseTimeout: 10 * time.Second, RetryPolicy: retry})
	var r crossReport
	if err := sdkworkflow.ExecuteActivity(ctx, actDescribe, caller).Get(ctx, &r.Described); err != nil {
		return r, err
	}
	if err := sdkworkflow.ExecuteActivity(ctx, actFlakyOnce).Get(ctx, &r.FlakyAttempt); err != nil {
		return r, err
	}
	err := sdkworkflow.ExecuteActivity(ctx, actDecline, "no funds").Get(ctx, nil)
	var actErr *sdktemporal.ActivityError
	if r.IsActivityError = errors.As(err, &actErr); r.IsActivityError {
		r.ActivityType, r.FailedBy = actErr.ActivityType().GetName(), actErr.Identity()
		r.NonRetryableState = actErr.RetryState() == enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE
	}
	var appErr *sdktemporal.ApplicationError
	if errors.As(err, &appErr) {
		r.ErrType, r.ErrMessage, r.ErrNonRetryable = appErr.Type(), appErr.Message(), appErr.NonRetryable()
		if err := appErr.Details(&r.ErrDetail); err != nil {
			return r, err
		}
	}
	return r, nil
}

// wantCrossReport is what workflow workflowID, started with caller, sees
// of the activities that sdk's worker, with identity, serves on
// activityQueue.
func wantCrossReport(caller, sdk, identity, activityQueue, workflowID string) crossReport {
	return crossReport{
		Described: activityReport{
			Greeting: "hello " + caller, SDK: sdk, ActivityType: actDescribe, TaskQueue: activityQueue,
			WorkflowType: wfCrossCaller, WorkflowID: workflowID, Attempt: 1,
		},
		FlakyAttempt:    2,
		IsActivityError: true, ActivityType: actDecline, FailedBy: identity, NonRetryableState: true,
		ErrType: "Declined", ErrMessage: "declined: no funds", ErrNonRetryable: true, ErrDetail: declineDetail{Code: 402, Reason: "no funds"},
	}
}

// TestActivitiesAcrossSDKs runs a workflow on one SDK's worker that calls
// activities another SDK's worker serves on its own task queue: results,
// the activity's view of its caller, a retried failure and a non-retryable
// ApplicationError with details all cross both ways.
func TestActivitiesAcrossSDKs(t *testing.T) {
	t.Run("OurWorkflowOfficialActivities", func(t *testing.T) {
		t.Parallel()
		ctx := testContext(t)
		const activityIdentity = "official-activity-worker"
		official, activityQueue := startOfficialWorker(t, sdkclient.Options{Identity: activityIdentity}, registerOfficialCrossActivities)
		workflowQueue := uniqueName(t, "tq")
		startOurWorker(t, dialOurs(t, client.Options{}), workflowQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
			return w.RegisterWorkflowWithOptions(ourCrossCaller, ourworker.RegisterWorkflowOptions{Name: wfCrossCaller})
		})
		id := uniqueName(t, "wf")
		run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: workflowQueue}, wfCrossCaller, "ours", activityQueue)
		if err != nil {
			t.Fatal(err)
		}
		var got crossReport
		if err := run.Get(ctx, &got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantCrossReport("ours", "official", activityIdentity, activityQueue, id), got); diff != "" {
			t.Errorf("what our workflow saw of the official activities (-want +got):\n%s", diff)
		}
	})
	t.Run("OfficialWorkflowOurActivities", func(t *testing.T) {
		t.Parallel()
		officialWorkflowCallsOurActivities(t, client.Options{}, sdkclient.Options{})
	})
}

// officialWorkflowCallsOurActivities runs officialCrossCaller on an official
// worker with official's options, calling the activities of our worker with
// ours, and checks what the workflow saw. It returns the run's history.
func officialWorkflowCallsOurActivities(t *testing.T, ours client.Options, official sdkclient.Options) *historypb.History {
	t.Helper()
	ctx := testContext(t)
	const activityIdentity = "our-activity-worker"
	activityQueue := uniqueName(t, "tq")
	startOurWorker(t, dialOurs(t, ours), activityQueue, ourworker.Options{Identity: activityIdentity}, registerOurCrossActivities)
	c, workflowQueue := startOfficialWorker(t, official, func(w sdkworker.Registry) {
		w.RegisterWorkflowWithOptions(officialCrossCaller, sdkworkflow.RegisterOptions{Name: wfCrossCaller})
	})
	id := uniqueName(t, "wf")
	run, err := c.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: workflowQueue}, wfCrossCaller, "official", activityQueue)
	if err != nil {
		t.Fatal(err)
	}
	var got crossReport
	if err := run.Get(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantCrossReport("official", "ours", activityIdentity, activityQueue, id), got); diff != "" {
		t.Errorf("what the official workflow saw of our activities (-want +got):\n%s", diff)
	}
	return officialHistory(t, c, id, run.GetRunID())
}

// ---------------------------------------------------------------------------
// 3. Migration: an official worker starts a run, ours finishes it.

const (
	wfMigrating  = "interop.Migrating"
	actStamp     = "interop.Stamp"
	queryStage   = "stage"
	queryToken   = "token"
	signalGoOn   = "proceed"
	stageWaiting = "waiting for " + signalGoOn
)

// officialMigrating does a version check, a side effect, an activity, a
// local activity and a timer, then waits for a signal and does one more
// activity. Each activity says which SDK's worker ran it.
func officialMigrating(ctx sdkworkflow.Context, name string) (string, error) {
	stage, token := "started", ""
	if err := sdkworkflow.SetQueryHandler(ctx, queryStage, func() (string, error) { return stage, nil }); err != nil {
		return "", err
	}
	if err := sdkworkflow.SetQueryHandler(ctx, queryToken, func() (string, error) { return token, nil }); err != nil {
		return "", err
	}
	ctx = sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	v := sdkworkflow.GetVersion(ctx, "greeting", sdkworkflow.DefaultVersion, 2)
	if err := sdkworkflow.SideEffect(ctx, func(sdkworkflow.Context) any { return fmt.Sprintf("%016x", rand.Uint64()) }).Get(&token); err != nil {
		return "", err
	}
	var first, local string
	if err := sdkworkflow.ExecuteActivity(ctx, actStamp, name).Get(ctx, &first); err != nil {
		return "", err
	}
	lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
	if err := sdkworkflow.ExecuteLocalActivity(lctx, actStamp, "local").Get(ctx, &local); err != nil {
		return "", err
	}
	if err := sdkworkflow.Sleep(ctx, 10*time.Millisecond); err != nil {
		return "", err
	}
	stage = stageWaiting
	var next string
	sdkworkflow.GetSignalChannel(ctx, signalGoOn).Receive(ctx, &next)
	stage = "resumed"
	var second string
	if err := sdkworkflow.ExecuteActivity(ctx, actStamp, next).Get(ctx, &second); err != nil {
		return "", err
	}
	return fmt.Sprintf("v%d %s %s %s %s", v, token, first, local, second), nil
}

// ourMigrating is officialMigrating written with our API, one change
// later: it supports version 3 of "greeting", so a run it started itself
// would say v3, and one the official worker started must keep the v2 its
// marker recorded.
func ourMigrating(ctx workflow.Context, name string) (string, error) {
	stage, token := "started", ""
	if err := workflow.SetQueryHandler(ctx, queryStage, func() (string, error) { return stage, nil }); err != nil {
		return "", err
	}
	if err := workflow.SetQueryHandler(ctx, queryToken, func() (string, error) { return token, nil }); err != nil {
		return "", err
	}
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	v := workflow.GetVersion(ctx, "greeting", workflow.DefaultVersion, 3)
	if err := workflow.SideEffect(ctx, func(workflow.Context) any { return fmt.Sprintf("%016x", rand.Uint64()) }).Get(&token); err != nil {
		return "", err
	}
	first, err := workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, actStamp, name))
	if err != nil {
		return "", err
	}
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
	local, err := workflow.Result[string](ctx, workflow.ExecuteLocalActivity(lctx, actStamp, "local"))
	if err != nil {
		return "", err
	}
	if err := workflow.Sleep(ctx, 10*time.Millisecond); err != nil {
		return "", err
	}
	stage = stageWaiting
	var next string
	workflow.GetSignalChannel(ctx, signalGoOn).Receive(ctx, &next)
	stage = "resumed"
	second, err := workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, actStamp, next))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("v%d %s %s %s %s", v, token, first, local, second), nil
}

// TestMigrationFromOfficialWorkerToOurs starts a workflow on an official
// worker, lets it run an activity, a local activity, a side effect, a
// version marker and a timer, and stops that worker while the workflow
// waits for a signal. Our worker, on the same task queue with the same
// workflow written with our API, answers queries from the official
// history, takes the signal and completes the run with the values the
// official worker recorded.
func TestMigrationFromOfficialWorkerToOurs(t *testing.T) {
	ctx := testContext(t)
	const officialIdentity, ourIdentity = "official-migrating-worker", "our-migrating-worker"
	official := dialOfficial(t, sdkclient.Options{Identity: officialIdentity})
	taskQueue := uniqueName(t, "tq")
	// A short sticky timeout: after the official worker stops, the
	// server gives up on its sticky queue quickly.
	ow := sdkworker.New(official, taskQueue, sdkworker.Options{StickyScheduleToStartTimeout: time.Second})
	ow.RegisterWorkflowWithOptions(officialMigrating, sdkworkflow.RegisterOptions{Name: wfMigrating})
	ow.RegisterActivityWithOptions(func(_ context.Context, s string) (string, error) { return "official:" + s, nil }, sdkactivity.RegisterOptions{Name: actStamp})
	if err := ow.Start(); err != nil {
		t.Fatal(err)
	}
	officialRunning := true
	stopOfficial := func() {
		if officialRunning {
			officialRunning = false
			ow.Stop()
		}
	}
	t.Cleanup(stopOfficial)

	run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: taskQueue}, wfMigrating, "ana")
	if err != nil {
		t.Fatal(err)
	}
	for {
		stage, err := officialQuery[string](ctx, official, run.GetID(), queryStage)
		if err == nil && stage == stageWaiting {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the official worker never reached the signal (stage %q, %v): %v", stage, err, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	token, err := officialQuery[string](ctx, official, run.GetID(), queryToken)
	if err != nil || len(token) != 16 {
		t.Fatalf("token from the official worker = %q, %v", token, err)
	}
	stopOfficial()

	startOurWorker(t, dialOurs(t, client.Options{}), taskQueue, ourworker.Options{Identity: ourIdentity}, func(w *ourworker.Worker) error {
		return errors.Join(
			w.RegisterWorkflowWithOptions(ourMigrating, ourworker.RegisterWorkflowOptions{Name: wfMigrating}),
			w.RegisterActivityWithOptions(func(_ context.Context, s string) (string, error) { return "ours:" + s, nil }, ourworker.RegisterActivityOptions{Name: actStamp}),
		)
	})
	// Our worker answers queries from the official worker's history: the
	// side effect's recorded value, not a fresh one.
	if again, err := officialQuery[string](ctx, official, run.GetID(), queryToken); err != nil || again != token {
		t.Errorf("token from our worker = %q, %v; want the recorded %q", again, err, token)
	}
	if stage, err := officialQuery[string](ctx, official, run.GetID(), queryStage); err != nil || stage != stageWaiting {
		t.Errorf("stage from our worker = %q, %v; want %q", stage, err, stageWaiting)
	}
	if err := official.SignalWorkflow(ctx, run.GetID(), "", signalGoOn, "bob"); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("v2 %s official:ana official:local ours:bob", token); got != want {
		t.Errorf("result %q, want %q", got, want)
	}

	// The history shows the hand-over: official workflow tasks and
	// activity before the signal, ours after it.
	h := officialHistory(t, official, run.GetID(), run.GetRunID())
	signaled := false
	var before, after []string
	var activityWorkers []string
	for _, ev := range h.GetEvents() {
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
			signaled = true
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			identity := ev.GetWorkflowTaskCompletedEventAttributes().GetIdentity()
			if signaled {
				after = append(after, identity)
			} else {
				before = append(before, identity)
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED:
			activityWorkers = append(activityWorkers, ev.GetActivityTaskStartedEventAttributes().GetIdentity())
		}
	}
	allAre := func(ids []string, want string) bool {
		return len(ids) > 0 && !slices.ContainsFunc(ids, func(id string) bool { return id != want })
	}
	if !allAre(before, officialIdentity) || !allAre(after, ourIdentity) {
		t.Errorf("workflow tasks completed by %v before the signal and %v after; want %s, then %s", before, after, officialIdentity, ourIdentity)
	}
	if !slices.Equal(activityWorkers, []string{officialIdentity, ourIdentity}) {
		t.Errorf("activities run by %v, want %s then %s", activityWorkers, officialIdentity, ourIdentity)
	}
}

// discardLogger silences the official replayer where failing is the
// expected outcome.
var discardLogger = sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))

// ---------------------------------------------------------------------------
// 4. Reverse replay: histories our worker wrote replay on the official SDK.

// kitchenSink is a scenario that mixes, in one history, a version marker,
// a side effect, activities, a timer, a local activity, a signal and a
// child workflow.
func kitchenSink() scenario {
	return scenario{
		name: "KitchenSink",
		official: func(ctx sdkworkflow.Context, in string) (string, error) {
			ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
			v := sdkworkflow.GetVersion(ctx, "sink", sdkworkflow.DefaultVersion, 2)
			var r int64
			if err := sdkworkflow.SideEffect(ctx, func(sdkworkflow.Context) any { return rand.Int64N(1000) + 1 }).Get(&r); err != nil {
				return "", err
			}
			var a, l, sig string
			fa := sdkworkflow.ExecuteActivity(ctx, "Echo", in)
			timer := sdkworkflow.NewTimer(ctx, 5*time.Millisecond)
			if err := fa.Get(ctx, &a); err != nil {
				return "", err
			}
			_ = timer.Get(ctx, nil)
			lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
			if err := sdkworkflow.ExecuteLocalActivity(lctx, "Echo", "local").Get(ctx, &l); err != nil {
				return "", err
			}
			sdkworkflow.GetSignalChannel(ctx, "go").Receive(ctx, &sig)
			var d int
			if err := sdkworkflow.ExecuteChildWorkflow(ctx, "ScenarioDouble", len(a+l+sig)).Get(ctx, &d); err != nil {
				return "", err
			}
			w := sdkworkflow.GetVersion(ctx, "after-child", sdkworkflow.DefaultVersion, 1)
			return fmt.Sprint(v, w, r > 0, a, l, sig, d), nil
		},
		ours: func(ctx workflow.Context, in string) (string, error) {
			ctx = workflow.WithActivityOptions(ctx, ourActivity)
			v := workflow.GetVersion(ctx, "sink", workflow.DefaultVersion, 2)
			var r int64
			if err := workflow.SideEffect(ctx, func(workflow.Context) any { return rand.Int64N(1000) + 1 }).Get(&r); err != nil {
				return "", err
			}
			fa := workflow.ExecuteActivity(ctx, "Echo", in)
			timer := workflow.NewTimer(ctx, 5*time.Millisecond)
			a, err := workflow.Result[string](ctx, fa)
			if err != nil {
				return "", err
			}
			_ = timer.Get(ctx, nil)
			lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
			l, err := workflow.Result[string](ctx, workflow.ExecuteLocalActivity(lctx, "Echo", "local"))
			if err != nil {
				return "", err
			}
			var sig string
			workflow.GetSignalChannel(ctx, "go").Receive(ctx, &sig)
			d, err := workflow.Result[int](ctx, workflow.ExecuteChildWorkflow(ctx, "ScenarioDouble", len(a+l+sig)))
			if err != nil {
				return "", err
			}
			w := workflow.GetVersion(ctx, "after-child", workflow.DefaultVersion, 1)
			return fmt.Sprint(v, w, r > 0, a, l, sig, d), nil
		},
		args:  []any{"in"},
		drive: signal("go", "now"),
	}
}

// registerOurScenarioActivities and registerOurScenarioChildren are our
// twins of registerScenarioActivities and registerScenarioChildren.
func registerOurScenarioActivities(w *ourworker.Worker) error {
	return errors.Join(
		w.RegisterActivityWithOptions(func(_ context.Context, s string) (string, error) { return s, nil }, ourworker.RegisterActivityOptions{Name: "Echo"}),
		w.RegisterActivityWithOptions(func(_ context.Context, s string) (string, error) {
			return "", temporal.NewNonRetryableApplicationError("refused "+s, "Refused", nil)
		}, ourworker.RegisterActivityOptions{Name: "Refuse"}),
		w.RegisterActivityWithOptions(func(ctx context.Context) error {
			<-ctx.Done() // runs until cancelled or timed out
			return ctx.Err()
		}, ourworker.RegisterActivityOptions{Name: "Block"}),
		w.RegisterActivityWithOptions(func(context.Context) error {
			return temporal.NewApplicationError("unreliable", "Unreliable")
		}, ourworker.RegisterActivityOptions{Name: "Unreliable"}),
		w.RegisterActivityWithOptions(blockThenLinger, ourworker.RegisterActivityOptions{Name: "BlockThenLinger"}),
	)
}

func registerOurScenarioChildren(w *ourworker.Worker) error {
	return errors.Join(
		w.RegisterWorkflowWithOptions(func(_ workflow.Context, n int) (int, error) { return 2 * n, nil }, ourworker.RegisterWorkflowOptions{Name: "ScenarioDouble"}),
		w.RegisterWorkflowWithOptions(func(workflow.Context) error {
			return temporal.NewNonRetryableApplicationError("child refuses", "Refused", nil)
		}, ourworker.RegisterWorkflowOptions{Name: "ScenarioFail"}),
		w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error { return workflow.Sleep(ctx, time.Hour) }, ourworker.RegisterWorkflowOptions{Name: "ScenarioSleep"}),
		w.RegisterWorkflowWithOptions(func(ctx workflow.Context, hours int) error {
			return workflow.Sleep(ctx, time.Duration(hours)*time.Hour)
		}, ourworker.RegisterWorkflowOptions{Name: "ScenarioSleepN"}),
		w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			var s string
			workflow.GetSignalChannel(ctx, "wake").Receive(ctx, &s)
			return s, nil
		}, ourworker.RegisterWorkflowOptions{Name: "ScenarioWaitSignal"}),
	)
}

// scenarioOutcome is how a scenario's run closed, as the official client
// reads it: the result, or the failure's message without the run's IDs.
type scenarioOutcome struct {
	Result  any
	Failure string
}

// runScenario runs s as workflow ID id on taskQueue with the official
// client, drives it, and returns how it closed and its first run's ID.
func runScenario(ctx context.Context, c sdkclient.Client, taskQueue, id string, s scenario) (scenarioOutcome, string, error) {
	run, err := c.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, s.name, s.args...)
	if err != nil {
		return scenarioOutcome{}, "", fmt.Errorf("starting: %w", err)
	}
	if s.drive != nil {
		if err := s.drive(ctx, c, id); err != nil {
			return scenarioOutcome{}, "", fmt.Errorf("driving: %w", err)
		}
	}
	var out scenarioOutcome
	if err := run.Get(ctx, &out.Result); err != nil {
		var wfErr *sdktemporal.WorkflowExecutionError
		if !errors.As(err, &wfErr) {
			return scenarioOutcome{}, "", fmt.Errorf("getting the result: %w", err)
		}
		out.Failure = wfErr.Unwrap().Error()
	}
	return out, run.GetRunID(), nil
}

// startScenarioWorkers starts an official worker and one of ours, each on
// a task queue of its own, with every scenario's twin, the scenarios'
// activities and children registered; it returns the official client and
// the two queues.
func startScenarioWorkers(t *testing.T, all []scenario) (official sdkclient.Client, officialQueue, ourQueue string) {
	t.Helper()
	official, officialQueue = startOfficialWorker(t, sdkclient.Options{}, func(w sdkworker.Registry) {
		registerScenarioActivities(w)
		registerScenarioChildren(w)
		for _, s := range all {
			w.RegisterWorkflowWithOptions(s.official, sdkworkflow.RegisterOptions{Name: s.name})
		}
	})
	ourQueue = uniqueName(t, "tq")
	startOurWorker(t, dialOurs(t, client.Options{}), ourQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
		errs := []error{registerOurScenarioActivities(w), registerOurScenarioChildren(w)}
		for _, s := range all {
			errs = append(errs, w.RegisterWorkflowWithOptions(s.ours, ourworker.RegisterWorkflowOptions{Name: s.name}))
		}
		return errors.Join(errs...)
	})
	return official, officialQueue, ourQueue
}

// TestOurHistoriesReplayOnOfficialSDK runs every replay scenario, plus one
// that mixes everything, on our worker and on an official worker (driven
// alike by the official client) and requires the same outcomes; then it
// replays each history our worker wrote on the official SDK's
// WorkflowReplayer with the official twin of the workflow. Changed
// official twins must fail to replay, so the check has teeth.
func TestOurHistoriesReplayOnOfficialSDK(t *testing.T) {
	all := append(scenarios(), kitchenSink())
	official, officialQueue, ourQueue := startScenarioWorkers(t, all)

	// Every scenario runs at once on both workers: t.Parallel would be
	// held to -parallel (GOMAXPROCS) at a time, and the runs mostly wait.
	type outcome struct {
		id, runID string
		out       scenarioOutcome
		err       error
	}
	// At most maxConcurrentScenarios at a time, so the dev server's
	// SQLite store keeps up on a small machine under -race.
	const maxConcurrentScenarios = 8
	ours := make([]outcome, len(all))
	theirs := make([]outcome, len(all))
	ctx := testContext(t)
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxConcurrentScenarios)
	run := func(o *outcome, queue string, s scenario) {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			o.out, o.runID, o.err = runScenario(ctx, official, queue, o.id, s)
		})
	}
	for i, s := range all {
		ours[i].id, theirs[i].id = uniqueName(t, s.name), uniqueName(t, s.name+"-official")
		run(&ours[i], ourQueue, s)
		run(&theirs[i], officialQueue, s)
	}
	wg.Wait()
	for i, s := range all {
		t.Run("run/"+s.name, func(t *testing.T) {
			if err := theirs[i].err; err != nil {
				t.Errorf("on the official worker: %v", err)
			}
			if err := ours[i].err; err != nil {
				t.Fatalf("on our worker: %v\nhistory:\n%s", err, describeHistory(officialHistory(t, official, ours[i].id, "")))
			}
			// Which of its two activities finishes first decides this
			// scenario's result; replay below still checks its history.
			timingDependent := s.name == "CoroutinesAndChannels"
			if theirs[i].err == nil && !timingDependent {
				if diff := cmp.Diff(theirs[i].out, ours[i].out); diff != "" {
					t.Errorf("outcome on our worker differs from the official worker's (-official +ours):\n%s\nhistory:\n%s", diff, describeHistory(officialHistory(t, official, ours[i].id, ours[i].runID)))
				}
				// Local activity markers are what only the worker writes:
				// the two workers must write the same ones.
				if diff := cmp.Diff(localActivityMarkers(t, officialHistory(t, official, theirs[i].id, theirs[i].runID)),
					localActivityMarkers(t, officialHistory(t, official, ours[i].id, ours[i].runID))); diff != "" {
					t.Errorf("local activity markers differ from the official worker's (-official +ours):\n%s", diff)
				}
			}
		})
	}

	replayer := sdkworker.NewWorkflowReplayer()
	for _, s := range all {
		replayer.RegisterWorkflowWithOptions(s.official, sdkworkflow.RegisterOptions{Name: s.name})
	}
	histories := map[string]*historypb.History{}
	for i, s := range all {
		if ours[i].err != nil {
			continue // the run failed, as reported above
		}
		histories[s.name] = officialHistory(t, official, ours[i].id, ours[i].runID)
		t.Run("replay/"+s.name, func(t *testing.T) {
			// The replayer runs the code under the original IDs: the
			// scenarios derive child IDs from them.
			opts := sdkworker.ReplayWorkflowHistoryOptions{OriginalExecution: sdkworkflow.Execution{ID: ours[i].id, RunID: ours[i].runID}}
			if err := replayer.ReplayWorkflowHistoryWithOptions(officialLogger, histories[s.name], opts); err != nil {
				t.Errorf("the official SDK cannot replay the history our worker wrote: %v\nhistory:\n%s", err, describeHistory(histories[s.name]))
			}
		})
	}

	// Changed official twins: the replayer must notice.
	changed := map[string]any{
		"KitchenSink": func(ctx sdkworkflow.Context, in string) (string, error) {
			ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
			_ = sdkworkflow.GetVersion(ctx, "sink", sdkworkflow.DefaultVersion, 2)
			var a string
			err := sdkworkflow.ExecuteActivity(ctx, "Echo", in).Get(ctx, &a)
			return a, err
		},
		"TimersAndACancelledTimer": func(ctx sdkworkflow.Context) error {
			_ = sdkworkflow.Sleep(ctx, time.Millisecond)
			return sdkworkflow.Sleep(ctx, time.Millisecond)
		},
		"ActivitiesSequentialParallelAndFailing": func(ctx sdkworkflow.Context, in string) (string, error) {
			ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
			var s string
			err := sdkworkflow.ExecuteActivity(ctx, "Shout", in).Get(ctx, &s)
			return s, err
		},
	}
	changedReplayer := sdkworker.NewWorkflowReplayer()
	for name, fn := range changed {
		changedReplayer.RegisterWorkflowWithOptions(fn, sdkworkflow.RegisterOptions{Name: name})
	}
	for name := range changed {
		t.Run("changed/"+name, func(t *testing.T) {
			if histories[name] == nil {
				t.Fatal("no history: the run failed, as reported above")
			}
			if err := changedReplayer.ReplayWorkflowHistory(discardLogger, histories[name]); err == nil {
				t.Errorf("the official SDK replayed %s's history on changed code without error", name)
			}
		})
	}
}

package engine_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/commands"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

func loadHistory(t testing.TB, file string) []*historypb.HistoryEvent {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var h historypb.History
	if err := (temporalproto.CustomJSONUnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	return h.GetEvents()
}

// replay runs a whole history through a fresh Execution as the replay tool
// does.
func replay(t *testing.T, wf engine.WorkflowFunc, events []*historypb.HistoryEvent) (*engine.Completion, error) {
	t.Helper()
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	t.Cleanup(func() { _ = x.Close() })
	return x.ProcessTask(&engine.Task{Events: events, PreviousStartedEventID: math.MaxInt64})
}

var tenSeconds = engine.ActivityOptions{StartToCloseTimeout: 10 * time.Second}

// waitCancel is the official SDK test workflow WaitCancel written against
// the engine: sleep an hour, and when cancelled run a cleanup activity on a
// disconnected context.
func waitCancel(activityType string) engine.WorkflowFunc {
	return func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		err := engine.Sleep(ctx, time.Hour)
		cleanup, _ := engine.NewDisconnectedContext(ctx)
		_ = engine.ExecuteActivity(cleanup, tenSeconds, activityType, "cleanup").Get(cleanup, nil)
		return nil, err
	}
}

// TestReplaysOfficialSDKHistoryOfCancelledSleep replays a history the
// official Go SDK wrote: a timer cancelled by a workflow cancel request
// between tasks (its CancelTimer is created before the next task starts and
// so shifts the activity's ID to 11), then an activity on a disconnected
// context, then the workflow closes as cancelled.
func TestReplaysOfficialSDKHistoryOfCancelledSleep(t *testing.T) {
	c, err := replay(t, waitCancel("Echo"), loadHistory(t, "testdata/sdkgo-wait-cancel.json"))
	if err != nil {
		t.Fatalf("replaying the official SDK's history: %v", err)
	}
	if !c.Closed {
		t.Error("the workflow did not finish")
	}
}

func TestChangedWorkflowIsReportedAtTheEventThatDiverges(t *testing.T) {
	_, err := replay(t, waitCancel("Refund"), loadHistory(t, "testdata/sdkgo-wait-cancel.json"))
	var mismatch *commands.ReplayMismatchError
	if !errors.As(err, &mismatch) {
		t.Fatalf("err = %v, want a ReplayMismatchError", err)
	}
	if mismatch.Event.GetEventId() != 11 || !strings.Contains(err.Error(), "activity Refund") || !strings.Contains(err.Error(), "activity Echo") {
		t.Errorf("mismatch reported at %v: %v", mismatch.Event.GetEventId(), err)
	}

	// Completing instead of closing as cancelled is caught too.
	ignoresCancel := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		_ = engine.Sleep(ctx, time.Hour)
		cleanup, _ := engine.NewDisconnectedContext(ctx)
		_ = engine.ExecuteActivity(cleanup, tenSeconds, "Echo", "cleanup").Get(cleanup, nil)
		return nil, nil
	}
	_, err = replay(t, ignoresCancel, loadHistory(t, "testdata/sdkgo-wait-cancel.json"))
	if !errors.As(err, &mismatch) || mismatch.Event.GetEventType() != enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED {
		t.Errorf("closing differently: err = %v", err)
	}
}

func commandSummary(c *engine.Completion) string {
	var parts []string
	for _, cmd := range c.Commands {
		parts = append(parts, commands.DescribeCommand(cmd))
	}
	return strings.Join(parts, "; ")
}

// TestLiveTasksProduceTheOfficialSDKsCommands runs the same workflow task by
// task, as a worker would, on a cached (sticky) execution and on a fresh one
// rebuilt from full history, and checks each task answers with the commands
// the official SDK sent, which the history recorded.
func TestLiveTasksProduceTheOfficialSDKsCommands(t *testing.T) {
	events := loadHistory(t, "testdata/sdkgo-wait-cancel.json")
	upTo := func(id int64) []*historypb.HistoryEvent { return events[:id] }

	cached := engine.NewExecution(engine.Params{Workflow: waitCancel("Echo"), SdkMetadataCapable: true})
	t.Cleanup(func() { _ = cached.Close() })
	first, err := cached.ProcessTask(&engine.Task{Events: upTo(3), StartedEventID: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := commandSummary(first); got != `StartTimer (timer "5")` {
		t.Errorf("task 1 commands: %s", got)
	}
	if len(first.Flags) != 1 || first.Flags[0] != 3 {
		t.Errorf("task 1 flags %v, want [3] as the official SDK recorded", first.Flags)
	}

	// Task 2 on the cached execution gets only the new events.
	second, err := cached.ProcessTask(&engine.Task{Events: events[3:8], PreviousStartedEventID: 3, StartedEventID: 8})
	if err != nil {
		t.Fatal(err)
	}
	want := `CancelTimer (timer "5"); ScheduleActivityTask (activity Echo, ID "11")`
	if got := commandSummary(second); got != want {
		t.Errorf("task 2 on the cached execution: %s, want %s", got, want)
	}

	// A worker without the cached state rebuilds from the full history.
	fresh := engine.NewExecution(engine.Params{Workflow: waitCancel("Echo"), SdkMetadataCapable: true})
	t.Cleanup(func() { _ = fresh.Close() })
	rebuilt, err := fresh.ProcessTask(&engine.Task{Events: upTo(8), PreviousStartedEventID: 3, StartedEventID: 8})
	if err != nil {
		t.Fatal(err)
	}
	if got := commandSummary(rebuilt); got != want {
		t.Errorf("task 2 rebuilt from history: %s, want %s", got, want)
	}

	// Task 3: the activity completed; the workflow closes as cancelled.
	third, err := cached.ProcessTask(&engine.Task{Events: events[8:15], PreviousStartedEventID: 8, StartedEventID: 15})
	if err != nil {
		t.Fatal(err)
	}
	if got := commandSummary(third); got != "CancelWorkflowExecution" || !third.Closed {
		t.Errorf("task 3: %s closed=%v", got, third.Closed)
	}
}

// idsWorkflow is the official SDK probe workflow IDs (docs/engine.md
// §1.9.1) written against the engine: versions, an activity and a timer,
// a side effect, a mutable side effect, a local activity, another activity.
func idsWorkflow(activityType string) engine.WorkflowFunc {
	return idsWorkflowVariant(activityType, true)
}

func idsWorkflowVariant(activityType string, firstVersion bool) engine.WorkflowFunc {
	return func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		v := engine.DefaultVersion
		if firstVersion {
			v = engine.GetVersion(ctx, "change-a", engine.DefaultVersion, 1)
		}
		f := engine.ExecuteActivity(ctx, tenSeconds, activityType, "a")
		timer := engine.NewTimer(ctx, time.Second)
		var r string
		if err := f.Get(ctx, &r); err != nil {
			return nil, err
		}
		_ = timer.Get(ctx, nil)
		var se int
		_ = engine.SideEffect(ctx, func(engine.Context) any { return 42 }).Get(&se)
		var mse string
		_ = engine.MutableSideEffect(ctx, "cfg", func(engine.Context) any { return "v1" }, func(a, b any) bool { return a == b }).Get(&mse)
		v2 := engine.GetVersion(ctx, "change-b", engine.DefaultVersion, 2)
		var lr string
		_ = engine.ExecuteLocalActivity(ctx, engine.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second}, "Echo", nil, "la").Get(ctx, &lr)
		_ = engine.ExecuteActivity(ctx, tenSeconds, "Echo", "b").Get(ctx, nil)
		return converter.Default().ToPayloads(fmt.Sprint(v, r, se, mse, v2, lr))
	}
}

// TestReplaysOfficialSDKHistoryWithVersionsSideEffectsAndLocalActivity
// replays the official SDK's IDs history: version slots are stepped over,
// side-effect and mutable-side-effect values come from their markers, the
// local activity's result from its marker, and the last activity gets the
// ID 23 the official SDK predicted.
func TestReplaysOfficialSDKHistoryWithVersionsSideEffectsAndLocalActivity(t *testing.T) {
	events := loadHistory(t, "testdata/sdkgo-ids.json")
	x := engine.NewExecution(engine.Params{Workflow: idsWorkflow("Echo"), SdkMetadataCapable: true})
	t.Cleanup(func() { _ = x.Close() })
	c, err := x.ProcessTask(&engine.Task{Events: events, PreviousStartedEventID: math.MaxInt64})
	if err != nil {
		t.Fatalf("replaying the official SDK's history: %v", err)
	}
	if !c.Closed || len(c.LocalActivities) != 0 {
		t.Fatalf("closed %v, local activities left %v", c.Closed, c.LocalActivities)
	}
	var want string
	last := events[len(events)-1].GetWorkflowExecutionCompletedEventAttributes()
	if err := converter.Default().FromPayloads(last.GetResult(), &want); err != nil {
		t.Fatal(err)
	}
	if want != "1a42v12la" { // fmt.Sprint of (1, "a", 42, "v1", 2, "la")
		t.Fatalf("the fixture's result is %q", want)
	}
	closeCmd := c.Commands[len(c.Commands)-1]
	var got string
	if err := converter.Default().FromPayloads(closeCmd.GetCompleteWorkflowExecutionCommandAttributes().GetResult(), &got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("our replay computed %q, the official run %q: versions, activity, side effects or local activity decoded differently", got, want)
	}
}

func TestReplayOfIDsHistoryCatchesAChangedActivity(t *testing.T) {
	_, err := replay(t, idsWorkflow("Other"), loadHistory(t, "testdata/sdkgo-ids.json"))
	var mismatch *commands.ReplayMismatchError
	if !errors.As(err, &mismatch) || mismatch.Event.GetEventId() != 7 {
		t.Fatalf("err = %v, want a mismatch at event 7", err)
	}
}

// TestReplaysOfficialSDKHistoryOfLocalActivityRetryThroughATimer replays a
// local activity whose first attempt failed with a backoff longer than the
// workflow task timeout: the retry waited on timer 6 and ran under ID 2.
func TestReplaysOfficialSDKHistoryOfLocalActivityRetryThroughATimer(t *testing.T) {
	laRetry := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		var r string
		err := engine.ExecuteLocalActivity(ctx, engine.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second}, "Flaky", nil).Get(ctx, &r)
		if err != nil {
			return nil, err
		}
		return converter.Default().ToPayloads(r)
	}
	c, err := replay(t, laRetry, loadHistory(t, "testdata/sdkgo-la-retry.json"))
	if err != nil {
		t.Fatalf("replaying: %v", err)
	}
	if !c.Closed {
		t.Error("the workflow did not finish")
	}
}

// TestRemovedGetVersionStillReplays guards the version-slot skipping: with
// the first GetVersion call gone, its marker and upsert (events 5 and 6) are
// stepped over and the activity keeps ID 7, as the official SDK replays it.
func TestRemovedGetVersionStillReplays(t *testing.T) {
	if _, err := replay(t, idsWorkflowVariant("Echo", false), loadHistory(t, "testdata/sdkgo-ids.json")); err != nil {
		t.Fatalf("replay without the first GetVersion: %v", err)
	}
}

// TestReplaysOfficialSDKHistoryOfCancelledChildAndExternalCalls replays
// the official SDK's CancelChild probe (docs/engine.md §1.9.2): the cancel
// of a started child moves to where the cancel happened (event 11, between
// the activity at 10 and the timer at 12), then a signal and a cancel to a
// workflow that does not exist, keyed by their Control values 27 and 32.
var cancelChildWorkflow = cancelChildWorkflowOf(engine.ChildWorkflowCancellationWaitCompleted)

// cancelChildWorkflowOf is the official SDK's CancelChild probe with the
// child's cancellation type as a parameter: the type changes when the
// child's future resolves, and the probe reads it only after the child
// closed, so every type writes the same history.
func cancelChildWorkflowOf(ct engine.ChildWorkflowCancellationType) engine.WorkflowFunc {
	return func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		cctx, cancel := engine.WithCancel(ctx)
		cf := engine.ExecuteChildWorkflow(cctx, engine.ChildWorkflowOptions{WaitForCancellation: true, CancellationType: ct}, "Child")
		_ = cf.GetChildWorkflowExecution().Get(ctx, nil)
		af := engine.ExecuteActivity(ctx, tenSeconds, "Echo", "x")
		cancel()
		timer := engine.NewTimer(ctx, 10*time.Millisecond)
		_ = af.Get(ctx, nil)
		_ = timer.Get(ctx, nil)
		childErr := cf.Get(ctx, nil)
		signalErr := engine.SignalExternalWorkflow(ctx, "", "no-such-wf", "", "sig", "x").Get(ctx, nil)
		cancelErr := engine.RequestCancelExternalWorkflow(ctx, "", "no-such-wf", "").Get(ctx, nil)
		var canceled *temporal.CanceledError
		if !errors.As(childErr, &canceled) || signalErr == nil || cancelErr == nil {
			return nil, fmt.Errorf("child %v, signal %v, cancel %v", childErr, signalErr, cancelErr)
		}
		if ct != engine.ChildWorkflowCancellationWaitCompleted && !errors.Is(childErr, engine.ErrCanceled) {
			return nil, fmt.Errorf("child %v, want ErrCanceled", childErr)
		}
		return nil, nil
	}
}

func TestReplaysOfficialSDKHistoryOfCancelledChildAndExternalCalls(t *testing.T) {
	c, err := replay(t, cancelChildWorkflow, loadHistory(t, "testdata/sdkgo-cancel-child.json"))
	if err != nil {
		t.Fatalf("replaying: %v", err)
	}
	if got := c.Commands[len(c.Commands)-1].GetCommandType(); got != enumspb.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION {
		t.Errorf("closed with %v: %v", got, c.Commands[len(c.Commands)-1])
	}
}

func updWorkflow(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
	n := 0
	done := false
	err := engine.SetUpdateHandler(ctx, "inc", func(ctx engine.Context, d int) (int, error) {
		_ = engine.Sleep(ctx, 10*time.Millisecond)
		n += d
		return n, nil
	}, func(ctx engine.Context, d int) error {
		if d < 0 {
			return errors.New("negative")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	engine.GetSignalChannel(ctx, "done").Receive(ctx, &done)
	return converter.Default().ToPayloads(n)
}

// TestReplaysOfficialSDKHistoryWithAnUpdate replays the official SDK's Upd
// probe: the request, rebuilt from UpdateAccepted, runs the handler (its
// timer takes ID 9 right after the acceptance at 8) and completes at 14; a
// rejected update left no trace.
func TestReplaysOfficialSDKHistoryWithAnUpdate(t *testing.T) {
	c, err := replay(t, updWorkflow, loadHistory(t, "testdata/sdkgo-update.json"))
	if err != nil {
		t.Fatalf("replaying: %v", err)
	}
	var n int
	if err := converter.Default().FromPayloads(c.Commands[len(c.Commands)-1].GetCompleteWorkflowExecutionCommandAttributes().GetResult(), &n); err != nil || n != 5 {
		t.Errorf("result %d, %v", n, err)
	}
}

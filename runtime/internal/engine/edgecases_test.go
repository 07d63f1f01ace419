package engine_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	protocolpb "go.temporal.io/api/protocol/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// The edge cases the official SDKs' maintainers were bitten by
// (temporal-worker-protocol.md §8), each driven through the engine.

// TestVersionMarkersInALoopPastTheSearchAttributeLimit replays the official
// SDK's ManyVersions probe: 60 GetVersion calls in a loop, the first 40
// with their TemporalChangeVersion upsert, the rest without once the list
// passed 2048 bytes (flag 1), and a timer after them all.
func TestVersionMarkersInALoopPastTheSearchAttributeLimit(t *testing.T) {
	manyVersions := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		for i := range 60 {
			engine.GetVersion(ctx, fmt.Sprintf("a-rather-long-change-id-to-blow-the-limit-%03d", i), engine.DefaultVersion, 1)
		}
		return nil, engine.Sleep(ctx, time.Millisecond)
	}
	if _, err := replay(t, manyVersions, loadHistory(t, "testdata/sdkgo-many-versions.json")); err != nil {
		t.Fatal(err)
	}
	// Live, the engine writes the same shape: 40 markers with upserts, then
	// 20 markers saying their upsert was skipped.
	_, c := runFirstTask(t, engine.Params{Workflow: manyVersions})
	markers, upserts, skipped := 0, 0, 0
	for _, cmd := range c.Commands {
		switch cmd.GetCommandType() {
		case enumspb.COMMAND_TYPE_RECORD_MARKER:
			markers++
			if _, ok := cmd.GetRecordMarkerCommandAttributes().GetDetails()["version-search-attribute-updated"]; ok {
				skipped++
			}
		case enumspb.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
			upserts++
		}
	}
	if markers != 60 || upserts != 40 || skipped != 20 {
		t.Errorf("markers %d, upserts %d, skipped %d; the official run wrote 60, 40, 20", markers, upserts, skipped)
	}
}

// event builds a history event; attrs sets its attributes.
func event(id int64, typ enumspb.EventType, attrs func(*historypb.HistoryEvent)) *historypb.HistoryEvent {
	e := &historypb.HistoryEvent{EventId: id, EventType: typ, EventTime: timestamppb.New(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))}
	if attrs != nil {
		attrs(e)
	}
	return e
}

func taskEvents(from int64, completed bool) []*historypb.HistoryEvent {
	out := []*historypb.HistoryEvent{event(from, enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, nil), event(from+1, enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED, nil)}
	if completed {
		out = append(out, event(from+2, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil))
	}
	return out
}

// TestSignalAndActivityResultInOneBatchAreBothSeenBeforeCodeRuns: events
// are applied in history order before any coroutine runs. A Select blocked
// on both is claimed by the first event applied (the signal at 6, before
// the activity result at 7), as in the official SDK, and the next Select
// finds the other already there: one task sees both.
func TestSignalAndActivityResultInOneBatchAreBothSeenBeforeCodeRuns(t *testing.T) {
	dc := converter.Default()
	var seen []string
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		f := engine.ExecuteActivity(ctx, tenSeconds, "Echo", "x")
		signals := engine.GetSignalChannel(ctx, "poke")
		s := engine.NewSelector("s")
		s.AddFuture(f, func(engine.Future) { seen = append(seen, "activity") })
		s.AddReceive(signals, func(c engine.ReceiveChannel, _ bool) { c.Receive(ctx, nil); seen = append(seen, "signal") })
		s.Select(ctx)
		s.Select(ctx)
		return nil, nil
	}
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	defer x.Close()
	first := firstTask(t)
	if _, err := x.ProcessTask(&engine.Task{Events: first, StartedEventID: 3}); err != nil {
		t.Fatal(err)
	}
	result, _ := dc.ToPayloads("x")
	input, _ := dc.ToPayloads("now")
	next := []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_ActivityTaskScheduledEventAttributes{ActivityTaskScheduledEventAttributes: &historypb.ActivityTaskScheduledEventAttributes{ActivityId: "5", ActivityType: &commonpb.ActivityType{Name: "Echo"}}}
		}),
		event(6, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_WorkflowExecutionSignaledEventAttributes{WorkflowExecutionSignaledEventAttributes: &historypb.WorkflowExecutionSignaledEventAttributes{SignalName: "poke", Input: input}}
		}),
		event(7, enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_ActivityTaskCompletedEventAttributes{ActivityTaskCompletedEventAttributes: &historypb.ActivityTaskCompletedEventAttributes{ScheduledEventId: 5, Result: result}}
		}),
	}
	next = append(next, taskEvents(8, false)...)
	c, err := x.ProcessTask(&engine.Task{Events: next, PreviousStartedEventID: 3, StartedEventID: 9})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, ",") != "signal,activity" || !c.Closed {
		t.Errorf("seen %v, closed %v: one task must see both, in history order", seen, c.Closed)
	}
}

// TestManySignalNames: a run looks its signal channels up in a slice,
// and in an index once it has many; either way each signal reaches the
// channel of its name, whether it comes before or after the code asks for
// the channel.
func TestManySignalNames(t *testing.T) {
	dc := converter.Default()
	const n = 40
	name := func(i int) string { return fmt.Sprintf("s%02d", i) }
	var got []string
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		for i := range n / 2 {
			engine.GetSignalChannel(ctx, name(i)) // asked for before their signals come
		}
		if err := engine.Sleep(ctx, time.Second); err != nil {
			return nil, err
		}
		for i := range n {
			var v string
			engine.GetSignalChannel(ctx, name(i)).Receive(ctx, &v)
			got = append(got, v)
		}
		return nil, nil
	}
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3}); err != nil {
		t.Fatal(err)
	}
	next := []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_TIMER_STARTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_TimerStartedEventAttributes{TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{TimerId: "5"}}
		}),
	}
	for i := n - 1; i >= 0; i-- { // the last names first: new to the run
		input, _ := dc.ToPayloads("v" + name(i))
		next = append(next, event(int64(len(next))+4, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_WorkflowExecutionSignaledEventAttributes{WorkflowExecutionSignaledEventAttributes: &historypb.WorkflowExecutionSignaledEventAttributes{SignalName: name(i), Input: input}}
		}))
	}
	id := int64(len(next)) + 4
	next = append(next, event(id, enumspb.EVENT_TYPE_TIMER_FIRED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_TimerFiredEventAttributes{TimerFiredEventAttributes: &historypb.TimerFiredEventAttributes{TimerId: "5", StartedEventId: 5}}
	}))
	next = append(next, taskEvents(id+1, false)...)
	c, err := x.ProcessTask(&engine.Task{Events: next, PreviousStartedEventID: 3, StartedEventID: id + 2})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Closed || len(got) != n {
		t.Fatalf("closed %v after receiving %d signals, want %d", c.Closed, len(got), n)
	}
	for i, v := range got {
		if v != "v"+name(i) {
			t.Errorf("channel %s received %q", name(i), v)
		}
	}
}

// TestUpdateBeforeItsHandlerIsRegisteredWaitsForIt: an update that arrives
// with the first task, before the code registered a handler, is queued and
// runs once the handler appears (flag 4), not rejected.
func TestUpdateBeforeItsHandlerIsRegisteredWaitsForIt(t *testing.T) {
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		_ = engine.Sleep(ctx, 0) // setup before registering
		if err := engine.SetUpdateHandler(ctx, "inc", func(ctx engine.Context, d int) (int, error) { return d, nil }, nil); err != nil {
			return nil, err
		}
		return nil, engine.Sleep(ctx, time.Hour)
	}
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	defer x.Close()
	c, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3, Messages: []*protocolpb.Message{updateRequest(t, "early", 2, 4)}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range c.Messages {
		ids = append(ids, m.GetId())
	}
	if strings.Join(ids, " ") != "early/accept early/complete" {
		t.Errorf("messages %v: the early update must be accepted and completed, not rejected", ids)
	}
}

// TestChildThatCannotStartFailsBothFutures: StartChildWorkflowExecutionFailed
// resolves the result future and then the start future, in the official
// SDK's order (a Selector waiting on both runs the result's case), with a
// ChildWorkflowExecutionError whose cause names what went wrong.
func TestChildThatCannotStartFailsBothFutures(t *testing.T) {
	var startErr, resultErr error
	var fired []string
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		cf := engine.ExecuteChildWorkflow(ctx, engine.ChildWorkflowOptions{WorkflowID: "taken"}, "Child")
		s := engine.NewSelector("s")
		s.AddFuture(cf.GetChildWorkflowExecution(), func(engine.Future) { fired = append(fired, "started") })
		s.AddFuture(cf, func(engine.Future) { fired = append(fired, "result") })
		s.Select(ctx)
		startErr = cf.GetChildWorkflowExecution().Get(ctx, nil)
		resultErr = cf.Get(ctx, nil)
		return nil, nil
	}
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3}); err != nil {
		t.Fatal(err)
	}
	next := []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_StartChildWorkflowExecutionInitiatedEventAttributes{StartChildWorkflowExecutionInitiatedEventAttributes: &historypb.StartChildWorkflowExecutionInitiatedEventAttributes{WorkflowId: "taken", WorkflowType: &commonpb.WorkflowType{Name: "Child"}}}
		}),
		event(6, enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_StartChildWorkflowExecutionFailedEventAttributes{StartChildWorkflowExecutionFailedEventAttributes: &historypb.StartChildWorkflowExecutionFailedEventAttributes{
				WorkflowId: "taken", Cause: enumspb.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS, InitiatedEventId: 5}}
		}),
	}
	next = append(next, taskEvents(7, false)...)
	c, err := x.ProcessTask(&engine.Task{Events: next, PreviousStartedEventID: 3, StartedEventID: 8})
	if err != nil {
		t.Fatal(err)
	}
	var childErr *temporal.ChildWorkflowExecutionError
	var cause *temporal.ChildWorkflowExecutionAlreadyStartedError
	if !errors.As(resultErr, &childErr) || childErr.WorkflowID() != "taken" || childErr.InitiatedEventID() != 5 ||
		!errors.As(resultErr, &cause) || startErr != resultErr || !c.Closed {
		t.Errorf("start %v, result %v, closed %v; want one ChildWorkflowExecutionError caused by ChildWorkflowExecutionAlreadyStartedError", startErr, resultErr, c.Closed)
	}
	if strings.Join(fired, " ") != "result" {
		t.Errorf("the Selector ran %v; the official SDK resolves the result first", fired)
	}
}

// TestAFixedActivityIDCancelledInTwoIterations: a workflow that reuses its
// own activity ID, cancelling each attempt, gets a cancel command for each
// (the cancel is keyed by the activity's scheduled event, as in the
// official SDK, not by its ID).
func TestAFixedActivityIDCancelledInTwoIterations(t *testing.T) {
	opts := engine.ActivityOptions{StartToCloseTimeout: 10 * time.Second, ActivityID: "fixed", WaitForCancellation: true}
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		for range 2 {
			c, cancel := engine.WithCancel(ctx)
			f := engine.ExecuteActivity(c, opts, "A")
			cancel()
			_ = f.Get(ctx, nil)
		}
		return nil, nil
	}
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	defer x.Close()
	c, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []enumspb.CommandType{enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK, enumspb.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK}
	if got := commandTypes(c.Commands); !slices.Equal(got, want) {
		t.Fatalf("first task %v, want %v", got, want)
	}
	next := append(cancelledActivityEvents("fixed", nil), taskEvents(8, false)...)
	c, err = x.ProcessTask(&engine.Task{Events: next, PreviousStartedEventID: 3, StartedEventID: 9})
	if err != nil {
		t.Fatalf("second task: %v", err)
	}
	if got := commandTypes(c.Commands); !slices.Equal(got, want) {
		t.Errorf("second task %v, want %v: the second attempt's schedule and cancel", got, want)
	}
	if got := c.Commands[1].GetRequestCancelActivityTaskCommandAttributes().GetScheduledEventId(); got != 11 {
		t.Errorf("the second cancel names scheduled event %d, want 11", got)
	}
}

// cancelledActivityEvents are events 4 to 7 after a first task that
// scheduled activity A (ID id) and asked to cancel it: the task completed,
// the activity scheduled, its cancellation requested, and it cancelled
// with details.
func cancelledActivityEvents(id string, details *commonpb.Payloads) []*historypb.HistoryEvent {
	return []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_ActivityTaskScheduledEventAttributes{ActivityTaskScheduledEventAttributes: &historypb.ActivityTaskScheduledEventAttributes{ActivityId: id, ActivityType: &commonpb.ActivityType{Name: "A"}}}
		}),
		event(6, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_ActivityTaskCancelRequestedEventAttributes{ActivityTaskCancelRequestedEventAttributes: &historypb.ActivityTaskCancelRequestedEventAttributes{ScheduledEventId: 5}}
		}),
		event(7, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_ActivityTaskCanceledEventAttributes{ActivityTaskCanceledEventAttributes: &historypb.ActivityTaskCanceledEventAttributes{ScheduledEventId: 5, Details: details}}
		}),
	}
}

// TestCloseCommandComesLastAfterEveryOtherCommand: a workflow that
// schedules work and returns in the same task sends that work first and the
// close last, never dropping a command (features#481).
func TestCloseCommandComesLastAfterEveryOtherCommand(t *testing.T) {
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		engine.ExecuteActivity(ctx, tenSeconds, "FireAndForget")
		engine.NewTimer(ctx, time.Hour)
		return nil, errors.New("giving up")
	}})
	if got := commandSummary(c); got != `ScheduleActivityTask (activity FireAndForget, ID "5"); StartTimer (timer "6"); FailWorkflowExecution` {
		t.Errorf("commands: %s", got)
	}
	if msg := c.Commands[2].GetFailWorkflowExecutionCommandAttributes().GetFailure().GetMessage(); msg != "giving up" {
		t.Errorf("failure message %q", msg)
	}
}

func TestPartialHistoryWithoutCachedStateIsRefused(t *testing.T) {
	x := engine.NewExecution(engine.Params{Workflow: waitCancel("Echo"), SdkMetadataCapable: true})
	defer x.Close()
	events := loadHistory(t, "testdata/sdkgo-wait-cancel.json")
	// Events 4..8 alone: nothing started this run, so the worker must fetch
	// the full history instead; the engine says so instead of guessing.
	_, err := x.ProcessTask(&engine.Task{Events: proto.Clone(&historypb.History{Events: events[3:8]}).(*historypb.History).GetEvents(), PreviousStartedEventID: 3, StartedEventID: 8})
	var partial *engine.PartialHistoryError
	if !errors.As(err, &partial) || partial.FirstEventID != 4 {
		t.Fatalf("err = %v, want a PartialHistoryError at event 4", err)
	}
}

// Regressions found in review against the official SDK.

func TestReplayOfARunningWorkflowsHistoryStopsBeforeTheOpenTask(t *testing.T) {
	// The history ends at WorkflowTaskStarted 8: the workflow is running.
	events := loadHistory(t, "testdata/sdkgo-wait-cancel.json")[:8]
	if _, err := replay(t, waitCancel("Echo"), events); err != nil {
		t.Fatalf("a running workflow's history must replay: %v", err)
	}
}

func TestQueryReplayOfARunClosedDuringATask(t *testing.T) {
	// Terminated while task 7–8 ran: that task's commands (cancel the
	// timer, schedule the cleanup activity) are in no event, yet a query
	// on the closed run must be answered.
	events := append(loadHistory(t, "testdata/sdkgo-wait-cancel.json")[:8],
		event(9, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_WorkflowExecutionTerminatedEventAttributes{
				WorkflowExecutionTerminatedEventAttributes: &historypb.WorkflowExecutionTerminatedEventAttributes{Reason: "test"},
			}
		}))
	x := engine.NewExecution(engine.Params{Workflow: waitCancel("Echo"), SdkMetadataCapable: true})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: events, PreviousStartedEventID: math.MaxInt64, ForQuery: true}); err != nil {
		t.Fatalf("replaying for a query: %v", err)
	}
}

func TestChildOfACancelledContextStartsNothing(t *testing.T) {
	var childErr error
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		cctx, cancel := engine.WithCancel(ctx)
		cancel()
		childErr = engine.ExecuteChildWorkflow(cctx, engine.ChildWorkflowOptions{}, "Child").Get(ctx, nil)
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	if got := commandSummary(c); got != `StartTimer (timer "5")` || childErr == nil {
		t.Errorf("commands %s, child error %v: no child, no ID taken", got, childErr)
	}
	if fmt.Sprint(c.Flags) != "[3]" {
		t.Errorf("flags %v: a child that never started records no flag 7", c.Flags)
	}
}

func TestDeterminismCheckRecordsNoFlag(t *testing.T) {
	// A history written before any flag: replaying it task by task must not
	// adopt flag 3 behind the history's back.
	events := loadHistory(t, "testdata/sdkgo-wait-cancel.json")
	for _, e := range events {
		if a := e.GetWorkflowTaskCompletedEventAttributes(); a != nil {
			a.SdkMetadata = nil
		}
	}
	x := engine.NewExecution(engine.Params{Workflow: waitCancel("Echo"), SdkMetadataCapable: true})
	defer x.Close()
	c, err := x.ProcessTask(&engine.Task{Events: events[:8], PreviousStartedEventID: 3, StartedEventID: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Flags) != 0 {
		t.Errorf("flags %v recorded on a history that had none", c.Flags)
	}
}

func TestRejectedUpdateIDMayComeAgain(t *testing.T) {
	events := loadHistory(t, "testdata/sdkgo-update.json")
	x := engine.NewExecution(engine.Params{Workflow: updWorkflow, SdkMetadataCapable: true})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: events[:6], PreviousStartedEventID: 3, StartedEventID: 6,
		Messages: []*protocolpb.Message{updateRequest(t, "u9", 5, -1)}}); err != nil {
		t.Fatal(err)
	}
	// The next (speculative) task carries the same update ID again.
	next := append([]*historypb.HistoryEvent{event(7, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil)}, taskEvents(8, false)...)
	c, err := x.ProcessTask(&engine.Task{Events: next, PreviousStartedEventID: 6, StartedEventID: 9,
		Messages: []*protocolpb.Message{updateRequest(t, "u9", 8, 1)}})
	if err != nil {
		t.Fatalf("a rejected update's ID sent again: %v", err)
	}
	if len(c.Messages) == 0 || c.Messages[0].GetId() != "u9/accept" {
		t.Errorf("messages %v", c.Messages)
	}
}

func TestPanicWhileApplyingAnEventIsAnError(t *testing.T) {
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		f := engine.NewTimer(ctx, time.Hour)
		chained, set := engine.NewFuture(nil)
		set.Chain(f)
		set.SetValue("by hand") // the timer firing later sets it again
		_ = chained.Get(ctx, nil)
		return nil, engine.Sleep(ctx, 2*time.Hour)
	}})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3}); err != nil {
		t.Fatal(err)
	}
	fired := []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_TIMER_STARTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_TimerStartedEventAttributes{TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{TimerId: "5"}}
		}),
		event(6, enumspb.EVENT_TYPE_TIMER_STARTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_TimerStartedEventAttributes{TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{TimerId: "6"}}
		}),
		event(7, enumspb.EVENT_TYPE_TIMER_FIRED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_TimerFiredEventAttributes{TimerFiredEventAttributes: &historypb.TimerFiredEventAttributes{TimerId: "5"}}
		}),
	}
	fired = append(fired, taskEvents(8, false)...)
	_, err := x.ProcessTask(&engine.Task{Events: fired, PreviousStartedEventID: 3, StartedEventID: 9})
	var pe *engine.EventPanicError
	if !errors.As(err, &pe) || pe.EventID != 7 {
		t.Fatalf("err = %v, want an EventPanicError at event 7", err)
	}
}

func TestMutableSideEffectOfNil(t *testing.T) {
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		engine.MutableSideEffect(ctx, "maybe", func(engine.Context) any { return nil }, func(a, b any) bool { return a == b })
		engine.MutableSideEffect(ctx, "maybe", func(engine.Context) any { return nil }, func(a, b any) bool { return a == b })
		return nil, nil
	}})
	if got := commandSummary(c); got != `RecordMarker (marker "MutableSideEffect"); CompleteWorkflowExecution` {
		t.Errorf("commands %s: an unchanged nil records once", got)
	}
}

func TestUpdateHandlerShapesTheOfficialSDKAccepts(t *testing.T) {
	var got []string
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		if err := engine.SetUpdateHandler(ctx, "set", func(ctx engine.Context, v string) error { got = append(got, v); return nil },
			func(v string) error { // a validator without the context
				if v == "" {
					return errors.New("empty")
				}
				return nil
			}); err != nil {
			return nil, err
		}
		if err := engine.SetUpdateHandler(ctx, "bad", func(ctx engine.Context, v int) error { return nil }, func(v string) error { return nil }); err == nil ||
			!strings.Contains(err.Error(), `validator of update "bad" takes [string], its handler [int]`) {
			return nil, fmt.Errorf("mismatched validator: %v", err)
		}
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	if summary := commandSummary(c); summary != `StartTimer (timer "5")` || len(got) != 0 {
		t.Fatalf("commands %s (a failed registration check fails the workflow), handler calls %v", summary, got)
	}
}

// TestLiveLocalActivityIsRecordedAsTheOfficialMarker runs the IDs probe
// live up to its local activity, hands the engine the worker's result, and
// checks the marker and the commands that follow match the official
// history (the marker, then activity 23's schedule).
func TestLiveLocalActivityIsRecordedAsTheOfficialMarker(t *testing.T) {
	events := loadHistory(t, "testdata/sdkgo-ids.json")
	x := engine.NewExecution(engine.Params{Workflow: idsWorkflow("Echo"), SdkMetadataCapable: true})
	defer x.Close()
	// The task that started at 16 runs the side effects, the version and
	// requests the local activity.
	c, err := x.ProcessTask(&engine.Task{Events: events[:16], PreviousStartedEventID: 12, StartedEventID: 16})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.LocalActivities) != 1 || c.LocalActivities[0].ActivityID != "1" || c.LocalActivities[0].ActivityType != "Echo" {
		t.Fatalf("local activities to run: %+v", c.LocalActivities)
	}
	if got := commandSummary(c); got != `RecordMarker (marker "SideEffect"); RecordMarker (marker "MutableSideEffect"); RecordMarker (marker "Version"); UpsertWorkflowSearchAttributes` {
		t.Fatalf("commands before the local activity: %s", got)
	}
	result, _ := converter.Default().ToPayloads("la")
	replayTime := time.Date(2026, 11, 25, 18, 31, 55, 0, time.UTC)
	c, err = x.ResolveLocalActivity(engine.LocalActivityResult{ActivityID: "1", Attempt: 1, Result: result, ReplayTime: replayTime})
	if err != nil {
		t.Fatal(err)
	}
	if got := commandSummary(c); got != `RecordMarker (marker "LocalActivity"); ScheduleActivityTask (activity Echo, ID "23")` {
		t.Errorf("commands after the local activity: %s", got)
	}
	if len(c.LocalActivities) != 0 {
		t.Errorf("local activities left: %v", c.LocalActivities)
	}
	if _, err := x.ResolveLocalActivity(engine.LocalActivityResult{ActivityID: "1"}); err == nil {
		t.Error("a local activity resolved twice")
	}
}

// TestDiscardedTaskRewindsTheRun: a speculative task that only rejects an
// update is discarded by the server, which writes its scheduled and
// started events again, with the same IDs, for the next task. The run is
// rewound past them and takes that task as if the discarded one never ran.
func TestDiscardedTaskRewindsTheRun(t *testing.T) {
	events := loadHistory(t, "testdata/sdkgo-update.json")
	x := engine.NewExecution(engine.Params{Workflow: updWorkflow, SdkMetadataCapable: true})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: events[:6], PreviousStartedEventID: 3, StartedEventID: 6}); err != nil {
		t.Fatal(err)
	}
	speculative := append([]*historypb.HistoryEvent{event(7, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil)}, taskEvents(8, false)...)
	c, err := x.ProcessTask(&engine.Task{Events: speculative, PreviousStartedEventID: 6, StartedEventID: 9,
		Messages: []*protocolpb.Message{updateRequest(t, "u1", 8, -1)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Commands) != 0 || len(c.Messages) != 1 || c.Messages[0].GetId() != "u1/reject" {
		t.Fatalf("speculative task answered commands %v, messages %v; want only u1's rejection", c.Commands, c.Messages)
	}
	var bad *engine.DiscardError
	if err := x.DiscardTask(8); !errors.As(err, &bad) {
		t.Errorf("DiscardTask to the discarded task's own scheduled event: %v, want a DiscardError", err)
	}
	if err := x.DiscardTask(6); err != nil {
		t.Fatalf("DiscardTask(6): %v", err)
	}
	// The server writes events 8 and 9 again for the next update.
	c, err = x.ProcessTask(&engine.Task{Events: speculative, PreviousStartedEventID: 6, StartedEventID: 9,
		Messages: []*protocolpb.Message{updateRequest(t, "u2", 8, 2)}})
	if err != nil {
		t.Fatalf("the task after the discarded one: %v", err)
	}
	if len(c.Messages) == 0 || c.Messages[0].GetId() != "u2/accept" {
		t.Errorf("messages %v, want u2 accepted", c.Messages)
	}
	if len(c.Commands) == 0 {
		t.Errorf("no commands: the accepted update's handler did not run")
	}
}

// TestLocalActivitiesAreRequestedInSchedulingOrder: the worker starts the
// local activities of a task in the order the workflow scheduled them, as
// the official SDK does, whatever order the engine keeps them in.
func TestLocalActivitiesAreRequestedInSchedulingOrder(t *testing.T) {
	const n = 40
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		opts := engine.LocalActivityOptions{StartToCloseTimeout: time.Minute}
		futures := make([]engine.Future, n)
		for i := range futures {
			futures[i] = engine.ExecuteLocalActivity(ctx, opts, fmt.Sprint("step", i), nil, i)
		}
		for _, f := range futures {
			if err := f.Get(ctx, nil); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}})
	if len(c.LocalActivities) != n {
		t.Fatalf("%d local activities requested, want %d", len(c.LocalActivities), n)
	}
	for i, r := range c.LocalActivities {
		if want := fmt.Sprint("step", i); r.ActivityType != want || r.ActivityID != fmt.Sprint(i+1) {
			t.Fatalf("request %d is %s (ID %s), want %s (ID %d): not in scheduling order", i, r.ActivityType, r.ActivityID, want, i+1)
		}
	}
}

// TestSharedDurationsStayBounded: a run that sleeps a different duration
// each time must not keep every one of them; once the task is done it
// keeps none.
func TestSharedDurationsStayBounded(t *testing.T) {
	x, _ := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		for i := range 200 {
			engine.NewTimer(ctx, time.Duration(i+1)*time.Second)
		}
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	if n := x.SharedDurations(); n != 0 {
		t.Errorf("the run keeps %d shared durations after a task with 200 distinct timers, want none", n)
	}
}

// TestTwoActivitiesInFlightUnderOneIDFailTheTask: as in the official SDK,
// a second activity scheduled under the ID of one still in flight fails
// the workflow task (the code must change), not the workflow.
func TestTwoActivitiesInFlightUnderOneIDFailTheTask(t *testing.T) {
	opts := engine.ActivityOptions{StartToCloseTimeout: 10 * time.Second, ActivityID: "dup"}
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		engine.ExecuteActivity(ctx, opts, "A")
		return nil, engine.ExecuteActivity(ctx, opts, "A").Get(ctx, nil)
	}
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	defer x.Close()
	c, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3})
	if err == nil || !strings.Contains(err.Error(), `"dup"`) || !strings.Contains(err.Error(), "its own ActivityID") {
		t.Errorf("task error %v, commands %v; want the task to fail naming the ID", err, c)
	}
}

// TestActivityCancellationDetailsDecodeWithTheCallsConverter: the details
// of an activity's cancellation are decoded with the converter the call
// was made with (workflow.WithDataConverter), as its result is and as the
// official SDK decodes them, not with the run's.
func TestActivityCancellationDetailsDecodeWithTheCallsConverter(t *testing.T) {
	zlib := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	var details string
	var detailsErr error
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		c, cancel := engine.WithCancel(engine.WithDataConverter(ctx, zlib))
		f := engine.ExecuteActivity(c, engine.ActivityOptions{StartToCloseTimeout: 10 * time.Second, WaitForCancellation: true}, "A")
		cancel()
		var canceled *temporal.CanceledError
		if err := f.Get(ctx, nil); errors.As(err, &canceled) {
			detailsErr = canceled.Details(&details)
		}
		return nil, nil
	}
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3}); err != nil {
		t.Fatal(err)
	}
	encoded, err := zlib.ToPayloads("stopped at row 42")
	if err != nil {
		t.Fatal(err)
	}
	next := append(cancelledActivityEvents("5", encoded), taskEvents(8, false)...)
	if _, err := x.ProcessTask(&engine.Task{Events: next, PreviousStartedEventID: 3, StartedEventID: 9}); err != nil {
		t.Fatal(err)
	}
	if detailsErr != nil || details != "stopped at row 42" {
		t.Errorf("cancellation details %q, %v; want the zlib-encoded details decoded with the call's converter", details, detailsErr)
	}
}

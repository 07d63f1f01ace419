package engine_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/internal/markers"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

var laOptions = engine.LocalActivityOptions{StartToCloseTimeout: time.Minute}

var laReplayTime = time.Date(2026, 11, 25, 12, 0, 1, 0, time.UTC)

// resolveCanceled reports local activity id cancelled, as the worker does,
// and returns the engine's answer.
func resolveCanceled(t *testing.T, x *engine.Execution, id string, attempt int32) *engine.Completion {
	t.Helper()
	c, err := x.ResolveLocalActivity(engine.LocalActivityResult{ActivityID: id, Attempt: attempt, Err: temporal.NewCanceledError(), ReplayTime: laReplayTime})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// localActivityMarker decodes the LocalActivity marker among cmds.
func localActivityMarker(t *testing.T, cmds []*commandpb.Command) markers.LocalActivity {
	t.Helper()
	for _, cmd := range cmds {
		a := cmd.GetRecordMarkerCommandAttributes()
		if a.GetMarkerName() != markers.LocalActivityName {
			continue
		}
		m, err := markers.Decode(converter.Default(), 0, &historypb.MarkerRecordedEventAttributes{MarkerName: a.GetMarkerName(), Details: a.GetDetails(), Failure: a.GetFailure()})
		if err != nil {
			t.Fatal(err)
		}
		return m.(markers.LocalActivity)
	}
	t.Fatalf("no LocalActivity marker among %d commands", len(cmds))
	return markers.LocalActivity{}
}

// requireCanceledError checks err is the bare CanceledError the official
// SDK hands the workflow for a cancelled local activity: not wrapped in an
// ActivityError.
func requireCanceledError(t *testing.T, err error) {
	t.Helper()
	var canceled *temporal.CanceledError
	var actErr *temporal.ActivityError
	if !errors.As(err, &canceled) || errors.As(err, &actErr) {
		t.Fatalf("error %v (%T), want a bare *temporal.CanceledError", err, err)
	}
}

// TestLocalActivityUnderACancelledContextResolvesAtItsMarker: a local
// activity requested under a cancelled context still goes to the worker,
// marked cancelled, so that the worker reports it without running it; the
// future resolves with a CanceledError only when that result's marker,
// which records a Canceled failure as the official SDK's does, is applied.
func TestLocalActivityUnderACancelledContextResolvesAtItsMarker(t *testing.T) {
	var laErr error
	resolved := false
	x, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		lctx, cancel := engine.WithCancel(ctx)
		cancel()
		laErr = engine.ExecuteLocalActivity(lctx, laOptions, "Echo", nil, "x").Get(ctx, nil)
		resolved = true
		return nil, nil
	}})
	if len(c.LocalActivities) != 1 || !c.LocalActivities[0].Canceled || c.LocalActivities[0].ActivityID != "1" {
		t.Fatalf("local activities %+v, want activity 1 marked cancelled", c.LocalActivities)
	}
	if resolved || c.Closed {
		t.Fatal("the future resolved before the worker reported the cancellation")
	}
	c = resolveCanceled(t, x, "1", 1)
	if got, want := commandSummary(c), `RecordMarker (marker "LocalActivity"); CompleteWorkflowExecution`; got != want {
		t.Fatalf("commands %s, want %s", got, want)
	}
	m := localActivityMarker(t, c.Commands)
	if m.Failure.GetCanceledFailureInfo() == nil || m.Failure.GetMessage() != "canceled" || m.Attempt != 1 || m.Backoff != 0 {
		t.Errorf("marker %+v, want attempt 1 with a Canceled failure and no backoff", m)
	}
	requireCanceledError(t, laErr)
	if len(c.LocalActivities) != 0 {
		t.Errorf("a cancelled local activity was retried: %+v", c.LocalActivities)
	}
}

// TestCancellingARunningLocalActivityTellsTheWorker: once the worker runs
// a local activity, cancelling its context names it in the next answer
// (once), and its future waits for the worker's result.
func TestCancellingARunningLocalActivityTellsTheWorker(t *testing.T) {
	var slowErr error
	resolved := false
	x, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		lctx, cancel := engine.WithCancel(ctx)
		slow := engine.ExecuteLocalActivity(lctx, laOptions, "Slow", nil)
		fast := engine.ExecuteLocalActivity(ctx, laOptions, "Fast", nil)
		if err := fast.Get(ctx, nil); err != nil {
			return nil, err
		}
		cancel()
		cancel()
		slowErr = slow.Get(ctx, nil)
		resolved = true
		return nil, nil
	}})
	if len(c.LocalActivities) != 2 || c.LocalActivities[0].Canceled || c.LocalActivities[1].Canceled || len(c.CancelLocalActivities) != 0 {
		t.Fatalf("first answer: local activities %+v, cancels %v", c.LocalActivities, c.CancelLocalActivities)
	}
	c, err := x.ResolveLocalActivity(engine.LocalActivityResult{ActivityID: "2", Attempt: 1, ReplayTime: laReplayTime})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.CancelLocalActivities, []string{"1"}) || len(c.LocalActivities) != 0 {
		t.Fatalf("after the fast one: cancels %v, local activities %+v; want activity 1 cancelled", c.CancelLocalActivities, c.LocalActivities)
	}
	if resolved || c.Closed {
		t.Fatal("the cancelled local activity resolved before the worker reported it")
	}
	c = resolveCanceled(t, x, "1", 1)
	if got, want := commandSummary(c), `RecordMarker (marker "LocalActivity"); CompleteWorkflowExecution`; got != want {
		t.Fatalf("commands %s, want %s", got, want)
	}
	if len(c.CancelLocalActivities) != 0 {
		t.Errorf("cancels %v repeated", c.CancelLocalActivities)
	}
	requireCanceledError(t, slowErr)
}

// TestWorkflowCancellationReachesALocalActivityRunningAcrossAHeartbeat:
// the cancel request comes in the task a heartbeat started, while the
// local activity requested in the task before runs.
func TestWorkflowCancellationReachesALocalActivityRunningAcrossAHeartbeat(t *testing.T) {
	var laErr error
	x, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		laErr = engine.ExecuteLocalActivity(ctx, laOptions, "Slow", nil).Get(ctx, nil)
		return nil, laErr
	}})
	if len(c.LocalActivities) != 1 {
		t.Fatalf("local activities %+v", c.LocalActivities)
	}
	next := []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_WorkflowExecutionCancelRequestedEventAttributes{WorkflowExecutionCancelRequestedEventAttributes: &historypb.WorkflowExecutionCancelRequestedEventAttributes{}}
		}),
	}
	c, err := x.ProcessTask(&engine.Task{Events: append(next, taskEvents(6, false)...), PreviousStartedEventID: 3, StartedEventID: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.CancelLocalActivities, []string{"1"}) || c.Closed {
		t.Fatalf("cancels %v, closed %v; want activity 1 cancelled and the workflow waiting for it", c.CancelLocalActivities, c.Closed)
	}
	c = resolveCanceled(t, x, "1", 1)
	if got, want := commandSummary(c), `RecordMarker (marker "LocalActivity"); CancelWorkflowExecution`; got != want {
		t.Fatalf("commands %s, want %s", got, want)
	}
	requireCanceledError(t, laErr)
}

// TestCancellingALocalActivityBackoffEndsItsRetries: a cancellation while
// a retry waits on its backoff timer cancels the timer; as in the official
// SDK, the next attempt is still requested, under a new ID, marked
// cancelled, and its marker ends the call with a CanceledError.
func TestCancellingALocalActivityBackoffEndsItsRetries(t *testing.T) {
	opts := engine.LocalActivityOptions{StartToCloseTimeout: time.Second, RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Hour}}
	var laErr error
	x, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		lctx, cancel := engine.WithCancel(ctx)
		f := engine.ExecuteLocalActivity(lctx, opts, "Flaky", nil)
		engine.Go(ctx, "canceller", func(ctx engine.Context) {
			engine.GetSignalChannel(ctx, "stop").Receive(ctx, nil)
			cancel()
		})
		laErr = f.Get(ctx, nil)
		return nil, nil
	}})
	c, err := x.ResolveLocalActivity(engine.LocalActivityResult{ActivityID: c.LocalActivities[0].ActivityID, Attempt: 1,
		Err: errors.New("attempt 1 fails"), Backoff: time.Hour, ReplayTime: laReplayTime})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := commandSummary(c), `RecordMarker (marker "LocalActivity"); StartTimer (timer "6")`; got != want {
		t.Fatalf("commands %s, want %s", got, want)
	}
	next := []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_MARKER_RECORDED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_MarkerRecordedEventAttributes{MarkerRecordedEventAttributes: &historypb.MarkerRecordedEventAttributes{MarkerName: markers.LocalActivityName}}
		}),
		event(6, enumspb.EVENT_TYPE_TIMER_STARTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_TimerStartedEventAttributes{TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{TimerId: "6"}}
		}),
		event(7, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_WorkflowExecutionSignaledEventAttributes{WorkflowExecutionSignaledEventAttributes: &historypb.WorkflowExecutionSignaledEventAttributes{SignalName: "stop"}}
		}),
	}
	c, err = x.ProcessTask(&engine.Task{Events: append(next, taskEvents(8, false)...), PreviousStartedEventID: 3, StartedEventID: 9})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := commandSummary(c), `CancelTimer (timer "6")`; got != want {
		t.Fatalf("commands %s, want %s", got, want)
	}
	if len(c.LocalActivities) != 1 || c.LocalActivities[0].ActivityID != "2" || c.LocalActivities[0].Attempt != 2 || !c.LocalActivities[0].Canceled {
		t.Fatalf("local activities %+v, want attempt 2 under ID 2, marked cancelled", c.LocalActivities)
	}
	c = resolveCanceled(t, x, "2", 2)
	if got, want := commandSummary(c), `RecordMarker (marker "LocalActivity"); CompleteWorkflowExecution`; got != want {
		t.Fatalf("commands %s, want %s", got, want)
	}
	if m := localActivityMarker(t, c.Commands); m.ActivityID != "2" || m.Attempt != 2 || m.Failure.GetCanceledFailureInfo() == nil {
		t.Errorf("marker %+v, want attempt 2 cancelled", m)
	}
	requireCanceledError(t, laErr)
}

// TestALocalActivitysTimeoutsStandInForEachOther: as in the official SDK,
// an unset ScheduleToCloseTimeout is the StartToCloseTimeout, which then
// bounds the retries too, and an unset StartToCloseTimeout the
// ScheduleToCloseTimeout.
func TestALocalActivitysTimeoutsStandInForEachOther(t *testing.T) {
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		engine.ExecuteLocalActivity(ctx, engine.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second}, "A", nil)
		engine.ExecuteLocalActivity(ctx, engine.LocalActivityOptions{ScheduleToCloseTimeout: time.Minute}, "B", nil)
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	if len(c.LocalActivities) != 2 {
		t.Fatalf("%d local activities requested, want 2", len(c.LocalActivities))
	}
	a, b := c.LocalActivities[0].Options, c.LocalActivities[1].Options
	if a.ScheduleToCloseTimeout != 5*time.Second || b.StartToCloseTimeout != time.Minute {
		t.Errorf("options %+v and %+v; want each unset timeout to be the other", a, b)
	}
}

package commands_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/commands"
)

func peek(t *testing.T, s *commands.Sequencer) int64 {
	t.Helper()
	n, err := s.Peek()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSequencerPredictsEventIDsLikeTheOfficialSDK(t *testing.T) {
	ms := commands.NewMachines()
	if _, err := ms.Sequencer().Peek(); !errors.Is(err, commands.ErrNoTaskStarted) {
		t.Fatalf("Peek before any task: %v", err)
	}
	ms.OnTaskStarted(3) // WorkflowTaskCompleted will be 4, the first command 5
	if got := peek(t, ms.Sequencer()); got != 5 {
		t.Fatalf("first prediction %d, want 5", got)
	}
	if _, err := ms.ScheduleActivity(&commandpb.ScheduleActivityTaskCommandAttributes{ActivityId: "5"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ms.StartTimer(&commandpb.StartTimerCommandAttributes{TimerId: "6"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := peek(t, ms.Sequencer()); got != 7 {
		t.Errorf("after two commands %d, want 7", got)
	}
	// Commands not sent when the next task starts take the first slots.
	ms.OnTaskStarted(10)
	if got := peek(t, ms.Sequencer()); got != 14 {
		t.Errorf("with 2 unsent commands at task 10: %d, want 14", got)
	}
}

func TestSequencerStepsOverVersionMarkerSlots(t *testing.T) {
	ms := commands.NewMachines()
	ms.OnTaskStarted(3)
	s := ms.Sequencer()
	// GetVersion at 5 (marker + upsert at 6), GetVersion at 7 whose upsert
	// was skipped (search attribute too large): the next command is 8.
	if err := s.AddVersionMarker(5, true); err != nil {
		t.Fatal(err)
	}
	if err := s.AddVersionMarker(7, false); err != nil {
		t.Fatal(err)
	}
	if got := peek(t, s); got != 8 {
		t.Errorf("Peek = %d, want 8", got)
	}
	if err := s.AddVersionMarker(9, true); err != nil {
		t.Fatal(err)
	}
	if err := s.AddVersionMarker(9, true); err == nil {
		t.Error("two Version markers at one event were accepted")
	}
}

func event(id int64, t enumspb.EventType, attrs func(*historypb.HistoryEvent)) *historypb.HistoryEvent {
	e := &historypb.HistoryEvent{EventId: id, EventType: t}
	if attrs != nil {
		attrs(e)
	}
	return e
}

func scheduled(id int64, activityID string) *historypb.HistoryEvent {
	return event(id, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_ActivityTaskScheduledEventAttributes{ActivityTaskScheduledEventAttributes: &historypb.ActivityTaskScheduledEventAttributes{ActivityId: activityID}}
	})
}

func activityCompleted(id, scheduledID int64) *historypb.HistoryEvent {
	return event(id, enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_ActivityTaskCompletedEventAttributes{ActivityTaskCompletedEventAttributes: &historypb.ActivityTaskCompletedEventAttributes{ScheduledEventId: scheduledID}}
	})
}

func commandTypes(cs []*commandpb.Command) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.GetCommandType().String())
	}
	return fmt.Sprint(out)
}

func TestActivityFromScheduleToCompletion(t *testing.T) {
	ms := commands.NewMachines()
	ms.OnTaskStarted(3)
	m, err := ms.ScheduleActivity(&commandpb.ScheduleActivityTaskCommandAttributes{ActivityId: "5", ActivityType: &commonpb.ActivityType{Name: "Charge"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := commandTypes(ms.Emit()); got != "[ScheduleActivityTask]" {
		t.Fatalf("emitted %s", got)
	}
	if m.State() != commands.CommandSent || ms.Emit() != nil {
		t.Fatalf("after sending: state %v; a sent command must not be sent again", m.State())
	}
	if _, err := ms.HandleActivityEvent(scheduled(5, "5")); err != nil || m.State() != commands.Initiated {
		t.Fatalf("scheduled: %v, state %v", err, m.State())
	}
	if _, err := ms.HandleActivityEvent(activityCompleted(8, 5)); err != nil || m.State() != commands.Completed {
		t.Fatalf("completed: %v, state %v", err, m.State())
	}
	if _, ok := ms.Get(m.Key()); ok {
		t.Error("a completed machine stays registered")
	}
}

func TestActivityCancelledBeforeSentSendsScheduleThenCancel(t *testing.T) {
	ms := commands.NewMachines()
	ms.OnTaskStarted(3)
	m, _ := ms.ScheduleActivity(&commandpb.ScheduleActivityTaskCommandAttributes{ActivityId: "5", RequestEagerExecution: true})
	if err := m.Cancel(); err != nil {
		t.Fatal(err)
	}
	cs := ms.Emit()
	if got := commandTypes(cs); got != "[ScheduleActivityTask RequestCancelActivityTask]" {
		t.Fatalf("emitted %s", got)
	}
	if cs[0].GetScheduleActivityTaskCommandAttributes().GetRequestEagerExecution() {
		t.Error("an activity scheduled and cancelled in one task must not ask for eager execution")
	}
	if got := cs[1].GetRequestCancelActivityTaskCommandAttributes().GetScheduledEventId(); got != 5 {
		t.Errorf("cancel targets scheduled event %d, want 5", got)
	}
	if got := peek(t, ms.Sequencer()); got != 7 {
		t.Errorf("the cancel command takes a slot too: next %d, want 7", got)
	}
	// History: scheduled 5, cancel requested 6, canceled 7.
	if _, err := ms.HandleActivityEvent(scheduled(5, "5")); err != nil {
		t.Fatal(err)
	}
	if m.State() != commands.CanceledAfterInitiated {
		t.Fatalf("state %v", m.State())
	}
	canceled := event(7, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_ActivityTaskCanceledEventAttributes{ActivityTaskCanceledEventAttributes: &historypb.ActivityTaskCanceledEventAttributes{ScheduledEventId: 5}}
	})
	if _, err := ms.HandleActivityEvent(canceled); err != nil || m.State() != commands.Completed {
		t.Fatalf("canceled: %v, state %v", err, m.State())
	}
}

func TestActivityEventsThatMatchNoCommandAreNondeterminism(t *testing.T) {
	ms := commands.NewMachines()
	ms.OnTaskStarted(3)
	if _, err := ms.ScheduleActivity(&commandpb.ScheduleActivityTaskCommandAttributes{ActivityId: "5"}); err != nil {
		t.Fatal(err)
	}
	ms.Emit()
	var missing *commands.MissingCommandError
	recorded := scheduled(6, "6")
	recorded.GetActivityTaskScheduledEventAttributes().ActivityType = &commonpb.ActivityType{Name: "Echo"}
	_, err := ms.HandleActivityEvent(recorded)
	if !errors.As(err, &missing) || missing.EventID != 6 {
		t.Errorf("scheduled at an unpredicted event: err = %v", err)
	}
	// The error names what the history recorded, and carries the code's
	// own answer: the activity it scheduled.
	for _, want := range []string{"[TMPRL1100]", `is for Activity "6" (type Echo)`, `it produced Activity "5" instead`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	var mismatch *commands.MismatchError
	if _, err := ms.HandleActivityEvent(scheduled(5, "charge-card")); !errors.As(err, &mismatch) || !strings.Contains(err.Error(), "[TMPRL1100]") {
		t.Errorf("scheduled with another activity ID: err = %v", err)
	}
}

func TestTimerFiredBeforeItsCancelWasSentDropsTheCancel(t *testing.T) {
	ms := commands.NewMachines()
	ms.OnTaskStarted(3)
	m, _ := ms.StartTimer(&commandpb.StartTimerCommandAttributes{TimerId: "5"}, nil)
	ms.Emit()
	started := event(5, enumspb.EVENT_TYPE_TIMER_STARTED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_TimerStartedEventAttributes{TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{TimerId: "5"}}
	})
	if _, err := ms.HandleTimerEvent(started); err != nil {
		t.Fatal(err)
	}
	if err := m.Cancel(); err != nil { // queues a CancelTimer
		t.Fatal(err)
	}
	fired := event(9, enumspb.EVENT_TYPE_TIMER_FIRED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_TimerFiredEventAttributes{TimerFiredEventAttributes: &historypb.TimerFiredEventAttributes{TimerId: "5"}}
	})
	if _, err := ms.HandleTimerEvent(fired); err != nil || m.State() != commands.Completed {
		t.Fatalf("fired: %v, state %v", err, m.State())
	}
	if cs := ms.Emit(); cs != nil {
		t.Errorf("emitted %s; the cancel of a fired timer must be dropped", commandTypes(cs))
	}
}

func TestIllegalTransitionsAreReported(t *testing.T) {
	ms := commands.NewMachines()
	ms.OnTaskStarted(3)
	timer, _ := ms.StartTimer(&commandpb.StartTimerCommandAttributes{TimerId: "5"}, nil)
	fired := event(6, enumspb.EVENT_TYPE_TIMER_FIRED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_TimerFiredEventAttributes{TimerFiredEventAttributes: &historypb.TimerFiredEventAttributes{TimerId: "5"}}
	})
	_, err := ms.HandleTimerEvent(fired) // never sent, never started
	var illegal *commands.IllegalTransitionError
	if !errors.As(err, &illegal) || illegal.State != commands.Created || illegal.Key.ID != "5" {
		t.Fatalf("fired before started: err = %v", err)
	}
	if timer.State() != commands.Created {
		t.Errorf("an illegal input changed the state to %v", timer.State())
	}

	act, _ := ms.ScheduleActivity(&commandpb.ScheduleActivityTaskCommandAttributes{ActivityId: "6"})
	ms.Emit()
	if err := act.Handle(commands.InputCancelFailed); !errors.As(err, &illegal) {
		t.Errorf("activity cancel-failed: err = %v; cancelling an activity never fails", err)
	}
}

func TestDuplicateCommandIDsAreRejected(t *testing.T) {
	ms := commands.NewMachines()
	ms.OnTaskStarted(3)
	if _, err := ms.StartTimer(&commandpb.StartTimerCommandAttributes{TimerId: "t"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ms.StartTimer(&commandpb.StartTimerCommandAttributes{TimerId: "t"}, nil); err == nil {
		t.Error("two running timers with one ID were accepted")
	}
}

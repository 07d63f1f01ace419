package replay_test

import (
	"errors"
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/replay"
)

// Event builders for histories written in code. Each sets the event type and
// the matching attributes, as a server does.

func started(id int64) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
		Attributes: &historypb.HistoryEvent_WorkflowExecutionStartedEventAttributes{WorkflowExecutionStartedEventAttributes: &historypb.WorkflowExecutionStartedEventAttributes{}}}
}

func taskScheduled(id int64) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
		Attributes: &historypb.HistoryEvent_WorkflowTaskScheduledEventAttributes{WorkflowTaskScheduledEventAttributes: &historypb.WorkflowTaskScheduledEventAttributes{}}}
}

func signaled(id int64) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
		Attributes: &historypb.HistoryEvent_WorkflowExecutionSignaledEventAttributes{WorkflowExecutionSignaledEventAttributes: &historypb.WorkflowExecutionSignaledEventAttributes{SignalName: "poke"}}}
}

func timerFired(id int64) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_TIMER_FIRED,
		Attributes: &historypb.HistoryEvent_TimerFiredEventAttributes{TimerFiredEventAttributes: &historypb.TimerFiredEventAttributes{TimerId: "1"}}}
}

func terminated(id int64) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
		Attributes: &historypb.HistoryEvent_WorkflowExecutionTerminatedEventAttributes{WorkflowExecutionTerminatedEventAttributes: &historypb.WorkflowExecutionTerminatedEventAttributes{}}}
}

func continuedAsNew(id int64) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
		Attributes: &historypb.HistoryEvent_WorkflowExecutionContinuedAsNewEventAttributes{WorkflowExecutionContinuedAsNewEventAttributes: &historypb.WorkflowExecutionContinuedAsNewEventAttributes{}}}
}

// with returns e changed by edit, for one-off corruptions.
func with(e *historypb.HistoryEvent, edit func(*historypb.HistoryEvent)) *historypb.HistoryEvent {
	edit(e)
	return e
}

func history(events ...*historypb.HistoryEvent) *historypb.History {
	return &historypb.History{Events: events}
}

func TestValidateHistoryAcceptsRealisticHistories(t *testing.T) {
	tests := []struct {
		name string
		h    *historypb.History
	}{
		{"only the start", history(started(1))},
		{"an open run", history(started(1), taskScheduled(2), signaled(3))},
		{"a closed run", history(started(1), taskScheduled(2), signaled(3), terminated(4))},
		{"continued as new", history(started(1), taskScheduled(2), continuedAsNew(3))},
		{"an unknown event type the server marked ignorable", history(started(1),
			&historypb.HistoryEvent{EventId: 2, EventType: enumspb.EventType(999), WorkerMayIgnore: true}, signaled(3))},
		{"an event type missing from the JSON, marked ignorable", history(started(1),
			&historypb.HistoryEvent{EventId: 2, WorkerMayIgnore: true}, signaled(3))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := replay.ValidateHistory(tt.h); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestValidateHistoryNamesTheFaultyEvent(t *testing.T) {
	tests := []struct {
		name       string
		h          *historypb.History
		wantID     int64
		wantReason string
	}{
		{"nil history", nil, 0, "the history has no events"},
		{"no events", history(), 0, "the history has no events"},
		{"nil event", history(started(1), nil), 0, "the event at index 1 is nil"},
		{"first event not started", history(taskScheduled(1), started(2)), 1, "the first event is WorkflowTaskScheduled, not WorkflowExecutionStarted"},
		{"first event of unknown type", history(&historypb.HistoryEvent{EventId: 1, EventType: 999, WorkerMayIgnore: true}), 1, "the first event is 999, not WorkflowExecutionStarted"},
		{"partial history", history(taskScheduled(2), signaled(3)), 2, "the history starts at event 2, not 1: it is partial"},
		{"zero event ID", history(started(0)), 0, "event ID 0 at index 0"},
		{"negative event ID", history(started(1), signaled(-2)), -2, "event ID -2 at index 1: event IDs start at 1"},
		{"one event missing", history(started(1), taskScheduled(2), signaled(4)), 4, "event 3 is missing (the previous event is 2)"},
		{"several events missing", history(started(1), signaled(5)), 5, "events 2 to 4 are missing (the previous event is 1)"},
		{"duplicate", history(started(1), taskScheduled(2), signaled(2)), 2, "duplicate event ID 2 (want 3 after event 2)"},
		{"duplicate of an earlier event", history(started(1), taskScheduled(2), signaled(3), signaled(1)), 1, "duplicate event ID 1 (want 4 after event 3)"},
		{"out of order", history(started(1), signaled(3), taskScheduled(2)), 3, "events out of order: event 3 comes before event 2"},
		{"first events swapped", history(taskScheduled(2), started(1)), 2, "events out of order: event 2 comes before event 1"},
		{"attributes missing", history(started(1), with(timerFired(2), func(e *historypb.HistoryEvent) { e.Attributes = nil })), 2,
			"event type TimerFired has no attributes: want timerFiredEventAttributes"},
		{"attributes of another type", history(started(1), with(timerFired(2), func(e *historypb.HistoryEvent) { e.Attributes = signaled(2).Attributes })), 2,
			"event type TimerFired carries workflowExecutionSignaledEventAttributes: want timerFiredEventAttributes"},
		{"attributes set but empty", history(started(1), with(timerFired(2), func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_TimerFiredEventAttributes{}
		})), 2, "event type TimerFired has no attributes"},
		{"known type marked ignorable still needs its attributes", history(started(1), with(timerFired(2), func(e *historypb.HistoryEvent) {
			e.Attributes, e.WorkerMayIgnore = nil, true
		})), 2, "event type TimerFired has no attributes"},
		{"start without attributes", history(with(started(1), func(e *historypb.HistoryEvent) { e.Attributes = nil })), 1,
			"event type WorkflowExecutionStarted has no attributes"},
		{"unknown event type", history(started(1), &historypb.HistoryEvent{EventId: 2, EventType: 999}), 2,
			"unknown event type 999, and the event is not marked workerMayIgnore"},
		{"no event type", history(started(1), &historypb.HistoryEvent{EventId: 2}), 2, "the event has no event type"},
		{"event after terminated", history(started(1), taskScheduled(2), terminated(3), signaled(4)), 4,
			"WorkflowExecutionSignaled follows the run's close event 3 (WorkflowExecutionTerminated)"},
		{"ignorable event after continued as new", history(started(1), continuedAsNew(2), &historypb.HistoryEvent{EventId: 3, EventType: 999, WorkerMayIgnore: true}), 3,
			"999 follows the run's close event 2 (WorkflowExecutionContinuedAsNew)"},
		{"second start after close", history(started(1), terminated(2), started(3)), 3,
			"WorkflowExecutionStarted follows the run's close event 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := replay.ValidateHistory(tt.h)
			var corrupt *replay.CorruptHistoryError
			if !errors.As(err, &corrupt) {
				t.Fatalf("err = %v (%T), want a *replay.CorruptHistoryError", err, err)
			}
			if corrupt.EventID != tt.wantID || !strings.Contains(corrupt.Reason, tt.wantReason) || corrupt.Source != "" {
				t.Errorf("got EventID %d, Reason %q, Source %q; want %d, %q, none", corrupt.EventID, corrupt.Reason, corrupt.Source, tt.wantID, tt.wantReason)
			}
		})
	}
}

func TestCorruptHistoryErrorMessage(t *testing.T) {
	tests := []struct {
		err  *replay.CorruptHistoryError
		want string
	}{
		{&replay.CorruptHistoryError{Source: "a.json", EventID: 7, Reason: "bad"}, "replay: corrupt history in a.json: event 7: bad"},
		{&replay.CorruptHistoryError{Reason: "the history has no events"}, "replay: corrupt history: the history has no events"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

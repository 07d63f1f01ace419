package replay

import (
	"fmt"
	"strconv"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// attributesOneof is HistoryEvent's oneof that holds the event's attributes.
var attributesOneof = (&historypb.HistoryEvent{}).ProtoReflect().Descriptor().Oneofs().ByName("attributes")

// attributesField maps each event type to the attributes field its events
// carry. Temporal names them alike (EVENT_TYPE_TIMER_FIRED,
// timer_fired_event_attributes), so the table follows the protos as
// go.temporal.io/api moves; a test checks that every event type and every
// attributes field have a partner.
var attributesField = func() map[enumspb.EventType]protoreflect.FieldDescriptor {
	fields := attributesOneof.Fields()
	m := make(map[enumspb.EventType]protoreflect.FieldDescriptor, fields.Len())
	for number, name := range enumspb.EventType_name {
		field := strings.ToLower(strings.TrimPrefix(name, "EVENT_TYPE_")) + "_event_attributes"
		if fd := fields.ByName(protoreflect.Name(field)); fd != nil {
			m[enumspb.EventType(number)] = fd
		}
	}
	return m
}()

// isCloseEvent reports whether t ends a run: no event may follow it.
func isCloseEvent(t enumspb.EventType) bool {
	switch t {
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
		return true
	}
	return false
}

// ValidateHistory checks that h can be the history of one workflow run, as a
// server records it, and returns a [*CorruptHistoryError] naming the first
// faulty event otherwise. It rejects:
//
//   - a nil or empty history;
//   - a first event that is not WorkflowExecutionStarted;
//   - event IDs that do not run 1, 2, 3, … (a partial history, a gap, a
//     duplicate, events out of order);
//   - an event whose attributes do not match its event type, or are missing;
//   - an event type these protos do not know, unless the server marked the
//     event WorkerMayIgnore (as it does for event types added after the
//     worker was built);
//   - events after the run's close event (completed, failed, timed out,
//     canceled, terminated, continued as new).
//
// An open run's history, which ends without a close event, is valid. The
// loaders in this package call ValidateHistory; call it yourself on a
// history built or edited in code.
func ValidateHistory(h *historypb.History) error {
	return validateHistory(h, "")
}

func validateHistory(h *historypb.History, source string) error {
	corrupt := func(eventID int64, format string, args ...any) error {
		return &CorruptHistoryError{Source: source, EventID: eventID, Reason: fmt.Sprintf(format, args...)}
	}
	events := h.GetEvents()
	if len(events) == 0 {
		return corrupt(0, "the history has no events")
	}
	var closeEvent *historypb.HistoryEvent
	for i, ev := range events {
		if ev == nil {
			return corrupt(0, "the event at index %d is nil", i)
		}
		id, want := ev.GetEventId(), int64(i)+1
		if id != want {
			return corrupt(id, "%s", eventIDFault(events, i))
		}
		if closeEvent != nil {
			return corrupt(id, "%s follows the run's close event %d (%s): a run records nothing after it closes",
				eventTypeName(ev.GetEventType()), closeEvent.GetEventId(), eventTypeName(closeEvent.GetEventType()))
		}
		t := ev.GetEventType()
		if i == 0 && t != enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED {
			return corrupt(id, "the first event is %s, not WorkflowExecutionStarted", eventTypeName(t))
		}
		field, known := attributesField[t]
		if !known {
			if ev.GetWorkerMayIgnore() {
				continue
			}
			if t == enumspb.EVENT_TYPE_UNSPECIFIED {
				return corrupt(id, "the event has no event type: eventType is missing or names a type these protos do not know, and the event is not marked workerMayIgnore")
			}
			return corrupt(id, "unknown event type %s, and the event is not marked workerMayIgnore (if a newer server wrote the history, update go.temporal.io/api)",
				eventTypeName(t))
		}
		m := ev.ProtoReflect()
		switch got := m.WhichOneof(attributesOneof); {
		case got == nil || got == field && !m.Get(field).Message().IsValid():
			// The second case is a oneof wrapper around a nil message,
			// which only code can build: the getter returns nil all the
			// same.
			return corrupt(id, "event type %s has no attributes: want %s", t, field.JSONName())
		case got != field:
			return corrupt(id, "event type %s carries %s: want %s", t, got.JSONName(), field.JSONName())
		}
		if isCloseEvent(t) {
			closeEvent = ev
		}
	}
	return nil
}

// eventIDFault explains why events[i] does not carry ID i+1, given that
// events[:i] carry 1..i.
func eventIDFault(events []*historypb.HistoryEvent, i int) string {
	id, want := events[i].GetEventId(), int64(i)+1
	switch {
	case id < 1:
		return fmt.Sprintf("event ID %d at index %d: event IDs start at 1", id, i)
	case id < want:
		return fmt.Sprintf("duplicate event ID %d (want %d after event %d)", id, want, want-1)
	}
	for _, later := range events[i+1:] {
		if later.GetEventId() == want {
			return fmt.Sprintf("events out of order: event %d comes before event %d", id, want)
		}
	}
	if i == 0 {
		return fmt.Sprintf("the history starts at event %d, not 1: it is partial", id)
	}
	if id == want+1 {
		return fmt.Sprintf("event %d is missing (the previous event is %d)", want, want-1)
	}
	return fmt.Sprintf("events %d to %d are missing (the previous event is %d)", want, id-1, want-1)
}

// eventTypeName names t the way fixtures do, with its number when the protos
// do not know it.
func eventTypeName(t enumspb.EventType) string {
	if _, ok := enumspb.EventType_name[int32(t)]; !ok {
		return strconv.Itoa(int(t))
	}
	return t.String()
}

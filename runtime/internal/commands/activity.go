package commands

import (
	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/proto"
)

// ActivityMachine schedules one activity.
type ActivityMachine struct {
	machine
	attrs            *commandpb.ScheduleActivityTaskCommandAttributes
	scheduledEventID int64
	command          commandpb.Command
	oneof            commandpb.Command_ScheduleActivityTaskCommandAttributes
}

// ScheduleActivity adds a ScheduleActivityTask command. attrs.ActivityId
// must be set (by default the predicted event ID, from Sequencer.Peek). The
// machine is registered under the event ID it is predicted to produce,
// which ActivityTaskScheduled must then carry.
//
// Transition tables are shared, read-only package values: a machine per
// command must not cost a map per command.
func (ms *Machines) ScheduleActivity(attrs *commandpb.ScheduleActivityTaskCommandAttributes) (*ActivityMachine, error) {
	scheduled, err := ms.seq.Peek()
	if err != nil {
		return nil, err
	}
	// Filled in place, not from a literal: the literal is built on the
	// stack first, and this runs deep in a workflow's coroutine.
	m := new(ActivityMachine)
	m.machine, m.attrs, m.scheduledEventID = ms.newMachine(Key{KindActivity, attrs.GetActivityId()}), attrs, scheduled
	m.overrides = cancelBeforeStartOverrides
	m.forbidden = activityForbidden
	if err := ms.add(m); err != nil {
		return nil, err
	}
	ms.byEvent.Put(scheduled, attrs.GetActivityId())
	return m, nil
}

// ScheduledEventID is the event ID the schedule command is predicted to
// produce.
func (m *ActivityMachine) ScheduledEventID() int64 { return m.scheduledEventID }

// Command is ScheduleActivityTask until it has been sent.
func (m *ActivityMachine) Command() *commandpb.Command {
	switch m.state {
	case Created, CanceledBeforeSent:
		// Built in the machine itself: one allocation per activity, not
		// three.
		m.oneof.ScheduleActivityTaskCommandAttributes = m.attrs
		m.command.CommandType = enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK
		m.command.Attributes = &m.oneof
		return &m.command
	}
	return nil
}

// Cancel requests cancellation. Unless the activity already finished, it
// adds a RequestCancelActivityTask command after the schedule.
func (m *ActivityMachine) Cancel() error {
	switch m.state {
	case Created, CommandSent, Initiated:
		cancel := &cancelMachine{machine: m.machines.newMachine(Key{KindCancelActivity, itoa(m.scheduledEventID)}), command: &commandpb.Command{
			CommandType: enumspb.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
			Attributes: &commandpb.Command_RequestCancelActivityTaskCommandAttributes{RequestCancelActivityTaskCommandAttributes: &commandpb.RequestCancelActivityTaskCommandAttributes{
				ScheduledEventId: m.scheduledEventID,
			}},
		}}
		if err := m.machines.add(cancel); err != nil {
			return err
		}
		if m.state != CommandSent {
			// Scheduled and cancelled in one task: the server handles that
			// only for a regular, not an eager, activity.
			m.attrs = proto.CloneOf(m.attrs)
			m.attrs.RequestEagerExecution = false
		}
	}
	return m.apply(InputCancel)
}

// HandleActivityEvent routes an activity history event to its machine.
func (ms *Machines) HandleActivityEvent(e *historypb.HistoryEvent) (*ActivityMachine, error) {
	t := e.GetEventType()
	var scheduledEventID int64
	var input Input
	switch t {
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
		scheduledEventID, input = e.GetEventId(), InputInitiated
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED:
		return nil, nil // no state change
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
		scheduledEventID, input = e.GetActivityTaskCompletedEventAttributes().GetScheduledEventId(), InputCompleted
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED:
		scheduledEventID, input = e.GetActivityTaskFailedEventAttributes().GetScheduledEventId(), InputCompleted
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
		scheduledEventID, input = e.GetActivityTaskTimedOutEventAttributes().GetScheduledEventId(), InputCompleted
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED:
		scheduledEventID, input = e.GetActivityTaskCancelRequestedEventAttributes().GetScheduledEventId(), InputCancelInitiated
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
		scheduledEventID, input = e.GetActivityTaskCanceledEventAttributes().GetScheduledEventId(), InputCanceled
	default:
		return nil, nil
	}
	if _, ok := ms.byEvent.Get(scheduledEventID); !ok && input == InputInitiated {
		// Name the activity the history recorded, not its event.
		a := e.GetActivityTaskScheduledEventAttributes()
		err := ms.missing(e.GetEventId(), t, Key{KindActivity, a.GetActivityId()})
		err.Recorded = "type " + a.GetActivityType().GetName()
		return nil, err
	}
	m, err := ms.scheduledActivity(e.GetEventId(), t, scheduledEventID)
	if err != nil {
		return nil, err
	}
	am := m.(*ActivityMachine)
	if input == InputInitiated {
		if got := e.GetActivityTaskScheduledEventAttributes().GetActivityId(); got != am.key.ID {
			return nil, &MismatchError{EventID: e.GetEventId(), EventType: t, Want: am.key.String(), Got: "activity ID " + got}
		}
	}
	if input == InputCompleted {
		// The activity finished first: a queued cancel has nothing to do.
		ms.remove(Key{KindCancelActivity, itoa(scheduledEventID)})
	}
	if err := am.apply(input); err != nil {
		return nil, err
	}
	if input == InputCompleted || input == InputCanceled {
		ms.byEvent.Delete(scheduledEventID)
	}
	return am, nil
}

// cancelMachine sends one cancel command and is never driven by events.
type cancelMachine struct {
	machine
	command *commandpb.Command
}

// Command is the cancel command until it has been sent.
func (m *cancelMachine) Command() *commandpb.Command {
	if m.state == Created {
		return m.command
	}
	return nil
}

// MismatchError reports a history event that names a different command
// than the one the workflow code produced in its place.
type MismatchError struct {
	EventID   int64
	EventType enumspb.EventType
	Want      string
	Got       string
}

func (e *MismatchError) Error() string {
	return "[TMPRL1100] nondeterministic workflow: history event " + itoa(e.EventID) + " (" + e.EventType.String() + ") has " + e.Got + ", but the workflow code produced " + e.Want + " in its place"
}

package commands

import (
	"strconv"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
)

// TimerMachine starts one timer.
type TimerMachine struct {
	machine
	attrs   *commandpb.StartTimerCommandAttributes
	command commandpb.Command
	oneof   commandpb.Command_StartTimerCommandAttributes
}

// StartTimer adds a StartTimer command. attrs.TimerId must be set (by
// default the predicted event ID, from Sequencer.Peek). metadata, which may
// be nil, is the summary the Temporal UI shows for the timer.
func (ms *Machines) StartTimer(attrs *commandpb.StartTimerCommandAttributes, metadata *sdkpb.UserMetadata) (*TimerMachine, error) {
	// Filled in place, not from a literal: the literal is built on the
	// stack first, and this runs deep in a workflow's coroutine.
	m := new(TimerMachine)
	m.machine, m.attrs = ms.newMachine(Key{KindTimer, attrs.GetTimerId()}), attrs
	m.command.UserMetadata = metadata
	m.overrides = cancelBeforeStartOverrides
	if err := ms.add(m); err != nil {
		return nil, err
	}
	return m, nil
}

// Done is true only once the timer fired or was cancelled: a timer that
// fired after its cancel was sent still awaits the cancel's outcome.
func (m *TimerMachine) Done() bool { return m.state == Completed }

// Command is StartTimer until it has been sent.
func (m *TimerMachine) Command() *commandpb.Command {
	switch m.state {
	case Created, CanceledBeforeSent:
		m.oneof.StartTimerCommandAttributes = m.attrs
		m.command.CommandType = enumspb.COMMAND_TYPE_START_TIMER
		m.command.Attributes = &m.oneof
		return &m.command
	}
	return nil
}

// Cancel cancels the timer, adding a CancelTimer command unless it already
// fired.
func (m *TimerMachine) Cancel() error {
	switch m.state {
	case Created, CommandSent, Initiated:
		cancel := &cancelMachine{machine: m.machines.newMachine(Key{KindCancelTimer, m.key.ID}), command: &commandpb.Command{
			CommandType: enumspb.COMMAND_TYPE_CANCEL_TIMER,
			Attributes:  &commandpb.Command_CancelTimerCommandAttributes{CancelTimerCommandAttributes: &commandpb.CancelTimerCommandAttributes{TimerId: m.key.ID}},
		}}
		if err := m.machines.add(cancel); err != nil {
			return err
		}
	}
	return m.apply(InputCancel)
}

// HandleTimerEvent routes a timer history event to its machine.
func (ms *Machines) HandleTimerEvent(e *historypb.HistoryEvent) (*TimerMachine, error) {
	t := e.GetEventType()
	var id string
	var input Input
	switch t {
	case enumspb.EVENT_TYPE_TIMER_STARTED:
		id, input = e.GetTimerStartedEventAttributes().GetTimerId(), InputInitiated
	case enumspb.EVENT_TYPE_TIMER_FIRED:
		id, input = e.GetTimerFiredEventAttributes().GetTimerId(), InputCompleted
		ms.remove(Key{KindCancelTimer, id}) // fired first: the queued cancel has nothing to do
	case enumspb.EVENT_TYPE_TIMER_CANCELED:
		id, input = e.GetTimerCanceledEventAttributes().GetTimerId(), InputCanceled
	default:
		return nil, nil
	}
	m, err := ms.machine(e.GetEventId(), t, Key{KindTimer, id})
	if err != nil {
		return nil, err
	}
	tm := m.(*TimerMachine)
	if err := tm.apply(input); err != nil {
		return nil, err
	}
	return tm, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

package commands

import (
	"fmt"
	"strings"

	commandpb "go.temporal.io/api/command/v1"
)

// State is a command machine's state. Names and meanings are the official
// Go SDK's, so error messages read alike.
type State int

// Command machine states.
const (
	Created State = iota
	CommandSent
	CanceledBeforeInitiated
	Initiated
	Started
	CanceledAfterInitiated
	CanceledAfterStarted
	CancellationCommandSent
	CompletedAfterCancellationCommandSent
	Completed
	CanceledBeforeSent
	CancellationCommandAccepted
)

var stateNames = [...]string{"Created", "CommandSent", "CanceledBeforeInitiated", "Initiated", "Started",
	"CanceledAfterInitiated", "CanceledAfterStarted", "CancellationCommandSent",
	"CompletedAfterCancellationCommandSent", "Completed", "CanceledBeforeSent", "CancellationCommandAccepted"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Kind is the kind of command a machine produces.
type Kind int

// Command machine kinds.
const (
	KindActivity Kind = iota
	KindTimer
	KindCancelActivity
	KindCancelTimer
	KindMarker
	KindUpsertSearchAttributes
	KindModifyProperties
	KindChildWorkflow
	KindSignalExternal
	KindCancelExternal
	KindProtocolMessage
)

func (k Kind) String() string {
	switch k {
	case KindActivity:
		return "Activity"
	case KindTimer:
		return "Timer"
	case KindCancelActivity:
		return "RequestCancelActivityTask"
	case KindCancelTimer:
		return "CancelTimer"
	case KindMarker:
		return "Marker"
	case KindUpsertSearchAttributes:
		return "UpsertSearchAttributes"
	case KindModifyProperties:
		return "ModifyWorkflowProperties"
	case KindChildWorkflow:
		return "ChildWorkflow"
	case KindSignalExternal:
		return "SignalExternalWorkflow"
	case KindCancelExternal:
		return "RequestCancelExternalWorkflow"
	case KindProtocolMessage:
		return "ProtocolMessage"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Key identifies a machine: its kind and the command's ID (activity ID,
// timer ID...).
type Key struct {
	Kind Kind
	ID   string
}

func (k Key) String() string { return fmt.Sprintf("%s %q", k.Kind, k.ID) }

// Input is what drives a machine: the workflow code (Cancel), the engine
// (Sent), or a history event.
type Input string

// Machine inputs.
const (
	InputSent             Input = "send the command"
	InputCancel           Input = "cancel"
	InputInitiated        Input = "handle the initiated event"
	InputInitiationFailed Input = "handle the initiation-failed event"
	InputCompleted        Input = "handle the completion event"
	InputCancelInitiated  Input = "handle the cancel-initiated event"
	InputCancelFailed     Input = "handle the cancel-failed event"
	InputCanceled         Input = "handle the canceled event"
	InputStarted          Input = "handle the started event"
	// InputCancelAccepted is a child's ExternalWorkflowExecutionCancelRequested.
	InputCancelAccepted Input = "handle the cancel-requested event"
)

// baseTransitions is the transition table every machine shares unless it
// overrides an entry. A (state, input) pair absent here is illegal; a pair
// mapping to its own state is allowed and changes nothing.
var baseTransitions = map[Input]map[State]State{
	InputCancel: {
		Created: CanceledBeforeSent, CommandSent: CancellationCommandSent, Initiated: CanceledAfterInitiated,
		Completed: Completed, CompletedAfterCancellationCommandSent: CompletedAfterCancellationCommandSent,
		CanceledAfterInitiated: CanceledAfterInitiated, CancellationCommandSent: CancellationCommandSent,
	},
	InputInitiated: {
		CommandSent: Initiated, CanceledBeforeInitiated: CanceledAfterInitiated,
		CanceledBeforeSent: CanceledAfterInitiated, CancellationCommandSent: CanceledAfterInitiated,
	},
	InputInitiationFailed: {
		Initiated: Completed, CommandSent: Completed, CanceledBeforeInitiated: Completed, CancellationCommandSent: Completed,
	},
	InputCompleted: {
		CanceledAfterInitiated: Completed, Initiated: Completed, CancellationCommandSent: CompletedAfterCancellationCommandSent,
	},
	InputCancelInitiated: {
		CancellationCommandSent: CancellationCommandSent, CanceledAfterInitiated: CanceledAfterInitiated, Initiated: CanceledAfterInitiated,
	},
	InputCancelFailed: {
		CompletedAfterCancellationCommandSent: Completed,
	},
	InputCanceled: {
		CancellationCommandSent: Completed, CanceledAfterInitiated: Completed, CanceledAfterStarted: Completed, CancellationCommandAccepted: Completed,
	},
}

// IllegalTransitionError reports an input a machine's state does not
// allow: history and workflow code disagree.
type IllegalTransitionError struct {
	Key     Key
	State   State
	Input   Input
	History []string
}

func (e *IllegalTransitionError) Error() string {
	return fmt.Sprintf("[TMPRL1100] nondeterministic workflow: %s cannot take %s in state %s: history and the workflow code disagree about this command (its transitions so far: %s)",
		e.Key, e.Input, e.State, strings.Join(e.History, " -> "))
}

// Machine is one command's state machine.
type Machine interface {
	Key() Key
	State() State
	// Command is the command to send in the current state, or nil.
	Command() *commandpb.Command
	// Handle applies an input other than Sent and Cancel.
	Handle(in Input) error
	// Done reports whether the command has reached its end.
	Done() bool

	base() *machine
	sent() error
}

// Shared transition tables, read-only.
var (
	// cancelBeforeStartOverrides: a command cancelled before it was sent
	// sends its cancellation instead (activities, timers).
	cancelBeforeStartOverrides = map[Input]map[State]State{InputSent: {CanceledAfterInitiated: CancellationCommandSent}}
	// activityForbidden: cancelling an activity never fails on the server;
	// the event is a sign of a corrupt history.
	activityForbidden = map[Input]bool{InputCancelFailed: true}
	// sentOnceOverrides: markers and other fire-and-forget commands are
	// done once sent.
	sentOnceOverrides = map[Input]map[State]State{InputSent: {Created: Completed}}
	// externalOverrides and externalForbidden: signals and cancels of
	// other workflows are initiated, then complete.
	externalOverrides = map[Input]map[State]State{
		InputInitiated: {CommandSent: Initiated},
		InputCompleted: {Initiated: Completed},
	}
	externalForbidden = map[Input]bool{InputCancel: true, InputInitiationFailed: true, InputCancelInitiated: true, InputCancelFailed: true, InputCanceled: true}
)

// transition is one step of a machine's history, for error messages.
type transition struct {
	in Input
	to State
}

// machine is the state every kind shares.
type machine struct {
	key   Key
	state State
	// history is kept in historyBuf while it fits, so the common short
	// life of a command allocates nothing for it.
	history    []transition
	historyBuf [6]transition
	machines   *Machines
	// overrides replace base transitions for this kind.
	overrides map[Input]map[State]State
	// forbidden inputs are illegal in every state for this kind.
	forbidden map[Input]bool
	// ignored inputs change nothing where no transition applies, instead of
	// being illegal.
	ignored map[Input]bool
	// onlyOverrides disables the base table for inputs other than Sent.
	onlyOverrides bool
}

func (m *machine) base() *machine { return m }
func (m *machine) Key() Key       { return m.key }
func (m *machine) State() State   { return m.state }
func (m *machine) Done() bool {
	return m.state == Completed || m.state == CompletedAfterCancellationCommandSent
}
func (m *machine) sent() error           { return m.apply(InputSent) }
func (m *machine) Handle(in Input) error { return m.apply(in) }

func (m *machine) apply(in Input) error {
	if in == InputSent {
		if to, ok := m.overrides[InputSent][m.state]; ok {
			m.move(in, to)
		} else if m.state == Created {
			m.move(in, CommandSent)
		}
		return nil
	}
	if m.forbidden[in] {
		return m.illegal(in)
	}
	to, ok := m.overrides[in][m.state]
	if !ok && !m.onlyOverrides {
		to, ok = baseTransitions[in][m.state]
	}
	if !ok {
		if m.ignored[in] {
			return nil
		}
		return m.illegal(in)
	}
	if to != m.state {
		m.move(in, to)
	}
	return nil
}

func (m *machine) move(in Input, to State) {
	if m.history == nil {
		m.history = m.historyBuf[:0]
	}
	m.history = append(m.history, transition{in, to})
	m.state = to
	if to == Completed {
		m.machines.remove(m.key)
	}
}

func (m *machine) illegal(in Input) error {
	history := []string{"Created"}
	for _, t := range m.history {
		history = append(history, string(t.in), t.to.String())
	}
	return &IllegalTransitionError{Key: m.key, State: m.state, Input: in, History: history}
}

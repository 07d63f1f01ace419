//lint:file-ignore SA1019 The official SDK still writes and reads the deprecated Namespace and Control fields of these commands; histories depend on them.

package commands

import (
	"slices"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
)

// ChildMachine starts one child workflow and, when cancelled after it
// started, asks it to cancel.
type ChildMachine struct {
	machine
	attrs *commandpb.StartChildWorkflowExecutionCommandAttributes
}

// StartChild adds a StartChildWorkflowExecution command, keyed by the
// child's workflow ID. A second child with an ID still in use is refused.
func (ms *Machines) StartChild(attrs *commandpb.StartChildWorkflowExecutionCommandAttributes) (*ChildMachine, error) {
	m := &ChildMachine{machine: ms.newMachine(Key{KindChildWorkflow, attrs.GetWorkflowId()}), attrs: attrs}
	accepted := map[State]State{}
	for s := Created; s <= CancellationCommandAccepted; s++ {
		accepted[s] = CancellationCommandAccepted
	}
	accepted[CompletedAfterCancellationCommandSent] = Completed
	m.overrides = map[Input]map[State]State{
		InputSent:           {CanceledAfterStarted: CancellationCommandSent},
		InputStarted:        {Initiated: Started, CanceledAfterInitiated: CanceledAfterStarted},
		InputCompleted:      {Started: Completed, CanceledAfterStarted: Completed, CompletedAfterCancellationCommandSent: Completed, CancellationCommandAccepted: Completed},
		InputCanceled:       {Started: Completed, CancellationCommandSent: CompletedAfterCancellationCommandSent},
		InputCancelFailed:   {CancellationCommandSent: Started},
		InputCancelAccepted: accepted,
	}
	m.ignored = map[Input]bool{InputStarted: true}
	if err := ms.add(m); err != nil {
		return nil, err
	}
	return m, nil
}

// Command starts the child, or asks a started child to cancel.
func (m *ChildMachine) Command() *commandpb.Command {
	switch m.state {
	case Created:
		return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
			Attributes: &commandpb.Command_StartChildWorkflowExecutionCommandAttributes{StartChildWorkflowExecutionCommandAttributes: m.attrs}}
	case CanceledAfterStarted:
		return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
			Attributes: &commandpb.Command_RequestCancelExternalWorkflowExecutionCommandAttributes{RequestCancelExternalWorkflowExecutionCommandAttributes: &commandpb.RequestCancelExternalWorkflowExecutionCommandAttributes{
				Namespace: m.attrs.GetNamespace(), WorkflowId: m.attrs.GetWorkflowId(), ChildWorkflowOnly: true,
			}}}
	}
	return nil
}

// Cancel cancels the child. After it started, the cancel request is sent
// where the cancel happened: the machine moves to the back of the command
// list and takes an event slot, as in the official SDK.
func (m *ChildMachine) Cancel() error {
	if m.state == Started {
		m.move(InputCancel, CanceledAfterStarted)
		m.machines.moveToBack(m)
		m.machines.seq.Bump()
		return nil
	}
	return m.apply(InputCancel)
}

func (ms *Machines) moveToBack(m Machine) {
	if i := slices.Index(ms.order, m); i >= 0 {
		ms.order = append(slices.Delete(ms.order, i, i+1), m)
	}
}

// HandleChildEvent routes a child workflow event, by the child's ID.
func (ms *Machines) HandleChildEvent(e *historypb.HistoryEvent) (*ChildMachine, error) {
	var id string
	var in Input
	switch e.GetEventType() {
	case enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
		id, in = e.GetStartChildWorkflowExecutionInitiatedEventAttributes().GetWorkflowId(), InputInitiated
	case enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED:
		id, in = e.GetStartChildWorkflowExecutionFailedEventAttributes().GetWorkflowId(), InputInitiationFailed
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
		id, in = e.GetChildWorkflowExecutionStartedEventAttributes().GetWorkflowExecution().GetWorkflowId(), InputStarted
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
		id, in = e.GetChildWorkflowExecutionCompletedEventAttributes().GetWorkflowExecution().GetWorkflowId(), InputCompleted
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
		id, in = e.GetChildWorkflowExecutionFailedEventAttributes().GetWorkflowExecution().GetWorkflowId(), InputCompleted
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
		id, in = e.GetChildWorkflowExecutionTimedOutEventAttributes().GetWorkflowExecution().GetWorkflowId(), InputCompleted
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
		id, in = e.GetChildWorkflowExecutionTerminatedEventAttributes().GetWorkflowExecution().GetWorkflowId(), InputCompleted
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
		id, in = e.GetChildWorkflowExecutionCanceledEventAttributes().GetWorkflowExecution().GetWorkflowId(), InputCanceled
	default:
		return nil, nil
	}
	m, err := ms.machine(e.GetEventId(), e.GetEventType(), Key{KindChildWorkflow, id})
	if err != nil {
		return nil, err
	}
	cm := m.(*ChildMachine)
	return cm, cm.apply(in)
}

// externalMachine signals or cancels another workflow: sent, initiated,
// completed, nothing else.
type externalMachine struct {
	machine
	command *commandpb.Command
}

func (m *externalMachine) Command() *commandpb.Command {
	if m.state == Created {
		return m.command
	}
	return nil
}

func (ms *Machines) addExternal(key Key, command *commandpb.Command) error {
	m := &externalMachine{machine: ms.newMachine(key), command: command}
	m.overrides = externalOverrides
	m.forbidden = externalForbidden
	// Only the overrides apply: the base table's other entries are not for
	// these machines.
	m.onlyOverrides = true
	return ms.add(m)
}

// SignalExternal adds a SignalExternalWorkflowExecution command; control
// (the predicted event ID, from Sequencer.Peek) keys it, as the official SDK
// records it in the command's Control field.
func (ms *Machines) SignalExternal(attrs *commandpb.SignalExternalWorkflowExecutionCommandAttributes) error {
	control := attrs.GetControl()
	return ms.addExternal(Key{KindSignalExternal, control}, &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
		Attributes: &commandpb.Command_SignalExternalWorkflowExecutionCommandAttributes{SignalExternalWorkflowExecutionCommandAttributes: attrs}})
}

// CancelExternal adds a RequestCancelExternalWorkflowExecution command for a
// workflow that is not this one's child, keyed by its Control.
func (ms *Machines) CancelExternal(attrs *commandpb.RequestCancelExternalWorkflowExecutionCommandAttributes) error {
	control := attrs.GetControl()
	return ms.addExternal(Key{KindCancelExternal, control}, &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
		Attributes: &commandpb.Command_RequestCancelExternalWorkflowExecutionCommandAttributes{RequestCancelExternalWorkflowExecutionCommandAttributes: attrs}})
}

// ExternalOutcome says what became of a signal or cancel request to
// another workflow, or of a child's cancel request.
type ExternalOutcome struct {
	Kind Kind
	// Control keys a signal or an external cancel; ChildID a child cancel.
	Control string
	ChildID string
	// Done is set by the event that settles the request; Failed when that
	// event is a failure.
	Done   bool
	Failed bool
}

// HandleExternalEvent routes signal-external and cancel-external events,
// including a child's cancel request, which carries no Control.
func (ms *Machines) HandleExternalEvent(e *historypb.HistoryEvent) (*ExternalOutcome, error) {
	id := e.GetEventId()
	switch e.GetEventType() {
	case enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
		control := e.GetSignalExternalWorkflowExecutionInitiatedEventAttributes().GetControl()
		lazymap.Put(&ms.signalByEvent, id, control)
		return &ExternalOutcome{Kind: KindSignalExternal, Control: control}, ms.applyTo(e, Key{KindSignalExternal, control}, InputInitiated)
	case enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED, enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
		initiated := e.GetExternalWorkflowExecutionSignaledEventAttributes().GetInitiatedEventId()
		if a := e.GetSignalExternalWorkflowExecutionFailedEventAttributes(); a != nil {
			initiated = a.GetInitiatedEventId()
		}
		control, ok := ms.signalByEvent[initiated]
		if !ok {
			return nil, ms.missing(id, e.GetEventType(), Key{KindSignalExternal, "initiated at event " + itoa(initiated)})
		}
		lazymap.Drop(&ms.signalByEvent, initiated)
		failed := e.GetEventType() == enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED
		return &ExternalOutcome{Kind: KindSignalExternal, Control: control, Done: true, Failed: failed}, ms.applyTo(e, Key{KindSignalExternal, control}, InputCompleted)
	case enumspb.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
		a := e.GetRequestCancelExternalWorkflowExecutionInitiatedEventAttributes()
		control := a.GetControl()
		if control == "" { // a child's cancel
			return &ExternalOutcome{Kind: KindChildWorkflow, ChildID: a.GetWorkflowExecution().GetWorkflowId()},
				ms.applyTo(e, Key{KindChildWorkflow, a.GetWorkflowExecution().GetWorkflowId()}, InputCancelInitiated)
		}
		lazymap.Put(&ms.cancelByEvent, id, control)
		return &ExternalOutcome{Kind: KindCancelExternal, Control: control}, ms.applyTo(e, Key{KindCancelExternal, control}, InputInitiated)
	case enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED, enumspb.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
		initiated := e.GetExternalWorkflowExecutionCancelRequestedEventAttributes().GetInitiatedEventId()
		childID := e.GetExternalWorkflowExecutionCancelRequestedEventAttributes().GetWorkflowExecution().GetWorkflowId()
		failed := false
		if a := e.GetRequestCancelExternalWorkflowExecutionFailedEventAttributes(); a != nil {
			initiated, childID, failed = a.GetInitiatedEventId(), a.GetWorkflowExecution().GetWorkflowId(), true
		}
		control, ok := ms.cancelByEvent[initiated]
		if !ok {
			// Not an external cancel this run made: a child's.
			in := InputCancelAccepted
			if failed {
				in = InputCancelFailed
			}
			return &ExternalOutcome{Kind: KindChildWorkflow, ChildID: childID, Failed: failed}, ms.applyTo(e, Key{KindChildWorkflow, childID}, in)
		}
		lazymap.Drop(&ms.cancelByEvent, initiated)
		return &ExternalOutcome{Kind: KindCancelExternal, Control: control, Done: true, Failed: failed}, ms.applyTo(e, Key{KindCancelExternal, control}, InputCompleted)
	}
	return nil, nil
}

func (ms *Machines) applyTo(e *historypb.HistoryEvent, key Key, in Input) error {
	m, err := ms.machine(e.GetEventId(), e.GetEventType(), key)
	if err != nil {
		return err
	}
	return m.base().apply(in)
}

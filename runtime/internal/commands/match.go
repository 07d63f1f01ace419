package commands

import (
	"fmt"
	"strings"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
)

// Marker names and the search attribute that the determinism check treats
// specially; the official SDKs write them.
const (
	VersionMarkerName           = "Version"
	MutableSideEffectMarkerName = "MutableSideEffect"
	ChangeVersionSearchAttr     = "TemporalChangeVersion"
	// replayNamespace is the namespace the official replayer runs in; a
	// command addressed to it matches any namespace.
	replayNamespace = "ReplayNamespace"
)

// MatchOptions configure MatchReplay.
type MatchOptions struct {
	// ProtocolMessageCommands is flag 3: update events take part in the
	// check, matched by the ProtocolMessage commands that produced them.
	ProtocolMessageCommands bool
	// MessageMatches finds the outbox entry a ProtocolMessage command sent
	// and reports whether event is what it produced; ok is false for an
	// unknown message ID.
	MessageMatches func(messageID string, event *historypb.HistoryEvent) (match, ok bool)
}

// MismatchKind says how replay and history disagree.
type MismatchKind int

// Ways replay and history disagree.
const (
	// MissingCommand: history has a command event the code no longer produces.
	MissingCommand MismatchKind = iota
	// ExtraCommand: the code produces a command history does not have.
	ExtraCommand
	// DifferentCommand: at the same position, history has another command.
	DifferentCommand
)

// ReplayMismatchError is the determinism check's finding: the commands the
// workflow code produced on replay differ from those history recorded.
type ReplayMismatchError struct {
	Kind MismatchKind
	// Event is the history event at the mismatch (nil for ExtraCommand).
	Event *historypb.HistoryEvent
	// Command is the command replay produced there (nil for
	// MissingCommand); CommandIndex is its position among them.
	Command      *commandpb.Command
	CommandIndex int
	// Why, when set, is what replay did instead, as the engine knows it:
	// "the workflow rejected update ... on replay: unknown update ...".
	Why string
}

// Error starts with the official SDK's wording, so searches for it find
// both SDKs' reports, and then says the same in more detail.
func (e *ReplayMismatchError) Error() string {
	if e.Why != "" {
		plain := *e
		plain.Why = ""
		return plain.Error() + "; " + e.Why
	}
	switch e.Kind {
	case MissingCommand:
		return fmt.Sprintf("[TMPRL1100] nondeterministic workflow: missing replay command for %s: the workflow code no longer produces this command at this point",
			DescribeEvent(e.Event))
	case ExtraCommand:
		return fmt.Sprintf("[TMPRL1100] nondeterministic workflow: extra replay command for %s: the workflow code produces a command the history does not have",
			DescribeCommand(e.Command))
	}
	return fmt.Sprintf("[TMPRL1100] nondeterministic workflow: history event is %s, replay command is %s",
		DescribeEvent(e.Event), DescribeCommand(e.Command))
}

// MatchReplay pairs the commands a replay produced, in order, with the
// command events of the history, in order, as the official SDK's check
// does: IDs, types and names are compared, payloads and options are not.
// Version and MutableSideEffect markers, close events and admitted updates
// are skipped, and update events unless protocol-message commands are in
// use.
func MatchReplay(cmds []*commandpb.Command, events []*historypb.HistoryEvent, opts MatchOptions) error {
	ci, ei := 0, 0
	for ci < len(cmds) || ei < len(events) {
		var e *historypb.HistoryEvent
		if ei < len(events) {
			e = events[ei]
			if isVersionWithUpsert(events, ei) {
				ei += 2
				continue
			}
			if skipEvent(e, opts) {
				ei++
				continue
			}
		}
		var c *commandpb.Command
		if ci < len(cmds) {
			c = cmds[ci]
			if skipCommand(c) {
				ci++
				continue
			}
		}
		switch {
		case c == nil:
			return &ReplayMismatchError{Kind: MissingCommand, Event: e, CommandIndex: ci}
		case e == nil:
			return &ReplayMismatchError{Kind: ExtraCommand, Command: c, CommandIndex: ci}
		case !commandMatchesEvent(c, e, opts):
			return &ReplayMismatchError{Kind: DifferentCommand, Event: e, Command: c, CommandIndex: ci}
		}
		ci++
		ei++
	}
	return nil
}

func markerName(e *historypb.HistoryEvent) string {
	return e.GetMarkerRecordedEventAttributes().GetMarkerName()
}

// isVersionWithUpsert finds a Version marker whose TemporalChangeVersion
// upsert follows it: the pair is one GetVersion call, skipped together.
func isVersionWithUpsert(events []*historypb.HistoryEvent, i int) bool {
	e := events[i]
	if e.GetEventType() != enumspb.EVENT_TYPE_MARKER_RECORDED || markerName(e) != VersionMarkerName || i+1 >= len(events) {
		return false
	}
	next := events[i+1]
	if next.GetEventType() != enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES {
		return false
	}
	_, ok := next.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields()[ChangeVersionSearchAttr]
	return ok
}

func skipEvent(e *historypb.HistoryEvent, opts MatchOptions) bool {
	switch e.GetEventType() {
	case enumspb.EVENT_TYPE_MARKER_RECORDED:
		name := markerName(e)
		return name == VersionMarkerName || name == MutableSideEffectMarkerName
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED:
		return true
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
		return !opts.ProtocolMessageCommands
	}
	return false
}

func skipCommand(c *commandpb.Command) bool {
	if c.GetCommandType() != enumspb.COMMAND_TYPE_RECORD_MARKER {
		return false
	}
	name := c.GetRecordMarkerCommandAttributes().GetMarkerName()
	return name == VersionMarkerName || name == MutableSideEffectMarkerName
}

// lastNamePart compares type names by their last dot-separated part, as
// the official SDK does, so package-qualified and short names match.
func lastNamePart(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 || i == len(name)-1 {
		return name
	}
	return name[i+1:]
}

// namespacesDiffer is false when the command names no namespace, or the
// replayer's placeholder.
func namespacesDiffer(event, command string) bool {
	return command != "" && command != replayNamespace && event != command
}

// expectedEvent is the event type each command produces.
var expectedEvent = map[enumspb.CommandType]enumspb.EventType{
	enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK:                     enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
	enumspb.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:               enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
	enumspb.COMMAND_TYPE_START_TIMER:                                enumspb.EVENT_TYPE_TIMER_STARTED,
	enumspb.COMMAND_TYPE_CANCEL_TIMER:                               enumspb.EVENT_TYPE_TIMER_CANCELED,
	enumspb.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:                enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
	enumspb.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:                    enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
	enumspb.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:                  enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
	enumspb.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:         enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
	enumspb.COMMAND_TYPE_RECORD_MARKER:                              enumspb.EVENT_TYPE_MARKER_RECORDED,
	enumspb.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: enumspb.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
	enumspb.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:         enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
	enumspb.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION:             enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
	enumspb.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:          enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
	enumspb.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES:                 enumspb.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
	enumspb.COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION:                   enumspb.EVENT_TYPE_NEXUS_OPERATION_SCHEDULED,
	enumspb.COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION:             enumspb.EVENT_TYPE_NEXUS_OPERATION_CANCEL_REQUESTED,
}

func commandMatchesEvent(c *commandpb.Command, e *historypb.HistoryEvent, opts MatchOptions) bool {
	if c.GetCommandType() == enumspb.COMMAND_TYPE_PROTOCOL_MESSAGE {
		if opts.MessageMatches == nil {
			return false
		}
		match, ok := opts.MessageMatches(c.GetProtocolMessageCommandAttributes().GetMessageId(), e)
		return ok && match
	}
	if want, ok := expectedEvent[c.GetCommandType()]; !ok || e.GetEventType() != want {
		return false
	}
	switch c.GetCommandType() {
	case enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK:
		ca, ea := c.GetScheduleActivityTaskCommandAttributes(), e.GetActivityTaskScheduledEventAttributes()
		return ca.GetActivityId() == ea.GetActivityId() && lastNamePart(ca.GetActivityType().GetName()) == lastNamePart(ea.GetActivityType().GetName())
	case enumspb.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:
		return c.GetRequestCancelActivityTaskCommandAttributes().GetScheduledEventId() == e.GetActivityTaskCancelRequestedEventAttributes().GetScheduledEventId()
	case enumspb.COMMAND_TYPE_START_TIMER:
		return c.GetStartTimerCommandAttributes().GetTimerId() == e.GetTimerStartedEventAttributes().GetTimerId()
	case enumspb.COMMAND_TYPE_CANCEL_TIMER:
		return c.GetCancelTimerCommandAttributes().GetTimerId() == e.GetTimerCanceledEventAttributes().GetTimerId()
	case enumspb.COMMAND_TYPE_RECORD_MARKER:
		return c.GetRecordMarkerCommandAttributes().GetMarkerName() == markerName(e)
	case enumspb.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
		ca, ea := c.GetRequestCancelExternalWorkflowExecutionCommandAttributes(), e.GetRequestCancelExternalWorkflowExecutionInitiatedEventAttributes()
		//lint:ignore SA1019 the official SDK compares the deprecated namespace too.
		return !namespacesDiffer(ea.GetNamespace(), ca.GetNamespace()) && ca.GetWorkflowId() == ea.GetWorkflowExecution().GetWorkflowId()
	case enumspb.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:
		ca, ea := c.GetSignalExternalWorkflowExecutionCommandAttributes(), e.GetSignalExternalWorkflowExecutionInitiatedEventAttributes()
		//lint:ignore SA1019 the official SDK compares the deprecated namespace too.
		return !namespacesDiffer(ea.GetNamespace(), ca.GetNamespace()) && ca.GetSignalName() == ea.GetSignalName() &&
			ca.GetExecution().GetWorkflowId() == ea.GetWorkflowExecution().GetWorkflowId()
	case enumspb.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION:
		return lastNamePart(c.GetStartChildWorkflowExecutionCommandAttributes().GetWorkflowType().GetName()) ==
			lastNamePart(e.GetStartChildWorkflowExecutionInitiatedEventAttributes().GetWorkflowType().GetName())
	case enumspb.COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION:
		ca, ea := c.GetScheduleNexusOperationCommandAttributes(), e.GetNexusOperationScheduledEventAttributes()
		return ca.GetService() == ea.GetService() && ca.GetOperation() == ea.GetOperation()
	case enumspb.COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION:
		return c.GetRequestCancelNexusOperationCommandAttributes().GetScheduledEventId() == e.GetNexusOperationCancelRequestedEventAttributes().GetScheduledEventId()
	}
	return true // the event type is all these commands are matched on
}

// DescribeEvent names an event and the attributes replay matches on, for
// error messages a user can act on.
func DescribeEvent(e *historypb.HistoryEvent) string {
	if e == nil {
		return "no event"
	}
	s := fmt.Sprintf("event %d %s", e.GetEventId(), e.GetEventType())
	switch a := e.GetAttributes().(type) {
	case *historypb.HistoryEvent_ActivityTaskScheduledEventAttributes:
		s += fmt.Sprintf(" (activity %s, ID %q)", a.ActivityTaskScheduledEventAttributes.GetActivityType().GetName(), a.ActivityTaskScheduledEventAttributes.GetActivityId())
	case *historypb.HistoryEvent_TimerStartedEventAttributes:
		s += fmt.Sprintf(" (timer %q)", a.TimerStartedEventAttributes.GetTimerId())
	case *historypb.HistoryEvent_TimerCanceledEventAttributes:
		s += fmt.Sprintf(" (timer %q)", a.TimerCanceledEventAttributes.GetTimerId())
	case *historypb.HistoryEvent_MarkerRecordedEventAttributes:
		s += fmt.Sprintf(" (marker %q)", a.MarkerRecordedEventAttributes.GetMarkerName())
	case *historypb.HistoryEvent_StartChildWorkflowExecutionInitiatedEventAttributes:
		s += fmt.Sprintf(" (child %s, ID %q)", a.StartChildWorkflowExecutionInitiatedEventAttributes.GetWorkflowType().GetName(), a.StartChildWorkflowExecutionInitiatedEventAttributes.GetWorkflowId())
	case *historypb.HistoryEvent_SignalExternalWorkflowExecutionInitiatedEventAttributes:
		s += fmt.Sprintf(" (signal %q to %q)", a.SignalExternalWorkflowExecutionInitiatedEventAttributes.GetSignalName(), a.SignalExternalWorkflowExecutionInitiatedEventAttributes.GetWorkflowExecution().GetWorkflowId())
	}
	return s
}

// DescribeCommand names a command and the attributes replay matches on.
func DescribeCommand(c *commandpb.Command) string {
	if c == nil {
		return "no command"
	}
	s := c.GetCommandType().String()
	switch a := c.GetAttributes().(type) {
	case *commandpb.Command_ScheduleActivityTaskCommandAttributes:
		s += fmt.Sprintf(" (activity %s, ID %q)", a.ScheduleActivityTaskCommandAttributes.GetActivityType().GetName(), a.ScheduleActivityTaskCommandAttributes.GetActivityId())
	case *commandpb.Command_StartTimerCommandAttributes:
		s += fmt.Sprintf(" (timer %q)", a.StartTimerCommandAttributes.GetTimerId())
	case *commandpb.Command_CancelTimerCommandAttributes:
		s += fmt.Sprintf(" (timer %q)", a.CancelTimerCommandAttributes.GetTimerId())
	case *commandpb.Command_RecordMarkerCommandAttributes:
		s += fmt.Sprintf(" (marker %q)", a.RecordMarkerCommandAttributes.GetMarkerName())
	case *commandpb.Command_StartChildWorkflowExecutionCommandAttributes:
		s += fmt.Sprintf(" (child %s, ID %q)", a.StartChildWorkflowExecutionCommandAttributes.GetWorkflowType().GetName(), a.StartChildWorkflowExecutionCommandAttributes.GetWorkflowId())
	case *commandpb.Command_SignalExternalWorkflowExecutionCommandAttributes:
		s += fmt.Sprintf(" (signal %q to %q)", a.SignalExternalWorkflowExecutionCommandAttributes.GetSignalName(), a.SignalExternalWorkflowExecutionCommandAttributes.GetExecution().GetWorkflowId())
	}
	return s
}

package commands_test

import (
	"errors"
	"strings"
	"testing"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/commands"
)

func scheduleCmd(id, typ string) *commandpb.Command {
	return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK, Attributes: &commandpb.Command_ScheduleActivityTaskCommandAttributes{
		ScheduleActivityTaskCommandAttributes: &commandpb.ScheduleActivityTaskCommandAttributes{ActivityId: id, ActivityType: &commonpb.ActivityType{Name: typ}}}}
}

func timerCmd(id string) *commandpb.Command {
	return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_START_TIMER, Attributes: &commandpb.Command_StartTimerCommandAttributes{
		StartTimerCommandAttributes: &commandpb.StartTimerCommandAttributes{TimerId: id}}}
}

func markerCmd(name string) *commandpb.Command {
	return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_RECORD_MARKER, Attributes: &commandpb.Command_RecordMarkerCommandAttributes{
		RecordMarkerCommandAttributes: &commandpb.RecordMarkerCommandAttributes{MarkerName: name}}}
}

func scheduledEvent(id int64, activityID, typ string) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, Attributes: &historypb.HistoryEvent_ActivityTaskScheduledEventAttributes{
		ActivityTaskScheduledEventAttributes: &historypb.ActivityTaskScheduledEventAttributes{ActivityId: activityID, ActivityType: &commonpb.ActivityType{Name: typ}}}}
}

func timerEvent(id int64, timerID string) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_TIMER_STARTED, Attributes: &historypb.HistoryEvent_TimerStartedEventAttributes{
		TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{TimerId: timerID}}}
}

func markerEvent(id int64, name string) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_MARKER_RECORDED, Attributes: &historypb.HistoryEvent_MarkerRecordedEventAttributes{
		MarkerRecordedEventAttributes: &historypb.MarkerRecordedEventAttributes{MarkerName: name}}}
}

func changeVersionUpsert(id int64) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: id, EventType: enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, Attributes: &historypb.HistoryEvent_UpsertWorkflowSearchAttributesEventAttributes{
		UpsertWorkflowSearchAttributesEventAttributes: &historypb.UpsertWorkflowSearchAttributesEventAttributes{SearchAttributes: &commonpb.SearchAttributes{
			IndexedFields: map[string]*commonpb.Payload{commands.ChangeVersionSearchAttr: {}}}}}}
}

func TestMatchReplayAcceptsTheSameCommands(t *testing.T) {
	cmds := []*commandpb.Command{markerCmd(commands.VersionMarkerName), scheduleCmd("7", "acme.Charge"), timerCmd("8"), markerCmd("SideEffect")}
	events := []*historypb.HistoryEvent{
		markerEvent(5, commands.VersionMarkerName), changeVersionUpsert(6), // one GetVersion: both skipped
		scheduledEvent(7, "7", "Charge"), // type compared on its last dot-segment
		timerEvent(8, "8"),
		markerEvent(9, "SideEffect"),
		markerEvent(10, commands.MutableSideEffectMarkerName), // skipped
		{EventId: 11, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED},
	}
	if err := commands.MatchReplay(cmds, events, commands.MatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestMatchReplayReportsEachKindOfDivergence(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cmds   []*commandpb.Command
		events []*historypb.HistoryEvent
		kind   commands.MismatchKind
		want   []string
	}{
		{"activity removed", nil, []*historypb.HistoryEvent{scheduledEvent(5, "5", "Charge")}, commands.MissingCommand,
			[]string{"missing replay command for event 5", `activity Charge, ID "5"`, "no longer produces"}},
		{"timer added", []*commandpb.Command{timerCmd("5")}, nil, commands.ExtraCommand,
			[]string{"extra replay command for StartTimer", `timer "5"`}},
		{"activity replaced by a timer", []*commandpb.Command{timerCmd("5")}, []*historypb.HistoryEvent{scheduledEvent(5, "5", "Charge")}, commands.DifferentCommand,
			[]string{"history event is event 5 ActivityTaskScheduled", "replay command is StartTimer"}},
		{"activity type changed", []*commandpb.Command{scheduleCmd("5", "Refund")}, []*historypb.HistoryEvent{scheduledEvent(5, "5", "Charge")}, commands.DifferentCommand,
			[]string{"activity Charge", "activity Refund"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := commands.MatchReplay(tc.cmds, tc.events, commands.MatchOptions{})
			var me *commands.ReplayMismatchError
			if !errors.As(err, &me) || me.Kind != tc.kind {
				t.Fatalf("err = %v, want kind %v", err, tc.kind)
			}
			if !strings.HasPrefix(err.Error(), "[TMPRL1100] nondeterministic workflow: ") {
				t.Errorf("message does not start like the official SDK's: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q: %v", w, err)
				}
			}
		})
	}
}

func TestMatchReplayChecksUpdateEventsOnlyWithProtocolMessageCommands(t *testing.T) {
	accepted := &historypb.HistoryEvent{EventId: 5, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED}
	if err := commands.MatchReplay(nil, []*historypb.HistoryEvent{accepted}, commands.MatchOptions{}); err != nil {
		t.Errorf("without flag 3 update events are skipped: %v", err)
	}
	err := commands.MatchReplay(nil, []*historypb.HistoryEvent{accepted}, commands.MatchOptions{ProtocolMessageCommands: true})
	if err == nil {
		t.Error("with flag 3 an accepted update needs its ProtocolMessage command")
	}
	msg := &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_PROTOCOL_MESSAGE, Attributes: &commandpb.Command_ProtocolMessageCommandAttributes{
		ProtocolMessageCommandAttributes: &commandpb.ProtocolMessageCommandAttributes{MessageId: "u1/accept"}}}
	opts := commands.MatchOptions{ProtocolMessageCommands: true, MessageMatches: func(id string, e *historypb.HistoryEvent) (bool, bool) {
		return e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, id == "u1/accept"
	}}
	if err := commands.MatchReplay([]*commandpb.Command{msg}, []*historypb.HistoryEvent{accepted}, opts); err != nil {
		t.Errorf("matching accept message: %v", err)
	}
}

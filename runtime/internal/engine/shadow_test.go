package engine_test

import (
	"testing"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	protocolpb "go.temporal.io/api/protocol/v1"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/workflowdef/workflowdef/runtime/internal/commands"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// officialTask is one workflow task the official worker completed: what it
// saw and the command events its completion produced.
type officialTask struct {
	previousStarted, started int64
	events                   []*historypb.HistoryEvent
	commandEvents            []*historypb.HistoryEvent
	messages                 []*protocolpb.Message
}

// splitTasks finds the completed workflow tasks of a history.
func splitTasks(events []*historypb.HistoryEvent) []officialTask {
	var tasks []officialTask
	var previous int64
	for i, e := range events {
		if e.GetEventType() != enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED || i+1 >= len(events) ||
			events[i+1].GetEventType() != enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED {
			continue
		}
		task := officialTask{previousStarted: previous, started: e.GetEventId(), events: events[:i+1]}
		for _, c := range events[i+2:] {
			if !producedByCommand(c.GetEventType()) {
				break
			}
			task.commandEvents = append(task.commandEvents, c)
			if a := c.GetWorkflowExecutionUpdateAcceptedEventAttributes(); a != nil {
				// The request as the task's poll response carried it.
				body, _ := anypb.New(a.GetAcceptedRequest())
				task.messages = append(task.messages, &protocolpb.Message{Id: a.GetAcceptedRequestMessageId(), ProtocolInstanceId: a.GetProtocolInstanceId(),
					SequencingId: &protocolpb.Message_EventId{EventId: a.GetAcceptedRequestSequencingEventId()}, Body: body})
			}
		}
		tasks = append(tasks, task)
		previous = e.GetEventId()
	}
	return tasks
}

func producedByCommand(t enumspb.EventType) bool {
	switch t {
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
		enumspb.EVENT_TYPE_TIMER_STARTED, enumspb.EVENT_TYPE_TIMER_CANCELED, enumspb.EVENT_TYPE_MARKER_RECORDED,
		enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
		enumspb.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
		enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, enumspb.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
		return true
	}
	return false
}

// TestEngineWritesTheOfficialSDKsCommandsTaskByTask runs each official
// history task by task, as a worker without a cache would (full history,
// the task's own events live), and checks that every task answers with the
// commands the official worker sent: same kinds, same order, same activity
// and timer IDs, same marker names. The official SDK therefore replays the
// histories this engine writes, the other half of the compatibility promise.
func TestEngineWritesTheOfficialSDKsCommandsTaskByTask(t *testing.T) {
	for _, tc := range []struct {
		file string
		wf   engine.WorkflowFunc
	}{
		{"testdata/sdkgo-wait-cancel.json", waitCancel("Echo")},
		{"testdata/sdkgo-cancel-child.json", cancelChildWorkflow},
		{"testdata/sdkgo-update.json", updWorkflow},
		{"testdata/sdkgo-ids.json", idsWorkflow("Echo")},
	} {
		t.Run(tc.file, func(t *testing.T) {
			events := loadHistory(t, tc.file)
			compared := 0
			for _, task := range splitTasks(events) {
				x := engine.NewExecution(engine.Params{Workflow: tc.wf, SdkMetadataCapable: true})
				c, err := x.ProcessTask(&engine.Task{Events: task.events, PreviousStartedEventID: task.previousStarted,
					StartedEventID: task.started, Messages: task.messages})
				_ = x.Close()
				if err != nil {
					t.Fatalf("task started at %d: %v", task.started, err)
				}
				if len(c.LocalActivities) > 0 {
					continue // the worker runs them before completing; replay covers their markers
				}
				opts := commands.MatchOptions{ProtocolMessageCommands: true, MessageMatches: func(id string, e *historypb.HistoryEvent) (bool, bool) {
					for _, m := range c.Messages {
						if m.GetId() == id {
							return messageProduced(m, e), true
						}
					}
					return false, false
				}}
				if len(c.Commands) != len(task.commandEvents) {
					t.Errorf("task started at %d: %d commands, the official worker's produced %d events", task.started, len(c.Commands), len(task.commandEvents))
					continue
				}
				cmds, evs := c.Commands, task.commandEvents
				// The matcher skips close events (replay checks them apart)
				// and version markers with their upserts (replay makes no
				// command for them); compare those here directly.
				if len(evs) == 0 {
					compared++
					continue
				}
				if last := evs[len(evs)-1]; closeEvents[last.GetEventType()] {
					if got := cmds[len(cmds)-1].GetCommandType(); got != closeCommands[last.GetEventType()] {
						t.Errorf("task started at %d closed with %v, the official worker with %v", task.started, got, last.GetEventType())
					}
					cmds, evs = cmds[:len(cmds)-1], evs[:len(evs)-1]
				}
				for i, cmd := range cmds {
					if cmd.GetCommandType() != enumspb.COMMAND_TYPE_RECORD_MARKER || cmd.GetRecordMarkerCommandAttributes().GetMarkerName() != commands.VersionMarkerName {
						continue
					}
					if evs[i].GetMarkerRecordedEventAttributes().GetMarkerName() != commands.VersionMarkerName {
						t.Errorf("task started at %d: a Version marker where the official worker wrote %s", task.started, commands.DescribeEvent(evs[i]))
					}
				}
				if err := commands.MatchReplay(withoutVersionUpserts(cmds), evs, opts); err != nil {
					t.Errorf("task started at %d answered differently from the official worker: %v", task.started, err)
				}
				compared++
			}
			if compared == 0 {
				t.Fatal("no task compared")
			}
		})
	}
}

// messageProduced reports whether an outgoing update message is what wrote
// event e.
func messageProduced(m *protocolpb.Message, e *historypb.HistoryEvent) bool {
	switch {
	case e.GetWorkflowExecutionUpdateAcceptedEventAttributes() != nil:
		return m.GetId() == m.GetProtocolInstanceId()+"/accept" && e.GetWorkflowExecutionUpdateAcceptedEventAttributes().GetProtocolInstanceId() == m.GetProtocolInstanceId()
	case e.GetWorkflowExecutionUpdateCompletedEventAttributes() != nil:
		return m.GetId() == m.GetProtocolInstanceId()+"/complete" && e.GetWorkflowExecutionUpdateCompletedEventAttributes().GetMeta().GetUpdateId() == m.GetProtocolInstanceId()
	}
	return false
}

var closeEvents = map[enumspb.EventType]bool{
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: true, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: true,
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED: true, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: true,
}

var closeCommands = map[enumspb.EventType]enumspb.CommandType{
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:        enumspb.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:           enumspb.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:         enumspb.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: enumspb.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
}

// withoutVersionUpserts drops the TemporalChangeVersion upsert after each
// Version marker, as the matcher drops the pair from the events.
func withoutVersionUpserts(cmds []*commandpb.Command) []*commandpb.Command {
	var out []*commandpb.Command
	for i, c := range cmds {
		if i > 0 && c.GetCommandType() == enumspb.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES &&
			cmds[i-1].GetRecordMarkerCommandAttributes().GetMarkerName() == commands.VersionMarkerName {
			if _, ok := c.GetUpsertWorkflowSearchAttributesCommandAttributes().GetSearchAttributes().GetIndexedFields()[commands.ChangeVersionSearchAttr]; ok {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

package commands

import (
	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
)

// sentOnceMachine sends one command and is done once it is sent: markers
// and search-attribute upserts, which no event needs to confirm.
type sentOnceMachine struct {
	machine
	command *commandpb.Command
}

func (ms *Machines) addSentOnce(key Key, command *commandpb.Command) error {
	m := &sentOnceMachine{machine: ms.newMachine(key), command: command}
	m.overrides = sentOnceOverrides
	return ms.add(m)
}

// Command is the command until it has been sent.
func (m *sentOnceMachine) Command() *commandpb.Command {
	if m.state == Created {
		return m.command
	}
	return nil
}

// RecordMarker adds a RecordMarker command. id keys it within the run
// ("SideEffect_3", "Version_change-a", ...); it is not sent.
func (ms *Machines) RecordMarker(id string, attrs *commandpb.RecordMarkerCommandAttributes) error {
	return ms.addSentOnce(Key{KindMarker, id}, &commandpb.Command{
		CommandType: enumspb.COMMAND_TYPE_RECORD_MARKER,
		Attributes:  &commandpb.Command_RecordMarkerCommandAttributes{RecordMarkerCommandAttributes: attrs},
	})
}

// UpsertSearchAttributes adds an UpsertWorkflowSearchAttributes command.
func (ms *Machines) UpsertSearchAttributes(id string, sa *commonpb.SearchAttributes) error {
	return ms.addSentOnce(Key{KindUpsertSearchAttributes, id}, &commandpb.Command{
		CommandType: enumspb.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
		Attributes: &commandpb.Command_UpsertWorkflowSearchAttributesCommandAttributes{
			UpsertWorkflowSearchAttributesCommandAttributes: &commandpb.UpsertWorkflowSearchAttributesCommandAttributes{SearchAttributes: sa},
		},
	})
}

// ModifyProperties adds a ModifyWorkflowProperties command (a memo upsert).
func (ms *Machines) ModifyProperties(id string, memo *commonpb.Memo) error {
	return ms.addSentOnce(Key{KindModifyProperties, id}, &commandpb.Command{
		CommandType: enumspb.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES,
		Attributes: &commandpb.Command_ModifyWorkflowPropertiesCommandAttributes{
			ModifyWorkflowPropertiesCommandAttributes: &commandpb.ModifyWorkflowPropertiesCommandAttributes{UpsertedMemo: memo},
		},
	})
}

// ProtocolMessage adds a ProtocolMessage command pointing at an outgoing
// protocol message (an update's acceptance or completion), so the server
// writes the matching event at this position.
func (ms *Machines) ProtocolMessage(messageID string) error {
	return ms.addSentOnce(Key{KindProtocolMessage, messageID}, &commandpb.Command{
		CommandType: enumspb.COMMAND_TYPE_PROTOCOL_MESSAGE,
		Attributes: &commandpb.Command_ProtocolMessageCommandAttributes{
			ProtocolMessageCommandAttributes: &commandpb.ProtocolMessageCommandAttributes{MessageId: messageID},
		},
	})
}

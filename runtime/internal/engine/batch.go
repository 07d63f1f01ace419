package engine

import (
	"fmt"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	protocolpb "go.temporal.io/api/protocol/v1"
	"google.golang.org/protobuf/types/known/anypb"
)

// HistoryBatch is the events one workflow-task activation applies: up to and
// including a WorkflowTaskStarted whose task did not fail (a failed or
// timed-out task folds into the next batch), or the end of the history.
type HistoryBatch struct {
	Events []*historypb.HistoryEvent
	// Markers are the batch's MarkerRecorded events. Those of batch K+1 are
	// the markers batch K's commands produced, which the engine preloads.
	Markers []*historypb.HistoryEvent
	// Flags, SDKName, SDKVersion and BinaryChecksum come from the
	// WorkflowTaskCompleted that follows the batch's WorkflowTaskStarted.
	Flags          []SDKFlag
	SDKName        string
	SDKVersion     string
	BinaryChecksum string
	// BuildID is the build of the worker that completed the task this batch
	// starts with, when the batch has a WorkflowTaskCompleted.
	BuildID    string
	HasBuildID bool
	// Accepted are update requests recovered from UpdateAccepted events;
	// Admitted from UpdateAdmitted events. On replay they stand in for the
	// protocol messages the live task carried.
	Accepted []*protocolpb.Message
	Admitted []*protocolpb.Message
}

// Last returns the batch's last event, or nil for an empty batch.
func (b *HistoryBatch) Last() *historypb.HistoryEvent {
	if len(b.Events) == 0 {
		return nil
	}
	return b.Events[len(b.Events)-1]
}

// UnknownSDKFlagError reports a flag in history this engine does not know:
// the history was written by a newer SDK whose behaviour it cannot
// reproduce, so replaying it would be nondeterministic.
type UnknownSDKFlagError struct {
	EventID int64
	Flag    uint32
}

func (e *UnknownSDKFlagError) Error() string {
	return fmt.Sprintf("unknown SDK flag %d in the WorkflowTaskCompleted event %d: the history was written by a newer SDK; upgrade this worker", e.Flag, e.EventID)
}

// HistoryError reports events that cannot form a history: a gap in the
// event IDs, or a history that stops before the task's started event.
type HistoryError struct {
	EventID int64
	Reason  string
}

func (e *HistoryError) Error() string {
	return fmt.Sprintf("history event %d: %s", e.EventID, e.Reason)
}

// maxKnownFlag is the highest SDK flag this engine implements.
const maxKnownFlag = FlagOrderedChildCancel

// HistoryBatcher splits a workflow task's events into batches.
type HistoryBatcher struct {
	events      []*historypb.HistoryEvent
	index       int
	nextEventID int64
	// lastHandled is the last event a cached execution already applied;
	// earlier events are skipped.
	lastHandled int64
	// startedEventID is the task's WorkflowTaskStarted: the history must
	// reach it.
	startedEventID int64
}

// NewHistoryBatcher batches events, skipping those at or before
// lastHandledEventID. startedEventID is the task's started event (0 when
// unknown, as for a replay of a closed history).
func NewHistoryBatcher(events []*historypb.HistoryEvent, lastHandledEventID, startedEventID int64) *HistoryBatcher {
	b := &HistoryBatcher{events: events, lastHandled: lastHandledEventID, startedEventID: startedEventID}
	if len(events) > 0 {
		b.nextEventID = events[0].GetEventId()
	}
	return b
}

// Next returns the next batch, or nil when the events are exhausted.
func (b *HistoryBatcher) Next() (*HistoryBatch, error) {
	if b.index == len(b.events) {
		return nil, b.checkComplete()
	}
	// Size the batch once: up to the next WorkflowTaskStarted, in one
	// allocation rather than a slice grown event by event.
	size := 0
	for _, e := range b.events[b.index:] {
		size++
		if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED {
			break
		}
	}
	batch := &HistoryBatch{Events: make([]*historypb.HistoryEvent, 0, size)}
	for b.index < len(b.events) {
		event := b.events[b.index]
		id := event.GetEventId()
		if id != b.nextEventID {
			return nil, &HistoryError{EventID: id, Reason: fmt.Sprintf("expected event %d next: the history has a gap or is out of order", b.nextEventID)}
		}
		b.nextEventID++
		b.index++
		if id <= b.lastHandled {
			continue
		}
		b.lastHandled = id

		switch event.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			next := b.peek()
			if next != nil && isTaskFailure(next.GetEventType()) {
				continue // the task failed: its events fold into the next batch
			}
			batch.Events = append(batch.Events, event)
			if err := batch.takeCompletion(next); err != nil {
				return nil, err
			}
			return batch, nil
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
			continue
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			batch.BuildID, batch.HasBuildID = completionBuildID(event.GetWorkflowTaskCompletedEventAttributes()), true
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			batch.Markers = append(batch.Markers, event)
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
			msg, err := acceptedRequestMessage(event)
			if err != nil {
				return nil, err
			}
			batch.Accepted = append(batch.Accepted, msg)
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED:
			msg, err := admittedRequestMessage(event)
			if err != nil {
				return nil, err
			}
			batch.Admitted = append(batch.Admitted, msg)
		}
		batch.Events = append(batch.Events, event)
	}
	if err := b.checkComplete(); err != nil {
		return nil, err
	}
	return batch, nil
}

func (b *HistoryBatcher) peek() *historypb.HistoryEvent {
	if b.index < len(b.events) {
		return b.events[b.index]
	}
	return nil
}

// checkComplete fails a history that stops before the task's started event.
func (b *HistoryBatcher) checkComplete() error {
	if b.startedEventID > 0 && b.nextEventID <= b.startedEventID {
		return &HistoryError{EventID: b.nextEventID - 1,
			Reason: fmt.Sprintf("the history stops before the workflow task's started event %d", b.startedEventID)}
	}
	return nil
}

func isTaskFailure(t enumspb.EventType) bool {
	return t == enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED || t == enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
}

// takeCompletion reads what the WorkflowTaskCompleted after the batch's
// started event says about the task: the flags it used and who ran it.
func (batch *HistoryBatch) takeCompletion(completed *historypb.HistoryEvent) error {
	attrs := completed.GetWorkflowTaskCompletedEventAttributes()
	if attrs == nil {
		return nil
	}
	for _, f := range attrs.GetSdkMetadata().GetLangUsedFlags() {
		if f == 0 || f > uint32(maxKnownFlag) {
			return &UnknownSDKFlagError{EventID: completed.GetEventId(), Flag: f}
		}
		batch.Flags = append(batch.Flags, SDKFlag(f))
	}
	batch.SDKName = attrs.GetSdkMetadata().GetSdkName()
	batch.SDKVersion = attrs.GetSdkMetadata().GetSdkVersion()
	//lint:ignore SA1019 histories written by older workers still carry it.
	batch.BinaryChecksum = attrs.GetBinaryChecksum()
	return nil
}

// completionBuildID finds the completing worker's build ID in its newest
// form first: deployment version, then "deployment.build" string, then the
// old worker version.
func completionBuildID(attrs *historypb.WorkflowTaskCompletedEventAttributes) string {
	if id := attrs.GetDeploymentVersion().GetBuildId(); id != "" {
		return id
	}
	//lint:ignore SA1019 histories written by older workers still carry it.
	if _, build, ok := strings.Cut(attrs.GetWorkerDeploymentVersion(), "."); ok && build != "" {
		return build
	}
	//lint:ignore SA1019 histories written by older workers still carry it.
	return attrs.GetWorkerVersion().GetBuildId()
}

// acceptedRequestMessage rebuilds the request message an UpdateAccepted
// event accepted, as the live task delivered it.
func acceptedRequestMessage(event *historypb.HistoryEvent) (*protocolpb.Message, error) {
	attrs := event.GetWorkflowExecutionUpdateAcceptedEventAttributes()
	body, err := anypb.New(attrs.GetAcceptedRequest())
	if err != nil {
		return nil, &HistoryError{EventID: event.GetEventId(), Reason: fmt.Sprintf("update request does not encode: %v", err)}
	}
	return &protocolpb.Message{
		Id:                 attrs.GetAcceptedRequestMessageId(),
		ProtocolInstanceId: attrs.GetProtocolInstanceId(),
		SequencingId:       &protocolpb.Message_EventId{EventId: attrs.GetAcceptedRequestSequencingEventId()},
		Body:               body,
	}, nil
}

// admittedRequestMessage rebuilds the request message of an UpdateAdmitted
// event, sequenced at the event itself.
func admittedRequestMessage(event *historypb.HistoryEvent) (*protocolpb.Message, error) {
	attrs := event.GetWorkflowExecutionUpdateAdmittedEventAttributes()
	body, err := anypb.New(attrs.GetRequest())
	if err != nil {
		return nil, &HistoryError{EventID: event.GetEventId(), Reason: fmt.Sprintf("update request does not encode: %v", err)}
	}
	id := attrs.GetRequest().GetMeta().GetUpdateId()
	return &protocolpb.Message{
		Id:                 id + "/request",
		ProtocolInstanceId: id,
		SequencingId:       &protocolpb.Message_EventId{EventId: event.GetEventId()},
		Body:               body,
	}, nil
}

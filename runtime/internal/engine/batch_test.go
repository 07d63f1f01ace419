package engine_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	updatepb "go.temporal.io/api/update/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// historyBuilder numbers events as the server does.
type historyBuilder struct{ events []*historypb.HistoryEvent }

func (h *historyBuilder) add(t enumspb.EventType, attrs ...func(*historypb.HistoryEvent)) *historyBuilder {
	e := &historypb.HistoryEvent{EventId: int64(len(h.events) + 1), EventType: t}
	for _, a := range attrs {
		a(e)
	}
	h.events = append(h.events, e)
	return h
}

func completedWith(flags ...uint32) func(*historypb.HistoryEvent) {
	return func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_WorkflowTaskCompletedEventAttributes{WorkflowTaskCompletedEventAttributes: &historypb.WorkflowTaskCompletedEventAttributes{
			SdkMetadata: &sdkpb.WorkflowTaskCompletedMetadata{LangUsedFlags: flags, SdkName: "temporal-go", SdkVersion: "1.51.0"},
		}}
	}
}

const (
	started   = enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
	scheduled = enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED
	wtStarted = enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED
	completed = enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
)

func ids(events []*historypb.HistoryEvent) []int64 {
	out := make([]int64, len(events))
	for i, e := range events {
		out[i] = e.GetEventId()
	}
	return out
}

func allBatches(t *testing.T, b *engine.HistoryBatcher) []*engine.HistoryBatch {
	t.Helper()
	var out []*engine.HistoryBatch
	for {
		batch, err := b.Next()
		if err != nil {
			t.Fatal(err)
		}
		if batch == nil {
			return out
		}
		out = append(out, batch)
	}
}

func TestBatchesEndAtEachCompletedWorkflowTask(t *testing.T) {
	h := (&historyBuilder{}).
		add(started).add(scheduled).add(wtStarted).add(completed, completedWith(3, 5)).                // 1-4
		add(enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).add(enumspb.EVENT_TYPE_TIMER_STARTED).         // 5-6
		add(enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED).add(enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED). // 7-8
		add(scheduled).add(wtStarted).add(completed, completedWith()).                                 // 9-11
		add(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)                                           // 12
	batches := allBatches(t, engine.NewHistoryBatcher(h.events, 0, 0))
	var got [][]int64
	for _, b := range batches {
		got = append(got, ids(b.Events))
	}
	want := [][]int64{{1, 3}, {4, 5, 6, 7, 8, 10}, {11, 12}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("batches (-want +got):\n%s", diff)
	}
	if fmt.Sprint(batches[0].Flags) != "[3 5]" || batches[0].SDKName != "temporal-go" || batches[0].SDKVersion != "1.51.0" {
		t.Errorf("batch 1 took flags %v, sdk %q %q from event 4", batches[0].Flags, batches[0].SDKName, batches[0].SDKVersion)
	}
	if !batches[1].HasBuildID || !batches[2].HasBuildID {
		t.Errorf("batches 2 and 3 hold a WorkflowTaskCompleted, so a build ID")
	}
}

func TestFailedAndTimedOutTasksFoldIntoTheNextBatch(t *testing.T) {
	for _, failure := range []enumspb.EventType{enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED, enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT} {
		t.Run(failure.String(), func(t *testing.T) {
			h := (&historyBuilder{}).
				add(started).add(scheduled).add(wtStarted).add(failure).       // 1-4: first task failed
				add(scheduled).add(wtStarted).add(completed, completedWith(1)) // 5-7
			batches := allBatches(t, engine.NewHistoryBatcher(h.events, 0, 0))
			want := []int64{1, 6}
			if failure == enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED {
				want = []int64{1, 4, 6} // a failure event is applied (it reseeds random)
			}
			if diff := cmp.Diff(want, ids(batches[0].Events)); diff != "" {
				t.Errorf("first batch (-want +got):\n%s", diff)
			}
			if fmt.Sprint(batches[0].Flags) != "[1]" {
				t.Errorf("flags %v, want those of the task that completed", batches[0].Flags)
			}
		})
	}
}

func TestBatchCollectsMarkersAndUpdateRequests(t *testing.T) {
	req := &updatepb.Request{Meta: &updatepb.Meta{UpdateId: "u1"}, Input: &updatepb.Input{Name: "AddItem"}}
	h := (&historyBuilder{}).
		add(started).add(scheduled).add(wtStarted).add(completed, completedWith()). // 1-4
		add(enumspb.EVENT_TYPE_MARKER_RECORDED).                                    // 5
		add(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_WorkflowExecutionUpdateAcceptedEventAttributes{WorkflowExecutionUpdateAcceptedEventAttributes: &historypb.WorkflowExecutionUpdateAcceptedEventAttributes{
				ProtocolInstanceId: "u1", AcceptedRequestMessageId: "u1/request", AcceptedRequestSequencingEventId: 2, AcceptedRequest: req,
			}}
		}). // 6
		add(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_WorkflowExecutionUpdateAdmittedEventAttributes{WorkflowExecutionUpdateAdmittedEventAttributes: &historypb.WorkflowExecutionUpdateAdmittedEventAttributes{
				Request: &updatepb.Request{Meta: &updatepb.Meta{UpdateId: "u2"}},
			}}
		}).                           // 7
		add(scheduled).add(wtStarted) // 8-9: the task being worked on
	batches := allBatches(t, engine.NewHistoryBatcher(h.events, 0, 9))
	second := batches[1]
	if diff := cmp.Diff([]int64{5}, ids(second.Markers)); diff != "" {
		t.Errorf("markers (-want +got):\n%s", diff)
	}
	if len(second.Accepted) != 1 || second.Accepted[0].GetId() != "u1/request" || second.Accepted[0].GetEventId() != 2 {
		t.Errorf("accepted messages %v", second.Accepted)
	}
	var got updatepb.Request
	if err := second.Accepted[0].GetBody().UnmarshalTo(&got); err != nil || got.GetInput().GetName() != "AddItem" {
		t.Errorf("accepted body: %v %v", &got, err)
	}
	if len(second.Admitted) != 1 || second.Admitted[0].GetId() != "u2/request" || second.Admitted[0].GetEventId() != 7 || second.Admitted[0].GetProtocolInstanceId() != "u2" {
		t.Errorf("admitted messages %v", second.Admitted)
	}
	if last := second.Last(); last.GetEventId() != 9 {
		t.Errorf("the batch of the task in progress ends at %d", last.GetEventId())
	}
}

func TestCachedExecutionSkipsEventsItApplied(t *testing.T) {
	h := (&historyBuilder{}).
		add(started).add(scheduled).add(wtStarted).add(completed, completedWith()).
		add(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).add(scheduled).add(wtStarted)
	batches := allBatches(t, engine.NewHistoryBatcher(h.events, 3, 7))
	if len(batches) != 1 || fmt.Sprint(ids(batches[0].Events)) != "[4 5 7]" {
		t.Fatalf("batches after event 3: %v", batches)
	}
}

func TestBatcherRejectsBrokenHistories(t *testing.T) {
	gap := (&historyBuilder{}).add(started).add(scheduled).add(wtStarted).events
	gap[2].EventId = 5
	short := (&historyBuilder{}).add(started).add(scheduled).add(wtStarted).events
	newer := (&historyBuilder{}).add(started).add(scheduled).add(wtStarted).add(completed, completedWith(10)).events
	for _, tc := range []struct {
		name    string
		events  []*historypb.HistoryEvent
		started int64
		check   func(error) bool
	}{
		{"gap", gap, 0, func(err error) bool {
			var he *engine.HistoryError
			return errors.As(err, &he) && he.EventID == 5
		}},
		{"stops before the started event", short, 10, func(err error) bool {
			var he *engine.HistoryError
			return errors.As(err, &he)
		}},
		{"unknown flag", newer, 0, func(err error) bool {
			var fe *engine.UnknownSDKFlagError
			return errors.As(err, &fe) && fe.Flag == 10 && fe.EventID == 4
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := engine.NewHistoryBatcher(tc.events, 0, tc.started)
			var err error
			for err == nil {
				var batch *engine.HistoryBatch
				if batch, err = b.Next(); batch == nil && err == nil {
					break
				}
			}
			if !tc.check(err) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

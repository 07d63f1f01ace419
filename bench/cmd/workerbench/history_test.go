package main

import (
	"slices"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// historyAt builds history events, numbered from 1, at t0 plus the given
// milliseconds.
type historyAt struct {
	t0     time.Time
	events []*historypb.HistoryEvent
}

func (h *historyAt) add(atMs int, typ enumspb.EventType, set func(e *historypb.HistoryEvent)) int64 {
	e := &historypb.HistoryEvent{EventId: int64(len(h.events) + 1), EventType: typ, EventTime: timestamppb.New(h.t0.Add(time.Duration(atMs) * time.Millisecond))}
	if set != nil {
		set(e)
	}
	h.events = append(h.events, e)
	return e.EventId
}

func (h *historyAt) scheduled(atMs int, kind enumspb.TaskQueueKind) int64 {
	return h.add(atMs, enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_WorkflowTaskScheduledEventAttributes{WorkflowTaskScheduledEventAttributes: &historypb.WorkflowTaskScheduledEventAttributes{
			TaskQueue: &taskqueuepb.TaskQueue{Name: "q", Kind: kind},
		}}
	})
}

func (h *historyAt) started(atMs int, scheduled int64) int64 {
	return h.add(atMs, enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_WorkflowTaskStartedEventAttributes{WorkflowTaskStartedEventAttributes: &historypb.WorkflowTaskStartedEventAttributes{ScheduledEventId: scheduled}}
	})
}

func (h *historyAt) completed(atMs int, scheduled, started int64) {
	h.add(atMs, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, func(e *historypb.HistoryEvent) {
		e.Attributes = &historypb.HistoryEvent_WorkflowTaskCompletedEventAttributes{WorkflowTaskCompletedEventAttributes: &historypb.WorkflowTaskCompletedEventAttributes{ScheduledEventId: scheduled, StartedEventId: started}}
	})
}

func TestTaskTimesReadsWaitsAndProcessingByQueue(t *testing.T) {
	const normal, sticky = enumspb.TASK_QUEUE_KIND_NORMAL, enumspb.TASK_QUEUE_KIND_STICKY
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	// A one-activity run whose second task went to the sticky queue, timed
	// out there and was taken from the normal queue.
	h := &historyAt{t0: t0}
	h.add(0, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, nil)
	s := h.scheduled(0, normal)
	st := h.started(40, s)
	h.completed(45, s, st)
	h.add(45, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, nil)
	h.add(46, enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED, nil)
	h.add(47, enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, nil)
	h.scheduled(47, sticky)
	h.add(5047, enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, nil)
	s = h.scheduled(5047, normal)
	st = h.started(5050, s)
	h.completed(5060, s, st)
	h.add(5060, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, nil)

	// A waiting run: its first task on the normal queue, the second on the
	// sticky queue.
	h2 := &historyAt{t0: t0.Add(time.Second)}
	h2.add(0, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, nil)
	s = h2.scheduled(0, normal)
	st = h2.started(10, s)
	h2.completed(12, s, st)
	h2.add(20, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, nil)
	s = h2.scheduled(20, sticky)
	st = h2.started(23, s)
	h2.completed(30, s, st)

	var all, second taskTimes
	all.add(h.events)
	second.add(h2.events)
	all.merge(second)
	all.add(nil) // no history, no run

	if want := millis(40, 3, 10); !slices.Equal(all.NormalWaits, want) {
		t.Errorf("normal-queue waits %v, want %v", all.NormalWaits, want)
	}
	if want := millis(3); !slices.Equal(all.StickyWaits, want) {
		t.Errorf("sticky-queue waits %v, want %v (the timed-out task never started)", all.StickyWaits, want)
	}
	if want := millis(5, 10, 2, 7); !slices.Equal(all.Processing, want) {
		t.Errorf("started-to-completed %v, want %v", all.Processing, want)
	}
	wantFirsts := []firstTask{{Scheduled: t0, Started: t0.Add(40 * time.Millisecond)}, {Scheduled: t0.Add(time.Second), Started: t0.Add(time.Second + 10*time.Millisecond)}}
	if !slices.Equal(all.Firsts, wantFirsts) {
		t.Errorf("first tasks %v, want %v", all.Firsts, wantFirsts)
	}
	if want := millis(5060, 30); !slices.Equal(all.Runs, want) {
		t.Errorf("runs %v, want %v", all.Runs, want)
	}
	if all.issues() != "1/0" {
		t.Errorf("timed out/failed %s, want 1/0", all.issues())
	}
}

func TestDrainWaitsFindTheNormalQueueStall(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	ready := at(10)
	firsts := []firstTask{
		// Queued before the worker started, in the backlog.
		{Scheduled: at(0), Started: at(10.2)},
		{Scheduled: at(1), Started: at(10.5)},
		// Nothing started for 70 s while these waited.
		{Scheduled: at(2), Started: at(80.5)},
		{Scheduled: at(3), Started: at(80.6)},
		// Scheduled after the worker started, and after the stall.
		{Scheduled: at(90), Started: at(91)},
	}
	slices.Reverse(firsts) // the order histories are read in is any
	got := drainWaits(firsts, ready)
	want := firstTaskWaits{Longest: 78500 * time.Millisecond, SinceReady: 70600 * time.Millisecond, Stall: 70 * time.Second}
	if got != want {
		t.Errorf("drainWaits = %+v, want %+v", got, want)
	}
	// A worker that keeps taking first tasks: the stall is the longest
	// gap between them, however long the backlog.
	var steady []firstTask
	for i := range 100 {
		steady = append(steady, firstTask{Scheduled: at(0), Started: at(10 + 0.1*float64(i+1))})
	}
	if got := drainWaits(steady, ready); got.Stall > 101*time.Millisecond || got.SinceReady < 9*time.Second {
		t.Errorf("steady drain: %+v, want a stall of 0.1s and a wait since the start of 10s", got)
	}
	if got := drainWaits(nil, ready); got != (firstTaskWaits{}) {
		t.Errorf("no first tasks: %+v", got)
	}
}

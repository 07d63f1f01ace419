package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/workflowservice/v1"
)

// taskTimes is what a set of workflows' histories say about their
// workflow tasks, from the server's own event times, read the same way
// for both SDKs.
type taskTimes struct {
	// NormalWaits and StickyWaits are schedule-to-start times
	// (WorkflowTaskScheduled to WorkflowTaskStarted), by the kind of queue
	// the scheduled event names: how long each task waited for a poll.
	NormalWaits, StickyWaits []time.Duration
	// Processing are started-to-completed times (WorkflowTaskStarted to
	// WorkflowTaskCompleted): from the server handing a task to a poll to
	// the server recording the worker's completion.
	Processing []time.Duration
	// Firsts are the runs' first workflow tasks that were started.
	Firsts []firstTask
	// Runs are the workflows' times from their first history event to
	// their last, which the waits are part of.
	Runs []time.Duration
	// TimedOut and Failed count workflow tasks not handled at the first
	// try: tasks that timed out (a sticky task nobody took within the
	// sticky timeout, or a task not completed in time) or failed.
	TimedOut, Failed int
}

// firstTask is when a run's first workflow task was scheduled and started.
type firstTask struct {
	Scheduled, Started time.Time
}

// add reads one run's history.
func (t *taskTimes) add(events []*historypb.HistoryEvent) {
	if len(events) == 0 {
		return
	}
	scheduled := map[int64]*historypb.HistoryEvent{}
	started := map[int64]time.Time{}
	first := true
	for _, e := range events {
		at := e.GetEventTime().AsTime()
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
			scheduled[e.GetEventId()] = e
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			started[e.GetEventId()] = at
			s, ok := scheduled[e.GetWorkflowTaskStartedEventAttributes().GetScheduledEventId()]
			if !ok {
				continue
			}
			from := s.GetEventTime().AsTime()
			if s.GetWorkflowTaskScheduledEventAttributes().GetTaskQueue().GetKind() == enumspb.TASK_QUEUE_KIND_STICKY {
				t.StickyWaits = append(t.StickyWaits, at.Sub(from))
			} else {
				t.NormalWaits = append(t.NormalWaits, at.Sub(from))
			}
			if first {
				t.Firsts = append(t.Firsts, firstTask{Scheduled: from, Started: at})
				first = false
			}
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			if s, ok := started[e.GetWorkflowTaskCompletedEventAttributes().GetStartedEventId()]; ok {
				t.Processing = append(t.Processing, at.Sub(s))
			}
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
			t.TimedOut++
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
			t.Failed++
		}
	}
	t.Runs = append(t.Runs, events[len(events)-1].GetEventTime().AsTime().Sub(events[0].GetEventTime().AsTime()))
}

// merge adds o's tasks to t's.
func (t *taskTimes) merge(o taskTimes) {
	t.NormalWaits = append(t.NormalWaits, o.NormalWaits...)
	t.StickyWaits = append(t.StickyWaits, o.StickyWaits...)
	t.Processing = append(t.Processing, o.Processing...)
	t.Firsts = append(t.Firsts, o.Firsts...)
	t.Runs = append(t.Runs, o.Runs...)
	t.TimedOut += o.TimedOut
	t.Failed += o.Failed
}

// issues renders the timed-out and failed counts.
func (t taskTimes) issues() string { return fmt.Sprintf("%d/%d", t.TimedOut, t.Failed) }

// queuedShare is the percentage of the workflows' run time that their
// workflow tasks spent waiting in the server's queues.
func (t taskTimes) queuedShare() (float64, bool) {
	var waited, ran time.Duration
	for _, d := range slices.Concat(t.NormalWaits, t.StickyWaits) {
		waited += d
	}
	for _, d := range t.Runs {
		ran += d
	}
	if ran <= 0 {
		return 0, false
	}
	return 100 * float64(waited) / float64(ran), true
}

// firstTaskWaits are a drain's first workflow tasks' waits for a poll.
type firstTaskWaits struct {
	// Longest is the longest schedule-to-start, the backlog's wait before
	// the worker started included.
	Longest time.Duration
	// SinceReady is the longest wait counted from the later of the task's
	// scheduling and the worker's start.
	SinceReady time.Duration
	// Stall is the longest time a first task waited, after the worker
	// started, while no other first task was started: the longest the
	// normal queue went without progress though a task waited on it. A
	// worker that keeps polling the normal queue stalls it for no longer
	// than the server takes to hand over a task; one whose polls all sit
	// on the sticky queue stalls it until they return.
	Stall time.Duration
}

// drainWaits computes firstTaskWaits for first tasks of a worker that
// started polling at ready.
func drainWaits(firsts []firstTask, ready time.Time) firstTaskWaits {
	sorted := slices.SortedFunc(slices.Values(firsts), func(a, b firstTask) int { return a.Started.Compare(b.Started) })
	var w firstTaskWaits
	prev := ready
	for _, f := range sorted {
		w.Longest = max(w.Longest, f.Started.Sub(f.Scheduled))
		from := latest(f.Scheduled, ready)
		w.SinceReady = max(w.SinceReady, f.Started.Sub(from))
		w.Stall = max(w.Stall, f.Started.Sub(latest(from, prev)))
		prev = latest(prev, f.Started)
	}
	return w
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// readHistories reads the histories of runs for their workflow tasks.
func (b *bench) readHistories(ctx context.Context, runs []workflowRun) (taskTimes, error) {
	var (
		mu  sync.Mutex
		all taskTimes
	)
	err := forEach(ctx, len(runs), b.cfg.Starters, func(ctx context.Context, i int) error {
		var token []byte
		var events []*historypb.HistoryEvent
		for {
			resp, err := b.observer.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
				Namespace:     b.observer.Namespace(),
				Execution:     &commonpb.WorkflowExecution{WorkflowId: runs[i].ID(), RunId: runs[i].RunID()},
				NextPageToken: token,
			})
			if err != nil {
				return fmt.Errorf("reading the history of workflow %s: %w", runs[i].ID(), err)
			}
			events = append(events, resp.GetHistory().GetEvents()...)
			if token = resp.GetNextPageToken(); len(token) == 0 {
				break
			}
		}
		var run taskTimes
		run.add(events)
		mu.Lock()
		all.merge(run)
		mu.Unlock()
		return nil
	})
	return all, err
}

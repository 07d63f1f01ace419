package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// executionTimeout bounds every workflow the benchmark starts, so a run
// that failed leaves nothing running for long on a shared server.
const executionTimeout = 30 * time.Minute

// pollInterval paces DescribeWorkflow rounds while waiting for workflows
// to reach the sticky cache.
const pollInterval = 200 * time.Millisecond

// started is a workflow the load generator started, with the result it
// must produce.
type started struct {
	run  *client.WorkflowRun
	want string
}

// forEach runs f(i) for i in [0, n) on up to workers goroutines. The
// first error cancels the rest and is returned.
func forEach(ctx context.Context, n, workers int, f func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		done     atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := f(ctx, i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if done.Load() < int64(n) {
		return context.Cause(ctx) // the caller's context ended first
	}
	return nil
}

// startMany starts n workflows of workflowType on taskQueue, with IDs
// taskQueue-idPrefix-i. Workflow i
// gets input strconv.Itoa(i) (when withInput) and must return
// want(strconv.Itoa(i)).
func (b *bench) startMany(ctx context.Context, taskQueue, idPrefix, workflowType string, n int, withInput bool, want func(string) string) ([]started, error) {
	runs := make([]started, n)
	err := forEach(ctx, n, b.cfg.Starters, func(ctx context.Context, i int) error {
		input := strconv.Itoa(i)
		var args []any
		if withInput {
			args = []any{input}
		}
		run, err := b.client.StartWorkflow(ctx, client.StartWorkflowOptions{
			ID: fmt.Sprintf("%s-%s-%d", taskQueue, idPrefix, i), TaskQueue: taskQueue, ExecutionTimeout: executionTimeout,
		}, workflowType, args...)
		if err != nil {
			return err
		}
		runs[i] = started{run: run, want: want(input)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("starting %d %s workflows: %w", n, workflowType, err)
	}
	return runs, nil
}

// awaitAll waits for every run's result and checks it.
func (b *bench) awaitAll(ctx context.Context, runs []started) error {
	var open atomic.Int64
	open.Store(int64(len(runs)))
	err := forEach(ctx, len(runs), b.cfg.Starters, func(ctx context.Context, i int) error {
		if err := checkResult(ctx, runs[i]); err != nil {
			return err
		}
		open.Add(-1)
		return nil
	})
	if err != nil {
		return fmt.Errorf("%d of %d workflows without a result: %w", open.Load(), len(runs), err)
	}
	return nil
}

// checkResult waits for one run's result and compares it to the expected
// one.
func checkResult(ctx context.Context, s started) error {
	var got string
	if err := s.run.Get(ctx, &got); err != nil {
		return fmt.Errorf("workflow %s: %w", s.run.ID(), err)
	}
	if got != s.want {
		return fmt.Errorf("workflow %s returned %q, want %q", s.run.ID(), got, s.want)
	}
	return nil
}

// awaitCached waits until every run has completed its first workflow
// task and has no other pending, so the worker holds it in its sticky
// cache, waiting for the signal.
func (b *bench) awaitCached(ctx context.Context, runs []started) error {
	pending := runs
	for {
		waiting := make([]bool, len(pending))
		err := forEach(ctx, len(pending), b.cfg.Starters, func(ctx context.Context, i int) error {
			d, err := b.client.DescribeWorkflow(ctx, pending[i].run.ID(), pending[i].run.RunID())
			if err != nil {
				return err
			}
			if d.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
				return fmt.Errorf("workflow %s is %v, want it running until signalled", pending[i].run.ID(), d.Status)
			}
			// Started, task scheduled, started, completed: 4 events.
			waiting[i] = d.Response.GetPendingWorkflowTask() != nil || d.HistoryLength < 4
			return nil
		})
		if err != nil {
			return fmt.Errorf("waiting for %d workflows to reach the sticky cache: %w", len(pending), err)
		}
		var still []started
		for i, w := range waiting {
			if w {
				still = append(still, pending[i])
			}
		}
		if len(still) == 0 {
			return nil
		}
		pending = still
		if err := sleep(ctx, pollInterval); err != nil {
			return fmt.Errorf("%d of %d workflows have not completed their first workflow task: %w", len(pending), len(runs), err)
		}
	}
}

// awaitBacklog waits until the server reports n workflow tasks in
// taskQueue's backlog, so a drain measures the worker rather than the
// server still moving just-started workflows' tasks into the queue. It
// gives up after maxWait (the count is approximate) and returns the last
// count.
func (b *bench) awaitBacklog(ctx context.Context, taskQueue string, n int64, maxWait time.Duration) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	var count int64
	for {
		resp, err := b.client.WorkflowService().DescribeTaskQueue(ctx, &workflowservice.DescribeTaskQueueRequest{
			Namespace:     b.client.Namespace(),
			TaskQueue:     &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
			TaskQueueType: enumspb.TASK_QUEUE_TYPE_WORKFLOW,
			ReportStats:   true,
		})
		switch {
		case ctx.Err() != nil:
			return count, nil // waited long enough
		case err != nil:
			return count, fmt.Errorf("describing task queue %s: %w", taskQueue, err)
		}
		if count = resp.GetStats().GetApproximateBacklogCount(); count >= n {
			return count, nil
		}
		if err := sleep(ctx, pollInterval); err != nil {
			return count, nil
		}
	}
}

// signalAll sends every run the finish signal, carrying its input.
func (b *bench) signalAll(ctx context.Context, runs []started) error {
	return forEach(ctx, len(runs), b.cfg.Starters, func(ctx context.Context, i int) error {
		return b.client.SignalWorkflow(ctx, runs[i].run.ID(), runs[i].run.RunID(), signalFinish, strconv.Itoa(i))
	})
}

// closedLoop runs n one-activity workflows from callers concurrent
// callers, each starting the next workflow when the last one's result
// arrived, and returns the workflows and each one's start-to-result
// latency.
func (b *bench) closedLoop(ctx context.Context, taskQueue, idPrefix string, n, callers int) ([]*client.WorkflowRun, []time.Duration, error) {
	runs := make([]*client.WorkflowRun, n)
	latencies := make([]time.Duration, n)
	err := forEach(ctx, n, callers, func(ctx context.Context, i int) error {
		input := strconv.Itoa(i)
		t0 := time.Now()
		run, err := b.client.StartWorkflow(ctx, client.StartWorkflowOptions{
			ID: fmt.Sprintf("%s-%s-%d", taskQueue, idPrefix, i), TaskQueue: taskQueue, ExecutionTimeout: executionTimeout,
		}, wfOneActivity, input)
		if err != nil {
			return err
		}
		if err := checkResult(ctx, started{run: run, want: echoResult(input)}); err != nil {
			return err
		}
		latencies[i] = time.Since(t0)
		runs[i] = run
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return runs, latencies, nil
}

// taskIssues counts history events that show workflow tasks not handled
// at the first try: tasks that timed out (a sticky task nobody took within
// the sticky timeout, or a task not completed in time) or failed.
type taskIssues struct {
	TimedOut int
	Failed   int
}

func (t taskIssues) String() string { return fmt.Sprintf("%d/%d", t.TimedOut, t.Failed) }

// taskWaits are the server's schedule-to-start times of workflow tasks,
// from history timestamps, by the queue the task was scheduled on: how long
// each task waited for a poll.
type taskWaits struct {
	Normal, Sticky []time.Duration
	// Runs are the workflows' times from their first history event to
	// their last, which the waits are part of.
	Runs []time.Duration
}

// queuedShare is the percentage of the workflows' run time that their
// workflow tasks spent waiting in the server's queues.
func (w taskWaits) queuedShare() (float64, bool) {
	var waited, ran time.Duration
	for _, d := range slices.Concat(w.Normal, w.Sticky) {
		waited += d
	}
	for _, d := range w.Runs {
		ran += d
	}
	if ran <= 0 {
		return 0, false
	}
	return 100 * float64(waited) / float64(ran), true
}

// readHistories reads the histories of runs and counts their workflow task
// timeouts and failures, and collects how long each workflow task waited.
func (b *bench) readHistories(ctx context.Context, runs []*client.WorkflowRun) (taskIssues, taskWaits, error) {
	var (
		timedOut, failed atomic.Int64
		mu               sync.Mutex
		waits            taskWaits
	)
	err := forEach(ctx, len(runs), b.cfg.Starters, func(ctx context.Context, i int) error {
		var token []byte
		scheduled := map[int64]*historypb.HistoryEvent{}
		var normal, sticky []time.Duration
		var first, last time.Time
		for {
			resp, err := b.client.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
				Namespace:     b.client.Namespace(),
				Execution:     &commonpb.WorkflowExecution{WorkflowId: runs[i].ID(), RunId: runs[i].RunID()},
				NextPageToken: token,
			})
			if err != nil {
				return fmt.Errorf("reading the history of workflow %s: %w", runs[i].ID(), err)
			}
			for _, e := range resp.GetHistory().GetEvents() {
				if first.IsZero() {
					first = e.GetEventTime().AsTime()
				}
				last = e.GetEventTime().AsTime()
				switch e.GetEventType() {
				case enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
					scheduled[e.GetEventId()] = e
				case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
					s, ok := scheduled[e.GetWorkflowTaskStartedEventAttributes().GetScheduledEventId()]
					if !ok {
						continue
					}
					wait := e.GetEventTime().AsTime().Sub(s.GetEventTime().AsTime())
					if s.GetWorkflowTaskScheduledEventAttributes().GetTaskQueue().GetKind() == enumspb.TASK_QUEUE_KIND_STICKY {
						sticky = append(sticky, wait)
					} else {
						normal = append(normal, wait)
					}
				case enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
					timedOut.Add(1)
				case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
					failed.Add(1)
				}
			}
			if token = resp.GetNextPageToken(); len(token) == 0 {
				break
			}
		}
		mu.Lock()
		waits.Normal, waits.Sticky = append(waits.Normal, normal...), append(waits.Sticky, sticky...)
		waits.Runs = append(waits.Runs, last.Sub(first))
		mu.Unlock()
		return nil
	})
	return taskIssues{TimedOut: int(timedOut.Load()), Failed: int(failed.Load())}, waits, err
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

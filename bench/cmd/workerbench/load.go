package main

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
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
	run  workflowRun
	want string
}

// workload is a kind of workflow a phase starts many of.
type workload struct {
	workflowType string
	// args are the arguments of the i-th workflow.
	args func(i int) []any
	// want is the result the i-th workflow must return.
	want func(i int) string
}

// oneActivity is the drain's and the latency phase's workload.
var oneActivity = workload{
	workflowType: wfOneActivity,
	args:         func(i int) []any { return []any{strconv.Itoa(i)} },
	want:         func(i int) string { return echoResult(strconv.Itoa(i)) },
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

// startMany starts n workflows of w on taskQueue, with IDs
// taskQueue-idPrefix-i.
func (b *bench) startMany(ctx context.Context, taskQueue, idPrefix string, w workload, n int) ([]started, error) {
	runs := make([]started, n)
	err := forEach(ctx, n, b.cfg.Starters, func(ctx context.Context, i int) error {
		run, err := b.load.StartWorkflow(ctx, fmt.Sprintf("%s-%s-%d", taskQueue, idPrefix, i), taskQueue, w.workflowType, w.args(i)...)
		if err != nil {
			return err
		}
		runs[i] = started{run: run, want: w.want(i)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("starting %d %s workflows: %w", n, w.workflowType, err)
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

// awaitCached waits until every run has at least minEvents events in its
// history and no workflow task pending, so the worker holds it in its
// sticky cache, waiting for the signal.
func (b *bench) awaitCached(ctx context.Context, runs []started, minEvents int64) error {
	pending := runs
	for {
		waiting := make([]bool, len(pending))
		err := forEach(ctx, len(pending), b.cfg.Starters, func(ctx context.Context, i int) error {
			d, err := b.observer.DescribeWorkflow(ctx, pending[i].run.ID(), pending[i].run.RunID())
			if err != nil {
				return err
			}
			if d.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
				return fmt.Errorf("workflow %s is %v, want it running until signalled", pending[i].run.ID(), d.Status)
			}
			waiting[i] = d.Response.GetPendingWorkflowTask() != nil || d.HistoryLength < minEvents
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
			return fmt.Errorf("%d of %d workflows have not completed their workflow tasks: %w", len(pending), len(runs), err)
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
		resp, err := b.observer.WorkflowService().DescribeTaskQueue(ctx, &workflowservice.DescribeTaskQueueRequest{
			Namespace:     b.observer.Namespace(),
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
		return b.load.SignalWorkflow(ctx, runs[i].run, signalFinish, strconv.Itoa(i))
	})
}

// closedLoop runs n one-activity workflows from callers concurrent
// callers, each starting the next workflow when the last one's result
// arrived, and returns the workflows and each one's start-to-result
// latency.
func (b *bench) closedLoop(ctx context.Context, taskQueue, idPrefix string, n, callers int) ([]workflowRun, []time.Duration, error) {
	runs := make([]workflowRun, n)
	latencies := make([]time.Duration, n)
	err := forEach(ctx, n, callers, func(ctx context.Context, i int) error {
		t0 := time.Now()
		run, err := b.load.StartWorkflow(ctx, fmt.Sprintf("%s-%s-%d", taskQueue, idPrefix, i), taskQueue, oneActivity.workflowType, oneActivity.args(i)...)
		if err != nil {
			return err
		}
		if err := checkResult(ctx, started{run: run, want: oneActivity.want(i)}); err != nil {
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

package worker

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestStickyCacheKeepsTheMostRecentlyUsedRuns(t *testing.T) {
	c := newStickyCache(2, newRunCloser(slog.New(slog.DiscardHandler)))
	for _, id := range []string{"a", "b", "c"} {
		c.put(&cachedRun{runID: id, x: engine.NewExecution(engine.Params{})})
	}
	if n := c.count(); n != 2 {
		t.Fatalf("%d runs cached, want 2", n)
	}
	if c.take("a") != nil {
		t.Error("the least recently used run is still cached")
	}
	b := c.take("b")
	if b == nil || c.take("b") != nil {
		t.Fatal("take must hand a run out once")
	}
	c.put(b)
	c.put(&cachedRun{runID: "d", x: engine.NewExecution(engine.Params{})})
	if c.take("c") != nil || c.take("b") == nil {
		t.Error("putting a run back must make it the most recently used")
	}
	c.clear()
	if n := c.count(); n != 0 {
		t.Errorf("%d runs after clear", n)
	}
	// A task still running when the worker stopped returns its run late.
	c.put(&cachedRun{runID: "e", x: engine.NewExecution(engine.Params{})})
	if n := c.count(); n != 0 {
		t.Errorf("a run put back after clear was kept (%d cached)", n)
	}

	none := newStickyCache(0, newRunCloser(slog.New(slog.DiscardHandler)))
	none.put(&cachedRun{runID: "a", x: engine.NewExecution(engine.Params{})})
	if none.count() != 0 || none.take("a") != nil {
		t.Error("a cache of size 0 kept a run")
	}
}

// TestCachedRunsContinueWhereTheyStopped runs workflows that each wait for
// signals sent one at a time, so every signal is a workflow task, and is
// queried in between. With the only run cached, the workflow function
// starts once, queries included; with several runs
// sharing a cache of one, or no cache, runs are rebuilt and still finish
// with the right result.
func TestCachedRunsContinueWhereTheyStopped(t *testing.T) {
	for _, tc := range []struct {
		cacheSize, workflows int
	}{{1, 1}, {1, 3}, {0, 3}} {
		t.Run(fmt.Sprintf("cache %d, %d workflows", tc.cacheSize, tc.workflows), func(t *testing.T) {
			c := dial(t)
			r, starts := countingTicks(t)
			h := newHandler(c, c.WorkflowService(), r)
			h.cache = newStickyCache(tc.cacheSize, h.closer)
			defer h.cache.clear()
			taskQueue := testenv.UniqueID(t)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			var wg sync.WaitGroup
			errs := make(chan error, 1)
			drive(ctx, t, &wg, c, taskQueue, h, errs)
			defer wg.Wait()
			defer cancel()

			const signals = 4
			runs := make([]*client.WorkflowRun, tc.workflows)
			for i := range runs {
				run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", taskQueue, i), TaskQueue: taskQueue}, "CountTicks", signals)
				if err != nil {
					t.Fatal(err)
				}
				runs[i] = run
			}
			for s := range signals {
				for _, run := range runs {
					if err := c.SignalWorkflow(ctx, run.ID(), "", "tick", s+1); err != nil {
						t.Fatal(err)
					}
				}
				// Each signal gets its own task, which meets the cached run.
				for _, run := range runs {
					waitForCompletedTask(ctx, t, c, run, s+1)
				}
				// With no task outstanding, a query is a query task: the
				// cached run answers it without replaying.
				if s < signals-1 {
					q, err := c.QueryWorkflow(ctx, client.QueryWorkflowOptions{WorkflowID: runs[0].ID(), QueryType: "count"})
					var count int
					if err == nil {
						err = q.Get(&count)
					}
					if err != nil || count != s+1 {
						t.Errorf("query after signal %d: count %d, %v", s+1, count, err)
					}
				}
			}
			for _, run := range runs {
				var got int
				if err := run.Get(ctx, &got); err != nil || got != 1+2+3+4 {
					t.Errorf("%s: result %d, %v; want 10", run.ID(), got, err)
				}
			}
			if tc.cacheSize == 1 && tc.workflows == 1 && starts.Load() != 1 {
				t.Errorf("the workflow function started %d times, want 1: the cached run was not used", starts.Load())
			}
			if tc.cacheSize == 0 && starts.Load() <= int32(tc.workflows) {
				t.Errorf("the workflow function started %d times without a cache, want one per task", starts.Load())
			}
			if n := h.cache.count(); n > tc.cacheSize {
				t.Errorf("%d runs cached, more than the size %d", n, tc.cacheSize)
			}
			select {
			case err := <-errs:
				t.Errorf("a workflow task failed: %v", err)
			default:
			}
		})
	}
}

// waitForCompletedTask waits until the run's history has the given number
// of signals and ends with a completed workflow task (or the run closed).
func waitForCompletedTask(ctx context.Context, t *testing.T, c *client.Client, run *client.WorkflowRun, signals int) {
	t.Helper()
	for ctx.Err() == nil {
		resp, err := c.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
			Namespace: c.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: run.ID(), RunId: run.RunID()},
		})
		if err != nil {
			t.Fatal(err)
		}
		events := resp.GetHistory().GetEvents()
		seen := 0
		for _, e := range events {
			if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED {
				seen++
			}
		}
		switch events[len(events)-1].GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
			if seen == signals {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: no completed task after signal %d: %v", run.ID(), signals, ctx.Err())
}

// TestAStickyTaskWithoutTheCachedRunFetchesTheWholeHistory hands the
// handler a task that carries only the events since the run's last task,
// as a sticky task does, with nothing cached: the handler must fetch the
// history from the first event and complete the task.
func TestAStickyTaskWithoutTheCachedRunFetchesTheWholeHistory(t *testing.T) {
	c := dial(t)
	r := NewRegistry()
	if err := r.RegisterWorkflowWithOptions(countTicks, RegisterWorkflowOptions{Name: "CountTicks"}); err != nil {
		t.Fatal(err)
	}
	service := &pagingService{WorkflowServiceClient: c.WorkflowService()}
	h := newHandler(c, service, r)
	taskQueue := testenv.UniqueID(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "CountTicks", 1)
	if err != nil {
		t.Fatal(err)
	}
	poll := func() *workflowservice.PollWorkflowTaskQueueResponse {
		for {
			task, err := c.WorkflowService().PollWorkflowTaskQueue(ctx, &workflowservice.PollWorkflowTaskQueueRequest{
				Namespace: c.Namespace(), TaskQueue: &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(task.GetTaskToken()) != 0 {
				return task
			}
		}
	}
	if err := h.handle(ctx, poll()); err != nil {
		t.Fatal(err)
	}
	if err := c.SignalWorkflow(ctx, run.ID(), "", "tick", 7); err != nil {
		t.Fatal(err)
	}
	task := poll()
	var since []*historypb.HistoryEvent
	for _, e := range task.GetHistory().GetEvents() {
		if e.GetEventId() > task.GetPreviousStartedEventId() {
			since = append(since, e)
		}
	}
	task.History = &historypb.History{Events: since}
	if err := h.handle(ctx, task); err != nil {
		t.Fatal(err)
	}
	var got int
	if err := run.Get(ctx, &got); err != nil || got != 7 {
		t.Fatalf("result %d, %v; want 7", got, err)
	}
	if service.pages.Load() == 0 {
		t.Error("the whole history was not fetched")
	}
}

// TestStickyTasksCarryOnlyNewEvents names a sticky queue in completions
// and polls it next to the normal queue: the run's later tasks come from
// the sticky queue with only the events since its last task, and the
// cached run goes on with them.
func TestStickyTasksCarryOnlyNewEvents(t *testing.T) {
	c := dial(t)
	r, starts := countingTicks(t)
	taskQueue := testenv.UniqueID(t)
	normal := &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL}
	sticky := &taskqueuepb.TaskQueue{Name: taskQueue + "-sticky", Kind: enumspb.TASK_QUEUE_KIND_STICKY, NormalName: taskQueue}
	h := newHandler(c, c.WorkflowService(), r)
	h.cache = newStickyCache(1, h.closer)
	h.sticky = &taskqueuepb.StickyExecutionAttributes{WorkerTaskQueue: sticky, ScheduleToStartTimeout: durationpb.New(5 * time.Second)}
	defer h.cache.clear()

	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var (
		wg      sync.WaitGroup
		partial atomic.Int32
		errs    = make(chan error, 1)
	)
	for _, q := range []*taskqueuepb.TaskQueue{normal, sticky} {
		wg.Go(func() {
			for ctx.Err() == nil {
				pollCtx, stop := context.WithTimeout(ctx, 5*time.Second)
				task, err := c.WorkflowService().PollWorkflowTaskQueue(pollCtx, &workflowservice.PollWorkflowTaskQueueRequest{Namespace: c.Namespace(), TaskQueue: q, Identity: "sticky-test"})
				if err == nil && len(task.GetTaskToken()) != 0 {
					if task.GetHistory().GetEvents()[0].GetEventId() != 1 {
						partial.Add(1)
					}
					err = h.handle(pollCtx, task)
				}
				stop()
				if err != nil && ctx.Err() == nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	defer wg.Wait()
	defer cancel()

	const signals = 3
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "CountTicks", signals)
	if err != nil {
		t.Fatal(err)
	}
	for s := range signals {
		waitForCompletedTask(ctx, t, c, run, s)
		if err := c.SignalWorkflow(ctx, run.ID(), "", "tick", s+1); err != nil {
			t.Fatal(err)
		}
	}
	var got int
	if err := run.Get(ctx, &got); err != nil || got != 1+2+3 {
		t.Fatalf("result %d, %v; want 6", got, err)
	}
	if partial.Load() == 0 {
		t.Error("no task came with a partial history: the sticky queue was not used")
	}
	if starts.Load() != 1 {
		t.Errorf("the workflow function started %d times, want 1", starts.Load())
	}
	select {
	case err := <-errs:
		t.Errorf("a workflow task failed: %v", err)
	default:
	}
}

// countingTicks registers countTicks and counts how often the workflow
// function starts: once per run rebuilt from history.
func countingTicks(t *testing.T) (*Registry, *atomic.Int32) {
	t.Helper()
	starts := new(atomic.Int32)
	r := NewRegistry()
	if err := r.RegisterWorkflowWithOptions(func(ctx workflow.Context, n int) (int, error) {
		starts.Add(1)
		return countTicks(ctx, n)
	}, RegisterWorkflowOptions{Name: "CountTicks"}); err != nil {
		t.Fatal(err)
	}
	return r, starts
}

// discardingService answers every completion as a server that discarded
// the task (as it does with a speculative task that only rejected
// updates).
type discardingService struct {
	workflowservice.WorkflowServiceClient
}

func (s discardingService) RespondWorkflowTaskCompleted(ctx context.Context, in *workflowservice.RespondWorkflowTaskCompletedRequest, opts ...grpc.CallOption) (*workflowservice.RespondWorkflowTaskCompletedResponse, error) {
	resp, err := s.WorkflowServiceClient.RespondWorkflowTaskCompleted(ctx, in, opts...)
	if err == nil {
		resp.ResetHistoryEventId = 3
	}
	return resp, err
}

// TestADiscardedTaskThatCannotBeRewoundDropsTheCachedRun: a server that
// claims to discard a task other than a speculative one (here the run's
// first task, reset to its own started event) leaves the run in a state no
// rewind can reach; it is rebuilt from history next time.
func TestADiscardedTaskThatCannotBeRewoundDropsTheCachedRun(t *testing.T) {
	c := dial(t)
	r := NewRegistry()
	if err := r.RegisterWorkflowWithOptions(countTicks, RegisterWorkflowOptions{Name: "countTicks"}); err != nil {
		t.Fatal(err)
	}
	h := newHandler(c, discardingService{c.WorkflowService()}, r)
	h.cache = newStickyCache(10, h.closer)
	taskQueue := testenv.UniqueID(t)
	if _, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "countTicks", 5); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if ok, err := pollOnce(ctx, c, taskQueue, h); !ok || err != nil {
		t.Fatalf("poll: %v, %v", ok, err)
	}
	if n := h.cache.count(); n != 0 {
		t.Errorf("%d runs cached after the server discarded the task, want 0", n)
	}
}

// TestASecondTaskForARunWaitsForTheFirst: the server sends a run's next
// task as soon as it has the last one's completion; the task that sent it
// may not have put the run back yet. The next task waits for it rather
// than miss the cache and rebuild the run.
func TestASecondTaskForARunWaitsForTheFirst(t *testing.T) {
	c := newStickyCache(10, newRunCloser(slog.New(slog.DiscardHandler)))
	first := c.checkout(t.Context(), "run")
	var put atomic.Bool
	got := make(chan bool)
	go func() {
		done := c.checkout(t.Context(), "run")
		defer done()
		got <- put.Load()
	}()
	time.Sleep(50 * time.Millisecond) // the second task arrives before the run is back
	put.Store(true)
	first()
	if !<-got {
		t.Error("the second checkout went ahead before the first task was done with the run")
	}
	other := c.checkout(t.Context(), "another run") // other runs never wait
	other()
}

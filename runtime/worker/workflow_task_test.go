package worker

import (
	"context"
	"errors"
	"log/slog"
	"strings"
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

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// pagingService counts the history pages a handler fetches.
type pagingService struct {
	workflowservice.WorkflowServiceClient
	pages atomic.Int32
}

func (s *pagingService) GetWorkflowExecutionHistory(ctx context.Context, in *workflowservice.GetWorkflowExecutionHistoryRequest, opts ...grpc.CallOption) (*workflowservice.GetWorkflowExecutionHistoryResponse, error) {
	s.pages.Add(1)
	return s.WorkflowServiceClient.GetWorkflowExecutionHistory(ctx, in, opts...)
}

func dial(t *testing.T) *client.Client { return testenv.Dial(t, server) }

func newHandler(c *client.Client, service workflowservice.WorkflowServiceClient, r *Registry) *workflowTaskHandler {
	return &workflowTaskHandler{
		service: service, namespace: c.Namespace(), identity: "workflow-task-test", registry: r,
		dataConverter: c.DataConverter(), failureConverter: c.FailureConverter(),
		deadlockTimeout: time.Second, sdkMetadata: true, logger: slog.New(slog.DiscardHandler),
		closer: newRunCloser(slog.New(slog.DiscardHandler)),
	}
}

// pollOnce polls taskQueue for one workflow task and hands it to h; it
// returns false when the poll came back empty.
func pollOnce(ctx context.Context, c *client.Client, taskQueue string, h *workflowTaskHandler) (bool, error) {
	task, err := c.WorkflowService().PollWorkflowTaskQueue(ctx, &workflowservice.PollWorkflowTaskQueueRequest{
		Namespace: c.Namespace(),
		TaskQueue: &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
		Identity:  "workflow-task-test",
	})
	if err != nil || len(task.GetTaskToken()) == 0 {
		return false, err
	}
	return true, h.handle(ctx, task)
}

// drive polls until ctx ends, collecting task errors.
func drive(ctx context.Context, t *testing.T, wg *sync.WaitGroup, c *client.Client, taskQueue string, h *workflowTaskHandler, errs chan<- error) {
	wg.Go(func() {
		for ctx.Err() == nil {
			pollCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := pollOnce(pollCtx, c, taskQueue, h)
			cancel()
			if err != nil && ctx.Err() == nil {
				t.Log(err)
				select {
				case errs <- err:
				default:
				}
			}
		}
	})
}

// countTicks returns the sum of n "tick" signals; its "count" query says
// how many it has received so far.
func countTicks(ctx workflow.Context, n int) (int, error) {
	count, sum := 0, 0
	if err := workflow.SetQueryHandler(ctx, "count", func() (int, error) { return count, nil }); err != nil {
		return 0, err
	}
	ticks := workflow.GetSignalChannel(ctx, "tick")
	for ; count < n; count++ {
		var v int
		ticks.Receive(ctx, &v)
		sum += v
	}
	return sum, nil
}

func TestAHistoryOfSeveralPagesRunsAndIsQueried(t *testing.T) {
	c := dial(t)
	r := NewRegistry()
	if err := r.RegisterWorkflowWithOptions(countTicks, RegisterWorkflowOptions{Name: "CountTicks"}); err != nil {
		t.Fatal(err)
	}
	service := &pagingService{WorkflowServiceClient: c.WorkflowService()}
	h := newHandler(c, service, r)
	taskQueue := testenv.UniqueID(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	// 1,200 signals arrive before any worker polls: the first task's
	// history is longer than the page a poll carries.
	const n = 1200
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "CountTicks", n)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for i := range n {
		want += i
		if err := c.SignalWorkflow(ctx, run.ID(), "", "tick", i); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	drive(ctx, t, &wg, c, taskQueue, h, errs)
	defer wg.Wait()
	defer cancel()

	var got int
	if err := run.Get(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("result %d, want %d", got, want)
	}
	if service.pages.Load() == 0 {
		t.Error("no history page was fetched: the test no longer covers paging")
	}
	// A closed workflow is queried through a query task, answered from the
	// whole history.
	q, err := c.QueryWorkflow(ctx, client.QueryWorkflowOptions{WorkflowID: run.ID(), QueryType: "count"})
	if err != nil {
		t.Fatal(err)
	}
	var count int
	if err := q.Get(&count); err != nil || count != n {
		t.Errorf("query count = %d, %v; want %d", count, err, n)
	}
	_, err = c.QueryWorkflow(ctx, client.QueryWorkflowOptions{WorkflowID: run.ID(), QueryType: "nope"})
	if err == nil || !strings.Contains(err.Error(), "count") {
		t.Errorf("unknown query: %v, want an error listing the known query types", err)
	}
	select {
	case err := <-errs:
		t.Errorf("a workflow task failed: %v", err)
	default:
	}
}

func TestNondeterministicCodeFailsTheTaskAndTheWorkflowWaitsForAFix(t *testing.T) {
	c := dial(t)
	original := func(ctx workflow.Context) (string, error) {
		if err := workflow.Sleep(ctx, time.Millisecond); err != nil {
			return "", err
		}
		return "done", nil
	}
	changed := func(ctx workflow.Context) (string, error) {
		// A side effect where the history has a timer.
		workflow.SideEffect(ctx, func(workflow.Context) any { return 1 })
		if err := workflow.Sleep(ctx, time.Millisecond); err != nil {
			return "", err
		}
		return "changed", nil
	}
	registries := map[string]*Registry{}
	for name, fn := range map[string]any{"original": original, "changed": changed} {
		r := NewRegistry()
		if err := r.RegisterWorkflowWithOptions(fn, RegisterWorkflowOptions{Name: "Deploy"}); err != nil {
			t.Fatal(err)
		}
		registries[name] = r
	}
	taskQueue := testenv.UniqueID(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "Deploy")
	if err != nil {
		t.Fatal(err)
	}
	// The first task runs the original code: it starts a 1ms timer.
	next := func(r *Registry) error {
		for {
			polled, err := pollOnce(ctx, c, taskQueue, newHandler(c, c.WorkflowService(), r))
			if polled || err != nil {
				return err
			}
		}
	}
	if err := next(registries["original"]); err != nil {
		t.Fatal(err)
	}
	// The next task meets the changed code: it records a marker where the
	// history started a timer.
	err = next(registries["changed"])
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) || nde.WorkflowType != "Deploy" || nde.WorkflowID != run.ID() || nde.RunID != run.RunID() {
		t.Fatalf("task error %v, want a NondeterminismError naming the run", err)
	}
	desc, err := c.DescribeWorkflow(ctx, run.ID(), run.RunID())
	if err != nil {
		t.Fatal(err)
	}
	if desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Fatalf("status %v after a nondeterministic task, want running", desc.Status)
	}
	failed := false
	hist, err := c.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
		Namespace: c.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: run.ID(), RunId: run.RunID()},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range hist.GetHistory().GetEvents() {
		if a := ev.GetWorkflowTaskFailedEventAttributes(); a != nil {
			failed = a.GetCause() == enumspb.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR && strings.Contains(a.GetFailure().GetMessage(), "nondeterministic")
		}
	}
	if !failed {
		t.Error("history has no WorkflowTaskFailed with cause NON_DETERMINISTIC_ERROR and the reason")
	}
	// The fixed (original) code picks the retried task up and finishes.
	if err := next(registries["original"]); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil || got != "done" {
		t.Fatalf("result %q, %v; want done", got, err)
	}
}

// TestTaskFailuresLeaveTheWorkflowRunning checks the failures that are bugs
// in the worker's code, not in history: each fails the task with a reason
// the Temporal UI shows, and the workflow waits.
func TestTaskFailuresLeaveTheWorkflowRunning(t *testing.T) {
	c := dial(t)
	panics := NewRegistry()
	if err := panics.RegisterWorkflowWithOptions(func(workflow.Context) error {
		panic("the order has no items")
	}, RegisterWorkflowOptions{Name: "Work"}); err != nil {
		t.Fatal(err)
	}
	other := NewRegistry()
	if err := other.RegisterWorkflowWithOptions(func(workflow.Context) error { return nil }, RegisterWorkflowOptions{Name: "Other"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		registry *Registry
		reason   string
	}{
		{"panic", panics, "the order has no items"},
		{"unregistered", other, `workflow type "Work" is not registered (registered: Other)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			taskQueue := testenv.UniqueID(t)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "Work")
			if err != nil {
				t.Fatal(err)
			}
			h := newHandler(c, c.WorkflowService(), tc.registry)
			for polled := false; !polled; {
				if polled, err = pollOnce(ctx, c, taskQueue, h); polled && (err == nil || !strings.Contains(err.Error(), tc.reason)) {
					t.Fatalf("task error %v, want one saying %q", err, tc.reason)
				}
			}
			hist, err := c.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
				Namespace: c.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: run.ID(), RunId: run.RunID()},
			})
			if err != nil {
				t.Fatal(err)
			}
			var failure *historypb.WorkflowTaskFailedEventAttributes
			for _, ev := range hist.GetHistory().GetEvents() {
				if a := ev.GetWorkflowTaskFailedEventAttributes(); a != nil {
					failure = a
				}
				if ev.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED || ev.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED {
					t.Fatalf("the workflow closed: %v", ev.GetEventType())
				}
			}
			if failure.GetCause() != enumspb.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE || !strings.Contains(failure.GetFailure().GetMessage(), tc.reason) {
				t.Errorf("task failure %v %q, want UNHANDLED_FAILURE saying %q", failure.GetCause(), failure.GetFailure().GetMessage(), tc.reason)
			}
			if tc.name == "panic" && !strings.Contains(failure.GetFailure().GetStackTrace()+failure.GetFailure().GetMessage(), "workflow_task_test.go") {
				t.Errorf("the failure carries no stack pointing at the panic: %v", failure.GetFailure())
			}
		})
	}
}

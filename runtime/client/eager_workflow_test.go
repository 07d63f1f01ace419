package client_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	deploymentpb "go.temporal.io/api/deployment/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// fakeExecutor stands in for a worker of this process: it counts what the
// client does with the slots it hands out.
type fakeExecutor struct {
	queue string
	full  bool // no free slot
	mu    sync.Mutex
	// reserved, ran and released count slots; tasks are those run.
	reserved, ran, released int
	tasks                   []*workflowservice.PollWorkflowTaskQueueResponse
}

func (f *fakeExecutor) TaskQueue() string { return f.queue }

func (f *fakeExecutor) ReserveWorkflowTaskSlot() client.EagerWorkflowSlot {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.full {
		return nil
	}
	f.reserved++
	return fakeSlot{f}
}

func (f *fakeExecutor) counts() (reserved, ran, released int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reserved, f.ran, f.released
}

type fakeSlot struct{ f *fakeExecutor }

func (s fakeSlot) DeploymentOptions() *deploymentpb.WorkerDeploymentOptions { return nil }

func (s fakeSlot) Run(task *workflowservice.PollWorkflowTaskQueueResponse) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.ran++
	s.f.tasks = append(s.f.tasks, task)
}

func (s fakeSlot) Release() {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.released++
}

// startCalls records the StartWorkflowExecution requests and responses a
// client sends and receives.
type startCalls struct {
	mu    sync.Mutex
	reqs  []*workflowservice.StartWorkflowExecutionRequest
	resps []*workflowservice.StartWorkflowExecutionResponse
}

func (s *startCalls) interceptor(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	err := invoker(ctx, method, req, reply, cc, opts...)
	if start, ok := req.(*workflowservice.StartWorkflowExecutionRequest); ok {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.reqs = append(s.reqs, proto.Clone(start).(*workflowservice.StartWorkflowExecutionRequest))
		s.resps = append(s.resps, proto.Clone(reply.(*workflowservice.StartWorkflowExecutionResponse)).(*workflowservice.StartWorkflowExecutionResponse))
	}
	return err
}

// last returns the last start's request and response.
func (s *startCalls) last() (*workflowservice.StartWorkflowExecutionRequest, *workflowservice.StartWorkflowExecutionResponse) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs[len(s.reqs)-1], s.resps[len(s.resps)-1]
}

func TestEagerStartAsksOnlyWithAReservedSlotAndEndsEverySlot(t *testing.T) {
	calls := &startCalls{}
	c := dial(t, func(o *client.Options) {
		o.DialOptions = append(o.DialOptions, grpc.WithChainUnaryInterceptor(calls.interceptor))
	})
	if !c.ServerCapabilities().GetEagerWorkflowStart() {
		t.Fatal("the dev server does not offer eager workflow start; devserver should enable it")
	}
	ctx := t.Context()
	queue := uniqueID(t)
	opts := client.StartWorkflowOptions{ID: uniqueID(t), TaskQueue: queue, EnableEagerStart: true}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), opts.ID, "", "test over") })

	// No executor registered: a normal start.
	if _, err := c.StartWorkflow(ctx, opts, "typed.Eager"); err != nil {
		t.Fatal(err)
	}
	if req, _ := calls.last(); req.GetRequestEagerExecution() {
		t.Error("asked for eager execution with no worker of this process registered")
	}
	if err := c.TerminateWorkflow(ctx, opts.ID, "", "next case"); err != nil {
		t.Fatal(err)
	}

	// A registered executor with a free slot gets the first task.
	f := &fakeExecutor{queue: queue}
	other := &fakeExecutor{queue: queue + "-other"}
	c.RegisterEagerWorkflowExecutor(other)
	c.RegisterEagerWorkflowExecutor(f)
	c.RegisterEagerWorkflowExecutor(f) // once is enough
	run, err := c.StartWorkflow(ctx, opts, "typed.Eager")
	if err != nil {
		t.Fatal(err)
	}
	req, resp := calls.last()
	if !req.GetRequestEagerExecution() || resp.GetEagerWorkflowTask() == nil {
		t.Fatalf("eager start: asked %v, task in response %v", req.GetRequestEagerExecution(), resp.GetEagerWorkflowTask() != nil)
	}
	if reserved, ran, released := f.counts(); reserved != 1 || ran != 1 || released != 0 {
		t.Errorf("after an eager start: reserved %d, ran %d, released %d; want 1, 1, 0", reserved, ran, released)
	}
	if task := f.tasks[0]; task.GetWorkflowExecution().GetRunId() != run.RunID() || task.GetWorkflowType().GetName() != "typed.Eager" || len(task.GetHistory().GetEvents()) == 0 {
		t.Errorf("the task handed over is not the new run's first: %v", task.GetWorkflowExecution())
	}
	if reserved, _, _ := other.counts(); reserved != 0 {
		t.Error("an executor of another task queue was asked for a slot")
	}

	// The workflow is running: USE_EXISTING returns no task, so the slot
	// is released.
	opts.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
	if _, err := c.StartWorkflow(ctx, opts, "typed.Eager"); err != nil {
		t.Fatal(err)
	}
	if reserved, ran, released := f.counts(); reserved != 2 || ran != 1 || released != 1 {
		t.Errorf("after a start that found the workflow running: reserved %d, ran %d, released %d; want 2, 1, 1", reserved, ran, released)
	}
	// A start that fails releases its slot too.
	opts.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL
	var already *client.WorkflowAlreadyStartedError
	if _, err := c.StartWorkflow(ctx, opts, "typed.Eager"); !errors.As(err, &already) {
		t.Fatalf("a start that conflicts: %v, want a %T", err, already)
	}
	if reserved, ran, released := f.counts(); reserved != 3 || ran != 1 || released != 2 {
		t.Errorf("after a failed start: reserved %d, ran %d, released %d; want 3, 1, 2", reserved, ran, released)
	}

	// A full executor, a delayed start, or one without the option: no eager request.
	f.mu.Lock()
	f.full = true
	f.mu.Unlock()
	for _, tc := range []struct {
		name string
		edit func(*client.StartWorkflowOptions)
	}{
		{"no free slot", func(*client.StartWorkflowOptions) {}},
		{"start delay", func(o *client.StartWorkflowOptions) { o.StartDelay = time.Second }},
		{"option off", func(o *client.StartWorkflowOptions) { o.EnableEagerStart = false }},
	} {
		o := client.StartWorkflowOptions{ID: uniqueID(t), TaskQueue: queue, EnableEagerStart: true}
		tc.edit(&o)
		if tc.name != "no free slot" {
			f.mu.Lock()
			f.full = false
			f.mu.Unlock()
		}
		if _, err := c.StartWorkflow(ctx, o, "typed.Eager"); err != nil {
			t.Fatal(err)
		}
		_ = c.TerminateWorkflow(ctx, o.ID, "", "test over")
		if req, _ := calls.last(); req.GetRequestEagerExecution() {
			t.Errorf("%s: asked for eager execution", tc.name)
		}
	}
	if reserved, _, _ := f.counts(); reserved != 3 {
		t.Errorf("reserved %d slots in all, want 3: a delayed or plain start reserves none", reserved)
	}

	// Deregistered: no eager request.
	c.DeregisterEagerWorkflowExecutor(f)
	c.DeregisterEagerWorkflowExecutor(f) // a second time is harmless
	o := client.StartWorkflowOptions{ID: uniqueID(t), TaskQueue: queue, EnableEagerStart: true}
	if _, err := c.StartWorkflow(ctx, o, "typed.Eager"); err != nil {
		t.Fatal(err)
	}
	_ = c.TerminateWorkflow(ctx, o.ID, "", "test over")
	if req, _ := calls.last(); req.GetRequestEagerExecution() {
		t.Error("asked for eager execution after the executor was deregistered")
	}
}

package worker_test

import (
	"context"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// eagerStarts records whether each StartWorkflowExecution asked for eager
// execution and whether its response carried the first task.
type eagerStarts struct {
	mu           sync.Mutex
	asked, given []bool
}

func (e *eagerStarts) interceptor(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	err := invoker(ctx, method, req, reply, cc, opts...)
	if start, ok := req.(*workflowservice.StartWorkflowExecutionRequest); ok {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.asked = append(e.asked, start.GetRequestEagerExecution())
		e.given = append(e.given, reply.(*workflowservice.StartWorkflowExecutionResponse).GetEagerWorkflowTask() != nil)
	}
	return err
}

func (e *eagerStarts) last() (asked, given bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.asked[len(e.asked)-1], e.given[len(e.given)-1]
}

func greet(ctx workflow.Context, name string) (string, error) {
	if err := workflow.Sleep(ctx, time.Millisecond); err != nil {
		return "", err
	}
	return "hello " + name, nil
}

func TestEagerStartRunsTheFirstTaskOnTheWorkerOfThisProcess(t *testing.T) {
	calls := &eagerStarts{}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{
		HostPort: worker.DevServer().Address(), Namespace: worker.DevServer().Namespace(),
		DialOptions: []grpc.DialOption{grpc.WithChainUnaryInterceptor(calls.interceptor)},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Its own identity, so history tells a polled task (started by the
	// worker's identity) from an eager one (started by the client's).
	w, err := worker.New(c, testenv.UniqueID(t), worker.Options{Identity: "poller-" + c.Identity()})
	if err != nil {
		t.Fatal(err)
	}
	must(t, w.RegisterWorkflow(greet))
	start := func() (result string, asked, given bool) {
		t.Helper()
		id := testenv.UniqueID(t)
		run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue(), EnableEagerStart: true}, "greet", "eager")
		if err != nil {
			t.Fatal(err)
		}
		asked, given = calls.last()
		if !asked {
			// No worker takes it; leave nothing running.
			_ = c.TerminateWorkflow(ctx, id, "", "test over")
			return "", asked, given
		}
		if err := run.Get(ctx, &result); err != nil {
			t.Fatal(err)
		}
		// The first task was the one the start's response carried: the
		// start, not a poll, started it.
		events := history(t, c, id).GetEvents()
		if len(events) < 3 || events[2].GetEventType() != enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED {
			t.Fatalf("history does not begin with the first task's start: %v", events[:min(3, len(events))])
		}
		if by := events[2].GetWorkflowTaskStartedEventAttributes().GetIdentity(); by != c.Identity() {
			t.Errorf("the first task was started by %q, want the starting client %q", by, c.Identity())
		}
		return result, asked, given
	}

	if _, asked, _ := start(); asked {
		t.Error("asked for eager execution before the worker started")
	}
	must(t, w.Start(ctx))
	// Several in a row: each task frees its slot when done.
	for range 3 {
		result, asked, given := start()
		if !asked || !given || result != "hello eager" {
			t.Fatalf("eager start: asked %v, task in response %v, result %q", asked, given, result)
		}
	}
	stopCtx, cancelStop := context.WithTimeout(ctx, 30*time.Second)
	defer cancelStop()
	must(t, w.Stop(stopCtx))
	if _, asked, _ := start(); asked {
		t.Error("asked for eager execution after the worker stopped")
	}
}

// TestEagerTaskAfterStopIsFailedBackAndRunsElsewhere holds a start's
// response, carrying its eager task, until the worker that reserved the
// slot has stopped: the task must not run on the stopped worker, but go
// back to the server and on to another worker at once, not after the
// task timeout.
func TestEagerTaskAfterStopIsFailedBackAndRunsElsewhere(t *testing.T) {
	answered := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once // a retried start is held once
	hold := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		err := invoker(ctx, method, req, reply, cc, opts...)
		if _, ok := req.(*workflowservice.StartWorkflowExecutionRequest); ok {
			once.Do(func() {
				close(answered)
				<-release
			})
		}
		return err
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{
		HostPort: worker.DevServer().Address(), Namespace: worker.DevServer().Namespace(),
		DialOptions: []grpc.DialOption{grpc.WithChainUnaryInterceptor(hold)},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	queue := testenv.UniqueID(t)
	first, err := worker.New(c, queue, worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	must(t, first.RegisterWorkflow(greet))
	must(t, first.Start(ctx))

	id := testenv.UniqueID(t)
	type started struct {
		run *client.WorkflowRun
		err error
	}
	done := make(chan started, 1)
	go func() {
		run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: queue, EnableEagerStart: true, TaskTimeout: time.Minute}, "greet", "late")
		done <- started{run, err}
	}()
	<-answered
	must(t, first.Stop(ctx))
	close(release)
	s := <-done
	must(t, s.err)

	second, err := worker.New(dialServer(t), queue, worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	must(t, second.RegisterWorkflow(greet))
	must(t, second.Start(ctx))
	defer func() { must(t, second.Stop(context.WithoutCancel(ctx))) }()
	// Within the minute-long task timeout: the failed-back task was
	// scheduled again at once.
	getCtx, cancelGet := context.WithTimeout(ctx, 20*time.Second)
	defer cancelGet()
	var result string
	if err := s.run.Get(getCtx, &result); err != nil || result != "hello late" {
		t.Fatalf("Get: %q, %v", result, err)
	}
	if n := countEvents(t, c, id, "WorkflowTaskFailed"); n != 1 {
		t.Errorf("%d WorkflowTaskFailed events, want 1: the eager task failed back by the stopped worker", n)
	}
}

package worker

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// lateCompletions holds back the answer to a workflow task completion
// that hands over eager activity tasks until released, as a slow network
// would: the server has recorded the completion, the worker has not heard.
type lateCompletions struct {
	workflowservice.WorkflowServiceClient
	held    chan struct{}
	release chan struct{}
}

func (s *lateCompletions) RespondWorkflowTaskCompleted(ctx context.Context, req *workflowservice.RespondWorkflowTaskCompletedRequest, opts ...grpc.CallOption) (*workflowservice.RespondWorkflowTaskCompletedResponse, error) {
	resp, err := s.WorkflowServiceClient.RespondWorkflowTaskCompleted(ctx, req, opts...)
	if len(resp.GetActivityTasks()) > 0 {
		close(s.held)
		<-s.release
	}
	return resp, err
}

func TestAnEagerActivityHandedOverAfterStopIsRefusedForARetry(t *testing.T) {
	c := dial(t)
	taskQueue := "eager-after-stop-" + time.Now().Format("150405.000000")
	var ranOnStopped atomic.Int32
	register := func(r *Registry, ran *atomic.Int32) {
		if err := r.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
				StartToCloseTimeout: time.Minute, // a timeout the test could not wait out
				RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond},
			})
			return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "Greet"))
		}, RegisterWorkflowOptions{Name: "GreetOnce"}); err != nil {
			t.Fatal(err)
		}
		if err := r.RegisterActivityWithOptions(func(context.Context) (string, error) {
			ran.Add(1)
			return "hello", nil
		}, RegisterActivityOptions{Name: "Greet"}); err != nil {
			t.Fatal(err)
		}
	}

	w, err := New(c, taskQueue, Options{GracefulStopTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	register(w.Registry, &ranOnStopped)
	late := &lateCompletions{WorkflowServiceClient: w.service, held: make(chan struct{}), release: make(chan struct{})}
	w.service = late
	if err := w.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "GreetOnce")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-late.held:
	case <-time.After(20 * time.Second):
		t.Fatal("the workflow task never completed with an eager activity")
	}

	// Stop gives up on the workflow task waiting for its answer and goes
	// on to activities; the answer, with the activity task, comes after.
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if err := w.Stop(ctx); err == nil || !strings.Contains(err.Error(), "workflow tasks") {
		t.Errorf("Stop = %v, want it to report the workflow task still running", err)
	}
	close(late.release)
	w.workflowTasks.wait(context.Background())
	w.activityTasks.wait(context.Background())
	if n := ranOnStopped.Load(); n != 0 {
		t.Fatalf("the stopped worker ran the activity %d time(s)", n)
	}

	// The refusal is reported, so the server retries the activity at once
	// on the next worker rather than after the minute-long timeout.
	var ranOnNext atomic.Int32
	next, err := New(c, taskQueue, Options{})
	if err != nil {
		t.Fatal(err)
	}
	register(next.Registry, &ranOnNext)
	if err := next.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 10*time.Second)
		defer cancel()
		_ = next.Stop(ctx)
	}()
	resultCtx, cancelResult := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancelResult()
	var got string
	if err := run.Get(resultCtx, &got); err != nil || got != "hello" {
		t.Fatalf("result = %q, %v; want the next worker to finish the workflow", got, err)
	}
	if n := ranOnNext.Load(); n != 1 {
		t.Errorf("the next worker ran the activity %d times, want 1", n)
	}
}

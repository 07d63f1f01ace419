package worker

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// eagerRequestsSeen records, for each activity a workflow task completion
// schedules, whether the completion asked for eager execution.
type eagerRequestsSeen struct {
	workflowservice.WorkflowServiceClient
	mu    sync.Mutex
	eager map[string]bool
}

func (s *eagerRequestsSeen) RespondWorkflowTaskCompleted(ctx context.Context, req *workflowservice.RespondWorkflowTaskCompletedRequest, opts ...grpc.CallOption) (*workflowservice.RespondWorkflowTaskCompletedResponse, error) {
	s.mu.Lock()
	for _, c := range req.GetCommands() {
		if a := c.GetScheduleActivityTaskCommandAttributes(); a != nil {
			s.eager[a.GetActivityType().GetName()] = a.GetRequestEagerExecution()
		}
	}
	s.mu.Unlock()
	return s.WorkflowServiceClient.RespondWorkflowTaskCompleted(ctx, req, opts...)
}

// TestATaskQueueRateLimitTurnsEagerActivitiesOff: the server does not
// count eager activities against the task queue's rate limit, so the
// official SDK turns eager activities off when TaskQueueActivitiesPerSecond
// is set (internal/internal_worker.go:2994-2997; worker.go:383 "Eager
// activities will automatically be disabled if TaskQueueActivitiesPerSecond
// is set"). Here the worker still grants eager execution, and activities
// scheduled by its own workflows bypass the limit the option promises.
func TestATaskQueueRateLimitTurnsEagerActivitiesOff(t *testing.T) {
	c := dial(t)
	taskQueue := "rate-limited-eager-" + time.Now().Format("150405.000000")
	w, err := New(c, taskQueue, Options{TaskQueueActivitiesPerSecond: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterActivityWithOptions(func(context.Context) error { return nil }, RegisterActivityOptions{Name: "rateLimited"}); err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		return workflow.ExecuteActivity(ctx, "rateLimited").Get(ctx, nil)
	}, RegisterWorkflowOptions{Name: "rateLimitedWorkflow"}); err != nil {
		t.Fatal(err)
	}
	seen := &eagerRequestsSeen{eager: map[string]bool{}}
	startWrapped(t, w, func(s workflowservice.WorkflowServiceClient) workflowservice.WorkflowServiceClient {
		seen.WorkflowServiceClient = s
		return seen
	})
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue}, "rateLimitedWorkflow")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	seen.mu.Lock()
	defer seen.mu.Unlock()
	eager, ok := seen.eager["rateLimited"]
	if !ok {
		t.Fatal("no completion scheduled the activity")
	}
	if eager {
		t.Error("the completion asked for eager execution of an activity on a task queue with TaskQueueActivitiesPerSecond set")
	}
}

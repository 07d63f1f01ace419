package worker

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
)

// pollRecorder keeps the activity polls the worker sends.
type pollRecorder struct {
	workflowservice.WorkflowServiceClient
	mu    sync.Mutex
	polls []*workflowservice.PollActivityTaskQueueRequest
}

func (p *pollRecorder) PollActivityTaskQueue(ctx context.Context, req *workflowservice.PollActivityTaskQueueRequest, opts ...grpc.CallOption) (*workflowservice.PollActivityTaskQueueResponse, error) {
	p.mu.Lock()
	p.polls = append(p.polls, req)
	p.mu.Unlock()
	return p.WorkflowServiceClient.PollActivityTaskQueue(ctx, req, opts...)
}

// TestTaskQueueActivitiesPerSecondGoesWithEveryPoll: the server applies
// the task queue's activity rate its polls carry, so every activity poll
// carries Options.TaskQueueActivitiesPerSecond; without it, none does.
func TestTaskQueueActivitiesPerSecondGoesWithEveryPoll(t *testing.T) {
	for _, rate := range []float64{0, 12.5} {
		c := dial(t)
		w, err := New(c, "task-queue-rate-"+time.Now().Format("150405.000000"), Options{TaskQueueActivitiesPerSecond: rate})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.RegisterActivityWithOptions(func(context.Context) error { return nil }, RegisterActivityOptions{Name: "noop"}); err != nil {
			t.Fatal(err)
		}
		rec := &pollRecorder{WorkflowServiceClient: w.service}
		w.service = rec
		if err := w.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			rec.mu.Lock()
			n := len(rec.polls)
			rec.mu.Unlock()
			if n > 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := w.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
		cancel()
		rec.mu.Lock()
		if len(rec.polls) == 0 {
			t.Errorf("rate %v: no activity poll", rate)
		}
		for _, p := range rec.polls {
			got := p.GetTaskQueueMetadata().GetMaxTasksPerSecond()
			if (rate == 0 && got != nil) || (rate != 0 && got.GetValue() != rate) {
				t.Errorf("rate %v: a poll carried %v", rate, got)
			}
		}
		rec.mu.Unlock()
	}
}

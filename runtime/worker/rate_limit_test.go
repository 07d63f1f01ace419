package worker_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// startTimes records when each call of an activity began.
type startTimes struct {
	mu    sync.Mutex
	times []time.Time
}

func (s *startTimes) activity(context.Context, int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.times = append(s.times, time.Now())
	return nil
}

// span is the time from the first start to the last.
func (s *startTimes) span() (time.Duration, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.times) == 0 {
		return 0, 0
	}
	slices.SortFunc(s.times, func(a, b time.Time) int { return a.Compare(b) })
	return s.times[len(s.times)-1].Sub(s.times[0]), len(s.times)
}

// fanOut runs n calls of an activity at once, as activities or as local
// activities.
func fanOut(ctx workflow.Context, n int, local bool) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
	var fs []workflow.Future
	for i := range n {
		if local {
			fs = append(fs, workflow.ExecuteLocalActivity(ctx, "recordStart", i))
		} else {
			fs = append(fs, workflow.ExecuteActivity(ctx, "recordStart", i))
		}
	}
	for _, f := range fs {
		if err := f.Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

// TestWorkerRateLimitsSpaceActivityStarts: with a per-worker rate of 4 a
// second, 6 activities (or local activities) scheduled at once start over
// at least 5 intervals of a quarter second; a limiter cannot start them
// sooner, however fast the machine.
func TestWorkerRateLimitsSpaceActivityStarts(t *testing.T) {
	for _, local := range []bool{false, true} {
		name := map[bool]string{false: "activities", true: "local activities"}[local]
		t.Run(name, func(t *testing.T) {
			opts := worker.Options{DisableEagerActivities: true}
			if local {
				opts.WorkerLocalActivitiesPerSecond = 4
			} else {
				opts.WorkerActivitiesPerSecond = 4
			}
			var starts startTimes
			c := dialServer(t)
			w := startWorker(t, c, opts, func(w *worker.Worker) {
				must(t, w.RegisterActivityWithOptions(starts.activity, worker.RegisterActivityOptions{Name: "recordStart"}))
				must(t, w.RegisterWorkflow(fanOut))
			})
			if _, err := execute[any](t, c, w, client.StartWorkflowOptions{}, "fanOut", 6, local); err != nil {
				t.Fatal(err)
			}
			if span, n := starts.span(); n != 6 || span < 5*250*time.Millisecond-50*time.Millisecond {
				t.Errorf("%d %s started within %v; at 4 a second they take at least 1.25s", n, name, span)
			}
		})
	}
}

package worker_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func double(x int) (int, error) { return 2 * x, nil }

// scaleWorkflow runs three activities, waits for a "bonus" signal, runs
// one more and answers "progress" queries throughout.
func scaleWorkflow(ctx workflow.Context, n int) (int, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	sum, done := 0, 0
	if err := workflow.SetQueryHandler(ctx, "progress", func() (int, error) { return done, nil }); err != nil {
		return 0, err
	}
	for i := range 3 {
		v, err := workflow.Result[int](ctx, workflow.ExecuteActivity(ctx, double, n+i))
		if err != nil {
			return 0, err
		}
		sum += v
		done++
	}
	var bonus int
	workflow.GetSignalChannel(ctx, "bonus").Receive(ctx, &bonus)
	v, err := workflow.Result[int](ctx, workflow.ExecuteActivity(ctx, double, bonus))
	return sum + v, err
}

func TestFiftyWorkflowsCompleteWithTinyStickyCaches(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cache int
	}{{"no cache", worker.NoStickyCache}, {"cache of one", 1}} {
		t.Run(tc.name, func(t *testing.T) {
			c := dialServer(t)
			w := startWorker(t, c, worker.Options{StickyCacheSize: tc.cache}, func(w *worker.Worker) {
				must(t, w.RegisterWorkflow(scaleWorkflow))
				must(t, w.RegisterActivity(double))
			})
			const n = 50
			prefix := testenv.UniqueID(t)
			runs := make([]*client.WorkflowRun, n)
			for i := range n {
				run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", prefix, i), TaskQueue: w.TaskQueue()}, "scaleWorkflow", i*10)
				if err != nil {
					t.Fatal(err)
				}
				runs[i] = run
			}
			// Queries while the runs are in flight take either path:
			// a cached current run or a replay.
			for i := range n {
				if _, err := c.QueryWorkflow(t.Context(), client.QueryWorkflowOptions{WorkflowID: runs[i].ID(), QueryType: "progress"}); err != nil {
					t.Errorf("query %d: %v", i, err)
				}
				if err := c.SignalWorkflow(t.Context(), runs[i].ID(), "", "bonus", i); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			var wg sync.WaitGroup
			for i, run := range runs {
				wg.Go(func() {
					var got int
					if err := run.Get(ctx, &got); err != nil {
						t.Errorf("workflow %d: %v", i, err)
						return
					}
					if want := 2*(3*i*10+3) + 2*i; got != want {
						t.Errorf("workflow %d = %d, want %d", i, got, want)
					}
				})
			}
			wg.Wait()
			replays(t, c, runs[n-1].ID(), func(r *worker.Registry) { must(t, r.RegisterWorkflow(scaleWorkflow)) })
		})
	}
}

package worker_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// napThenWait sleeps briefly, then waits for "go": the shape of a run a
// worker keeps in its sticky cache.
func napThenWait(ctx workflow.Context) error {
	if err := workflow.Sleep(ctx, 10*time.Millisecond); err != nil {
		return err
	}
	workflow.GetSignalChannel(ctx, "go").Receive(ctx, nil)
	return nil
}

// TestGoroutinesReturnToTheBaselineAfterABurst: a burst of workflows
// leaves a worker with the goroutines it had before, within a few seconds
// of the last one completing. A worker that keeps a goroutine per burst
// task (or per cached run) grows with every burst.
func TestGoroutinesReturnToTheBaselineAfterABurst(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) { must(t, w.RegisterWorkflow(napThenWait)) })
	time.Sleep(500 * time.Millisecond) // polls in flight
	baseline := runtime.NumGoroutine()

	const n = 100
	runs := make([]*client.WorkflowRun, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range runs {
		wg.Go(func() {
			run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: fmt.Sprint(testenv.UniqueID(t), "-", i), TaskQueue: w.TaskQueue()}, "napThenWait")
			if err != nil {
				errs <- err
				return
			}
			runs[i] = run
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // every run asleep, then waiting in the cache
	for _, run := range runs {
		wg.Go(func() {
			if err := c.SignalWorkflow(t.Context(), run.ID(), "", "go", nil); err != nil {
				t.Error(err)
				return
			}
			if err := run.Get(t.Context(), nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if now := runtime.NumGoroutine(); now > baseline {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines 5 s after the burst, %d before it:\n%s", now, baseline, buf[:runtime.Stack(buf, true)])
	}
}

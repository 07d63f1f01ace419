package worker_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// A local activity attempt
// that timed out but ignores its context must not keep a local-activity
// slot: in the official SDK the slot is freed when the attempt is reported
// timed out. Here the next local activity (with a 3s schedule-to-close)
// must run.
func TestTimedOutLocalActivityFreesItsSlot(t *testing.T) {
	c := dialServer(t)
	release := make(chan struct{})
	w := startWorker(t, c, worker.Options{MaxConcurrentLocalActivities: 1}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(context.Context) error {
			<-release // deaf to its context
			return nil
		}, worker.RegisterActivityOptions{Name: "deafLA"}))
		must(t, w.RegisterActivityWithOptions(func(context.Context) (string, error) { return "quick", nil },
			worker.RegisterActivityOptions{Name: "quickLA"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			hung := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 200 * time.Millisecond,
				RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}})
			err1 := workflow.ExecuteLocalActivity(hung, "deafLA").Get(ctx, nil)
			quick := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{ScheduleToCloseTimeout: 3 * time.Second})
			r, err2 := workflow.Result[string](quick, workflow.ExecuteLocalActivity(quick, "quickLA"))
			return fmt.Sprintf("first failed=%v; second=%q err=%v", err1 != nil, r, err2), nil
		}, worker.RegisterWorkflowOptions{Name: "deafThenQuick"}))
	})
	t.Cleanup(func() { close(release) }) // runs before the worker's Stop
	opts := client.StartWorkflowOptions{TaskQueue: w.TaskQueue(), ID: "deafThenQuick-" + time.Now().Format("150405.000000")}
	run, err := c.StartWorkflow(t.Context(), opts, "deafThenQuick")
	must(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatalf("workflow did not finish: %v (the timed-out attempt still holds the only local-activity slot, and the second local activity's 3s schedule-to-close is not enforced while it waits for one)", err)
	}
	if !strings.Contains(got, `second="quick"`) {
		t.Errorf("result %q", got)
	}
}

// Once a local
// activity attempt has timed out and its workflow completed, the worker
// has reported everything; Stop should not block on the abandoned
// goroutine (the official SDK does not track it).
func TestStopDoesNotWaitForAbandonedLocalActivity(t *testing.T) {
	c := dialServer(t)
	release := make(chan struct{})
	defer close(release)
	w, err := worker.New(c, "abandoned-la-stop-"+time.Now().Format("150405.000000"), worker.Options{GracefulStopTimeout: time.Second})
	must(t, err)
	must(t, w.RegisterActivityWithOptions(func(context.Context) error {
		<-release // deaf to its context
		return nil
	}, worker.RegisterActivityOptions{Name: "deafLA"}))
	must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
		ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 200 * time.Millisecond,
			RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}})
		_ = workflow.ExecuteLocalActivity(ctx, "deafLA").Get(ctx, nil)
		return nil
	}, worker.RegisterWorkflowOptions{Name: "deafOnce"}))
	must(t, w.Start(t.Context()))
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{TaskQueue: w.TaskQueue(), ID: w.TaskQueue()}, "deafOnce")
	must(t, err)
	rctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	must(t, run.Get(rctx, nil))
	sctx, cancelStop := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancelStop()
	began := time.Now()
	if err := w.Stop(sctx); err != nil {
		t.Errorf("Stop after %v = %v; want nil: nothing the worker owes the server is running", time.Since(began).Round(time.Millisecond), err)
	}
}

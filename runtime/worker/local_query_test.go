package worker_test

import (
	"context"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func queryDuringLocalWorkflow(ctx workflow.Context, d time.Duration) (string, error) {
	state := "running the local activity"
	if err := workflow.SetQueryHandler(ctx, "state", func() (string, error) { return state, nil }); err != nil {
		return "", err
	}
	r, err := slowLocalWorkflow(ctx, d)
	state = "done"
	return r, err
}

// TestQueryIsAnsweredWhileALongLocalActivityRuns: a query that comes while
// a long local activity holds the workflow task rides on the task the
// next heartbeat starts, and that task's heartbeat answers it, long
// before the activity ends.
func TestQueryIsAnsweredWhileALongLocalActivityRuns(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(queryDuringLocalWorkflow))
		must(t, w.RegisterActivity(slowLocal))
	})
	id := testenv.UniqueID(t)
	const activity = 10 * time.Second
	// Heartbeats every 1.6 s: the query, sent at 1 s, comes with the task
	// of the first and is answered by the second, at about 3.2 s.
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue(), TaskTimeout: 2 * time.Second}, "queryDuringLocalWorkflow", activity)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	time.Sleep(time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	state, err := client.Query[string](ctx, c, id, "", "state")
	answered := time.Since(started)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("query answered after %v", answered)
	if state != "running the local activity" || answered > activity-3*time.Second {
		t.Errorf("query answered %q after %v; want the running state well before the %v activity ends", state, answered, activity)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if n := countEvents(t, c, id, "WorkflowTaskTimedOut"); n != 0 {
		t.Errorf("%d workflow task timeouts, want 0", n)
	}
}

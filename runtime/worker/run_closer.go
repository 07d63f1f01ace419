package worker

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// runCloser closes the worker's workflow runs, and keeps the ones it could
// not close. A run whose code never yields (a loop, a mutex, a sleep
// outside the workflow API) cannot be stopped from outside in Go: its
// goroutine runs on after the task failed. Every retry of the task would
// start the run again and leave one more such goroutine behind, so the
// worker refuses the run's tasks while an earlier execution of it still
// runs code, and says so in its log and metrics.
type runCloser struct {
	logger  *slog.Logger
	metrics *workerMetrics

	mu sync.Mutex
	// leftRunning holds, by run ID, the runs whose code is still running
	// after they were closed.
	leftRunning map[string]*leftRun
}

// leftRun is a run closed with code still running.
type leftRun struct {
	workflowType, workflowID string
	err                      *coroutine.LeftRunningError
}

func newRunCloser(logger *slog.Logger) *runCloser {
	return &runCloser{logger: logger, leftRunning: map[string]*leftRun{}}
}

// close ends x's coroutines. One that never yields is logged, counted and
// remembered, so the run's next tasks are refused until it ends.
func (c *runCloser) close(x *engine.Execution) {
	err := x.Close()
	if err == nil {
		return
	}
	info := x.Info()
	var left *coroutine.LeftRunningError
	if !errors.As(err, &left) {
		c.logger.Warn("worker: closing a workflow run failed", "workflow_type", info.WorkflowType, "workflow_id", info.WorkflowID, "run_id", info.RunID, "error", err)
		return
	}
	c.mu.Lock()
	c.leftRunning[info.RunID] = &leftRun{workflowType: info.WorkflowType, workflowID: info.WorkflowID, err: left}
	c.mu.Unlock()
	c.logger.Error("worker: workflow code never yielded and is left running; this worker refuses the run's tasks until it ends: fix the code, which must not loop or block outside the workflow API, and restart the worker",
		"workflow_type", info.WorkflowType, "workflow_id", info.WorkflowID, "run_id", info.RunID, "coroutines", strings.Join(left.Coroutines(), ", "))
	c.metrics.coroutinesLeftRunning(info.WorkflowType, len(left.Coroutines()))
}

// check returns a *RunLeftRunningError while an earlier execution of the
// run still runs code, and forgets runs whose code has ended since.
func (c *runCloser) check(runID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.leftRunning[runID]
	if !ok {
		return nil
	}
	if r.err.Ended() {
		delete(c.leftRunning, runID)
		return nil
	}
	return &RunLeftRunningError{WorkflowType: r.workflowType, WorkflowID: r.workflowID, RunID: runID, Coroutines: r.err.Coroutines()}
}

// RunLeftRunningError fails a workflow task whose run this worker closed
// earlier with code still running: code that never yielded. The worker
// takes no task of the run until that code ends, rather than leave one
// more goroutine behind per attempt; another worker, or this one once the
// code ends, runs the task.
type RunLeftRunningError struct {
	WorkflowType string
	WorkflowID   string
	RunID        string
	// Coroutines names the workflow goroutines still running.
	Coroutines []string
}

func (e *RunLeftRunningError) Error() string {
	return fmt.Sprintf("worker: workflow %s (ID %q, run %s) is refused: code of an earlier task never yielded and still runs on this worker (%s); fix the code, which must not loop or block outside the workflow API, and restart the worker",
		e.WorkflowType, e.WorkflowID, e.RunID, strings.Join(e.Coroutines, ", "))
}

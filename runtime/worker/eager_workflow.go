package worker

import (
	"context"
	"errors"

	deploymentpb "go.temporal.io/api/deployment/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// errEagerWorkflowAfterStop refuses the first task of a workflow that a
// start in this process asked to run eagerly, when the start's response
// came after the worker had begun waiting for its last workflow tasks.
var errEagerWorkflowAfterStop = errors.New("worker: the eagerly started workflow's first task arrived after the worker stopped; the task is retried through the task queue")

// eagerWorkflows is the worker's side of eager workflow start: the client
// reserves one of the worker's workflow-task slots before it asks the
// server to return a new workflow's first task in the start's response,
// and hands that task here, to run like a polled one. Registered with the
// client at Start, withdrawn at Stop.
type eagerWorkflows struct {
	w          *Worker
	slots      chan struct{}
	executors  *executors
	deployment *deploymentpb.WorkerDeploymentOptions
	handler    *workflowTaskHandler
	handle     func(*workflowservice.PollWorkflowTaskQueueResponse)
}

var _ client.EagerWorkflowExecutor = (*eagerWorkflows)(nil)

// TaskQueue is the worker's task queue.
func (e *eagerWorkflows) TaskQueue() string { return e.w.taskQueue }

// ReserveWorkflowTaskSlot takes a free workflow-task slot, the same slots
// the pollers take, so an eager task never runs beyond
// MaxConcurrentWorkflowTasks.
func (e *eagerWorkflows) ReserveWorkflowTaskSlot() client.EagerWorkflowSlot {
	if e.w.pollCtx.Err() != nil {
		return nil
	}
	select {
	case e.slots <- struct{}{}:
		return &eagerWorkflowSlot{e: e}
	default:
		return nil
	}
}

// eagerWorkflowSlot is one reserved slot.
type eagerWorkflowSlot struct {
	e *eagerWorkflows
}

// DeploymentOptions are the worker's Worker Deployment options, nil
// without deployment versioning.
func (s *eagerWorkflowSlot) DeploymentOptions() *deploymentpb.WorkerDeploymentOptions {
	return s.e.deployment
}

// Release frees the slot.
func (s *eagerWorkflowSlot) Release() { <-s.e.slots }

// Run runs task on the slot, on the executors polled tasks run on. A task
// that arrives once Stop waits for the last workflow tasks is failed back
// to the server instead, which schedules it again at once for another
// worker: running it then would outlive Stop.
func (s *eagerWorkflowSlot) Run(task *workflowservice.PollWorkflowTaskQueueResponse) {
	e := s.e
	w := e.w
	w.eagerMu.Lock()
	closed := w.eagerWorkflowsClosed
	if !closed {
		w.metrics.slot("WorkflowWorker", 1)
		e.executors.run(w.pollCtx, &w.workflowTasks, func() {
			defer func() {
				w.metrics.slot("WorkflowWorker", -1)
				<-e.slots
			}()
			e.handle(task)
		})
	}
	w.eagerMu.Unlock()
	if closed {
		<-e.slots
		// On the start's goroutine, which this delays by one call, in a
		// race that only a stopping worker runs.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(w.taskCtx), respondTimeout)
		defer cancel()
		w.logger.Warn("an eagerly started workflow's first task arrived after the worker stopped; failed back to the server, which schedules it again",
			"workflow_id", task.GetWorkflowExecution().GetWorkflowId(), "error", e.handler.fail(ctx, task, errEagerWorkflowAfterStop))
	}
}

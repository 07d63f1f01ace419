package client

import (
	"slices"
	"sync"

	deploymentpb "go.temporal.io/api/deployment/v1"
	"go.temporal.io/api/workflowservice/v1"
)

// EagerWorkflowExecutor is a worker of this process, offered to the client
// so that a start with [StartWorkflowOptions.EnableEagerStart] can ask the
// server for the new workflow's first task in its response and hand it
// over directly, instead of the worker polling it from the task queue.
//
// The client names no worker type, so that a service that only starts
// workflows links no worker code: a worker implements this interface and
// registers it with [Client.RegisterEagerWorkflowExecutor] when it starts,
// and deregisters it when it stops. runtime/worker does so for every
// worker that runs workflows.
type EagerWorkflowExecutor interface {
	// TaskQueue is the task queue whose workflow tasks the worker runs.
	TaskQueue() string
	// ReserveWorkflowTaskSlot reserves room for one workflow task, or
	// returns nil when the worker has none free or is stopping: the
	// client asks for eager execution only with a slot in hand, so the
	// server never hands this process a task it cannot run at once.
	ReserveWorkflowTaskSlot() EagerWorkflowSlot
}

// EagerWorkflowSlot is a workflow-task slot an [EagerWorkflowExecutor]
// reserved for one start. The client ends it exactly once: Run when the
// server's response carries the workflow's first task, Release when it
// carries none or the start failed.
type EagerWorkflowSlot interface {
	// DeploymentOptions are the worker's Worker Deployment version, sent
	// with the start so the server hands the task only to a worker it
	// would route the workflow to; nil for a worker without deployment
	// versioning.
	DeploymentOptions() *deploymentpb.WorkerDeploymentOptions
	// Run runs the task on the reserved slot, without blocking the start,
	// and frees the slot when the task is done.
	Run(task *workflowservice.PollWorkflowTaskQueueResponse)
	// Release frees the slot unused.
	Release()
}

// RegisterEagerWorkflowExecutor offers e's worker for eager workflow
// starts on its task queue. Registering the same executor again has no
// further effect.
func (c *Client) RegisterEagerWorkflowExecutor(e EagerWorkflowExecutor) {
	c.eagerWorkflows.register(e)
}

// DeregisterEagerWorkflowExecutor withdraws e: starts from then on do not
// reserve its slots. A slot reserved before still ends with Run or
// Release.
func (c *Client) DeregisterEagerWorkflowExecutor(e EagerWorkflowExecutor) {
	c.eagerWorkflows.deregister(e)
}

// eagerWorkflowExecutors holds the registered executors by task queue.
type eagerWorkflowExecutors struct {
	mu      sync.Mutex
	byQueue map[string][]EagerWorkflowExecutor
	// next rotates the first executor tried, so that several workers of a
	// queue in one process share eager tasks.
	next int
}

func (x *eagerWorkflowExecutors) register(e EagerWorkflowExecutor) {
	if e == nil {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	q := e.TaskQueue()
	if slices.Contains(x.byQueue[q], e) {
		return
	}
	if x.byQueue == nil {
		x.byQueue = map[string][]EagerWorkflowExecutor{}
	}
	x.byQueue[q] = append(x.byQueue[q], e)
}

func (x *eagerWorkflowExecutors) deregister(e EagerWorkflowExecutor) {
	if e == nil {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	q := e.TaskQueue()
	left := slices.DeleteFunc(slices.Clone(x.byQueue[q]), func(r EagerWorkflowExecutor) bool { return r == e })
	if len(left) == 0 {
		delete(x.byQueue, q)
		return
	}
	x.byQueue[q] = left
}

// reserve takes a slot from an executor of req's task queue and, when it
// got one, marks req for eager execution. It returns nil, leaving req
// alone, when no executor has a free slot.
func (x *eagerWorkflowExecutors) reserve(req *workflowservice.StartWorkflowExecutionRequest) EagerWorkflowSlot {
	x.mu.Lock()
	executors := slices.Clone(x.byQueue[req.GetTaskQueue().GetName()])
	x.next++
	first := x.next
	x.mu.Unlock()
	// Reserved outside the lock: an executor's reservation is its own
	// business and must not hold up other starts.
	for i := range executors {
		slot := executors[(first+i)%len(executors)].ReserveWorkflowTaskSlot()
		if slot == nil {
			continue
		}
		req.RequestEagerExecution = true
		req.EagerWorkerDeploymentOptions = slot.DeploymentOptions()
		return slot
	}
	return nil
}

// dispatch ends slot, if any: the task the server returned runs on it;
// without one, because the start failed, found the workflow running or the
// server chose not to, the slot is freed.
func (x *eagerWorkflowExecutors) dispatch(slot EagerWorkflowSlot, task *workflowservice.PollWorkflowTaskQueueResponse, startErr error) {
	if slot == nil {
		return
	}
	if startErr != nil || task == nil {
		slot.Release()
		return
	}
	slot.Run(task)
}

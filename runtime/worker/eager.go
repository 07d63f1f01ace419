package worker

import (
	"errors"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
)

// maxEagerActivities caps the activities one workflow task asks to run
// eagerly, as the official SDK does.
const maxEagerActivities = 3

// eagerActivities runs activities the server hands back in a workflow
// task's response (eager execution): a workflow's activity on this
// worker's own task queue then skips the activity poll, one round trip
// and one RPC fewer. Each request holds an activity slot until its task
// arrives or the response says it will not.
type eagerActivities struct {
	taskQueue string
	// slots are the worker's activity slots, shared with its pollers.
	slots chan struct{}
	// run runs an activity task that holds a slot, releasing it when done.
	run func(*workflowservice.PollActivityTaskQueueResponse)
	// stopping reports the worker is stopping: no new eager requests.
	stopping func() bool
	// refuse hands back, failed for a retry, a task the worker has no slot
	// for.
	refuse func(*workflowservice.PollActivityTaskQueueResponse, error)
}

// errNoEagerSlot refuses an eager activity task the server sent beyond
// those the worker asked for and had no free slot to run.
var errNoEagerSlot = errors.New("worker: the server handed over more eager activity tasks than the worker asked for, and no activity slot is free; the activity is retried through the task queue")

// request grants eager execution to up to maxEagerActivities of the
// commands' activities that asked for it (every one the workflow did not
// opt out) and run on this worker's task queue, one free slot each, and
// withdraws the request from the rest, so the server hands over only tasks
// the worker has room for. It returns how many slots it took. A nil
// receiver, a worker without eager activities, withdraws every request.
func (e *eagerActivities) request(commands []*commandpb.Command) int {
	reserved := 0
	for _, c := range commands {
		attrs := c.GetScheduleActivityTaskCommandAttributes()
		if c.GetCommandType() != enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK || !attrs.GetRequestEagerExecution() {
			continue
		}
		if e == nil || reserved == maxEagerActivities || attrs.GetTaskQueue().GetName() != e.taskQueue || e.stopping() || !e.reserve() {
			attrs.RequestEagerExecution = false
			continue
		}
		reserved++
	}
	return reserved
}

// reserve takes a free activity slot, if there is one.
func (e *eagerActivities) reserve() bool {
	select {
	case e.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// dispatch runs the activity tasks a response carried, on slots request
// took, and gives back the slots no task came for.
func (e *eagerActivities) dispatch(reserved int, tasks []*workflowservice.PollActivityTaskQueueResponse) {
	if e == nil {
		return
	}
	for _, t := range tasks[:min(len(tasks), reserved)] {
		e.run(t)
	}
	for range reserved - min(len(tasks), reserved) {
		<-e.slots
	}
	// More tasks than asked for: the server has recorded them started, so
	// dropping one would leave it to wait out its timeout. Run it on a
	// free slot, or hand it back at once.
	for _, t := range tasks[min(len(tasks), reserved):] {
		select {
		case e.slots <- struct{}{}:
			e.run(t)
		default:
			e.refuse(t, errNoEagerSlot)
		}
	}
}

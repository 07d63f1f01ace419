package worker

import (
	"errors"
	"slices"
	"testing"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
)

// TestEagerTasksBeyondTheRequestedAreRunOrHandedBack: the server has
// recorded every task it hands over as started, so none may be dropped.
// Tasks beyond those the worker asked for run on a free slot, or are
// refused at once so the server retries them.
func TestEagerTasksBeyondTheRequestedAreRunOrHandedBack(t *testing.T) {
	var ran, refused []string
	e := &eagerActivities{
		taskQueue: "q",
		slots:     make(chan struct{}, 2),
		stopping:  func() bool { return false },
		run:       func(task *workflowservice.PollActivityTaskQueueResponse) { ran = append(ran, task.GetActivityId()) },
		refuse: func(task *workflowservice.PollActivityTaskQueueResponse, err error) {
			if !errors.Is(err, errNoEagerSlot) {
				t.Errorf("refused with %v, want errNoEagerSlot", err)
			}
			refused = append(refused, task.GetActivityId())
		},
	}
	schedule := &commandpb.Command{
		CommandType: enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
		Attributes: &commandpb.Command_ScheduleActivityTaskCommandAttributes{ScheduleActivityTaskCommandAttributes: &commandpb.ScheduleActivityTaskCommandAttributes{
			ActivityId: "1", TaskQueue: &taskqueuepb.TaskQueue{Name: "q"}, RequestEagerExecution: true,
		}},
	}
	reserved := e.request([]*commandpb.Command{schedule})
	if reserved != 1 {
		t.Fatalf("reserved %d slots, want 1", reserved)
	}
	var tasks []*workflowservice.PollActivityTaskQueueResponse
	for _, id := range []string{"1", "2", "3"} {
		tasks = append(tasks, &workflowservice.PollActivityTaskQueueResponse{ActivityId: id})
	}
	e.dispatch(reserved, tasks)
	// The run func holds its slot (the real one releases it when done):
	// one was reserved, one was free for task 2, none for task 3.
	if len(ran) != 2 || ran[0] != "1" || ran[1] != "2" || len(refused) != 1 || refused[0] != "3" {
		t.Errorf("ran %v and refused %v; want [1 2] run and [3] handed back", ran, refused)
	}
}

// TestEagerRequestsAreGrantedOnlyWithASlot: the worker keeps the request
// of an activity on its own queue while it has a slot for it, and
// withdraws every other: one the workflow opted out of stays out, one for
// another queue or beyond the free slots goes through its queue, and a
// worker without eager activities withdraws them all, so the server never
// hands over a task no slot waits for.
func TestEagerRequestsAreGrantedOnlyWithASlot(t *testing.T) {
	schedule := func(id, queue string, eager bool) *commandpb.Command {
		return &commandpb.Command{
			CommandType: enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
			Attributes: &commandpb.Command_ScheduleActivityTaskCommandAttributes{ScheduleActivityTaskCommandAttributes: &commandpb.ScheduleActivityTaskCommandAttributes{
				ActivityId: id, TaskQueue: &taskqueuepb.TaskQueue{Name: queue}, RequestEagerExecution: eager,
			}},
		}
	}
	granted := func(cs []*commandpb.Command) (ids []string) {
		for _, c := range cs {
			if c.GetScheduleActivityTaskCommandAttributes().GetRequestEagerExecution() {
				ids = append(ids, c.GetScheduleActivityTaskCommandAttributes().GetActivityId())
			}
		}
		return ids
	}
	e := &eagerActivities{taskQueue: "q", slots: make(chan struct{}, 2), stopping: func() bool { return false }}
	cs := []*commandpb.Command{schedule("opted-out", "q", false), schedule("other-queue", "elsewhere", true),
		schedule("a", "q", true), schedule("b", "q", true), schedule("no-slot", "q", true)}
	if n := e.request(cs); n != 2 || !slices.Equal(granted(cs), []string{"a", "b"}) {
		t.Errorf("reserved %d, granted %v; want 2, [a b]", n, granted(cs))
	}
	var none *eagerActivities
	cs = []*commandpb.Command{schedule("a", "q", true)}
	if n := none.request(cs); n != 0 || len(granted(cs)) != 0 {
		t.Errorf("a worker without eager activities reserved %d and granted %v", n, granted(cs))
	}
}

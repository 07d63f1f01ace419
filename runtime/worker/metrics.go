package worker

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// workerMetrics reports the worker's events to Options.MetricsHandler.
// Every method is a no-op on a nil *workerMetrics: handlers built in
// tests have none.
type workerMetrics struct {
	h metrics.Handler
	// slots counts the slots in use per worker type, for the gauges;
	// the capacities give the free ones.
	workflowSlots, activitySlots       atomic.Int64
	workflowCapacity, activityCapacity int64
	// byTag caches the handler for each extra tag, so a task's metrics do
	// not build tag maps: key tag or activityTags, value metrics.Handler.
	byTag sync.Map
}

// newWorkerMetrics reports to h. A worker without a handler has no
// *workerMetrics at all, so its tasks pay nothing for metrics.
func newWorkerMetrics(h metrics.Handler, namespace, taskQueue string, workflowSlots, activitySlots int) *workerMetrics {
	return &workerMetrics{h: h.WithTags(map[string]string{"namespace": namespace, "task_queue": taskQueue}),
		workflowCapacity: int64(workflowSlots), activityCapacity: int64(activitySlots)}
}

// workflow is the handler a workflow's own metrics go to, tagged with its
// type; nil when the worker records no metrics.
func (m *workerMetrics) workflow(workflowType string) metrics.Handler {
	if m == nil {
		return nil
	}
	return m.tagged("workflow_type", workflowType)
}

// coroutinesLeftRunning counts workflow goroutines that never yielded and
// were left running when their run was closed.
func (m *workerMetrics) coroutinesLeftRunning(workflowType string, n int) {
	if m == nil {
		return
	}
	m.tagged("workflow_type", workflowType).Counter(metrics.WorkflowCoroutinesLeftRunning).Inc(int64(n))
}

// tag is one extra tag on a metric.
type tag struct{ key, value string }

func (m *workerMetrics) tagged(key, value string) metrics.Handler {
	k := tag{key, value}
	if h, ok := m.byTag.Load(k); ok {
		return h.(metrics.Handler)
	}
	h, _ := m.byTag.LoadOrStore(k, m.h.WithTags(map[string]string{key: value}))
	return h.(metrics.Handler)
}

// poll records a poll's outcome for a worker type.
func (m *workerMetrics) poll(workerType string, gotTask bool, err error) {
	if m == nil {
		return
	}
	// The official SDKs' names, which differ by worker type.
	workflows := workerType == "WorkflowWorker"
	var name string
	switch {
	case err != nil:
		name = metrics.PollFailed
	case gotTask && workflows:
		name = metrics.WorkflowTaskQueuePollSucceed
	case gotTask:
		name = metrics.ActivityPollSucceed
	case workflows:
		name = metrics.WorkflowTaskQueuePollEmpty
	default:
		name = metrics.ActivityPollNoTask
	}
	m.tagged("worker_type", workerType).Counter(name).Inc(1)
}

// slot moves the used-slot gauge of a worker type by delta.
func (m *workerMetrics) slot(workerType string, delta int64) {
	if m == nil {
		return
	}
	n, capacity := &m.activitySlots, m.activityCapacity
	if workerType == "WorkflowWorker" {
		n, capacity = &m.workflowSlots, m.workflowCapacity
	}
	used := n.Add(delta)
	h := m.tagged("worker_type", workerType)
	h.Gauge(metrics.WorkerTaskSlotsUsed).Update(float64(used))
	if capacity > 0 {
		h.Gauge(metrics.WorkerTaskSlotsAvailable).Update(float64(capacity - used))
	}
}

// workflowTaskWaited records how long a workflow task waited for a poll.
func (m *workerMetrics) workflowTaskWaited(task *workflowservice.PollWorkflowTaskQueueResponse) {
	if m == nil || task.GetScheduledTime() == nil || task.GetStartedTime() == nil {
		return
	}
	m.tagged("workflow_type", task.GetWorkflowType().GetName()).Timer(metrics.WorkflowTaskScheduleToStartLatency).
		Record(task.GetStartedTime().AsTime().Sub(task.GetScheduledTime().AsTime()))
}

// workflowClosed records a run that the completed commands closed, and
// its time from start to close.
func (m *workerMetrics) workflowClosed(workflowType string, commands []*commandpb.Command, started time.Time) {
	if m == nil || len(commands) == 0 {
		return
	}
	var name string
	switch commands[len(commands)-1].GetCommandType() {
	case enumspb.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
		name = metrics.WorkflowCompleted
	case enumspb.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
		name = metrics.WorkflowFailed
	case enumspb.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
		name = metrics.WorkflowCanceled
	case enumspb.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
		name = metrics.WorkflowContinueAsNew
	default:
		return
	}
	h := m.tagged("workflow_type", workflowType)
	h.Counter(name).Inc(1)
	if !started.IsZero() {
		h.Timer(metrics.WorkflowEndToEndLatency).Record(time.Since(started))
	}
}

// workflowTask records a processed workflow task.
func (m *workerMetrics) workflowTask(workflowType string, start time.Time, err error) {
	if m == nil {
		return
	}
	h := m.tagged("workflow_type", workflowType)
	h.Timer(metrics.WorkflowTaskExecutionLatency).Record(time.Since(start))
	if err != nil {
		h.Counter(metrics.WorkflowTaskExecutionFailed).Inc(1)
	}
}

// sticky records whether a task continued a cached run.
func (m *workerMetrics) sticky(workflowType string, hit bool) {
	if m == nil {
		return
	}
	name := metrics.StickyCacheMiss
	if hit {
		name = metrics.StickyCacheHit
	}
	m.tagged("workflow_type", workflowType).Counter(name).Inc(1)
}

// stickyEvictions counts runs the sticky cache pushed out to make room for
// others, which their next task then rebuilds from history.
func (m *workerMetrics) stickyEvictions(n int) {
	if m == nil || n == 0 {
		return
	}
	m.h.Counter(metrics.StickyCacheTotalForcedEviction).Inc(int64(n))
}

// cacheSize reports the sticky cache's size.
func (m *workerMetrics) cacheSize(n int) {
	if m == nil {
		return
	}
	m.h.Gauge(metrics.StickyCacheSize).Update(float64(n))
}

// activityTags is the key of the handler an activity's metrics go to.
type activityTags struct{ workflowType, activityType string }

// forActivity is the handler of a polled activity's metrics, tagged with
// its workflow and activity types, as the official SDK tags them.
func (m *workerMetrics) forActivity(task *workflowservice.PollActivityTaskQueueResponse) metrics.Handler {
	return m.forTypes(task.GetWorkflowType().GetName(), task.GetActivityType().GetName())
}

// forTypes is the handler tagged with a workflow and an activity type.
func (m *workerMetrics) forTypes(workflowType, activityType string) metrics.Handler {
	k := activityTags{workflowType, activityType}
	if h, ok := m.byTag.Load(k); ok {
		return h.(metrics.Handler)
	}
	h, _ := m.byTag.LoadOrStore(k, m.h.WithTags(map[string]string{"workflow_type": k.workflowType, "activity_type": k.activityType}))
	return h.(metrics.Handler)
}

// activity records an activity attempt that returned: its wait for a
// poll, its run, and a failure it will be reported as. A cancellation the
// workflow asked for and a benign error are no failure; a panic is counted
// apart too, as in the official SDK.
func (m *workerMetrics) activity(task *workflowservice.PollActivityTaskQueueResponse, start time.Time, err error, canceled bool) {
	if m == nil {
		return
	}
	h := m.forActivity(task)
	if s, t := task.GetCurrentAttemptScheduledTime(), task.GetStartedTime(); s != nil && t != nil {
		h.Timer(metrics.ActivityScheduleToStartLatency).Record(t.AsTime().Sub(s.AsTime()))
	}
	h.Timer(metrics.ActivityExecutionLatency).Record(time.Since(start))
	var panicErr *temporal.PanicError
	if errors.As(err, &panicErr) {
		h.Counter(metrics.ActivityTaskError).Inc(1)
	}
	if err != nil && !errors.Is(err, activity.ErrResultPending) && !canceled && !isBenign(err) {
		h.WithTags(activityErrorTag()).Counter(metrics.ActivityExecutionFailed).Inc(1)
	}
}

// activityErrorTag is the failure_reason the official SDK tags an
// activity's failures with.
func activityErrorTag() map[string]string {
	return map[string]string{"failure_reason": "activity_error"}
}

// activityFailed counts an attempt that ended past its deadline, which
// the server reports as timed out.
func (m *workerMetrics) activityFailed(task *workflowservice.PollActivityTaskQueueResponse) {
	if m == nil {
		return
	}
	m.forActivity(task).WithTags(activityErrorTag()).Counter(metrics.ActivityExecutionFailed).Inc(1)
}

// activitySucceeded records, once the server took an attempt's result,
// the time since the activity was first scheduled.
func (m *workerMetrics) activitySucceeded(task *workflowservice.PollActivityTaskQueueResponse) {
	if m == nil || task.GetScheduledTime() == nil {
		return
	}
	m.forActivity(task).Timer(metrics.ActivitySucceedEndToEndLatency).Record(time.Since(task.GetScheduledTime().AsTime()))
}

// unregisteredActivity counts a task for an activity type the worker does
// not register.
func (m *workerMetrics) unregisteredActivity(task *workflowservice.PollActivityTaskQueueResponse) {
	if m == nil {
		return
	}
	m.forActivity(task).Counter(metrics.UnregisteredActivityInvocation).Inc(1)
}

// localActivityStarted counts a local activity attempt, tagged, as every
// local activity metric is, with its workflow and activity types, as the
// official SDK tags them.
func (m *workerMetrics) localActivityStarted(workflowType, activityType string) {
	if m == nil {
		return
	}
	m.forTypes(workflowType, activityType).Counter(metrics.LocalActivityTotal).Inc(1)
}

// localActivity records a local activity attempt that returned: its run,
// and a failure, or the time since the activity was scheduled.
func (m *workerMetrics) localActivity(workflowType, activityType string, start, scheduled time.Time, err error) {
	if m == nil {
		return
	}
	h := m.forTypes(workflowType, activityType)
	h.Timer(metrics.LocalActivityExecutionLatency).Record(time.Since(start))
	if err != nil {
		h.Counter(metrics.LocalActivityExecutionFailed).Inc(1)
		return
	}
	h.Timer(metrics.LocalActivitySucceedEndToEndLatency).Record(time.Since(scheduled))
}

// localActivityCanceled counts a local activity attempt the workflow
// cancelled.
func (m *workerMetrics) localActivityCanceled(workflowType, activityType string) {
	if m == nil {
		return
	}
	m.forTypes(workflowType, activityType).Counter(metrics.LocalActivityExecutionCanceled).Inc(1)
}

// pollersStarted records a worker's start with its pollers of each type:
// as the official SDK, which runs a worker per kind of task, a start per
// worker type (worker_type WorkflowWorker, ActivityWorker) with its
// pollers.
func (m *workerMetrics) pollersStarted(workflowPollers, activityPollers int) {
	if m == nil {
		return
	}
	for _, p := range []struct {
		workerType, pollerType string
		n                      int
	}{{"WorkflowWorker", "workflow_task", workflowPollers}, {"ActivityWorker", "activity_task", activityPollers}} {
		if p.n == 0 {
			continue
		}
		m.tagged("worker_type", p.workerType).Counter(metrics.WorkerStart).Inc(1)
		h := m.tagged("poller_type", p.pollerType).WithTags(map[string]string{"worker_type": p.workerType})
		h.Counter(metrics.PollerStart).Inc(int64(p.n))
		h.Gauge(metrics.NumPollers).Update(float64(p.n))
	}
}

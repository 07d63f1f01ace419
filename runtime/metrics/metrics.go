package metrics

import "time"

// Handler creates metrics. Implementations must be safe for concurrent
// use; the worker asks for the same metric many times, so a handler
// should hand back cached instruments.
type Handler interface {
	// WithTags returns a handler whose metrics carry tags as well.
	WithTags(tags map[string]string) Handler
	Counter(name string) Counter
	Gauge(name string) Gauge
	Timer(name string) Timer
}

// Counter counts events.
type Counter interface{ Inc(delta int64) }

// Gauge reports a current value.
type Gauge interface{ Update(value float64) }

// Timer records durations.
type Timer interface{ Record(d time.Duration) }

// Nop records nothing; it is the worker's default.
var Nop Handler = nop{}

type nop struct{}

func (nop) WithTags(map[string]string) Handler { return nop{} }
func (nop) Counter(string) Counter             { return nop{} }
func (nop) Gauge(string) Gauge                 { return nop{} }
func (nop) Timer(string) Timer                 { return nop{} }
func (nop) Inc(int64)                          {}
func (nop) Update(float64)                     {}
func (nop) Record(time.Duration)               {}

// The names the worker reports under.
const (
	WorkflowTaskQueuePollSucceed = "temporal_workflow_task_queue_poll_succeed"
	WorkflowTaskQueuePollEmpty   = "temporal_workflow_task_queue_poll_empty"
	ActivityPollNoTask           = "temporal_activity_poll_no_task"
	WorkflowTaskExecutionLatency = "temporal_workflow_task_execution_latency"
	// WorkflowTaskScheduleToStartLatency is how long a workflow task
	// waited for a poll.
	WorkflowTaskScheduleToStartLatency = "temporal_workflow_task_schedule_to_start_latency"
	// The closes of workflows this worker ran, counted when the closing
	// task completed, and the time from the run's start to its close.
	WorkflowCompleted       = "temporal_workflow_completed"
	WorkflowFailed          = "temporal_workflow_failed"
	WorkflowCanceled        = "temporal_workflow_canceled"
	WorkflowContinueAsNew   = "temporal_workflow_continue_as_new"
	WorkflowEndToEndLatency = "temporal_workflow_endtoend_latency"
	// ActivityScheduleToStartLatency is how long an activity attempt
	// waited for a poll; ActivitySucceedEndToEndLatency the time from its
	// first scheduling to its success.
	ActivityScheduleToStartLatency = "temporal_activity_schedule_to_start_latency"
	ActivitySucceedEndToEndLatency = "temporal_activity_succeed_endtoend_latency"
	// The client's calls to the server, tagged with operation and
	// namespace (failures also with status_code): counts, failures and
	// latencies, long polls apart.
	Request            = "temporal_request"
	RequestFailure     = "temporal_request_failure"
	RequestLatency     = "temporal_request_latency"
	LongRequest        = "temporal_long_request"
	LongRequestFailure = "temporal_long_request_failure"
	LongRequestLatency = "temporal_long_request_latency"
	// Local activity attempts: started, failed, cancelled, and the time
	// from scheduling to success.
	LocalActivityTotal                  = "temporal_local_activity_total"
	LocalActivityExecutionFailed        = "temporal_local_activity_execution_failed"
	LocalActivityExecutionCanceled      = "temporal_local_activity_execution_cancelled"
	LocalActivitySucceedEndToEndLatency = "temporal_local_activity_succeed_endtoend_latency"
	// WorkerStart counts worker starts, PollerStart poller goroutines
	// started, and NumPollers is the pollers of a poller_type
	// (workflow_task, activity_task).
	WorkerStart = "temporal_worker_start"
	PollerStart = "temporal_poller_start"
	NumPollers  = "temporal_num_pollers"
	// WorkerTaskSlotsAvailable is the slots of a worker type left free.
	WorkerTaskSlotsAvailable    = "temporal_worker_task_slots_available"
	WorkflowTaskExecutionFailed = "temporal_workflow_task_execution_failed"
	StickyCacheHit              = "temporal_sticky_cache_hit"
	StickyCacheMiss             = "temporal_sticky_cache_miss"
	StickyCacheSize             = "temporal_sticky_cache_size"
	// StickyCacheTotalForcedEviction counts runs pushed out of a full
	// sticky cache.
	StickyCacheTotalForcedEviction = "temporal_sticky_cache_total_forced_eviction"
	ActivityExecutionLatency       = "temporal_activity_execution_latency"
	ActivityExecutionFailed        = "temporal_activity_execution_failed"
	// ActivityTaskError counts activity attempts that panicked, and
	// UnregisteredActivityInvocation tasks for an activity type the worker
	// does not register.
	ActivityTaskError              = "temporal_activity_task_error"
	UnregisteredActivityInvocation = "temporal_unregistered_activity_invocation"
	LocalActivityExecutionLatency  = "temporal_local_activity_execution_latency"
	WorkerTaskSlotsUsed            = "temporal_worker_task_slots_used"
	// CorruptedSignals counts signals dropped because their payload did
	// not decode into the type the workflow receives them as.
	CorruptedSignals = "temporal_corrupted_signals"
	// WorkflowCoroutinesLeftRunning counts workflow goroutines whose code
	// never yielded, left running when their run was closed; the worker
	// refuses the run's tasks until they end. workflowdef's own metric.
	WorkflowCoroutinesLeftRunning = "temporal_workflow_coroutines_left_running"
	// ActivityPollSucceed counts activity polls that brought a task, the
	// counterpart of WorkflowTaskQueuePollSucceed, which the official SDKs
	// do not report. workflowdef's own metric.
	ActivityPollSucceed = "temporal_activity_poll_succeed"
	// PollFailed counts polls that failed, tagged with worker_type; the
	// official SDKs count them only among all long requests
	// (temporal_long_request_failure). workflowdef's own metric.
	PollFailed = "temporal_poll_failed"
)

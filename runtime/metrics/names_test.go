package metrics_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/runtime/metrics"
)

// TestNamesAreTheOfficialSDKs: the names the official Go SDK also reports
// (v1.51.0, internal/common/metrics/constants.go) must be spelled as it
// spells them, or a migrated fleet's dashboards and alerts go blank.
func TestNamesAreTheOfficialSDKs(t *testing.T) {
	for name, official := range map[string]string{
		metrics.WorkflowTaskQueuePollSucceed:   "temporal_workflow_task_queue_poll_succeed",
		metrics.WorkflowTaskQueuePollEmpty:     "temporal_workflow_task_queue_poll_empty",
		metrics.ActivityPollNoTask:             "temporal_activity_poll_no_task",
		metrics.WorkflowTaskExecutionLatency:   "temporal_workflow_task_execution_latency",
		metrics.WorkflowTaskExecutionFailed:    "temporal_workflow_task_execution_failed",
		metrics.StickyCacheHit:                 "temporal_sticky_cache_hit",
		metrics.StickyCacheMiss:                "temporal_sticky_cache_miss",
		metrics.StickyCacheSize:                "temporal_sticky_cache_size",
		metrics.ActivityExecutionLatency:       "temporal_activity_execution_latency",
		metrics.ActivityExecutionFailed:        "temporal_activity_execution_failed",
		metrics.LocalActivityExecutionLatency:  "temporal_local_activity_execution_latency",
		metrics.WorkerTaskSlotsUsed:            "temporal_worker_task_slots_used",
		metrics.CorruptedSignals:               "temporal_corrupted_signals",
		metrics.ActivityTaskError:              "temporal_activity_task_error",
		metrics.UnregisteredActivityInvocation: "temporal_unregistered_activity_invocation",
	} {
		if name != official {
			t.Errorf("%s: the official SDK reports it as %s", name, official)
		}
	}
}

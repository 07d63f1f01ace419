package main

import (
	"sync"
	"time"

	sdkclient "go.temporal.io/sdk/client"

	wdmetrics "github.com/workflowdef/workflowdef/runtime/metrics"
)

// taskTimer keeps a worker's own workflow-task execution times: the
// temporal_workflow_task_execution_latency timer, which both SDKs record
// from having a task in hand (and its run's lock) to having its completion
// ready, before the call that reports it. It is the part of a workflow
// task's started-to-completed time that the worker alone controls: the
// rest is the poll response's and the report's trips and the server's
// queues.
type taskTimer struct {
	mu    sync.Mutex
	times []time.Duration
}

// Record implements both SDKs' timer.
func (t *taskTimer) Record(d time.Duration) {
	t.mu.Lock()
	t.times = append(t.times, d)
	t.mu.Unlock()
}

// take returns the times recorded since the last take.
func (t *taskTimer) take() []time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	times := t.times
	t.times = nil
	return times
}

// taskTimeName is the timer both SDKs record a workflow task's execution
// time in.
const taskTimeName = wdmetrics.WorkflowTaskExecutionLatency

// oursTaskTimes is a workflowdef metrics handler that keeps only the
// workflow-task execution times.
type oursTaskTimes struct{ t *taskTimer }

func (h oursTaskTimes) WithTags(map[string]string) wdmetrics.Handler { return h }
func (h oursTaskTimes) Counter(string) wdmetrics.Counter             { return wdmetrics.Nop.Counter("") }
func (h oursTaskTimes) Gauge(string) wdmetrics.Gauge                 { return wdmetrics.Nop.Gauge("") }
func (h oursTaskTimes) Timer(name string) wdmetrics.Timer {
	if name == taskTimeName {
		return h.t
	}
	return wdmetrics.Nop.Timer("")
}

// officialTaskTimes is the same handler for the official SDK.
type officialTaskTimes struct{ t *taskTimer }

func (h officialTaskTimes) WithTags(map[string]string) sdkclient.MetricsHandler { return h }
func (h officialTaskTimes) Counter(name string) sdkclient.MetricsCounter {
	return sdkclient.MetricsNopHandler.Counter(name)
}
func (h officialTaskTimes) Gauge(name string) sdkclient.MetricsGauge {
	return sdkclient.MetricsNopHandler.Gauge(name)
}
func (h officialTaskTimes) Timer(name string) sdkclient.MetricsTimer {
	if name == taskTimeName {
		return h.t
	}
	return sdkclient.MetricsNopHandler.Timer(name)
}

// metricsOrNil is the workflowdef worker's handler for times: none (the
// worker's default) without them.
func metricsOrNil(times *taskTimer) wdmetrics.Handler {
	if times == nil {
		return nil
	}
	return oursTaskTimes{times}
}

// Command workerbench measures the workflowdef worker next to the official
// Go SDK's worker (go.temporal.io/sdk), configured alike, and prints a
// markdown report to stdout (progress goes to stderr): the goals of
// ours / official first, then a table per server configuration and load
// client.
//
//	cd bench && go run ./cmd/workerbench              # the default run, about 25 minutes on 2 cores
//	cd bench && go run ./cmd/workerbench -workflows=100 -latency-workflows=50 \
//	    -latency-warmup=5 -cached-workflows=50 -rounds=1   # a quick look
//
// Server configurations: for each of -partitions (default 1,0) it starts a
// Temporal dev server of its own (package devserver, the CLI pinned in
// tools/temporal): one task queue partition, then the server's default
// (four). With TEMPORAL_ADDRESS set it measures that server alone.
//
// Load clients: on each server every measurement runs once with load
// generated through the workflowdef client and once through the official
// SDK's client (-load-clients, default ours,official): starting workflows,
// waiting for their results and signalling them. What the harness only
// observes (task queue statistics, DescribeWorkflowExecution while waiting
// for the sticky cache, the histories read afterwards) goes through the
// workflowdef client's raw gRPC service in both cases.
//
// Each worker runs in a child process of its own: the same binary
// re-executed with -role=worker -sdk=ours|official, which speaks JSON lines
// on stdout and takes commands (mem, goroutines, stop) on stdin. So the CPU
// time and memory read for a worker are the worker's alone.
//
// WORKERBENCH_PROFILE=<prefix> makes each worker process write CPU and heap
// profiles next to that prefix, for finding where a worker spends;
// WORKERBENCH_MEMPROFILERATE=512 makes the heap profiles fine-grained (and
// the worker slower, so not for CPU figures).
//
// Both workers get the same fixed pollers (the official one through
// NewPollerBehaviorSimpleMaximum, so poller autoscaling cannot enrol it),
// slots, sticky cache size (the official SDK's process-wide
// SetStickyWorkflowCacheSize), sticky timeout and eager activity execution
// (on, both SDKs' default; -eager-activities=false turns it off for both).
//
// Measurements, per server configuration, round, load client and SDK, each
// in a fresh worker process on a task queue of its own:
//
//   - drain: -workflows one-activity workflows are started, and the server
//     is given until its task queue statistics show them all in the
//     backlog (at most a minute); then the worker starts. The clock runs
//     from the worker process reporting its worker started until the last
//     result was read and checked. Throughput is workflows / that time.
//     CPU per workflow is the worker process's utime+stime
//     (/proc/<pid>/stat, all threads, 10 ms ticks) over the same span /
//     workflows. Peak RSS is the process's VmHWM (/proc/<pid>/status) at
//     the end of the drain. From the histories: each first workflow task's
//     wait (WorkflowTaskScheduled to WorkflowTaskStarted), counted from
//     its scheduling and from the worker's start, and the longest stall of
//     the normal queue: the longest time a first task waited, after the
//     worker started, while no other first task was started.
//   - latency: -callers closed-loop callers each start a one-activity
//     workflow and wait for its result, then start the next; after
//     -latency-warmup unmeasured workflows, -latency-workflows are timed
//     from the start call to the result. From their histories: every
//     workflow task's schedule-to-start (by the kind of queue its
//     WorkflowTaskScheduled event names, normal or sticky) and
//     started-to-completed (WorkflowTaskStarted to WorkflowTaskCompleted
//     event times). The worker process also keeps its own workflow-task
//     execution times over the measured workflows: the
//     temporal_workflow_task_execution_latency timer both SDKs record from
//     having a task in hand to having its completion ready, before the
//     call that reports it, through a metrics handler that keeps that
//     timer alone (installed for this phase only, in both workers). It is
//     the part of started-to-completed the worker alone controls. Percentiles use the nearest-rank method over the
//     samples of all rounds. Around the timed workflows it also reads the
//     worker's CPU and, for a server it started, the server process's CPU
//     and the server's Prometheus counters of workflow tasks given to polls
//     and of those sync-matched to a poll already waiting, per queue.
//   - cached memory, twice: once with workflows that block on a signal,
//     once with workflows that first sleep -cached-timer (a timer that
//     fires) and then block on the signal. The worker's goroutine count is
//     read when it is started and idle (the baseline). After a warm-up of
//     20, -cached-workflows workflows are started and left in the sticky
//     cache (each has completed its workflow tasks and has none pending,
//     checked with DescribeWorkflowExecution). The worker process reports
//     runtime.MemStats after two runtime.GC calls, before and after;
//     memory per cached workflow is the growth of HeapInuse+StackInuse
//     (workflow coroutines are goroutines, whose stacks are not in the
//     heap) / the count. Then they are signalled and must all complete;
//     from the moment the last result was read the worker's goroutines are
//     counted every 100 ms, for at least a second and until they are back
//     at the baseline or -goroutine-wait has passed.
//
// Every workflow's result is checked, and the histories of the drain and
// latency workflows are read afterwards for workflow tasks that timed out
// or failed (the per-round table shows the counts). Rounds alternate which
// load client and which SDK go first; the tables show medians over the
// rounds, percentiles over all rounds' samples, and the worst round for
// the drain's waits and the goroutines left over.
package main

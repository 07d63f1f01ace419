// Command workerbench measures the workflowdef worker next to the official
// Go SDK's worker (go.temporal.io/sdk), configured alike, against one
// Temporal server, and prints a markdown table of the results to stdout
// (progress goes to stderr).
//
//	cd bench && go run ./cmd/workerbench              # the default run, a few minutes
//	cd bench && go run ./cmd/workerbench -workflows=100 -latency-workflows=50 \
//	    -cached-workflows=50 -rounds=1                # a quick look
//
// It starts a Temporal dev server (package devserver, the CLI pinned in
// tools/temporal, with one task queue partition so a task never waits on a
// partition no poller watches) unless TEMPORAL_ADDRESS names one. Each
// worker runs in a child process of its own: the same binary re-executed
// with -role=worker -sdk=ours|official, which speaks JSON lines on stdout
// and takes commands (mem, stop) on stdin. So the CPU time and memory read
// for a worker are the worker's alone. The load (starting workflows,
// waiting for results, signals) comes from the parent, through the
// workflowdef client, the same for both SDKs.
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
// Measurements, per SDK and round, each in a fresh worker process on a task
// queue of its own:
//
//   - drain: -workflows one-activity workflows are started, and the server
//     is given until its task queue statistics show them all in the
//     backlog (at most a minute); then the worker starts. The clock runs
//     from the worker process reporting its worker started until the last
//     result was read and checked. Throughput is workflows / that time.
//     CPU per workflow is the worker process's utime+stime
//     (/proc/<pid>/stat, all threads, 10 ms ticks) over the same span /
//     workflows. Peak RSS is the process's VmHWM (/proc/<pid>/status) at
//     the end of the drain.
//   - latency: -callers closed-loop callers each start a one-activity
//     workflow and wait for its result, then start the next; after
//     -latency-warmup unmeasured workflows, -latency-workflows are timed
//     from the start call to the result. p50/p95/p99 use the nearest-rank
//     method over the samples of all rounds. Around the timed workflows
//     it also reads the worker's CPU and, for a server it started, the
//     server process's CPU and the server's Prometheus counters of
//     workflow tasks given to polls and of those sync-matched to a poll
//     already waiting, per queue: where the latency goes.
//   - cached memory: after a warm-up of 20, -cached-workflows workflows
//     that block on a signal are started and left in the sticky cache
//     (each has completed its first workflow task and has none pending,
//     checked with DescribeWorkflowExecution). The worker process reports
//     runtime.MemStats after two runtime.GC calls, before and after;
//     memory per cached workflow is the growth of HeapInuse+StackInuse
//     (workflow coroutines are goroutines, whose stacks are not in the
//     heap) / the count. Then they are signalled and must all complete.
//
// Every workflow's result is checked, and the histories of the drain and
// latency workflows are read afterwards for workflow tasks that timed out
// or failed (the per-round table shows the counts). Rounds alternate which
// SDK goes first; the main table shows medians over the rounds.
package main

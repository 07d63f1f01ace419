package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/runtime/client"
)

// serverSetupTimeout covers a first build of the Temporal CLI on a 2-core
// machine plus the server's startup.
const serverSetupTimeout = 20 * time.Minute

// cachedWarmup is how many waiting workflows go through the memory
// measurement's worker before its baseline, to warm its code paths.
const cachedWarmup = 20

// settle is the pause before reading the memory of a worker whose
// workflows have just completed their tasks: the task's last steps after
// the server recorded the completion (returning the run to the cache)
// finish meanwhile.
const settle = 500 * time.Millisecond

// backlogWait bounds the wait for a drain's tasks to reach the backlog.
const backlogWait = time.Minute

// idleSettle is how long a worker that just started is left idle before
// its goroutine baseline is read, so its polls are all waiting.
const idleSettle = time.Second

// goroutinePoll paces the readings of a worker's goroutines while they
// come back to their baseline.
const goroutinePoll = 100 * time.Millisecond

// bench is the parent on one server: the load generator and the
// measurements.
type bench struct {
	cfg benchConfig
	// observer reads what the harness only watches: task queue
	// statistics, descriptions and histories.
	observer *client.Client
	// load generates the load; loadName names its SDK.
	load     loadClient
	loadName string
	exe      string
	runID    string
	// partitions is the server configuration, for the task queue names.
	partitions int
	// serverPID and serverMetrics (host:port) are set when the benchmark
	// started the server; it then measures the server's side too.
	serverPID     int
	serverMetrics string
}

// drainResult is one drain measurement.
type drainResult struct {
	Elapsed time.Duration
	CPU     time.Duration
	PeakRSS int64
	n       int
	// settle is how long the server took to queue the started
	// workflows' first tasks.
	settle time.Duration
	// Tasks include the backlog's waits: first tasks were queued before
	// the worker started.
	Tasks taskTimes
	First firstTaskWaits
}

func (d drainResult) throughput() float64 { return float64(d.n) / d.Elapsed.Seconds() }

// cpuPerWorkflowMs is the worker's CPU milliseconds per workflow.
func (d drainResult) cpuPerWorkflowMs() float64 {
	return float64(d.CPU) / float64(time.Millisecond) / float64(d.n)
}

// cachedKind is a kind of workflow the memory measurement keeps cached.
type cachedKind int

const (
	// cachedSignal workflows block on a signal at once.
	cachedSignal cachedKind = iota
	// cachedTimer workflows fire a timer, then block on a signal.
	cachedTimer
	cachedKinds
)

func (k cachedKind) String() string {
	if k == cachedTimer {
		return "timer then signal"
	}
	return "signal only"
}

// cachedWorkload is what kind's measurement starts, and how many history
// events a run of it has once it waits for the signal in the cache.
func (b *bench) cachedWorkload(k cachedKind) (w workload, minEvents int64) {
	w = workload{
		workflowType: wfWaitSignal,
		args:         func(int) []any { return nil },
		want:         func(i int) string { return doneResult(strconv.Itoa(i)) },
	}
	if k == cachedTimer {
		w.workflowType = wfTimerSignal
		w.args = func(int) []any { return []any{b.cfg.CachedTimer} }
		// Then timer started, timer fired, and another workflow task
		// scheduled, started and completed.
		return w, 9
	}
	// Started, workflow task scheduled, started, completed.
	return w, 4
}

// memResult is one cached-workflow memory measurement.
type memResult struct {
	Before, Cached, After memStats
	n                     int
	// Goroutines is the worker's goroutine count after the measured
	// workflows completed.
	Goroutines goroutineReturn
}

// perWorkflowBytes is the growth of heap+stack in use per cached workflow.
func (m memResult) perWorkflowBytes() float64 {
	return (float64(m.Cached.inUse()) - float64(m.Before.inUse())) / float64(m.n)
}

// heapPerWorkflowBytes and stackPerWorkflowBytes split perWorkflowBytes.
func (m memResult) heapPerWorkflowBytes() float64 {
	return (float64(m.Cached.HeapInuse) - float64(m.Before.HeapInuse)) / float64(m.n)
}

func (m memResult) stackPerWorkflowBytes() float64 {
	return (float64(m.Cached.StackInuse) - float64(m.Before.StackInuse)) / float64(m.n)
}

func (m memResult) goroutinesPerWorkflow() float64 {
	return float64(m.Cached.Goroutines-m.Before.Goroutines) / float64(m.n)
}

// goroutineReturn is how a worker's goroutine count came back to its
// baseline after the cached workflows completed.
type goroutineReturn struct {
	// Baseline is the count of the worker started and idle, before any
	// workflow.
	Baseline int
	// AtCompletion is read when the last result had been read, AfterSecond
	// at the first reading a second or more later, Last at the last.
	AtCompletion, AfterSecond, Last int
	// Returned says a reading was at or below Baseline, Took after the
	// completion; if none was, Took is when the last was read.
	Returned bool
	Took     time.Duration
}

func (g goroutineReturn) String() string {
	back := fmt.Sprintf("not back within %v (%+d)", g.Took.Round(100*time.Millisecond), g.Last-g.Baseline)
	if g.Returned {
		back = fmt.Sprintf("back after %v", g.Took.Round(100*time.Millisecond))
	}
	return fmt.Sprintf("baseline %d; %+d at completion, %+d a second later; %s", g.Baseline, g.AtCompletion-g.Baseline, g.AfterSecond-g.Baseline, back)
}

// roundResult is one SDK's measurements in one round under one load
// client; a failed measurement has its error set instead.
type roundResult struct {
	Round      int
	LoadClient string
	SDK        string
	Drain      drainResult
	DrainErr   error
	Latency    latencyResult
	LatencyErr error
	Cached     [cachedKinds]memResult
	CachedErr  [cachedKinds]error
}

// configResult is one server configuration's measurements.
type configResult struct {
	// Partitions is the task queue partitions, 0 for the server's
	// default.
	Partitions int
	Server     serverInfo
	Results    []roundResult
	Took       time.Duration
	// Load is the machine's 1-minute load average before and after.
	Load [2]string
}

func runBench(ctx context.Context, cfg benchConfig) error {
	begin := time.Now()
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this program to run the workers: %w", err)
	}
	mach := machineInfo()
	partitions := cfg.Partitions
	if os.Getenv(devserver.EnvAddress) != "" && len(partitions) > 1 {
		logf("%s is set: measuring that server once, not one dev server per -partitions value", devserver.EnvAddress)
		partitions = partitions[:1]
	}
	var configs []configResult
	for _, p := range partitions {
		res, err := runConfig(ctx, cfg, exe, p)
		if err != nil {
			return err
		}
		configs = append(configs, res)
	}
	r := newReport(cfg, mach, configs, time.Now(), time.Since(begin))
	fmt.Print(r.markdown())
	if n := r.failures(); n > 0 {
		return fmt.Errorf("%d measurements failed; the errors are listed under the tables", n)
	}
	return nil
}

// runConfig runs every round on a server of its own with partitions task
// queue partitions.
func runConfig(ctx context.Context, cfg benchConfig, exe string, partitions int) (res configResult, err error) {
	begin := time.Now()
	res.Partitions = partitions
	res.Load[0] = loadAverage()
	server, err := startServer(ctx, cfg, partitions)
	if err != nil {
		return res, err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := server.Stop(stopCtx); err != nil {
			logf("stopping the Temporal server: %v", err)
		}
	}()
	cfg.Worker.Address, cfg.Worker.Namespace = server.Address(), server.Namespace()

	dialCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	observer, err := client.Dial(dialCtx, client.Options{HostPort: server.Address(), Namespace: server.Namespace(), Logger: logger})
	if err != nil {
		return res, err
	}
	defer observer.Close()
	info, err := observer.WorkflowService().GetSystemInfo(dialCtx, &workflowservice.GetSystemInfoRequest{})
	if err != nil {
		return res, fmt.Errorf("asking the server for its version: %w", err)
	}
	loads := map[string]loadClient{}
	for _, name := range cfg.LoadClients {
		l, err := dialLoadClient(dialCtx, name, server.Address(), server.Namespace(), logger)
		if err != nil {
			return res, err
		}
		defer l.Close()
		loads[name] = l
	}
	cancel()

	b := &bench{cfg: cfg, observer: observer, exe: exe, runID: newRunID(), partitions: partitions, serverPID: server.PID(), serverMetrics: server.MetricsAddress()}
	for round := range cfg.Rounds {
		for _, loadName := range alternate(cfg.LoadClients, round) {
			lb := *b
			lb.load, lb.loadName = loads[loadName], loadName
			for _, sdk := range alternate(cfg.SDKs, round) {
				if err := ctx.Err(); err != nil {
					return res, fmt.Errorf("interrupted: %w", err)
				}
				res.Results = append(res.Results, lb.measure(ctx, sdk, round))
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("interrupted: %w", err)
	}
	res.Server = serverInfo{Address: server.Address(), Started: server.Started(), Version: info.GetServerVersion()}
	res.Took, res.Load[1] = time.Since(begin), loadAverage()
	return res, nil
}

// startServer starts a dev server, or attaches to TEMPORAL_ADDRESS.
func startServer(ctx context.Context, cfg benchConfig, partitions int) (*devserver.Server, error) {
	modfile := cfg.TemporalModfile
	if modfile == "" {
		modfile = findToolModfile()
	}
	ctx, cancel := context.WithTimeout(ctx, serverSetupTimeout)
	defer cancel()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	opts := devserver.Options{ToolModfile: modfile, Logger: logger, DynamicConfig: map[string]any{}}
	if partitions > 0 {
		opts.DynamicConfig["matching.numTaskqueueReadPartitions"] = partitions
		opts.DynamicConfig["matching.numTaskqueueWritePartitions"] = partitions
	}
	for _, kv := range cfg.ServerConfig {
		opts.DynamicConfig[kv.Key] = kv.Value
	}
	s, err := devserver.FromEnv(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("no Temporal server: %w", err)
	}
	return s, nil
}

// findToolModfile returns tools/temporal/go.mod of the workflowdef checkout
// around the working directory, or "" (the devserver package then looks
// for the CLI itself).
func findToolModfile() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		path := filepath.Join(dir, "tools", "temporal", "go.mod")
		if _, err := os.Stat(path); err == nil {
			return path
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// alternate is the order SDKs (or load clients) run in a round: as given
// in even rounds, reversed in odd ones, so neither always meets a fresher
// server.
func alternate(names []string, round int) []string {
	order := slices.Clone(names)
	if round%2 == 1 {
		slices.Reverse(order)
	}
	return order
}

func newRunID() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b)
}

// taskQueue names a fresh task queue for one measurement.
func (b *bench) taskQueue(phase, sdk string, round int) string {
	return fmt.Sprintf("workerbench-%s-p%d-r%d-%s-%s-%s", b.runID, b.partitions, round+1, b.loadName, phase, sdk)
}

// measure runs the measurements of one SDK in one round, each with a
// worker process of its own.
func (b *bench) measure(ctx context.Context, sdk string, round int) roundResult {
	res := roundResult{Round: round, LoadClient: b.loadName, SDK: sdk}
	tag := fmt.Sprintf("%s, round %d/%d, %s client, %s worker", partitionsName(b.partitions), round+1, b.cfg.Rounds, b.loadName, sdk)

	logf("%s: drain of %d one-activity workflows", tag, b.cfg.Workflows)
	res.Drain, res.DrainErr = b.drain(ctx, b.taskQueue("drain", sdk, round), sdk)
	if res.DrainErr != nil {
		logf("%s: drain FAILED: %v", tag, res.DrainErr)
	} else {
		d := res.Drain
		logf("%s: drain %.1f workflows/s (%v; the backlog was complete after %v), %.3f CPU-ms/workflow, peak RSS %.1f MiB; first workflow tasks: longest wait %v (%v since the worker started), longest normal-queue stall %v; longest sticky wait %v; workflow tasks timed out/failed: %s",
			tag, d.throughput(), d.Elapsed.Round(time.Millisecond), d.settle.Round(time.Millisecond), d.cpuPerWorkflowMs(), mib(d.PeakRSS),
			d.First.Longest.Round(time.Millisecond), d.First.SinceReady.Round(time.Millisecond), d.First.Stall.Round(time.Millisecond),
			slices.Max(append(d.Tasks.StickyWaits, 0)).Round(time.Millisecond), d.Tasks.issues())
	}

	logf("%s: latency of %d workflows (+%d warm-up), %d callers", tag, b.cfg.LatencyWorkflows, b.cfg.LatencyWarmup, b.cfg.Callers)
	res.Latency, res.LatencyErr = b.latency(ctx, b.taskQueue("latency", sdk, round), sdk)
	if res.LatencyErr != nil {
		logf("%s: latency FAILED: %v", tag, res.LatencyErr)
	} else {
		l := res.Latency
		p := percentiles(l.Latencies)
		logf("%s: latency p50 %v, p95 %v, p99 %v, slowest %v; workflow task schedule-to-start p99: normal queue %v, sticky queue %v; started-to-completed p99 %v; workflow tasks timed out/failed: %s",
			tag, p[0], p[1], p[2], p[3], percentiles(l.Tasks.NormalWaits)[2], percentiles(l.Tasks.StickyWaits)[2], percentiles(l.Tasks.Processing)[2], l.Tasks.issues())
		if l.serverSeen {
			normal, _ := l.Matches.Normal.syncShare()
			sticky, _ := l.Matches.Sticky.syncShare()
			logf("%s: latency CPU-ms/workflow: worker %.3f, server %.3f; workflow tasks sync-matched to a waiting poll: normal queue %.0f%% of %.0f, sticky queue %.0f%% of %.0f",
				tag, l.perWorkflowMs(l.WorkerCPU), l.perWorkflowMs(l.ServerCPU), normal, l.Matches.Normal.Delivered, sticky, l.Matches.Sticky.Delivered)
		}
	}

	for kind := range cachedKinds {
		logf("%s: memory of %d cached workflows, %s", tag, b.cfg.CachedWorkflows, kind)
		res.Cached[kind], res.CachedErr[kind] = b.cachedMemory(ctx, b.taskQueue(cachedPhase(kind), sdk, round), sdk, kind)
		if err := res.CachedErr[kind]; err != nil {
			logf("%s: memory, %s, FAILED: %v", tag, kind, err)
			continue
		}
		m := res.Cached[kind]
		logf("%s: %s: %.2f KiB (heap %.2f, stacks %.2f) and %.2f goroutines per cached workflow; goroutines when the memory baseline was read, after the warm-up: %+d; after the cached workflows completed: %v",
			tag, kind, m.perWorkflowBytes()/1024, m.heapPerWorkflowBytes()/1024, m.stackPerWorkflowBytes()/1024, m.goroutinesPerWorkflow(), m.Before.Goroutines-m.Goroutines.Baseline, m.Goroutines)
	}
	return res
}

// cachedPhase names kind's measurement in task queue names.
func cachedPhase(k cachedKind) string {
	if k == cachedTimer {
		return "cachedtimer"
	}
	return "cached"
}

// startWorker starts a worker process of sdk on taskQueue.
func (b *bench) startWorker(ctx context.Context, sdk, taskQueue string) (*workerProc, error) {
	return b.startWorkerWith(ctx, sdk, taskQueue, false)
}

// startWorkerWith starts a worker process that, with taskTimes, keeps its
// workflow-task execution times.
func (b *bench) startWorkerWith(ctx context.Context, sdk, taskQueue string, taskTimes bool) (*workerProc, error) {
	cfg := b.cfg.Worker
	cfg.SDK, cfg.TaskQueue, cfg.TaskTimes = sdk, taskQueue, taskTimes
	return startWorkerProc(ctx, b.exe, cfg)
}

// drain starts the workflows, then the worker, and times the worker
// through all of them.
func (b *bench) drain(ctx context.Context, taskQueue, sdk string) (res drainResult, err error) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.PhaseTimeout)
	defer cancel()
	n := b.cfg.Workflows
	runs, err := b.startMany(ctx, taskQueue, "drain", oneActivity, n)
	if err != nil {
		return res, err
	}
	settleStart := time.Now()
	backlog, err := b.awaitBacklog(ctx, taskQueue, int64(n), backlogWait)
	if err != nil {
		return res, err
	}
	if backlog < int64(n) {
		logf("drain on %s: the server reports %d of %d workflow tasks in the backlog after %v; starting the worker anyway", taskQueue, backlog, n, backlogWait)
	}
	res.settle = time.Since(settleStart)
	w, err := b.startWorker(ctx, sdk, taskQueue)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, w.stop()) }()
	cpu0, err := procCPU(w.pid())
	if err != nil {
		return res, err
	}
	if err := b.awaitAll(ctx, runs); err != nil {
		return res, fmt.Errorf("drain: %w", err)
	}
	elapsed := time.Since(w.readyAt)
	cpu1, err := procCPU(w.pid())
	if err != nil {
		return res, err
	}
	peak, err := procStatusBytes(w.pid(), "VmHWM")
	if err != nil {
		return res, err
	}
	res.Elapsed, res.CPU, res.PeakRSS, res.n = elapsed, cpu1-cpu0, peak, n
	handles := make([]workflowRun, len(runs))
	for i, r := range runs {
		handles[i] = r.run
	}
	if res.Tasks, err = b.readHistories(ctx, handles); err != nil {
		return res, err
	}
	res.First = drainWaits(res.Tasks.Firsts, w.readyAt)
	return res, nil
}

// latencyResult is one latency measurement.
type latencyResult struct {
	Latencies []time.Duration
	Tasks     taskTimes
	// TaskExecution are the worker's own workflow-task execution times
	// (taskTimer) over the measured workflows.
	TaskExecution []time.Duration
	// WorkerCPU is the worker's CPU time over the measured workflows.
	WorkerCPU time.Duration
	// ServerCPU and Matches cover the measured workflows too; set only
	// when serverSeen, that is when the benchmark started the server.
	ServerCPU  time.Duration
	Matches    queueMatches
	serverSeen bool
}

// perWorkflowMs is d in milliseconds per measured workflow.
func (l latencyResult) perWorkflowMs(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond) / float64(len(l.Latencies))
}

// metricsSettle is how long the server's metrics must stay unchanged to be
// complete: the server reports its counters to the Prometheus endpoint
// once a second.
const metricsSettle = 1500 * time.Millisecond

// settledMatches reads taskQueue's matching counters once they have
// stopped changing, so that none of the tasks already handed out is
// missing from them.
func (b *bench) settledMatches(ctx context.Context, taskQueue string) (queueMatches, error) {
	prev, err := scrapeMatches(ctx, b.serverMetrics, taskQueue)
	for try := 0; err == nil && try < 10; try++ {
		if err := sleep(ctx, metricsSettle); err != nil {
			return prev, err
		}
		var cur queueMatches
		if cur, err = scrapeMatches(ctx, b.serverMetrics, taskQueue); err == nil && cur == prev {
			return cur, nil
		}
		prev = cur
	}
	if err != nil {
		return prev, err
	}
	return prev, fmt.Errorf("the server's matching counters for %s kept changing for %v after the workflows completed", taskQueue, 10*metricsSettle)
}

// latency runs the closed-loop callers and returns the measured
// latencies.
func (b *bench) latency(ctx context.Context, taskQueue, sdk string) (res latencyResult, err error) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.PhaseTimeout)
	defer cancel()
	w, err := b.startWorkerWith(ctx, sdk, taskQueue, true)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, w.stop()) }()
	if b.cfg.LatencyWarmup > 0 {
		if _, _, err := b.closedLoop(ctx, taskQueue, "warmup", b.cfg.LatencyWarmup, b.cfg.Callers); err != nil {
			return res, fmt.Errorf("latency warm-up: %w", err)
		}
	}
	if _, err := w.taskTimes(ctx); err != nil { // the warm-up's
		return res, err
	}
	// The server's and the worker's CPU and the server's matching are
	// read around the measured workflows only.
	res.serverSeen = b.serverPID > 0 && b.serverMetrics != ""
	var matches0 queueMatches
	var serverCPU0 time.Duration
	if res.serverSeen {
		if matches0, err = b.settledMatches(ctx, taskQueue); err != nil {
			return res, err
		}
		if serverCPU0, err = procCPU(b.serverPID); err != nil {
			return res, err
		}
	}
	cpu0, err := procCPU(w.pid())
	if err != nil {
		return res, err
	}
	runs, lat, err := b.closedLoop(ctx, taskQueue, "measured", b.cfg.LatencyWorkflows, b.cfg.Callers)
	if err != nil {
		return res, fmt.Errorf("latency: %w", err)
	}
	cpu1, err := procCPU(w.pid())
	if err != nil {
		return res, err
	}
	res.Latencies, res.WorkerCPU = lat, cpu1-cpu0
	if res.TaskExecution, err = w.taskTimes(ctx); err != nil {
		return res, err
	}
	if res.serverSeen {
		serverCPU1, err := procCPU(b.serverPID)
		if err != nil {
			return res, err
		}
		matches1, err := b.settledMatches(ctx, taskQueue)
		if err != nil {
			return res, err
		}
		res.ServerCPU, res.Matches = serverCPU1-serverCPU0, matches1.minus(matches0)
	}
	res.Tasks, err = b.readHistories(ctx, runs)
	return res, err
}

// cachedMemory measures the worker's memory with kind's waiting workflows
// in its sticky cache, then lets them finish and watches its goroutines
// come back to their baseline.
func (b *bench) cachedMemory(ctx context.Context, taskQueue, sdk string, kind cachedKind) (res memResult, err error) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.PhaseTimeout)
	defer cancel()
	w, err := b.startWorker(ctx, sdk, taskQueue)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, w.stop()) }()
	if err := sleep(ctx, idleSettle); err != nil {
		return res, err
	}
	baseline, err := w.goroutines(ctx)
	if err != nil {
		return res, err
	}

	// Warm-up: the same path as measured, so one-time allocations (code
	// paths, connection buffers, pools) land before the baseline.
	load, minEvents := b.cachedWorkload(kind)
	if err := b.cachedRound(ctx, taskQueue, "warmup", load, minEvents, cachedWarmup, nil); err != nil {
		return res, fmt.Errorf("warm-up: %w", err)
	}
	n := b.cfg.CachedWorkflows
	res.n = n
	if res.Before, err = w.mem(ctx); err != nil {
		return res, err
	}
	err = b.cachedRound(ctx, taskQueue, "cached", load, minEvents, n, func() error {
		if err := sleep(ctx, settle); err != nil {
			return err
		}
		res.Cached, err = w.mem(ctx)
		return err
	})
	if err != nil {
		return res, err
	}
	if res.Goroutines, err = b.awaitGoroutines(ctx, w, baseline); err != nil {
		return res, err
	}
	if res.After, err = w.mem(ctx); err != nil {
		return res, err
	}
	return res, nil
}

// awaitGoroutines reads w's goroutine count every goroutinePoll from now
// on, for at least a second, until it is back at baseline or the
// benchmark's goroutine wait has passed.
func (b *bench) awaitGoroutines(ctx context.Context, w *workerProc, baseline int) (goroutineReturn, error) {
	r := goroutineReturn{Baseline: baseline}
	start := time.Now()
	for first, afterSecond := true, false; ; first = false {
		n, err := w.goroutines(ctx)
		if err != nil {
			return r, err
		}
		elapsed := time.Since(start)
		r.Last = n
		if !r.Returned {
			r.Took = elapsed
		}
		if first {
			r.AtCompletion = n
		}
		if !afterSecond && elapsed >= time.Second {
			r.AfterSecond, afterSecond = n, true
		}
		if n <= baseline && !r.Returned {
			r.Returned = true
		}
		if afterSecond && (r.Returned || elapsed >= b.cfg.GoroutineWait) {
			return r, nil
		}
		if err := sleep(ctx, goroutinePoll); err != nil {
			return r, err
		}
	}
}

// cachedRound starts n waiting workflows, waits until they are all in
// the sticky cache, calls whileCached (if any), then signals them and
// checks every result.
func (b *bench) cachedRound(ctx context.Context, taskQueue, idPrefix string, load workload, minEvents int64, n int, whileCached func() error) error {
	runs, err := b.startMany(ctx, taskQueue, idPrefix, load, n)
	if err != nil {
		return err
	}
	if err := b.awaitCached(ctx, runs, minEvents); err != nil {
		return err
	}
	if whileCached != nil {
		if err := whileCached(); err != nil {
			return err
		}
	}
	if err := b.signalAll(ctx, runs); err != nil {
		return fmt.Errorf("signalling %d waiting workflows: %w", n, err)
	}
	if err := b.awaitAll(ctx, runs); err != nil {
		return fmt.Errorf("after the signal: %w", err)
	}
	return nil
}

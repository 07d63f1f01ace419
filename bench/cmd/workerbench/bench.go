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

// bench is the parent: the load generator and the measurements.
type bench struct {
	cfg    benchConfig
	client *client.Client
	exe    string
	runID  string
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
	Issues taskIssues
	// Waits include the backlog's: first tasks were queued before the
	// worker started.
	Waits taskWaits
}

func (d drainResult) throughput() float64 { return float64(d.n) / d.Elapsed.Seconds() }

// cpuPerWorkflowMs is the worker's CPU milliseconds per workflow.
func (d drainResult) cpuPerWorkflowMs() float64 {
	return float64(d.CPU) / float64(time.Millisecond) / float64(d.n)
}

// memResult is one cached-workflow memory measurement.
type memResult struct {
	Before, Cached, After memStats
	n                     int
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

// roundResult is one SDK's measurements in one round; a failed
// measurement has its error set instead.
type roundResult struct {
	Round      int
	SDK        string
	Drain      drainResult
	DrainErr   error
	Latency    latencyResult
	LatencyErr error
	Mem        memResult
	MemErr     error
}

func runBench(ctx context.Context, cfg benchConfig) error {
	begin := time.Now()
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this program to run the workers: %w", err)
	}
	mach := machineInfo()
	loadBefore := loadAverage()

	server, err := startServer(ctx, cfg)
	if err != nil {
		return err
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
	c, err := client.Dial(dialCtx, client.Options{HostPort: server.Address(), Namespace: server.Namespace()})
	if err != nil {
		cancel()
		return err
	}
	defer c.Close()
	info, err := c.WorkflowService().GetSystemInfo(dialCtx, &workflowservice.GetSystemInfoRequest{})
	cancel()
	if err != nil {
		return fmt.Errorf("asking the server for its version: %w", err)
	}

	b := &bench{cfg: cfg, client: c, exe: exe, runID: newRunID(), serverPID: server.PID(), serverMetrics: server.MetricsAddress()}
	var results []roundResult
	for round := range cfg.Rounds {
		for _, sdk := range sdkOrder(cfg.SDKs, round) {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("interrupted: %w", err)
			}
			results = append(results, b.measure(ctx, sdk, round))
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w", err)
	}

	srv := serverInfo{Address: server.Address(), Started: server.Started(), Version: info.GetServerVersion()}
	r := newReport(cfg, mach, srv, results, time.Now(), time.Since(begin))
	r.load = [2]string{loadBefore, loadAverage()}
	fmt.Print(r.markdown())
	if n := r.failures(); n > 0 {
		return fmt.Errorf("%d measurements failed; the errors are listed under the table", n)
	}
	return nil
}

// startServer starts a dev server, or attaches to TEMPORAL_ADDRESS.
func startServer(ctx context.Context, cfg benchConfig) (*devserver.Server, error) {
	modfile := cfg.TemporalModfile
	if modfile == "" {
		modfile = findToolModfile()
	}
	ctx, cancel := context.WithTimeout(ctx, serverSetupTimeout)
	defer cancel()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	opts := devserver.Options{ToolModfile: modfile, Logger: logger, DynamicConfig: map[string]any{}}
	if cfg.Partitions > 0 {
		opts.DynamicConfig["matching.numTaskqueueReadPartitions"] = cfg.Partitions
		opts.DynamicConfig["matching.numTaskqueueWritePartitions"] = cfg.Partitions
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

// sdkOrder is the order the SDKs run in a round: as given in even rounds,
// reversed in odd ones, so neither always meets a fresher server.
func sdkOrder(sdks []string, round int) []string {
	order := slices.Clone(sdks)
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
	return fmt.Sprintf("workerbench-%s-r%d-%s-%s", b.runID, round+1, phase, sdk)
}

// measure runs the three measurements of one SDK in one round, each with
// a worker process of its own.
func (b *bench) measure(ctx context.Context, sdk string, round int) roundResult {
	res := roundResult{Round: round, SDK: sdk}
	tag := fmt.Sprintf("round %d/%d, %s", round+1, b.cfg.Rounds, sdk)

	logf("%s: drain of %d one-activity workflows", tag, b.cfg.Workflows)
	res.Drain, res.DrainErr = b.drain(ctx, b.taskQueue("drain", sdk, round), sdk)
	if res.DrainErr != nil {
		logf("%s: drain FAILED: %v", tag, res.DrainErr)
	} else {
		d := res.Drain
		logf("%s: drain %.1f workflows/s (%v; the backlog was complete after %v), %.3f CPU-ms/workflow, peak RSS %.1f MiB; longest workflow task wait: normal queue %v, sticky queue %v; workflow tasks timed out/failed: %v",
			tag, d.throughput(), d.Elapsed.Round(time.Millisecond), d.settle.Round(time.Millisecond), d.cpuPerWorkflowMs(), mib(d.PeakRSS),
			slices.Max(append(d.Waits.Normal, 0)).Round(time.Millisecond), slices.Max(append(d.Waits.Sticky, 0)).Round(time.Millisecond), d.Issues)
	}

	logf("%s: latency of %d workflows (+%d warm-up), %d callers", tag, b.cfg.LatencyWorkflows, b.cfg.LatencyWarmup, b.cfg.Callers)
	res.Latency, res.LatencyErr = b.latency(ctx, b.taskQueue("latency", sdk, round), sdk)
	if res.LatencyErr != nil {
		logf("%s: latency FAILED: %v", tag, res.LatencyErr)
	} else {
		p := percentiles(res.Latency.Latencies)
		w := res.Latency.Waits
		logf("%s: latency p50 %v, p95 %v, p99 %v, slowest %v; workflow task waits p99: normal queue %v, sticky queue %v; workflow tasks timed out/failed: %v",
			tag, p[0], p[1], p[2], p[3], percentiles(w.Normal)[2], percentiles(w.Sticky)[2], res.Latency.Issues)
		l := res.Latency
		if l.serverSeen {
			normal, _ := l.Matches.Normal.syncShare()
			sticky, _ := l.Matches.Sticky.syncShare()
			logf("%s: latency CPU-ms/workflow: worker %.3f, server %.3f; workflow tasks sync-matched to a waiting poll: normal queue %.0f%% of %.0f, sticky queue %.0f%% of %.0f",
				tag, l.perWorkflowMs(l.WorkerCPU), l.perWorkflowMs(l.ServerCPU), normal, l.Matches.Normal.Delivered, sticky, l.Matches.Sticky.Delivered)
		}
	}

	logf("%s: memory of %d cached workflows", tag, b.cfg.CachedWorkflows)
	res.Mem, res.MemErr = b.cachedMemory(ctx, b.taskQueue("cached", sdk, round), sdk)
	if res.MemErr != nil {
		logf("%s: memory FAILED: %v", tag, res.MemErr)
	} else {
		m := res.Mem
		logf("%s: %.1f KiB (heap %.1f, stacks %.1f) and %.2f goroutines per cached workflow; after they finished, heap+stack %+.0f KiB and %+d goroutines from the baseline",
			tag, m.perWorkflowBytes()/1024, m.heapPerWorkflowBytes()/1024, m.stackPerWorkflowBytes()/1024, m.goroutinesPerWorkflow(),
			(float64(m.After.inUse())-float64(m.Before.inUse()))/1024, m.After.Goroutines-m.Before.Goroutines)
	}
	return res
}

// startWorker starts a worker process of sdk on taskQueue.
func (b *bench) startWorker(ctx context.Context, sdk, taskQueue string) (*workerProc, error) {
	cfg := b.cfg.Worker
	cfg.SDK, cfg.TaskQueue = sdk, taskQueue
	return startWorkerProc(ctx, b.exe, cfg)
}

// drain starts the workflows, then the worker, and times the worker
// through all of them.
func (b *bench) drain(ctx context.Context, taskQueue, sdk string) (res drainResult, err error) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.PhaseTimeout)
	defer cancel()
	n := b.cfg.Workflows
	runs, err := b.startMany(ctx, taskQueue, "drain", wfOneActivity, n, true, echoResult)
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
	handles := make([]*client.WorkflowRun, len(runs))
	for i, r := range runs {
		handles[i] = r.run
	}
	res.Issues, res.Waits, err = b.readHistories(ctx, handles)
	return res, err
}

// latencyResult is one latency measurement.
type latencyResult struct {
	Latencies []time.Duration
	Issues    taskIssues
	Waits     taskWaits
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
	w, err := b.startWorker(ctx, sdk, taskQueue)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, w.stop()) }()
	if b.cfg.LatencyWarmup > 0 {
		if _, _, err := b.closedLoop(ctx, taskQueue, "warmup", b.cfg.LatencyWarmup, b.cfg.Callers); err != nil {
			return res, fmt.Errorf("latency warm-up: %w", err)
		}
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
	res.Issues, res.Waits, err = b.readHistories(ctx, runs)
	return res, err
}

// cachedMemory measures the worker's memory with the waiting workflows in
// its sticky cache, then lets them finish.
func (b *bench) cachedMemory(ctx context.Context, taskQueue, sdk string) (res memResult, err error) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.PhaseTimeout)
	defer cancel()
	w, err := b.startWorker(ctx, sdk, taskQueue)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, w.stop()) }()

	// Warm-up: the same path as measured, so one-time allocations (code
	// paths, connection buffers, pools) land before the baseline.
	if err := b.waitSignalRound(ctx, taskQueue, "warmup", cachedWarmup, nil); err != nil {
		return res, fmt.Errorf("warm-up: %w", err)
	}
	n := b.cfg.CachedWorkflows
	res.n = n
	if res.Before, err = w.mem(ctx); err != nil {
		return res, err
	}
	err = b.waitSignalRound(ctx, taskQueue, "cached", n, func() error {
		if err := sleep(ctx, settle); err != nil {
			return err
		}
		res.Cached, err = w.mem(ctx)
		return err
	})
	if err != nil {
		return res, err
	}
	if res.After, err = w.mem(ctx); err != nil {
		return res, err
	}
	return res, nil
}

// waitSignalRound starts n waiting workflows, waits until they are all in
// the sticky cache, calls whileCached (if any), then signals them and
// checks every result.
func (b *bench) waitSignalRound(ctx context.Context, taskQueue, idPrefix string, n int, whileCached func() error) error {
	runs, err := b.startMany(ctx, taskQueue, idPrefix, wfWaitSignal, n, false, doneResult)
	if err != nil {
		return err
	}
	if err := b.awaitCached(ctx, runs); err != nil {
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

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"time"

	sdkactivity "go.temporal.io/sdk/activity"
	sdkclient "go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// The worker process speaks JSON lines on stdout and takes one command a
// line on stdin:
//
//	(start)  -> {"event":"ready"} or {"event":"error","error":...}
//	mem        -> {"event":"mem","mem":{...}}, after two GCs
//	goroutines -> {"event":"goroutines","goroutines":N}, without a GC
//	tasktimes  -> {"event":"tasktimes","task_times":[ns,...]}: the workflow-task
//	              execution times recorded since the last tasktimes (-task-times)
//	stop       -> {"event":"stopped"} or {"event":"error","error":...}, then exit
//
// Closing stdin stops the worker as "stop" does. Logs go to stderr.
const (
	cmdMem        = "mem"
	cmdGoroutines = "goroutines"
	cmdTaskTimes  = "tasktimes"
	cmdStop       = "stop"

	eventReady      = "ready"
	eventMem        = "mem"
	eventGoroutines = "goroutines"
	eventTaskTimes  = "tasktimes"
	eventStopped    = "stopped"
	eventError      = "error"
)

// childMsg is one line the worker process writes.
type childMsg struct {
	Event string    `json:"event"`
	Error string    `json:"error,omitempty"`
	Mem   *memStats `json:"mem,omitempty"`
	// Goroutines answers cmdGoroutines: runtime.NumGoroutine().
	Goroutines int `json:"goroutines,omitempty"`
	// TaskTimes answers cmdTaskTimes.
	TaskTimes []time.Duration `json:"task_times,omitempty"`
}

// memStats is the worker process's memory after a full GC.
type memStats struct {
	HeapInuse  uint64 `json:"heap_inuse"`
	HeapAlloc  uint64 `json:"heap_alloc"`
	StackInuse uint64 `json:"stack_inuse"`
	Goroutines int    `json:"goroutines"`
}

// inUse is the memory the per-workflow figure counts: heap spans in use
// and goroutine stacks.
func (m memStats) inUse() uint64 { return m.HeapInuse + m.StackInuse }

// startTimeout bounds dialing the server and starting the worker;
// stopTimeout bounds stopping it.
const (
	startTimeout = time.Minute
	stopTimeout  = time.Minute
)

// runWorker is the worker process: it runs one SDK's worker until told to
// stop.
func runWorker(ctx context.Context, cfg workerConfig) error {
	out := json.NewEncoder(os.Stdout)
	send := func(m childMsg) {
		// stdout is the parent's pipe; if it is gone the parent is too, and
		// closing stdin stops this process.
		_ = out.Encode(m)
	}
	if cfg.Address == "" || cfg.Namespace == "" || cfg.TaskQueue == "" {
		err := errors.New("-role=worker needs -address, -namespace and -task-queue (the benchmark passes them)")
		send(childMsg{Event: eventError, Error: err.Error()})
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})).With("bench_worker", cfg.SDK)
	if prefix := os.Getenv(envProfile); prefix != "" {
		// Fine-grained heap samples, when asked: the cached-workflow
		// reading is a few megabytes, but sampling this often slows the
		// worker, so CPU figures are taken without it.
		if rate, err := strconv.Atoi(os.Getenv(envMemProfileRate)); err == nil && rate > 0 {
			runtime.MemProfileRate = rate
		}
		stopProfile, err := startCPUProfile(prefix, cfg.SDK)
		if err != nil {
			send(childMsg{Event: eventError, Error: err.Error()})
			return err
		}
		defer stopProfile()
	}

	var times *taskTimer
	if cfg.TaskTimes {
		times = &taskTimer{}
	}
	startCtx, cancel := context.WithTimeout(ctx, startTimeout)
	var stop func(context.Context) error
	var err error
	switch cfg.SDK {
	case sdkOurs:
		stop, err = startOurs(startCtx, cfg, logger, times)
	case sdkOfficial:
		stop, err = startOfficial(startCtx, cfg, logger, times)
	default:
		err = fmt.Errorf("-sdk=%q: want ours or official", cfg.SDK)
	}
	cancel()
	if err != nil {
		err = fmt.Errorf("starting the %s worker: %w", cfg.SDK, err)
		send(childMsg{Event: eventError, Error: err.Error()})
		return err
	}
	send(childMsg{Event: eventReady})

	// The reader ends at the end of stdin; if it is blocked reading when
	// this function returns, the process exit ends it.
	lines := make(chan string)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-done:
				return
			}
		}
	}()

	stopWorker := func() error {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
		defer cancel()
		if err := stop(stopCtx); err != nil {
			err = fmt.Errorf("stopping the %s worker: %w", cfg.SDK, err)
			send(childMsg{Event: eventError, Error: err.Error()})
			return err
		}
		send(childMsg{Event: eventStopped})
		return nil
	}
	for {
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), stopWorker())
		case line, ok := <-lines:
			switch {
			case !ok || line == cmdStop:
				return stopWorker()
			case line == cmdMem:
				m := readMem()
				send(childMsg{Event: eventMem, Mem: &m})
			case line == cmdGoroutines:
				send(childMsg{Event: eventGoroutines, Goroutines: runtime.NumGoroutine()})
			case line == cmdTaskTimes && times != nil:
				send(childMsg{Event: eventTaskTimes, TaskTimes: times.take()})
			default:
				send(childMsg{Event: eventError, Error: fmt.Sprintf("unknown command %q", line)})
			}
		}
	}
}

// envProfile, when set, is a path prefix: each worker process writes its
// CPU profile to <prefix>.<sdk>.<pid>.cpu and, at each memory reading, its
// heap profile to <prefix>.<sdk>.<pid>.heap. For finding where a worker
// spends, not for the table.
const envProfile = "WORKERBENCH_PROFILE"

// envMemProfileRate, with envProfile, sets runtime.MemProfileRate (512
// gives heap profiles fine enough for per-workflow figures).
const envMemProfileRate = "WORKERBENCH_MEMPROFILERATE"

func profilePath(prefix, sdk, kind string) string {
	return fmt.Sprintf("%s.%s.%d.%s", prefix, sdk, os.Getpid(), kind)
}

func startCPUProfile(prefix, sdk string) (stop func(), err error) {
	f, err := os.Create(profilePath(prefix, sdk, "cpu"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", envProfile, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("%s: %w", envProfile, err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// memReadings numbers the heap profiles a worker process writes.
var memReadings int

// readMem collects garbage (twice, so finalizers' objects go too) and
// reads the runtime's memory statistics.
func readMem() memStats {
	runtime.GC()
	runtime.GC()
	if prefix := os.Getenv(envProfile); prefix != "" {
		memReadings++
		if f, err := os.Create(profilePath(prefix, "worker", fmt.Sprintf("heap%d", memReadings))); err == nil {
			_ = pprof.WriteHeapProfile(f)
			_ = f.Close()
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memStats{HeapInuse: ms.HeapInuse, HeapAlloc: ms.HeapAlloc, StackInuse: ms.StackInuse, Goroutines: runtime.NumGoroutine()}
}

// startOurs starts the workflowdef worker.
func startOurs(ctx context.Context, cfg workerConfig, logger *slog.Logger, times *taskTimer) (func(context.Context) error, error) {
	c, err := client.Dial(ctx, client.Options{HostPort: cfg.Address, Namespace: cfg.Namespace, Logger: logger})
	if err != nil {
		return nil, err
	}
	w, err := worker.New(c, cfg.TaskQueue, worker.Options{
		WorkflowPollers:              cfg.WorkflowPollers,
		ActivityPollers:              cfg.ActivityPollers,
		MaxConcurrentWorkflowTasks:   cfg.WorkflowSlots,
		MaxConcurrentActivities:      cfg.ActivitySlots,
		MaxConcurrentLocalActivities: cfg.LocalActivitySlots,
		StickyCacheSize:              cfg.StickyCacheSize,
		StickyScheduleToStartTimeout: cfg.StickyTimeout,
		DisableEagerActivities:       !cfg.EagerActivities,
		MetricsHandler:               metricsOrNil(times),
	})
	if err == nil {
		err = errors.Join(
			w.RegisterWorkflowWithOptions(oursOneActivity, worker.RegisterWorkflowOptions{Name: wfOneActivity}),
			w.RegisterWorkflowWithOptions(oursWaitSignal, worker.RegisterWorkflowOptions{Name: wfWaitSignal}),
			w.RegisterWorkflowWithOptions(oursTimerThenSignal, worker.RegisterWorkflowOptions{Name: wfTimerSignal}),
			w.RegisterActivityWithOptions(echo, worker.RegisterActivityOptions{Name: actEcho}),
		)
	}
	if err == nil {
		err = w.Start(ctx)
	}
	if err != nil {
		_ = c.Close()
		return nil, err
	}
	return func(ctx context.Context) error {
		err := w.Stop(ctx)
		return errors.Join(err, c.Close())
	}, nil
}

// startOfficial starts the official SDK's worker, configured as ours:
// fixed pollers (NewPollerBehaviorSimpleMaximum, so the namespace's
// autoscaling auto-enrolment cannot apply), the same slots and sticky
// cache.
func startOfficial(ctx context.Context, cfg workerConfig, logger *slog.Logger, times *taskTimer) (func(context.Context) error, error) {
	opts := sdkclient.Options{HostPort: cfg.Address, Namespace: cfg.Namespace, Logger: sdklog.NewStructuredLogger(logger)}
	if times != nil {
		opts.MetricsHandler = officialTaskTimes{times}
	}
	c, err := sdkclient.DialContext(ctx, opts)
	if err != nil {
		return nil, err
	}
	sdkworker.SetStickyWorkflowCacheSize(cfg.StickyCacheSize)
	w := sdkworker.New(c, cfg.TaskQueue, sdkworker.Options{
		WorkflowTaskPollerBehavior:              sdkworker.NewPollerBehaviorSimpleMaximum(sdkworker.PollerBehaviorSimpleMaximumOptions{MaximumNumberOfPollers: cfg.WorkflowPollers}),
		ActivityTaskPollerBehavior:              sdkworker.NewPollerBehaviorSimpleMaximum(sdkworker.PollerBehaviorSimpleMaximumOptions{MaximumNumberOfPollers: cfg.ActivityPollers}),
		MaxConcurrentWorkflowTaskExecutionSize:  cfg.WorkflowSlots,
		MaxConcurrentActivityExecutionSize:      cfg.ActivitySlots,
		MaxConcurrentLocalActivityExecutionSize: cfg.LocalActivitySlots,
		StickyScheduleToStartTimeout:            cfg.StickyTimeout,
		DisableEagerActivities:                  !cfg.EagerActivities,
	})
	w.RegisterWorkflowWithOptions(officialOneActivity, sdkworkflow.RegisterOptions{Name: wfOneActivity})
	w.RegisterWorkflowWithOptions(officialWaitSignal, sdkworkflow.RegisterOptions{Name: wfWaitSignal})
	w.RegisterWorkflowWithOptions(officialTimerThenSignal, sdkworkflow.RegisterOptions{Name: wfTimerSignal})
	w.RegisterActivityWithOptions(echo, sdkactivity.RegisterOptions{Name: actEcho})
	if err := w.Start(); err != nil {
		c.Close()
		return nil, err
	}
	return func(context.Context) error {
		// The official worker's Stop takes no context; the parent kills
		// this process if it hangs.
		w.Stop()
		c.Close()
		return nil
	}, nil
}

package worker

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"strconv"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/metrics"
)

// Defaults of Options. They match the official Go SDK where it has the
// same knob, so a migrated deployment behaves alike.
const (
	DefaultWorkflowPollers              = 2
	DefaultActivityPollers              = 2
	DefaultMaxConcurrentWorkflowTasks   = 1000
	DefaultMaxConcurrentActivities      = 1000
	DefaultMaxConcurrentLocalActivities = 1000
	DefaultStickyCacheSize              = 10000
	DefaultStickyScheduleToStartTimeout = 5 * time.Second
	DefaultDeadlockDetectionTimeout     = time.Second
	// DefaultHeartbeatInterval is the heartbeat throttle of an activity
	// without a heartbeat timeout.
	DefaultHeartbeatInterval = 30 * time.Second
	// DefaultHeartbeatRPCTimeout bounds one heartbeat call.
	DefaultHeartbeatRPCTimeout = 10 * time.Second
)

// WorkflowPanicPolicy is what a bug in workflow code does to its workflow.
type WorkflowPanicPolicy int

const (
	// BlockWorkflow fails the workflow task, which the server retries: the
	// workflow waits, unharmed, until fixed code is deployed. The failure,
	// with the stack, shows in the Temporal UI.
	BlockWorkflow WorkflowPanicPolicy = iota
	// FailWorkflow fails the workflow execution with the error, for
	// workflows where a fast failure beats waiting for a fix.
	FailWorkflow
)

// NoStickyCache, as Options.StickyCacheSize, keeps no run between its
// workflow tasks: every task replays the run's history from the start.
const NoStickyCache = -1

// Options configure a Worker. The zero value is ready to use; every field
// documents its default.
type Options struct {
	// Identity names this worker in history and the Temporal UI. Default:
	// the client's identity.
	Identity string

	// WorkflowPollers is the number of concurrent workflow task polls. With
	// a sticky cache each of the normal and the sticky queue always has one
	// (so at least 2 run), so neither starves the other; the rest go, poll
	// by poll, to the normal queue (covering more of its partitions) unless
	// the sticky queue last reported more tasks waiting than it has polls
	// waiting for them. Default 2.
	WorkflowPollers int
	// ActivityPollers is the number of concurrent activity task polls.
	// Default 2.
	ActivityPollers int
	// MaxConcurrentWorkflowTasks, MaxConcurrentActivities and
	// MaxConcurrentLocalActivities are the slots per task kind: a poller
	// only asks for a task when a slot is free. Default 1000 each.
	MaxConcurrentWorkflowTasks   int
	MaxConcurrentActivities      int
	MaxConcurrentLocalActivities int

	// WorkerActivitiesPerSecond caps how many activity tasks this worker
	// starts per second, and WorkerLocalActivitiesPerSecond how many local
	// activity attempts, as the official SDK's options of those names do:
	// a way to spare a downstream service. A poller that has a task waits
	// its turn before polling again. Zero means no cap.
	WorkerActivitiesPerSecond      float64
	WorkerLocalActivitiesPerSecond float64
	// TaskQueueActivitiesPerSecond asks the server to hand out at most
	// this many activity tasks per second from the task queue, across
	// every worker polling it. The server applies the value the last poll
	// carried, so give every worker of the queue the same. Zero leaves the
	// server's own limit. Setting it turns eager activities off, as in the
	// official SDK: the server does not count them against the limit.
	TaskQueueActivitiesPerSecond float64

	// StickyCacheSize is how many workflow runs stay in memory between
	// their tasks, least recently used evicted first. Zero means 10,000,
	// as zero values mean defaults throughout Options; NoStickyCache keeps
	// none. The environment differs on purpose: operators turn the cache
	// off with TEMPORAL_STICKY_CACHE_SIZE=0 (OptionsFromEnv sets
	// NoStickyCache), and the worker's start log line says which it got.
	StickyCacheSize int
	// StickyScheduleToStartTimeout is how long the server holds a cached
	// run's task for this worker before giving it to any worker. Default
	// 5s.
	StickyScheduleToStartTimeout time.Duration

	// DeadlockDetectionTimeout is how long workflow code may run without
	// yielding before its task fails with the stuck goroutine's stack.
	// Default 1s; negative turns detection off (for debuggers).
	DeadlockDetectionTimeout time.Duration

	// WorkflowPanicPolicy says what a panic, a deadlock or nondeterminism
	// in workflow code does. Default BlockWorkflow.
	WorkflowPanicPolicy WorkflowPanicPolicy

	// DisableEagerActivities stops the worker asking the server to hand
	// back, in a workflow task's response, the activities that task
	// scheduled on this task queue. Eager execution saves an activity poll
	// per activity; it is on by default, as in the official SDK.
	DisableEagerActivities bool

	// OnFatalError, if set, is called once, on its own goroutine, when the
	// server refuses the worker for good (its namespace is gone, its
	// requests are invalid) and the worker stops itself. Run returns that
	// error as well; a worker started with Start reports it only here and
	// in its log.
	OnFatalError func(error)

	// GracefulStopTimeout is how long Stop waits for running activities
	// and local activities before cancelling their contexts. Default 0:
	// cancel at once (the server retries them elsewhere).
	GracefulStopTimeout time.Duration

	// HeartbeatInterval throttles heartbeats of activities without a
	// heartbeat timeout. Default 30s. Activities with one heartbeat at most
	// every 0.8 × the timeout.
	HeartbeatInterval time.Duration
	// HeartbeatRPCTimeout bounds each heartbeat call. Default 10s.
	HeartbeatRPCTimeout time.Duration

	// BuildID identifies this worker's code. With UseBuildIDVersioning the
	// worker registers it and takes only tasks routed to it. Start checks
	// the server first: where versioning is not implemented or turned off
	// (a server whose frontend.workerVersioning* dynamic config is off;
	// package devserver turns it on) the worker warns and runs
	// unversioned; any other refusal, such as credentials without the
	// permission, fails Start.
	BuildID              string
	UseBuildIDVersioning bool
	// DeploymentName, with BuildID, makes the worker part of a Worker
	// Deployment version (deployment name + build ID). With
	// UseBuildIDVersioning the version takes new workflows once it is made
	// current (temporal worker deployment set-current-version).
	DeploymentName string
	// VersioningBehavior is what the server does with a running workflow
	// when a Worker Deployment's current version changes: PINNED keeps it
	// on the version that started it, AUTO_UPGRADE moves it to the new
	// one. It is the default for the workflow types registered without
	// their own (RegisterWorkflowOptions.VersioningBehavior). A versioned
	// Worker Deployment worker needs a behaviour for every workflow type,
	// so Start refuses one where this is unset and a type has none.
	VersioningBehavior enumspb.VersioningBehavior

	// Interceptors wrap every workflow run, the calls it makes out, and
	// every activity attempt, the first outermost: tracing, auth, logging
	// context. See package interceptor.
	Interceptors []interceptor.Worker

	// MetricsHandler receives the worker's metrics (poll outcomes, task
	// latencies and failures, sticky cache hits and size, slots in use),
	// named as the official SDKs name them; see package metrics for
	// adapters. Default: the client's Options.MetricsHandler, as in the
	// official SDKs; none when that is unset either.
	MetricsHandler metrics.Handler

	// Logger receives the worker's records and, outside replay, the
	// workflows' and activities'. Default: the client's logger.
	Logger *slog.Logger
}

func (o Options) withDefaults() (Options, error) {
	counts := []struct {
		name string
		v    *int
		def  int
	}{
		{"WorkflowPollers", &o.WorkflowPollers, DefaultWorkflowPollers},
		{"ActivityPollers", &o.ActivityPollers, DefaultActivityPollers},
		{"MaxConcurrentWorkflowTasks", &o.MaxConcurrentWorkflowTasks, DefaultMaxConcurrentWorkflowTasks},
		{"MaxConcurrentActivities", &o.MaxConcurrentActivities, DefaultMaxConcurrentActivities},
		{"MaxConcurrentLocalActivities", &o.MaxConcurrentLocalActivities, DefaultMaxConcurrentLocalActivities},
	}
	for _, c := range counts {
		switch {
		case *c.v < 0:
			return o, fmt.Errorf("worker: Options.%s is negative (%d)", c.name, *c.v)
		case *c.v == 0:
			*c.v = c.def
		}
	}
	switch {
	case o.StickyCacheSize == 0:
		o.StickyCacheSize = DefaultStickyCacheSize
	case o.StickyCacheSize < NoStickyCache:
		return o, fmt.Errorf("worker: Options.StickyCacheSize is %d; use a positive size, 0 for the default or NoStickyCache", o.StickyCacheSize)
	}
	if o.StickyCacheSize > 0 && o.MaxConcurrentWorkflowTasks < 2 {
		// One slot means one poll, always on the normal queue: every
		// cached run's next task would wait out the sticky timeout.
		return o, fmt.Errorf("worker: Options.MaxConcurrentWorkflowTasks (%s) is %d, but a sticky cache needs 2 or more, one poll each for the normal and the sticky queue; raise it, or set StickyCacheSize to NoStickyCache", EnvWorkflowConcurrency, o.MaxConcurrentWorkflowTasks)
	}
	durations := []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"StickyScheduleToStartTimeout", &o.StickyScheduleToStartTimeout, DefaultStickyScheduleToStartTimeout},
		{"HeartbeatInterval", &o.HeartbeatInterval, DefaultHeartbeatInterval},
		{"HeartbeatRPCTimeout", &o.HeartbeatRPCTimeout, DefaultHeartbeatRPCTimeout},
	}
	for _, d := range durations {
		switch {
		case *d.v < 0:
			return o, fmt.Errorf("worker: Options.%s is negative (%v)", d.name, *d.v)
		case *d.v == 0:
			*d.v = d.def
		}
	}
	for _, r := range []struct {
		name string
		v    float64
	}{
		{"WorkerActivitiesPerSecond", o.WorkerActivitiesPerSecond},
		{"WorkerLocalActivitiesPerSecond", o.WorkerLocalActivitiesPerSecond},
		{"TaskQueueActivitiesPerSecond", o.TaskQueueActivitiesPerSecond},
	} {
		if r.v < 0 || math.IsNaN(r.v) || math.IsInf(r.v, 0) {
			return o, fmt.Errorf("worker: Options.%s is %v; use a positive rate, or 0 for none", r.name, r.v)
		}
	}
	if o.TaskQueueActivitiesPerSecond > 0 {
		o.DisableEagerActivities = true
	}
	if o.DeadlockDetectionTimeout == 0 {
		o.DeadlockDetectionTimeout = DefaultDeadlockDetectionTimeout
	}
	// A negative timeout stays as it is: the engine's "off", where zero
	// would mean its default.
	if o.GracefulStopTimeout < 0 {
		return o, fmt.Errorf("worker: Options.GracefulStopTimeout is negative (%v)", o.GracefulStopTimeout)
	}
	if o.WorkflowPanicPolicy != BlockWorkflow && o.WorkflowPanicPolicy != FailWorkflow {
		return o, fmt.Errorf("worker: Options.WorkflowPanicPolicy %d is neither BlockWorkflow nor FailWorkflow", o.WorkflowPanicPolicy)
	}
	if o.UseBuildIDVersioning && o.BuildID == "" {
		return o, errors.New("worker: Options.UseBuildIDVersioning needs Options.BuildID (or TEMPORAL_WORKER_BUILD_ID)")
	}
	if o.DeploymentName != "" && o.BuildID == "" {
		return o, fmt.Errorf("worker: Options.DeploymentName %q needs Options.BuildID: a deployment version is a deployment name and a build ID", o.DeploymentName)
	}
	return o, nil
}

// Environment variables OptionsFromEnv reads. Operators set them per
// deployment; code sets the rest of Options.
const (
	EnvTaskQueue                 = "TEMPORAL_TASK_QUEUE"
	EnvWorkflowConcurrency       = "TEMPORAL_WORKFLOW_CONCURRENCY"
	EnvActivityConcurrency       = "TEMPORAL_ACTIVITY_CONCURRENCY"
	EnvStickyCacheSize           = "TEMPORAL_STICKY_CACHE_SIZE"
	EnvStickyTTLMillis           = "TEMPORAL_STICKY_TTL_MS"
	EnvWorkerBuildID             = "TEMPORAL_WORKER_BUILD_ID"
	EnvWorkerDeploymentName      = "TEMPORAL_WORKER_DEPLOYMENT_NAME"
	EnvHeartbeatIntervalMillis   = "TEMPORAL_ACTIVITY_HEARTBEAT_INTERVAL_MS"
	EnvHeartbeatRPCTimeoutMillis = "TEMPORAL_ACTIVITY_HEARTBEAT_RPC_TIMEOUT_MS"
)

// OptionsFromEnv returns base with the knobs operators set per deployment
// read from the environment, and the task queue TEMPORAL_TASK_QUEUE names
// (taskQueue when unset). Unset variables leave base as it is.
// TEMPORAL_STICKY_CACHE_SIZE=0 turns the sticky cache off;
// TEMPORAL_WORKER_BUILD_ID turns build-ID versioning on. A malformed value
// is an error naming the variable.
func OptionsFromEnv(taskQueue string, base Options) (string, Options, error) {
	return optionsFromLookup(os.LookupEnv, taskQueue, base)
}

func optionsFromLookup(lookup func(string) (string, bool), taskQueue string, o Options) (string, Options, error) {
	if v, ok := lookup(EnvTaskQueue); ok && v != "" {
		taskQueue = v
	}
	var errs []error
	// count reads a whole number; zero is allowed only where zeroMeans
	// says what it does.
	count := func(name string, dst *int, zeroMeans string) {
		v, ok := lookup(name)
		if !ok || v == "" {
			return
		}
		n, err := strconv.Atoi(v)
		switch {
		case (err != nil || n < 0) && zeroMeans != "":
			errs = append(errs, fmt.Errorf("worker: %s=%q is not a whole number: set a positive number, or 0 to %s", name, v, zeroMeans))
		case err != nil || n <= 0 && zeroMeans == "":
			errs = append(errs, fmt.Errorf("worker: %s=%q is not a positive whole number", name, v))
		default:
			*dst = n
		}
	}
	millis := func(name string, dst *time.Duration) {
		v, ok := lookup(name)
		if !ok || v == "" {
			return
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > int64(math.MaxInt64/time.Millisecond) {
			errs = append(errs, fmt.Errorf("worker: %s=%q is not a positive number of milliseconds up to %d", name, v, int64(math.MaxInt64/time.Millisecond)))
			return
		}
		*dst = time.Duration(n) * time.Millisecond
	}
	count(EnvWorkflowConcurrency, &o.MaxConcurrentWorkflowTasks, "")
	count(EnvActivityConcurrency, &o.MaxConcurrentActivities, "")
	cache := -2
	count(EnvStickyCacheSize, &cache, "turn the sticky cache off")
	switch {
	case cache == 0:
		o.StickyCacheSize = NoStickyCache
	case cache > 0:
		o.StickyCacheSize = cache
	}
	millis(EnvStickyTTLMillis, &o.StickyScheduleToStartTimeout)
	millis(EnvHeartbeatIntervalMillis, &o.HeartbeatInterval)
	millis(EnvHeartbeatRPCTimeoutMillis, &o.HeartbeatRPCTimeout)
	if v, ok := lookup(EnvWorkerBuildID); ok && v != "" {
		o.BuildID = v
		o.UseBuildIDVersioning = true
	}
	if v, ok := lookup(EnvWorkerDeploymentName); ok && v != "" {
		o.DeploymentName = v
	}
	if taskQueue == "" {
		errs = append(errs, fmt.Errorf("worker: no task queue: pass one or set %s", EnvTaskQueue))
	}
	return taskQueue, o, errors.Join(errs...)
}

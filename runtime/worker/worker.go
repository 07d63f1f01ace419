package worker

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/api/serviceerror"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"golang.org/x/time/rate"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// pollTimeout bounds one long poll. The server answers an idle poll
// empty after about a minute; the margin keeps that answer ours rather
// than a client-side deadline.
const pollTimeout = 70 * time.Second

// ErrWorkerStopping is the cause an activity's context carries when the
// worker stopped and its graceful-stop timeout ran out.
var ErrWorkerStopping = errors.New("worker: stopping; the activity is retried on another worker")

// Worker polls one task queue and runs the workflows and activities
// registered with it. Register everything, then Run (or Start and Stop).
//
// Workflow tasks are polled from the task queue and, with a sticky cache,
// from this worker's own sticky queue, where the server sends the next
// task of a run this worker keeps in memory. Pollers are split between the
// two so neither starves the other.
type Worker struct {
	// Registry holds the worker's workflows and activities; register them
	// before Start.
	*Registry

	client      *client.Client
	service     workflowservice.WorkflowServiceClient
	taskQueue   string
	stickyQueue string
	opts        Options
	logger      *slog.Logger
	cache       *stickyCache
	closer      *runCloser
	metrics     *workerMetrics

	mu      sync.Mutex
	started bool
	stopped bool
	// cancelStart, while Start contacts the server, lets Stop end it
	// without waiting for the mutex Start would otherwise hold.
	cancelStart context.CancelFunc
	fatal       chan error
	fatalOnce   sync.Once
	stopping    chan struct{} // closed when Stop begins
	done        chan struct{} // closed when Stop has finished

	pollCtx          context.Context
	stopPolling      context.CancelFunc
	taskCtx          context.Context // workflow tasks and every response
	cancelTasks      context.CancelFunc
	activityCtx      context.Context
	cancelActivities context.CancelCauseFunc
	pollers          sync.WaitGroup
	workflowTasks    taskGroup // and the local activities they leave running
	activityTasks    taskGroup

	// eagerMu guards eagerClosed, which Stop sets before it waits for
	// activities: an activity task that a workflow task's late response
	// hands over must not join activityTasks once that wait has begun.
	eagerMu     sync.Mutex
	eagerClosed bool
	// eagerWorkflowsClosed, under eagerMu, is set by Stop before it waits
	// for workflow tasks: a workflow's first task that a start in this
	// process is handed later must not join workflowTasks.
	eagerWorkflowsClosed bool
	// eagerWorkflows is registered with the client while the worker runs
	// workflows, for eager workflow start; nil for an activity worker.
	eagerWorkflows *eagerWorkflows
}

// New returns a worker for taskQueue on c's namespace. It checks opts and
// does no I/O; Start contacts the server.
func New(c *client.Client, taskQueue string, opts Options) (*Worker, error) {
	if c == nil {
		return nil, errors.New("worker: New needs a client (client.Dial)")
	}
	if taskQueue == "" {
		return nil, fmt.Errorf("worker: the task queue name is empty (pass one, or read it with OptionsFromEnv from %s)", EnvTaskQueue)
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if opts.Identity == "" {
		opts.Identity = c.Identity()
	}
	if opts.Logger == nil {
		opts.Logger = c.Logger()
	}
	w := &Worker{
		Registry:  NewRegistry(),
		client:    c,
		service:   c.WorkflowService(),
		taskQueue: taskQueue,
		opts:      opts,
		logger:    opts.Logger.With("task_queue", taskQueue, "worker", opts.Identity),
		fatal:     make(chan error, 1),
		stopping:  make(chan struct{}),
		done:      make(chan struct{}),
	}
	w.closer = newRunCloser(w.logger)
	if opts.StickyCacheSize > 0 {
		host, _ := os.Hostname()
		w.stickyQueue = fmt.Sprintf("%s:%s", host, rand.Text())
		w.cache = newStickyCache(opts.StickyCacheSize, w.closer)
	}
	return w, nil
}

// TaskQueue is the task queue the worker polls.
func (w *Worker) TaskQueue() string { return w.taskQueue }

// Run starts the worker and runs it until ctx ends, Stop is called, or a
// fatal error (the namespace was deleted, the server refuses the worker's
// requests) stops it; then it stops the worker gracefully. It returns nil
// when ctx ended or Stop was called, the fatal error otherwise.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.Start(ctx); err != nil {
		return err
	}
	var runErr error
	select {
	case <-ctx.Done():
	case <-w.stopping:
		// The worker may be stopping itself after a fatal error.
		select {
		case runErr = <-w.fatal:
		default:
		}
	case runErr = <-w.fatal:
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.opts.GracefulStopTimeout+time.Minute)
	defer cancel()
	return errors.Join(runErr, w.Stop(stopCtx))
}

// Start checks the registrations and the server, then starts polling. It
// returns at once; Stop stops the worker. ctx bounds the start-up calls
// only.
func (w *Worker) Start(ctx context.Context) error {
	w.mu.Lock()
	switch {
	case w.stopped:
		w.mu.Unlock()
		return errors.New("worker: Start after Stop; create a new worker")
	case w.started || w.cancelStart != nil:
		w.mu.Unlock()
		return errors.New("worker: already started")
	case w.Registry.isEmpty():
		w.mu.Unlock()
		return fmt.Errorf("worker: nothing registered for task queue %q: register workflows or activities before Start", w.taskQueue)
	}
	if err := w.checkVersioningBehaviors(); err != nil {
		w.mu.Unlock()
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w.cancelStart = cancel
	w.mu.Unlock()

	// The namespace check and the versioning calls retry until ctx ends;
	// the mutex is free meanwhile, so Stop can end them.
	err := w.checkNamespace(ctx)
	var deployment *pollVersioning
	if err == nil {
		deployment, err = w.versioning(ctx)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cancelStart = nil
	switch {
	case w.stopped:
		return errors.New("worker: stopped while starting")
	case err != nil:
		return err
	}
	if w.opts.MetricsHandler == nil {
		w.opts.MetricsHandler = w.client.MetricsHandler() // the official SDKs' default
	}
	if w.opts.MetricsHandler != nil {
		w.metrics = newWorkerMetrics(w.opts.MetricsHandler, w.client.Namespace(), w.taskQueue, w.opts.MaxConcurrentWorkflowTasks, w.opts.MaxConcurrentActivities)
		w.closer.metrics = w.metrics // before any task runs
	}
	// The pollers below are chosen by what is registered now. A workflow
	// registered while the calls above ran was not checked with the rest:
	// check again, now that nothing more can be registered.
	w.Registry.freeze(fmt.Sprintf("the worker for task queue %q", w.taskQueue))
	if err := w.checkVersioningBehaviors(); err != nil {
		return err
	}
	w.started = true
	workflows, activities := w.Registry.counts()
	w.pollCtx, w.stopPolling = context.WithCancel(context.Background())
	w.taskCtx, w.cancelTasks = context.WithCancel(context.Background())
	w.activityCtx, w.cancelActivities = context.WithCancelCause(context.Background())

	var eager *eagerActivities
	var workflowPollers, activityPollers int
	if activities != 0 {
		eager = w.startActivityPollers(deployment)
		activityPollers = w.opts.ActivityPollers
	}
	if workflows != 0 {
		w.eagerWorkflows = w.startWorkflowPollers(deployment, eager)
		w.client.RegisterEagerWorkflowExecutor(w.eagerWorkflows)
		workflowPollers = w.workflowPollerCount()
	}
	w.metrics.pollersStarted(workflowPollers, activityPollers)
	stickyCache := "off"
	if w.cache != nil {
		stickyCache = fmt.Sprintf("%d runs", w.opts.StickyCacheSize)
	}
	w.logger.Info("worker started", "workflows", workflows, "activities", activities, "sticky_cache", stickyCache, "sticky_queue", w.stickyQueue)
	return nil
}

// namespaceCheckTimeout bounds Start's look at the namespace: a server not
// up yet is left to the pollers, which retry.
const namespaceCheckTimeout = 5 * time.Second

// checkNamespace fails Start at once when the namespace does not exist, the
// commonest mistake in a worker's setup; any other answer is only logged.
func (w *Worker) checkNamespace(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, namespaceCheckTimeout)
	defer cancel()
	ns := w.client.Namespace()
	_, err := w.service.DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: ns})
	if err == nil || ctx.Err() != nil {
		return nil // Stop ended the start, or the caller's ctx did: Start says so
	}
	if st, ok := grpcStatus(err); ok {
		if _, missing := serviceerror.FromStatus(st).(*serviceerror.NamespaceNotFound); missing {
			return fmt.Errorf("worker: namespace %q does not exist: create it (temporal operator namespace create --namespace %s), or fix the client's Namespace / TEMPORAL_NAMESPACE", ns, ns)
		}
	}
	w.logger.Warn("could not check the namespace; starting anyway, and the pollers retry", "namespace", ns, "error", err)
	return nil
}

// startWorkflowPollers starts the workflow pollers and returns what runs
// workflows' first tasks handed over by eager starts, on the same slots and
// executors.
func (w *Worker) startWorkflowPollers(deployment *pollVersioning, eager *eagerActivities) *eagerWorkflows {
	capabilities := w.client.ServerCapabilities()
	h := &workflowTaskHandler{
		service: w.service, namespace: w.client.Namespace(), taskQueue: w.taskQueue, identity: w.opts.Identity,
		registry: w.Registry, activityRegistered: w.Registry.hasActivity,
		dataConverter: w.client.DataConverter(), failureConverter: w.client.FailureConverter(),
		deadlockTimeout: w.opts.DeadlockDetectionTimeout, logger: w.logger, cache: w.cache, closer: w.closer, metrics: w.metrics,
		interceptors:    w.opts.Interceptors,
		sdkMetadata:     capabilities.GetSdkMetadata(),
		failWorkflows:   w.opts.WorkflowPanicPolicy == FailWorkflow,
		deployment:      deployment.deploymentOptions(),
		versionStamp:    deployment.stamp(),
		sleepSummary:    sleepSummary(w.client.DataConverter()),
		defaultBehavior: w.opts.VersioningBehavior,
		eager:           eager,
		localActivities: &localActivityRunner{
			registry: w.Registry, dataConverter: w.client.DataConverter(), logger: w.logger,
			taskQueue: w.taskQueue, namespace: w.client.Namespace(), metrics: w.metrics,
			interceptors: w.opts.Interceptors,
			slots:        make(chan struct{}, w.opts.MaxConcurrentLocalActivities),
			running:      &w.workflowTasks,
			stop:         w.activityCtx,
			workerStop:   w.stopping,
			limiter:      perSecond(w.opts.WorkerLocalActivitiesPerSecond),
		},
	}
	queues := [2]*taskqueuepb.TaskQueue{normalQueue: {Name: w.taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL}}
	var balancer *pollBalancer
	if w.cache != nil {
		queues[stickyQueue] = &taskqueuepb.TaskQueue{Name: w.stickyQueue, Kind: enumspb.TASK_QUEUE_KIND_STICKY, NormalName: w.taskQueue}
		h.sticky = &taskqueuepb.StickyExecutionAttributes{
			WorkerTaskQueue:        queues[stickyQueue],
			ScheduleToStartTimeout: durationpb.New(w.opts.StickyScheduleToStartTimeout),
		}
		balancer = &pollBalancer{}
	}
	poll := func(ctx context.Context) (*workflowservice.PollWorkflowTaskQueueResponse, error) {
		q := normalQueue
		if balancer != nil {
			q = balancer.next()
		}
		task, err := w.service.PollWorkflowTaskQueue(ctx, &workflowservice.PollWorkflowTaskQueueRequest{
			Namespace: w.client.Namespace(), TaskQueue: queues[q], Identity: w.opts.Identity,
			DeploymentOptions: deployment.deploymentOptions(),
			//lint:ignore SA1019 build-ID versioning without a Worker Deployment has only this field
			WorkerVersionCapabilities: deployment.capabilities(),
		}, client.WithoutRetries()) // runPoller backs off and logs
		if balancer != nil {
			balancer.done(q, task, err)
		}
		return task, err
	}
	pollers := w.workflowPollerCount()
	slots := make(chan struct{}, w.opts.MaxConcurrentWorkflowTasks)
	pool := newExecutors()
	handle := func(t *workflowservice.PollWorkflowTaskQueueResponse) {
		defer w.recoverTask("workflow task", "workflow_type", t.GetWorkflowType().GetName(), "workflow_id", t.GetWorkflowExecution().GetWorkflowId())
		if err := h.handle(w.taskCtx, t); err != nil {
			w.logTaskError("workflow task failed", err)
		}
	}
	startPollers(w, pollers, pollerSpec[*workflowservice.PollWorkflowTaskQueueResponse]{
		kind:       "workflow tasks",
		workerType: "WorkflowWorker",
		slots:      slots,
		executors:  pool,
		tasks:      &w.workflowTasks,
		poll:       poll,
		empty:      func(t *workflowservice.PollWorkflowTaskQueueResponse) bool { return len(t.GetTaskToken()) == 0 },
		handle:     handle,
	})
	return &eagerWorkflows{w: w, slots: slots, executors: pool, deployment: deployment.deploymentOptions(), handler: h, handle: handle}
}

// workflowPollerCount is the workflow pollers the worker runs: with a
// sticky queue each queue needs a poller of its own.
func (w *Worker) workflowPollerCount() int {
	if w.cache != nil {
		return max(w.opts.WorkflowPollers, 2)
	}
	return w.opts.WorkflowPollers
}

// startActivityPollers starts the activity pollers and returns what runs
// activities handed back eagerly, on the same slots and executors.
func (w *Worker) startActivityPollers(deployment *pollVersioning) *eagerActivities {
	h := &activityTaskHandler{
		service: w.service, namespace: w.client.Namespace(), identity: w.opts.Identity, taskQueue: w.taskQueue,
		registry: w.Registry, dataConverter: w.client.DataConverter(), failureConverter: w.client.FailureConverter(),
		logger: w.logger, metrics: w.metrics, interceptors: w.opts.Interceptors, heartbeatInterval: w.opts.HeartbeatInterval, heartbeatRPCTimeout: w.opts.HeartbeatRPCTimeout,
		workerStop: w.stopping, versionStamp: deployment.stamp(), deployment: deployment.deploymentOptions(),
	}
	queue := &taskqueuepb.TaskQueue{Name: w.taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL}
	slots := make(chan struct{}, w.opts.MaxConcurrentActivities)
	pool := newExecutors()
	handle := func(t *workflowservice.PollActivityTaskQueueResponse) {
		defer w.activityTasks.track(t.GetActivityType().GetName())()
		defer w.recoverTask("activity task", "activity_type", t.GetActivityType().GetName(), "activity_id", t.GetActivityId(),
			"workflow_id", t.GetWorkflowExecution().GetWorkflowId())
		if err := h.handle(w.activityCtx, w.taskCtx, t); err != nil {
			// The attempt ran; only its outcome did not reach the server,
			// which retries the attempt once it times out.
			w.logTaskError("reporting an activity's outcome failed", err)
		}
	}
	var taskQueueMetadata *taskqueuepb.TaskQueueMetadata
	if r := w.opts.TaskQueueActivitiesPerSecond; r > 0 {
		taskQueueMetadata = &taskqueuepb.TaskQueueMetadata{MaxTasksPerSecond: wrapperspb.Double(r)}
	}
	startPollers(w, w.opts.ActivityPollers, pollerSpec[*workflowservice.PollActivityTaskQueueResponse]{
		kind:       "activity tasks",
		workerType: "ActivityWorker",
		slots:      slots,
		executors:  pool,
		tasks:      &w.activityTasks,
		poll: func(ctx context.Context) (*workflowservice.PollActivityTaskQueueResponse, error) {
			return w.service.PollActivityTaskQueue(ctx, &workflowservice.PollActivityTaskQueueRequest{
				Namespace: w.client.Namespace(), TaskQueue: queue, Identity: w.opts.Identity,
				DeploymentOptions: deployment.deploymentOptions(),
				//lint:ignore SA1019 build-ID versioning without a Worker Deployment has only this field
				WorkerVersionCapabilities: deployment.capabilities(),
				TaskQueueMetadata:         taskQueueMetadata,
			}, client.WithoutRetries()) // runPoller backs off and logs
		},
		empty:   func(t *workflowservice.PollActivityTaskQueueResponse) bool { return len(t.GetTaskToken()) == 0 },
		handle:  handle,
		limiter: perSecond(w.opts.WorkerActivitiesPerSecond),
	})
	return &eagerActivities{
		taskQueue: w.taskQueue,
		slots:     slots,
		stopping:  func() bool { return w.pollCtx.Err() != nil || w.opts.DisableEagerActivities },
		run: func(t *workflowservice.PollActivityTaskQueueResponse) {
			w.eagerMu.Lock()
			closed := w.eagerClosed
			if !closed {
				w.metrics.slot("ActivityWorker", 1)
				pool.run(w.pollCtx, &w.activityTasks, func() {
					defer func() {
						w.metrics.slot("ActivityWorker", -1)
						<-slots
					}()
					handle(t)
				})
			}
			w.eagerMu.Unlock()
			if closed {
				<-slots
				h.refuse(context.WithoutCancel(w.taskCtx), t, ErrWorkerStopping)
			}
		},
		refuse: func(t *workflowservice.PollActivityTaskQueueResponse, cause error) {
			h.refuse(context.WithoutCancel(w.taskCtx), t, cause)
		},
	}
}

// sleepSummary encodes the summary of workflow.Sleep's timers once for the
// worker's runs, or nil, leaving the engine to encode it per timer, when
// dc cannot.
func sleepSummary(dc converter.DataConverter) *sdkpb.UserMetadata {
	m, err := engine.SleepSummary(dc)
	if err != nil {
		return nil
	}
	return m
}

// perSecond is a limiter of rate r, one at a time; nil for no limit.
func perSecond(r float64) *rate.Limiter {
	if r <= 0 {
		return nil
	}
	return rate.NewLimiter(rate.Limit(r), 1)
}

// recoverTask, deferred by a task's handler, keeps a panic outside the
// workflow's or activity's own code (which the worker recovers where it
// runs) from taking the process and every other task down: a data
// converter, codec, failure converter or interceptor that panics. The
// task is logged with the stack and left to the server, which retries it
// once it times out.
func (w *Worker) recoverTask(kind string, attrs ...any) {
	if r := recover(); r != nil {
		w.logger.Error("a "+kind+" panicked outside workflow and activity code (in a converter, codec or interceptor?); the server retries it once it times out",
			append(attrs, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))...)
	}
}

func (w *Worker) logTaskError(msg string, err error) {
	if w.taskCtx.Err() != nil {
		return // stopping: calls fail because we cancelled them
	}
	var (
		nde      *temporal.NondeterminismError
		panicked *coroutine.PanicError
		stuck    *coroutine.DeadlockError
	)
	switch {
	case errors.As(err, &nde):
		w.logger.Error(msg+": the workflow's code no longer matches its history; it waits for fixed code", "error", err)
	case errors.As(err, &panicked):
		// A bug in workflow code, as grave as nondeterminism: the task is
		// retried and fails again until the code is fixed.
		w.logger.Error(msg+": the workflow panicked; it waits for fixed code", "error", err, "stack", panicked.Stack)
	case errors.As(err, &stuck):
		w.logger.Error(msg+": workflow code ran without yielding past the deadlock timeout; it waits for fixed code", "error", err, "stack", stuck.Stack)
	default:
		w.logger.Warn(msg, "error", err)
	}
}

// reportFatal hands the first fatal error to Run and to OnFatalError, and
// stops the worker: it can no longer poll, and a worker started with Start
// has no Run to stop it.
func (w *Worker) reportFatal(err error) {
	first := false
	w.fatalOnce.Do(func() { first = true })
	if !first {
		return
	}
	w.fatal <- err // buffered for one: Run may be gone
	go func() {
		if w.opts.OnFatalError != nil {
			w.opts.OnFatalError(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), w.opts.GracefulStopTimeout+time.Minute)
		defer cancel()
		if stopErr := w.Stop(ctx); stopErr != nil {
			w.logger.Error("stopping the worker after a fatal error", "error", stopErr)
		}
	}()
}

// Stop stops the worker gracefully and waits until it has stopped, or ctx
// ends:
//  1. polling stops, and the server is told the worker is gone
//     (ShutdownWorker), so tasks of runs cached here go to other workers
//     at once instead of after the sticky timeout;
//  2. running workflow tasks, the local activities they run, and running
//     activities get Options.GracefulStopTimeout to finish; then the
//     contexts of activities and local activities are cancelled with
//     ErrWorkerStopping and activities' outcomes reported (a workflow task
//     whose local activity was cancelled fails, and its workflow goes on
//     on another worker); an activity a workflow task is handed after
//     that is not run but reported failed, for the server to retry it;
//  3. cached runs are released.
//
// If ctx ends first, everything still running is cancelled and Stop
// returns ctx's error. Calling Stop again waits for the first call.
func (w *Worker) Stop(ctx context.Context) error {
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		select {
		case <-w.done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	w.stopped = true
	close(w.stopping)
	started := w.started
	if w.cancelStart != nil {
		w.cancelStart()
	}
	w.mu.Unlock()
	if !started {
		close(w.done)
		return nil
	}
	defer close(w.done)

	// Before polling stops, so no start reserves a slot of a worker that
	// no longer takes tasks.
	if w.eagerWorkflows != nil {
		w.client.DeregisterEagerWorkflowExecutor(w.eagerWorkflows)
	}
	w.stopPolling()
	w.pollers.Wait() // a poller's last task is counted before it returns
	shutdownErr := w.shutdownWorker(ctx)

	// One grace period covers workflow tasks (with the local activities
	// they run) and activities.
	grace, cancelGrace := context.WithTimeout(ctx, w.opts.GracefulStopTimeout)
	defer cancelGrace()
	var errs []error
	waitFor := func(tasks *taskGroup, what string) {
		if tasks.wait(grace) {
			return
		}
		w.cancelActivities(ErrWorkerStopping)
		if !tasks.wait(ctx) {
			if running := tasks.describe(); running != "" {
				what += " (" + running + ")"
			}
			errs = append(errs, fmt.Errorf("worker: stop: %s still running after their contexts were cancelled: %w; code that ignores its context.Context keeps them running", what, ctx.Err()))
		}
	}
	w.eagerMu.Lock()
	w.eagerWorkflowsClosed = true
	w.eagerMu.Unlock()
	waitFor(&w.workflowTasks, "workflow tasks or local activities")
	// Workflow tasks that outlived ctx may still be handed activities.
	w.eagerMu.Lock()
	w.eagerClosed = true
	w.eagerMu.Unlock()
	waitFor(&w.activityTasks, "activities")
	w.cancelActivities(ErrWorkerStopping)
	w.cancelTasks()
	if w.cache != nil {
		// A task still running holds its run outside the cache, and
		// closes it when it ends instead of putting it back.
		w.cache.clear()
	}
	w.logger.Info("worker stopped")
	if shutdownErr != nil {
		w.logger.Warn("telling the server the worker stopped failed; its sticky tasks move on after the sticky timeout", "error", shutdownErr)
	}
	return errors.Join(errs...)
}

// shutdownWorker tells the server this worker is gone.
func (w *Worker) shutdownWorker(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, respondTimeout)
	defer cancel()
	_, err := w.service.ShutdownWorker(ctx, &workflowservice.ShutdownWorkerRequest{
		Namespace:       w.client.Namespace(),
		StickyTaskQueue: w.stickyQueue,
		Identity:        w.opts.Identity,
		Reason:          "graceful stop",
		TaskQueue:       w.taskQueue,
	})
	return err
}

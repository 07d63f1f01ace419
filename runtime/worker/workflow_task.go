package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	deploymentpb "go.temporal.io/api/deployment/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	querypb "go.temporal.io/api/query/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc/codes"

	"github.com/workflowdef/workflowdef/internal/historypage"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/internal/commands"
	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// workflowTaskHandler answers polled workflow tasks. It gathers a task's
// whole history (paging through the rest when the poll carried only the
// first page), runs the engine over it and sends what the engine produced.
//
// With a sticky cache, a run whose last task this handler completed goes on
// from where it stopped; without one, or on a miss, the run is replayed
// from its first event.
type workflowTaskHandler struct {
	service   workflowservice.WorkflowServiceClient
	namespace string
	// taskQueue is the worker's task queue, whose name every run started
	// on it keeps (see engine.Params.TaskQueue).
	taskQueue string
	identity  string
	registry  *Registry

	dataConverter    converter.DataConverter
	failureConverter temporal.FailureConverter
	deadlockTimeout  time.Duration
	logger           *slog.Logger
	// cache keeps runs between their tasks; nil replays every task from
	// the start.
	cache *stickyCache
	// closer closes runs, and refuses those whose code it could not end.
	closer *runCloser
	// sleepSummary is the summary of workflow.Sleep's timers, encoded once
	// for every run; nil when the data converter cannot encode it.
	sleepSummary *sdkpb.UserMetadata
	// sticky names this worker's sticky queue in completions so the
	// server sends a cached run's next task here, with only the new
	// events; nil leaves every task on the normal queue.
	sticky *taskqueuepb.StickyExecutionAttributes
	// sdkMetadata is the server's SdkMetadata capability: flags are
	// recorded only when the server keeps them.
	sdkMetadata bool
	// deployment versions completions of a Worker Deployment worker; nil
	// for every other worker. defaultBehavior is the versioning behaviour
	// of workflow types registered without one.
	deployment      *deploymentpb.WorkerDeploymentOptions
	defaultBehavior enumspb.VersioningBehavior
	// versionStamp names the build ID a build-ID versioned worker
	// completes tasks with, so history shows which code ran each; nil for
	// every other worker.
	versionStamp *commonpb.WorkerVersionStamp
	// eager runs activities handed back in completions; nil never asks.
	eager *eagerActivities
	// failWorkflows fails a workflow whose code panics or diverges from
	// its history, rather than its task (Options.WorkflowPanicPolicy).
	failWorkflows bool
	metrics       *workerMetrics
	interceptors  []interceptor.Worker
	// localActivities runs the local activities workflows ask for; nil
	// fails such tasks (the workflow waits for a worker that has one).
	localActivities *localActivityRunner
	// activityRegistered is registry.hasActivity, made once for every
	// run's engine (see localActivityRegistered) rather than once each.
	activityRegistered func(string) bool
}

// localActivityRegistered is the engine's check of local activities
// called by name, when this worker runs local activities.
func (h *workflowTaskHandler) localActivityRegistered() func(string) bool {
	if h.localActivities == nil {
		return nil
	}
	return h.activityRegistered
}

// localActivitiesUnsupportedError fails a workflow task whose workflow
// asked for a local activity on a worker that cannot run one. The task is
// retried, so the workflow waits for a worker that can.
type localActivitiesUnsupportedError struct {
	WorkflowType string
	ActivityType string
}

func (e *localActivitiesUnsupportedError) Error() string {
	return fmt.Sprintf("worker: workflow %s asked for local activity %s, which this worker does not run; the workflow waits until a worker that runs local activities picks up the task",
		e.WorkflowType, e.ActivityType)
}

// handle processes task and every task the server hands back in its
// response, until one response carries none. It returns the error of the
// last task that failed, after reporting it to the server.
func (h *workflowTaskHandler) handle(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse) error {
	for task != nil {
		next, err := h.handleOne(ctx, task)
		if err != nil {
			return err
		}
		task = next
	}
	return nil
}

// handleOne processes one task and returns the next one the server handed
// back, if any. While it works on the task's run, another task for the same
// run waits for it (see stickyCache.checkout).
func (h *workflowTaskHandler) handleOne(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse) (*workflowservice.PollWorkflowTaskQueueResponse, error) {
	// The server's task timeout runs from the poll's answer: a wait for
	// the run below counts toward it, so local activities heartbeat the
	// task counting from here.
	received := time.Now()
	if h.cache != nil {
		defer h.cache.checkout(ctx, task.GetWorkflowExecution().GetRunId())()
	}
	if task.GetQuery() != nil {
		return nil, h.answerLegacyQuery(ctx, task)
	}
	h.metrics.workflowTaskWaited(task)
	start := time.Now()
	run, completed, current, taskErr := h.process(ctx, task, received)
	h.metrics.workflowTask(task.GetWorkflowType().GetName(), start, taskErr)
	if taskErr != nil {
		if !h.failWorkflows || !failsWorkflow(taskErr) {
			return nil, h.fail(ctx, current, taskErr)
		}
		// Options.WorkflowPanicPolicy FailWorkflow: the bug closes the
		// workflow instead of holding it for fixed code.
		// The run is already closed.
		var failed *failedTask
		errors.As(taskErr, &failed)
		run, completed = nil, h.failWorkflow(current, taskErr, failed.commands())
	}
	reserved := h.eager.request(completed.GetCommands())
	resp, err := h.service.RespondWorkflowTaskCompleted(ctx, completed)
	h.eager.dispatch(reserved, resp.GetActivityTasks())
	if err != nil {
		// The server may not have the commands: the run is rebuilt
		// from history next time.
		if run != nil {
			h.closer.close(run.x)
		}
		tooLarge := messageTooLarge(err) // before wrapping, which changes the status's message
		err = fmt.Errorf("worker: completing the workflow task of %s: %w", describeTask(current), err)
		if tooLarge {
			// Retrying sends the same message again. Fail the task with
			// the cause the official SDKs give, so the history says why
			// the workflow does not move, instead of letting it time out.
			return nil, h.failWithCause(ctx, current, fmt.Errorf("%w: the commands and their payloads exceed the gRPC message limit; make the workflow's results, activity inputs and signals smaller, or store large data elsewhere and pass a reference", err), enumspb.WORKFLOW_TASK_FAILED_CAUSE_GRPC_MESSAGE_TOO_LARGE)
		}
		return nil, err
	}
	if h.metrics != nil && run != nil {
		h.metrics.workflowClosed(current.GetWorkflowType().GetName(), completed.GetCommands(), run.x.Info().StartTime)
	}
	switch {
	case run == nil:
	case resp.GetResetHistoryEventId() != 0:
		// The server discarded the task (a speculative task that only
		// rejected updates): the run goes back to before the task's
		// own events, as if it never ran, and stays cached. The next
		// task follows the reset point, so a rebuild would have to
		// replay the whole history for nothing.
		reset := resp.GetResetHistoryEventId()
		if err := run.x.DiscardTask(reset); err != nil {
			h.logger.Debug("worker: rebuilding a run after the server discarded its task", "workflow_id", current.GetWorkflowExecution().GetWorkflowId(), "run_id", run.runID, "error", err)
			h.closer.close(run.x)
			break
		}
		run.lastStartedEventID = reset
		h.release(run)
	default:
		run.lastStartedEventID = current.GetStartedEventId()
		h.release(run)
	}
	return resp.GetWorkflowTask(), nil
}

// release keeps a run whose task completed in the sticky cache, or closes
// it when there is no cache or the workflow function returned: nothing is
// left to cache.
func (h *workflowTaskHandler) release(run *cachedRun) {
	if h.cache == nil || run.x.Closed() {
		h.closer.close(run.x)
	} else {
		h.cache.put(run)
	}
	if h.cache != nil {
		h.metrics.cacheSize(h.cache.count())
	}
}

// process runs the engine over task's history, and the local activities
// the workflow asks for, and builds the task's completion. Long local
// activities may complete the task early and go on with the next one the
// server returns; current is the task the completion answers. began is
// when the poll answered with task. On error the run is already closed.
func (h *workflowTaskHandler) process(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, began time.Time) (run *cachedRun, req *workflowservice.RespondWorkflowTaskCompletedRequest, current *workflowservice.PollWorkflowTaskQueueResponse, err error) {
	run, events, err := h.run(ctx, task)
	if err != nil {
		return nil, nil, task, err
	}
	c, err := run.x.ProcessTask(&engine.Task{
		Events:                 events,
		PreviousStartedEventID: task.GetPreviousStartedEventId(),
		StartedEventID:         task.GetStartedEventId(),
		Messages:               task.GetMessages(),
	})
	if err == nil && len(c.LocalActivities) != 0 && !c.Closed {
		c, task, err = h.runLocalActivities(ctx, task, run, c, lastEventTime(events), began)
	}
	if err != nil {
		var live []*commandpb.Command
		if h.failWorkflows && failsWorkflow(err) {
			live = run.x.LiveCommands()
		}
		h.closer.close(run.x)
		err = h.classify(task, err)
		if len(live) != 0 {
			err = &failedTask{err: err, liveCommands: live}
		}
		return nil, nil, task, err
	}
	req = h.completion(task, c)
	req.QueryResults = h.queryResults(run.x, task)
	return run, req, task, nil
}

// completion is the response that sends c for task.
func (h *workflowTaskHandler) completion(task *workflowservice.PollWorkflowTaskQueueResponse, c *engine.Completion) *workflowservice.RespondWorkflowTaskCompletedRequest {
	req := &workflowservice.RespondWorkflowTaskCompletedRequest{
		TaskToken:             task.GetTaskToken(),
		Commands:              c.Commands,
		Messages:              c.Messages,
		Identity:              h.identity,
		Namespace:             h.namespace,
		ReturnNewWorkflowTask: true,
		// A speculative task that only rejected updates leaves no trace in
		// history even when the previous task's events came after its
		// completion; the server then answers ResetHistoryEventId.
		Capabilities: &workflowservice.RespondWorkflowTaskCompletedRequest_Capabilities{
			DiscardSpeculativeWorkflowTaskWithEvents: true,
		},
		SdkMetadata: &sdkpb.WorkflowTaskCompletedMetadata{
			LangUsedFlags: c.Flags,
			SdkName:       client.Name,
			SdkVersion:    client.Version,
		},
	}
	if h.cache != nil && h.sticky != nil && !c.Closed {
		req.StickyAttributes = h.sticky
	}
	if h.versionStamp != nil {
		//lint:ignore SA1019 build-ID versioning without a Worker Deployment has only this field
		req.WorkerVersionStamp = h.versionStamp
	}
	if h.deployment != nil {
		req.DeploymentOptions = h.deployment
		if h.deployment.GetWorkerVersioningMode() == enumspb.WORKER_VERSIONING_MODE_VERSIONED {
			// Every completion says it, not only the first: the server
			// takes the latest, so a run keeps the behaviour its type has
			// in the code that runs it now.
			req.VersioningBehavior = h.versioningBehavior(task.GetWorkflowType().GetName())
		}
	}
	return req
}

// versioningBehavior is the behaviour a versioned worker reports for a task
// of workflowType: the type's own, or the worker's default.
func (h *workflowTaskHandler) versioningBehavior(workflowType string) enumspb.VersioningBehavior {
	if b := h.registry.versioningBehavior(workflowType); b != enumspb.VERSIONING_BEHAVIOR_UNSPECIFIED {
		return b
	}
	return h.defaultBehavior
}

// newEvents drops the events a cached run has already applied. A task
// from the sticky queue carries only new events, but one from the normal
// queue carries the whole history even when this worker has the run
// cached (the server moved the run off the sticky queue, as versioning
// can).
func newEvents(events []*historypb.HistoryEvent, lastStarted int64) []*historypb.HistoryEvent {
	for len(events) != 0 && events[0].GetEventId() <= lastStarted {
		events = events[1:]
	}
	return events
}

// lastEventTime is the time of a task's last event, its
// WorkflowTaskStarted: the workflow's clock during the task.
func lastEventTime(events []*historypb.HistoryEvent) time.Time {
	if len(events) == 0 {
		return time.Time{}
	}
	return events[len(events)-1].GetEventTime().AsTime()
}

// run returns the task's run with the events it has not seen: the cached
// execution when it completed the server's previous task, otherwise a
// fresh one with the whole history.
func (h *workflowTaskHandler) run(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse) (*cachedRun, []*historypb.HistoryEvent, error) {
	runID := task.GetWorkflowExecution().GetRunId()
	if h.cache != nil {
		if cached := h.cache.take(runID); cached != nil {
			if cached.lastStartedEventID == task.GetPreviousStartedEventId() {
				h.metrics.sticky(task.GetWorkflowType().GetName(), true)
				events, err := h.history(ctx, task)
				if err != nil {
					h.closer.close(cached.x)
					return nil, nil, err
				}
				return cached, newEvents(events, cached.lastStartedEventID), nil
			}
			// The server's last completed task is not ours (a completion
			// was lost, or the run was reset): rebuild.
			h.closer.close(cached.x)
		}
	}
	h.metrics.sticky(task.GetWorkflowType().GetName(), false)
	x, events, err := h.execution(ctx, task)
	if err != nil {
		return nil, nil, err
	}
	return &cachedRun{runID: runID, x: x}, events, nil
}

// execution builds a fresh execution of the task's run and returns it with
// the run's whole history up to the task.
func (h *workflowTaskHandler) execution(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse) (*engine.Execution, []*historypb.HistoryEvent, error) {
	registered, err := h.registry.workflow(task.GetWorkflowType().GetName())
	if err != nil {
		return nil, nil, err
	}
	fn := registered.fn
	if err := h.closer.check(task.GetWorkflowExecution().GetRunId()); err != nil {
		return nil, nil, err
	}
	events, err := h.history(ctx, task)
	if err != nil {
		return nil, nil, err
	}
	if len(events) == 0 || events[0].GetEventId() != 1 {
		// A sticky task carries only the events since the run's last task;
		// without the run in the cache the whole history is needed.
		full, err := h.fullHistory(ctx, task)
		if err != nil {
			return nil, nil, err
		}
		if events, err = joinTaskEvents(full, events, task.GetStartedEventId()); err != nil {
			return nil, nil, fmt.Errorf("worker: rebuilding %s: %w", describeTask(task), err)
		}
	}
	if len(h.interceptors) != 0 {
		fn = interceptedWorkflow(h.interceptors, task.GetWorkflowType().GetName(), fn)
	}
	x := engine.NewExecution(engine.Params{
		Workflow:           fn,
		DataConverter:      h.dataConverter,
		FailureConverter:   h.failureConverter,
		SdkMetadataCapable: h.sdkMetadata,
		DeadlockTimeout:    h.deadlockTimeout,
		Namespace:          h.namespace,
		Logger:             h.logger,
		MetricsHandler:     h.metrics.workflow(task.GetWorkflowType().GetName()),
		SleepSummary:       h.sleepSummary,
		WorkflowID:         task.GetWorkflowExecution().GetWorkflowId(),
		RunID:              task.GetWorkflowExecution().GetRunId(),
		WorkflowType:       registered.name,
		TaskQueue:          h.taskQueue,
		InterceptHandlers:  interceptedHandlers(h.interceptors),
		// Without local activities here (localActivitiesUnsupportedError),
		// every call waits for a worker that runs them.
		LocalActivityRegistered: h.localActivityRegistered(),
	})
	return x, events, nil
}

// interceptedHandlers builds each run's chain of signal, query and update
// handlers from the interceptors that intercept them; nil when none does,
// so runs deliver straight to their handlers.
func interceptedHandlers(interceptors []interceptor.Worker) func(engine.Context, engine.WorkflowHandlers) engine.WorkflowHandlers {
	if !slices.ContainsFunc(interceptors, func(i interceptor.Worker) bool {
		_, ok := i.(interceptor.HandlersInterceptor)
		return ok
	}) {
		return nil
	}
	return func(ctx engine.Context, root engine.WorkflowHandlers) engine.WorkflowHandlers {
		return interceptor.ChainWorkflowHandlers(interceptors, ctx, root)
	}
}

// interceptedWorkflow runs fn through the worker's interceptors, and the
// run's calls out through the outbound chain they installed.
func interceptedWorkflow(interceptors []interceptor.Worker, workflowType string, fn engine.WorkflowFunc) engine.WorkflowFunc {
	chain := interceptor.ChainWorkflow(interceptors, interceptor.WorkflowFunc(func(ctx workflow.Context, in *interceptor.ExecuteWorkflowInput) (*commonpb.Payloads, error) {
		engine.SetWorkflowOutbound(ctx, in.Outbound)
		return fn(ctx, in.Args)
	}))
	return func(ctx engine.Context, input *commonpb.Payloads) (*commonpb.Payloads, error) {
		return chain.ExecuteWorkflow(ctx, &interceptor.ExecuteWorkflowInput{
			WorkflowType: workflowType,
			Header:       engine.GetInfo(ctx).Header,
			Args:         input,
			Outbound:     engine.RootWorkflowOutbound(),
		})
	}
}

// history returns the task's events with every page the poll left out.
// The server may answer a page with no events but a token; paging goes on
// until the token is empty or ctx ends.
func (h *workflowTaskHandler) history(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse) ([]*historypb.HistoryEvent, error) {
	return h.fetchHistory(ctx, task, task.GetHistory().GetEvents(), task.GetNextPageToken())
}

// fullHistory fetches the run's history from its first event.
func (h *workflowTaskHandler) fullHistory(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse) ([]*historypb.HistoryEvent, error) {
	return h.fetchHistory(ctx, task, nil, nil)
}

// fetchHistory appends to events the pages from token on (from the first
// page when events is empty), cut at the task's started event: later
// events belong to the next task.
func (h *workflowTaskHandler) fetchHistory(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, events []*historypb.HistoryEvent, token []byte) ([]*historypb.HistoryEvent, error) {
	events, err := historypage.Collect(ctx, events, token, func(ctx context.Context, token []byte) ([]*historypb.HistoryEvent, []byte, error) {
		resp, err := h.service.GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
			Namespace:     h.namespace,
			Execution:     task.GetWorkflowExecution(),
			NextPageToken: token,
		})
		if err != nil {
			return nil, nil, err
		}
		page, err := historypage.Events(resp)
		return page, resp.GetNextPageToken(), err
	})
	if err != nil {
		return nil, fmt.Errorf("worker: fetching the history of %s: %w", describeTask(task), err)
	}
	if started := task.GetStartedEventId(); started > 0 {
		for i, e := range events {
			if e.GetEventId() > started {
				return events[:i], nil
			}
		}
	}
	return events, nil
}

// joinTaskEvents completes a history fetched from the server with the
// task's own events. A speculative task's WorkflowTaskScheduled and
// WorkflowTaskStarted (an update's task, say) exist only in the poll
// response until the task completes, so a fetched history can stop short
// of them; the task's events, which the server sent in order, fill the
// rest. started is the task's started event (0 when unknown).
func joinTaskEvents(fetched, task []*historypb.HistoryEvent, started int64) ([]*historypb.HistoryEvent, error) {
	last := int64(0)
	if len(fetched) != 0 {
		last = fetched[len(fetched)-1].GetEventId()
	}
	if started != 0 && last >= started {
		return fetched, nil
	}
	for i, e := range task {
		if e.GetEventId() <= last {
			continue
		}
		if e.GetEventId() != last+1 {
			return nil, &HistoryGapError{FetchedThrough: last, TaskFrom: e.GetEventId(), StartedEventID: started}
		}
		return append(fetched, task[i:]...), nil
	}
	if started != 0 {
		return nil, &HistoryGapError{FetchedThrough: last, TaskFrom: 0, StartedEventID: started}
	}
	return fetched, nil
}

// HistoryGapError reports a workflow task whose history could not be
// pieced together: the server's history and the task's own events leave a
// gap before the task's started event. The task fails and the server
// retries it, usually with a whole history.
type HistoryGapError struct {
	// FetchedThrough is the last event of the history the server returned.
	FetchedThrough int64
	// TaskFrom is the first event of the task after FetchedThrough; 0 when
	// the task had none.
	TaskFrom       int64
	StartedEventID int64
}

func (e *HistoryGapError) Error() string {
	if e.TaskFrom == 0 {
		return fmt.Sprintf("the server's history ends at event %d and the task carries no later event, but the task started at event %d", e.FetchedThrough, e.StartedEventID)
	}
	return fmt.Sprintf("the server's history ends at event %d and the task's own events resume at %d, so events %d to %d are missing before the task's started event %d",
		e.FetchedThrough, e.TaskFrom, e.FetchedThrough+1, e.TaskFrom-1, e.StartedEventID)
}

// query answers one query a workflow task carries.
func (h *workflowTaskHandler) query(x *engine.Execution, q *querypb.WorkflowQuery) *querypb.WorkflowQueryResult {
	result, err := x.Query(q.GetQueryType(), q.GetQueryArgs(), q.GetHeader().GetFields())
	if err != nil {
		return &querypb.WorkflowQueryResult{
			ResultType:   enumspb.QUERY_RESULT_TYPE_FAILED,
			ErrorMessage: err.Error(),
			Failure:      h.failureConverter.ErrorToFailure(err),
		}
	}
	return &querypb.WorkflowQueryResult{ResultType: enumspb.QUERY_RESULT_TYPE_ANSWERED, Answer: result}
}

// answerLegacyQuery answers a query task. The server sends one only while
// no workflow task is outstanding, so a cached run that completed the
// server's last task holds the current state; otherwise the run is
// rebuilt from its whole history. No commands are sent either way.
func (h *workflowTaskHandler) answerLegacyQuery(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse) error {
	answer, err := h.legacyQuery(ctx, task)
	req := &workflowservice.RespondQueryTaskCompletedRequest{TaskToken: task.GetTaskToken(), Namespace: h.namespace}
	if answer.GetResultType() == enumspb.QUERY_RESULT_TYPE_ANSWERED {
		req.CompletedType = enumspb.QUERY_RESULT_TYPE_ANSWERED
		req.QueryResult = answer.GetAnswer()
	} else {
		req.CompletedType = enumspb.QUERY_RESULT_TYPE_FAILED
		req.ErrorMessage = answer.GetErrorMessage()
		req.Failure = answer.GetFailure()
	}
	if _, rerr := h.service.RespondQueryTaskCompleted(ctx, req); rerr != nil {
		return errors.Join(err, fmt.Errorf("worker: answering query %q on %s: %w", task.GetQuery().GetQueryType(), describeTask(task), rerr))
	}
	return err
}

// legacyQuery answers a query task's query, from the cached run when it is
// current. The error is the reason the run could not be rebuilt; the
// answer then carries it too.
func (h *workflowTaskHandler) legacyQuery(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse) (*querypb.WorkflowQueryResult, error) {
	if h.cache != nil {
		if cached := h.cache.take(task.GetWorkflowExecution().GetRunId()); cached != nil {
			if cached.lastStartedEventID == task.GetPreviousStartedEventId() {
				answer := h.query(cached.x, task.GetQuery())
				h.cache.put(cached)
				return answer, nil
			}
			h.closer.close(cached.x)
		}
	}
	x, events, err := h.execution(ctx, task)
	if err == nil {
		defer h.closer.close(x)
		// A query sees the state after every completed task, so the
		// history is read through as the replay tool reads it.
		_, err = x.ProcessTask(&engine.Task{Events: events, PreviousStartedEventID: math.MaxInt64, ForQuery: true})
		err = h.classify(task, err)
	}
	if err != nil {
		return &querypb.WorkflowQueryResult{ResultType: enumspb.QUERY_RESULT_TYPE_FAILED, ErrorMessage: err.Error(), Failure: h.failureConverter.ErrorToFailure(err)}, err
	}
	return h.query(x, task.GetQuery()), nil
}

// classify wraps a divergence between code and history as a
// NondeterminismError naming the run.
func (h *workflowTaskHandler) classify(task *workflowservice.PollWorkflowTaskQueueResponse, err error) error {
	return nondeterminism(err, task.GetWorkflowType().GetName(), task.GetWorkflowExecution().GetWorkflowId(), task.GetWorkflowExecution().GetRunId())
}

// nondeterminism wraps err in a [*temporal.NondeterminismError] naming the
// run when it means code and history disagree, and returns it as it is
// otherwise.
func nondeterminism(err error, workflowType, workflowID, runID string) error {
	if err == nil || !isNondeterminism(err) {
		return err
	}
	return &temporal.NondeterminismError{WorkflowType: workflowType, WorkflowID: workflowID, RunID: runID, Cause: err}
}

// isNondeterminism reports the errors that mean code and history disagree,
// as opposed to a bug that fails regardless of history.
func isNondeterminism(err error) bool {
	var (
		mismatch *commands.ReplayMismatchError
		illegal  *commands.IllegalTransitionError
		missing  *commands.MissingCommandError
		differs  *commands.MismatchError
		marker   *engine.MissingMarkerError
		flag     *engine.UnknownSDKFlagError
	)
	return errors.As(err, &mismatch) || errors.As(err, &illegal) || errors.As(err, &missing) ||
		errors.As(err, &differs) || errors.As(err, &marker) || errors.As(err, &flag)
}

// fail reports a task the engine could not complete. Only the first
// attempt is reported, as the official SDKs do: the server retries the
// task either way, and reporting every retry would grow the history with
// each one. The workflow itself is untouched and waits for fixed code.
func (h *workflowTaskHandler) fail(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, taskErr error) error {
	cause := enumspb.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE
	var nde *temporal.NondeterminismError
	if errors.As(taskErr, &nde) {
		cause = enumspb.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR
	}
	return h.failWithCause(ctx, task, taskErr, cause)
}

// failWithCause is fail with the cause given.
func (h *workflowTaskHandler) failWithCause(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, taskErr error, cause enumspb.WorkflowTaskFailedCause) error {
	taskErr = fmt.Errorf("worker: workflow task of %s failed: %w", describeTask(task), taskErr)
	if task.GetAttempt() > 1 {
		return taskErr
	}
	failure := h.failureConverter.ErrorToFailure(taskErr)
	if failure.GetStackTrace() == "" {
		// The stack of a panic or of a stuck coroutine is what the user
		// needs to find the bug; the Temporal UI shows it with the failure.
		failure.StackTrace = workflowStack(taskErr)
	}
	// The worker's version goes with a failure as with a completion, as
	// in the official SDK: the server records which version failed it.
	_, err := h.service.RespondWorkflowTaskFailed(ctx, &workflowservice.RespondWorkflowTaskFailedRequest{
		TaskToken: task.GetTaskToken(),
		Cause:     cause,
		Failure:   failure,
		Identity:  h.identity,
		Namespace: h.namespace,
		//lint:ignore SA1019 build-ID versioning without a Worker Deployment has only this field
		WorkerVersion:     h.versionStamp,
		DeploymentOptions: h.deployment,
	})
	if err != nil {
		return errors.Join(taskErr, fmt.Errorf("worker: reporting the failure: %w", err))
	}
	return taskErr
}

// failsWorkflow reports task errors that WorkflowPanicPolicy FailWorkflow
// turns into a workflow failure: bugs in workflow code, not a worker's
// trouble reaching the server.
func failsWorkflow(err error) bool {
	var (
		panicked *coroutine.PanicError
		stuck    *coroutine.DeadlockError
		nde      *temporal.NondeterminismError
	)
	return errors.As(err, &panicked) || errors.As(err, &stuck) || errors.As(err, &nde)
}

// failWorkflow answers task with a FailWorkflowExecution command whose
// failure is the official SDK's for this policy: a retryable
// ApplicationError ("Workflow failed on panic due to FailWorkflow workflow
// panic policy") caused by the bug, so the workflow's retry policy applies
// as it would there. The cause carries the workflow goroutine's stack.
func (h *workflowTaskHandler) failWorkflow(task *workflowservice.PollWorkflowTaskQueueResponse, taskErr error, live []*commandpb.Command) *workflowservice.RespondWorkflowTaskCompletedRequest {
	cause := fmt.Errorf("workflow %s failed by WorkflowPanicPolicy FailWorkflow: %w", task.GetWorkflowType().GetName(), taskErr)
	var panicked *coroutine.PanicError
	if errors.As(taskErr, &panicked) {
		// The failure the official SDK sends for a panic, so clients see a
		// PanicError with the value and the stack.
		cause = temporal.NewPanicError(panicked.Value, panicked.Stack)
	}
	failure := h.failureConverter.ErrorToFailure(temporal.NewApplicationErrorWithCause(failWorkflowMessage, "", cause))
	if c := failure.GetCause(); c != nil && c.GetStackTrace() == "" && c.GetEncodedAttributes() == nil {
		// A stack moved into encoded attributes stays there.
		c.StackTrace = workflowStack(taskErr)
	}
	// The commands the code made before it failed go first, as the
	// official SDK sends them: the history is the same whichever SDK ran.
	return h.completion(task, &engine.Completion{Closed: true, Commands: append(live, &commandpb.Command{
		CommandType: enumspb.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
		Attributes: &commandpb.Command_FailWorkflowExecutionCommandAttributes{
			FailWorkflowExecutionCommandAttributes: &commandpb.FailWorkflowExecutionCommandAttributes{Failure: failure},
		},
	})})
}

// failedTask is a task error from the workflow's own code with the
// commands that code made before it in the task's live part, which
// WorkflowPanicPolicy FailWorkflow sends ahead of the failure.
type failedTask struct {
	err          error
	liveCommands []*commandpb.Command
}

func (e *failedTask) Error() string { return e.err.Error() }
func (e *failedTask) Unwrap() error { return e.err }

// commands returns the live commands; none for a nil e.
func (e *failedTask) commands() []*commandpb.Command {
	if e == nil {
		return nil
	}
	return e.liveCommands
}

// failWorkflowMessage is the official SDK's message for a workflow that
// WorkflowPanicPolicy FailWorkflow failed.
const failWorkflowMessage = "Workflow failed on panic due to FailWorkflow workflow panic policy"

// workflowStack returns the workflow goroutine stack err carries, if any.
func workflowStack(err error) string {
	var (
		panicked *coroutine.PanicError
		stuck    *coroutine.DeadlockError
	)
	switch {
	case errors.As(err, &panicked):
		return panicked.Stack
	case errors.As(err, &stuck):
		return stuck.Stack
	}
	return ""
}

// describeTask names a task's run for error messages.
func describeTask(task *workflowservice.PollWorkflowTaskQueueResponse) string {
	return fmt.Sprintf("workflow %s (ID %q, run %s)", task.GetWorkflowType().GetName(),
		task.GetWorkflowExecution().GetWorkflowId(), task.GetWorkflowExecution().GetRunId())
}

// messageTooLarge reports gRPC's refusal of a message over its size limit,
// on either side of the connection.
func messageTooLarge(err error) bool {
	if grpcCode(err) != codes.ResourceExhausted {
		return false
	}
	msg := grpcMessage(err)
	for _, prefix := range []string{"grpc: received message larger than max", "grpc: trying to send message larger than max",
		"grpc: message after decompression larger than max", "grpc: received message after decompression larger than max",
		"grpc: message too large", "trying to send message larger than max"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	deploymentpb "go.temporal.io/api/deployment/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc/codes"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/internal/activityenv"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// respondTimeout bounds one task response call.
const respondTimeout = 10 * time.Second

// activityTaskHandler runs polled activity tasks and reports their
// outcome.
type activityTaskHandler struct {
	service             workflowservice.WorkflowServiceClient
	namespace           string
	identity            string
	taskQueue           string
	registry            *Registry
	dataConverter       converter.DataConverter
	failureConverter    temporal.FailureConverter
	logger              *slog.Logger
	metrics             *workerMetrics
	interceptors        []interceptor.Worker
	heartbeatInterval   time.Duration
	heartbeatRPCTimeout time.Duration
	// workerStop is closed when the worker begins to stop.
	workerStop <-chan struct{}
	// versionStamp and deployment say which build answered, as the
	// workflow task completions do; nil without versioning.
	versionStamp *commonpb.WorkerVersionStamp
	deployment   *deploymentpb.WorkerDeploymentOptions
}

// handle runs one attempt. runCtx is cancelled when the worker gives up
// on running activities (its graceful stop ran out); respondCtx outlives
// it so the outcome still reaches the server.
func (h *activityTaskHandler) handle(runCtx, respondCtx context.Context, task *workflowservice.PollActivityTaskQueueResponse) error {
	info := activityenv.Info{
		TaskToken:              task.GetTaskToken(),
		WorkflowNamespace:      task.GetWorkflowNamespace(),
		WorkflowType:           task.GetWorkflowType().GetName(),
		WorkflowID:             task.GetWorkflowExecution().GetWorkflowId(),
		WorkflowRunID:          task.GetWorkflowExecution().GetRunId(),
		ActivityID:             task.GetActivityId(),
		ActivityType:           task.GetActivityType().GetName(),
		TaskQueue:              h.taskQueue,
		Namespace:              h.namespace,
		HeartbeatTimeout:       task.GetHeartbeatTimeout().AsDuration(),
		ScheduleToCloseTimeout: task.GetScheduleToCloseTimeout().AsDuration(),
		StartToCloseTimeout:    task.GetStartToCloseTimeout().AsDuration(),
		RetryPolicy:            temporal.RetryPolicyFromProto(task.GetRetryPolicy()),
		Priority:               temporal.PriorityFromProto(task.GetPriority()),
		ScheduledTime:          task.GetScheduledTime().AsTime(),
		StartedTime:            task.GetStartedTime().AsTime(),
		Attempt:                task.GetAttempt(),
	}
	info.Deadline = attemptDeadline(time.Now(), task.GetStartToCloseTimeout().AsDuration(), info.ScheduledTime, task.GetScheduleToCloseTimeout().AsDuration())

	ctx, cancel := context.WithCancelCause(runCtx)
	defer cancel(nil)
	if !info.Deadline.IsZero() {
		var cancelDeadline context.CancelFunc
		ctx, cancelDeadline = context.WithDeadline(ctx, info.Deadline)
		defer cancelDeadline()
	}
	hb := &heartbeater{
		service: h.service, namespace: h.namespace, identity: h.identity, taskToken: task.GetTaskToken(),
		interval:   heartbeatInterval(info.HeartbeatTimeout, h.heartbeatInterval),
		rpcTimeout: h.heartbeatRPCTimeout, ctx: respondCtx, cancel: cancel, workerStop: h.workerStop,
		pending: task.GetHeartbeatDetails(),
	}
	env := &activityenv.Env{
		Info: info, DataConverter: h.dataConverter, BaseLogger: h.logger,
		Heartbeat: hb.record, KeepAlive: hb.keepAlive, LastHeartbeatDetails: task.GetHeartbeatDetails(),
		WorkerStop: h.workerStop,
	}
	hb.logger = env.Logger
	ctx = activityenv.With(ctx, env)

	start := time.Now()
	result, err := h.invoke(ctx, task)
	unsent := hb.stop()
	if !info.Deadline.IsZero() && errors.Is(ctx.Err(), context.DeadlineExceeded) && runCtx.Err() == nil {
		// The attempt's deadline is the server's timeout too: the server
		// records the timeout itself, and a failure sent now would race it
		// and, when first, make a timeout look like the activity's error.
		env.Logger().Info("activity attempt ended past its deadline; the server reports it timed out", "error", err)
		h.metrics.activityFailed(task)
		return nil
	}
	h.logOutcome(env.Logger(), ctx, err)
	h.metrics.activity(task, start, err, cancelRequested(ctx, err))
	if errors.Is(err, activity.ErrResultPending) {
		hb.flush(unsent)
		return nil
	}
	if cancelRequested(ctx, err) {
		hb.flush(unsent)
	}
	switch rerr := h.respond(respondCtx, task, ctx, result, err, unsent); {
	case errors.Is(rerr, errOutcomeNotRecorded):
		return nil
	case rerr != nil:
		return rerr
	case err == nil:
		h.metrics.activitySucceeded(task)
	}
	return nil
}

// logOutcome logs an attempt that did not succeed, as the official SDK
// does: a panic with its stack, a failure at error level (debug for a
// benign one); a cancellation the workflow asked for is no error.
func (h *activityTaskHandler) logOutcome(logger *slog.Logger, ctx context.Context, err error) {
	var panicErr *temporal.PanicError
	switch {
	case err == nil, errors.Is(err, activity.ErrResultPending):
	case errors.As(err, &panicErr):
		logger.Error("activity panicked", "panic", panicErr.Error(), "stack", panicErr.StackTrace())
	case cancelRequested(ctx, err):
		logger.Info("activity cancelled as its workflow asked", "error", err)
	case isBenign(err):
		logger.Debug("activity attempt failed", "error", err)
	default:
		logger.Error("activity attempt failed", "error", err)
	}
}

// isBenign reports whether err is an ApplicationError of the benign
// category: expected in normal operation, so neither logged as an error
// nor counted as a failure.
func isBenign(err error) bool {
	var appErr *temporal.ApplicationError
	return errors.As(err, &appErr) && appErr.Category() == temporal.ApplicationErrorCategoryBenign
}

// attemptDeadline is the earlier of the attempt's start-to-close and the
// activity's schedule-to-close limits; zero when neither is set.
func attemptDeadline(now time.Time, startToClose time.Duration, scheduled time.Time, scheduleToClose time.Duration) time.Time {
	var d time.Time
	if startToClose > 0 {
		d = now.Add(startToClose)
	}
	if scheduleToClose > 0 && !scheduled.IsZero() {
		if s := scheduled.Add(scheduleToClose); d.IsZero() || s.Before(d) {
			d = s
		}
	}
	return d
}

// invoke calls the activity, turning a panic into a PanicError with the
// stack so the failure shows where it happened.
func (h *activityTaskHandler) invoke(ctx context.Context, task *workflowservice.PollActivityTaskQueueResponse) (result *commonpb.Payloads, err error) {
	activityType := task.GetActivityType().GetName()
	fn, err := h.registry.activity(activityType)
	if err != nil {
		h.metrics.unregisteredActivity(task)
		// The official SDK's type, so a workflow can tell the two apart
		// the same way on either SDK.
		return nil, temporal.NewApplicationError(err.Error(), "ActivityNotRegisteredError")
	}
	return callActivity(ctx, h.interceptors, fn, h.dataConverter, &interceptor.ExecuteActivityInput{
		ActivityType: activityType, Header: task.GetHeader().GetFields(), Args: task.GetInput(),
	})
}

// callActivity runs fn through the interceptors. A panic anywhere in the
// chain fails the attempt with a PanicError carrying the stack.
func callActivity(ctx context.Context, interceptors []interceptor.Worker, fn activityFunc, dc converter.DataConverter, in *interceptor.ExecuteActivityInput) (result *commonpb.Payloads, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, temporal.NewPanicError(r, string(debug.Stack()))
		}
	}()
	root := interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		return fn(ctx, dc, in.Args)
	})
	result, err = interceptor.ChainActivity(interceptors, root).ExecuteActivity(ctx, in)
	var argErr *argumentError
	if errors.As(err, &argErr) {
		// Retryable, as in the official SDK: in a rolling deploy another
		// worker may have the signature the input was written for.
		err = temporal.NewApplicationErrorWithCause(err.Error(), "ActivityArgumentError", err)
	}
	return result, err
}

// refuse fails an activity task the worker will not run, for the server
// to retry it (on another worker) as its retry policy says, instead of
// after the attempt times out.
func (h *activityTaskHandler) refuse(ctx context.Context, task *workflowservice.PollActivityTaskQueueResponse, cause error) {
	h.logger.Warn("activity task refused; the server retries it",
		"activity_type", task.GetActivityType().GetName(), "activity_id", task.GetActivityId(),
		"workflow_id", task.GetWorkflowExecution().GetWorkflowId(), "error", cause)
	if err := h.respond(ctx, task, ctx, nil, cause, nil); err != nil && !errors.Is(err, errOutcomeNotRecorded) {
		h.logger.Warn("reporting a refused activity task failed; the server retries it once the attempt times out", "error", err)
	}
}

// errOutcomeNotRecorded is respond's answer when the server no longer
// waits for the attempt: nothing to retry, nothing recorded.
var errOutcomeNotRecorded = errors.New("worker: the server no longer waits for this activity attempt")

// respond reports the attempt's outcome. A NotFound answer means the
// server already moved on (the attempt timed out, or the workflow closed):
// it is logged, and respond returns errOutcomeNotRecorded.
func (h *activityTaskHandler) respond(ctx context.Context, task *workflowservice.PollActivityTaskQueueResponse, attemptCtx context.Context, result *commonpb.Payloads, err error, unsent *commonpb.Payloads) error {
	ctx, cancel := context.WithTimeout(ctx, respondTimeout)
	defer cancel()
	var rerr error
	switch {
	case err == nil:
		_, rerr = h.service.RespondActivityTaskCompleted(ctx, &workflowservice.RespondActivityTaskCompletedRequest{
			TaskToken: task.GetTaskToken(), Result: result, Identity: h.identity, Namespace: h.namespace,
			DeploymentOptions: h.deployment,
			//lint:ignore SA1019 build-ID versioning without a Worker Deployment has only this field
			WorkerVersion: h.versionStamp,
		})
	case cancelRequested(attemptCtx, err):
		_, rerr = h.service.RespondActivityTaskCanceled(ctx, &workflowservice.RespondActivityTaskCanceledRequest{
			TaskToken: task.GetTaskToken(), Details: h.canceledDetails(task, err), Identity: h.identity, Namespace: h.namespace,
			DeploymentOptions: h.deployment,
			//lint:ignore SA1019 build-ID versioning without a Worker Deployment has only this field
			WorkerVersion: h.versionStamp,
		})
	default:
		if cause := context.Cause(attemptCtx); errors.Is(err, context.Canceled) && cause != nil && !errors.Is(cause, context.Canceled) {
			err = fmt.Errorf("%w: %w", err, cause) // say why: the worker stopping, the server forgetting the attempt
		}
		failure := h.failureConverter.ErrorToFailure(err)
		if failure.GetApplicationFailureInfo() == nil {
			// The server takes only an application failure from an
			// activity and refuses the rest, which would leave the attempt
			// to time out. A CanceledError the server did not ask for is
			// the usual one; the wrapping is the official SDK's.
			if temporal.IsCanceledError(err) {
				err = fmt.Errorf("unexpected activity cancel error: %w", err)
			} else {
				err = fmt.Errorf("activity returned an error only Temporal itself reports: %w", err)
			}
			failure = h.failureConverter.ErrorToFailure(err)
		}
		_, rerr = h.service.RespondActivityTaskFailed(ctx, &workflowservice.RespondActivityTaskFailedRequest{
			TaskToken: task.GetTaskToken(), Failure: failure, Identity: h.identity,
			Namespace: h.namespace, LastHeartbeatDetails: unsent,
			DeploymentOptions: h.deployment,
			//lint:ignore SA1019 build-ID versioning without a Worker Deployment has only this field
			WorkerVersion: h.versionStamp,
		})
	}
	if grpcCode(rerr) == codes.NotFound {
		h.logger.Info("activity outcome not recorded: the server no longer waits for this attempt",
			"activity_type", task.GetActivityType().GetName(), "activity_id", task.GetActivityId(), "error", rerr)
		return errOutcomeNotRecorded
	}
	if rerr != nil {
		return fmt.Errorf("worker: reporting the outcome of activity %s (ID %q) of workflow %q: %w",
			task.GetActivityType().GetName(), task.GetActivityId(), task.GetWorkflowExecution().GetWorkflowId(), rerr)
	}
	return nil
}

// cancelRequested reports whether err is the activity giving in to a
// cancellation the server asked for, which is answered as cancelled
// rather than failed.
func cancelRequested(ctx context.Context, err error) bool {
	return errors.Is(context.Cause(ctx), errCancelRequested) &&
		(errors.Is(err, context.Canceled) || temporal.IsCanceledError(err))
}

// canceledDetails returns the details of the CanceledError err holds. They
// are not a failure's: the data converter writes them, codecs included, as
// in the official SDK. Details it cannot encode are left out and logged.
func (h *activityTaskHandler) canceledDetails(task *workflowservice.PollActivityTaskQueueResponse, err error) *commonpb.Payloads {
	var canceled *temporal.CanceledError
	if !errors.As(err, &canceled) {
		return nil
	}
	details, encErr := canceled.EncodeDetails(h.dataConverter)
	if encErr != nil {
		h.logger.Warn("the details of the activity's CanceledError cannot be encoded; reporting the cancellation without them",
			"activity_type", task.GetActivityType().GetName(), "activity_id", task.GetActivityId(), "error", encErr)
	}
	return details
}

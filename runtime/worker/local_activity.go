package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"golang.org/x/time/rate"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/internal/activityenv"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// localActivityRunner runs the local activities workflow tasks ask for,
// inside the worker, with retries.
type localActivityRunner struct {
	registry      *Registry
	dataConverter converter.DataConverter
	logger        *slog.Logger
	taskQueue     string
	namespace     string
	metrics       *workerMetrics
	interceptors  []interceptor.Worker
	// slots bounds local activities running at once across tasks.
	slots chan struct{}
	// running counts the goroutines running local activities, which may
	// outlive the task that started them; Stop waits for them.
	running *taskGroup
	// stop ends when Stop's grace period is over: running local
	// activities are cancelled with its cause.
	stop context.Context
	// workerStop is closed when the worker begins to stop.
	workerStop <-chan struct{}
	// limiter, if set, spaces attempts' starts
	// (Options.WorkerLocalActivitiesPerSecond).
	limiter *rate.Limiter
}

// resolve finds the function a request runs: the one the workflow passed,
// or the registered activity of that name.
func (l *localActivityRunner) resolve(req engine.LocalActivityRequest) (activityFunc, error) {
	if req.Function != nil {
		return adaptActivity(req.Function)
	}
	fn, err := l.registry.activity(req.ActivityType)
	if err != nil {
		return nil, fmt.Errorf("local activity: %w", err)
	}
	return fn, nil
}

// noRetryBackoff is the backoff a local activity's marker records when
// its failure is not retried, as the official SDK writes it.
const noRetryBackoff = time.Duration(-1)

// errCanceledByWorkflow is the cause a local activity's context is
// cancelled with when the workflow cancelled the call.
var errCanceledByWorkflow = errors.New("worker: the workflow cancelled the local activity")

// canceledResult reports attempt cancelled by the workflow, with the
// error the official SDK records in the marker.
func canceledResult(req engine.LocalActivityRequest, attempt int32) engine.LocalActivityResult {
	return engine.LocalActivityResult{ActivityID: req.ActivityID, Attempt: attempt, Err: temporal.NewCanceledError()}
}

// run executes a local activity. Failed attempts are retried here while
// the backoff is at most retryInPlace (see retryThreshold); a longer
// backoff is handed back in the result so the workflow waits on a durable
// timer instead of holding its task open. The schedule-to-close timeout
// counts from the workflow's first request, across such timer retries.
//
// ctx is cancelled with errCanceledByWorkflow when the workflow cancels
// the call: the result then reports it cancelled, at once, without
// waiting for an activity that ignores its context, and it is never
// retried, as in the official SDK. A request the workflow cancelled
// before it started does not run at all.
func (l *localActivityRunner) run(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, fn activityFunc, req engine.LocalActivityRequest, retryInPlace time.Duration) engine.LocalActivityResult {
	scheduled := req.ScheduledTime
	if scheduled.IsZero() {
		scheduled = time.Now()
	}
	attempt := max(req.Attempt, 1)
	if req.Canceled {
		return canceledResult(req, attempt)
	}
	for {
		result, err := l.attempt(ctx, task, fn, req, attempt, scheduled)
		if err == nil {
			return engine.LocalActivityResult{ActivityID: req.ActivityID, Attempt: attempt, Result: result}
		}
		if ctx.Err() != nil {
			if errors.Is(context.Cause(ctx), errCanceledByWorkflow) {
				return canceledResult(req, attempt)
			}
			// The worker is stopping or the task was given up: the marker
			// is never sent, and the next worker runs the activity again.
			return engine.LocalActivityResult{ActivityID: req.ActivityID, Attempt: attempt, Err: ctx.Err()}
		}
		delay, retry := retryDelay(req.Options.RetryPolicy, attempt, err)
		if stc := req.Options.ScheduleToCloseTimeout; retry && stc > 0 && time.Since(scheduled)+delay >= stc {
			retry = false
		}
		if !retry {
			// The official SDK's marker records a failure it gives up on
			// with a backoff of -1ns (its noRetryBackoff), and a
			// cancellation with none.
			backoff := noRetryBackoff
			if temporal.IsCanceledError(err) {
				backoff = 0
			}
			return engine.LocalActivityResult{ActivityID: req.ActivityID, Attempt: attempt, Err: err, Backoff: backoff}
		}
		if delay > retryInPlace {
			return engine.LocalActivityResult{ActivityID: req.ActivityID, Attempt: attempt, Err: err, Backoff: delay}
		}
		l.logger.Debug("local activity failed; retrying", "activity_type", req.ActivityType, "attempt", attempt, "backoff", delay, "error", err)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			if errors.Is(context.Cause(ctx), errCanceledByWorkflow) {
				// The official SDK reports the next attempt, cancelled
				// before it started.
				return canceledResult(req, attempt+1)
			}
			return engine.LocalActivityResult{ActivityID: req.ActivityID, Attempt: attempt, Err: ctx.Err()}
		case <-t.C:
		}
		attempt++
	}
}

// attempt runs one attempt under a slot and its timeouts. It returns when
// the activity does, or as soon as ctx is cancelled or the attempt's
// deadline passes: an activity that ignores its context then runs on
// unowned, as in the official SDK, its result dropped, while its slot goes
// back and the worker's Stop no longer waits for it; one hung call cannot
// starve every other local activity of the worker.
func (l *localActivityRunner) attempt(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, fn activityFunc, req engine.LocalActivityRequest, attempt int32, scheduled time.Time) (*commonpb.Payloads, error) {
	// Waiting for a slot, or for the rate limit, counts against the
	// schedule-to-close timeout, as waiting in the official SDK's local
	// activity queue does.
	var expired <-chan time.Time
	if stc := req.Options.ScheduleToCloseTimeout; stc > 0 {
		t := time.NewTimer(time.Until(scheduled.Add(stc)))
		defer t.Stop()
		expired = t.C
	}
	if l.limiter != nil {
		wctx := ctx
		if stc := req.Options.ScheduleToCloseTimeout; stc > 0 {
			var cancel context.CancelFunc
			wctx, cancel = context.WithDeadline(ctx, scheduled.Add(stc))
			defer cancel()
		}
		if err := l.limiter.Wait(wctx); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, temporal.NewTimeoutError("local activity timed out waiting for Options.WorkerLocalActivitiesPerSecond", enumspb.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, context.DeadlineExceeded)
		}
	}
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-expired:
		return nil, temporal.NewTimeoutError("deadline exceeded", enumspb.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, nil) // the official SDK's ErrDeadlineExceeded
	}
	now := time.Now()
	deadline := attemptDeadline(now, req.Options.StartToCloseTimeout, scheduled, req.Options.ScheduleToCloseTimeout)
	actx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	info := activityenv.Info{
		WorkflowNamespace:      l.namespace,
		WorkflowType:           task.GetWorkflowType().GetName(),
		WorkflowID:             task.GetWorkflowExecution().GetWorkflowId(),
		WorkflowRunID:          task.GetWorkflowExecution().GetRunId(),
		ActivityID:             req.ActivityID,
		ActivityType:           req.ActivityType,
		TaskQueue:              l.taskQueue,
		Namespace:              l.namespace,
		ScheduleToCloseTimeout: req.Options.ScheduleToCloseTimeout,
		StartToCloseTimeout:    req.Options.StartToCloseTimeout,
		RetryPolicy:            req.Options.RetryPolicy,
		ScheduledTime:          scheduled,
		StartedTime:            now,
		Deadline:               deadline,
		Attempt:                attempt,
		IsLocalActivity:        true,
	}
	// The converter the workflow encoded the arguments with, which the
	// workflow decodes the result with too.
	dc := req.DataConverter
	if dc == nil {
		dc = l.dataConverter
	}
	actx = activityenv.With(actx, &activityenv.Env{
		Info: info, DataConverter: dc, BaseLogger: l.logger, WorkerStop: l.workerStop,
	})
	type outcome struct {
		result *commonpb.Payloads
		err    error
	}
	done := make(chan outcome, 1)
	// leave frees the attempt's slot and stops Stop waiting for it: when
	// the function returns, or when the attempt is given up (timed out or
	// cancelled) and its function runs on, unowned, as in the official SDK.
	leave := sync.OnceFunc(func() {
		<-l.slots
		l.running.done()
	})
	l.running.add()
	l.metrics.localActivityStarted(info.WorkflowType, req.ActivityType)
	go func() {
		defer leave()
		result, err := callActivity(actx, l.interceptors, fn, dc, &interceptor.ExecuteActivityInput{ActivityType: req.ActivityType, Header: req.Header, Args: req.Input})
		l.metrics.localActivity(info.WorkflowType, req.ActivityType, now, scheduled, err)
		done <- outcome{result, err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-actx.Done(): // ctx cancelled, or the attempt's deadline passed
		select {
		case o = <-done: // it finished too: its result stands, as in the official SDK
		default:
			leave()
			l.logger.Warn("local activity attempt given up while its function still runs: it ignores its context; its result will be dropped",
				"activity_type", req.ActivityType, "activity_id", req.ActivityID, "attempt", attempt, "cause", context.Cause(actx))
			if ctx.Err() != nil {
				l.metrics.localActivityCanceled(info.WorkflowType, req.ActivityType)
				return nil, ctx.Err()
			}
			// The attempt timed out; as in the official SDK it is reported
			// at once, whether or not the function heeds its context.
			o = outcome{err: context.DeadlineExceeded}
		}
	}
	result, err := o.result, o.err
	if err != nil && ctx.Err() != nil {
		l.metrics.localActivityCanceled(info.WorkflowType, req.ActivityType)
	}
	if err != nil && errors.Is(err, context.DeadlineExceeded) && actx.Err() != nil && ctx.Err() == nil {
		kind := enumspb.TIMEOUT_TYPE_START_TO_CLOSE
		if req.Options.ScheduleToCloseTimeout > 0 && !deadline.Before(scheduled.Add(req.Options.ScheduleToCloseTimeout)) {
			kind = enumspb.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE
		}
		// The official SDK's error and message for it, with no cause: the
		// marker that records it is history both SDKs read.
		err = temporal.NewTimeoutError("deadline exceeded", kind, nil)
	}
	return result, err
}

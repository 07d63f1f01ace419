package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	querypb "go.temporal.io/api/query/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// heartbeatFraction of the workflow task timeout is how long local
// activities may hold a task before the worker completes it early (with
// ForceCreateNewWorkflowTask) to keep the task from timing out, as the
// official SDKs do.
const heartbeatFraction = 0.8

// runLocalActivities runs the local activities c asks for until none is
// left, applying each result to the run as it arrives (which may ask for
// more). It returns the task's whole answer and the task it answers: a
// heartbeat completes the current task and goes on with the next.
//
// began is when the poll answered with the task. The server's task timeout
// was running before that, so the heartbeat is due heartbeatFraction of
// the timeout after began, however long fetching and replaying the
// history took.
func (h *workflowTaskHandler) runLocalActivities(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, run *cachedRun, c *engine.Completion, clock, began time.Time) (*engine.Completion, *workflowservice.PollWorkflowTaskQueueResponse, error) {
	if h.localActivities == nil {
		return nil, task, &localActivitiesUnsupportedError{WorkflowType: task.GetWorkflowType().GetName(), ActivityType: c.LocalActivities[0].ActivityType}
	}
	// Local activities still running when the task is answered (the
	// workflow closed, or the task failed) are cancelled and left to end
	// on their own: the answer does not wait for one that ignores its
	// context. The worker owns them (localActivityRunner.running).
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if stop := h.localActivities.stop; stop != nil {
		defer context.AfterFunc(stop, func() { cancel(context.Cause(stop)) })()
	}

	timeout := run.x.Info().TaskTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second // the server's default
	}
	dueAfter := func(from time.Time) time.Duration {
		return max(time.Until(from.Add(time.Duration(float64(timeout)*heartbeatFraction))), 0)
	}
	results := make(chan engine.LocalActivityResult)
	// cancels holds the cancel function of each local activity running,
	// by activity ID, for the workflow to cancel one
	// (Completion.CancelLocalActivities).
	cancels := map[string]context.CancelCauseFunc{}
	// follow starts the local activities an answer asks for and cancels
	// those it names.
	follow := func(c *engine.Completion) error {
		for _, id := range c.CancelLocalActivities {
			if cancelOne, ok := cancels[id]; ok {
				cancelOne(errCanceledByWorkflow)
			}
		}
		for _, req := range c.LocalActivities {
			var fn activityFunc
			if !req.Canceled { // a cancelled request does not run, so needs no function
				var err error
				if fn, err = h.localActivities.resolve(req); err != nil {
					return err
				}
			}
			actx, cancelOne := context.WithCancelCause(ctx)
			cancels[req.ActivityID] = cancelOne
			t := task // a later heartbeat replaces task; this activity keeps its own
			h.localActivities.running.Go(func() {
				defer h.localActivities.running.track("local activity " + req.ActivityType)()
				r := h.localActivities.run(actx, t, fn, req, retryThreshold(req.Options, timeout))
				select {
				case results <- r:
				case <-ctx.Done():
				}
			})
		}
		return nil
	}
	if err := follow(c); err != nil {
		return nil, task, err
	}
	acc := &engine.Completion{Commands: c.Commands, Messages: c.Messages, Flags: c.Flags, Closed: c.Closed}
	heartbeat := time.NewTimer(dueAfter(began))
	defer heartbeat.Stop()
	for len(cancels) > 0 && !acc.Closed {
		select {
		case r := <-results:
			if cancelOne, ok := cancels[r.ActivityID]; ok {
				cancelOne(nil) // releases its context
				delete(cancels, r.ActivityID)
			}
			r.ReplayTime = clock.Add(time.Since(began))
			next, err := run.x.ResolveLocalActivity(r)
			if err != nil {
				return nil, task, err
			}
			merge(acc, next)
			if err := follow(next); err != nil {
				return nil, task, err
			}
		case <-heartbeat.C:
			// The next task's timeout starts when the server answers, after
			// this moment.
			sent := time.Now()
			next, nextTask, err := h.heartbeat(ctx, task, run, acc)
			if err != nil {
				// Past the heartbeat RPC the error belongs to the next task.
				return nil, nextTask, err
			}
			task, acc, clock, began = nextTask, &engine.Completion{Closed: next.Closed}, lastEventTime(nextTask.GetHistory().GetEvents()), sent
			merge(acc, next)
			if err := follow(next); err != nil {
				return nil, task, err
			}
			heartbeat.Reset(dueAfter(sent))
		case <-ctx.Done():
			return nil, task, context.Cause(ctx)
		}
	}
	return acc, task, nil
}

// retryThreshold is the longest backoff a local activity retries in place:
// its LocalRetryThreshold, or the workflow task timeout.
func retryThreshold(opts engine.LocalActivityOptions, taskTimeout time.Duration) time.Duration {
	if opts.LocalRetryThreshold > 0 {
		return opts.LocalRetryThreshold
	}
	return taskTimeout
}

// merge appends a later part of a task's answer to acc.
func merge(acc, next *engine.Completion) {
	acc.Commands = append(acc.Commands, next.Commands...)
	acc.Messages = append(acc.Messages, next.Messages...)
	acc.Flags = append(acc.Flags, next.Flags...)
	acc.Closed = next.Closed
}

// heartbeat completes task with what the run produced so far, asking the
// server for a new task at once, and applies that task's new events (a
// signal may have come) to the run.
func (h *workflowTaskHandler) heartbeat(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, run *cachedRun, acc *engine.Completion) (*engine.Completion, *workflowservice.PollWorkflowTaskQueueResponse, error) {
	req := h.completion(task, acc)
	req.ForceCreateNewWorkflowTask = true
	// The task's queries are answered now, as the official SDK answers
	// them on every completion: the server holds them until the task that
	// carries them completes, and a long local activity would hold them
	// to its end.
	req.QueryResults = h.queryResults(run.x, task)
	// Activities scheduled so far go out with this completion, and any
	// the server hands back eagerly must run here, as after a final one.
	reserved := h.eager.request(req.GetCommands())
	resp, err := h.service.RespondWorkflowTaskCompleted(ctx, req)
	h.eager.dispatch(reserved, resp.GetActivityTasks())
	if err != nil {
		return nil, task, fmt.Errorf("worker: heartbeating the workflow task of %s while local activities run: %w", describeTask(task), err)
	}
	next := resp.GetWorkflowTask()
	if next == nil {
		return nil, task, errors.New("worker: the server answered a workflow task heartbeat without the next task")
	}
	run.lastStartedEventID = task.GetStartedEventId()
	events, err := h.history(ctx, next)
	if err != nil {
		return nil, next, err
	}
	// A returned task may carry the whole history; the run has seen all
	// of it up to the task it just completed.
	events = newEvents(events, run.lastStartedEventID)
	c, err := run.x.ProcessTask(&engine.Task{
		Events:                 events,
		PreviousStartedEventID: next.GetPreviousStartedEventId(),
		StartedEventID:         next.GetStartedEventId(),
		Messages:               next.GetMessages(),
	})
	return c, next, err
}

// queryResults answers the queries task carries, from the run's current
// state; nil when it carries none.
func (h *workflowTaskHandler) queryResults(x *engine.Execution, task *workflowservice.PollWorkflowTaskQueueResponse) map[string]*querypb.WorkflowQueryResult {
	if len(task.GetQueries()) == 0 {
		return nil
	}
	results := make(map[string]*querypb.WorkflowQueryResult, len(task.GetQueries()))
	for id, q := range task.GetQueries() {
		results[id] = h.query(x, q)
	}
	return results
}

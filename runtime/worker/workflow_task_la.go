package worker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

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
func (h *workflowTaskHandler) runLocalActivities(ctx context.Context, task *workflowservice.PollWorkflowTaskQueueResponse, run *cachedRun, c *engine.Completion, clock time.Time) (*engine.Completion, *workflowservice.PollWorkflowTaskQueueResponse, error) {
	if h.localActivities == nil {
		return nil, task, &localActivitiesUnsupportedError{WorkflowType: task.GetWorkflowType().GetName(), ActivityType: c.LocalActivities[0].ActivityType}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	timeout := run.x.Info().TaskTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second // the server's default
	}
	began := time.Now()
	results := make(chan engine.LocalActivityResult)
	outstanding := 0
	start := func(reqs []engine.LocalActivityRequest) error {
		for _, req := range reqs {
			fn, err := h.localActivities.resolve(req)
			if err != nil {
				return err
			}
			outstanding++
			wg.Go(func() {
				r := h.localActivities.run(ctx, task, fn, req, timeout)
				select {
				case results <- r:
				case <-ctx.Done():
				}
			})
		}
		return nil
	}
	if err := start(c.LocalActivities); err != nil {
		return nil, task, err
	}
	acc := &engine.Completion{Commands: c.Commands, Messages: c.Messages, Flags: c.Flags, Closed: c.Closed}
	heartbeat := time.NewTimer(time.Duration(float64(timeout) * heartbeatFraction))
	defer heartbeat.Stop()
	for outstanding > 0 && !acc.Closed {
		select {
		case r := <-results:
			outstanding--
			r.ReplayTime = clock.Add(time.Since(began))
			next, err := run.x.ResolveLocalActivity(r)
			if err != nil {
				return nil, task, err
			}
			merge(acc, next)
			if err := start(next.LocalActivities); err != nil {
				return nil, task, err
			}
		case <-heartbeat.C:
			next, nextTask, err := h.heartbeat(ctx, task, run, acc)
			if err != nil {
				return nil, task, err
			}
			task, acc, clock, began = nextTask, &engine.Completion{Closed: next.Closed}, lastEventTime(nextTask.GetHistory().GetEvents()), time.Now()
			merge(acc, next)
			if err := start(next.LocalActivities); err != nil {
				return nil, task, err
			}
			heartbeat.Reset(time.Duration(float64(timeout) * heartbeatFraction))
		case <-ctx.Done():
			return nil, task, ctx.Err()
		}
	}
	return acc, task, nil
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
	resp, err := h.service.RespondWorkflowTaskCompleted(ctx, req)
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

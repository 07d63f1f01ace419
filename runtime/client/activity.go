package client

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// ActivityRef names an activity that completes asynchronously: by the task
// token its worker received, or by workflow and activity ID.
type ActivityRef struct {
	TaskToken  []byte
	WorkflowID string
	// RunID names the run; empty means the latest.
	RunID      string
	ActivityID string
}

func (a ActivityRef) validate() error {
	if len(a.TaskToken) == 0 && (a.WorkflowID == "" || a.ActivityID == "") {
		return errors.New("client: ActivityRef needs a TaskToken, or a WorkflowID and an ActivityID")
	}
	return nil
}

func (a ActivityRef) target() target {
	if len(a.TaskToken) > 0 {
		return target{kind: "activity", id: "with the given task token"}
	}
	return target{kind: "activity", id: a.ActivityID, runID: a.RunID}
}

// CompleteActivity completes an activity whose worker returned
// activity.ErrResultPending. With err nil the activity succeeds with result;
// a *temporal.CanceledError reports it cancelled; any other error fails it
// (and the server retries it per its retry policy unless the error is
// non-retryable).
func (c *Client) CompleteActivity(ctx context.Context, ref ActivityRef, result any, err error) error {
	return c.outbound.CompleteActivity(ctx, &CompleteActivityInput{Activity: ref, Result: result, Err: err})
}

func (r *rootOutbound) CompleteActivity(ctx context.Context, in *CompleteActivityInput) error {
	c, ref, result, err := r.c, in.Activity, in.Result, in.Err
	if verr := ref.validate(); verr != nil {
		return verr
	}
	byID := len(ref.TaskToken) == 0
	var canceled *temporal.CanceledError
	var callErr error
	switch {
	case err == nil:
		payloads, encErr := c.encodeArg(result, "the activity result")
		if encErr != nil {
			return encErr
		}
		if byID {
			_, callErr = c.service.RespondActivityTaskCompletedById(ctx, &workflowservice.RespondActivityTaskCompletedByIdRequest{
				Namespace: c.namespace, WorkflowId: ref.WorkflowID, RunId: ref.RunID, ActivityId: ref.ActivityID, Result: payloads, Identity: c.identity})
		} else {
			_, callErr = c.service.RespondActivityTaskCompleted(ctx, &workflowservice.RespondActivityTaskCompletedRequest{
				Namespace: c.namespace, TaskToken: ref.TaskToken, Result: payloads, Identity: c.identity})
		}
	case errors.As(err, &canceled):
		details, encErr := canceled.EncodeDetails(c.dc)
		if encErr != nil {
			return fmt.Errorf("client: encoding the details of the activity's CanceledError: %w", encErr)
		}
		if byID {
			_, callErr = c.service.RespondActivityTaskCanceledById(ctx, &workflowservice.RespondActivityTaskCanceledByIdRequest{
				Namespace: c.namespace, WorkflowId: ref.WorkflowID, RunId: ref.RunID, ActivityId: ref.ActivityID, Details: details, Identity: c.identity})
		} else {
			_, callErr = c.service.RespondActivityTaskCanceled(ctx, &workflowservice.RespondActivityTaskCanceledRequest{
				Namespace: c.namespace, TaskToken: ref.TaskToken, Details: details, Identity: c.identity})
		}
	default:
		failure := c.fc.ErrorToFailure(err)
		if byID {
			_, callErr = c.service.RespondActivityTaskFailedById(ctx, &workflowservice.RespondActivityTaskFailedByIdRequest{
				Namespace: c.namespace, WorkflowId: ref.WorkflowID, RunId: ref.RunID, ActivityId: ref.ActivityID, Failure: failure, Identity: c.identity})
		} else {
			_, callErr = c.service.RespondActivityTaskFailed(ctx, &workflowservice.RespondActivityTaskFailedRequest{
				Namespace: c.namespace, TaskToken: ref.TaskToken, Failure: failure, Identity: c.identity})
		}
	}
	return c.callError("complete activity", ref.target(), callErr)
}

// The errors RecordActivityHeartbeat returns when the activity should
// stop; errors.Is tells them apart. As in the official client, only a
// cancellation request is a *temporal.CanceledError: CompleteActivity
// reports one as the activity cancelled, which the server refuses for a
// paused or reset activity.
var (
	// ErrActivityCancelRequested: the workflow asked for the activity to
	// be cancelled; stop the work and complete it with a
	// *temporal.CanceledError.
	ErrActivityCancelRequested = temporal.NewCanceledErrorWithOptions(temporal.CanceledErrorOptions{Message: "client: the activity's cancellation was requested"})
	// ErrActivityPaused: the activity was paused (temporal activity pause);
	// stop the work; the server schedules the activity again once it is
	// unpaused.
	ErrActivityPaused = errors.New("client: the activity was paused")
	// ErrActivityReset: the activity was reset (temporal activity reset);
	// stop this attempt; the server schedules the activity again from its
	// first attempt.
	ErrActivityReset = errors.New("client: the activity was reset")
)

// RecordActivityHeartbeat reports progress of an asynchronously completed
// activity, keeping its heartbeat timeout from firing. It returns
// ErrActivityCancelRequested, ErrActivityPaused or ErrActivityReset when
// the activity should stop, and why.
func (c *Client) RecordActivityHeartbeat(ctx context.Context, ref ActivityRef, details ...any) error {
	return c.outbound.RecordActivityHeartbeat(ctx, &RecordActivityHeartbeatInput{Activity: ref, Details: details})
}

func (r *rootOutbound) RecordActivityHeartbeat(ctx context.Context, in *RecordActivityHeartbeatInput) error {
	c, ref, details := r.c, in.Activity, in.Details
	if err := ref.validate(); err != nil {
		return err
	}
	payloads, err := c.dc.ToPayloads(details...)
	if err != nil {
		return fmt.Errorf("client: encoding heartbeat details: %w", err)
	}
	var cancelRequested, paused, reset bool
	if len(ref.TaskToken) > 0 {
		resp, err := c.service.RecordActivityTaskHeartbeat(ctx, &workflowservice.RecordActivityTaskHeartbeatRequest{
			Namespace: c.namespace, TaskToken: ref.TaskToken, Details: payloads, Identity: c.identity})
		if err != nil {
			return c.callError("record activity heartbeat", ref.target(), err)
		}
		cancelRequested, paused, reset = resp.GetCancelRequested(), resp.GetActivityPaused(), resp.GetActivityReset()
	} else {
		resp, err := c.service.RecordActivityTaskHeartbeatById(ctx, &workflowservice.RecordActivityTaskHeartbeatByIdRequest{
			Namespace: c.namespace, WorkflowId: ref.WorkflowID, RunId: ref.RunID, ActivityId: ref.ActivityID, Details: payloads, Identity: c.identity})
		if err != nil {
			return c.callError("record activity heartbeat", ref.target(), err)
		}
		cancelRequested, paused, reset = resp.GetCancelRequested(), resp.GetActivityPaused(), resp.GetActivityReset()
	}
	switch {
	case cancelRequested:
		return ErrActivityCancelRequested
	case paused:
		return ErrActivityPaused
	case reset:
		return ErrActivityReset
	}
	return nil
}

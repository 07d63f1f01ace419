package client

import (
	"context"
	"errors"
	"fmt"
	"sync"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// UpdateWorkflowOptions configure an update.
type UpdateWorkflowOptions struct {
	WorkflowID string
	// RunID names the run; empty means the latest.
	RunID string
	// FirstExecutionRunID, when set, makes the update fail unless the
	// workflow's chain of runs started with this run.
	FirstExecutionRunID string
	// UpdateID identifies the update; the server runs an update ID once per
	// run, so a retried call with the same ID returns the first outcome.
	// Empty means a random UUID.
	UpdateID   string
	UpdateName string
	Args       []any
	// WaitForStage is the stage UpdateWorkflow waits for before it returns:
	// ACCEPTED (the validator passed; Get waits for the result) or
	// COMPLETED. Unspecified means COMPLETED.
	WaitForStage enumspb.UpdateWorkflowExecutionLifecycleStage
}

func (o *UpdateWorkflowOptions) validate(field string) error {
	if o.WorkflowID == "" {
		return fmt.Errorf("%s.WorkflowID is empty", field)
	}
	if o.UpdateName == "" {
		return fmt.Errorf("%s.UpdateName is empty", field)
	}
	switch o.WaitForStage {
	case enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED, enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED, enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED:
		return nil
	case enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED:
		return fmt.Errorf("%s.WaitForStage ADMITTED is not supported by the server; wait for ACCEPTED or COMPLETED", field)
	}
	return fmt.Errorf("%s.WaitForStage %d is not an update lifecycle stage", field, o.WaitForStage)
}

// UpdateHandle follows one update to its outcome.
type UpdateHandle struct {
	c          *Client
	workflowID string
	runID      string
	updateID   string
	name       string

	// mu guards outcome: a handle may be shared by goroutines waiting
	// for the same result.
	mu      sync.Mutex
	outcome *updatepb.Outcome
}

// WorkflowID is the workflow the update was sent to.
func (h *UpdateHandle) WorkflowID() string { return h.workflowID }

// RunID is the run that accepted the update, when known.
func (h *UpdateHandle) RunID() string { return h.runID }

// UpdateID identifies the update.
func (h *UpdateHandle) UpdateID() string { return h.updateID }

// Get waits for the update's outcome and decodes its result into valuePtr
// (nil to ignore it). A rejected or failed update returns an
// *UpdateFailedError.
func (h *UpdateHandle) Get(ctx context.Context, valuePtr any) error {
	outcome, err := h.waitOutcome(ctx)
	if err != nil {
		return err
	}
	if f := outcome.GetFailure(); f != nil {
		return &UpdateFailedError{WorkflowID: h.workflowID, UpdateName: h.name, UpdateID: h.updateID, Cause: h.c.fc.FailureToError(f)}
	}
	if valuePtr == nil || outcome.GetSuccess() == nil {
		return nil
	}
	if err := h.c.dc.FromPayloads(outcome.GetSuccess(), valuePtr); err != nil {
		return fmt.Errorf("client: decoding the result of update %q (id %s): %w", h.name, h.updateID, err)
	}
	return nil
}

// waitOutcome returns the update's outcome, polling the server for it the
// first time. Callers sharing the handle poll at once rather than queue
// behind one another's contexts; the first outcome is kept.
func (h *UpdateHandle) waitOutcome(ctx context.Context) (*updatepb.Outcome, error) {
	h.mu.Lock()
	outcome := h.outcome
	h.mu.Unlock()
	if outcome != nil {
		return outcome, nil
	}
	if h.c == nil {
		return nil, fmt.Errorf("client: getting the outcome of update %s of workflow %s: %w", h.updateID, h.workflowID, errNilClient)
	}
	outcome, err := h.c.outbound.PollWorkflowUpdate(ctx, &PollWorkflowUpdateInput{WorkflowID: h.workflowID, RunID: h.runID, UpdateID: h.updateID})
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.outcome == nil {
		h.outcome = outcome
	}
	return h.outcome, nil
}

func (r *rootOutbound) PollWorkflowUpdate(ctx context.Context, in *PollWorkflowUpdateInput) (*updatepb.Outcome, error) {
	for {
		resp, err := r.c.service.PollWorkflowExecutionUpdate(ctx, &workflowservice.PollWorkflowExecutionUpdateRequest{
			Namespace: r.c.namespace,
			UpdateRef: &updatepb.UpdateRef{
				WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: in.WorkflowID, RunId: in.RunID},
				UpdateId:          in.UpdateID,
			},
			Identity:   r.c.identity,
			WaitPolicy: &updatepb.WaitPolicy{LifecycleStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED},
		})
		if err != nil {
			err = r.c.callError("get update result", target{kind: "update", id: in.UpdateID, runID: in.RunID}, err)
			if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				return nil, &UpdateTimeoutOrCanceledError{WorkflowID: in.WorkflowID, UpdateID: in.UpdateID, Err: err}
			}
			return nil, err
		}
		if outcome := resp.GetOutcome(); outcome != nil {
			return outcome, nil
		}
		// The server's wait ran out before the handler finished: ask again.
		if err := ctx.Err(); err != nil {
			return nil, &UpdateTimeoutOrCanceledError{WorkflowID: in.WorkflowID, UpdateID: in.UpdateID, Err: err}
		}
	}
}

// GetUpdateHandle returns a handle to an update sent earlier, by its ID.
func (c *Client) GetUpdateHandle(workflowID, runID, updateID string) *UpdateHandle {
	return &UpdateHandle{c: c, workflowID: workflowID, runID: runID, updateID: updateID}
}

// UpdateWorkflow sends an update and waits until it reaches
// opts.WaitForStage. The returned handle's Get gives the result.
func (c *Client) UpdateWorkflow(ctx context.Context, opts UpdateWorkflowOptions) (*UpdateHandle, error) {
	return c.outbound.UpdateWorkflow(ctx, &UpdateWorkflowInput{Options: opts, Header: Header{}})
}

// Update sends an update, waits for it to complete, and decodes its result
// as an R.
func Update[R any](ctx context.Context, c *Client, opts UpdateWorkflowOptions) (R, error) {
	var result R
	opts.WaitForStage = enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED
	h, err := c.UpdateWorkflow(ctx, opts)
	if err != nil {
		return result, err
	}
	err = h.Get(ctx, &result)
	return result, err
}

func (r *rootOutbound) UpdateWorkflow(ctx context.Context, in *UpdateWorkflowInput) (*UpdateHandle, error) {
	req, err := r.c.updateRequest(in, "UpdateWorkflowOptions")
	if err != nil {
		return nil, err
	}
	return r.c.sendUpdate(ctx, req, in.Options.UpdateName)
}

// updateRequest validates an update and builds its request.
func (c *Client) updateRequest(in *UpdateWorkflowInput, field string) (*workflowservice.UpdateWorkflowExecutionRequest, error) {
	o := in.Options
	if err := o.validate(field); err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	args, err := c.dc.ToPayloads(o.Args...)
	if err != nil {
		return nil, fmt.Errorf("client: encoding the arguments of update %s: %w", o.UpdateName, err)
	}
	id := o.UpdateID
	if id == "" {
		id = NewUUID()
	}
	stage := o.WaitForStage
	if stage == enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED {
		stage = enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED
	}
	return &workflowservice.UpdateWorkflowExecutionRequest{
		Namespace:           c.namespace,
		WorkflowExecution:   &commonpb.WorkflowExecution{WorkflowId: o.WorkflowID, RunId: o.RunID},
		FirstExecutionRunId: o.FirstExecutionRunID,
		WaitPolicy:          &updatepb.WaitPolicy{LifecycleStage: stage},
		Request: &updatepb.Request{
			Meta:  &updatepb.Meta{UpdateId: id, Identity: c.identity},
			Input: &updatepb.Input{Header: headerProto(in.Header), Name: o.UpdateName, Args: args},
		},
	}, nil
}

// sendUpdate sends the request until the update reaches the stage asked
// for: the server answers early, with a lower stage, when its own wait runs
// out. The same update ID makes the repeat safe within a run; once the
// update was accepted the repeat names that run, since a later run (after
// continue-as-new) would take the same ID as a new update and run it again.
func (c *Client) sendUpdate(ctx context.Context, req *workflowservice.UpdateWorkflowExecutionRequest, name string) (*UpdateHandle, error) {
	want := req.GetWaitPolicy().GetLifecycleStage()
	ended := func(err error) error {
		return &UpdateTimeoutOrCanceledError{WorkflowID: req.GetWorkflowExecution().GetWorkflowId(), UpdateName: name, UpdateID: req.GetRequest().GetMeta().GetUpdateId(), Err: err}
	}
	for {
		resp, err := c.service.UpdateWorkflowExecution(ctx, req)
		if err != nil {
			err = c.callError("update workflow", workflowTarget(req.GetWorkflowExecution().GetWorkflowId(), req.GetWorkflowExecution().GetRunId()), err)
			if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				return nil, ended(err)
			}
			return nil, err
		}
		if h, done := c.updateReached(resp, req, name, want); done {
			return h, nil
		}
		if runID := resp.GetUpdateRef().GetWorkflowExecution().GetRunId(); runID != "" &&
			resp.GetStage() >= enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED && req.GetWorkflowExecution().GetRunId() != runID {
			req = proto.CloneOf(req)
			req.WorkflowExecution.RunId = runID
		}
		if err := ctx.Err(); err != nil {
			return nil, ended(err)
		}
	}
}

func (c *Client) updateReached(resp *workflowservice.UpdateWorkflowExecutionResponse, req *workflowservice.UpdateWorkflowExecutionRequest, name string, want enumspb.UpdateWorkflowExecutionLifecycleStage) (*UpdateHandle, bool) {
	if resp.GetOutcome() == nil && resp.GetStage() < want {
		return nil, false
	}
	runID := resp.GetUpdateRef().GetWorkflowExecution().GetRunId()
	if runID == "" {
		runID = req.GetWorkflowExecution().GetRunId()
	}
	return &UpdateHandle{
		c:          c,
		workflowID: req.GetWorkflowExecution().GetWorkflowId(),
		runID:      runID,
		updateID:   req.GetRequest().GetMeta().GetUpdateId(),
		name:       name,
		outcome:    resp.GetOutcome(),
	}, true
}

// UpdateWithStartOptions configure UpdateWithStartWorkflow.
type UpdateWithStartOptions struct {
	// Start starts the workflow if it is not running. Its ID is required and
	// its IDConflictPolicy must not be FAIL; unspecified means USE_EXISTING.
	Start        StartWorkflowOptions
	WorkflowType string
	Args         []any
	// Update is the update to send. Its WorkflowID defaults to Start.ID; it
	// may not name a run.
	Update UpdateWorkflowOptions
}

// UpdateWithStartWorkflow sends an update to the workflow with
// opts.Start.ID, starting it first if it is not running, in one atomic
// request. It returns once the update reaches opts.Update.WaitForStage.
func (c *Client) UpdateWithStartWorkflow(ctx context.Context, opts UpdateWithStartOptions) (*UpdateHandle, *WorkflowRun, error) {
	return c.outbound.UpdateWithStartWorkflow(ctx, &UpdateWithStartWorkflowInput{
		Start:  StartWorkflowInput{Options: opts.Start, WorkflowType: opts.WorkflowType, Args: opts.Args, Header: Header{}},
		Update: UpdateWorkflowInput{Options: opts.Update, Header: Header{}},
	})
}

func (r *rootOutbound) UpdateWithStartWorkflow(ctx context.Context, in *UpdateWithStartWorkflowInput) (*UpdateHandle, *WorkflowRun, error) {
	c := r.c
	switch in.Start.Options.IDConflictPolicy {
	case enumspb.WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED:
		in.Start.Options.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
	case enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL:
		return nil, nil, errors.New("client: update-with-start needs StartWorkflowOptions.IDConflictPolicy USE_EXISTING or TERMINATE_EXISTING, not FAIL")
	}
	if in.Start.Options.ID == "" {
		return nil, nil, errors.New("client: update-with-start needs StartWorkflowOptions.ID, so the update can find the workflow")
	}
	if in.Update.Options.WorkflowID == "" {
		in.Update.Options.WorkflowID = in.Start.Options.ID
	}
	if in.Update.Options.WorkflowID != in.Start.Options.ID {
		return nil, nil, fmt.Errorf("client: UpdateWorkflowOptions.WorkflowID %q differs from StartWorkflowOptions.ID %q", in.Update.Options.WorkflowID, in.Start.Options.ID)
	}
	if in.Update.Options.RunID != "" || in.Update.Options.FirstExecutionRunID != "" {
		return nil, nil, errors.New("client: update-with-start cannot target a RunID or FirstExecutionRunID: the run may not exist yet")
	}
	startReq, err := c.startRequest(&in.Start, "StartWorkflowOptions")
	if err != nil {
		return nil, nil, err
	}
	updateReq, err := c.updateRequest(&in.Update, "UpdateWorkflowOptions")
	if err != nil {
		return nil, nil, err
	}
	resp, err := c.service.ExecuteMultiOperation(ctx, &workflowservice.ExecuteMultiOperationRequest{
		Namespace: c.namespace,
		Operations: []*workflowservice.ExecuteMultiOperationRequest_Operation{
			{Operation: &workflowservice.ExecuteMultiOperationRequest_Operation_StartWorkflow{StartWorkflow: startReq}},
			{Operation: &workflowservice.ExecuteMultiOperationRequest_Operation_UpdateWorkflow{UpdateWorkflow: updateReq}},
		},
	})
	if err != nil {
		return nil, nil, c.callError("update-with-start workflow", workflowTarget(startReq.WorkflowId, ""), multiOperationCause(err))
	}
	if len(resp.GetResponses()) != 2 {
		return nil, nil, fmt.Errorf("client: update-with-start: the server answered %d operations, want 2", len(resp.GetResponses()))
	}
	started := resp.GetResponses()[0].GetStartWorkflow()
	run := &WorkflowRun{c: c, workflowID: startReq.WorkflowId, runID: started.GetRunId(), workflowType: in.Start.WorkflowType, started: started.GetStarted()}
	updateResp := resp.GetResponses()[1].GetUpdateWorkflow()
	if h, done := c.updateReached(updateResp, updateReq, in.Update.Options.UpdateName, updateReq.GetWaitPolicy().GetLifecycleStage()); done {
		return h, run, nil
	}
	// The workflow exists now: wait for the stage on its run with the same
	// update ID, which the server deduplicates.
	updateReq.WorkflowExecution.RunId = run.runID
	h, err := c.sendUpdate(ctx, updateReq, in.Update.Options.UpdateName)
	if err != nil {
		return nil, run, err
	}
	return h, run, nil
}

// multiOperationCause returns the error of the operation that failed, rather
// than the wrapper whose other operations merely aborted.
func multiOperationCause(err error) error {
	s, ok := status.FromError(err)
	if !ok {
		return err
	}
	var multi *serviceerror.MultiOperationExecution
	if !errors.As(serviceerror.FromStatus(s), &multi) {
		return err
	}
	for _, opErr := range multi.OperationErrors() {
		var aborted *serviceerror.MultiOperationAborted
		if opErr != nil && !errors.As(opErr, &aborted) {
			// As a status error, so callError types it as it does the
			// same refusal of a plain start.
			return serviceerror.ToStatus(opErr).Err()
		}
	}
	return err
}

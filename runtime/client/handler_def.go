package client

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
)

// SignalDef describes a signal a workflow receives, with the type of its
// payload, so that sending the wrong payload does not compile.
type SignalDef[Req any] struct {
	// Name is the signal name.
	Name string
}

// Send signals the workflow. An empty runID means the latest run, which is
// what a caller of a workflow that continues as new wants.
func (d SignalDef[Req]) Send(ctx context.Context, c *Client, workflowID, runID string, req Req) error {
	if c == nil {
		return fmt.Errorf("client: signal %s: %w", d.Name, errNilClient)
	}
	return c.SignalWorkflow(ctx, workflowID, runID, d.Name, req)
}

// SendTo signals the latest run of run's workflow, so a workflow that
// continued as new gets it. Signals carry no check of the chain of runs
// on the wire: once run's workflow closed and a later start reused its
// ID, the signal reaches the newer workflow.
func (d SignalDef[Req]) SendTo(ctx context.Context, run Run, req Req) error {
	r, err := runTarget(run, "signal", d.Name)
	if err != nil {
		return err
	}
	return d.Send(ctx, r.c, r.workflowID, "", req)
}

// runTarget is the untyped handle a call on run goes through, or an error
// naming the call when there is none.
func runTarget(run Run, kind, name string) (*WorkflowRun, error) {
	r := untyped(run)
	switch {
	case r == nil:
		return nil, fmt.Errorf("client: %s %s: the run handle is nil", kind, name)
	case r.c == nil:
		return nil, fmt.Errorf("client: %s %s to workflow %s: %w", kind, name, r.workflowID, errNilClient)
	}
	return r, nil
}

// untyped is run's untyped handle; nil for a nil run.
func untyped(run Run) *WorkflowRun {
	if run == nil {
		return nil
	}
	return run.Untyped()
}

// QueryDef describes a query a workflow answers, with the types of its
// argument and answer.
type QueryDef[Req, Res any] struct {
	// Name is the query type.
	Name string
}

// Query asks the workflow and decodes its answer. An empty runID means the
// latest run.
func (d QueryDef[Req, Res]) Query(ctx context.Context, c *Client, workflowID, runID string, req Req) (Res, error) {
	if c == nil {
		var zero Res
		return zero, fmt.Errorf("client: query %s: %w", d.Name, errNilClient)
	}
	return Query[Res](ctx, c, workflowID, runID, d.Name, req)
}

// QueryOn asks the latest run of run's workflow. As with signals, the
// wire has no check of the chain of runs.
func (d QueryDef[Req, Res]) QueryOn(ctx context.Context, run Run, req Req) (Res, error) {
	r, err := runTarget(run, "query", d.Name)
	if err != nil {
		var zero Res
		return zero, err
	}
	return d.Query(ctx, r.c, r.workflowID, "", req)
}

// UpdateOption changes one thing about an update. Options apply in order
// over the UpdateDef's defaults.
type UpdateOption func(*UpdateWorkflowOptions)

// WithUpdateID sets the update ID, which the server runs once per
// workflow run: a retried call with the same ID returns the first outcome.
// It takes precedence over the UpdateDef's ID template.
func WithUpdateID(id string) UpdateOption {
	return func(o *UpdateWorkflowOptions) { o.UpdateID = id }
}

// WithWaitForStage sets the stage the call waits for before it returns a
// handle: ACCEPTED (the validator passed) or COMPLETED.
func WithWaitForStage(stage enumspb.UpdateWorkflowExecutionLifecycleStage) UpdateOption {
	return func(o *UpdateWorkflowOptions) { o.WaitForStage = stage }
}

// WithFirstExecutionRunID makes the update fail unless the workflow's
// chain of runs began with runID, so an update meant for one workflow
// never reaches a later one that reused its ID.
func WithFirstExecutionRunID(runID string) UpdateOption {
	return func(o *UpdateWorkflowOptions) { o.FirstExecutionRunID = runID }
}

// UpdateDef describes an update a workflow handles, with the types of its
// argument and result.
type UpdateDef[Req, Res any] struct {
	// Name is the update name.
	Name string
	// ID renders the update ID from req when no option set one; nil means
	// a random UUID. An ID derived from the request makes a retried call
	// run the update once.
	ID func(req Req) (string, error)
	// WaitForStage is the stage Start waits for; unspecified means
	// ACCEPTED, so Start returns once the validator passed and the
	// handle's Get waits for the handler. Execute always waits for
	// COMPLETED.
	WaitForStage enumspb.UpdateWorkflowExecutionLifecycleStage
}

// options builds the untyped options of an update of req: stage, then
// opts in order, then the ID template if no ID is set.
func (d UpdateDef[Req, Res]) options(workflowID, runID string, req Req, stage enumspb.UpdateWorkflowExecutionLifecycleStage, opts []UpdateOption) (UpdateWorkflowOptions, error) {
	o := UpdateWorkflowOptions{WorkflowID: workflowID, RunID: runID, UpdateName: d.Name, Args: []any{req}, WaitForStage: stage}
	if err := applyOptions(&o, opts, &o.UpdateID, d.ID, req); err != nil {
		return UpdateWorkflowOptions{}, fmt.Errorf("client: the update ID of update %s: %w", d.Name, err)
	}
	return o, nil
}

// startStage is the stage Start waits for by default.
func (d UpdateDef[Req, Res]) startStage() enumspb.UpdateWorkflowExecutionLifecycleStage {
	if d.WaitForStage == enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED {
		return enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED
	}
	return d.WaitForStage
}

// Execute sends the update and waits for its result. An empty runID means
// the latest run.
func (d UpdateDef[Req, Res]) Execute(ctx context.Context, c *Client, workflowID, runID string, req Req, opts ...UpdateOption) (Res, error) {
	h, err := d.start(ctx, c, workflowID, runID, req, enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, opts)
	if err != nil {
		var zero Res
		return zero, err
	}
	return h.Get(ctx)
}

// Start sends the update and returns a handle once it reached the
// UpdateDef's WaitForStage (or an option's); the handle's Get waits for
// the result. An empty runID means the latest run.
func (d UpdateDef[Req, Res]) Start(ctx context.Context, c *Client, workflowID, runID string, req Req, opts ...UpdateOption) (*UpdateHandleOf[Res], error) {
	return d.start(ctx, c, workflowID, runID, req, d.startStage(), opts)
}

func (d UpdateDef[Req, Res]) start(ctx context.Context, c *Client, workflowID, runID string, req Req, stage enumspb.UpdateWorkflowExecutionLifecycleStage, opts []UpdateOption) (*UpdateHandleOf[Res], error) {
	if c == nil {
		return nil, fmt.Errorf("client: update %s: %w", d.Name, errNilClient)
	}
	o, err := d.options(workflowID, runID, req, stage, opts)
	if err != nil {
		return nil, err
	}
	h, err := c.UpdateWorkflow(ctx, o)
	if err != nil {
		return nil, err
	}
	return &UpdateHandleOf[Res]{h: h}, nil
}

// ExecuteOn sends the update to the latest run of run's workflow and
// waits for its result. For a run this client started, the update is
// limited to that run's chain of runs ([WithFirstExecutionRunID]): once
// the workflow closed and a later start reused its ID, it fails with an
// *OtherExecutionChainError instead of reaching the newer workflow.
func (d UpdateDef[Req, Res]) ExecuteOn(ctx context.Context, run Run, req Req, opts ...UpdateOption) (Res, error) {
	h, err := d.startOn(ctx, run, req, enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, opts)
	if err != nil {
		var zero Res
		return zero, err
	}
	return h.Get(ctx)
}

// StartOn is Start for the latest run of run's workflow, limited to its
// chain of runs as in ExecuteOn.
func (d UpdateDef[Req, Res]) StartOn(ctx context.Context, run Run, req Req, opts ...UpdateOption) (*UpdateHandleOf[Res], error) {
	return d.startOn(ctx, run, req, d.startStage(), opts)
}

func (d UpdateDef[Req, Res]) startOn(ctx context.Context, run Run, req Req, stage enumspb.UpdateWorkflowExecutionLifecycleStage, opts []UpdateOption) (*UpdateHandleOf[Res], error) {
	r, err := runTarget(run, "update", d.Name)
	if err != nil {
		return nil, err
	}
	if first := r.FirstExecutionRunID(); first != "" {
		// First, so that an option of the caller's can change it.
		opts = append([]UpdateOption{WithFirstExecutionRunID(first)}, opts...)
	}
	h, err := d.start(ctx, r.c, r.workflowID, "", req, stage, opts)
	if err != nil {
		return nil, r.chainError(ctx, err)
	}
	return h, nil
}

// HandleOn returns a typed handle to an update sent earlier to run's
// workflow, by its ID.
func (d UpdateDef[Req, Res]) HandleOn(run Run, updateID string) *UpdateHandleOf[Res] {
	r := untyped(run)
	if r == nil {
		r = &WorkflowRun{} // a handle whose Get says the client is nil
	}
	return d.GetHandle(r.c, r.workflowID, "", updateID)
}

// GetHandle returns a typed handle to an update sent earlier, by its ID.
// An empty runID means the latest run.
func (d UpdateDef[Req, Res]) GetHandle(c *Client, workflowID, runID, updateID string) *UpdateHandleOf[Res] {
	h := c.GetUpdateHandle(workflowID, runID, updateID)
	h.name = d.Name
	return &UpdateHandleOf[Res]{h: h}
}

// UpdateHandleOf is a typed handle to an update whose result is a Res.
type UpdateHandleOf[Res any] struct {
	h *UpdateHandle
}

// Get waits for the update's outcome and returns its result. A rejected or
// failed update returns an *UpdateFailedError.
func (h *UpdateHandleOf[Res]) Get(ctx context.Context) (Res, error) {
	var res Res
	err := h.h.Get(ctx, &res)
	return res, err
}

// UpdateID identifies the update.
func (h *UpdateHandleOf[Res]) UpdateID() string { return h.h.UpdateID() }

// WorkflowID is the workflow the update was sent to.
func (h *UpdateHandleOf[Res]) WorkflowID() string { return h.h.WorkflowID() }

// RunID is the run that accepted the update, when known.
func (h *UpdateHandleOf[Res]) RunID() string { return h.h.RunID() }

// Untyped is the handle without its result type.
func (h *UpdateHandleOf[Res]) Untyped() *UpdateHandle { return h.h }

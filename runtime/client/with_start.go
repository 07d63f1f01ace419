package client

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
)

// SignalWithStart signals the workflow wf names, starting it with req
// first if it is not running, in one request. The workflow ID comes from
// wf's ID template or a WithID option; without one the call fails with a
// *WorkflowIDRequiredError rather than start a workflow under a random ID
// that the next call could not find.
//
// A FAIL or TERMINATE_EXISTING IDConflictPolicy among wf's defaults is for
// its plain starts and becomes USE_EXISTING here: signal-with-start exists
// to reach the running workflow (and the server refuses FAIL for it). Set
// through a StartOption, FAIL is refused and TERMINATE_EXISTING replaces
// the running workflow.
func SignalWithStart[Req, Res, SReq any](ctx context.Context, c *Client, wf WorkflowDef[Req, Res], req Req, sig SignalDef[SReq], sreq SReq, opts ...StartOption) (*RunOf[Res], error) {
	if c == nil {
		return nil, fmt.Errorf("client: signal-with-start of workflow %s: %w", wf.Name, errNilClient)
	}
	o, err := wf.StartOptions(req, append([]StartOption{useExistingOverDefault}, opts...)...)
	if err != nil {
		return nil, err
	}
	if o.ID == "" {
		return nil, &WorkflowIDRequiredError{Operation: "signal-with-start", WorkflowType: wf.Name}
	}
	run, err := c.SignalWithStartWorkflow(ctx, o, sig.Name, sreq, wf.Name, req)
	if err != nil {
		return nil, err
	}
	return &RunOf[Res]{run: run}, nil
}

// useExistingOverDefault turns a WorkflowDef's default conflict policy,
// FAIL or TERMINATE_EXISTING, into USE_EXISTING for a signal- or
// update-with-start: those policies are for the workflow's plain starts,
// and a with-start call is for reaching the running workflow, not for
// failing or for terminating it. It runs before the call's options, which
// may still ask for TERMINATE_EXISTING.
func useExistingOverDefault(o *StartWorkflowOptions) {
	switch o.IDConflictPolicy {
	case enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL, enumspb.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING:
		o.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
	}
}

// UpdateWithStartOption carries the start's and the update's options of
// an [UpdateWithStart] call.
type UpdateWithStartOption func(*updateWithStartCall)

// updateWithStartCall collects the options of an UpdateWithStart call, to
// apply each over its own defaults.
type updateWithStartCall struct {
	start  []StartOption
	update []UpdateOption
}

// WithStart applies opts to the start of an [UpdateWithStart], over the
// WorkflowDef's defaults.
func WithStart(opts ...StartOption) UpdateWithStartOption {
	return func(c *updateWithStartCall) { c.start = append(c.start, opts...) }
}

// WithUpdate applies opts to the update of an [UpdateWithStart], over the
// UpdateDef's defaults.
func WithUpdate(opts ...UpdateOption) UpdateWithStartOption {
	return func(c *updateWithStartCall) { c.update = append(c.update, opts...) }
}

// UpdateWithStart sends an update to the workflow wf names, starting it
// with req first if it is not running, in one atomic request. It returns
// once the update reached upd's WaitForStage (ACCEPTED unless set), with
// the update's handle and the workflow's run.
//
// An update the workflow rejects or fails is not the call's error: the
// handle's Get returns it, and the workflow has started (or was running)
// all the same. The call's error says the request failed or its wait
// ended; the run comes with it when the workflow started.
//
// The workflow ID comes from wf's ID template or a WithID option; without
// one the call fails with a *WorkflowIDRequiredError. An unspecified
// IDConflictPolicy means USE_EXISTING, so the update reaches a running
// workflow; so does a FAIL or TERMINATE_EXISTING among wf's defaults,
// which are for its plain starts. Set through a StartOption, FAIL is
// refused, since it would fail every call but the first, and
// TERMINATE_EXISTING replaces the running workflow.
func UpdateWithStart[Req, Res, UReq, URes any](ctx context.Context, c *Client, wf WorkflowDef[Req, Res], req Req, upd UpdateDef[UReq, URes], ureq UReq, opts ...UpdateWithStartOption) (*UpdateHandleOf[URes], *RunOf[Res], error) {
	if c == nil {
		return nil, nil, fmt.Errorf("client: update-with-start of workflow %s: %w", wf.Name, errNilClient)
	}
	var call updateWithStartCall
	for _, opt := range opts {
		if opt != nil {
			opt(&call)
		}
	}
	start, err := wf.StartOptions(req, append([]StartOption{useExistingOverDefault}, call.start...)...)
	if err != nil {
		return nil, nil, err
	}
	if start.ID == "" {
		return nil, nil, &WorkflowIDRequiredError{Operation: "update-with-start", WorkflowType: wf.Name}
	}
	update, err := upd.options(start.ID, "", ureq, upd.startStage(), call.update)
	if err != nil {
		return nil, nil, err
	}
	h, run, err := c.UpdateWithStartWorkflow(ctx, UpdateWithStartOptions{Start: start, WorkflowType: wf.Name, Args: []any{req}, Update: update})
	var typedRun *RunOf[Res]
	if run != nil {
		// The workflow may have started even though the update failed.
		typedRun = &RunOf[Res]{run: run}
	}
	if err != nil {
		return nil, typedRun, err
	}
	return &UpdateHandleOf[URes]{h: h}, typedRun, nil
}

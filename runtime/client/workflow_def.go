package client

import (
	"context"
	"errors"
	"fmt"
)

// WorkflowDef describes a workflow as its callers see it: its name, the
// request it takes, the response it returns, and its default start
// options. Generated code declares one per workflow, so that a call with
// the wrong request type or a result read as the wrong type does not
// compile; hand-written code may declare its own.
type WorkflowDef[Req, Res any] struct {
	// Name is the workflow type.
	Name string
	// Options returns the default start options for req (task queue,
	// timeouts, policies, memo, search attributes, priority, eager start),
	// over which call-site [StartOption]s apply. Nil means none: the call
	// site must then give at least the task queue.
	Options func(req Req) (StartWorkflowOptions, error)
	// ID renders the workflow ID from req, when neither Options nor a
	// call-site option set one. Nil leaves such a start to a random UUID;
	// SignalWithStart and UpdateWithStart, which find the workflow by ID,
	// refuse it.
	ID func(req Req) (string, error)
}

// StartOptions returns the options a start of req would use: Options'
// defaults, then opts in order, then the ID template if no ID is set. It
// is what Start sends, exported so that tests and callers can see the
// merge.
func (d WorkflowDef[Req, Res]) StartOptions(req Req, opts ...StartOption) (StartWorkflowOptions, error) {
	var o StartWorkflowOptions
	if d.Options != nil {
		var err error
		if o, err = d.Options(req); err != nil {
			return StartWorkflowOptions{}, fmt.Errorf("client: the start options of workflow %s: %w", d.Name, err)
		}
	}
	if err := applyOptions(&o, opts, &o.ID, d.ID, req); err != nil {
		return StartWorkflowOptions{}, fmt.Errorf("client: the workflow ID of workflow %s: %w", d.Name, err)
	}
	return o, nil
}

// applyOptions applies opts to o in order, then, if they left *id empty,
// renders it from req with template: the precedence every typed call
// shares, an explicit ID over a template.
func applyOptions[O any, Opt ~func(*O), Req any](o *O, opts []Opt, id *string, template func(Req) (string, error), req Req) error {
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	if *id != "" || template == nil {
		return nil
	}
	rendered, err := template(req)
	if err != nil {
		return err
	}
	*id = rendered
	return nil
}

// Start starts the workflow with req and returns its typed run.
func (d WorkflowDef[Req, Res]) Start(ctx context.Context, c *Client, req Req, opts ...StartOption) (*RunOf[Res], error) {
	if c == nil {
		return nil, fmt.Errorf("client: starting workflow %s: %w", d.Name, errNilClient)
	}
	o, err := d.StartOptions(req, opts...)
	if err != nil {
		return nil, err
	}
	run, err := c.StartWorkflow(ctx, o, d.Name, req)
	if err != nil {
		return nil, err
	}
	return &RunOf[Res]{run: run}, nil
}

// Execute starts the workflow with req and waits for its response,
// following continue-as-new and retries to the last run.
func (d WorkflowDef[Req, Res]) Execute(ctx context.Context, c *Client, req Req, opts ...StartOption) (Res, error) {
	run, err := d.Start(ctx, c, req, opts...)
	if err != nil {
		var zero Res
		return zero, err
	}
	return run.Get(ctx)
}

// Get returns the typed run of an existing workflow. An empty runID means
// the latest run of workflowID.
func (d WorkflowDef[Req, Res]) Get(c *Client, workflowID, runID string) *RunOf[Res] {
	run := c.GetWorkflow(workflowID, runID)
	run.workflowType = d.Name
	return &RunOf[Res]{run: run}
}

// RunOf is a typed handle to a workflow execution whose result is a Res.
//
// Cancel, Terminate and Describe address the workflow's latest run, not
// the run the handle was made for: a workflow that continued as new is
// still the same workflow to its caller. Get follows the chain of runs
// from the handle's run to the last.
type RunOf[Res any] struct {
	run *WorkflowRun
}

// ID is the workflow ID.
func (r *RunOf[Res]) ID() string { return r.run.ID() }

// RunID is the run the handle was made for: the run a start created or
// found, or the one Get named; empty for the latest.
func (r *RunOf[Res]) RunID() string { return r.run.RunID() }

// Client is the client the handle calls through, for calls such as
// signals that take one.
func (r *RunOf[Res]) Client() *Client { return r.run.c }

// Untyped is the handle without its result type.
func (r *RunOf[Res]) Untyped() *WorkflowRun { return r.run }

// Get waits for the workflow to close and returns its result, following
// continue-as-new, retry and cron runs to the last one. A workflow that
// did not complete returns a *temporal.WorkflowExecutionError.
func (r *RunOf[Res]) Get(ctx context.Context) (Res, error) {
	var res Res
	err := r.run.Get(ctx, &res)
	return res, err
}

// Cancel asks the workflow's latest run to cancel.
func (r *RunOf[Res]) Cancel(ctx context.Context, reason string) error {
	c, err := r.client("cancelling")
	if err != nil {
		return err
	}
	return c.CancelWorkflow(ctx, r.run.workflowID, "", reason)
}

// Terminate ends the workflow's latest run at once.
func (r *RunOf[Res]) Terminate(ctx context.Context, reason string, details ...any) error {
	c, err := r.client("terminating")
	if err != nil {
		return err
	}
	return c.TerminateWorkflow(ctx, r.run.workflowID, "", reason, details...)
}

// Describe returns the state of the workflow's latest run.
func (r *RunOf[Res]) Describe(ctx context.Context) (*WorkflowDescription, error) {
	c, err := r.client("describing")
	if err != nil {
		return nil, err
	}
	return c.DescribeWorkflow(ctx, r.run.workflowID, "")
}

// client is the handle's client, or an error naming what could not be
// done without one: a handle from WorkflowDef.Get given a nil client.
func (r *RunOf[Res]) client(doing string) (*Client, error) {
	if r.run.c == nil {
		return nil, fmt.Errorf("client: %s workflow %s: %w", doing, r.run.workflowID, errNilClient)
	}
	return r.run.c, nil
}

// errNilClient is the cause when a typed call gets no client.
var errNilClient = errors.New("the client is nil")

package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// WorkflowDef describes a workflow as its callers see it: its name, the
// request it takes, the response it returns, and its default start
// options. Generated code declares one per workflow, so that a call with
// the wrong request type or a result read as the wrong type does not
// compile; hand-written code may declare its own.
type WorkflowDef[Req, Res any] struct {
	// Name is the workflow type.
	Name string
	// Defaults returns the declared start options for req (task queue,
	// timeouts, policies, memo, search attributes, priority, eager start),
	// over which call-site [StartOption]s apply. A `{$uuid}` they draw
	// comes from newUUID, here [NewUUID]; the same function serves the
	// workflow package's WorkflowDef for child calls. Nil means none: the call site
	// must then give at least the task queue.
	Defaults func(req Req, newUUID func() string) (temporal.WorkflowDefaults, error)
	// ID renders the workflow ID from req, when no call-site option set
	// one. Nil leaves such a start to a random UUID;
	// SignalWithStart and UpdateWithStart, which find the workflow by ID,
	// refuse it.
	ID func(req Req) (string, error)
}

// StartOptions returns the options a start of req would use: Defaults,
// then opts in order, then the ID template if no ID is set. It is what
// Start sends, exported so that tests and callers can see the merge.
func (d WorkflowDef[Req, Res]) StartOptions(req Req, opts ...StartOption) (StartWorkflowOptions, error) {
	var o StartWorkflowOptions
	if d.Defaults != nil {
		w, err := d.Defaults(req, NewUUID)
		if err != nil {
			return StartWorkflowOptions{}, fmt.Errorf("client: the start options of workflow %s: %w", d.Name, err)
		}
		o = StartWorkflowOptions{
			TaskQueue:        w.TaskQueue,
			ExecutionTimeout: w.ExecutionTimeout,
			RunTimeout:       w.RunTimeout,
			TaskTimeout:      w.TaskTimeout,
			RetryPolicy:      w.RetryPolicy,
			IDReusePolicy:    w.IDReusePolicy,
			IDConflictPolicy: w.IDConflictPolicy,
			Memo:             w.Memo,
			SearchAttributes: w.SearchAttributes,
			Priority:         w.Priority,
			EnableEagerStart: w.EnableEagerStart,
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

// RunAs returns r as a *W, where W is a run type that embeds *RunOf[Res]
// and adds methods, as generated run types do; or err, when there is no
// run. It lets a generated client return its own run type from Start or
// SignalWithStart in one line:
//
//	type ProcessOrderRun struct{ *client.RunOf[*ordersv1.ProcessOrderResponse] }
//
//	return client.RunAs[ProcessOrderRun](processOrder.Start(ctx, c, req))
func RunAs[W ~struct{ *RunOf[Res] }, Res any](r *RunOf[Res], err error) (*W, error) {
	if err != nil {
		return nil, err
	}
	return &W{r}, nil
}

// UpdateRunAs is [RunAs] for [UpdateWithStart]'s results. A run comes
// back with the update's error when the workflow started and the update
// then failed, so it is converted whenever there is one.
func UpdateRunAs[W ~struct{ *RunOf[Res] }, URes, Res any](h *UpdateHandleOf[URes], r *RunOf[Res], err error) (*UpdateHandleOf[URes], *W, error) {
	if r == nil {
		return h, nil, err
	}
	return h, &W{r}, err
}

// Run is a handle to a workflow's chain of runs: a [*RunOf], a generated
// run type that embeds one, or a [*WorkflowRun]. The descriptors' SendTo,
// QueryOn, ExecuteOn, StartOn and HandleOn address it.
type Run interface {
	Untyped() *WorkflowRun
}

// Untyped returns r itself, so that an untyped handle is a [Run] too.
func (r *WorkflowRun) Untyped() *WorkflowRun { return r }

// RunOf is a typed handle to a workflow execution whose result is a Res.
//
// Cancel, Terminate and Describe address the workflow's latest run, not
// the run the handle was made for: a workflow that continued as new is
// still the same workflow to its caller. Get follows the chain of runs
// from the handle's run to the last. A handle for a run this client
// started stays within that run's chain: once the workflow closed and
// another start reused its ID, Cancel, Terminate, Describe and updates
// fail with an error rather than reach the newer workflow (signals and
// queries carry no such check on the wire).
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
func (r *RunOf[Res]) Untyped() *WorkflowRun {
	if r == nil {
		return nil
	}
	return r.run
}

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
	err = c.outbound.CancelWorkflow(ctx, &CancelWorkflowInput{WorkflowID: r.run.workflowID, Reason: reason, FirstExecutionRunID: r.run.FirstExecutionRunID()})
	return r.run.chainError(ctx, err)
}

// Terminate ends the workflow's latest run at once.
func (r *RunOf[Res]) Terminate(ctx context.Context, reason string, details ...any) error {
	c, err := r.client("terminating")
	if err != nil {
		return err
	}
	err = c.outbound.TerminateWorkflow(ctx, &TerminateWorkflowInput{WorkflowID: r.run.workflowID, Reason: reason, Details: details, FirstExecutionRunID: r.run.FirstExecutionRunID()})
	return r.run.chainError(ctx, err)
}

// Describe returns the state of the workflow's latest run.
func (r *RunOf[Res]) Describe(ctx context.Context) (*WorkflowDescription, error) {
	c, err := r.client("describing")
	if err != nil {
		return nil, err
	}
	desc, err := c.DescribeWorkflow(ctx, r.run.workflowID, "")
	if err != nil {
		return nil, err
	}
	if other := r.run.otherChain(desc); other != nil {
		return nil, other
	}
	return desc, nil
}

// otherChain returns an *OtherExecutionChainError when desc, the latest
// run under the handle's workflow ID, belongs to another chain of runs
// than the one the handle started; nil otherwise.
func (r *WorkflowRun) otherChain(desc *WorkflowDescription) *OtherExecutionChainError {
	first := r.FirstExecutionRunID()
	if got := desc.Response.GetWorkflowExecutionInfo().GetFirstRunId(); first != "" && got != "" && got != first {
		return &OtherExecutionChainError{WorkflowID: r.workflowID, FirstExecutionRunID: first, LatestFirstRunID: got}
	}
	return nil
}

// chainError explains err, the answer to a request limited to the
// handle's chain of runs: the server answers "not found" both when the
// workflow is gone and when its ID now names another chain, and only a
// look at the latest run tells which.
func (r *WorkflowRun) chainError(ctx context.Context, err error) error {
	var notFound *NotFoundError
	if r.FirstExecutionRunID() == "" || !errors.As(err, &notFound) {
		return err
	}
	desc, derr := r.c.DescribeWorkflow(ctx, r.workflowID, "")
	if derr != nil {
		return err
	}
	if other := r.otherChain(desc); other != nil {
		other.Err = err
		return other
	}
	return err
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

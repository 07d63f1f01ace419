package workflow

import (
	"errors"
	"fmt"
	"maps"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// ChildWorkflowCancellationType says when the future of a child whose
// context was cancelled resolves; see [ChildWorkflowOptions].
type ChildWorkflowCancellationType = engine.ChildWorkflowCancellationType

// The child cancellation types. The cancel request the parent sends is the
// same command, at the same place in history, for all three: only when the
// parent's code goes on differs.
const (
	// ChildWorkflowCancellationWaitCompleted, the default and the official
	// Go SDK's behaviour, resolves the future when the child closes.
	ChildWorkflowCancellationWaitCompleted = engine.ChildWorkflowCancellationWaitCompleted
	// ChildWorkflowCancellationWaitRequested fails the future with
	// [ErrCanceled] once the server recorded the cancel request.
	ChildWorkflowCancellationWaitRequested = engine.ChildWorkflowCancellationWaitRequested
	// ChildWorkflowCancellationTryCancel fails the future with
	// [ErrCanceled] as soon as the parent asks the child to cancel.
	ChildWorkflowCancellationTryCancel = engine.ChildWorkflowCancellationTryCancel
)

// ChildWorkflowOption changes the options of one child workflow call. They
// apply in order over the descriptor's and the context's options (see
// [WorkflowDef]); any func(*ChildWorkflowOptions) is one.
type ChildWorkflowOption func(*ChildWorkflowOptions)

// WithChildID sets the child's workflow ID.
func WithChildID(id string) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.WorkflowID = id }
}

// WithChildTaskQueue runs the child on the workers of taskQueue.
func WithChildTaskQueue(taskQueue string) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.TaskQueue = taskQueue }
}

// WithChildExecutionTimeout bounds the child across retries and
// continue-as-new.
func WithChildExecutionTimeout(d time.Duration) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.WorkflowExecutionTimeout = d }
}

// WithChildRunTimeout bounds one run of the child.
func WithChildRunTimeout(d time.Duration) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.WorkflowRunTimeout = d }
}

// WithChildTaskTimeout bounds each workflow task of the child.
func WithChildTaskTimeout(d time.Duration) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.WorkflowTaskTimeout = d }
}

// WithChildRetryPolicy retries the child when it fails.
func WithChildRetryPolicy(p *temporal.RetryPolicy) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.RetryPolicy = p }
}

// WithChildIDReusePolicy says whether the child may reuse the ID of a
// closed workflow.
func WithChildIDReusePolicy(p enumspb.WorkflowIdReusePolicy) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.WorkflowIDReusePolicy = p }
}

// WithParentClosePolicy says what happens to the child when the parent
// closes first: terminate (the server's default), request cancel, abandon.
func WithParentClosePolicy(p enumspb.ParentClosePolicy) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.ParentClosePolicy = p }
}

// WithChildCancellationType says when a cancelled child's future resolves.
func WithChildCancellationType(t ChildWorkflowCancellationType) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.CancellationType = t }
}

// WithChildWaitForCancellation says, explicitly, whether a parent that
// cancels the child waits for it to close (true:
// [ChildWorkflowCancellationWaitCompleted]) or goes on once the server
// recorded the request (false: [ChildWorkflowCancellationWaitRequested]).
// It sets WaitForCancellation too. Leaving the option out keeps the
// default, which waits, as the official Go SDK always does: a zero
// WaitForCancellation field alone does not change when the future
// resolves, so workflows ported from the official SDK keep their
// histories.
func WithChildWaitForCancellation(wait bool) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) {
		o.WaitForCancellation = wait
		o.CancellationType = ChildWorkflowCancellationWaitRequested
		if wait {
			o.CancellationType = ChildWorkflowCancellationWaitCompleted
		}
	}
}

// WithChildMemo sets the child's memo.
func WithChildMemo(memo map[string]any) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.Memo = memo }
}

// WithChildSearchAttributes sets the child's search attributes.
func WithChildSearchAttributes(sa temporal.SearchAttributes) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.SearchAttributes = sa }
}

// WithChildPriority sets the priority and fairness of the child's tasks.
func WithChildPriority(p *temporal.Priority) ChildWorkflowOption {
	return func(o *ChildWorkflowOptions) { o.Priority = p }
}

// WorkflowDef is a workflow as other workflow code sees it: its type name,
// request and response types, and its declared defaults. A workflow runs
// it as a child (ExecuteChild) or continues as new into it
// (NewContinueAsNewError).
//
// A child call's options are, lowest precedence first: Defaults; the
// non-zero fields of Child; the non-zero fields of the options set on ctx
// with [WithChildOptions]; the call's options, in order. Then, if no ID
// was set, ID renders one.
type WorkflowDef[Req, Res any] struct {
	// Name is the workflow type name.
	Name string
	// Defaults returns the declared options of a run with req, wherever it
	// starts: the same function serves client.WorkflowDef. A `{$uuid}` they
	// draw comes from newUUID, here [NewDefaultsUUID] of the calling
	// workflow, so it replays the same and shifts no other draw. Nil means
	// none.
	Defaults func(req Req, newUUID func() string) (temporal.WorkflowDefaults, error)
	// Child are the declared options only a child has, such as its parent
	// close policy and cancellation type.
	Child ChildWorkflowOptions
	// ID returns the child's workflow ID for req. It is called only when no
	// option set one, with the workflow's Context, so an ID made from
	// random parts takes them from [NewUUID] or [NewRandom] and replays
	// the same. nil leaves the official SDK's default,
	// "<run ID>_<event ID>".
	ID func(ctx Context, req Req) (string, error)
}

// ExecuteChild runs the workflow as a child and waits for its result.
func (d WorkflowDef[Req, Res]) ExecuteChild(ctx Context, req Req, opts ...ChildWorkflowOption) (Res, error) {
	return d.ExecuteChildAsync(ctx, req, opts...).Get(ctx)
}

// ExecuteChildAsync starts the workflow as a child and returns its run.
// Cancelling ctx once the child started asks it to cancel. A failure to
// build the options (Defaults or ID returned an error) fails the run's
// futures, with no command sent.
func (d WorkflowDef[Req, Res]) ExecuteChildAsync(ctx Context, req Req, opts ...ChildWorkflowOption) *ChildRunOf[Res] {
	o, err := d.ChildWorkflowOptions(ctx, req, opts...)
	if err != nil {
		return &ChildRunOf[Res]{future: engine.FailedChildWorkflow(err)}
	}
	return &ChildRunOf[Res]{future: engine.ExecuteChildWorkflow(ctx, o, d.Name, req)}
}

// ChildWorkflowOptions returns the options a child call with req and opts
// would use: the merge described on [WorkflowDef], ID included.
func (d WorkflowDef[Req, Res]) ChildWorkflowOptions(ctx Context, req Req, opts ...ChildWorkflowOption) (ChildWorkflowOptions, error) {
	var o ChildWorkflowOptions
	if d.Name == "" {
		return o, errors.New("workflow: WorkflowDef has no Name")
	}
	if d.Defaults != nil {
		w, err := d.Defaults(req, func() string { return NewDefaultsUUID(ctx) })
		if err != nil {
			return o, fmt.Errorf("workflow: options of child workflow %s: %w", d.Name, err)
		}
		o = ChildWorkflowOptions{
			TaskQueue:                w.TaskQueue,
			WorkflowExecutionTimeout: w.ExecutionTimeout,
			WorkflowRunTimeout:       w.RunTimeout,
			WorkflowTaskTimeout:      w.TaskTimeout,
			WorkflowIDReusePolicy:    w.IDReusePolicy,
			RetryPolicy:              w.RetryPolicy,
			Memo:                     w.Memo,
			SearchAttributes:         w.SearchAttributes,
			Priority:                 w.Priority,
		}
	}
	overlayChildOptions(&o, d.Child)
	overlayChildOptions(&o, GetChildWorkflowOptions(ctx))
	if len(opts) > 0 {
		// An option may change the policy, priority or memo in place: give
		// it copies, not the ones the context and the defaults share.
		o.RetryPolicy, o.Priority, o.Memo = cloneRetryPolicy(o.RetryPolicy), clonePriority(o.Priority), maps.Clone(o.Memo)
		o = applyOptions(o, opts)
	}
	if o.WorkflowID == "" && d.ID != nil {
		id, err := d.ID(ctx, req)
		if err != nil {
			return o, fmt.Errorf("workflow: ID of child workflow %s: %w", d.Name, err)
		}
		o.WorkflowID = id
	}
	return o, nil
}

// NewContinueAsNewError returns the error that, returned by the workflow
// function, continues the run as new as this workflow with req. Options
// left unset keep the current run's values.
func (d WorkflowDef[Req, Res]) NewContinueAsNewError(ctx Context, req Req, opts ...ContinueAsNewOption) error {
	if d.Name == "" {
		return errors.New("workflow: WorkflowDef has no Name")
	}
	return engine.NewContinueAsNewError(ctx, applyOptions(ContinueAsNewOptions{}, opts), d.Name, req)
}

// overlayChildOptions copies the non-zero fields of over onto o.
func overlayChildOptions(o *ChildWorkflowOptions, over ChildWorkflowOptions) {
	setIf(&o.WorkflowID, over.WorkflowID)
	setIf(&o.Namespace, over.Namespace)
	setIf(&o.TaskQueue, over.TaskQueue)
	setIf(&o.WorkflowExecutionTimeout, over.WorkflowExecutionTimeout)
	setIf(&o.WorkflowRunTimeout, over.WorkflowRunTimeout)
	setIf(&o.WorkflowTaskTimeout, over.WorkflowTaskTimeout)
	setIf(&o.RetryPolicy, over.RetryPolicy)
	setIf(&o.WorkflowIDReusePolicy, over.WorkflowIDReusePolicy)
	setIf(&o.ParentClosePolicy, over.ParentClosePolicy)
	setIf(&o.WaitForCancellation, over.WaitForCancellation)
	setIf(&o.CancellationType, over.CancellationType)
	if over.Memo != nil {
		o.Memo = over.Memo
	}
	if over.SearchAttributes.Len() > 0 {
		o.SearchAttributes = over.SearchAttributes
	}
	setIf(&o.Priority, over.Priority)
}

// ChildRunOf is a child workflow run whose result is a Res.
type ChildRunOf[Res any] struct {
	future ChildWorkflowFuture
}

// Get waits for the child to close and returns its result.
func (r *ChildRunOf[Res]) Get(ctx Context) (Res, error) {
	if r == nil || r.future == nil {
		var zero Res
		return zero, errNoFuture
	}
	return NewFutureOf[Res](r.future).Get(ctx)
}

// WaitStart waits until the child started and returns its execution; the
// error says why it could not start.
func (r *ChildRunOf[Res]) WaitStart(ctx Context) (Execution, error) {
	var exec Execution
	if r == nil || r.future == nil {
		return exec, errNoFuture
	}
	err := r.future.GetChildWorkflowExecution().Get(ctx, &exec)
	return exec, err
}

// Future returns the child's future, for a [Selector] (AddFuture on it
// fires when the child closes; on its GetChildWorkflowExecution, when it
// started).
func (r *ChildRunOf[Res]) Future() ChildWorkflowFuture {
	if r == nil {
		return nil
	}
	return r.future
}

// AddToSelector adds a case to s that fires when the child closes and
// calls fn with its result or error: how a workflow waits for a child
// against a timer or a signal.
func (r *ChildRunOf[Res]) AddToSelector(s Selector, fn func(v Res, err error)) Selector {
	var f Future
	if r != nil && r.future != nil {
		f = r.future
	}
	return FutureOf[Res]{Future: f}.AddToSelector(s, fn)
}

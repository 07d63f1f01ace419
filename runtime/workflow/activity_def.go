package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// ActivityOption changes the options of one activity call. Options apply in
// order over the options from the descriptor and the context (see
// [ActivityDef]), so a later option wins and an option can set a zero
// value. Any func(*ActivityOptions) is one.
type ActivityOption func(*ActivityOptions)

// WithActivityTaskQueue runs the activity on the workers of taskQueue.
func WithActivityTaskQueue(taskQueue string) ActivityOption {
	return func(o *ActivityOptions) { o.TaskQueue = taskQueue }
}

// WithScheduleToCloseTimeout bounds the activity across every attempt.
func WithScheduleToCloseTimeout(d time.Duration) ActivityOption {
	return func(o *ActivityOptions) { o.ScheduleToCloseTimeout = d }
}

// WithScheduleToStartTimeout bounds how long the activity may wait in its
// task queue.
func WithScheduleToStartTimeout(d time.Duration) ActivityOption {
	return func(o *ActivityOptions) { o.ScheduleToStartTimeout = d }
}

// WithStartToCloseTimeout bounds one attempt.
func WithStartToCloseTimeout(d time.Duration) ActivityOption {
	return func(o *ActivityOptions) { o.StartToCloseTimeout = d }
}

// WithHeartbeatTimeout fails an attempt that has not heartbeated for d.
func WithHeartbeatTimeout(d time.Duration) ActivityOption {
	return func(o *ActivityOptions) { o.HeartbeatTimeout = d }
}

// WithActivityRetryPolicy sets how failed attempts are retried; nil means
// the server's default policy.
func WithActivityRetryPolicy(p *temporal.RetryPolicy) ActivityOption {
	return func(o *ActivityOptions) { o.RetryPolicy = p }
}

// WithDisableEagerExecution keeps the activity from running eagerly on
// this worker (see ActivityOptions.DisableEagerExecution).
func WithDisableEagerExecution(disable bool) ActivityOption {
	return func(o *ActivityOptions) { o.DisableEagerExecution = disable }
}

// WithWaitForCancellation makes a cancelled activity's future wait until
// the activity acknowledged the cancellation, instead of failing at once.
func WithWaitForCancellation(wait bool) ActivityOption {
	return func(o *ActivityOptions) { o.WaitForCancellation = wait }
}

// WithActivityPriority sets the priority and fairness of the activity's
// tasks; nil inherits the workflow's.
func WithActivityPriority(p *temporal.Priority) ActivityOption {
	return func(o *ActivityOptions) { o.Priority = p }
}

// LocalActivityOption changes the options of one local activity call, as
// [ActivityOption] does for activities.
type LocalActivityOption func(*LocalActivityOptions)

// WithLocalStartToCloseTimeout bounds one attempt of a local activity.
func WithLocalStartToCloseTimeout(d time.Duration) LocalActivityOption {
	return func(o *LocalActivityOptions) { o.StartToCloseTimeout = d }
}

// WithLocalScheduleToCloseTimeout bounds a local activity across every
// attempt.
func WithLocalScheduleToCloseTimeout(d time.Duration) LocalActivityOption {
	return func(o *LocalActivityOptions) { o.ScheduleToCloseTimeout = d }
}

// WithLocalRetryPolicy sets how failed attempts of a local activity are
// retried; nil means the default policy.
func WithLocalRetryPolicy(p *temporal.RetryPolicy) LocalActivityOption {
	return func(o *LocalActivityOptions) { o.RetryPolicy = p }
}

// WithLocalRetryThreshold sets the longest retry backoff the worker waits
// out inside the workflow task; a longer one becomes a durable timer. Zero
// means the workflow task timeout.
func WithLocalRetryThreshold(d time.Duration) LocalActivityOption {
	return func(o *LocalActivityOptions) { o.LocalRetryThreshold = d }
}

// ActivityDef is an activity as workflow code calls it: its type name, the
// request and response types, and the defaults its declaration gives
// (generated code fills them from the proto's annotations). Its methods
// check the types at compile time that [ExecuteActivity] checks at run
// time.
//
// The options of a call are, lowest precedence first:
//  1. the descriptor's defaults, Options (or Local for local activities);
//  2. the non-zero fields of the options set on ctx with
//     [WithActivityOptions] (or [WithLocalActivityOptions]), so a workflow
//     can change one field for a block of calls and keep the rest;
//  3. the call's options, in order; they can set a field to its zero value.
//
// A field the context leaves zero cannot override a default: a zero
// timeout or an empty task queue there means "not set", as in every
// options struct of the official SDK.
type ActivityDef[Req, Res any] struct {
	// Name is the activity type name the workers registered.
	Name string
	// Options are the defaults for Execute and ExecuteAsync.
	Options ActivityOptions
	// Priority, when set, renders the priority of a call from its request
	// for a call whose options (Options, the context's, the call's) set
	// none: how a fairness key made from the request reaches the server.
	// A call's [WithActivityPriority] wins without rendering, nil included
	// (the activity then inherits the workflow's priority). An error fails
	// the call's future, with no command sent.
	Priority func(ctx Context, req Req) (temporal.Priority, error)
	// Local are the defaults for the ExecuteLocal calls.
	Local LocalActivityOptions
}

// Execute runs the activity and waits for its result.
func (d ActivityDef[Req, Res]) Execute(ctx Context, req Req, opts ...ActivityOption) (Res, error) {
	return d.ExecuteAsync(ctx, req, opts...).Get(ctx)
}

// ExecuteAsync schedules the activity and returns its future. Cancelling
// ctx asks the activity to cancel.
func (d ActivityDef[Req, Res]) ExecuteAsync(ctx Context, req Req, opts ...ActivityOption) FutureOf[Res] {
	if d.Name == "" {
		return failedFuture[Res](ctx, errors.New("workflow: ActivityDef has no Name"))
	}
	o, render := d.options(ctx, opts)
	if render {
		p, err := d.Priority(ctx, req)
		if err != nil {
			return failedFuture[Res](ctx, fmt.Errorf("workflow: the priority of activity %s: %w", d.Name, err))
		}
		o.Priority = &p
	}
	return NewFutureOf[Res](engine.ExecuteActivity(ctx, o, d.Name, req))
}

// ActivityOptions returns the options a call with opts would use: the
// merge described on [ActivityDef], before the Priority function, which
// needs the request.
func (d ActivityDef[Req, Res]) ActivityOptions(ctx Context, opts ...ActivityOption) ActivityOptions {
	o, _ := d.options(ctx, opts)
	return o
}

// options is the merge ActivityOptions returns, and whether the call's
// priority is still Priority's to render: d has one, and neither its
// Options, the context nor the call's options set a priority. A call's
// WithActivityPriority(nil) sets one, which is none, so the call's options
// see a placeholder they may replace (or fill in place) rather than nil.
func (d ActivityDef[Req, Res]) options(ctx Context, opts []ActivityOption) (ActivityOptions, bool) {
	o := d.Options
	overlayActivityOptions(&o, GetActivityOptions(ctx))
	render := d.Priority != nil && o.Priority == nil
	if len(opts) == 0 {
		return o, render
	}
	// An option may change the policy or priority in place: give it copies,
	// not the ones every call of the definition shares.
	o.RetryPolicy, o.Priority = cloneRetryPolicy(o.RetryPolicy), clonePriority(o.Priority)
	var unset *temporal.Priority
	if render {
		unset = new(temporal.Priority)
		o.Priority = unset
	}
	o = applyOptions(o, opts)
	if render && o.Priority == unset && *unset == (temporal.Priority{}) {
		o.Priority = nil // the call's options left it: render it
		return o, true
	}
	return o, false
}

func cloneRetryPolicy(p *temporal.RetryPolicy) *temporal.RetryPolicy {
	if p == nil {
		return nil
	}
	c := *p
	c.NonRetryableErrorTypes = slices.Clone(p.NonRetryableErrorTypes)
	return &c
}

func clonePriority(p *temporal.Priority) *temporal.Priority {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// applyOptions applies opts to a copy of o. The options get a pointer, so
// the copy escapes to the heap: a call without options skips it and
// allocates no more than the untyped ExecuteActivity.
func applyOptions[O any, F ~func(*O)](o O, opts []F) O {
	p := &o
	for _, opt := range opts {
		if opt != nil {
			opt(p)
		}
	}
	return *p
}

// ExecuteLocal runs the activity as a local activity, in this worker,
// through the activity registered under Name, and waits for its result.
// Cancelling ctx cancels it as [ExecuteLocalActivity] says.
func (d ActivityDef[Req, Res]) ExecuteLocal(ctx Context, req Req, opts ...LocalActivityOption) (Res, error) {
	return d.ExecuteLocalAsync(ctx, req, opts...).Get(ctx)
}

// ExecuteLocalAsync is ExecuteLocal that returns the future.
func (d ActivityDef[Req, Res]) ExecuteLocalAsync(ctx Context, req Req, opts ...LocalActivityOption) FutureOf[Res] {
	return d.executeLocal(ctx, nil, req, opts)
}

// ExecuteLocalFunc runs fn as a local activity and waits for its result.
// History records it under Name, not fn's name, so the Temporal UI, the
// worker's metrics and replays see the activity the proto declares, and
// the workflow may swap fn (a test double, a closure over a client)
// without changing its history.
func (d ActivityDef[Req, Res]) ExecuteLocalFunc(ctx Context, fn func(context.Context, Req) (Res, error), req Req, opts ...LocalActivityOption) (Res, error) {
	return d.ExecuteLocalFuncAsync(ctx, fn, req, opts...).Get(ctx)
}

// ExecuteLocalFuncAsync is ExecuteLocalFunc that returns the future.
func (d ActivityDef[Req, Res]) ExecuteLocalFuncAsync(ctx Context, fn func(context.Context, Req) (Res, error), req Req, opts ...LocalActivityOption) FutureOf[Res] {
	if fn == nil {
		return failedFuture[Res](ctx, fmt.Errorf("workflow: ExecuteLocalFunc of activity %q has a nil function", d.Name))
	}
	return d.executeLocal(ctx, fn, req, opts)
}

func (d ActivityDef[Req, Res]) executeLocal(ctx Context, fn any, req Req, opts []LocalActivityOption) FutureOf[Res] {
	if d.Name == "" {
		return failedFuture[Res](ctx, errors.New("workflow: ActivityDef has no Name"))
	}
	return NewFutureOf[Res](engine.ExecuteLocalActivity(ctx, d.LocalActivityOptions(ctx, opts...), d.Name, fn, req))
}

// LocalActivityOptions returns the options a local call with opts would
// use: the merge described on [ActivityDef].
func (d ActivityDef[Req, Res]) LocalActivityOptions(ctx Context, opts ...LocalActivityOption) LocalActivityOptions {
	o := d.Local
	overlayLocalActivityOptions(&o, GetLocalActivityOptions(ctx))
	if len(opts) == 0 {
		return o
	}
	o.RetryPolicy = cloneRetryPolicy(o.RetryPolicy)
	return applyOptions(o, opts)
}

// failedFuture is a future that already failed with err: how typed calls
// report a mistake without a command or a panic.
func failedFuture[T any](ctx Context, err error) FutureOf[T] {
	f, set := NewFuture(ctx)
	set.SetError(err)
	return NewFutureOf[T](f)
}

// overlayActivityOptions copies the non-zero fields of over onto o.
func overlayActivityOptions(o *ActivityOptions, over ActivityOptions) {
	setIf(&o.ActivityID, over.ActivityID)
	setIf(&o.TaskQueue, over.TaskQueue)
	setIf(&o.ScheduleToCloseTimeout, over.ScheduleToCloseTimeout)
	setIf(&o.ScheduleToStartTimeout, over.ScheduleToStartTimeout)
	setIf(&o.StartToCloseTimeout, over.StartToCloseTimeout)
	setIf(&o.HeartbeatTimeout, over.HeartbeatTimeout)
	setIf(&o.RetryPolicy, over.RetryPolicy)
	setIf(&o.WaitForCancellation, over.WaitForCancellation)
	setIf(&o.Priority, over.Priority)
	setIf(&o.DisableEagerExecution, over.DisableEagerExecution)
}

// overlayLocalActivityOptions copies the non-zero fields of over onto o.
func overlayLocalActivityOptions(o *LocalActivityOptions, over LocalActivityOptions) {
	setIf(&o.ScheduleToCloseTimeout, over.ScheduleToCloseTimeout)
	setIf(&o.StartToCloseTimeout, over.StartToCloseTimeout)
	setIf(&o.RetryPolicy, over.RetryPolicy)
	setIf(&o.LocalRetryThreshold, over.LocalRetryThreshold)
}

// setIf sets *dst to v unless v is its type's zero value.
func setIf[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}

package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Activities are where workflow code does I/O: an activity runs once per
// attempt, on any worker of its task queue, and its result is recorded in
// history, so replay reads the result instead of running it again.

// ActivityOptions configure activity calls: timeouts, retry policy, task
// queue. Set them on a context with [WithActivityOptions]; a
// StartToCloseTimeout or ScheduleToCloseTimeout is required.
type ActivityOptions = engine.ActivityOptions

type activityOptionsKey struct{}

// WithActivityOptions returns ctx whose activity calls use opts.
func WithActivityOptions(ctx Context, opts ActivityOptions) Context {
	return engine.WithValue(ctx, activityOptionsKey{}, opts)
}

// GetActivityOptions returns the activity options ctx carries.
func GetActivityOptions(ctx Context) ActivityOptions {
	opts, _ := ctx.Value(activityOptionsKey{}).(ActivityOptions)
	return opts
}

// ExecuteActivity schedules an activity with the options of
// [WithActivityOptions] and returns its future. activity is the activity
// type name, or a function whose name is the type name. Cancelling ctx
// asks the activity to cancel.
func ExecuteActivity(ctx Context, activity any, args ...any) Future {
	name, err := typeName("an activity", activity)
	if err != nil {
		f, set := NewFuture(ctx)
		set.SetError(err)
		return f
	}
	return engine.ExecuteActivity(ctx, GetActivityOptions(ctx), name, args...)
}

// LocalActivityOptions configure local activity calls; set them with
// [WithLocalActivityOptions]. A failed attempt whose retry backoff exceeds
// LocalRetryThreshold (default: the workflow task timeout) is retried after
// a durable timer instead of inside the workflow task.
type LocalActivityOptions = engine.LocalActivityOptions

type localActivityOptionsKey struct{}

// WithLocalActivityOptions returns ctx whose local activity calls use
// opts.
func WithLocalActivityOptions(ctx Context, opts LocalActivityOptions) Context {
	return engine.WithValue(ctx, localActivityOptionsKey{}, opts)
}

// ExecuteLocalActivity runs an activity in the worker that runs the
// workflow, without a round trip through the server, for short work. Its
// result is recorded in history like an activity's. activity is a
// function, or the type name of an activity registered with the worker.
//
// A failure reaches the workflow as the activity returned it, not wrapped
// in an ActivityError. Cancelling ctx cancels the running attempt's
// context, or keeps an attempt not started yet from running, and ends any
// retries; the future then fails with a *temporal.CanceledError once the
// cancellation is recorded in history, as in the official Go SDK.
func ExecuteLocalActivity(ctx Context, activity any, args ...any) Future {
	opts := GetLocalActivityOptions(ctx)
	name, err := typeName("an activity", activity)
	if err != nil {
		f, set := NewFuture(ctx)
		set.SetError(err)
		return f
	}
	var function any
	if _, isName := activity.(string); !isName {
		function = activity
	}
	return engine.ExecuteLocalActivity(ctx, opts, name, function, args...)
}

// GetLocalActivityOptions returns the local activity options ctx carries,
// set by [WithLocalActivityOptions]; the zero value if none.
func GetLocalActivityOptions(ctx Context) LocalActivityOptions {
	opts, _ := ctx.Value(localActivityOptionsKey{}).(LocalActivityOptions)
	return opts
}

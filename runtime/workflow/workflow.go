package workflow

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Context is the context of workflow code: deterministic cancellation and
// values, and the coroutine blocking calls yield through.
type Context = engine.Context

// CancelFunc cancels a Context.
type CancelFunc = engine.CancelFunc

// Channel, ReceiveChannel and SendChannel are deterministic channels
// between workflow goroutines.
type (
	Channel        = engine.Channel
	ReceiveChannel = engine.ReceiveChannel
	SendChannel    = engine.SendChannel
)

// Future is the result of an asynchronous workflow operation; Settable
// resolves a Future made by NewFuture.
type (
	Future   = engine.Future
	Settable = engine.Settable
)

// Selector waits for the first of several channel operations or futures.
type Selector = engine.Selector

// Info describes the running workflow.
type Info = engine.Info

// EncodedValue holds a side effect's result until it is decoded.
type EncodedValue = temporal.Values

// Version is a version of a change guarded by GetVersion.
type Version int

// DefaultVersion is what GetVersion returns for a run that started before
// the change.
const DefaultVersion Version = engine.DefaultVersion

// Go runs f in a new workflow goroutine. f must block only through this
// package, with the ctx it receives.
func Go(ctx Context, f func(ctx Context)) { engine.Go(ctx, "", f) }

// GoNamed is Go with a name shown in stack traces (the __stack_trace
// query).
func GoNamed(ctx Context, name string, f func(ctx Context)) { engine.Go(ctx, name, f) }

// NewChannel returns an unbuffered channel.
func NewChannel(ctx Context) Channel { return engine.NewChannelIn(ctx, "channel", 0) }

// NewNamedChannel returns an unbuffered channel with a name for stack
// traces.
func NewNamedChannel(ctx Context, name string) Channel { return engine.NewChannelIn(ctx, name, 0) }

// NewBufferedChannel returns a channel that buffers size values.
func NewBufferedChannel(ctx Context, size int) Channel {
	return engine.NewChannelIn(ctx, "channel", size)
}

// NewNamedBufferedChannel is NewBufferedChannel with a name.
func NewNamedBufferedChannel(ctx Context, name string, size int) Channel {
	return engine.NewChannelIn(ctx, name, size)
}

// NewSelector returns an empty selector.
func NewSelector(ctx Context) Selector { return engine.NewSelector("selector") }

// NewNamedSelector returns an empty selector with a name.
func NewNamedSelector(ctx Context, name string) Selector { return engine.NewSelector(name) }

// NewFuture returns a future and the Settable that resolves it.
func NewFuture(ctx Context) (Future, Settable) { return engine.NewFutureIn(ctx) }

// Result waits for f and returns its value as a T.
func Result[T any](ctx Context, f Future) (T, error) {
	var v T
	err := f.Get(ctx, &v)
	return v, err
}

// Await blocks until condition returns true, or ctx is cancelled. The
// condition is checked each time the workflow makes progress, so it may
// read state that signal and update handlers change.
func Await(ctx Context, condition func() bool) error { return engine.Await(ctx, condition) }

// WithCancel returns a copy of parent that can be cancelled on its own.
func WithCancel(parent Context) (Context, CancelFunc) { return engine.WithCancel(parent) }

// NewDisconnectedContext returns a context that keeps parent's values but
// not its cancellation, for cleanup after the workflow was cancelled.
func NewDisconnectedContext(parent Context) (Context, CancelFunc) {
	return engine.NewDisconnectedContext(parent)
}

// WithValue returns a copy of parent in which key maps to val.
func WithValue(parent Context, key, val any) Context { return engine.WithValue(parent, key, val) }

// Now is the workflow's clock: the time of the workflow task being
// processed, the same on every replay.
func Now(ctx Context) time.Time { return engine.Now(ctx) }

// Sleep blocks for d of workflow time. It returns a *temporal.CanceledError
// if ctx is cancelled first. The Temporal UI shows its timer as "Sleep".
func Sleep(ctx Context, d time.Duration) error { return engine.Sleep(ctx, d) }

// NewTimer returns a future ready after d of workflow time, or failed with
// a *temporal.CanceledError when ctx is cancelled first.
func NewTimer(ctx Context, d time.Duration) Future { return engine.NewTimer(ctx, d) }

// TimerOptions configure a timer: Summary is what the Temporal UI shows
// for it.
type TimerOptions = engine.TimerOptions

// NewTimerWithOptions is NewTimer with options.
func NewTimerWithOptions(ctx Context, d time.Duration, opts TimerOptions) Future {
	return engine.NewTimerWithOptions(ctx, d, opts)
}

// GetInfo describes the running workflow.
func GetInfo(ctx Context) Info { return engine.GetInfo(ctx) }

// IsReplaying reports whether the workflow is replaying history, so code
// with outside effects such as logging can skip them.
func IsReplaying(ctx Context) bool { return engine.IsReplaying(ctx) }

// GetSignalChannel returns the channel signals named signalName arrive on.
func GetSignalChannel(ctx Context, signalName string) ReceiveChannel {
	return engine.GetSignalChannel(ctx, signalName)
}

// SideEffect runs f once and records its result in history; replay returns
// the recorded result without running f. Use it for small nondeterministic
// values such as random numbers or UUIDs; anything that can fail belongs in
// an activity.
func SideEffect(ctx Context, f func(ctx Context) any) EncodedValue {
	return engine.SideEffect(ctx, f)
}

// MutableSideEffect runs f each time and records its result when equals
// says it changed since the last recorded value for id; replay returns the
// recorded values.
func MutableSideEffect(ctx Context, id string, f func(ctx Context) any, equals func(a, b any) bool) EncodedValue {
	return engine.MutableSideEffect(ctx, id, f, equals)
}

// GetVersion returns the version of changeID this run follows: maxSupported
// for runs that reach the call for the first time, recorded in history;
// what history recorded on replay; DefaultVersion for runs that passed this
// point before the call existed.
func GetVersion(ctx Context, changeID string, minSupported, maxSupported Version) Version {
	return Version(engine.GetVersion(ctx, changeID, int(minSupported), int(maxSupported)))
}

// ActivityOptions configure activity calls; see WithActivityOptions.
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
// WithActivityOptions and returns its future. activity is the activity
// type name, or a function whose name is the type name.
func ExecuteActivity(ctx Context, activity any, args ...any) Future {
	name, err := activityName(activity)
	if err != nil {
		f, set := NewFuture(ctx)
		set.SetError(err)
		return f
	}
	return engine.ExecuteActivity(ctx, GetActivityOptions(ctx), name, args...)
}

// LocalActivityOptions configure local activity calls.
type LocalActivityOptions = engine.LocalActivityOptions

type localActivityOptionsKey struct{}

// WithLocalActivityOptions returns ctx whose local activity calls use
// opts.
func WithLocalActivityOptions(ctx Context, opts LocalActivityOptions) Context {
	return engine.WithValue(ctx, localActivityOptionsKey{}, opts)
}

// ExecuteLocalActivity runs an activity in the worker that runs the
// workflow, without a round trip through the server, for short work. Its
// result is recorded in history like an activity's.
func ExecuteLocalActivity(ctx Context, activity any, args ...any) Future {
	opts, _ := ctx.Value(localActivityOptionsKey{}).(LocalActivityOptions)
	name, err := activityName(activity)
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

// activityName is a type name given as a string, or the name of a function,
// without its package path and receiver, as the official SDK names them.
func activityName(activity any) (string, error) {
	if name, ok := activity.(string); ok {
		if name == "" {
			return "", fmt.Errorf("workflow: the activity type name is empty")
		}
		return name, nil
	}
	v := reflect.ValueOf(activity)
	if v.Kind() != reflect.Func || v.IsNil() {
		return "", fmt.Errorf("workflow: an activity is a type name or a function, not %T", activity)
	}
	name := runtime.FuncForPC(v.Pointer()).Name()
	name = name[strings.LastIndexByte(name, '.')+1:]
	return strings.TrimSuffix(name, "-fm"), nil
}

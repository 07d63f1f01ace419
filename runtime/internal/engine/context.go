package engine

import (
	"errors"
	"runtime"
	"slices"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Context is the context workflow code runs with. Unlike context.Context it
// is deterministic: its Done channel is a workflow Channel, closed when the
// workflow or a parent context is cancelled, and it carries the coroutine
// that blocking calls yield through.
type Context interface {
	// Deadline is always unset: workflow time comes from history, and
	// timeouts are timers.
	Deadline() (deadline time.Time, ok bool)
	// Done is closed when the context is cancelled. It is nil for a context
	// that can never be cancelled.
	Done() Channel
	// Err is nil until the context is cancelled, then ErrCanceled.
	Err() error
	// Value returns the value stored under key, or nil.
	Value(key any) any
}

// ErrCanceled is what Err returns once a context is cancelled.
var ErrCanceled = temporal.NewCanceledError()

type coroutineKey struct{}

// coroutineOf returns the coroutine running ctx's code. Blocking calls need
// it; code holding a context from another coroutine, or none, is a bug.
func coroutineOf(ctx Context) *coroutine.Coroutine {
	if ctx == nil {
		panic(errors.New("workflow: nil Context: pass the workflow.Context your function received"))
	}
	co, _ := ctx.Value(coroutineKey{}).(*coroutine.Coroutine)
	if co == nil {
		panic(errors.New("workflow: not a workflow context: blocking calls need the workflow.Context of the workflow or of a workflow.Go function"))
	}
	if co.Dispatcher().Abandoned() {
		runtime.Goexit() // code left running after a deadlock (see Abandoned)
	}
	return co
}

// WithCoroutine returns ctx bound to co, for the function co runs.
func WithCoroutine(ctx Context, co *coroutine.Coroutine) Context {
	return &coroutineContext{Context: ctx, co: co}
}

// coroutineContext binds a context to its coroutine: a valueCtx with the
// key left implicit, half the size.
type coroutineContext struct {
	Context
	co *coroutine.Coroutine
}

func (c *coroutineContext) Value(key any) any {
	if key == (coroutineKey{}) {
		return c.co
	}
	return c.Context.Value(key)
}

// Go runs fn in a new coroutine of ctx's dispatcher, with a context bound to
// it. The coroutine first runs at the dispatcher's next turn.
func Go(ctx Context, name string, fn func(ctx Context)) {
	assertWritable(ctx, "Go")
	goWithPriority(ctx, name, false, fn)
}

func goWithPriority(ctx Context, name string, highPriority bool, fn func(ctx Context)) {
	d := coroutineOf(ctx).Dispatcher()
	d.Go(name, highPriority, func(co *coroutine.Coroutine) { fn(WithCoroutine(ctx, co)) })
}

// background is the root of a workflow's contexts.
type background struct{}

// Background returns an empty, never-cancelled root context.
func Background() Context { return background{} }

func (background) Deadline() (time.Time, bool) { return time.Time{}, false }
func (background) Done() Channel               { return nil }
func (background) Err() error                  { return nil }
func (background) Value(any) any               { return nil }

type valueCtx struct {
	Context
	key, val any
}

// WithValue returns a copy of parent in which key maps to val.
func WithValue(parent Context, key, val any) Context {
	return &valueCtx{Context: parent, key: key, val: val}
}

func (c *valueCtx) Value(key any) any {
	if c.key == key {
		return c.val
	}
	return c.Context.Value(key)
}

// CancelFunc cancels a context and its children. Calling it again does
// nothing.
type CancelFunc func()

// cancelCtx can be cancelled, and cancels its children with it.
type cancelCtx struct {
	Context
	done channel
	err  error
	// children in creation order: they are cancelled in that order, so any
	// commands their cancellation creates come out the same on every replay.
	children []*cancelCtx
}

// WithCancel returns a copy of parent with its own Done channel, closed when
// cancel is called or parent is cancelled.
func WithCancel(parent Context) (Context, CancelFunc) {
	c := &cancelCtx{Context: parent, done: channel{name: contextDone}}
	if p := parentCancelCtx(parent); p != nil {
		if p.err != nil {
			c.cancel(p.err)
		} else {
			p.children = append(p.children, c)
		}
	}
	return c, func() {
		c.cancel(ErrCanceled)
		if p := parentCancelCtx(parent); p != nil {
			p.children = slices.DeleteFunc(p.children, func(x *cancelCtx) bool { return x == c })
		}
	}
}

// NewDisconnectedContext returns a context that keeps parent's values but
// not its cancellation, for cleanup that must run after the workflow was
// cancelled.
func NewDisconnectedContext(parent Context) (Context, CancelFunc) {
	return WithCancel(disconnected{parent})
}

// disconnected hides its parent's cancellation.
type disconnected struct{ Context }

func (disconnected) Done() Channel { return nil }
func (disconnected) Err() error    { return nil }

type cancelCtxKey struct{}

func (c *cancelCtx) Value(key any) any {
	if key == (cancelCtxKey{}) {
		return c
	}
	return c.Context.Value(key)
}

func parentCancelCtx(parent Context) *cancelCtx {
	if _, ok := parent.(disconnected); ok {
		return nil
	}
	p, _ := parent.Value(cancelCtxKey{}).(*cancelCtx)
	return p
}

func (c *cancelCtx) Done() Channel { return &c.done }
func (c *cancelCtx) Err() error    { return c.err }

func (c *cancelCtx) cancel(err error) {
	if c.err != nil {
		return
	}
	c.err = err
	c.done.Close()
	if len(c.children) > 1 {
		// The official SDK records flag 9 here; it cancelled children in
		// random order before it. Creation order is the only order a
		// replay can reproduce, so it is used either way.
		tryUse(c, FlagOrderedChildCancel)
	}
	for _, child := range c.children {
		child.cancel(err)
	}
	c.children = nil
}

// contextDone names the Done channel of every cancellable context.
const contextDone = "context.Done"

// rootContext is a run's root context: cancellable, and carrying the run
// and its flags, as WithCancel over two WithValue contexts would, in the
// Execution's own memory.
type rootContext struct {
	cancelCtx
	x *Execution
}

// init makes c x's root context.
func (c *rootContext) init(x *Execution) {
	c.cancelCtx = cancelCtx{Context: Background(), done: channel{name: contextDone}}
	c.x = x
}

func (c *rootContext) Value(key any) any {
	switch key.(type) {
	case executionKey:
		return c.x
	case flagsKey:
		return Flags(&c.x.flags)
	}
	return c.cancelCtx.Value(key)
}

// Await blocks until condition returns true, checking it whenever the
// workflow makes progress, or until ctx is cancelled, which it reports with
// a CanceledError.
func Await(ctx Context, condition func() bool) error {
	assertWritable(ctx, "Await")
	co := coroutineOf(ctx)
	defer co.Progress()
	for !condition() {
		if ctx.Err() != nil {
			return temporal.NewCanceledError("Await context canceled")
		}
		co.Yield("blocked on Await")
	}
	return nil
}

// awaitWithTimeoutSummary is the summary of AwaitWithTimeout's timer, as
// the official SDK writes it.
const awaitWithTimeoutSummary = "AwaitWithTimeout"

// AwaitWithTimeout is Await that gives up after timeout of workflow time,
// reporting ok false. It follows the official SDK step for step: without
// flag 6 (which it never records) the timer always starts and is left to
// fire, and the condition is first checked after one yield.
func AwaitWithTimeout(ctx Context, timeout time.Duration, condition func() bool) (ok bool, err error) {
	assertWritable(ctx, "AwaitWithTimeout")
	co := coroutineOf(ctx)
	defer co.Progress()
	cancelOnCondition := tryUse(ctx, FlagCancelAwaitTimerOnCondition)
	if cancelOnCondition && condition() {
		return true, nil
	}
	timerCtx, cancelTimer := ctx, CancelFunc(func() {})
	if cancelOnCondition {
		timerCtx, cancelTimer = WithCancel(ctx)
	}
	timer := executionOf(ctx).newTimerWithSummary(timerCtx, timeout, awaitWithTimeoutSummary)
	for {
		if ctx.Err() != nil {
			return false, temporal.NewCanceledError("%s context canceled", "AwaitWithTimeout")
		}
		if timer.IsReady() {
			return false, nil
		}
		co.Yield("blocked on AwaitWithTimeout")
		if condition() {
			break
		}
	}
	cancelTimer()
	return true, nil
}

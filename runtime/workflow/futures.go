package workflow

import (
	"errors"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Future is the result of an asynchronous workflow operation: an activity,
// a timer, a child workflow, a signal sent. Get blocks until it is ready
// and decodes its value; IsReady does not block.
//
// Settable resolves a Future made by [NewFuture], once.
type (
	Future   = engine.Future
	Settable = engine.Settable
)

// NewFuture returns a future and the Settable that resolves it, for
// workflow goroutines to hand each other results.
func NewFuture(ctx Context) (Future, Settable) { return engine.NewFutureIn(ctx) }

// Result waits for f and returns its value as a T: a typed Future.Get.
func Result[T any](ctx Context, f Future) (T, error) {
	var v T
	err := f.Get(ctx, &v)
	return v, err
}

// FutureOf is a Future whose value is a T: what typed calls
// ([ActivityDef.ExecuteAsync], generated code) return, so reading the
// result needs no pointer and no cast. It embeds the Future it wraps; in a
// [Selector], [FutureOf.AddToSelector] hands the case the typed value.
type FutureOf[T any] struct{ Future }

// NewFutureOf wraps f, whose value decodes into a T.
func NewFutureOf[T any](f Future) FutureOf[T] { return FutureOf[T]{Future: f} }

// Get waits for the future and returns its value, decoded with the run's
// data converter, or its error.
func (f FutureOf[T]) Get(ctx Context) (T, error) {
	var v T
	if f.Future == nil {
		return v, errNoFuture
	}
	err := f.Future.Get(ctx, &v)
	return v, err
}

// AddToSelector adds a case to s that fires when the future is ready and
// calls fn with its value or error, as SignalChannelOf.AddToSelector does
// for signals.
func (f FutureOf[T]) AddToSelector(s Selector, fn func(v T, err error)) Selector {
	if f.Future == nil {
		// A zero FutureOf would never become ready: the case fires at
		// once with the error its Get reports, rather than leave the
		// selector waiting forever.
		failed, set := engine.NewFuture(nil)
		set.SetError(errNoFuture)
		return s.AddFuture(failed, func(Future) {
			var zero T
			fn(zero, errNoFuture)
		})
	}
	return s.AddFuture(f.Future, func(ready Future) {
		var v T
		// The future is ready, so Get returns at once and needs no
		// context to block on.
		err := ready.Get(nil, &v)
		fn(v, err)
	})
}

// errNoFuture is what a zero FutureOf or ChildRunOf reports instead of
// panicking: only the workflow API makes futures.
var errNoFuture = errors.New("workflow: a zero FutureOf has no future; get one from a workflow call")

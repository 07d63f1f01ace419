package workflow

import (
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

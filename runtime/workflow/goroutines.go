package workflow

import (
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Workflow goroutines take turns: one runs at a time, until it blocks on a
// call of this package, so the order in which they run, and so every
// decision, is the same on every replay.

// Go runs f in a new workflow goroutine, the workflow's counterpart of the
// go statement. f must block only through this package, with the ctx it
// receives. It first runs after the calling goroutine blocks.
func Go(ctx Context, f func(ctx Context)) { engine.Go(ctx, "", f) }

// GoNamed is [Go] with a name shown in stack traces (the __stack_trace
// query).
func GoNamed(ctx Context, name string, f func(ctx Context)) { engine.Go(ctx, name, f) }

// Await blocks until condition returns true, or ctx is cancelled, which it
// reports with a *temporal.CanceledError. The condition is checked each
// time the workflow makes progress, so it may read state that other
// goroutines and signal and update handlers change. It must not block.
func Await(ctx Context, condition func() bool) error { return engine.Await(ctx, condition) }

// AwaitWithTimeout is [Await] that gives up after timeout of workflow time,
// reporting ok false. Its timer is a command in history like any other.
func AwaitWithTimeout(ctx Context, timeout time.Duration, condition func() bool) (ok bool, err error) {
	return engine.AwaitWithTimeout(ctx, timeout, condition)
}

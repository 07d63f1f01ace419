package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Context is the context of workflow code, the workflow's counterpart of
// context.Context: it carries values and cancellation, deterministically,
// and the coroutine that blocking calls yield through. Pass on the Context
// the workflow function or a [Go] function received; a Context from
// another goroutine, or a context.Context, cannot block.
//
// Its Done channel is a workflow [Channel], closed when the workflow is
// cancelled or a [CancelFunc] of the context or one of its parents is
// called. Deadline is never set: workflow time comes from history, and
// timeouts are timers.
type Context = engine.Context

// CancelFunc cancels a Context and every context derived from it. Calling
// it again does nothing.
type CancelFunc = engine.CancelFunc

// ErrCanceled is what Context.Err returns once the context is cancelled,
// and what the future of a timer, or of an activity that does not wait for
// cancellation, fails with when its context is cancelled. It is a
// *temporal.CanceledError, so temporal.IsCanceledError reports true for it
// and for errors that wrap it; errors.Is(err, ErrCanceled) tells it from a
// cancellation that came back from an activity or a child.
var ErrCanceled = engine.ErrCanceled

// WithCancel returns a copy of parent that can be cancelled on its own: its
// Done channel closes when cancel is called or parent is cancelled. Calls
// made with the copy (timers, activities, children) are cancelled with it.
func WithCancel(parent Context) (ctx Context, cancel CancelFunc) { return engine.WithCancel(parent) }

// NewDisconnectedContext returns a context that keeps parent's values but
// not its cancellation, for cleanup after the workflow was cancelled: an
// activity scheduled with it still runs when the workflow is cancelled.
func NewDisconnectedContext(parent Context) (ctx Context, cancel CancelFunc) {
	return engine.NewDisconnectedContext(parent)
}

// WithValue returns a copy of parent in which key maps to val. As with
// context.WithValue, key should be of a type of its own.
func WithValue(parent Context, key, val any) Context { return engine.WithValue(parent, key, val) }

// WithDataConverter returns a copy of ctx whose calls encode their
// arguments and decode their results with dc instead of the worker's data
// converter: activities and local activities, child workflows, signals to
// other workflows, side effects and continue-as-new, as the official SDK's
// function of that name does. Memos stay the worker's converter's: they
// are the workflow's, read by whoever lists it. Use it for the payloads of one call that need their own
// encoding, such as an activity whose arguments are encrypted with a key
// only its workers hold. Replays must see the same converter, so set it
// the same way in every run. A nil dc goes back to the worker's converter.
func WithDataConverter(ctx Context, dc converter.DataConverter) Context {
	return engine.WithDataConverter(ctx, dc)
}

// Package coroutine runs workflow code deterministically: many goroutines,
// exactly one of them running at a time, in an order that depends only on the
// code and its inputs.
//
// Workflow code must replay to the same commands on every worker, so it
// cannot run its goroutines under Go's scheduler, whose interleaving differs
// from run to run. Each workflow goroutine (the workflow function, each
// workflow.Go, each signal or update handler) is a [Coroutine]: a real
// goroutine that runs only while the [Dispatcher] has handed it the turn.
// When it would block — on a channel, a future, a timer — it calls
// [Coroutine.Yield], which hands the turn back.
//
// [Dispatcher.Run] gives every live coroutine the turn in creation order,
// and repeats passes until a whole pass makes no progress: every coroutine
// yielded without [Coroutine.Progress] having been called, and none was
// created. The workflow is then blocked on something only new history
// (a timer firing, an activity result, a signal) can change, and the engine
// can send its commands to the server.
//
// High-priority coroutines (update handlers) run before the coroutines
// created earlier: right after the one that created them, or at the front of
// the next pass.
//
// A coroutine that panics ends the run with a [*PanicError] that carries the
// value and its stack. A coroutine that holds the turn longer than the
// deadlock timeout — a tight loop, a blocking system call, a mutex — ends the
// run with a [*DeadlockError] naming it and showing where it is stuck. Both
// are bugs in the workflow that new code can fix, so the worker fails the
// workflow task and the workflow waits rather than failing.
//
// [Dispatcher.Close] ends every coroutine with runtime.Goexit, running
// their deferred calls, when a workflow leaves the cache.
package coroutine

// Package engine is the deterministic workflow engine: it turns a workflow's
// history into the workflow's state and its next commands.
//
// This package holds, so far, the primitives workflow code blocks on —
// [Context] with cancellation, [Channel], [Future] and [Settable],
// [Selector], [Await] and [Go] — built on the one-at-a-time coroutines of
// package coroutine. They behave like the official Go SDK's, down to the
// order in which cases fire and the SDK flags that gate signal delivery in
// selectors, because a workflow written against either SDK must make the
// same decisions when its history is replayed by the other. The command
// state machines and history processing that drive them are described in
// docs/engine.md.
//
// runtime/workflow is the public face of this package; the worker and the
// replayer drive it. It makes no RPC and reads no clock.
package engine

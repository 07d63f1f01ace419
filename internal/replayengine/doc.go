// Package replayengine is replay/'s way into the engine. Go lets only the
// packages under runtime/ import runtime/internal, and replay/ sits beside
// runtime/, not in it. So runtime/worker, which holds the Registry a replay
// looks workflows up in and already drives the engine for its workflow
// tasks, sets [Replay] when it is initialised; replay/ imports runtime/worker
// for the Registry, so Replay is set before replay/ can call it. grpc-go
// links its packages to one another's internals the same way.
//
// The replay logic users see, and its documentation, live in replay/; this
// package only carries one whole history to the engine and the outcome back.
package replayengine

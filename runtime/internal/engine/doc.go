// Package engine is the deterministic workflow engine: it turns a workflow's
// history into the workflow's state and its next commands.
//
// An [Execution] is one workflow run. [Execution.ProcessTask] splits a
// workflow task's history into [HistoryBatch]es, applies each event to the
// command state machines of package commands, runs the workflow's coroutines
// at each WorkflowTaskStarted, and answers with the commands to send; on
// replay it checks that the code produced the commands the history recorded.
// Today it runs timers, activities, signals, cancellation and the close
// commands; side effects, versions, children, updates, queries and local
// activities follow docs/engine.md.
//
// Workflow code blocks on the primitives here — [Context] with
// cancellation, [Channel], [Future] and [Settable], [Selector], [Await] and
// [Go] — built on the one-at-a-time coroutines of package coroutine. They behave like the official Go SDK's, down to the
// order in which cases fire and the SDK flags that gate signal delivery in
// selectors, because a workflow written against either SDK must make the
// same decisions when its history is replayed by the other. The command
// state machines and history processing that drive them are described in
// docs/engine.md.
//
// runtime/workflow is the public face of this package; the worker and the
// replayer drive it. It makes no RPC and reads no clock.
package engine

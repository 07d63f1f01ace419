// Package engine is the deterministic workflow engine: it turns a workflow's
// history into the workflow's state and its next commands.
//
// An [Execution] is one workflow run. [Execution.ProcessTask] splits a
// workflow task's history into [HistoryBatch]es, applies each event to the
// command state machines of package commands, runs the workflow's coroutines
// at each WorkflowTaskStarted, and answers with the commands to send; on
// replay it checks that the code produced the commands the history recorded.
// It runs timers, activities, local activities (their results, recorded in
// markers; running them is the worker's), side effects, versions, signals,
// cancellation, children and external workflows, updates, queries,
// continue-as-new, and the close commands.
//
// Workflow code blocks on the primitives here — [Context] with
// cancellation, [Channel], [Future] and [Settable], [Selector], [Await] and
// [Go] — built on the one-at-a-time coroutines of package coroutine. They
// behave like the official Go SDK's, down to the order in which cases fire and the SDK flags that gate signal delivery in
// selectors, because a workflow written against either SDK must make the
// same decisions when its history is replayed by the other. The command
// state machines and history processing that drive them are described in
// docs/engine.md.
//
// runtime/workflow is the public face of this package; the worker and the
// replayer drive it. It reads no clock, and makes no RPC and opens no file,
// which arch_test.go checks.
package engine

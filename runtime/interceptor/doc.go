// Package interceptor lets code run around everything a worker runs: each
// workflow run, each signal, query and update it receives, each call it
// makes out of itself, and each activity attempt, with the Temporal header
// that travels with them.
// Tracing, auth checks, logging context and metrics per type are the usual
// uses.
//
// A [Worker] interceptor is given the next link of each chain and returns
// its own; the worker's interceptors (worker.Options.Interceptors) wrap in
// order, the first outermost. Embed [WorkflowInboundBase] or
// [ActivityInboundBase] to intercept only one of them.
//
// # Headers
//
// A header is a map of payloads sent alongside a call's arguments. The
// client's outbound interceptors write the header a workflow starts with
// (see client.Header); a workflow's inbound link reads it in
// [ExecuteWorkflowInput].Header. The calls the workflow makes out go
// through a [WorkflowOutbound] chain: a workflow link installs its own
// link by replacing [ExecuteWorkflowInput].Outbound before it calls next,
// and the chain then serves the whole run. Each call (an activity, a local
// activity, a child workflow, a signal to a child or to another workflow,
// continue-as-new) starts with an empty Header that the outbound links
// write in; it is sent with the call, where the next inbound link reads
// it: [ExecuteActivityInput].Header for activities and local activities,
// [ExecuteWorkflowInput].Header for children and for the run
// continue-as-new starts, and the history event of a signal.
//
// Calls into a run go through a [WorkflowHandlers] chain: a Worker
// interceptor that also implements [HandlersInterceptor] is asked for its
// link when each run starts, and sees every signal (with the header its
// sender wrote, a client's or another workflow's), query and update
// (validation and execution) of the run.
//
// As in the official Go SDK, a run's start header is not copied onto the
// calls it makes: trace context has a new parent at each hop, and a
// credential meant for one workflow should not follow every call it makes.
// Name the entries to carry with [PropagateHeaders], the counterpart of
// the official SDK's context propagators, or write them in an outbound
// link.
//
// # Determinism
//
// Workflow interceptors, inbound and outbound, run inside the workflow, on
// replay too: they must be deterministic like workflow code (no clocks, no
// I/O; check workflow.IsReplaying before emitting anything outside).
// Headers take no part in the determinism check, so adding or changing
// what an outbound link writes does not break the replay of running
// workflows. Activity interceptors run once per attempt and may do
// anything.
//
// Arguments and results of workflows and activities are passed encoded
// (as payloads), so an interceptor works whatever the workflow's types and
// data converter; the arguments of outbound calls are the values the
// workflow passed, encoded after the chain.
package interceptor

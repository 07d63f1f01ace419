// Package interceptor lets code run around everything a worker runs:
// each workflow run and each activity attempt, with the Temporal header
// the caller sent. Tracing, auth checks, logging context and metrics per
// type are the usual uses.
//
// A [Worker] interceptor is given the next link of each chain and returns
// its own; the worker's interceptors (worker.Options.Interceptors) wrap in
// order, the first outermost. Embed [WorkflowInboundBase] or
// [ActivityInboundBase] to intercept only one of them.
//
// Workflow interceptors run inside the workflow, on replay too: they must
// be deterministic like workflow code (no clocks, no I/O; check
// workflow.IsReplaying before emitting anything outside). Activity
// interceptors run once per attempt and may do anything.
//
// Arguments and results are passed encoded (as payloads), so an
// interceptor works whatever the workflow's types and data converter. The
// header is what the client's outbound interceptors wrote (see
// client.Header): trace context and auth travel there.
package interceptor

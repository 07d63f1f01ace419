// Package replay loads workflow histories so workflow code can be replayed
// against them without a server.
//
// A Temporal workflow is deterministic: given the same history, its code
// must make the same decisions again. Replaying recorded histories against
// new code is how a change is proven safe before it meets running workflows.
// That needs the histories first, and this package gets them, in every form
// they are kept:
//
//   - JSON, as the official SDKs' replay fixtures and
//     `temporal workflow show --output json` write it. Enum values may use
//     short names ("WorkflowExecutionStarted", "Normal"), as sdk-go's fixtures
//     do, or canonical ones ("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"), as the
//     CLI prints; int64 values may be numbers or strings.
//   - Binary protobuf: one serialized temporal.api.history.v1.History, as
//     Temporal Core keeps its test histories.
//   - Straight from a server, with [FetchHistory].
//
// [ReadHistory], [LoadHistoryFile] and [LoadHistoryDir] tell the formats
// apart by content, not by file name: input whose first character other than
// white space is '{' is JSON, anything else binary.
//
// # What the CLI prints
//
// `temporal workflow show --output json` (CLI v1.5.1) prints one History
// object, {"events": [...]}, with the events of one run, canonical enum names,
// int64 values as strings and payloads as base64 (the CLI turns its payload
// shorthand off for this command so that SDK replayers can read it).
// `--output jsonl` prints the same object on one line. Both load as they are.
//
// # Unknown fields
//
// JSON is read with go.temporal.io/api's temporalproto.CustomJSONUnmarshalOptions
// with DiscardUnknown set, as the official SDKs read it, so a history written
// by a newer server still loads: fields these protos do not know are dropped,
// and an enum name they do not know reads as the enum's zero value. Binary
// input keeps unknown fields as protobuf does. Nothing dropped can hide a
// fault, because every loader then checks the history with
// [ValidateHistory]: an event of a type these protos do not know (in JSON,
// one whose type reads as unspecified) is accepted only if the server marked
// it WorkerMayIgnore, as it does for event types added after a worker was
// built. The price is that a misspelt field in a handwritten fixture is
// silently ignored rather than reported.
//
// # Validation
//
// A corrupt history would make a replay fail with a nondeterminism error
// that blames the workflow code, or pass when it should not. [ValidateHistory]
// rejects what no server writes — no events, a first event other than
// WorkflowExecutionStarted, event IDs other than 1, 2, 3, …, attributes that
// do not match the event type, unknown event types the server did not mark
// ignorable, events after the run closed — with a [*CorruptHistoryError]
// naming the source and the event. Input that is not a history at all is a
// [*FormatError] naming the file and showing what it holds instead.
//
// # Replaying
//
// A [Replayer] runs the workflows of a [worker.Registry] over histories, on
// the engine the worker runs them on but without a server, and reports
// whether the code still makes the calls each history recorded, in the same
// order, and ends the way the run ended. It replays a history in memory
// ([Replayer.ReplayHistory]), a file ([Replayer.ReplayFile]), every file of
// a directory ([Replayer.ReplayDir]) or a run fetched from a server
// ([Replayer.ReplayExecution]). Code that diverged is a
// [*temporal.NondeterminismError] naming the run, the event where the code
// diverged, what the history recorded there and what the code did instead;
// other errors say why a history could not be replayed at all: corrupt, an
// unregistered workflow type, a panic, or code that did not yield within
// [Options].DeadlockDetectionTimeout.
//
// The registry is the one workers take, so the code that registers a
// service's workflows for a worker registers them for a replayer too:
//
//	r := worker.NewRegistry()
//	if err := r.RegisterWorkflow(OrderWorkflow); err != nil { ... }
//	rp := replay.NewReplayer(r, replay.Options{})
//	results, err := rp.ReplayDir("testdata/histories")
//
// [Options] take what shaped the histories besides the code: the client's
// converters (codecs included) and the worker's interceptors.
//
// Keep histories of each workflow under version control and replay them in
// tests, so a change that would wedge running workflows fails before it
// ships; testdata/regression holds this repository's own, written by the
// official Go SDK. A Replayer does what the official Go SDK's
// worker.WorkflowReplayer does: ReplayWorkflowHistory is ReplayHistory,
// ReplayWorkflowHistoryFromJSONFile is ReplayFile (which reads binary
// histories too) and ReplayWorkflowExecution is ReplayExecution. It is
// stricter in two ways: a history is validated before it is replayed, and
// a run that completed, failed, was canceled or continued as new must end
// the same way when replayed, where the official replayer checks only
// completion and continue-as-new.
package replay

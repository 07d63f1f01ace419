// Package interop is workflowdef's compatibility oracle: it holds no
// library code, only tests that run the official Temporal Go SDK
// (go.temporal.io/sdk) side by side with our runtime and require them to
// agree.
//
// The main module never depends on the official SDK; this separate module
// does, and points at the working tree with a replace directive, so every
// change to the runtime is checked against the SDK it must interoperate
// with:
//
//   - Payloads: every value both SDKs encode gives the same payload, and each
//     side decodes the other's, with proto messages as json/protobuf or
//     binary/protobuf and through the zlib codec.
//   - Failures: the same error gives the same Failure proto in both SDKs,
//     with causes, details and encoded attributes, and each SDK decodes the
//     other's failures to the same error.
//   - Client against worker: our client drives workflows and activities
//     written with the official SDK on a real Temporal dev server (started
//     once for the package by internal/testing/testenv): results, failures,
//     continue-as-new, signals, queries, updates, update-with-start,
//     cancellation, termination, timeouts, asynchronous activity
//     completion, search attributes, memo and visibility.
//   - Benchmarks: the official SDK's converters on the message our converter
//     benchmarks encode (BenchmarkOfficial… here, Benchmark… in
//     runtime/converter), for comparison.
//
// Run it from this directory:
//
//	go test -race ./...
//	go test -run XXX -bench . -benchmem ./...
//
// The official SDK is pinned to one version in go.mod: moving it is a
// deliberate change, made together with whatever it reveals.
package interop

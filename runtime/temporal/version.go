package temporal

// IsAtLeastVersion0_3_0 is the version handshake between generated code and
// this runtime, as connect-go's IsAtLeastVersion constants are. Every file
// protoc-gen-go-temporal writes refers to the constant of the runtime
// version it was generated for:
//
//	const _ = temporal.IsAtLeastVersion0_3_0
//
// Generated code calls runtime APIs that older runtimes lack. Without the
// handshake, building it against a runtime too old for it fails on
// whichever of those calls the compiler meets first, with an error that
// does not say why; with it, the first error names the version the
// generated file needs, so the fix (go get a newer
// github.com/workflowdef/workflowdef) is plain. A new runtime keeps every
// older constant, so older generated files keep compiling.
//
// The constant follows the runtime's version (client.Version): a release
// that generated code depends on in a new way adds the constant named after
// it.
const IsAtLeastVersion0_3_0 = true

// IsAtLeastVersion0_2_0 is the handshake of files generated for 0.2.0,
// which this runtime still builds. 0.3.0's generated code calls
// workflow.BuildWorkflow, workflow.NewDefaultsUUID and worker.IsNil.
const IsAtLeastVersion0_2_0 = true

// Package read turns a protoc request annotated with the workflowdef options
// (proto/temporal/workflowdef/v1/workflowdef.proto) into the generator's
// [model.Request].
//
// Reading resolves everything the options leave implicit, so later stages
// never look at the options again: names default to the rpc's fully
// qualified name, the service's task queue and versioning behaviour are
// merged into its workflows and activities, refs to signals, queries and
// updates are looked up (in the same service by rpc name, or by fully
// qualified name, relative to the file's package or not), durations become
// time.Duration values and templates are parsed against the request message.
// Every rpc and option keeps its place in the .proto file.
//
// Reading never fails: what is wrong (a second method option on an rpc, a
// ref that names nothing, a template that does not parse) is kept in the
// model for package validate to report, with everything else wrong, at once.
//
// An annotated service is one with the service option or at least one
// Temporal method option; other services, and rpcs without a method option,
// produce nothing.
package read

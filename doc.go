// Package workflowdef is a proto-first Temporal SDK for Go.
//
// Users describe workflows, activities, signals, queries and updates as
// protobuf services annotated with the options in
// proto/temporal/workflowdef/v1/workflowdef.proto. `buf generate` runs the
// protoc-gen-go-temporal plugin, which emits typed clients and worker
// registrations on this module's own runtime under runtime/, which talks to
// the Temporal server's WorkflowService over gRPC.
//
// This root package holds no code; its tests guard the module's dependency
// rules and the options schema's contract with Temporal's API. Start with
// DEVELOPERS.md for the layout and docs/architecture.md for the design.
package workflowdef

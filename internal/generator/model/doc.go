// Package model is what protoc-gen-go-temporal generates, independent of the
// annotation dialect it was read from.
//
// The plugin works in three stages. A reader (package read, one per dialect)
// turns protogen's view of the request into a [Request]: files, their
// annotated services, and each service's workflows, activities, signals,
// queries and updates with their options fully resolved. Validation checks
// the model and reports every problem at once. The renderer turns a valid
// model into Go. Only the reader knows which options a user wrote; from the
// model on, nothing depends on the options package, so a second dialect
// (cludden's temporal.v1) needs only a second reader.
//
// # Resolved options
//
// A reader leaves nothing for later stages to default or look up:
//
//   - names are the option's or the rpc's fully qualified proto name;
//   - a service's task queue and versioning behaviour are merged into its
//     workflows and activities;
//   - refs to signals, queries and updates point at the items they name
//     ([SignalRef.Signal], ...), and keep every rpc the text named
//     ([Ref.Targets]) so validation can say why a ref did not resolve;
//   - durations are [time.Duration] values; an unset option is a nil pointer,
//     distinct from an explicit zero;
//   - enums are model types carrying Temporal's numbers;
//   - templates are parsed and resolved against the request message
//     ([Template.Parsed]), or carry the error that stopped them.
//
// # Places
//
// Every rpc, service and option carries the [Location] it was written at, so
// an error points at the offending option, or at the rpc when the option's
// own place is not known.
//
// # Generated identifiers
//
// [Service.Names], [Workflow.Names] and the other Names methods are the one
// definition of the Go identifiers the renderer declares;
// [Service.Identifiers] lists them with their scope so validation can reject
// names that collide before any code is written.
package model

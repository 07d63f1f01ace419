// Command protoc-gen-go-temporal is the workflowdef protoc plugin: it reads
// protobuf services annotated with the temporal.workflowdef.v1 options and
// writes typed Go for them on the workflowdef runtime: a client, a run
// handle per workflow, worker registrations, and the calls workflow code
// makes to activities, child workflows and other workflows' signals.
//
// Install it as a tool of your module and name it in buf.gen.yaml:
//
//	go get -tool github.com/workflowdef/workflowdef/cmd/protoc-gen-go-temporal
//
//	# buf.gen.yaml
//	version: v2
//	plugins:
//	  - local: ["go", "tool", "protoc-gen-go"]
//	    out: gen
//	    opt: paths=source_relative
//	  - local: ["go", "tool", "protoc-gen-go-temporal"]
//	    out: gen
//	    opt: paths=source_relative
//	    strategy: all
//	inputs:
//	  - directory: proto
//	    exclude_paths: [proto/temporal] # the schema's Go ships with the runtime
//
// By default the code for acme/orders/v1/orders.proto, whose Go package is
// ordersv1, goes into the sub-package ordersv1temporal
// (acme/orders/v1/ordersv1temporal/orders.temporal.go), so a package of
// messages never links the Temporal runtime. Options, given as opt:
//
//	package_suffix=temporal  the sub-package's suffix; empty writes into
//	                         the messages' own package
//	paths=..., module=...    as for protoc-gen-go: module=example.com/acme
//	                         strips that prefix from the files' paths, and
//	                         refuses a file whose Go import path is outside it
//
// With package_suffix empty, generated code shares the package with
// protoc-gen-go's, and with the generated code of the package's other
// files: a generated name that a message, enum, enum value, oneof wrapper
// or another file's service already takes (a message OrdersClient beside a
// service Orders) is reported as an error naming both, before anything is
// written.
//
// Problems in the annotations are reported as protoc and buf report any
// plugin error, one line each, `file.proto:line:column: rpc Orders.Process:
// ...`, and the run exits non-zero.
//
// `protoc-gen-go-temporal --version` prints the plugin's version, which
// every generated file records.
package main

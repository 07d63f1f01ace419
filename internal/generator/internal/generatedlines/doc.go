// Command generatedlines counts the lines of code protoc-gen-go-temporal
// generated, per annotated rpc and per part of the output, to keep
// generated code thin (the goal: at most 30 lines of code per rpc).
//
//	make generated-lines
//	go run ./internal/generator/internal/generatedlines FILE.temporal.go...
//
// A line of code is a line that is neither blank nor a comment. Each one
// goes to the rpc a declaration is for, found from its name
// (processOrderDefaults, ProcessOrderRun, RegisterChargeCardActivity;
// a method by its own name first, CancelOrder on a run handle being the
// signal's), or to the service (the client's interface and struct, the
// service-wide registrations), or to the file's header (package, imports,
// the version handshake). Parts are what the lines do:
//
//   - names: the name constants;
//   - templates: ID template functions and the defaults functions
//     built from the annotation;
//   - descriptors: the client and workflow descriptors the calls go
//     through (…WorkflowDef, …ChildDef, …SignalDef, …ActivityDef);
//   - client: the client interface, its constructor and implementation;
//   - run: the typed run handles and their methods;
//   - worker: workflow and activity interfaces, Unimplemented…,
//     registration;
//   - workflow: the calls workflow code makes: activities, children and
//     their runs, continue-as-new, external signals.
package main

// Package prototest compiles .proto sources held by a test into the
// protogen.Plugin protoc would hand protoc-gen-go-temporal, so the
// generator's stages can be tested in-process, with source info, without
// protoc or buf.
//
// The sources may import the options schema as
// `temporal/workflowdef/v1/workflowdef.proto`: it is read from the
// repository's proto/ directory, the file buf compiles. Well-known types come
// from the compiler's standard imports.
//
// protocompile reads editions up to 2023; BufRequest builds newer protos
// with the pinned buf instead, as `make generate` does.
package prototest

// Package generator is protoc-gen-go-temporal's logic: from the protos a
// compiler hands the plugin to the Go files it writes, in three stages
// that each live in their own package.
//
//   - read turns the request, as protogen presents it, into a [model]: the
//     annotated services, their workflows, activities, signals, queries and
//     updates, with every option resolved and every place remembered.
//   - validate checks the model and returns every problem at once, each as
//     `file.proto:line:column: rpc Service.Method: what is wrong and what to
//     do`.
//   - render writes Go for a valid model, on the runtime's generic types.
//
// [Generate] runs the three for one plugin request; cmd/protoc-gen-go-temporal
// is a thin main over it.
package generator

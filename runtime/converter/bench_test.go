package converter_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/runtime/converter"
)

// The interop module runs the same benchmarks on the official SDK's
// converter, on the same message, for comparison.

func BenchmarkEncodeProtoJSON(b *testing.B) { fixture.BenchmarkEncode(b, converter.Default()) }
func BenchmarkDecodeProtoJSON(b *testing.B) { fixture.BenchmarkDecode(b, converter.Default()) }
func BenchmarkEncodeProtoBinary(b *testing.B) {
	fixture.BenchmarkEncode(b, converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary}))
}
func BenchmarkDecodeProtoBinary(b *testing.B) {
	fixture.BenchmarkDecode(b, converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary}))
}

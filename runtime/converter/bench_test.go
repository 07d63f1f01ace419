package converter_test

import (
	"testing"

	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/internal/fixture"
	"github.com/workflowdef/workflowdef/runtime/converter"
)

// The interop module runs the same benchmarks on the official SDK's
// converter, on the same message, for comparison.

func benchmarkEncode(b *testing.B, dc converter.DataConverter) {
	msg := fixture.StartWorkflowRequest()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dc.ToPayload(msg); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkDecode(b *testing.B, dc converter.DataConverter) {
	p, err := dc.ToPayload(fixture.StartWorkflowRequest())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var out *workflowservice.StartWorkflowExecutionRequest
		if err := dc.FromPayload(p, &out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeProtoJSON(b *testing.B) { benchmarkEncode(b, converter.Default()) }
func BenchmarkDecodeProtoJSON(b *testing.B) { benchmarkDecode(b, converter.Default()) }
func BenchmarkEncodeProtoBinary(b *testing.B) {
	benchmarkEncode(b, converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary}))
}
func BenchmarkDecodeProtoBinary(b *testing.B) {
	benchmarkDecode(b, converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary}))
}

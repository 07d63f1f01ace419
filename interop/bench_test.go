package interop_test

import (
	"testing"

	"go.temporal.io/api/workflowservice/v1"
	sdkconverter "go.temporal.io/sdk/converter"

	"github.com/workflowdef/workflowdef/internal/fixture"
)

// The official SDK's converters on the message runtime/converter's
// benchmarks use, named to line up with ours: BenchmarkOfficialEncodeProtoJSON
// here against BenchmarkEncodeProtoJSON there, and so on.

func benchmarkOfficialEncode(b *testing.B, dc sdkconverter.DataConverter) {
	msg := fixture.StartWorkflowRequest()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dc.ToPayload(msg); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkOfficialDecode(b *testing.B, dc sdkconverter.DataConverter) {
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

func BenchmarkOfficialEncodeProtoJSON(b *testing.B) {
	benchmarkOfficialEncode(b, sdkconverter.GetDefaultDataConverter())
}

func BenchmarkOfficialDecodeProtoJSON(b *testing.B) {
	benchmarkOfficialDecode(b, sdkconverter.GetDefaultDataConverter())
}

func BenchmarkOfficialEncodeProtoBinary(b *testing.B) {
	benchmarkOfficialEncode(b, officialBinaryProtoConverter())
}

func BenchmarkOfficialDecodeProtoBinary(b *testing.B) {
	benchmarkOfficialDecode(b, officialBinaryProtoConverter())
}

package interop_test

import (
	"testing"

	sdkconverter "go.temporal.io/sdk/converter"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
)

// The official SDK's converters on the message runtime/converter's
// benchmarks use, named to line up with ours: BenchmarkOfficialEncodeProtoJSON
// here against BenchmarkEncodeProtoJSON there, and so on.

func BenchmarkOfficialEncodeProtoJSON(b *testing.B) {
	fixture.BenchmarkEncode(b, sdkconverter.GetDefaultDataConverter())
}

func BenchmarkOfficialDecodeProtoJSON(b *testing.B) {
	fixture.BenchmarkDecode(b, sdkconverter.GetDefaultDataConverter())
}

func BenchmarkOfficialEncodeProtoBinary(b *testing.B) {
	fixture.BenchmarkEncode(b, officialBinaryProtoConverter())
}

func BenchmarkOfficialDecodeProtoBinary(b *testing.B) {
	fixture.BenchmarkDecode(b, officialBinaryProtoConverter())
}

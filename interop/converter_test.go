package interop_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	"go.temporal.io/api/workflowservice/v1"
	sdkconverter "go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/runtime/converter"
)

// valueConverter is what both SDKs' data converters have in common.
type valueConverter interface {
	ToPayload(value any) (*commonpb.Payload, error)
	FromPayload(payload *commonpb.Payload, valuePtr any) error
}

// officialBinaryProtoConverter is the official SDK's default converter with
// binary/protobuf ahead of json/protobuf, the documented way to send proto
// messages in binary with the official Go SDK.
func officialBinaryProtoConverter() sdkconverter.DataConverter {
	return sdkconverter.NewCompositeDataConverter(
		sdkconverter.NewNilPayloadConverter(),
		sdkconverter.NewByteSlicePayloadConverter(),
		sdkconverter.NewProtoPayloadConverter(),
		sdkconverter.NewProtoJSONPayloadConverter(),
		sdkconverter.NewJSONPayloadConverter(),
	)
}

// converterPairs are the configurations that must write the same payloads.
var converterPairs = []struct {
	name     string
	official valueConverter
	ours     valueConverter
}{
	{"proto as json/protobuf", sdkconverter.GetDefaultDataConverter(), converter.Default()},
	{"proto as binary/protobuf", officialBinaryProtoConverter(), converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary})},
}

// payloadCase is a value both SDKs encode, the pointer to decode it into,
// and what decoding must give.
type payloadCase struct {
	name   string
	value  any
	target func() any
	want   any
}

func payloadCases() []payloadCase {
	placed := time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.FixedZone("CET", 3600))
	o := sampleOrder()
	return []payloadCase{
		{"nil", nil, func() any { s := "stale"; return &s }, ""},
		{"nil pointer", (*order)(nil), func() any { p := &order{ID: "stale"}; return &p }, (*order)(nil)},
		{"bytes", []byte{0xde, 0xad, 0xbe, 0xef}, func() any { return new([]byte) }, []byte{0xde, 0xad, 0xbe, 0xef}},
		{"empty bytes", []byte{}, func() any { return new([]byte) }, []byte{}},
		{"string", "héllo, wörld ✓", func() any { return new(string) }, "héllo, wörld ✓"},
		{"empty string", "", func() any { return new(string) }, ""},
		{"int", 42, func() any { return new(int) }, 42},
		{"negative int64", int64(-1 << 53), func() any { return new(int64) }, int64(-1 << 53)},
		{"float", 3.25, func() any { return new(float64) }, 3.25},
		{"bool", true, func() any { return new(bool) }, true},
		{"time", placed, func() any { return new(time.Time) }, placed},
		{"struct", o, func() any { return new(order) }, o},
		{"struct pointer", &o, func() any { return new(*order) }, &o},
		{"map", map[string]int{"apples": 3, "pears": 0}, func() any { return new(map[string]int) }, map[string]int{"apples": 3, "pears": 0}},
		{"slice", []string{"a", "b", "c"}, func() any { return new([]string) }, []string{"a", "b", "c"}},
		{"any", map[string]any{"n": 1.5, "s": "x", "l": []any{true, nil}}, func() any { return new(any) }, map[string]any{"n": 1.5, "s": "x", "l": []any{true, nil}}},
		{"proto request", fixture.StartWorkflowRequest(), func() any { return new(*workflowservice.StartWorkflowExecutionRequest) }, fixture.StartWorkflowRequest()},
		{"proto into message", &commonpb.WorkflowExecution{WorkflowId: "order-1", RunId: "4f0c"}, func() any { return &commonpb.WorkflowExecution{RunId: "stale"} }, &commonpb.WorkflowExecution{WorkflowId: "order-1", RunId: "4f0c"}},
		{"empty proto", &commonpb.WorkflowExecution{}, func() any { return new(*commonpb.WorkflowExecution) }, &commonpb.WorkflowExecution{}},
		{"proto with oneof and enum", sampleFailureProto(), func() any { return new(*failurepb.Failure) }, sampleFailureProto()},
	}
}

func sampleFailureProto() *failurepb.Failure {
	return &failurepb.Failure{
		Message: "activity timed out",
		Source:  "GoSDK",
		FailureInfo: &failurepb.Failure_TimeoutFailureInfo{TimeoutFailureInfo: &failurepb.TimeoutFailureInfo{
			TimeoutType: enumspb.TIMEOUT_TYPE_HEARTBEAT,
		}},
		Cause: &failurepb.Failure{Message: "retry", FailureInfo: &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{
			Type: "Flaky", NextRetryDelay: durationpb.New(1500 * time.Millisecond),
		}}},
	}
}

// decoded returns what a decode target holds: the message itself for a
// proto target, else the value the pointer points to.
func decoded(target any) any {
	if m, ok := target.(proto.Message); ok {
		return m
	}
	return reflect.ValueOf(target).Elem().Interface()
}

var valueCmpOpts = cmp.Options{protocmp.Transform(), cmpopts.EquateEmpty()}

// TestPayloadsMatchTheOfficialSDK encodes each value with both SDKs and
// requires the same payload (metadata, and data equal once parsed), then
// decodes each SDK's payload with the other.
func TestPayloadsMatchTheOfficialSDK(t *testing.T) {
	for _, pair := range converterPairs {
		for _, tc := range payloadCases() {
			t.Run(pair.name+"/"+tc.name, func(t *testing.T) {
				official, err := pair.official.ToPayload(tc.value)
				if err != nil {
					t.Fatalf("official ToPayload: %v", err)
				}
				ours, err := pair.ours.ToPayload(tc.value)
				if err != nil {
					t.Fatalf("our ToPayload: %v", err)
				}
				assertSamePayload(t, official, ours)

				target := tc.target()
				if err := pair.ours.FromPayload(official, target); err != nil {
					t.Fatalf("our FromPayload of the official payload: %v", err)
				}
				if diff := cmp.Diff(tc.want, decoded(target), valueCmpOpts); diff != "" {
					t.Errorf("we decode the official payload as (-want +got):\n%s", diff)
				}
				target = tc.target()
				if err := pair.official.FromPayload(ours, target); err != nil {
					t.Fatalf("official FromPayload of our payload: %v", err)
				}
				if diff := cmp.Diff(tc.want, decoded(target), valueCmpOpts); diff != "" {
					t.Errorf("the official SDK decodes our payload as (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// assertSamePayload requires equal metadata and data that parse to the same
// thing. Data is compared parsed because protojson varies its whitespace
// and protobuf does not fix the order of map entries.
func assertSamePayload(t *testing.T, official, ours *commonpb.Payload) {
	t.Helper()
	if diff := cmp.Diff(stringMetadata(official), stringMetadata(ours)); diff != "" {
		t.Fatalf("payload metadata differs (-official +ours):\n%s", diff)
	}
	encoding := string(ours.GetMetadata()[converter.MetadataEncoding])
	switch encoding {
	case converter.EncodingProtoJSON, converter.EncodingProto:
		name := protoreflect.FullName(ours.GetMetadata()[converter.MetadataMessageType])
		mt, err := protoregistry.GlobalTypes.FindMessageByName(name)
		if err != nil {
			t.Fatalf("messageType %q: %v", name, err)
		}
		unmarshal := proto.Unmarshal
		if encoding == converter.EncodingProtoJSON {
			unmarshal = protojson.Unmarshal
		}
		a, b := mt.New().Interface(), mt.New().Interface()
		if err := unmarshal(official.GetData(), a); err != nil {
			t.Fatalf("official %s data: %v", encoding, err)
		}
		if err := unmarshal(ours.GetData(), b); err != nil {
			t.Fatalf("our %s data: %v", encoding, err)
		}
		if diff := cmp.Diff(a, b, protocmp.Transform()); diff != "" {
			t.Errorf("%s data differs (-official +ours):\n%s", encoding, diff)
		}
	case converter.EncodingJSON:
		if got, want := compactJSON(t, ours.GetData()), compactJSON(t, official.GetData()); got != want {
			t.Errorf("json/plain data differs:\nofficial %s\nours     %s", want, got)
		}
	default:
		if !bytes.Equal(official.GetData(), ours.GetData()) {
			t.Errorf("%s data differs:\nofficial %x\nours     %x", encoding, official.GetData(), ours.GetData())
		}
	}
}

func stringMetadata(p *commonpb.Payload) map[string]string {
	m := make(map[string]string, len(p.GetMetadata()))
	for k, v := range p.GetMetadata() {
		m[k] = string(v)
	}
	return m
}

func compactJSON(t *testing.T, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		t.Fatalf("invalid JSON %q: %v", data, err)
	}
	return buf.String()
}

// TestNilCollectionsDecodeAlikeAcrossSDKs covers nil maps, slices and byte
// slices: both SDKs write them alike (json/plain null, binary/plain for
// []byte), so other languages read them as their own empty types, and each
// side decodes the other's payload to the nil value.
func TestNilCollectionsDecodeAlikeAcrossSDKs(t *testing.T) {
	cases := []payloadCase{
		{"nil map", map[string]int(nil), func() any { m := map[string]int{"stale": 1}; return &m }, map[string]int(nil)},
		{"nil slice", []string(nil), func() any { s := []string{"stale"}; return &s }, []string(nil)},
		{"nil bytes", []byte(nil), func() any { b := []byte("stale"); return &b }, []byte(nil)},
	}
	for _, pair := range converterPairs {
		for _, tc := range cases {
			t.Run(pair.name+"/"+tc.name, func(t *testing.T) {
				official, err := pair.official.ToPayload(tc.value)
				if err != nil {
					t.Fatal(err)
				}
				ours, err := pair.ours.ToPayload(tc.value)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(official, ours, protocmp.Transform()); diff != "" {
					t.Errorf("payloads differ (-official +ours):\n%s", diff)
				}
				for _, d := range []struct {
					who     string
					dc      valueConverter
					payload *commonpb.Payload
				}{{"we decode the official payload", pair.ours, official}, {"the official SDK decodes our payload", pair.official, ours}} {
					target := tc.target()
					if err := d.dc.FromPayload(d.payload, target); err != nil {
						t.Fatalf("%s: %v", d.who, err)
					}
					if diff := cmp.Diff(tc.want, decoded(target), cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("%s as (-want +got):\n%s", d.who, diff)
					}
				}
			})
		}
	}
}

// TestProtoPayloadsDecodeWhateverTheEncodingPreference sends proto messages
// between SDKs that prefer different proto encodings: decoding follows the
// payload's encoding, not the reader's preference.
func TestProtoPayloadsDecodeWhateverTheEncodingPreference(t *testing.T) {
	officials := map[string]valueConverter{"official json": sdkconverter.GetDefaultDataConverter(), "official binary": officialBinaryProtoConverter()}
	ours := map[string]valueConverter{"our json": converter.Default(), "our binary": converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary})}
	want := fixture.StartWorkflowRequest()
	for on, official := range officials {
		for wn, we := range ours {
			t.Run(on+" to "+wn, func(t *testing.T) {
				p, err := official.ToPayload(want)
				if err != nil {
					t.Fatal(err)
				}
				got, err := converter.Decode[*workflowservice.StartWorkflowExecutionRequest](we.(converter.DataConverter), p)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
			t.Run(wn+" to "+on, func(t *testing.T) {
				p, err := we.ToPayload(want)
				if err != nil {
					t.Fatal(err)
				}
				var got *workflowservice.StartWorkflowExecutionRequest
				if err := official.FromPayload(p, &got); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
}

// codecPayloads are payloads of several shapes for the zlib codecs: small
// (compression does not pay), large, proto, and with several metadata keys.
func codecPayloads(t *testing.T) []*commonpb.Payload {
	t.Helper()
	protoPayload, err := converter.Default().ToPayload(fixture.StartWorkflowRequest())
	if err != nil {
		t.Fatal(err)
	}
	return []*commonpb.Payload{
		{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"x"`)},
		{Metadata: map[string][]byte{"encoding": []byte("binary/plain")}, Data: bytes.Repeat([]byte("compress me "), 200)},
		protoPayload,
		{Metadata: map[string][]byte{"encoding": []byte("json/plain"), "custom": []byte("kept"), "type": []byte("Keyword")}, Data: bytes.Repeat([]byte(`"abc"`), 1)},
		{Metadata: map[string][]byte{"encoding": []byte("binary/null")}},
	}
}

func clonePayloads(ps []*commonpb.Payload) []*commonpb.Payload {
	out := make([]*commonpb.Payload, len(ps))
	for i, p := range ps {
		out[i] = proto.Clone(p).(*commonpb.Payload)
	}
	return out
}

// TestZlibCodecPayloadsReadByTheOtherSDK compresses with each SDK's zlib
// codec and decompresses with the other's, with and without AlwaysEncode.
func TestZlibCodecPayloadsReadByTheOtherSDK(t *testing.T) {
	for _, always := range []bool{true, false} {
		name := "only when smaller"
		if always {
			name = "always encode"
		}
		t.Run(name, func(t *testing.T) {
			official := sdkconverter.NewZlibCodec(sdkconverter.ZlibCodecOptions{AlwaysEncode: always})
			ours := converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: always})
			want := codecPayloads(t)

			officialEncoded, err := official.Encode(clonePayloads(want))
			if err != nil {
				t.Fatal(err)
			}
			ourEncoded, err := ours.Encode(clonePayloads(want))
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if got, exp := stringMetadata(ourEncoded[i]), stringMetadata(officialEncoded[i]); !cmp.Equal(got, exp) {
					t.Errorf("payload %d: our codec wrote metadata %v, the official one %v", i, got, exp)
				}
			}
			if always {
				for i, p := range ourEncoded {
					if enc := string(p.GetMetadata()[converter.MetadataEncoding]); enc != converter.EncodingZlib {
						t.Errorf("payload %d: encoding %q with AlwaysEncode, want %s", i, enc, converter.EncodingZlib)
					}
				}
			}

			got, err := ours.Decode(officialEncoded)
			if err != nil {
				t.Fatalf("our codec decoding official payloads: %v", err)
			}
			if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
				t.Errorf("our codec decodes the official payloads as (-want +got):\n%s", diff)
			}
			got, err = official.Decode(ourEncoded)
			if err != nil {
				t.Fatalf("official codec decoding our payloads: %v", err)
			}
			if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
				t.Errorf("the official codec decodes our payloads as (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCodecDataConvertersReadEachOther runs values through both SDKs' codec
// data converters with zlib, in both directions.
func TestCodecDataConvertersReadEachOther(t *testing.T) {
	official, ours := officialZlibConverter(), ourZlibConverter()
	for _, tc := range payloadCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, d := range []struct {
				who      string
				from, to valueConverter
			}{{"official to ours", official, ours}, {"ours to official", ours, official}} {
				p, err := d.from.ToPayload(tc.value)
				if err != nil {
					t.Fatalf("%s: ToPayload: %v", d.who, err)
				}
				if enc := string(p.GetMetadata()[converter.MetadataEncoding]); enc != converter.EncodingZlib {
					t.Fatalf("%s: encoding %q, want %s", d.who, enc, converter.EncodingZlib)
				}
				target := tc.target()
				if err := d.to.FromPayload(p, target); err != nil {
					t.Fatalf("%s: FromPayload: %v", d.who, err)
				}
				if diff := cmp.Diff(tc.want, decoded(target), valueCmpOpts); diff != "" {
					t.Errorf("%s (-want +got):\n%s", d.who, diff)
				}
			}
		})
	}
}

// A proto message passed by value (not by pointer) is written as the
// official proto converters write it, through its address: JSON of the
// bare struct would lose its oneofs and be read back by neither SDK.
func TestAProtoMessagePassedByValueIsWrittenAsProto(t *testing.T) {
	value := any(failurepb.Failure{Message: "m", FailureInfo: &failurepb.Failure_ApplicationFailureInfo{
		ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: "T"}}})
	official, err := sdkconverter.GetDefaultDataConverter().ToPayload(value)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := converter.Default().ToPayload(value)
	if err != nil {
		t.Fatalf("our ToPayload: %v", err)
	}
	if o, w := string(official.Metadata["encoding"]), string(ours.Metadata["encoding"]); o != w {
		t.Errorf("encoding: official %q, ours %q (ours data %s)", o, w, ours.Data)
	}
	var back failurepb.Failure
	if err := converter.Default().FromPayload(ours, &back); err != nil {
		t.Errorf("we cannot read our own payload: %v", err)
	}
}

// A missing payload (a memo or header field that is absent, looked up in
// its map) is nil: the official composite converter returns nil and leaves
// the target alone, and so does ours.
func TestANilPayloadLeavesTheTargetAloneAsInTheOfficialSDK(t *testing.T) {
	var memo map[string]*commonpb.Payload
	s := "default"
	if err := sdkconverter.GetDefaultDataConverter().FromPayload(memo["missing"], &s); err != nil {
		t.Fatalf("official: %v", err)
	}
	if err := converter.Default().FromPayload(memo["missing"], &s); err != nil || s != "default" {
		t.Errorf("ours: %v, target %q", err, s)
	}
}

package converter_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/runtime/converter"
)

type order struct {
	ID    string   `json:"id"`
	Items []string `json:"items"`
	Total float64  `json:"total"`
}

func encoding(p *commonpb.Payload) string { return string(p.GetMetadata()[converter.MetadataEncoding]) }

func TestDefaultEncodesEachKindWithTheOfficialEncoding(t *testing.T) {
	dc := converter.Default()
	exec := &commonpb.WorkflowExecution{WorkflowId: "wf", RunId: "run"}
	for _, tc := range []struct {
		name        string
		value       any
		encoding    string
		data        string
		messageType string
	}{
		{"nil", nil, converter.EncodingNull, "", ""},
		{"nil pointer", (*order)(nil), converter.EncodingNull, "", ""},
		{"bytes", []byte{0xde, 0xad, 0xbe, 0xef}, converter.EncodingBinary, "\xde\xad\xbe\xef", ""},
		{"proto", exec, converter.EncodingProtoJSON, `{"workflowId":"wf","runId":"run"}`, "temporal.api.common.v1.WorkflowExecution"},
		{"struct", order{ID: "o1", Items: []string{"a"}, Total: 2.5}, converter.EncodingJSON, `{"id":"o1","items":["a"],"total":2.5}`, ""},
		{"string", "hello", converter.EncodingJSON, `"hello"`, ""},
		{"int", 42, converter.EncodingJSON, `42`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := dc.ToPayload(tc.value)
			if err != nil {
				t.Fatal(err)
			}
			if got := encoding(p); got != tc.encoding {
				t.Errorf("encoding = %q, want %q", got, tc.encoding)
			}
			got := string(p.GetData())
			if tc.encoding == converter.EncodingProtoJSON {
				// protojson varies its whitespace on purpose; compare compacted.
				var buf bytes.Buffer
				if err := json.Compact(&buf, p.GetData()); err != nil {
					t.Fatal(err)
				}
				got = buf.String()
			}
			if got != tc.data {
				t.Errorf("data = %q, want %q", got, tc.data)
			}
			if got := string(p.GetMetadata()[converter.MetadataMessageType]); got != tc.messageType {
				t.Errorf("messageType = %q, want %q", got, tc.messageType)
			}
		})
	}
}

// TestDecodesTemporalFeaturesFixture reads the binary payload fixture of
// temporalio/features (data_converter/binary/payload.json), which every SDK
// must decode alike.
func TestDecodesTemporalFeaturesFixture(t *testing.T) {
	encodingB64, _ := base64.StdEncoding.DecodeString("YmluYXJ5L3BsYWlu")
	data, _ := base64.StdEncoding.DecodeString("3q2+7w==")
	p := &commonpb.Payload{Metadata: map[string][]byte{"encoding": encodingB64}, Data: data}
	got, err := converter.Decode[[]byte](converter.Default(), p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte{0xde, 0xad, 0xbe, 0xef}) {
		t.Errorf("decoded %x, want deadbeef", got)
	}
}

func TestProtoEncodingSwitchesEncodeButDecodesBoth(t *testing.T) {
	msg := &commonpb.WorkflowExecution{WorkflowId: "wf", RunId: "run"}
	jsonDC, binaryDC := converter.Default(), converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary})
	jsonPayload, err := jsonDC.ToPayload(msg)
	if err != nil {
		t.Fatal(err)
	}
	binaryPayload, err := binaryDC.ToPayload(msg)
	if err != nil {
		t.Fatal(err)
	}
	if encoding(binaryPayload) != converter.EncodingProto {
		t.Fatalf("binary converter wrote %q", encoding(binaryPayload))
	}
	if want, _ := proto.Marshal(msg); !bytes.Equal(binaryPayload.GetData(), want) {
		t.Errorf("binary/protobuf data differs from proto.Marshal")
	}
	for _, dc := range []converter.DataConverter{jsonDC, binaryDC} {
		for _, p := range []*commonpb.Payload{jsonPayload, binaryPayload} {
			var got *commonpb.WorkflowExecution // nil: decoding allocates
			if err := dc.FromPayload(p, &got); err != nil {
				t.Fatalf("decoding %s: %v", encoding(p), err)
			}
			if diff := cmp.Diff(msg, got, protocmp.Transform()); diff != "" {
				t.Errorf("decoding %s (-want +got):\n%s", encoding(p), diff)
			}
			into := &commonpb.WorkflowExecution{WorkflowId: "stale"}
			if err := dc.FromPayload(p, into); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(msg, into, protocmp.Transform()); diff != "" {
				t.Errorf("decoding %s into an existing message (-want +got):\n%s", encoding(p), diff)
			}
		}
	}
}

func TestProtoJSONIgnoresFieldsFromANewerSchema(t *testing.T) {
	p := &commonpb.Payload{
		Metadata: map[string][]byte{"encoding": []byte("json/protobuf"), "messageType": []byte("temporal.api.common.v1.WorkflowExecution")},
		Data:     []byte(`{"workflowId":"wf","addedLater":true}`),
	}
	got, err := converter.Decode[*commonpb.WorkflowExecution](converter.Default(), p)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetWorkflowId() != "wf" {
		t.Errorf("workflowId = %q", got.GetWorkflowId())
	}
}

func TestRoundTripsValues(t *testing.T) {
	dc := converter.Default()
	want := order{ID: "o1", Items: []string{"a", "b"}, Total: 9.5}
	payloads, err := dc.ToPayloads(want, "note", []byte("raw"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var (
		got  order
		note string
		raw  []byte
		none *order = &order{}
	)
	if err := dc.FromPayloads(payloads, &got, &note, &raw, &none); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("struct (-want +got):\n%s", diff)
	}
	if note != "note" || string(raw) != "raw" || none != nil {
		t.Errorf("got note=%q raw=%q none=%v", note, raw, none)
	}
	if p, _ := dc.ToPayloads(); p != nil {
		t.Errorf("ToPayloads() = %v, want nil", p)
	}
}

func TestRawValuePassesPayloadsThrough(t *testing.T) {
	dc := converter.Default()
	p := &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("custom/thing")}, Data: []byte("x")}
	var raw converter.RawValue
	if err := dc.FromPayload(p, &raw); err != nil {
		t.Fatal(err)
	}
	out, err := dc.ToPayload(raw)
	if err != nil {
		t.Fatal(err)
	}
	if out != p {
		t.Errorf("RawValue did not pass the payload through unchanged")
	}
}

func TestDecodeErrorsNameEncodingAndTarget(t *testing.T) {
	dc := converter.Default()
	protoPayload, _ := dc.ToPayload(&commonpb.WorkflowExecution{WorkflowId: "wf"})
	for _, tc := range []struct {
		name    string
		payload *commonpb.Payload
		target  any
		want    []string
	}{
		{"unknown encoding", &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("binary/snappy")}}, new(string),
			[]string{`"binary/snappy"`, "*string", "no payload converter for this encoding", "json/plain"}},
		{"no encoding", &commonpb.Payload{Data: []byte("1")}, new(int), []string{"without an encoding", "*int"}},
		{"wrong message type", protoPayload, new(*commonpb.Payload),
			[]string{"json/protobuf", "temporal.api.common.v1.WorkflowExecution", "**common.Payload", "holds temporal.api.common.v1.WorkflowExecution, not temporal.api.common.v1.Payload"}},
		{"proto into a struct", protoPayload, new(order), []string{"json/protobuf", "*converter_test.order", "not a proto message"}},
		{"json into wrong type", &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"text"`)}, new(int),
			[]string{"json/plain", "*int", "cannot unmarshal string"}},
		{"not a pointer", &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`1`)}, 0,
			[]string{"json/plain", "non-nil pointer"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := dc.FromPayload(tc.payload, tc.target)
			var de *converter.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *DecodeError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestEncodeErrorNamesTheType(t *testing.T) {
	_, err := converter.Default().ToPayload(make(chan int))
	var ee *converter.EncodeError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "chan int") {
		t.Fatalf("err = %v, want an EncodeError naming chan int", err)
	}
}

func TestCodecDataConverterAppliesEveryCodec(t *testing.T) {
	aes, err := converter.NewAESGCMCodec(converter.AESGCMOptions{KeyID: "k1", Keys: map[string][]byte{"k1": bytes.Repeat([]byte{1}, 32)}})
	if err != nil {
		t.Fatal(err)
	}
	// Encryption outermost: compress first, then encrypt.
	dc := converter.NewCodecDataConverter(converter.Default(), aes, converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	msg := fixture.StartWorkflowRequest()
	p, err := dc.ToPayload(msg)
	if err != nil {
		t.Fatal(err)
	}
	if encoding(p) != converter.EncodingEncrypted {
		t.Fatalf("outer encoding = %q, want binary/encrypted", encoding(p))
	}
	inner, err := aes.Decode([]*commonpb.Payload{p})
	if err != nil {
		t.Fatal(err)
	}
	if encoding(inner[0]) != converter.EncodingZlib {
		t.Errorf("inner encoding = %q, want binary/zlib", encoding(inner[0]))
	}
	got, err := converter.Decode[*workflowservice.StartWorkflowExecutionRequest](dc, p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(msg, got, protocmp.Transform()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestBinaryDecodesIntoAnyByteSliceType: bytes decode into named byte
// slice types and interfaces, as the official SDK's converter allows.
func TestBinaryDecodesIntoAnyByteSliceType(t *testing.T) {
	type blob []byte
	dc := converter.Default()
	p, err := dc.ToPayload([]byte(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	var b blob
	var raw json.RawMessage
	var anyV any
	var stringer interface{ String() string }
	for name, target := range map[string]any{"named type": &b, "json.RawMessage": &raw, "any": &anyV} {
		if err := dc.FromPayload(p, target); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if string(b) != `{"a":1}` || string(raw) != `{"a":1}` || string(anyV.([]byte)) != `{"a":1}` {
		t.Errorf("decoded %q, %q, %v", b, raw, anyV)
	}
	var s string
	for name, target := range map[string]any{"string": &s, "non-empty interface": &stringer, "nil": nil} {
		if err := dc.FromPayload(p, target); err == nil || !strings.Contains(err.Error(), "binary/plain") {
			t.Errorf("%s: %v, want an error naming the encoding", name, err)
		}
	}
}

// TestProtoJSONNullDecodesToTheZeroValue: a json/protobuf payload holding
// null decodes to a nil message, as the official SDK decodes it.
func TestProtoJSONNullDecodesToTheZeroValue(t *testing.T) {
	p := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte(converter.EncodingProtoJSON)}, Data: []byte("null")}
	exec := &commonpb.WorkflowExecution{WorkflowId: "was set"}
	if err := converter.Default().FromPayload(p, &exec); err != nil || exec != nil {
		t.Errorf("decoded %v, %v; want a nil message", exec, err)
	}
}

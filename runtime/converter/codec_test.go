package converter_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

func TestZlibCodecCompressesOnlyWhenSmaller(t *testing.T) {
	codec := converter.NewZlibCodec(converter.ZlibOptions{})
	small := &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`1`)}
	large := &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"` + strings.Repeat("abc", 1000) + `"`)}
	out, err := codec.Encode([]*commonpb.Payload{small, large})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != small {
		t.Errorf("a payload that does not shrink was compressed")
	}
	if encoding(out[1]) != converter.EncodingZlib || len(out[1].GetData()) >= len(large.GetData()) {
		t.Errorf("large payload: encoding %q, %d bytes", encoding(out[1]), len(out[1].GetData()))
	}
	back, err := codec.Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*commonpb.Payload{small, large}, back, protocmp.Transform()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if _, err := codec.Decode([]*commonpb.Payload{{Metadata: map[string][]byte{"encoding": []byte("binary/zlib")}, Data: []byte("nope")}}); err == nil ||
		!strings.Contains(err.Error(), "not valid zlib") {
		t.Errorf("corrupt zlib payload: err = %v", err)
	}
}

// zlibBomb returns a binary/zlib payload a few kilobytes long that inflates
// to a payload whose data is size zero bytes, streamed through the
// compressor so the test never holds the inflated form.
func zlibBomb(t *testing.T, size int64) *commonpb.Payload {
	t.Helper()
	header, err := proto.Marshal(&commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("binary/plain")}})
	if err != nil {
		t.Fatal(err)
	}
	header = protowire.AppendTag(header, 2, protowire.BytesType) // Payload.data
	header = protowire.AppendVarint(header, uint64(size))
	var buf bytes.Buffer
	w, err := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for left := size; left > 0; left -= int64(len(zeros)) {
		if _, err := w.Write(zeros[:min(left, int64(len(zeros)))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte(converter.EncodingZlib)}, Data: buf.Bytes()}
}

func TestZlibCodecRefusesAPayloadThatInflatesPastItsBound(t *testing.T) {
	// A few hundred kilobytes that inflate to just over the default bound.
	bomb := zlibBomb(t, converter.DefaultZlibMaxDecodedSize)

	t.Run("default bound", func(t *testing.T) {
		_, err := converter.NewZlibCodec(converter.ZlibOptions{}).Decode([]*commonpb.Payload{bomb})
		var sizeErr *converter.DecodedSizeError
		if !errors.As(err, &sizeErr) || sizeErr.Limit != converter.DefaultZlibMaxDecodedSize {
			t.Fatalf("%d compressed bytes inflating past 128 MiB, default options: err = %v, want a *DecodedSizeError with Limit %d",
				len(bomb.GetData()), err, converter.DefaultZlibMaxDecodedSize)
		}
	})

	const bound = 1 << 20
	codec := converter.NewZlibCodec(converter.ZlibOptions{MaxDecodedSize: bound})
	t.Run("configured bound", func(t *testing.T) {
		_, err := codec.Decode([]*commonpb.Payload{bomb})
		var sizeErr *converter.DecodedSizeError
		if !errors.As(err, &sizeErr) || sizeErr.Limit != bound {
			t.Fatalf("MaxDecodedSize 1 MiB: err = %v, want a *DecodedSizeError with Limit %d", err, bound)
		}
		if msg := err.Error(); !strings.Contains(msg, "payload 0") || !strings.Contains(msg, "1048576 bytes") || !strings.Contains(msg, "raise MaxDecodedSize") {
			t.Errorf("the error does not name the payload, the bound and how to raise it: %v", err)
		}
	})

	t.Run("payload of exactly the bound", func(t *testing.T) {
		exact := &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("binary/plain")}}
		exact.Data = make([]byte, bound-proto.Size(exact)-protowire.SizeTag(2)-protowire.SizeVarint(bound))
		if proto.Size(exact) != bound {
			t.Fatalf("test setup: the payload is %d bytes, not %d", proto.Size(exact), bound)
		}
		encoded, err := converter.NewZlibCodec(converter.ZlibOptions{}).Encode([]*commonpb.Payload{exact})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := codec.Decode(encoded); err != nil {
			t.Errorf("a payload of exactly MaxDecodedSize bytes: %v", err)
		}
	})
}

// miscountingCodec breaks the PayloadCodec contract: it returns extra more
// payloads than it is given, or none at all when extra is 0.
type miscountingCodec struct{ extra int }

func (c miscountingCodec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	return c.miscount(payloads), nil
}

func (c miscountingCodec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	return c.miscount(payloads), nil
}

func (c miscountingCodec) miscount(payloads []*commonpb.Payload) []*commonpb.Payload {
	if c.extra == 0 {
		return nil
	}
	return append(payloads, payloads[:c.extra]...)
}

func TestCodecReturningTheWrongNumberOfPayloadsIsAnErrorNamingIt(t *testing.T) {
	dc := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{}), miscountingCodec{})
	wantCountError := func(t *testing.T, err error, op string, given, returned int) {
		t.Helper()
		var countErr *converter.PayloadCountError
		if !errors.As(err, &countErr) || *countErr != (converter.PayloadCountError{Op: op, Given: given, Returned: returned}) {
			t.Fatalf("err = %v, want a *PayloadCountError: %s returned %d for %d", err, op, returned, given)
		}
		if msg := err.Error(); !strings.Contains(msg, "payload codec 1 (converter_test.miscountingCodec)") {
			t.Errorf("the error does not name the codec: %v", err)
		}
	}

	t.Run("ToPayload", func(t *testing.T) {
		_, err := dc.ToPayload("order-1")
		wantCountError(t, err, "Encode", 1, 0)
	})
	t.Run("FromPayload", func(t *testing.T) {
		p, err := converter.Default().ToPayload("order-1")
		if err != nil {
			t.Fatal(err)
		}
		var got string
		wantCountError(t, dc.FromPayload(p, &got), "Decode", 1, 0)
	})
	t.Run("FromPayloads", func(t *testing.T) {
		ps, err := converter.Default().ToPayloads("order-1", 2)
		if err != nil {
			t.Fatal(err)
		}
		var a string
		var b int
		// The two payloads go to the codecs together.
		wantCountError(t, dc.FromPayloads(ps, &a, &b), "Decode", 2, 0)
	})
	t.Run("chain given several payloads", func(t *testing.T) {
		chain := converter.NewCodecChain(converter.NewZlibCodec(converter.ZlibOptions{}), miscountingCodec{extra: 1})
		ps := []*commonpb.Payload{{Data: []byte("a")}, {Data: []byte("b")}}
		_, err := chain.Encode(ps)
		wantCountError(t, err, "Encode", 2, 3)
		_, err = chain.Decode(ps)
		wantCountError(t, err, "Decode", 2, 3)
	})
}

func key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestAESGCMCodecRotatesKeys(t *testing.T) {
	payload := &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"card 4242"`)}
	old, err := converter.NewAESGCMCodec(converter.AESGCMOptions{KeyID: "2026-01", Keys: map[string][]byte{"2026-01": key(1)}})
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := old.Encode([]*commonpb.Payload{payload})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed[0].GetData(), []byte("4242")) {
		t.Fatal("encrypted payload contains the plaintext")
	}
	if got := string(sealed[0].GetMetadata()[converter.MetadataEncryptionKeyID]); got != "2026-01" {
		t.Errorf("key id = %q", got)
	}

	rotated, err := converter.NewAESGCMCodec(converter.AESGCMOptions{KeyID: "2026-07", Keys: map[string][]byte{"2026-01": key(1), "2026-07": key(2)}})
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := rotated.Encode([]*commonpb.Payload{payload})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(fresh[0].GetMetadata()[converter.MetadataEncryptionKeyID]); got != "2026-07" {
		t.Errorf("after rotation, key id = %q", got)
	}
	back, err := rotated.Decode([]*commonpb.Payload{sealed[0], fresh[0], payload})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range back {
		if diff := cmp.Diff(payload, p, protocmp.Transform()); diff != "" {
			t.Errorf("payload %d (-want +got):\n%s", i, diff)
		}
	}

	// The old codec has never seen the new key: the error says which.
	_, err = old.Decode(fresh)
	if err == nil || !strings.Contains(err.Error(), `key "2026-07"`) || !strings.Contains(err.Error(), "AESGCMOptions.Keys") {
		t.Errorf("unknown key: err = %v", err)
	}
	tampered := &commonpb.Payload{Metadata: fresh[0].GetMetadata(), Data: bytes.Clone(fresh[0].GetData())}
	tampered.Data[len(tampered.Data)-1] ^= 1
	if _, err := rotated.Decode([]*commonpb.Payload{tampered}); err == nil || !strings.Contains(err.Error(), "tampered") {
		t.Errorf("tampered payload: err = %v", err)
	}
}

func TestAESGCMOptionsErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct {
		opts converter.AESGCMOptions
		want string
	}{
		{converter.AESGCMOptions{}, "KeyID is empty"},
		{converter.AESGCMOptions{KeyID: "a", Keys: map[string][]byte{"a": []byte("short")}}, `Keys["a"]: need 16, 24 or 32 bytes, got 5`},
		{converter.AESGCMOptions{KeyID: "b", Keys: map[string][]byte{"a": key(1)}}, `KeyID "b" is not in Keys`},
	} {
		if _, err := converter.NewAESGCMCodec(tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewAESGCMCodec(%+v) err = %v, want %q", tc.opts, err, tc.want)
		}
	}
}

// countingCodec records the size of each batch it is given.
type countingCodec struct{ encodes, decodes *[]int }

func (c countingCodec) Encode(ps []*commonpb.Payload) ([]*commonpb.Payload, error) {
	*c.encodes = append(*c.encodes, len(ps))
	return ps, nil
}

func (c countingCodec) Decode(ps []*commonpb.Payload) ([]*commonpb.Payload, error) {
	*c.decodes = append(*c.decodes, len(ps))
	return ps, nil
}

// TestCodecsSeeACallsPayloadsTogether: a call's arguments reach the codecs
// in one batch, as in the official SDK's CodecDataConverter, so a codec
// that calls out (a codec server, a key service) makes one call for them,
// not one per argument.
func TestCodecsSeeACallsPayloadsTogether(t *testing.T) {
	var encodes, decodes []int
	dc := converter.NewCodecDataConverter(converter.Default(), countingCodec{&encodes, &decodes})
	ps, err := dc.ToPayloads("order-1", 2, true)
	if err != nil {
		t.Fatal(err)
	}
	var (
		id string
		n  int
		ok bool
	)
	if err := dc.FromPayloads(ps, &id, &n, &ok); err != nil || id != "order-1" || n != 2 || !ok {
		t.Fatalf("round trip: %q %d %v, %v", id, n, ok, err)
	}
	if !slices.Equal(encodes, []int{3}) || !slices.Equal(decodes, []int{3}) {
		t.Errorf("codec batches: encode %v, decode %v; want one batch of 3 each way", encodes, decodes)
	}
}

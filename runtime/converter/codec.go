package converter

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"slices"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/proto"
)

// PayloadCodec transforms whole payloads: Encode runs after a value has been
// converted to a payload, Decode before a payload is converted back. Both
// return one payload for each payload they are given, in the same order.
// Decode must leave alone payloads it did not encode, so codecs can be added
// to a running fleet. Implementations must be safe for concurrent use.
type PayloadCodec interface {
	Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error)
	Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error)
}

// CodecChain applies several codecs as one. The first codec is the outermost:
// it encodes last and decodes first, so NewCodecChain(encrypt, compress)
// compresses, then encrypts.
type CodecChain []PayloadCodec

// NewCodecChain returns the codecs as one PayloadCodec.
func NewCodecChain(codecs ...PayloadCodec) CodecChain { return CodecChain(codecs) }

// Encode runs the codecs from last to first.
func (c CodecChain) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	var err error
	for i := len(c) - 1; i >= 0; i-- {
		if payloads, err = applyCodec(i, c[i], "Encode", c[i].Encode, payloads); err != nil {
			return nil, err
		}
	}
	return payloads, nil
}

// Decode runs the codecs from first to last.
func (c CodecChain) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	var err error
	for i, codec := range c {
		if payloads, err = applyCodec(i, codec, "Decode", codec.Decode, payloads); err != nil {
			return nil, err
		}
	}
	return payloads, nil
}

// applyCodec runs op, the Encode or Decode of the chain's codec i, and holds
// it to one payload out for each payload in: callers take the results by
// position, so a codec that drops or adds payloads would misplace values.
func applyCodec(i int, codec PayloadCodec, op string, fn func([]*commonpb.Payload) ([]*commonpb.Payload, error), payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out, err := fn(payloads)
	if err != nil {
		return nil, fmt.Errorf("converter: payload codec %d (%T) %s: %w", i, codec, op, err)
	}
	if len(out) != len(payloads) {
		return nil, fmt.Errorf("converter: payload codec %d (%T): %w", i, codec, &PayloadCountError{Op: op, Given: len(payloads), Returned: len(out)})
	}
	return out, nil
}

// CodecDataConverter is a DataConverter whose payloads pass through a codec
// chain.
type CodecDataConverter struct {
	parent DataConverter
	codec  CodecChain
}

// NewCodecDataConverter wraps parent so that every payload it produces is
// encoded by codecs, and every payload it reads is decoded first. The first
// codec is the outermost, as in [CodecChain].
func NewCodecDataConverter(parent DataConverter, codecs ...PayloadCodec) *CodecDataConverter {
	return &CodecDataConverter{parent: parent, codec: NewCodecChain(codecs...)}
}

// Codec returns the codec chain, for a codec server or tools that hold raw
// payloads.
func (c *CodecDataConverter) Codec() PayloadCodec { return c.codec }

// ToPayload converts value, then encodes the payload.
func (c *CodecDataConverter) ToPayload(value any) (*commonpb.Payload, error) {
	p, err := c.parent.ToPayload(value)
	if err != nil {
		return nil, err
	}
	encoded, err := c.codec.Encode([]*commonpb.Payload{p})
	if err != nil {
		return nil, err
	}
	return encoded[0], nil // the chain returns one payload for each given
}

// FromPayload decodes the payload, then converts it into valuePtr. A nil
// payload leaves the target alone.
func (c *CodecDataConverter) FromPayload(payload *commonpb.Payload, valuePtr any) error {
	if payload == nil {
		return nil
	}
	decoded, err := c.codec.Decode([]*commonpb.Payload{payload})
	if err != nil {
		return err
	}
	return c.parent.FromPayload(decoded[0], valuePtr)
}

// ToPayloads converts values in order, then encodes them in one pass of
// the codec chain, as the official SDK does: a codec that calls out (a
// codec server, a key service) makes one call for a call's arguments, not
// one per argument.
func (c *CodecDataConverter) ToPayloads(values ...any) (*commonpb.Payloads, error) {
	out, err := toPayloads(c.parent, values)
	if err != nil || out == nil {
		return out, err
	}
	encoded, err := c.codec.Encode(out.Payloads)
	if err != nil {
		return nil, err
	}
	return &commonpb.Payloads{Payloads: encoded}, nil
}

// FromPayloads decodes the payloads valuePtrs take in one pass of the codec
// chain, then converts them into valuePtrs in order.
func (c *CodecDataConverter) FromPayloads(payloads *commonpb.Payloads, valuePtrs ...any) error {
	ps := payloads.GetPayloads()
	ps = ps[:min(len(ps), len(valuePtrs))]
	if len(ps) == 0 || slices.Contains(ps, nil) {
		// Nothing to decode, or a nil payload, which leaves its target
		// alone and which no codec is asked to read.
		return fromPayloads(c, payloads, valuePtrs)
	}
	decoded, err := c.codec.Decode(ps)
	if err != nil {
		return err
	}
	return fromPayloads(c.parent, &commonpb.Payloads{Payloads: decoded}, valuePtrs)
}

// EncodingZlib marks a payload compressed by [NewZlibCodec].
const EncodingZlib = "binary/zlib"

// DefaultZlibMaxDecodedSize is the default of [ZlibOptions.MaxDecodedSize]:
// 128 MiB, the largest message the client accepts. The server refuses
// payloads over 2 MiB by default, so this leaves room for payloads that
// compress 64 to 1, while a 2 MiB zip bomb, which deflate can expand about a
// thousandfold, stops at 128 MiB instead of 2 GiB.
const DefaultZlibMaxDecodedSize = 128 << 20

// ZlibOptions configure [NewZlibCodec].
type ZlibOptions struct {
	// AlwaysEncode compresses every payload, even when compression does not
	// make it smaller. By default such payloads are left as they are.
	AlwaysEncode bool
	// MaxDecodedSize bounds the bytes one payload may decompress to, so a
	// small payload that inflates enormously (corrupt, or hostile) fails
	// with a [*DecodedSizeError] instead of exhausting memory. Zero means
	// [DefaultZlibMaxDecodedSize]; negative means no bound.
	MaxDecodedSize int64
}

// NewZlibCodec returns a codec that compresses each payload, metadata
// included, with zlib. It writes the same binary/zlib payloads as the
// official Go SDK's zlib codec, so either side can read the other's. Unlike
// that codec, it refuses to inflate a payload past
// [ZlibOptions.MaxDecodedSize].
func NewZlibCodec(opts ZlibOptions) PayloadCodec {
	if opts.MaxDecodedSize == 0 {
		opts.MaxDecodedSize = DefaultZlibMaxDecodedSize
	}
	return zlibCodec{opts}
}

type zlibCodec struct{ opts ZlibOptions }

func (z zlibCodec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		w := zlib.NewWriter(&buf)
		if _, err := w.Write(plain); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		if buf.Len() >= len(plain) && !z.opts.AlwaysEncode {
			out[i] = p
			continue
		}
		out[i] = newPayload(EncodingZlib, buf.Bytes())
	}
	return out, nil
}

func (z zlibCodec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[MetadataEncoding]) != EncodingZlib {
			out[i] = p
			continue
		}
		plain, err := z.inflate(p.GetData())
		if err != nil {
			return nil, fmt.Errorf("payload %d: %w", i, err)
		}
		decoded := &commonpb.Payload{}
		if err := proto.Unmarshal(plain, decoded); err != nil {
			return nil, fmt.Errorf("payload %d: decompressed data is not a payload: %w", i, err)
		}
		out[i] = decoded
	}
	return out, nil
}

// inflate decompresses data, reading at most one byte past the bound so
// that a payload over it is refused without being inflated whole.
func (z zlibCodec) inflate(data []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not valid zlib: %w", err)
	}
	var src io.Reader = r
	if z.opts.MaxDecodedSize > 0 {
		src = io.LimitReader(r, z.opts.MaxDecodedSize+1)
	}
	plain, err := io.ReadAll(src)
	if err != nil {
		return nil, fmt.Errorf("not valid zlib: %w", err)
	}
	if z.opts.MaxDecodedSize > 0 && int64(len(plain)) > z.opts.MaxDecodedSize {
		return nil, &DecodedSizeError{Limit: z.opts.MaxDecodedSize}
	}
	return plain, nil
}

package converter

import (
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
)

// DataConverter converts values to and from payloads. The client and worker
// hold one and use it for every value they send or receive; implementations
// must be safe for concurrent use.
type DataConverter interface {
	// ToPayload encodes one value.
	ToPayload(value any) (*commonpb.Payload, error)
	// FromPayload decodes one payload into the value valuePtr points to.
	FromPayload(payload *commonpb.Payload, valuePtr any) error
	// ToPayloads encodes values, one payload each; no values give nil.
	ToPayloads(values ...any) (*commonpb.Payloads, error)
	// FromPayloads decodes payloads into valuePtrs, in order. Extra payloads
	// and extra pointers are left alone, as in every Temporal SDK, so a
	// handler may ignore trailing arguments.
	FromPayloads(payloads *commonpb.Payloads, valuePtrs ...any) error
}

// ProtoEncoding chooses how proto messages are encoded. Decoding reads both.
type ProtoEncoding int

const (
	// ProtoJSON encodes proto messages as json/protobuf, readable in the
	// Temporal UI and CLI. It is the default.
	ProtoJSON ProtoEncoding = iota
	// ProtoBinary encodes proto messages as binary/protobuf: smaller and
	// faster to encode.
	ProtoBinary
)

// Options configure [New].
type Options struct {
	// ProtoEncoding chooses the encoding of proto messages.
	ProtoEncoding ProtoEncoding
}

// Default returns the standard data converter: nil, []byte, proto messages as
// json/protobuf, and everything else as json/plain.
func Default() DataConverter { return New(Options{}) }

// New returns the standard data converter with opts applied.
func New(opts Options) DataConverter {
	protoJSON, protoBinary := PayloadConverter(NewProtoJSONConverter()), PayloadConverter(ProtoConverter{})
	if opts.ProtoEncoding == ProtoBinary {
		protoJSON, protoBinary = protoBinary, protoJSON
	}
	return NewCompositeDataConverter(NullConverter{}, BinaryConverter{}, protoJSON, protoBinary, JSONConverter{})
}

// CompositeDataConverter encodes with the first of its payload converters
// that accepts a value, and decodes with the one registered for a payload's
// encoding.
type CompositeDataConverter struct {
	order      []PayloadConverter
	byEncoding map[string]PayloadConverter
}

// NewCompositeDataConverter returns a data converter trying converters in
// order. A later converter with the same encoding as an earlier one is only
// used for encoding.
func NewCompositeDataConverter(converters ...PayloadConverter) *CompositeDataConverter {
	c := &CompositeDataConverter{order: converters, byEncoding: make(map[string]PayloadConverter, len(converters))}
	for _, pc := range converters {
		if _, ok := c.byEncoding[pc.Encoding()]; !ok {
			c.byEncoding[pc.Encoding()] = pc
		}
	}
	return c
}

// ToPayload encodes value with the first converter that accepts it. A
// [RawValue] passes through unchanged.
func (c *CompositeDataConverter) ToPayload(value any) (*commonpb.Payload, error) {
	if raw, ok := value.(RawValue); ok {
		return raw.Payload(), nil
	}
	for _, pc := range c.order {
		p, err := pc.ToPayload(value)
		if err != nil {
			return nil, &EncodeError{Type: typeName(value), Err: fmt.Errorf("%s: %w", pc.Encoding(), err)}
		}
		if p != nil {
			return p, nil
		}
	}
	return nil, &EncodeError{Type: typeName(value)}
}

// FromPayload decodes payload with the converter for its encoding. A
// *[RawValue] target receives the payload as is. A nil payload (a memo or
// header entry that is absent) leaves the target alone, as in the official
// SDK.
func (c *CompositeDataConverter) FromPayload(payload *commonpb.Payload, valuePtr any) error {
	if payload == nil {
		return nil
	}
	if raw, ok := valuePtr.(*RawValue); ok {
		*raw = NewRawValue(payload)
		return nil
	}
	meta := payload.GetMetadata()
	encoding := string(meta[MetadataEncoding])
	pc, ok := c.byEncoding[encoding]
	if !ok {
		return &DecodeError{Encoding: encoding, MessageType: string(meta[MetadataMessageType]), Target: typeName(valuePtr),
			Err: fmt.Errorf("no payload converter for this encoding (known: %s)", c.encodings())}
	}
	if err := pc.FromPayload(payload, valuePtr); err != nil {
		return &DecodeError{Encoding: encoding, MessageType: string(meta[MetadataMessageType]), Target: typeName(valuePtr), Err: err}
	}
	return nil
}

// ToPayloads encodes values in order.
func (c *CompositeDataConverter) ToPayloads(values ...any) (*commonpb.Payloads, error) {
	return toPayloads(c, values)
}

// FromPayloads decodes payloads into valuePtrs in order.
func (c *CompositeDataConverter) FromPayloads(payloads *commonpb.Payloads, valuePtrs ...any) error {
	return fromPayloads(c, payloads, valuePtrs)
}

func (c *CompositeDataConverter) encodings() string {
	s := ""
	for i, pc := range c.order {
		if i > 0 {
			s += ", "
		}
		s += pc.Encoding()
	}
	return s
}

func toPayloads(dc DataConverter, values []any) (*commonpb.Payloads, error) {
	if len(values) == 0 {
		return nil, nil
	}
	out := &commonpb.Payloads{Payloads: make([]*commonpb.Payload, len(values))}
	for i, v := range values {
		p, err := dc.ToPayload(v)
		if err != nil {
			return nil, fmt.Errorf("value %d: %w", i, err)
		}
		out.Payloads[i] = p
	}
	return out, nil
}

func fromPayloads(dc DataConverter, payloads *commonpb.Payloads, valuePtrs []any) error {
	ps := payloads.GetPayloads()
	for i := 0; i < len(ps) && i < len(valuePtrs); i++ {
		if err := dc.FromPayload(ps[i], valuePtrs[i]); err != nil {
			return fmt.Errorf("value %d: %w", i, err)
		}
	}
	return nil
}

// RawValue carries a payload undecoded: encoding a RawValue yields its
// payload, and decoding into a *RawValue keeps the payload as it came. Tools
// that pass values along without knowing their types use it.
type RawValue struct{ payload *commonpb.Payload }

// NewRawValue wraps a payload.
func NewRawValue(p *commonpb.Payload) RawValue { return RawValue{payload: p} }

// Payload returns the wrapped payload.
func (r RawValue) Payload() *commonpb.Payload { return r.payload }

// Decode decodes one payload into a new T.
func Decode[T any](dc DataConverter, p *commonpb.Payload) (T, error) {
	var v T
	err := dc.FromPayload(p, &v)
	return v, err
}

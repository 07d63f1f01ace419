package converter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Payload metadata keys and encodings, as every Temporal SDK writes them.
const (
	MetadataEncoding    = "encoding"
	MetadataMessageType = "messageType"

	EncodingNull      = "binary/null"
	EncodingBinary    = "binary/plain"
	EncodingProtoJSON = "json/protobuf"
	EncodingProto     = "binary/protobuf"
	EncodingJSON      = "json/plain"
)

// PayloadConverter converts values of the kinds it knows to and from payloads
// of one encoding.
type PayloadConverter interface {
	// Encoding is the "encoding" metadata value of the payloads it writes and
	// reads.
	Encoding() string
	// ToPayload encodes value, or returns (nil, nil) when value is not of a
	// kind this converter handles, so the next converter gets a turn.
	ToPayload(value any) (*commonpb.Payload, error)
	// FromPayload decodes payload into the value valuePtr points to.
	FromPayload(payload *commonpb.Payload, valuePtr any) error
}

func newPayload(encoding string, data []byte) *commonpb.Payload {
	return &commonpb.Payload{
		Metadata: map[string][]byte{MetadataEncoding: []byte(encoding)},
		Data:     data,
	}
}

// NullConverter writes nil values as binary/null payloads and decodes them
// to the zero value.
type NullConverter struct{}

// Encoding returns binary/null.
func (NullConverter) Encoding() string { return EncodingNull }

// ToPayload accepts nil and nil pointers. Nil maps and slices are values
// (json/plain null, or an empty binary/plain for []byte), as every official
// SDK writes them, so other languages read them as their own empty types.
func (NullConverter) ToPayload(value any) (*commonpb.Payload, error) {
	if !isNil(value) {
		return nil, nil
	}
	return newPayload(EncodingNull, nil), nil
}

// FromPayload sets the target to its zero value.
func (NullConverter) FromPayload(_ *commonpb.Payload, valuePtr any) error {
	target, err := settable(valuePtr)
	if err != nil {
		return err
	}
	target.SetZero()
	return nil
}

// BinaryConverter writes []byte values as binary/plain payloads.
type BinaryConverter struct{}

// Encoding returns binary/plain.
func (BinaryConverter) Encoding() string { return EncodingBinary }

// ToPayload accepts []byte.
func (BinaryConverter) ToPayload(value any) (*commonpb.Payload, error) {
	b, ok := value.([]byte)
	if !ok {
		return nil, nil
	}
	return newPayload(EncodingBinary, b), nil
}

// FromPayload fills a pointer to a byte slice of any named type
// (json.RawMessage, type Blob []byte) or to an interface.
func (BinaryConverter) FromPayload(payload *commonpb.Payload, valuePtr any) error {
	switch p := valuePtr.(type) { // the common cases, without reflection
	case *[]byte:
		*p = payload.GetData()
		return nil
	case *any:
		*p = payload.GetData()
		return nil
	}
	v := reflect.ValueOf(valuePtr)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		switch e := v.Elem(); {
		case e.Kind() == reflect.Slice && e.Type().Elem().Kind() == reflect.Uint8:
			e.SetBytes(payload.GetData())
			return nil
		case e.Kind() == reflect.Interface && reflect.TypeOf(payload.GetData()).AssignableTo(e.Type()):
			e.Set(reflect.ValueOf(payload.GetData()))
			return nil
		}
	}
	return fmt.Errorf("binary/plain decodes only into a pointer to a byte slice or an interface, not %T", valuePtr)
}

// ProtoJSONConverter writes proto messages as json/protobuf payloads, which
// the Temporal UI and CLI display readably.
type ProtoJSONConverter struct {
	marshal   protojson.MarshalOptions
	unmarshal protojson.UnmarshalOptions
}

// NewProtoJSONConverter returns the json/protobuf converter. It ignores
// fields it does not know when decoding, so a worker still reads messages
// written by a newer version of the schema during a rolling deploy.
func NewProtoJSONConverter() *ProtoJSONConverter {
	return &ProtoJSONConverter{unmarshal: protojson.UnmarshalOptions{DiscardUnknown: true}}
}

// Encoding returns json/protobuf.
func (*ProtoJSONConverter) Encoding() string { return EncodingProtoJSON }

// ToPayload accepts proto messages.
func (c *ProtoJSONConverter) ToPayload(value any) (*commonpb.Payload, error) {
	m, ok := asMessage(value)
	if !ok {
		return nil, nil
	}
	data, err := c.marshal.Marshal(m)
	if err != nil {
		return nil, err
	}
	return protoPayload(EncodingProtoJSON, data, m), nil
}

// FromPayload fills a proto message, given as *Msg or **Msg.
func (c *ProtoJSONConverter) FromPayload(payload *commonpb.Payload, valuePtr any) error {
	if bytes.Equal(payload.GetData(), []byte("null")) {
		// JSON null is the zero value, as the official SDK reads it.
		if v := reflect.ValueOf(valuePtr); v.Kind() == reflect.Pointer && !v.IsNil() {
			v.Elem().SetZero()
			return nil
		}
	}
	return decodeProto(payload, valuePtr, func(data []byte, m proto.Message, strict bool) error {
		opts := c.unmarshal
		if strict {
			opts.DiscardUnknown = false
		}
		return opts.Unmarshal(data, m)
	})
}

// asMessage returns value as a proto message: a *Msg as it is, and a Msg
// passed by value through a copy's address, as the official SDK's proto
// converters take it (JSON of the bare struct would lose oneofs).
func asMessage(value any) (proto.Message, bool) {
	if m, ok := value.(proto.Message); ok {
		return m, true
	}
	v := reflect.ValueOf(value)
	if !v.IsValid() || v.Kind() != reflect.Struct || !reflect.PointerTo(v.Type()).Implements(protoMessageType) {
		return nil, false
	}
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	return p.Interface().(proto.Message), true
}

var protoMessageType = reflect.TypeFor[proto.Message]()

// ProtoConverter writes proto messages as binary/protobuf payloads: smaller
// and faster than JSON, but opaque in the Temporal UI without a codec server.
type ProtoConverter struct{}

// Encoding returns binary/protobuf.
func (ProtoConverter) Encoding() string { return EncodingProto }

// ToPayload accepts proto messages.
func (ProtoConverter) ToPayload(value any) (*commonpb.Payload, error) {
	m, ok := asMessage(value)
	if !ok {
		return nil, nil
	}
	data, err := proto.Marshal(m)
	if err != nil {
		return nil, err
	}
	return protoPayload(EncodingProto, data, m), nil
}

// FromPayload fills a proto message, given as *Msg or **Msg.
func (ProtoConverter) FromPayload(payload *commonpb.Payload, valuePtr any) error {
	return decodeProto(payload, valuePtr, func(data []byte, m proto.Message, strict bool) error {
		if err := proto.Unmarshal(data, m); err != nil {
			return err
		}
		if strict && len(m.ProtoReflect().GetUnknown()) > 0 {
			return errors.New("it has fields the target does not")
		}
		return nil
	})
}

// JSONConverter writes any value as json/plain with encoding/json. It comes
// last in the default order and accepts everything.
type JSONConverter struct{}

// Encoding returns json/plain.
func (JSONConverter) Encoding() string { return EncodingJSON }

// ToPayload encodes value with encoding/json.
func (JSONConverter) ToPayload(value any) (*commonpb.Payload, error) {
	data, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	return newPayload(EncodingJSON, data), nil
}

// FromPayload decodes with encoding/json.
func (JSONConverter) FromPayload(payload *commonpb.Payload, valuePtr any) error {
	if _, err := settable(valuePtr); err != nil {
		return err
	}
	return json.Unmarshal(payload.GetData(), valuePtr)
}

func protoPayload(encoding string, data []byte, m proto.Message) *commonpb.Payload {
	return &commonpb.Payload{
		Metadata: map[string][]byte{
			MetadataEncoding:    []byte(encoding),
			MetadataMessageType: []byte(m.ProtoReflect().Descriptor().FullName()),
		},
		Data: data,
	}
}

// errNotProto is returned when a proto payload is decoded into a non-message.
var errNotProto = errors.New("the target is not a proto message")

// decodeProto unmarshals into the message valuePtr designates: either the
// message itself (*Msg) or a pointer to a message pointer (**Msg), which is
// set to a fresh message once decoding succeeded.
//
// A payload whose messageType names another message is decoded strictly:
// every field it holds must be a field of the target. A message renamed,
// or moved to another proto package, keeps its fields and still decodes,
// as the official SDK decodes it, which ignores messageType; a payload of
// another message is refused, naming both, rather than decoded into the
// wrong shape with its fields dropped.
func decodeProto(payload *commonpb.Payload, valuePtr any, unmarshal func(data []byte, m proto.Message, strict bool) error) error {
	msg, outer, err := protoTarget(valuePtr)
	if err != nil {
		return err
	}
	var other protoreflect.FullName
	if named := protoreflect.FullName(payload.GetMetadata()[MetadataMessageType]); named != "" && named != msg.ProtoReflect().Descriptor().FullName() {
		other = named
	}
	proto.Reset(msg)
	if err := unmarshal(payload.GetData(), msg, other != ""); err != nil {
		if other != "" {
			return fmt.Errorf("the payload holds %s, not %s, and does not decode as it (a renamed message decodes while it keeps its fields): %w", other, msg.ProtoReflect().Descriptor().FullName(), err)
		}
		return err
	}
	if outer.IsValid() {
		outer.Set(reflect.ValueOf(msg))
	}
	return nil
}

// protoTarget finds the message to unmarshal into. For **Msg it returns a
// fresh message and the *Msg variable to store it in.
func protoTarget(valuePtr any) (proto.Message, reflect.Value, error) {
	if m, ok := valuePtr.(proto.Message); ok {
		if !m.ProtoReflect().IsValid() {
			return nil, reflect.Value{}, errors.New("the target is a nil message pointer; pass a pointer to it")
		}
		return m, reflect.Value{}, nil
	}
	target, err := settable(valuePtr)
	if err != nil {
		return nil, reflect.Value{}, err
	}
	if target.Kind() != reflect.Pointer {
		return nil, reflect.Value{}, errNotProto
	}
	m, ok := reflect.New(target.Type().Elem()).Interface().(proto.Message)
	if !ok {
		return nil, reflect.Value{}, errNotProto
	}
	return m, target, nil
}

// settable returns the value valuePtr points to, or an error if it is not a
// usable pointer.
func settable(valuePtr any) (reflect.Value, error) {
	v := reflect.ValueOf(valuePtr)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return reflect.Value{}, fmt.Errorf("decoding needs a non-nil pointer, got %s", typeName(valuePtr))
	}
	return v.Elem(), nil
}

func isNil(value any) bool {
	if value == nil {
		return true
	}
	v := reflect.ValueOf(value)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

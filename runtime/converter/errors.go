package converter

import (
	"fmt"
	"reflect"
)

// EncodeError reports a value no payload converter could encode.
type EncodeError struct {
	// Type is the Go type of the value.
	Type string
	// Err says why, when a converter tried and failed.
	Err error
}

func (e *EncodeError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("converter: no payload converter accepts a value of type %s", e.Type)
	}
	return fmt.Sprintf("converter: cannot encode a value of type %s: %v", e.Type, e.Err)
}

func (e *EncodeError) Unwrap() error { return e.Err }

// DecodeError reports a payload that could not be decoded into the value
// asked for.
type DecodeError struct {
	// Encoding is the payload's "encoding" metadata, possibly empty.
	Encoding string
	// MessageType is the payload's "messageType" metadata, if any.
	MessageType string
	// Target is the Go type decoding was asked to fill.
	Target string
	// Err says why.
	Err error
}

func (e *DecodeError) Error() string {
	found := fmt.Sprintf("%q payload", e.Encoding)
	if e.Encoding == "" {
		found = "payload without an encoding"
	}
	if e.MessageType != "" {
		found += " (messageType " + e.MessageType + ")"
	}
	return fmt.Sprintf("converter: cannot decode %s into %s: %v", found, e.Target, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return reflect.TypeOf(v).String()
}

// PayloadCountError reports a [PayloadCodec] that returned a different number
// of payloads than it was given. The error wrapping it names the codec.
type PayloadCountError struct {
	// Op is "Encode" or "Decode".
	Op string
	// Given and Returned count the payloads in and out.
	Given, Returned int
}

func (e *PayloadCountError) Error() string {
	return fmt.Sprintf("%s returned %d payloads for the %d it was given; a PayloadCodec must return exactly one payload for each payload it is given, in order",
		e.Op, e.Returned, e.Given)
}

// DecodedSizeError reports a binary/zlib payload that decompresses to more
// than [ZlibOptions.MaxDecodedSize] bytes.
type DecodedSizeError struct {
	// Limit is the bound, in bytes.
	Limit int64
}

func (e *DecodedSizeError) Error() string {
	return fmt.Sprintf("a binary/zlib payload decompresses to more than %d bytes, the bound set by ZlibOptions.MaxDecodedSize; if payloads this large are expected, raise MaxDecodedSize in every client and worker that reads them (a negative value removes the bound)",
		e.Limit)
}

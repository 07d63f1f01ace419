package temporal

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
)

// SearchAttributeKey names a search attribute and fixes its Go type, so a
// value of the wrong type does not compile. Create keys with the
// NewSearchAttributeKey… functions.
type SearchAttributeKey[T any] struct {
	name string
	typ  enumspb.IndexedValueType
}

// NewSearchAttributeKeyKeyword returns a key for an exact-match string
// attribute.
func NewSearchAttributeKeyKeyword(name string) SearchAttributeKey[string] {
	return SearchAttributeKey[string]{name, enumspb.INDEXED_VALUE_TYPE_KEYWORD}
}

// NewSearchAttributeKeyText returns a key for a full-text string attribute.
func NewSearchAttributeKeyText(name string) SearchAttributeKey[string] {
	return SearchAttributeKey[string]{name, enumspb.INDEXED_VALUE_TYPE_TEXT}
}

// NewSearchAttributeKeyInt64 returns a key for an integer attribute.
func NewSearchAttributeKeyInt64(name string) SearchAttributeKey[int64] {
	return SearchAttributeKey[int64]{name, enumspb.INDEXED_VALUE_TYPE_INT}
}

// NewSearchAttributeKeyFloat64 returns a key for a floating-point attribute.
func NewSearchAttributeKeyFloat64(name string) SearchAttributeKey[float64] {
	return SearchAttributeKey[float64]{name, enumspb.INDEXED_VALUE_TYPE_DOUBLE}
}

// NewSearchAttributeKeyBool returns a key for a boolean attribute.
func NewSearchAttributeKeyBool(name string) SearchAttributeKey[bool] {
	return SearchAttributeKey[bool]{name, enumspb.INDEXED_VALUE_TYPE_BOOL}
}

// NewSearchAttributeKeyTime returns a key for a datetime attribute.
func NewSearchAttributeKeyTime(name string) SearchAttributeKey[time.Time] {
	return SearchAttributeKey[time.Time]{name, enumspb.INDEXED_VALUE_TYPE_DATETIME}
}

// NewSearchAttributeKeyKeywordList returns a key for a list of exact-match
// strings.
func NewSearchAttributeKeyKeywordList(name string) SearchAttributeKey[[]string] {
	return SearchAttributeKey[[]string]{name, enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST}
}

// Name is the attribute's name.
func (k SearchAttributeKey[T]) Name() string { return k.name }

// Type is the attribute's indexed type.
func (k SearchAttributeKey[T]) Type() enumspb.IndexedValueType { return k.typ }

// ValueSet returns an update that sets the attribute to v.
func (k SearchAttributeKey[T]) ValueSet(v T) SearchAttributeUpdate {
	return SearchAttributeUpdate{name: k.name, typ: k.typ, value: cloneValue(v)}
}

// cloneValue copies a keyword list, so that a SearchAttributes shares no
// slice with its callers.
func cloneValue(v any) any {
	if l, ok := v.([]string); ok {
		return slices.Clone(l)
	}
	return v
}

// ValueUnset returns an update that removes the attribute.
func (k SearchAttributeKey[T]) ValueUnset() SearchAttributeUpdate {
	return SearchAttributeUpdate{name: k.name, typ: k.typ, unset: true}
}

// SearchAttributeUpdate sets or removes one search attribute.
type SearchAttributeUpdate struct {
	name  string
	typ   enumspb.IndexedValueType
	value any
	unset bool
}

// SearchAttributes is an immutable set of typed search attribute values.
type SearchAttributes struct {
	values map[string]searchAttributeValue
}

type searchAttributeValue struct {
	typ   enumspb.IndexedValueType
	value any
}

// NewSearchAttributes returns the attributes the updates set.
func NewSearchAttributes(updates ...SearchAttributeUpdate) SearchAttributes {
	return SearchAttributes{}.With(updates...)
}

// With returns a copy with the updates applied.
func (s SearchAttributes) With(updates ...SearchAttributeUpdate) SearchAttributes {
	out := SearchAttributes{values: maps.Clone(s.values)}
	if out.values == nil {
		out.values = make(map[string]searchAttributeValue, len(updates))
	}
	for _, u := range updates {
		if u.unset {
			delete(out.values, u.name)
			continue
		}
		out.values[u.name] = searchAttributeValue{typ: u.typ, value: u.value}
	}
	return out
}

// Len is the number of attributes.
func (s SearchAttributes) Len() int { return len(s.values) }

// Names returns the attribute names, sorted.
func (s SearchAttributes) Names() []string { return slices.Sorted(maps.Keys(s.values)) }

// GetSearchAttribute returns the value of k in s, and whether it is set with
// k's type.
func GetSearchAttribute[T any](s SearchAttributes, k SearchAttributeKey[T]) (T, bool) {
	v, ok := s.values[k.name]
	if !ok || v.typ != k.typ {
		var zero T
		return zero, false
	}
	t, ok := cloneValue(v.value).(T)
	return t, ok
}

// changeVersionAttribute is the search attribute GetVersion keeps the
// run's change IDs and versions in.
const changeVersionAttribute = "TemporalChangeVersion"

// searchAttributeTypeMetadata is the payload metadata key naming an
// attribute's type; the server and every SDK write it.
const searchAttributeTypeMetadata = "type"

// EncodeSearchAttributes converts s to the wire form: one json/plain payload
// per attribute, with its type in the "type" metadata. Removed attributes of
// an update travel as empty payloads, which the caller adds with
// EncodeSearchAttributeUpdates.
func EncodeSearchAttributes(s SearchAttributes) (*commonpb.SearchAttributes, error) {
	if len(s.values) == 0 {
		return nil, nil
	}
	fields := make(map[string]*commonpb.Payload, len(s.values))
	for name, v := range s.values {
		p, err := encodeSearchAttribute(v)
		if err != nil {
			return nil, fmt.Errorf("search attribute %q: %w", name, err)
		}
		fields[name] = p
	}
	return &commonpb.SearchAttributes{IndexedFields: fields}, nil
}

// EncodeSearchAttributeUpdates converts updates to the wire form of an
// upsert: set attributes as in EncodeSearchAttributes, removed ones as a
// binary/null payload without a type, which the server takes as removal.
func EncodeSearchAttributeUpdates(updates ...SearchAttributeUpdate) (*commonpb.SearchAttributes, error) {
	fields := make(map[string]*commonpb.Payload, len(updates))
	for _, u := range updates {
		if u.unset {
			fields[u.name] = &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("binary/null")}}
			continue
		}
		p, err := encodeSearchAttribute(searchAttributeValue{typ: u.typ, value: u.value})
		if err != nil {
			return nil, fmt.Errorf("search attribute %q: %w", u.name, err)
		}
		fields[u.name] = p
	}
	return &commonpb.SearchAttributes{IndexedFields: fields}, nil
}

func encodeSearchAttribute(v searchAttributeValue) (*commonpb.Payload, error) {
	value := v.value
	if t, ok := value.(time.Time); ok {
		value = t.UTC().Format(time.RFC3339Nano)
	}
	data, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	return &commonpb.Payload{
		Metadata: map[string][]byte{"encoding": []byte("json/plain"), searchAttributeTypeMetadata: []byte(indexedTypeName(v.typ))},
		Data:     data,
	}, nil
}

// DecodeSearchAttributes reads search attributes as the server returns them.
// Each payload's "type" metadata gives its type. A payload that does not
// decode (a type this SDK does not know, a value that does not fit its type)
// is an error naming the attribute; the attributes that did decode are
// returned with it, so a reader may go on without the others.
func DecodeSearchAttributes(sa *commonpb.SearchAttributes) (SearchAttributes, error) {
	out := SearchAttributes{values: make(map[string]searchAttributeValue, len(sa.GetIndexedFields()))}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(sa.GetIndexedFields())) {
		v, err := decodeSearchAttribute(name, sa.GetIndexedFields()[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("search attribute %q: %w", name, err))
			continue
		}
		if v.value != nil {
			out.values[name] = v
		}
	}
	return out, errors.Join(errs...)
}

func decodeSearchAttribute(name string, p *commonpb.Payload) (searchAttributeValue, error) {
	typ := indexedTypeFromName(string(p.GetMetadata()[searchAttributeTypeMetadata]))
	if typ == enumspb.INDEXED_VALUE_TYPE_UNSPECIFIED && name == changeVersionAttribute {
		// GetVersion upserts it without a type, in every SDK.
		typ = enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST
	}
	data := p.GetData()
	if string(data) == "null" || len(data) == 0 {
		return searchAttributeValue{typ: typ}, nil
	}
	var err error
	v := searchAttributeValue{typ: typ}
	switch typ {
	case enumspb.INDEXED_VALUE_TYPE_KEYWORD, enumspb.INDEXED_VALUE_TYPE_TEXT:
		var s string
		err, v.value = json.Unmarshal(data, &s), s
	case enumspb.INDEXED_VALUE_TYPE_INT:
		var i int64
		err, v.value = json.Unmarshal(data, &i), i
	case enumspb.INDEXED_VALUE_TYPE_DOUBLE:
		var f float64
		err, v.value = json.Unmarshal(data, &f), f
	case enumspb.INDEXED_VALUE_TYPE_BOOL:
		var b bool
		err, v.value = json.Unmarshal(data, &b), b
	case enumspb.INDEXED_VALUE_TYPE_DATETIME:
		var s string
		if err = json.Unmarshal(data, &s); err == nil {
			var t time.Time
			t, err = time.Parse(time.RFC3339Nano, s)
			v.value = t
		}
	case enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST:
		var l []string
		err, v.value = json.Unmarshal(data, &l), l
	default:
		return v, fmt.Errorf("unknown type %q in the payload's metadata", p.GetMetadata()[searchAttributeTypeMetadata])
	}
	if err != nil {
		return v, fmt.Errorf("%s value %s: %w", indexedTypeName(typ), data, err)
	}
	return v, nil
}

// indexedTypeName gives the names the server and SDKs write in a search
// attribute payload's "type" metadata ("Keyword", "Int", ...).
func indexedTypeName(t enumspb.IndexedValueType) string { return t.String() }

// indexedTypeFromName reads a "type" metadata value, in short or canonical
// form.
func indexedTypeFromName(name string) enumspb.IndexedValueType {
	t, err := enumspb.IndexedValueTypeFromString(name)
	if err != nil {
		return enumspb.INDEXED_VALUE_TYPE_UNSPECIFIED
	}
	return t
}

package template

import (
	"google.golang.org/protobuf/compiler/protogen"
)

// Template is a parsed template whose paths are resolved against a request
// message. Its Parts, in order, concatenate to the rendered value.
type Template struct {
	// Source is the template as written in the option.
	Source string
	// Parts are the pieces of the template in order. Adjacent text is merged
	// into one Text, with `{{` and `}}` already turned into single braces.
	Parts []Part
}

// Part is one piece of a Template: a [*Text], a [*Path] or a [*UUID].
type Part interface {
	// Col is the 1-based column, in Template.Source, where the part starts.
	Col() int
	part()
}

// Text is literal text, copied as is into the rendered value.
type Text struct {
	// Value is the text with `{{` and `}}` unescaped.
	Value  string
	Column int
}

// UUID is `{$uuid}`: a random version 4 UUID, from crypto/rand in clients
// and from the workflow's deterministic random source inside workflows.
type UUID struct {
	Column int
}

// Path is `{a.b.c}`: a field of the request reached through singular
// message fields.
type Path struct {
	// Source is the path as written between the braces, such as `customer.id`.
	Source string
	// Column is the column of the opening brace.
	Column int
	// Fields are the fields the segments name, in order: every one but the
	// last a singular message field (a message or, in editions, a DELIMITED
	// message), the last ending as End says. Generated code reads them
	// through their getters (`GetCustomer().GetId()`), checking each message
	// for nil and, at the end, a string for emptiness.
	Fields []*protogen.Field
	// End says what the last field is.
	End End
}

// End is what a path's last field holds.
type End int

const (
	// EndScalar is a singular string, integer, bool or enum field (an enum
	// renders as its value name). Every path may end here.
	EndScalar End = iota + 1
	// EndFloat is a singular float or double field. Only a lone path may end
	// here: the value of a DOUBLE search attribute, or a memo value.
	EndFloat
	// EndRepeatedString is a repeated string field. Only a lone path may end
	// here: the value of a KEYWORD_LIST search attribute, or a memo value.
	EndRepeatedString
	// EndTimestamp is a singular google.protobuf.Timestamp field. Only a lone
	// path may end here: the value of a DATETIME search attribute, or a memo
	// value.
	EndTimestamp
	// EndMessage is any other singular message field. Only a lone path may end
	// here: a memo value, encoded like any payload.
	EndMessage
)

// String names the end for error messages.
func (e End) String() string {
	switch e {
	case EndScalar:
		return "scalar"
	case EndFloat:
		return "float"
	case EndRepeatedString:
		return "repeated string"
	case EndTimestamp:
		return "google.protobuf.Timestamp"
	case EndMessage:
		return "message"
	}
	return "unknown"
}

// Last returns the field the path ends at.
func (p *Path) Last() *protogen.Field { return p.Fields[len(p.Fields)-1] }

func (t *Text) Col() int { return t.Column }
func (u *UUID) Col() int { return u.Column }
func (p *Path) Col() int { return p.Column }

func (*Text) part() {}
func (*UUID) part() {}
func (*Path) part() {}

// Lone returns the template's path when the template is exactly one `{path}`
// and nothing else: such a template takes the field's value with its own
// type where the context allows it (search attributes, memo).
func (t *Template) Lone() (*Path, bool) {
	if len(t.Parts) != 1 {
		return nil, false
	}
	p, ok := t.Parts[0].(*Path)
	return p, ok
}

// Literal returns the template's text when it has neither path nor `{$uuid}`.
func (t *Template) Literal() (string, bool) {
	switch len(t.Parts) {
	case 0:
		return "", true
	case 1:
		if x, ok := t.Parts[0].(*Text); ok {
			return x.Value, true
		}
	}
	return "", false
}

// UsesUUID reports whether the template draws a random UUID.
func (t *Template) UsesUUID() bool {
	for _, p := range t.Parts {
		if _, ok := p.(*UUID); ok {
			return true
		}
	}
	return false
}

// Paths returns the template's paths in order.
func (t *Template) Paths() []*Path {
	var ps []*Path
	for _, p := range t.Parts {
		if x, ok := p.(*Path); ok {
			ps = append(ps, x)
		}
	}
	return ps
}

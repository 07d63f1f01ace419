package template

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// timestamp is the message a lone path may end at for DATETIME values.
const timestamp protoreflect.FullName = "google.protobuf.Timestamp"

// Parse parses src and resolves its paths against msg, the message the
// template is evaluated against. It returns the first problem as an
// [*Error]; it never panics, whatever src and msg are.
func Parse(src string, msg *protogen.Message) (*Template, error) {
	p := &parser{src: src}
	t := &Template{Source: src}
	var text strings.Builder
	textCol := 0
	flush := func() {
		if text.Len() > 0 {
			t.Parts = append(t.Parts, &Text{Value: text.String(), Column: textCol})
			text.Reset()
		}
	}
	addText := func(s string, col int) {
		if text.Len() == 0 {
			textCol = col
		}
		text.WriteString(s)
	}
	for i := 0; i < len(src); {
		col := p.column(i)
		switch {
		case strings.HasPrefix(src[i:], "{{"):
			addText("{", col)
			i += 2
		case strings.HasPrefix(src[i:], "}}"):
			addText("}", col)
			i += 2
		case src[i] == '}':
			return nil, p.errorf(col, "'}' closes nothing; write '}}' for a literal brace")
		case src[i] == '{':
			end := strings.IndexAny(src[i+1:], "{}")
			if end < 0 || src[i+1+end] == '{' {
				return nil, p.errorf(col, "'{' is not closed; close the path with '}', or write '{{' for a literal brace")
			}
			inner := src[i+1 : i+1+end]
			part, err := p.placeholder(inner, i+1, col, msg)
			if err != nil {
				return nil, err
			}
			flush()
			t.Parts = append(t.Parts, part)
			i += end + 2
		default:
			_, size := utf8.DecodeRuneInString(src[i:])
			addText(src[i:i+size], col)
			i += size
		}
	}
	flush()
	for _, part := range t.Parts {
		if path, ok := part.(*Path); ok && path.End != EndScalar && len(t.Parts) > 1 {
			return nil, p.errorf(path.Column, "%s; inside other text a path must end at a string, integer, bool or enum field", p.describeEnd(path))
		}
	}
	return t, nil
}

type parser struct {
	src string
}

// column returns the 1-based column, in runes, of byte offset i.
func (p *parser) column(i int) int { return utf8.RuneCountInString(p.src[:i]) + 1 }

func (p *parser) errorf(col int, format string, args ...any) *Error {
	return &Error{Template: p.src, Column: col, Message: fmt.Sprintf(format, args...)}
}

// placeholder parses what stands between a pair of braces: `$uuid` or a
// path. off is the byte offset of inner in src, col the brace's column.
func (p *parser) placeholder(inner string, off, col int, msg *protogen.Message) (Part, error) {
	if fn, ok := strings.CutPrefix(inner, "$"); ok {
		if fn != "uuid" {
			return nil, p.errorf(col, "unknown function {$%s}; the only function is {$uuid}", fn)
		}
		return &UUID{Column: col}, nil
	}
	if inner == "" {
		return nil, p.errorf(col, "empty path {}; name a field of the request, such as {order_id}, or write '{{' for a literal brace")
	}
	if msg == nil {
		return nil, p.errorf(col, "path {%s} has no request message to read", inner)
	}
	path := &Path{Source: inner, Column: col}
	cur := msg
	segOff := off
	segs := strings.Split(inner, ".")
	for n, seg := range segs {
		segCol := p.column(segOff)
		segOff += len(seg) + 1
		if !isIdent(seg) {
			return nil, p.errorf(segCol, "%q in path {%s} is not a field name; a path is field names joined by dots, such as {customer.id}", seg, inner)
		}
		if cur == nil {
			prev := path.Last()
			return nil, p.errorf(segCol, "path {%s} goes on after %s, which is %s, not a message", inner, prev.Desc.Name(), kindName(prev))
		}
		i := slices.IndexFunc(cur.Fields, func(f *protogen.Field) bool { return string(f.Desc.Name()) == seg })
		if i < 0 {
			return nil, p.errorf(segCol, "message %s has no field %q (its fields: %s)", cur.Desc.FullName(), seg, fieldNames(cur))
		}
		f := cur.Fields[i]
		path.Fields = append(path.Fields, f)
		last := n == len(segs)-1
		switch {
		case f.Desc.IsMap():
			return nil, p.errorf(segCol, "field %s of %s is a map; a path cannot read a map", seg, cur.Desc.FullName())
		case f.Desc.IsList() && !last:
			return nil, p.errorf(segCol, "field %s of %s is repeated; a path goes through singular message fields only", seg, cur.Desc.FullName())
		case f.Message != nil:
			cur = f.Message
		default:
			cur = nil
		}
	}
	end, ok := endOf(path.Last())
	if !ok {
		return nil, p.errorf(col, "path {%s} ends at %s; a path ends at a string, integer, bool or enum field", inner, kindName(path.Last()))
	}
	path.End = end
	return path, nil
}

// endOf classifies the last field of a path; ok is false where no template
// may end.
func endOf(f *protogen.Field) (End, bool) {
	d := f.Desc
	if d.IsList() {
		return EndRepeatedString, d.Kind() == protoreflect.StringKind
	}
	switch d.Kind() {
	case protoreflect.StringKind, protoreflect.BoolKind, protoreflect.EnumKind,
		protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind,
		protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return EndScalar, true
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		return EndFloat, true
	case protoreflect.MessageKind, protoreflect.GroupKind:
		if f.Message != nil && f.Message.Desc.FullName() == timestamp {
			return EndTimestamp, true
		}
		return EndMessage, true
	}
	return 0, false
}

// describeEnd says what a path that does not end at a scalar ends at.
func (p *parser) describeEnd(path *Path) string {
	return fmt.Sprintf("path {%s} ends at %s", path.Source, kindName(path.Last()))
}

// kindName describes a field's type for messages: "a repeated string field",
// "message acme.v1.Customer", "bytes".
func kindName(f *protogen.Field) string {
	d := f.Desc
	var s string
	switch {
	case f.Message != nil:
		s = "message " + string(f.Message.Desc.FullName())
	case f.Enum != nil:
		s = "enum " + string(f.Enum.Desc.FullName())
	default:
		s = d.Kind().String()
	}
	switch {
	case d.IsMap():
		return "a map field"
	case d.IsList():
		return "a repeated " + s + " field"
	}
	return Article(s + " field")
}

// Article puts "a" or "an" before s, as its first letter sounds: "an enum
// field", "an update ID", "a message field", "a uint64 field".
func Article(s string) string {
	if s != "" && strings.ContainsRune("aeiouAEIOU", rune(s[0])) && !strings.HasPrefix(s, "uint") && !strings.HasPrefix(s, "uni") {
		return "an " + s
	}
	return "a " + s
}

func fieldNames(m *protogen.Message) string {
	if len(m.Fields) == 0 {
		return "none"
	}
	names := make([]string, len(m.Fields))
	for i, f := range m.Fields {
		names[i] = string(f.Desc.Name())
	}
	return strings.Join(names, ", ")
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

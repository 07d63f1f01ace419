package render

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/workflowdef/workflowdef/internal/generator/model"
	"github.com/workflowdef/workflowdef/internal/generator/template"
)

// A template compiles to checks and a value. The checks run first, in
// order: the first that holds names the field the template needed and
// found empty, which becomes a temporal.TemplateFieldError before any
// request is sent. The value then reads the request through getters, which
// the checks made safe to use.

// check is one condition under which a template cannot render.
type check struct {
	cond jen.Code
	// field is the path as the template writes it, up to the field found
	// empty: `customer` for an unset message, `customer.id` for an empty
	// string.
	field string
	tmpl  *model.Template
}

// checks collects the checks of the templates a function renders.
type checks []check

// failure renders the checks as a switch that stops the function with a
// TemplateFieldError: `switch { case req.GetCustomer() == nil: ... }`.
// zero is what the function returns beside the error. Nothing is rendered
// when there is nothing to check.
func (cs checks) failure(zero jen.Code) []jen.Code {
	if len(cs) == 0 {
		return nil
	}
	var cases []jen.Code
	seen := map[string]bool{}
	for _, c := range cs {
		// A field checked for an earlier template is not checked again: the
		// first template that needs it is the one the error names.
		key := c.field
		if seen[key] {
			continue
		}
		seen[key] = true
		// Keyed fields on one line: an error per line of the switch.
		cases = append(cases, jen.Case(c.cond).Block(jen.Return(zero, jen.Op("&").Qual(temporalPath, "TemplateFieldError").Values(
			jen.Id("Kind").Op(":").Lit(c.tmpl.Kind), jen.Id("Template").Op(":").Lit(c.tmpl.Source), jen.Id("Field").Op(":").Lit(c.field)))))
	}
	return []jen.Code{jen.Switch().Block(cases...)}
}

// text compiles t to a string expression reading root, the request;
// newUUID is the expression of a fresh UUID, used for `{$uuid}`.
func text(root func() *jen.Statement, t *model.Template, newUUID func() jen.Code) (checks, jen.Code) {
	var cs checks
	var terms []jen.Code
	for _, part := range t.Parsed.Parts {
		switch p := part.(type) {
		case *template.Text:
			terms = append(terms, jen.Lit(p.Value))
		case *template.UUID:
			terms = append(terms, newUUID())
		case *template.Path:
			c, v := pathValue(root, t, p)
			cs = append(cs, c...)
			terms = append(terms, scalarText(p.Last().Desc, v))
		}
	}
	switch len(terms) {
	case 0:
		return cs, jen.Lit("")
	case 1:
		return cs, terms[0]
	}
	sum := jen.Add(terms[0])
	for _, t := range terms[1:] {
		sum = sum.Op("+").Add(t)
	}
	return cs, sum
}

// pathValue returns the checks a path needs and the getter chain that
// reads its last field: a nil check for every message on the way (and for
// a message at the end), an emptiness check for a string at the end, and a
// presence check for any other field at the end that tracks presence, and
// for a string at the end that tracks presence and has a default, which
// its getter returns when it is unset.
func pathValue(root func() *jen.Statement, t *model.Template, p *template.Path) (checks, *jen.Statement) {
	var cs checks
	var names []string
	chain := func(n int) *jen.Statement {
		s := root()
		for _, f := range p.Fields[:n] {
			getter, _ := f.MethodName("Get") // the opaque API's name differs from the open one's for some fields
			s = s.Dot(getter).Call()
		}
		return s
	}
	// unset is the condition that field i, which tracks presence, is not
	// set. Through reflection, which every Go API level of the messages
	// has.
	unset := func(i int) *jen.Statement {
		msg := func() *jen.Statement { return chain(i).Dot("ProtoReflect").Call() }
		return jen.Op("!").Add(msg().Dot("Has").Call(
			msg().Dot("Descriptor").Call().Dot("Fields").Call().Dot("ByName").Call(jen.Lit(string(p.Fields[i].Desc.Name())))))
	}
	for i, f := range p.Fields {
		names = append(names, string(f.Desc.Name()))
		field := strings.Join(names, ".")
		last := i == len(p.Fields)-1
		switch {
		case f.Desc.IsList() || f.Desc.IsMap():
			// A repeated string at the end of a lone path: an empty list is a
			// value like any other.
		case f.Desc.Message() != nil:
			cs = append(cs, check{cond: chain(i + 1).Op("==").Nil(), field: field, tmpl: t})
		case last && f.Desc.Kind() == protoreflect.StringKind:
			cond := chain(i + 1).Op("==").Lit("")
			if f.Desc.HasPresence() && f.Desc.HasDefault() {
				// proto2's or editions' [default = ...]: unset reads as the
				// default, so only presence tells it apart; set to "" is
				// empty too.
				cond = unset(i).Op("||").Add(cond)
			}
			cs = append(cs, check{cond: cond, field: field, tmpl: t})
		case last && f.Desc.HasPresence():
			// proto3 optional, editions' explicit presence, a oneof member:
			// unset is empty, not its zero value.
			cs = append(cs, check{cond: unset(i), field: field, tmpl: t})
		}
	}
	return cs, chain(len(p.Fields))
}

// scalarText renders a scalar field's value as text: strings as they are,
// numbers in decimal, bools as true or false, enums by value name.
func scalarText(fd protoreflect.FieldDescriptor, v *jen.Statement) jen.Code {
	switch fd.Kind() {
	case protoreflect.StringKind:
		return v
	case protoreflect.BoolKind:
		return jen.Qual(strconvPath, "FormatBool").Call(v)
	case protoreflect.EnumKind:
		return v.Dot("String").Call()
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return jen.Qual(strconvPath, "FormatUint").Call(jen.Uint64().Call(v), jen.Lit(10))
	default:
		return jen.Qual(strconvPath, "FormatInt").Call(jen.Int64().Call(v), jen.Lit(10))
	}
}

// typedValue compiles a search attribute or memo template to a value of
// the Go type want names ("string", "int64", "float64", "bool", "time",
// "[]string", or "any" for a memo): a lone path keeps its field's value,
// converted; anything else renders to text.
func typedValue(root func() *jen.Statement, t *model.Template, want string, newUUID func() jen.Code) (checks, jen.Code) {
	p, lone := t.Parsed.Lone()
	if !lone || want == "string" {
		return text(root, t, newUUID)
	}
	cs, v := pathValue(root, t, p)
	switch want {
	case "int64":
		return cs, jen.Int64().Call(v)
	case "float64":
		return cs, jen.Float64().Call(v)
	case "time":
		return cs, v.Dot("AsTime").Call()
	}
	return cs, v
}

package validate

import (
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/workflowdef/workflowdef/internal/generator/model"
	"github.com/workflowdef/workflowdef/internal/generator/template"
)

// searchAttributes checks keys, types, and that each value fits its type.
func (r *report) searchAttributes(sub string, attrs []*model.SearchAttribute) {
	keys := uniqueKeys{r: r, sub: sub, what: "search attribute", empty: "set key to the name registered on the namespace"}
	for _, a := range attrs {
		keys.check(a.Key, a.KeyLoc, a.Loc)
		if !a.Type.Declared() {
			continue // reported as an unknown enum
		}
		if a.Type == model.SearchAttributeTypeUnspecified {
			r.add(a.TypeLoc, sub, "search attribute %q has no type; set type to the one registered on the namespace, such as SEARCH_ATTRIBUTE_TYPE_KEYWORD", a.Key)
			continue
		}
		r.searchAttributeValue(sub, a)
	}
}

func (r *report) searchAttributeValue(sub string, a *model.SearchAttribute) {
	v := a.Value
	if v.Err != nil {
		r.templateError(sub, v)
		return
	}
	if _, ok, err := a.Literal(); ok {
		if err != nil {
			r.add(v.Loc, sub, "search attribute %q of type %s: %v", a.Key, a.Type, err)
		}
		return
	}
	p, lone := v.Parsed.Lone()
	if !lone {
		r.oneofs(sub, v)
		if a.Type != model.SearchAttributeTypeText && a.Type != model.SearchAttributeTypeKeyword {
			r.add(v.Loc, sub, "search attribute %q of type %s: %q renders to text, which only Text and Keyword take; write a lone {path} to a field of the type, or a literal", a.Key, a.Type, v.Source)
		}
		return
	}
	if k := p.Last().Desc.Kind(); a.Type == model.SearchAttributeTypeInt && (k == protoreflect.Uint64Kind || k == protoreflect.Fixed64Kind) {
		// Temporal's Int is an int64: a value above its range would wrap.
		r.add(v.Loc, sub, "search attribute %q of type Int takes an int64, but {%s} is %s, whose values above 2^63-1 would wrap: use an int64 field, or a Keyword attribute", a.Key, p.Source, describe(p.Last().Desc))
		return
	}
	if want, ok := fits(a.Type, p); !ok {
		r.add(v.Loc, sub, "search attribute %q of type %s takes %s, but {%s} is %s", a.Key, a.Type, want, p.Source, describe(p.Last().Desc))
	}
}

// fits reports whether a lone path suits a search attribute type, and what
// the type takes.
func fits(t model.SearchAttributeType, p *template.Path) (string, bool) {
	k := p.Last().Desc.Kind()
	switch t {
	case model.SearchAttributeTypeText, model.SearchAttributeTypeKeyword:
		return "a string, integer, bool or enum field", p.End == template.EndScalar
	case model.SearchAttributeTypeInt:
		return "an integer field", p.End == template.EndScalar && isInteger(k)
	case model.SearchAttributeTypeDouble:
		return "a float, double or integer field", p.End == template.EndFloat || (p.End == template.EndScalar && isInteger(k))
	case model.SearchAttributeTypeBool:
		return "a bool field", p.End == template.EndScalar && k == protoreflect.BoolKind
	case model.SearchAttributeTypeDatetime:
		return "a google.protobuf.Timestamp field", p.End == template.EndTimestamp
	case model.SearchAttributeTypeKeywordList:
		return "a repeated string field", p.End == template.EndRepeatedString
	}
	return "no value", false
}

func isInteger(k protoreflect.Kind) bool {
	switch k {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind,
		protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return true
	}
	return false
}

// describe names a field's type: "a string field", "a repeated string field",
// "a message acme.v1.Customer field".
func describe(d protoreflect.FieldDescriptor) string {
	s := d.Kind().String()
	switch {
	case d.Message() != nil:
		s = "message " + string(d.Message().FullName())
	case d.Enum() != nil:
		s = "enum " + string(d.Enum().FullName())
	}
	if d.IsList() {
		return "a repeated " + s + " field"
	}
	return template.Article(s + " field")
}

// memo checks keys; a memo value's lone path may end anywhere a path can.
func (r *report) memo(sub string, memo []*model.MemoField) {
	keys := uniqueKeys{r: r, sub: sub, what: "memo entry", empty: "set key"}
	for _, m := range memo {
		keys.check(m.Key, m.KeyLoc, m.Loc)
		if m.Value.Err != nil {
			r.templateError(sub, m.Value)
		}
		r.oneofs(sub, m.Value)
	}
}

// uniqueKeys reports empty and repeated keys of one workflow's search
// attributes or memo entries.
type uniqueKeys struct {
	r     *report
	sub   string
	what  string
	empty string // what to do about an empty key
	seen  map[string]model.Location
}

func (u *uniqueKeys) check(key string, keyLoc, loc model.Location) {
	if u.seen == nil {
		u.seen = map[string]model.Location{}
	}
	if key == "" {
		u.r.add(loc, u.sub, "%s has no key; %s", u.what, u.empty)
	} else if first, dup := u.seen[key]; dup {
		u.r.add(keyLoc, u.sub, "%s %q is set twice (first at %s); keep one", u.what, key, first)
	} else {
		u.seen[key] = keyLoc
	}
}

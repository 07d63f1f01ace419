package read

import (
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// declared lists the package-level identifiers protoc-gen-go declares for
// f, as protogen names them: the file's descriptor variable, each message
// type and oneof wrapper, each enum type with its name and value maps,
// each enum value (and its prefixed alias), each extension's E_ variable.
func declared(f *protogen.File) []model.Declared {
	var ds []model.Declared
	add := func(name, what string, d protoreflect.Descriptor) {
		loc := model.Location{File: f.Desc.Path()}
		if sl := f.Desc.SourceLocations().ByDescriptor(d); sl.Path != nil {
			loc.Line, loc.Column = sl.StartLine+1, sl.StartColumn+1
		}
		ds = append(ds, model.Declared{Name: name, What: what, Loc: loc})
	}
	add(f.GoDescriptorIdent.GoName, "the descriptor of file "+f.Desc.Path(), f.Desc)
	enums := func(es []*protogen.Enum) {
		for _, e := range es {
			name := "enum " + string(e.Desc.FullName())
			add(e.GoIdent.GoName, name, e.Desc)
			add(e.GoIdent.GoName+"_name", "the name map of "+name, e.Desc)
			add(e.GoIdent.GoName+"_value", "the value map of "+name, e.Desc)
			for _, v := range e.Values {
				add(v.GoIdent.GoName, "enum value "+string(v.Desc.FullName()), v.Desc)
				if a := v.PrefixedAlias.GoName; a != "" && a != v.GoIdent.GoName {
					add(a, "the prefixed alias of enum value "+string(v.Desc.FullName()), v.Desc)
				}
			}
		}
	}
	extensions := func(xs []*protogen.Extension) {
		for _, x := range xs {
			add("E_"+x.GoIdent.GoName, "extension "+string(x.Desc.FullName()), x.Desc)
		}
	}
	var messages func([]*protogen.Message)
	messages = func(ms []*protogen.Message) {
		for _, m := range ms {
			if m.Desc.IsMapEntry() {
				continue
			}
			add(m.GoIdent.GoName, "message "+string(m.Desc.FullName()), m.Desc)
			for _, fd := range m.Fields {
				if fd.Oneof != nil && !fd.Oneof.Desc.IsSynthetic() {
					add(fd.GoIdent.GoName, "the oneof wrapper of field "+string(fd.Desc.FullName()), fd.Desc)
				}
			}
			enums(m.Enums)
			extensions(m.Extensions)
			messages(m.Messages)
		}
	}
	enums(f.Enums)
	extensions(f.Extensions)
	messages(f.Messages)
	return ds
}

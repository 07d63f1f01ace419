package generator_test

import (
	"path/filepath"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	wd "github.com/workflowdef/workflowdef/gen/temporal/workflowdef/v1"
)

// TestEveryOptionCaseSetsEveryOption holds the golden case everyoption to
// its name: each field of the options schema, down to the messages inside
// the options, is set somewhere in its proto. When the schema gains an
// option, this fails until the case uses it, so that the golden file pins
// how it is rendered.
func TestEveryOptionCaseSetsEveryOption(t *testing.T) {
	req := caseRequest(t, filepath.Join("testdata", "everyoption"))
	set := map[protoreflect.FullName]bool{}
	record := func(m proto.Message) { recordSet(m.ProtoReflect(), set) }
	for _, f := range req.GetProtoFile() {
		if !slices.Contains(req.GetFileToGenerate(), f.GetName()) {
			continue
		}
		for _, s := range f.GetService() {
			if proto.HasExtension(s.GetOptions(), wd.E_Service) {
				record(proto.GetExtension(s.GetOptions(), wd.E_Service).(*wd.ServiceOptions))
			}
			for _, m := range s.GetMethod() {
				for _, ext := range []protoreflect.ExtensionType{wd.E_Workflow, wd.E_Activity, wd.E_Signal, wd.E_Query, wd.E_Update} {
					if proto.HasExtension(m.GetOptions(), ext) {
						record(proto.GetExtension(m.GetOptions(), ext).(proto.Message))
					}
				}
			}
		}
	}

	var missing []string
	seen := map[protoreflect.FullName]bool{}
	var walk func(md protoreflect.MessageDescriptor)
	walk = func(md protoreflect.MessageDescriptor) {
		if seen[md.FullName()] || md.ParentFile().Package() != wd.File_temporal_workflowdef_v1_workflowdef_proto.Package() {
			return // a well-known type such as Duration is one value, not options
		}
		seen[md.FullName()] = true
		for i := range md.Fields().Len() {
			fd := md.Fields().Get(i)
			if !set[fd.FullName()] {
				missing = append(missing, string(fd.FullName()))
			}
			if fd.Message() != nil {
				walk(fd.Message())
			}
		}
	}
	for _, ext := range []protoreflect.ExtensionType{wd.E_Service, wd.E_Workflow, wd.E_Activity, wd.E_Signal, wd.E_Query, wd.E_Update} {
		walk(ext.TypeDescriptor().Message())
	}
	if len(missing) > 0 {
		t.Errorf("testdata/everyoption/acme/orders/v1/orders.proto does not set %d of the schema's options; set each, then `make generate`:\n%v", len(missing), missing)
	}
}

// recordSet adds to set the full name of every field populated in m and
// in the messages within it.
func recordSet(m protoreflect.Message, set map[protoreflect.FullName]bool) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		set[fd.FullName()] = true
		switch {
		case fd.Message() == nil:
		case fd.IsList():
			for i := range v.List().Len() {
				recordSet(v.List().Get(i).Message(), set)
			}
		default:
			recordSet(v.Message(), set)
		}
		return true
	})
}

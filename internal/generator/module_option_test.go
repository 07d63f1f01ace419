package generator_test

import (
	"slices"
	"testing"
)

// moduleProto is a file of Go import path example.com/acme/x/v1.
var moduleProto = annotatedProto("acme.x.v1", "example.com/acme/x/v1;xv1", `service S {
  option (temporal.workflowdef.v1.service) = {task_queue: "s"};
  rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {}; }
}
`)

// The module= option, which protoc-gen-go takes and the plugin accepts
// (its error for an unknown option lists it), strips the module's import
// path from the names of the files written, so a buf.gen.yaml with
// `opt: module=example.com/acme` and `out: .` writes each file beside the
// messages protoc-gen-go writes for the same proto. The plugin must place
// its files the same way, not under a directory named after the import
// path.
func TestModuleOptionStripsTheModulePrefixFromFileNames(t *testing.T) {
	for _, tc := range []struct{ param, want string }{
		{"module=example.com", "acme/x/v1/xv1temporal/x.temporal.go"},
		{"module=example.com/acme", "x/v1/xv1temporal/x.temporal.go"},
		{"module=example.com,package_suffix=", "acme/x/v1/x.temporal.go"},
	} {
		t.Run(tc.param, func(t *testing.T) {
			resp := runPlugin(t, map[string]string{"acme/x/v1/x.proto": moduleProto}, tc.param)
			if resp.Error != nil {
				t.Fatalf("the plugin refused: %s", resp.GetError())
			}
			var names []string
			for _, f := range resp.File {
				names = append(names, f.GetName())
			}
			if !slices.Equal(names, []string{tc.want}) {
				t.Errorf("with %s the plugin wrote %q; want %q, where protoc-gen-go's module= puts the package", tc.param, names, tc.want)
			}
		})
	}
}

// TestModuleOptionRefusesAFileOutsideTheModule: as protoc-gen-go does, a
// generated file whose import path does not start with the module= prefix
// is an error, not a file written elsewhere; the error names the .proto
// file, its import path and what to change.
func TestModuleOptionRefusesAFileOutsideTheModule(t *testing.T) {
	// example.co is a prefix of the path's text, but not of its elements.
	for _, module := range []string{"other.org/acme", "example.co"} {
		t.Run(module, func(t *testing.T) {
			resp := runPlugin(t, map[string]string{"acme/x/v1/x.proto": moduleProto}, "module="+module)
			want := "acme/x/v1/x.proto: the generated file example.com/acme/x/v1/xv1temporal/x.temporal.go is outside module=" + module +
				": the file's Go import path example.com/acme/x/v1 does not start with " + module + "/; set module to a prefix of the Go import path of every file generated, or give acme/x/v1/x.proto a go_package under " + module
			if resp.GetError() != want || len(resp.File) != 0 {
				t.Errorf("the plugin answered error %q and %d files;\nwant error %q and none", resp.GetError(), len(resp.File), want)
			}
		})
	}
}

package generator_test

import (
	"strings"
	"testing"
)

// A messages Go package named any (go_package ".../any") is imported
// under a name that leaves the predeclared any usable: the memo the
// generated defaults build is a map[string]any, which must still name the
// builtin type, not the package.
func TestMessagesPackageNamedAnyCompiles(t *testing.T) {
	checkPluginOutputCompiles(t, map[string]string{
		"acme/any/any.proto": `syntax = "proto3";
package acme.any;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/any;any";
message Req { string id = 1; string note = 2; }
message Res {}
service S {
  rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {memo: [{key: "note" value: "{note}"}]}; }
}
`,
	}, "paths=source_relative")
}

// A line of an rpc's proto comment that begins with `/*` (here an
// unclosed one, quoting a glob) is comment text: the plugin writes it
// inside the generated `//` doc comments and the file compiles, rather
// than refusing the input with a rendering error.
func TestCommentLineOpeningABlockCommentIsText(t *testing.T) {
	checkPluginOutputCompiles(t, map[string]string{
		"acme/cmt/v1/cmt.proto": `syntax = "proto3";
package acme.cmt.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/cmt/v1;cmtv1";
message Req { string id = 1; }
message Res {}
service S {
  // Sync copies every route under the prefix, as in
  // /*path of the old router.
  rpc Sync(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {}; }
}
`,
	}, "paths=source_relative")
}

// A line of an rpc's proto comment that quotes a Go directive
// (`// //go:embed schema.json`) stays comment text in the generated doc
// comments. Written as `//go:embed` at the start of a line right above a
// declaration, it would be a directive, and `go build` refuses the file:
// "go:embed requires import "embed"" (go/types does not check
// directives, so this looks at the lines).
func TestCommentLineQuotingADirectiveIsNotADirective(t *testing.T) {
	resp := runPlugin(t, map[string]string{
		"acme/cmt/v1/cmt.proto": `syntax = "proto3";
package acme.cmt.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/cmt/v1;cmtv1";
message Req { string id = 1; }
message Res {}
service S {
  // Sync loads its schema; implementations embed it with
  // //go:embed schema.json
  rpc Sync(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {}; }
}
`,
	}, "paths=source_relative")
	if resp.Error != nil {
		t.Fatalf("the plugin refused: %s", resp.GetError())
	}
	for _, f := range resp.File {
		for i, line := range strings.Split(f.GetContent(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//go:") {
				t.Errorf("%s:%d is a Go directive, from the proto comment: %s", f.GetName(), i+1, line)
			}
		}
	}
}

// Messages of the opaque Go API (edition 2024's default, or
// `features.(pb.go).api_level = API_OPAQUE`) have getters named after the
// field's camel-cased name (GetDescriptor, GetString, GetGetName), without
// the trailing underscore the open API adds where a field's name meets a
// method of the message or another field's getter. A template reading
// such fields must call the getters that exist, so the output compiles.
func TestOpaqueAPIGettersOfMangledFieldNamesCompile(t *testing.T) {
	checkPluginOutputCompiles(t, map[string]string{
		"acme/op/v1/op.proto": `edition = "2023";
package acme.op.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/go_features.proto";
option go_package = "example.com/acme/op/v1;opv1";
option features.(pb.go).api_level = API_OPAQUE;
message Req {
  string descriptor = 1;
  string string = 2;
  string name = 3;
  string get_name = 4;
}
message Res {}
service S {
  rpc W(Req) returns (Res) {
    option (temporal.workflowdef.v1.workflow) = {id: "w-{descriptor}-{string}-{get_name}"};
  }
}
`,
	}, "paths=source_relative")
}

// A Go package named main cannot be imported ("import ... is a program,
// not an importable package"), so code generated into a sub-package
// (the default package_suffix) for messages of package main could never
// build. The plugin refuses such a file with its place, rather than
// writing a package that go build rejects (go/types does not check this,
// so the test asks for the refusal).
func TestMessagesPackageMainIsRefusedWithASubPackage(t *testing.T) {
	const file = "acme/app/app.proto"
	resp := runPlugin(t, map[string]string{
		file: `syntax = "proto3";
package acme.app;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/cmd/app;main";
message Req { string id = 1; }
message Res {}
service S {
  rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {}; }
}
`,
	}, "paths=source_relative")
	if resp.Error == nil {
		var names []string
		for _, f := range resp.File {
			names = append(names, f.GetName())
		}
		t.Fatalf("the plugin wrote %v, a package that imports the main package example.com/acme/cmd/app", names)
	}
	if e := resp.GetError(); !strings.HasPrefix(e, file+":") || !strings.Contains(e, "main") {
		t.Errorf("the error does not name the file and the main package:\n%s", e)
	}
}

// Two services of one name from two proto packages that share a Go
// package, each declaring only signals and no task_queue, generate no
// service-level identifier (no task queue constant, client, workflows or
// activities), so nothing collides: the output compiles. The plugin
// must not refuse them over STaskQueue, which it does not write.
func TestSameNamedSignalOnlyServicesInOneGoPackageCompile(t *testing.T) {
	checkPluginOutputCompiles(t, map[string]string{
		"acme/a/v1/a.proto": `syntax = "proto3";
package acme.a.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
option go_package = "example.com/acme/events;events";
message Opened { string id = 1; }
service Events { rpc Open(Opened) returns (google.protobuf.Empty) { option (temporal.workflowdef.v1.signal) = {}; } }
`,
		"acme/b/v1/b.proto": `syntax = "proto3";
package acme.b.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
option go_package = "example.com/acme/events;events";
message Closed { string id = 1; }
service Events { rpc Close(Closed) returns (google.protobuf.Empty) { option (temporal.workflowdef.v1.signal) = {}; } }
`,
	}, "paths=import")
}

package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestDeprecatedServiceMarksItsIdentifiers: a deprecated rpc's generated
// identifiers carry a Deprecated paragraph (the casing case's LegacyPing),
// so linters and editors flag their use. A service marked `option
// deprecated = true` must do the same for what is generated per service:
// the client and its constructor, and the registrations and interfaces a
// worker implements, as protoc-gen-go-grpc marks a deprecated service's
// client and server.
func TestDeprecatedServiceMarksItsIdentifiers(t *testing.T) {
	src := annotatedProto("acme.old.v1", "example.com/acme/old/v1;oldv1", `// Legacy is replaced by acme.new.v1.Current.
service Legacy {
  option deprecated = true;
  option (temporal.workflowdef.v1.service) = {task_queue: "legacy"};
  rpc Run(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {}; }
  rpc Step(Req) returns (Res) { option (temporal.workflowdef.v1.activity) = {start_to_close_timeout: {seconds: 1}}; }
}
`)
	resp := runPlugin(t, map[string]string{"acme/old/v1/old.proto": src}, "paths=source_relative")
	if resp.Error != nil {
		t.Fatal(resp.GetError())
	}
	f, err := parser.ParseFile(token.NewFileSet(), "old.temporal.go", resp.File[0].GetContent(), parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				docs[d.Name.Name] = d.Doc.Text()
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					doc := d.Doc
					if ts.Doc != nil {
						doc = ts.Doc
					}
					docs[ts.Name.Name] = doc.Text()
				}
			}
		}
	}
	for _, name := range []string{"LegacyClient", "NewLegacyClient", "LegacyWorkflows", "RegisterLegacyWorkflows", "LegacyActivities", "RegisterLegacyActivities"} {
		doc, ok := docs[name]
		if !ok {
			t.Errorf("%s is not generated", name)
			continue
		}
		if !strings.Contains(doc, "\nDeprecated: ") && !strings.HasPrefix(doc, "Deprecated: ") {
			t.Errorf("%s of the deprecated service acme.old.v1.Legacy has no Deprecated paragraph:\n%s", name, doc)
		}
	}
}

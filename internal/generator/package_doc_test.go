package generator_test

import (
	"strings"
	"testing"
)

// TestOneFileOfAPackageCarriesItsDoc: of the files generated into one
// sub-package, one carries the package's doc comment, naming every .proto
// the package comes from, so go doc shows one comment, not one per file.
func TestOneFileOfAPackageCarriesItsDoc(t *testing.T) {
	resp := runPlugin(t, map[string]string{
		"acme/x/v1/a.proto": annotatedProto("acme.x.v1", "example.com/acme/x/v1;xv1", `service A {
  option (temporal.workflowdef.v1.service) = {task_queue: "a"};
  rpc RunA(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {}; }
}
`),
		"acme/x/v1/b.proto": `syntax = "proto3";
package acme.x.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/x/v1;xv1";
message ReqB {}
service B {
  option (temporal.workflowdef.v1.service) = {task_queue: "b"};
  rpc RunB(ReqB) returns (ReqB) { option (temporal.workflowdef.v1.workflow) = {}; }
}
`,
	}, "")
	if resp.Error != nil {
		t.Fatal(resp.GetError())
	}
	var docs []string
	for _, f := range resp.File {
		if strings.Contains(f.GetContent(), "\n// Package xv1temporal ") {
			docs = append(docs, f.GetName())
			if !strings.Contains(f.GetContent(), "of acme/x/v1/a.proto, acme/x/v1/b.proto, typed") {
				t.Errorf("%s: the package doc does not name both .proto files:\n%s", f.GetName(), f.GetContent()[:600])
			}
		}
	}
	if len(resp.File) != 2 || len(docs) != 1 {
		t.Errorf("%d files generated, %v with a package doc; want 2 files, one with it", len(resp.File), docs)
	}
}

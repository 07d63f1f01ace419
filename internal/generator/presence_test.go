package generator_test

import (
	"strings"
	"testing"
)

// TestUnsetFieldWithPresenceIsEmpty: a template field that tracks
// presence (proto3 optional, editions' explicit presence, a oneof member)
// and is not set is empty, like an empty string or an unset message, so
// an ID is never rendered from a default the caller did not give: the
// optional case's "run-{name}-{count}" must not render as run-x-0 when
// count is unset, nor its Flag search attribute as false.
func TestUnsetFieldWithPresenceIsEmpty(t *testing.T) {
	dir := "testdata/optional"
	resp := runPlugin(t, protoSources(t, dir), bufGenOpt(t, dir))
	if resp.Error != nil {
		t.Fatal(resp.GetError())
	}
	code := resp.File[0].GetContent()
	for _, want := range []string{
		`case !req.ProtoReflect().Has(req.ProtoReflect().Descriptor().Fields().ByName("count")):
		return "", &temporal.TemplateFieldError{Kind: "workflow ID", Template: "run-{name}-{count}", Field: "count"}`,
		`case !req.ProtoReflect().Has(req.ProtoReflect().Descriptor().Fields().ByName("flag")):
		return temporal.WorkflowDefaults{}, &temporal.TemplateFieldError{Kind: "search attribute \"Flag\"", Template: "{flag}", Field: "flag"}`,
	} {
		if !strings.Contains(code, want) {
			t.Errorf("the generated code does not check that the field is set:\n%s\n--- generated:\n%s", want, code)
		}
	}
}

// TestUnsetStringWithADefaultIsEmpty: a string field that tracks presence
// and declares a default (proto2 `[default = ...]`, or editions, where
// explicit presence is the default) reads as its default when unset, so
// the emptiness check alone lets an unset field through and the ID is
// rendered from a value the caller never gave: "p2-eu-42" for a request
// that set only id, to 42. Like the optional case's unset count, an unset region
// must be reported, which takes a presence check, not `GetRegion() == ""`.
func TestUnsetStringWithADefaultIsEmpty(t *testing.T) {
	for name, src := range map[string]string{
		"proto2": `syntax = "proto2";
package acme.p2.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/p2/v1;p2v1";
message Req {
  optional string region = 1 [default = "eu"];
  optional string id = 2;
}
message Res {}
service P2 {
  rpc Run(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {id: "p2-{region}-{id}"}; }
}
`,
		"edition 2023": `edition = "2023";
package acme.p2.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/p2/v1;p2v1";
message Req {
  string region = 1 [default = "eu"];
  string id = 2;
}
message Res {}
service P2 {
  rpc Run(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {id: "p2-{region}-{id}"}; }
}
`,
	} {
		t.Run(name, func(t *testing.T) {
			resp := runPlugin(t, map[string]string{"acme/p2/v1/p2.proto": src}, "paths=source_relative")
			if resp.Error != nil {
				t.Fatal(resp.GetError())
			}
			code := resp.File[0].GetContent()
			start := strings.Index(code, "func RunWorkflowID(")
			if start < 0 {
				t.Fatalf("no RunWorkflowID in the generated code:\n%s", code)
			}
			fn := code[start:]
			fn = fn[:strings.Index(fn, "\n}\n")]
			if !strings.Contains(fn, `ByName("region")`) {
				t.Errorf("RunWorkflowID does not check that region is set, so an unset region renders as its default \"eu\":\n%s", fn)
			}
		})
	}
}

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

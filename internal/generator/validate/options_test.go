package validate_test

import (
	"strconv"
	"strings"
	"testing"
)

// Inputs that once passed validation although the generated code
// shadowed a runtime method, silently dropped an option, or could never
// render. Each wants at least one error on the given line.

func wantErrorOnLine(t *testing.T, body string, line int, says ...string) {
	t.Helper()
	got := errorsOf(t, map[string]string{file: header + body})
	prefix := file + ":" + strconv.Itoa(line) + ":"
	for _, l := range got {
		if !strings.HasPrefix(l, prefix) {
			continue
		}
		ok := true
		for _, s := range says {
			ok = ok && strings.Contains(l, s)
		}
		if ok {
			return
		}
	}
	t.Errorf("want an error at %s... mentioning %q; got %d error(s):\n%s", prefix, says, len(got), strings.Join(got, "\n"))
}

// ChildRunOf has AddToSelector; a signal of that name shadows it on
// the generated child run (childRunOfMethods lacks it).
func TestSignalShadowingAChildRunMethod(t *testing.T) {
	wantErrorOnLine(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {signal: [{ref: "AddToSelector"}]}; }
  rpc AddToSelector(Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
}
`, 10, "AddToSelector")
}

// wait_for_stage 1 is Temporal's ADMITTED, reserved in the schema and
// refused by the server; a number is accepted by protoc for an open enum.
func TestWaitForStageAdmittedByNumber(t *testing.T) {
	wantErrorOnLine(t, `service Orders {
  rpc Rename(Req) returns (Res) { option (`+w+`update) = {wait_for_stage: 1}; }
}
`, 10, "wait_for_stage")
}

// enum numbers the schema does not declare (open proto3 enums).
func TestEnumNumbersTheSchemaDoesNotDeclare(t *testing.T) {
	wantErrorOnLine(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {id_reuse_policy: 9}; }
}
`, 10, "id_reuse_policy")
	wantErrorOnLine(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {search_attributes: [{key: "K" type: 42 value: "x"}]}; }
}
`, 10, "42")
}

// a workflow's update ref with id_conflict_policy but no start: the
// policy is only used by update-with-start, so it is dropped silently.
func TestUpdateRefConflictPolicyWithoutStart(t *testing.T) {
	wantErrorOnLine(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {id: "{id}" update: [{ref: "Rename" id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING}]}; }
  rpc Rename(Req) returns (Res) { option (`+w+`update) = {}; }
}
`, 10, "id_conflict_policy")
}

// non-finite floats in options reach the renderer.
func TestNonFiniteFloats(t *testing.T) {
	wantErrorOnLine(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {retry_policy: {backoff_coefficient: inf}}; }
}
`, 10, "backoff_coefficient")
	wantErrorOnLine(t, `service Orders {
  rpc Charge(Req) returns (Res) { option (`+w+`activity) = {priority: {fairness_weight: nan}}; }
}
`, 10, "fairness_weight")
	wantErrorOnLine(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {search_attributes: [{key: "Score" type: SEARCH_ATTRIBUTE_TYPE_DOUBLE value: "NaN"}]}; }
}
`, 10, "Score")
}

// memo, search attributes and the fairness key are all rendered on
// every start; two of them reading different members of one oneof can
// never all render, so every start fails. Only one template is checked.
func TestOneofMembersAcrossStartTemplates(t *testing.T) {
	got := errorsOf(t, map[string]string{file: `syntax = "proto3";
package acme.orders.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
message Req { oneof who { string user = 1; string team = 2; } }
message Res {}
service Orders {
  rpc Process(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {
    search_attributes: [{key: "User" type: SEARCH_ATTRIBUTE_TYPE_KEYWORD value: "{user}"}]
    memo: [{key: "team" value: "{team}"}]
  }; }
}
`})
	if len(got) == 0 {
		t.Errorf("want an error: search attribute {user} and memo {team} read two members of oneof who, so every start fails")
	}
}

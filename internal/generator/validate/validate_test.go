package validate_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/compiler/protogen"

	"github.com/workflowdef/workflowdef/internal/generator/internal/prototest"
	"github.com/workflowdef/workflowdef/internal/generator/read"
	"github.com/workflowdef/workflowdef/internal/generator/validate"
)

// header is the first 8 lines of every test file, so a service starts on
// line 9 and its first rpc on line 10.
const header = `syntax = "proto3";
package acme.orders.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/timestamp.proto";
message Req { string id = 1; Customer customer = 2; int64 count = 3; repeated string tags = 4; google.protobuf.Timestamp at = 5; bool rush = 6; }
message Customer { string id = 1; }
message Res { string status = 1; }
`

const file = "acme/orders/v1/orders.proto"

// errorsOf compiles sources, reads and validates them, and returns the
// error lines.
func errorsOf(t *testing.T, sources map[string]string) []string {
	t.Helper()
	return errorsWith(t, validate.Options{}, sources)
}

// errorsWith is errorsOf for the output mode opts describe.
func errorsWith(t *testing.T, opts validate.Options, sources map[string]string) []string {
	t.Helper()
	err := validate.Validate(read.Read(prototest.Plugin(t, sources)), opts)
	if err == nil {
		return nil
	}
	var errs validate.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Validate returned %T, want validate.Errors", err)
	}
	return strings.Split(err.Error(), "\n")
}

// check validates header+body as one file and compares the error lines.
func check(t *testing.T, body string, want ...string) {
	t.Helper()
	got := errorsOf(t, map[string]string{file: header + body})
	if testing.Verbose() {
		for _, l := range got {
			t.Log(l)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

const w = "temporal.workflowdef.v1."

func TestValid(t *testing.T) {
	check(t, `service Orders {
  option (`+w+`service) = {task_queue: "orders"};
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {id: "o-{customer.id}" signal: [{ref: "Stop" start: true}] query: [{ref: "Status"}] update: [{ref: "Rename" start: true}]}; }
  rpc Stop(Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
  rpc Status(google.protobuf.Empty) returns (Res) { option (`+w+`query) = {}; }
  rpc Rename(Req) returns (Res) { option (`+w+`update) = {id: "{id}" validate: true}; }
  rpc Charge(Req) returns (Res) { option (`+w+`activity) = {start_to_close_timeout: {seconds: 1} priority: {fairness_key: "t-{customer.id}-{$uuid}"}}; }
  rpc Plain(Req) returns (Res);
  rpc Streams(stream Req) returns (stream Res);
}
service NotOurs { rpc A(Req) returns (Res); }
`)
}

func TestMoreThanOneMethodOption(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (google.protobuf.Empty) {
    option (`+w+`workflow) = {};
    option (`+w+`signal) = {};
  }
}
`, file+":12:5: rpc Orders.Process: carries both the workflow option and the signal option; an rpc declares one Temporal item: keep one option and declare the other item on an rpc of its own")
}

func TestStreamingRPC(t *testing.T) {
	check(t, `service Orders {
  rpc A(stream Req) returns (Res) { option (`+w+`activity) = {}; }
  rpc B(Req) returns (stream Res) { option (`+w+`workflow) = {}; }
  rpc C(stream Req) returns (stream Res) { option (`+w+`update) = {}; }
}
`,
		file+":10:3: rpc Orders.A: is a client-streaming rpc; a Temporal activity takes one request: remove `stream` from the request",
		file+":11:3: rpc Orders.B: is a server-streaming rpc; a Temporal workflow returns one response: remove `stream` from the response",
		file+":12:3: rpc Orders.C: is a bidirectional streaming rpc; a Temporal update takes one request and returns one response: remove both `stream` keywords")
}

func TestSignalMustReturnEmpty(t *testing.T) {
	check(t, `service Orders {
  rpc Stop(Req) returns (Res) { option (`+w+`signal) = {}; }
}
`, file+":10:3: rpc Orders.Stop: is a signal but returns acme.orders.v1.Res; signals return nothing: declare `returns (google.protobuf.Empty)`")
}

func TestRefUnknown(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {signal: [{ref: "Stpo"}] update: [{ref: "."}]}; }
  rpc Stop(Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
}
`,
		file+":10:91: rpc Orders.Process: signal ref \"Stpo\" names no rpc; write the name of a signal rpc of service Orders (its signals: Stop), or a fully qualified name such as acme.orders.v1.Orders.Stop",
		file+":10:115: rpc Orders.Process: update ref \".\" names no rpc; write the name of an update rpc of service Orders, or a fully qualified name such as acme.orders.v1.Orders.Name")
}

func TestRefEmpty(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {query: [{}]}; }
}
`, file+":10:89: rpc Orders.Process: query ref is empty; name the query's rpc: its name in this service or its fully qualified name")
}

func TestRefNotAnnotated(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {signal: [{ref: "Stop"}]}; }
  rpc Stop(Req) returns (google.protobuf.Empty);
}
`, file+":10:91: rpc Orders.Process: signal ref \"Stop\" names rpc acme.orders.v1.Orders.Stop, which carries no Temporal option; mark it with option (temporal.workflowdef.v1.signal) = {}")
}

func TestRefWrongKind(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {update: [{ref: "Status"}]}; }
  rpc Status(Req) returns (Res) { option (`+w+`query) = {}; }
}
`, file+":10:91: rpc Orders.Process: update ref \"Status\" names acme.orders.v1.Orders.Status, which is a query, not an update; list it under query, or name an update")
}

func TestRefDuplicated(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {signal: [{ref: "Stop"}, {ref: "acme.orders.v1.Orders.Stop"}]}; }
  rpc Stop(Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
}
`, file+":10:106: rpc Orders.Process: signal ref \"acme.orders.v1.Orders.Stop\" repeats acme.orders.v1.Orders.Stop, already listed at "+file+":10:91; list each signal once")
}

func TestRefAmbiguous(t *testing.T) {
	// "b.S.M" in package a reads as b.S.M and as a.b.S.M; both exist.
	got := errorsOf(t, map[string]string{
		"a/a.proto": `syntax = "proto3";
package a;
import "temporal/workflowdef/v1/workflowdef.proto";
import "b/b.proto";
import "a/b/b.proto";
message R {}
service W {
  rpc Run(R) returns (R) { option (` + w + `workflow) = {query: [{ref: "b.S.M"}]}; }
}
`,
		"b/b.proto": `syntax = "proto3";
package b;
import "temporal/workflowdef/v1/workflowdef.proto";
message R {}
service S { rpc M(R) returns (R) { option (` + w + `query) = {}; } }
`,
		"a/b/b.proto": `syntax = "proto3";
package a.b;
import "temporal/workflowdef/v1/workflowdef.proto";
message R {}
service S { rpc M(R) returns (R) { option (` + w + `query) = {}; } }
`,
	})
	want := []string{`a/a.proto:8:82: rpc W.Run: query ref "b.S.M" is ambiguous: it names both b.S.M and a.b.S.M; write the fully qualified name with a leading dot, such as ".b.S.M"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

func TestStartWithoutID(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {signal: [{ref: "Stop" start: true}] update: [{ref: "Rename" start: true}]}; }
  rpc Stop(Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
  rpc Rename(Req) returns (Res) { option (`+w+`update) = {}; }
}
`,
		file+":10:103: rpc Orders.Process: signal \"Stop\" has start: true, but the workflow has no id template; signal-with-start finds the workflow by ID: set id, such as id: \"order-{order_id}\"",
		file+":10:141: rpc Orders.Process: update \"Rename\" has start: true, but the workflow has no id template; update-with-start finds the workflow by ID: set id, such as id: \"order-{order_id}\"")
}

// TestStartWithAUUIDInTheID: signal- and update-with-start find the
// workflow by the ID the template renders; one that draws a UUID names a
// new workflow on every call.
func TestStartWithAUUIDInTheID(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {id: "o-{customer.id}-{$uuid}" signal: [{ref: "Stop" start: true}] update: [{ref: "Rename"}]}; }
  rpc Stop(Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
  rpc Rename(Req) returns (Res) { option (`+w+`update) = {}; }
}
`,
		file+":10:133: rpc Orders.Process: signal \"Stop\" has start: true, but the workflow's id template \"o-{customer.id}-{$uuid}\" draws {$uuid}, so every call names a new workflow and signal-with-start never reaches a running one; build the id from request fields only")
}

// TestRefToAFileNotGenerated: generated code reaches a handler declared
// in another file through that file's generated package, which exists
// only if the same run generates it. buf runs a local plugin once per
// directory unless buf.gen.yaml says `strategy: all`, so the usual reason
// is a file among the inputs, just in another directory: the error must
// say to set strategy: all, not only to add the file to the inputs.
func TestRefToAFileNotGenerated(t *testing.T) {
	req, err := prototest.Request(map[string]string{
		"app/app.proto": `syntax = "proto3";
package app;
import "temporal/workflowdef/v1/workflowdef.proto";
import "events/events.proto";
message R {}
service App {
  rpc Run(R) returns (R) { option (` + w + `workflow) = {signal: [{ref: "events.Events.Poked"}]}; }
}
`,
		"events/events.proto": `syntax = "proto3";
package events;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
message Poke {}
service Events { rpc Poked(Poke) returns (google.protobuf.Empty) { option (` + w + `signal) = {}; } }
`,
	})
	if err != nil {
		t.Fatal(err)
	}
	// What buf's default strategy, directory, sends for app/.
	req.FileToGenerate = []string{"app/app.proto"}
	p, err := protogen.Options{}.New(req)
	if err != nil {
		t.Fatal(err)
	}
	err = validate.Validate(read.Read(p), validate.Options{})
	want := `app/app.proto:7:83: rpc App.Run: signal ref "events.Events.Poked" names events.Events.Poked, declared in events/events.proto, which this run does not generate: the generated code reaches the signal through that file's generated package; generate events/events.proto in the same run: with buf, set ` + "`strategy: all`" + ` on protoc-gen-go-temporal's entry in buf.gen.yaml (the default strategy runs the plugin once per directory) and keep that file among the inputs; with protoc, name both files in one command`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
	// Generated together, the ref is fine.
	req.FileToGenerate = []string{"app/app.proto", "events/events.proto"}
	if p, err = (protogen.Options{}).New(req); err != nil {
		t.Fatal(err)
	}
	if err := validate.Validate(read.Read(p), validate.Options{}); err != nil {
		t.Errorf("generated in one run: %v", err)
	}
}

// TestTerminateIfRunningWithAConflictPolicy: the server refuses a start
// with both, and update-with-start always sends a conflict policy.
func TestTerminateIfRunningWithAConflictPolicy(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {id: "{id}" id_reuse_policy: WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING}; }
  rpc Other(Req) returns (Res) { option (`+w+`workflow) = {id: "{id}" id_reuse_policy: WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING update: [{ref: "Rename" start: true}]}; }
  rpc Rename(Req) returns (Res) { option (`+w+`update) = {}; }
}
`,
		file+":10:92: rpc Orders.Process: id_reuse_policy TERMINATE_IF_RUNNING cannot be combined with id_conflict_policy, and the server refuses every start that sets both; it is the older way to say id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING: use that and remove id_reuse_policy",
		file+":11:177: rpc Orders.Other: update \"Rename\" has start: true, but the workflow's id_reuse_policy is TERMINATE_IF_RUNNING, which the server refuses beside the conflict policy every update-with-start sends; use id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING instead")
}

// TestRefsThatMakeGeneratedPackagesImportEachOther: two packages'
// workflows taking each other's signals would make their generated
// packages import each other; so would, with package_suffix empty, a ref
// against the direction of the proto imports.
func TestRefsThatMakeGeneratedPackagesImportEachOther(t *testing.T) {
	a := `syntax = "proto3";
package a;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
message R {}
service A {
  rpc Run(R) returns (R) { option (` + w + `workflow) = {signal: [{ref: "b.B.Poke"}]}; }
  rpc Nudge(R) returns (google.protobuf.Empty) { option (` + w + `signal) = {}; }
}
`
	b := `syntax = "proto3";
package b;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
message R {}
service B {
  rpc Run(R) returns (R) { option (` + w + `workflow) = {signal: [{ref: "a.A.Nudge"}]}; }
  rpc Poke(R) returns (google.protobuf.Empty) { option (` + w + `signal) = {}; }
}
`
	got := errorsOf(t, map[string]string{"a/a.proto": a, "b/b.proto": b})
	want := []string{
		`a/a.proto:7:83: rpc A.Run: ref "b.B.Poke" makes the generated code of example.com/gen/a import that of example.com/gen/b, which imports it back (example.com/gen/b → example.com/gen/a); Go refuses the cycle: declare the handler where both packages can reach it without importing each other`,
		`b/b.proto:7:83: rpc B.Run: ref "a.A.Nudge" makes the generated code of example.com/gen/b import that of example.com/gen/a, which imports it back (example.com/gen/a → example.com/gen/b); Go refuses the cycle: declare the handler where both packages can reach it without importing each other`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("two-way refs (-want +got):\n%s", diff)
	}

	// One way only: fine into sub-packages; into the messages' packages,
	// where a's messages import b's, b's ref to a closes a cycle.
	bImportsNothing := strings.Replace(b, `{signal: [{ref: "a.A.Nudge"}]}`, `{}`, 1)
	aImportsB := strings.Replace(strings.Replace(a, `{signal: [{ref: "b.B.Poke"}]}`, `{}`, 1), `import "google/protobuf/empty.proto";`, "import \"google/protobuf/empty.proto\";\nimport \"b/b.proto\";\nmessage Uses { b.R r = 1; }", 1)
	if got := errorsOf(t, map[string]string{"a/a.proto": a, "b/b.proto": bImportsNothing}); got != nil {
		t.Errorf("a one-way ref: %q", got)
	}
	got = errorsWith(t, validate.Options{SamePackage: true}, map[string]string{"a/a.proto": aImportsB, "b/b.proto": b})
	if len(got) != 1 || !strings.Contains(got[0], `ref "a.A.Nudge" makes the generated code of example.com/gen/b import that of example.com/gen/a`) {
		t.Errorf("a ref against the proto imports, into the messages' packages: %q", got)
	}
}

func TestUpdateWithStartConflictPolicyFail(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {id: "{id}" update: [{ref: "Rename" start: true id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_FAIL}]}; }
  rpc Rename(Req) returns (Res) { option (`+w+`update) = {}; }
}
`, file+":10:128: rpc Orders.Process: update \"Rename\" has start: true with id_conflict_policy FAIL; update-with-start must reach a running workflow: use WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING (the default when unset)")
}

func TestTemplateErrors(t *testing.T) {
	check(t, `service Orders {
  rpc A(Req) returns (Res) { option (`+w+`workflow) = {id: "o-{id"}; }
  rpc B(Req) returns (Res) { option (`+w+`workflow) = {id: "o-{$uid}"}; }
  rpc C(Req) returns (Res) { option (`+w+`workflow) = {id: "o-{tags.x}"}; }
  rpc D(Req) returns (Res) { option (`+w+`workflow) = {id: "{customer}"}; }
  rpc E(Req) returns (Res) { option (`+w+`update) = {id: "{nope}"}; }
  rpc F(Req) returns (Res) { option (`+w+`activity) = {priority: {fairness_key: "{id"}}; }
  rpc G(Req) returns (Res) { option (`+w+`workflow) = {id: "o}"}; }
}
`,
		file+":10:75: rpc Orders.A: workflow ID template \"o-{id\", column 3: '{' is not closed; close the path with '}', or write '{{' for a literal brace",
		file+":11:75: rpc Orders.B: workflow ID template \"o-{$uid}\", column 3: unknown function {$uid}; the only function is {$uuid}",
		file+":12:75: rpc Orders.C: workflow ID template \"o-{tags.x}\", column 4: field tags of acme.orders.v1.Req is repeated; a path goes through singular message fields only",
		file+":13:75: rpc Orders.D: workflow ID template \"{customer}\": path {customer} ends at message; a workflow ID is text: end the path at a string, integer, bool or enum field",
		file+":14:73: rpc Orders.E: update ID template \"{nope}\", column 2: message acme.orders.v1.Req has no field \"nope\" (its fields: id, customer, count, tags, at, rush)",
		file+":15:86: rpc Orders.F: fairness key template \"{id\", column 1: '{' is not closed; close the path with '}', or write '{{' for a literal brace",
		file+":16:75: rpc Orders.G: workflow ID template \"o}\", column 2: '}' closes nothing; write '}}' for a literal brace")
}

func TestSearchAttributes(t *testing.T) {
	check(t, `service Orders {
  rpc P(Req) returns (Res) {
    option (`+w+`workflow) = {
      search_attributes: [
        {key: "Count" type: SEARCH_ATTRIBUTE_TYPE_INT value: "{count}"},
        {key: "Tags" type: SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST value: "{tags}"},
        {key: "At" type: SEARCH_ATTRIBUTE_TYPE_DATETIME value: "{at}"},
        {key: "Rush" type: SEARCH_ATTRIBUTE_TYPE_BOOL value: "true"},
        {key: "Label" type: SEARCH_ATTRIBUTE_TYPE_KEYWORD value: "order-{id}"},
        {key: "Bad" type: SEARCH_ATTRIBUTE_TYPE_INT value: "{id}"},
        {key: "BadList" type: SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST value: "{id}"},
        {key: "BadTime" type: SEARCH_ATTRIBUTE_TYPE_DATETIME value: "{count}"},
        {key: "BadLit" type: SEARCH_ATTRIBUTE_TYPE_INT value: "many"},
        {key: "BadText" type: SEARCH_ATTRIBUTE_TYPE_BOOL value: "x-{rush}"},
        {key: "NoType" value: "x"},
        {key: "Count" type: SEARCH_ATTRIBUTE_TYPE_INT value: "1"},
        {key: "Msg" type: SEARCH_ATTRIBUTE_TYPE_KEYWORD value: "{customer}"}
      ]
    };
  }
}
`,
		file+":18:53: rpc Orders.P: search attribute \"Bad\" of type Int takes an integer field, but {id} is a string field",
		file+":19:66: rpc Orders.P: search attribute \"BadList\" of type KeywordList takes a repeated string field, but {id} is a string field",
		file+":20:62: rpc Orders.P: search attribute \"BadTime\" of type Datetime takes a google.protobuf.Timestamp field, but {count} is an int64 field",
		file+":21:56: rpc Orders.P: search attribute \"BadLit\" of type Int: \"many\" is not an integer; write one such as 42, or a lone {path} to an integer field",
		file+":22:58: rpc Orders.P: search attribute \"BadText\" of type Bool: \"x-{rush}\" renders to text, which only Text and Keyword take; write a lone {path} to a field of the type, or a literal",
		file+":23:9: rpc Orders.P: search attribute \"NoType\" has no type; set type to the one registered on the namespace, such as SEARCH_ATTRIBUTE_TYPE_KEYWORD",
		file+":24:10: rpc Orders.P: search attribute \"Count\" is set twice (first at "+file+":13:10); keep one",
		file+":25:57: rpc Orders.P: search attribute \"Msg\" of type Keyword takes a string, integer, bool or enum field, but {customer} is a message acme.orders.v1.Customer field")
}

func TestMemo(t *testing.T) {
	check(t, `service Orders {
  rpc P(Req) returns (Res) {
    option (`+w+`workflow) = {
      memo: [{key: "customer" value: "{customer}"}, {key: "tags" value: "{tags}"}, {key: "customer" value: "x"}, {value: "{id"}]
    };
  }
}
`,
		file+":12:85: rpc Orders.P: memo entry \"customer\" is set twice (first at "+file+":12:15); keep one",
		file+":12:114: rpc Orders.P: memo entry has no key; set key",
		file+":12:115: rpc Orders.P: memo template \"{id\", column 1: '{' is not closed; close the path with '}', or write '{{' for a literal brace")
}

func TestPriority(t *testing.T) {
	check(t, `service Orders {
  rpc P(Req) returns (Res) { option (`+w+`workflow) = {priority: {priority_key: -1 fairness_weight: -0.5 fairness_key: "`+strings.Repeat("k", 65)+`"}}; }
}
`,
		file+":10:86: rpc Orders.P: priority.priority_key is -1; it is 1 (highest) to the server's maximum (default 5), or 0 for the default",
		file+":10:103: rpc Orders.P: priority.fairness_weight is -0.5; it is positive, or 0 for the default 1.0",
		file+":10:125: rpc Orders.P: priority.fairness_key is 65 bytes; the server takes at most 64")
}

func TestDurationsAndRetryPolicy(t *testing.T) {
	check(t, `service Orders {
  rpc P(Req) returns (Res) {
    option (`+w+`workflow) = {
      run_timeout: {seconds: -1}
      retry_policy: {initial_interval: {seconds: 10} maximum_interval: {seconds: 5} backoff_coefficient: 0.5 maximum_attempts: -2}
    };
  }
  rpc A(Req) returns (Res) {
    option (`+w+`activity) = {heartbeat_timeout: {seconds: -3} local: {local_retry_threshold: {nanos: -1}}};
  }
}
`,
		file+":12:7: rpc Orders.P: run_timeout is negative (-1s); a duration is zero or more: leave it unset for the default",
		file+":13:54: rpc Orders.P: retry_policy.maximum_interval (5s) is below initial_interval (10s); raise maximum_interval or lower initial_interval",
		file+":13:85: rpc Orders.P: retry_policy.backoff_coefficient is 0.5; it must be at least 1 (1 retries at a fixed interval), or 0 for the default 2",
		file+":13:110: rpc Orders.P: retry_policy.maximum_attempts is -2; it is 0 for unlimited or a positive count",
		file+":17:50: rpc Orders.A: heartbeat_timeout is negative (-3s); a duration is zero or more: leave it unset for the default",
		file+":17:91: rpc Orders.A: local.local_retry_threshold is negative (-1ns); a duration is zero or more: leave it unset for the default")
}

func TestWorkflowTimeoutsTheServerShortens(t *testing.T) {
	check(t, `service Orders {
  rpc A(Req) returns (Res) { option (`+w+`workflow) = {execution_timeout: {seconds: 60} run_timeout: {seconds: 90}}; }
  rpc B(Req) returns (Res) { option (`+w+`workflow) = {task_timeout: {seconds: 121}}; }
  rpc C(Req) returns (Res) { option (`+w+`workflow) = {execution_timeout: {} run_timeout: {seconds: 90} task_timeout: {seconds: 120}}; }
  rpc D(Req) returns (Res) { option (`+w+`workflow) = {execution_timeout: {seconds: 90} run_timeout: {seconds: 90}}; }
}
`,
		file+":10:108: rpc Orders.A: run_timeout (1m30s) is longer than execution_timeout (1m0s), which bounds every run: the server cuts it to 1m0s; lower run_timeout or raise execution_timeout",
		file+":11:75: rpc Orders.B: task_timeout is 2m1s; the server caps a workflow task at 2m0s: set at most {seconds: 120}, or leave it unset for the server's default 10s")
}

func TestDuplicateTemporalNames(t *testing.T) {
	check(t, `service Orders {
  rpc A(Req) returns (Res) { option (`+w+`workflow) = {name: "Same"}; }
  rpc B(Req) returns (Res) { option (`+w+`workflow) = {aliases: ["Same"]}; }
  rpc C(Req) returns (Res) { option (`+w+`activity) = {name: "Same"}; }
  rpc D(Req) returns (Res) { option (`+w+`activity) = {aliases: ["acme.orders.v1.Orders.D"]}; }
}
service Billing {
  rpc E(Req) returns (Res) { option (`+w+`activity) = {name: "Same"}; }
}
`,
		file+":11:85: rpc Orders.B: workflow alias \"Same\" is also the name of workflow acme.orders.v1.Orders.A ("+file+":10:75); workflow names are unique in a Go package: set name on one of them",
		file+":13:85: rpc Orders.D: activity alias \"acme.orders.v1.Orders.D\" repeats the activity's name or another alias; remove it",
		file+":16:75: rpc Billing.E: activity name \"Same\" is also the name of activity acme.orders.v1.Orders.C ("+file+":12:75); activity names are unique in a Go package: set name on one of them")
}

func TestDuplicateTemporalNamesAcrossFiles(t *testing.T) {
	second := `syntax = "proto3";
package acme.orders.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "acme/orders/v1/orders.proto";
service Shipping {
  rpc Ship(Req) returns (Res) { option (` + w + `workflow) = {name: "acme.orders.v1.Orders.A"}; }
}
`
	got := errorsOf(t, map[string]string{file: header + "service Orders {\n  rpc A(Req) returns (Res) { option (" + w + "workflow) = {}; }\n}\n", "acme/orders/v1/shipping.proto": second})
	want := []string{`acme/orders/v1/shipping.proto:6:78: rpc Shipping.Ship: workflow name "acme.orders.v1.Orders.A" is also the name of workflow acme.orders.v1.Orders.A (` + file + `:10:3); workflow names are unique in a Go package: set name on one of them`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

func TestGeneratedIdentifiersCollide(t *testing.T) {
	check(t, `service Orders {
  rpc Process(Req) returns (Res) { option (`+w+`workflow) = {signal: [{ref: "Cancel"}]}; }
  rpc Cancel(Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
  rpc ProcessChild(Req) returns (Res) { option (`+w+`activity) = {}; }
}
service OrdersClient {
  rpc Other(Req) returns (Res) { option (`+w+`activity) = {}; }
}
`,
		file+":10:91: rpc Orders.Process: generated method ProcessRun.Cancel for workflow acme.orders.v1.Orders.Process signal acme.orders.v1.Orders.Cancel collides with the one for client.RunOf ("+file+":10:3); rename rpc acme.orders.v1.Orders.Cancel (with name: set to its current Temporal name in its option, so that running workflows and callers are not affected)",
		file+":12:3: rpc Orders.ProcessChild: generated package-level identifier ProcessChild for activity acme.orders.v1.Orders.ProcessChild collides with the one for workflow acme.orders.v1.Orders.Process ("+file+":10:3); rename rpc acme.orders.v1.Orders.ProcessChild or rpc acme.orders.v1.Orders.Process (with name: set to its current Temporal name in its option, so that running workflows and callers are not affected)")
}

// TestErrorsUseTheRightArticle: "an update ID", "an enum ... field", as a
// person writes them.
func TestErrorsUseTheRightArticle(t *testing.T) {
	check(t, `enum Kind { KIND_UNSPECIFIED = 0; }
message Typed { Kind kind = 1; }
service Orders {
  rpc A(Req) returns (Res) { option (`+w+`update) = {id: "{customer}"}; }
  rpc B(Typed) returns (Res) { option (`+w+`workflow) = {search_attributes: [{key: "K" type: SEARCH_ATTRIBUTE_TYPE_BOOL value: "{kind}"}]}; }
}
`,
		file+":12:73: rpc Orders.A: update ID template \"{customer}\": path {customer} ends at message; an update ID is text: end the path at a string, integer, bool or enum field",
		file+":13:140: rpc Orders.B: search attribute \"K\" of type Bool takes a bool field, but {kind} is an enum acme.orders.v1.Kind field")
}

// TestGeneratedIdentifiersCollideWithRuntimeFields: a workflow's typed
// child run embeds workflow.ChildRunOf, whose methods a signal method must
// not shadow, and its input struct has a field per signal beside Req; both
// handles embed their runtime type under its name. A signal named Signal
// is fine: the child run has no untyped Signal method to shadow.
func TestGeneratedIdentifiersCollideWithRuntimeFields(t *testing.T) {
	check(t, `service Orders {
  rpc Process(.acme.orders.v1.Req) returns (Res) { option (`+w+`workflow) = {signal: [{ref: "Signal"}, {ref: "Req"}, {ref: "WaitStart"}, {ref: "RunOf"}]}; }
  rpc Signal(.acme.orders.v1.Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
  rpc Req(.acme.orders.v1.Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
  rpc WaitStart(.acme.orders.v1.Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
  rpc RunOf(.acme.orders.v1.Req) returns (google.protobuf.Empty) { option (`+w+`signal) = {}; }
}
`,
		file+":10:124: rpc Orders.Process: generated field ProcessWorkflowInput.Req for workflow acme.orders.v1.Orders.Process signal acme.orders.v1.Orders.Req collides with the one for workflow acme.orders.v1.Orders.Process ("+file+":10:3); rename rpc acme.orders.v1.Orders.Req (with name: set to its current Temporal name in its option, so that running workflows and callers are not affected)",
		file+":10:138: rpc Orders.Process: generated method ProcessChildRun.WaitStart for workflow acme.orders.v1.Orders.Process signal acme.orders.v1.Orders.WaitStart collides with the one for workflow.ChildRunOf ("+file+":10:3); rename rpc acme.orders.v1.Orders.WaitStart (with name: set to its current Temporal name in its option, so that running workflows and callers are not affected)",
		file+":10:158: rpc Orders.Process: generated method ProcessRun.RunOf for workflow acme.orders.v1.Orders.Process signal acme.orders.v1.Orders.RunOf collides with the one for client.RunOf ("+file+":10:3); rename rpc acme.orders.v1.Orders.RunOf (with name: set to its current Temporal name in its option, so that running workflows and callers are not affected)")
}

// TestSamePackageCollisions: with package_suffix empty, generated code
// shares the messages' package with protoc-gen-go's, so a message, enum or
// enum value whose Go name a generated identifier takes is an error there,
// and only there.
func TestSamePackageCollisions(t *testing.T) {
	src := map[string]string{file: header + `message OrdersClient {}
message ProcessRun {}
enum ProcessWorkflowInput { PROCESS_WORKFLOW_INPUT_UNSPECIFIED = 0; }
enum Tag { TAG_UNSPECIFIED = 0; ActivityName = 1; }
service Orders {
  rpc Process(Req) returns (Res) { option (` + w + `workflow) = {}; }
  rpc Tag_(Req) returns (Res) { option (` + w + `activity) = {}; }
}
`}
	want := []string{
		file + ":13:1: service Orders: generated package-level identifier OrdersClient for service acme.orders.v1.Orders collides with message acme.orders.v1.OrdersClient (" + file + ":9:1), which protoc-gen-go declares in the same Go package since package_suffix is empty; rename one of them, or generate into a sub-package by leaving package_suffix at its default",
		file + ":14:3: rpc Orders.Process: generated package-level identifier ProcessRun for workflow acme.orders.v1.Orders.Process collides with message acme.orders.v1.ProcessRun (" + file + ":10:1), which protoc-gen-go declares in the same Go package since package_suffix is empty; rename one of them, or generate into a sub-package by leaving package_suffix at its default",
		file + ":14:3: rpc Orders.Process: generated package-level identifier ProcessWorkflowInput for workflow acme.orders.v1.Orders.Process collides with enum acme.orders.v1.ProcessWorkflowInput (" + file + ":11:1), which protoc-gen-go declares in the same Go package since package_suffix is empty; rename one of them, or generate into a sub-package by leaving package_suffix at its default",
		file + ":15:3: rpc Orders.Tag_: generated package-level identifier Tag_ActivityName for activity acme.orders.v1.Orders.Tag_ collides with enum value acme.orders.v1.ActivityName (" + file + ":12:33), which protoc-gen-go declares in the same Go package since package_suffix is empty; rename one of them, or generate into a sub-package by leaving package_suffix at its default",
	}
	if diff := cmp.Diff(want, errorsWith(t, validate.Options{SamePackage: true}, src)); diff != "" {
		t.Errorf("package_suffix empty: errors mismatch (-want +got):\n%s", diff)
	}
	if got := errorsOf(t, src); got != nil {
		t.Errorf("into a sub-package nothing collides, got %q", got)
	}
}

// TestIdentifiersCollideAcrossFiles: two files of one Go package generate
// into one package, so their identifiers must not collide either.
func TestIdentifiersCollideAcrossFiles(t *testing.T) {
	second := `syntax = "proto3";
package acme.orders.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "acme/orders/v1/orders.proto";
service Shipping {
  rpc Process(Req) returns (Res) { option (` + w + `workflow) = {name: "ship"}; }
}
`
	got := errorsOf(t, map[string]string{file: header + "service Orders {\n  rpc Process(Req) returns (Res) { option (" + w + "workflow) = {}; }\n}\n", "acme/orders/v1/shipping.proto": second})
	want := []string{`acme/orders/v1/shipping.proto:6:3: rpc Shipping.Process: generated package-level identifier ProcessWorkflowName for workflow acme.orders.v1.Shipping.Process collides with the one for workflow acme.orders.v1.Orders.Process (` + file + `:10:3); rename rpc acme.orders.v1.Shipping.Process or rpc acme.orders.v1.Orders.Process (with name: set to its current Temporal name in its option, so that running workflows and callers are not affected)`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

func TestTemplatesThatCanNeverRender(t *testing.T) {
	check(t, `message Pick {
  oneof choice { string a = 1; string b = 2; Customer c = 3; }
  optional string x = 4;
  optional string y = 5;
  uint64 big = 6;
  fixed64 bigger = 7;
  int64 fine = 8;
}
service Picks {
  rpc P(Pick) returns (Res) {
    option (`+w+`workflow) = {
      id: "{x}-{y}-{a}"
      search_attributes: [
        {key: "Big" type: SEARCH_ATTRIBUTE_TYPE_INT value: "{big}"},
        {key: "Bigger" type: SEARCH_ATTRIBUTE_TYPE_INT value: "{bigger}"},
        {key: "Fine" type: SEARCH_ATTRIBUTE_TYPE_INT value: "{fine}"},
        {key: "Both" type: SEARCH_ATTRIBUTE_TYPE_KEYWORD value: "{a}/{b}"}
      ]
      memo: [{key: "deep" value: "{c.id} or {b}"}]
    };
  }
  rpc Q(Pick) returns (Res) { option (`+w+`update) = {id: "{a}-{c.id}"}; }
}
`,
		file+":22:53: rpc Picks.P: search attribute \"Big\" of type Int takes an int64, but {big} is a uint64 field, whose values above 2^63-1 would wrap: use an int64 field, or a Keyword attribute",
		file+":23:56: rpc Picks.P: search attribute \"Bigger\" of type Int takes an int64, but {bigger} is a fixed64 field, whose values above 2^63-1 would wrap: use an int64 field, or a Keyword attribute",
		file+":25:58: rpc Picks.P: search attribute \"Both\" template \"{a}/{b}\": {a} and {b} go through members of oneof acme.orders.v1.Pick.choice, and only one member can be set, so the template would always fail: keep one of them",
		file+":27:27: rpc Picks.P: memo \"deep\" template \"{c.id} or {b}\": {c.id} and {b} go through members of oneof acme.orders.v1.Pick.choice, and only one member can be set, so the template would always fail: keep one of them",
		file+":30:74: rpc Picks.Q: update ID template \"{a}-{c.id}\": {a} and {c.id} go through members of oneof acme.orders.v1.Pick.choice, and only one member can be set, so the template would always fail: keep one of them")
}

// TestOneWorkflowsHandlersFromTwoPackagesShareATemporalName: Temporal
// names are checked unique per Go package, but a workflow may take
// handlers of several packages by fully qualified refs. Two signals (or
// queries, or updates) it handles under one Temporal name cannot both
// work: the run gets two typed channels for one signal name, so a signal
// meant for one is decoded as the other's type and dropped, and the
// second query or update handler replaces the first, whose typed client
// method then fails to decode the answer. Each ref that repeats a name the
// workflow already handles must be reported on its line.
func TestOneWorkflowsHandlersFromTwoPackagesShareATemporalName(t *testing.T) {
	a := `syntax = "proto3";
package acme.a.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
message PingA { string a = 1; }
service A {
  rpc Ping(PingA) returns (google.protobuf.Empty) { option (` + w + `signal) = {name: "ping"}; }
  rpc Look(google.protobuf.Empty) returns (PingA) { option (` + w + `query) = {name: "look"}; }
  rpc Set(PingA) returns (PingA) { option (` + w + `update) = {name: "set"}; }
}
`
	b := `syntax = "proto3";
package acme.b.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
import "acme/a/v1/a.proto";
message PingB { int64 b = 1; }
service B {
  rpc W(PingB) returns (PingB) {
    option (` + w + `workflow) = {
      signal: [{ref: "acme.a.v1.A.Ping"}, {ref: "Pong"}]
      query: [{ref: "acme.a.v1.A.Look"}, {ref: "Peek"}]
      update: [{ref: "acme.a.v1.A.Set"}, {ref: "Put"}]
    };
  }
  rpc Pong(PingB) returns (google.protobuf.Empty) { option (` + w + `signal) = {name: "ping"}; }
  rpc Peek(google.protobuf.Empty) returns (PingB) { option (` + w + `query) = {name: "look"}; }
  rpc Put(PingB) returns (PingB) { option (` + w + `update) = {name: "set"}; }
}
`
	got := errorsOf(t, map[string]string{"acme/a/v1/a.proto": a, "acme/b/v1/b.proto": b})
	for _, want := range []struct{ place, name string }{
		{"acme/b/v1/b.proto:10:", `"ping"`}, // the line of the Pong ref
		{"acme/b/v1/b.proto:11:", `"look"`}, // the line of the Peek ref
		{"acme/b/v1/b.proto:12:", `"set"`},  // the line of the Put ref
	} {
		if !slices.ContainsFunc(got, func(line string) bool {
			return strings.HasPrefix(line, want.place) && strings.Contains(line, " rpc B.W: ") && strings.Contains(line, want.name)
		}) {
			t.Errorf("no error at %s for the second handler named %s; got:\n%s", want.place, want.name, strings.Join(got, "\n"))
		}
	}
}

// TestMaximumIntervalBelowTheDefaultInitialInterval: initial_interval
// unset (or zero) means 1s, as the schema says, and the server applies
// that default before it checks that maximum_interval is not below it. An
// activity annotated with maximum_interval 500ms and no initial_interval
// passes the plugin, then every workflow task that schedules it fails
// ("MaximumInterval cannot be less than InitialInterval"), and the
// workflow retries that task for ever; a workflow annotated so cannot
// start. The plugin compares the two only when both are set, and must
// compare against the 1s default too.
func TestMaximumIntervalBelowTheDefaultInitialInterval(t *testing.T) {
	got := errorsOf(t, map[string]string{file: header + `service Orders {
  rpc A(Req) returns (Res) { option (` + w + `activity) = {start_to_close_timeout: {seconds: 5} retry_policy: {maximum_interval: {nanos: 500000000}}}; }
  rpc B(Req) returns (Res) { option (` + w + `activity) = {start_to_close_timeout: {seconds: 5} retry_policy: {initial_interval: {} maximum_interval: {nanos: 500000000}}}; }
  rpc P(Req) returns (Res) { option (` + w + `workflow) = {retry_policy: {maximum_interval: {nanos: 500000000}}}; }
}
`})
	for _, line := range []string{file + ":10:", file + ":11:", file + ":12:"} {
		if !slices.ContainsFunc(got, func(l string) bool {
			return strings.HasPrefix(l, line) && strings.Contains(l, "retry_policy.maximum_interval")
		}) {
			t.Errorf("no retry_policy.maximum_interval error on %s; got:\n%s", line, strings.Join(got, "\n"))
		}
	}
}

// TestCollidingRPCIdentifiersAreNotFixedByRenamingAService: an rpc's
// package-level identifiers (StatusSignalName, RunWorkflowName, ...) are
// built from the rpc's name alone, so when two services of one Go package
// each have an rpc Status, renaming a service changes nothing. The error
// must not offer that as a fix; only renaming an rpc helps.
func TestCollidingRPCIdentifiersAreNotFixedByRenamingAService(t *testing.T) {
	got := errorsOf(t, map[string]string{file: header + `service A {
  rpc Status(Req) returns (google.protobuf.Empty) { option (` + w + `signal) = {}; }
}
service B {
  rpc Status(Req) returns (google.protobuf.Empty) { option (` + w + `signal) = {}; }
}
`})
	if len(got) == 0 {
		t.Fatal("no error for the two StatusSignalName")
	}
	for _, line := range got {
		if strings.Contains(line, "rpcs or services") {
			t.Errorf("the error suggests renaming a service, which does not rename StatusSignalName:\n%s", line)
		}
	}
}

// TestMessagesPackageMain: Go cannot import a main package, which the
// sub-package generated code goes into would have to; in the messages'
// own package (package_suffix empty) the code is part of the program.
func TestMessagesPackageMain(t *testing.T) {
	src := strings.Replace(header, "message Req", `option go_package = "example.com/acme/cmd/orders;main";
message Req`, 1) + `service Orders {
  rpc Process(Req) returns (Res) { option (` + w + `workflow) = {}; }
}
`
	got := errorsOf(t, map[string]string{file: src})
	want := []string{file + ":10:1: service Orders: the messages' Go package is main, which no other package can import, and the generated code goes into a sub-package that imports them: give the file a go_package of a package that is not main, or generate into the messages' package with the plugin option package_suffix= (empty)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
	if got := errorsWith(t, validate.Options{SamePackage: true}, map[string]string{file: src}); got != nil {
		t.Errorf("generating into package main itself: %v, want no error", got)
	}
}

// TestDurationsGoCannotHold: a google.protobuf.Duration past Go's
// time.Duration, with nanos of a second or more, or with seconds and
// nanos of opposite signs would otherwise be read as some other duration.
func TestDurationsGoCannotHold(t *testing.T) {
	check(t, `service Orders {
  rpc P(Req) returns (Res) {
    option (`+w+`workflow) = {execution_timeout: {seconds: 900000000000} task_timeout: {seconds: 900000000000}};
  }
  rpc A(Req) returns (Res) {
    option (`+w+`activity) = {start_to_close_timeout: {nanos: 2000000000} retry_policy: {initial_interval: {seconds: 1 nanos: -5}}};
  }
}
`,
		file+":11:50: rpc Orders.P: execution_timeout is 900000000000 seconds, longer than a Go time.Duration holds (about 292 years)",
		file+":11:93: rpc Orders.P: task_timeout is 900000000000 seconds, longer than a Go time.Duration holds (about 292 years)",
		file+":14:50: rpc Orders.A: start_to_close_timeout has nanos: 2000000000, which is not under a second: move the whole seconds into seconds",
		file+":14:109: rpc Orders.A: retry_policy.initial_interval has seconds: 1 and nanos: -5 of opposite signs; a google.protobuf.Duration gives both the same sign")
}

// TestOptionFieldsThePluginDoesNotKnow: protos compiled against a newer
// workflowdef.proto than the plugin's set fields the plugin cannot read;
// generating without them would drop what the annotation says.
func TestOptionFieldsThePluginDoesNotKnow(t *testing.T) {
	schema, err := os.ReadFile(filepath.Join("..", "..", "..", "proto", "temporal", "workflowdef", "v1", "workflowdef.proto"))
	if err != nil {
		t.Fatal(err)
	}
	newer := strings.NewReplacer(
		"message WorkflowOptions {\n", "message WorkflowOptions {\n  string from_the_future = 99;\n",
		"message RetryPolicy {\n", "message RetryPolicy {\n  repeated int32 knobs = 98;\n",
	).Replace(string(schema))
	got := errorsOf(t, map[string]string{
		"temporal/workflowdef/v1/workflowdef.proto": newer,
		file: header + `service Orders {
  rpc Process(Req) returns (Res) {
    option (` + w + `workflow) = {from_the_future: "x" retry_policy: {knobs: [1, 2]}};
  }
}
`})
	want := []string{
		file + ":11:50: rpc Orders.Process: the workflow option sets field 99, which this protoc-gen-go-temporal does not know: the workflowdef.proto your protos import is newer than the plugin; upgrade the plugin and runtime together (go get -tool github.com/workflowdef/workflowdef/cmd/protoc-gen-go-temporal@<version>), or import the workflowdef.proto of the version you have",
		file + ":11:71: rpc Orders.Process: the workflow option sets field 98 in retry_policy, which this protoc-gen-go-temporal does not know: the workflowdef.proto your protos import is newer than the plugin; upgrade the plugin and runtime together (go get -tool github.com/workflowdef/workflowdef/cmd/protoc-gen-go-temporal@<version>), or import the workflowdef.proto of the version you have",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

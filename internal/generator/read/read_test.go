package read_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/workflowdef/workflowdef/internal/generator/internal/prototest"
	"github.com/workflowdef/workflowdef/internal/generator/model"
	"github.com/workflowdef/workflowdef/internal/generator/read"
	"github.com/workflowdef/workflowdef/internal/generator/validate"
)

const everyOption = `syntax = "proto3";
package acme.orders.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/timestamp.proto";
message Customer { string id = 1; }
message Req { string id = 1; Customer customer = 2; optional string note = 3; repeated string tags = 4; google.protobuf.Timestamp at = 5; int64 count = 6; }
message Res { string status = 1; }
// Orders runs orders.
service Orders {
  option (temporal.workflowdef.v1.service) = {task_queue: "orders" versioning_behavior: VERSIONING_BEHAVIOR_PINNED};
  // Process processes an order.
  rpc Process(Req) returns (Res) {
    option deprecated = true;
    option (temporal.workflowdef.v1.workflow) = {
      name: "ProcessOrder"
      aliases: ["OldProcess"]
      id: "order-{customer.id}-{note}"
      id_reuse_policy: WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE
      id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
      execution_timeout: {seconds: 86400}
      run_timeout: {seconds: 3600}
      task_timeout: {}
      retry_policy: {initial_interval: {seconds: 1} backoff_coefficient: 1.5 maximum_interval: {seconds: 60} maximum_attempts: 5 non_retryable_error_types: ["Bad"]}
      signal: [{ref: "CancelOrder" start: true}]
      query: [{ref: "acme.orders.v1.Orders.Status"}]
      update: [{ref: "Rename" start: true validate: false id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING}]
      parent_close_policy: PARENT_CLOSE_POLICY_ABANDON
      wait_for_cancellation: true
      enable_eager_start: true
      priority: {priority_key: 2 fairness_key: "{id}" fairness_weight: 2.5}
      search_attributes: [
        {key: "Count" type: SEARCH_ATTRIBUTE_TYPE_INT value: "{count}"},
        {key: "Tags" type: SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST value: "{tags}"},
        {key: "At" type: SEARCH_ATTRIBUTE_TYPE_DATETIME value: "{at}"},
        {key: "Prio" type: SEARCH_ATTRIBUTE_TYPE_INT value: "7"}
      ]
      memo: [{key: "customer" value: "{customer}"}]
    };
  }
  rpc Charge(Req) returns (Res) {
    option (temporal.workflowdef.v1.activity) = {
      task_queue: "payments"
      schedule_to_close_timeout: {seconds: 60}
      schedule_to_start_timeout: {seconds: 10}
      start_to_close_timeout: {seconds: 0}
      heartbeat_timeout: {seconds: 5}
      wait_for_cancellation: true
      local: {start_to_close_timeout: {seconds: 2} local_retry_threshold: {seconds: 1} retry_policy: {maximum_attempts: 3}}
    };
  }
  rpc CancelOrder(Req) returns (google.protobuf.Empty) { option (temporal.workflowdef.v1.signal) = {name: "cancel"}; }
  rpc Status(google.protobuf.Empty) returns (Res) { option (temporal.workflowdef.v1.query) = {}; }
  rpc Rename(Req) returns (Res) {
    option (temporal.workflowdef.v1.update) = {id: "rename-{id}-{$uuid}" validate: true wait_for_stage: UPDATE_WAIT_STAGE_ACCEPTED};
  }
  rpc Ignored(Req) returns (Res);
}
service Plain { rpc A(Req) returns (Res); }
`

func optBool(b *bool) string {
	if b == nil {
		return "unset"
	}
	return fmt.Sprint(*b)
}

func dur(d *model.Duration) string {
	if d == nil {
		return "unset"
	}
	return d.Value.String()
}

func TestReadEveryOption(t *testing.T) {
	p := prototest.Plugin(t, map[string]string{"acme/orders/v1/orders.proto": everyOption})
	req := read.Read(p)
	if err := validate.Validate(req, validate.Options{}); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if len(req.Files) != 1 || len(req.Files[0].Services) != 1 {
		t.Fatalf("read %d files; want one with one annotated service (Plain has no option of ours)", len(req.Files))
	}
	s := req.Files[0].Services[0]
	var kinds []string
	for _, r := range s.RPCs {
		kinds = append(kinds, r.Kind.String()+" "+r.ProtoName)
	}
	if diff := cmp.Diff([]string{"workflow Process", "activity Charge", "signal CancelOrder", "query Status", "update Rename"}, kinds); diff != "" {
		t.Errorf("rpcs (-want +got):\n%s", diff)
	}

	w := s.Workflows[0]
	rp := w.RetryPolicy
	got := map[string]any{
		"service":            fmt.Sprint(s.FullName, " ", s.GoName, " ", s.TaskQueue, " ", s.Loc),
		"service comment":    string(s.Comments.Leading),
		"name":               w.Name,
		"aliases":            w.Aliases,
		"rpc":                fmt.Sprint(w.RPC.FullName, " ", w.RPC.GoName, " ", w.RPC.Request.GoIdent.GoName, " ", string(w.RPC.Response.GoIdent.GoImportPath)+"."+w.RPC.Response.GoIdent.GoName, " ", w.RPC.Deprecated, " ", w.RPC.Loc),
		"rpc comment":        string(w.RPC.Comments.Leading),
		"task queue":         fmt.Sprint(w.TaskQueue, " ", w.TaskQueueLoc),
		"id":                 fmt.Sprint(w.ID.Kind, " ", w.ID.Source, " ", len(w.ID.Parsed.Paths()), " ", w.ID.Loc),
		"policies":           fmt.Sprint(w.IDReusePolicy, " ", w.IDConflictPolicy, " ", w.ParentClosePolicy, " ", w.VersioningBehavior),
		"timeouts":           []string{dur(w.ExecutionTimeout), dur(w.RunTimeout), dur(w.TaskTimeout)},
		"retry":              fmt.Sprint(dur(rp.InitialInterval), " ", rp.BackoffCoefficient, " ", dur(rp.MaximumInterval), " ", rp.MaximumAttempts, " ", rp.NonRetryableErrorTypes),
		"signal":             fmt.Sprint(w.Signals[0].Signal.Name, " ", w.Signals[0].Start),
		"query":              w.Queries[0].Query.Name,
		"update":             fmt.Sprint(w.Updates[0].Update.Name, " ", w.Updates[0].Start, " validate=", w.Updates[0].Validate, " ", w.Updates[0].IDConflictPolicy),
		"child and eager":    fmt.Sprint(optBool(w.WaitForCancellation), " ", w.EnableEagerStart),
		"priority":           fmt.Sprint(w.Priority.PriorityKey, " ", w.Priority.FairnessKey.Source, " ", w.Priority.FairnessWeight),
		"search attributes":  fmt.Sprint(len(w.SearchAttributes), " ", w.SearchAttributes[1].Type, " ", w.SearchAttributes[1].Value.Source),
		"memo":               fmt.Sprint(w.Memo[0].Key, " ", w.Memo[0].Value.Source),
		"update option":      fmt.Sprint(s.Updates[0].ID.Parsed.UsesUUID(), " ", s.Updates[0].Validate, " ", s.Updates[0].WaitForStage),
		"query default name": s.Queries[0].Name,
	}
	lit, ok, err := w.SearchAttributes[3].Literal()
	got["literal"] = fmt.Sprint(lit, ok, err)
	a := s.Activities[0]
	got["activity"] = fmt.Sprint(a.Name, " ", a.TaskQueue, " ", dur(a.ScheduleToCloseTimeout), " ", dur(a.ScheduleToStartTimeout), " ", dur(a.StartToCloseTimeout), " ", dur(a.HeartbeatTimeout), " ", a.RetryPolicy == nil, " ", a.WaitForCancellation)
	got["local"] = fmt.Sprint(dur(a.Local.ScheduleToCloseTimeout), " ", dur(a.Local.StartToCloseTimeout), " ", dur(a.Local.LocalRetryThreshold), " ", a.Local.RetryPolicy.MaximumAttempts)

	const f = "acme/orders/v1/orders.proto"
	want := map[string]any{
		"service":            "acme.orders.v1.Orders Orders orders " + f + ":10:1",
		"service comment":    " Orders runs orders.\n",
		"name":               "ProcessOrder",
		"aliases":            []string{"OldProcess"},
		"rpc":                `acme.orders.v1.Orders.Process Process Req example.com/gen/acme/orders/v1.Res true ` + f + ":13:3",
		"rpc comment":        " Process processes an order.\n",
		"task queue":         "orders " + f + ":11:47",
		"id":                 "workflow ID order-{customer.id}-{note} 2 " + f + ":18:7",
		"policies":           "3 2 2 1",
		"timeouts":           []string{"24h0m0s", "1h0m0s", "0s"},
		"retry":              "1s 1.5 1m0s 5 [Bad]",
		"signal":             "cancel true",
		"query":              "acme.orders.v1.Orders.Status",
		"update":             "acme.orders.v1.Orders.Rename true validate=false 2",
		"child and eager":    "true true",
		"priority":           "2 {id} 2.5",
		"search attributes":  "4 KeywordList {tags}",
		"memo":               "customer {customer}",
		"update option":      "true true 2",
		"query default name": "acme.orders.v1.Orders.Status",
		"literal":            "7 true <nil>",
		"activity":           "acme.orders.v1.Orders.Charge payments 1m0s 10s 0s 5s true true",
		"local":              "unset 2s 1s 3",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("model (-want +got):\n%s", diff)
	}
	if w.RPC.Workflow != w || s.Signals[0].RPC.Signal != s.Signals[0] {
		t.Error("items and their rpcs do not point at each other")
	}
}

// TestReadEditions reads an editions file: a DELIMITED message field is a
// message on a template path.
func TestReadEditions(t *testing.T) {
	p := prototest.Plugin(t, map[string]string{"acme/ed/v1/ed.proto": `edition = "2023";
package acme.ed.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
message Inner { string id = 1; }
message Req { Inner inner = 1 [features.message_encoding = DELIMITED]; string name = 2 [features.field_presence = IMPLICIT]; }
service Ed {
  rpc Run(Req) returns (Req) { option (temporal.workflowdef.v1.workflow) = {id: "ed-{inner.id}-{name}"}; }
}
`})
	req := read.Read(p)
	if err := validate.Validate(req, validate.Options{}); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	path := req.Files[0].Services[0].Workflows[0].ID.Parsed.Paths()[0]
	if got := path.Fields[0].GoName + "." + path.Fields[1].GoName; got != "Inner.Id" {
		t.Errorf("path fields = %s, want Inner.Id", got)
	}
}

// TestReadWaitForCancellation: a child's wait_for_cancellation is optional,
// so an explicit false (go on once the cancel is recorded) differs from
// unset (Temporal's default, wait for the child to close).
func TestReadWaitForCancellation(t *testing.T) {
	p := prototest.Plugin(t, map[string]string{"acme/w/v1/w.proto": `syntax = "proto3";
package acme.w.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
message M {}
service W {
  rpc Unset(M) returns (M) { option (temporal.workflowdef.v1.workflow) = {}; }
  rpc Wait(M) returns (M) { option (temporal.workflowdef.v1.workflow) = {wait_for_cancellation: true}; }
  rpc NoWait(M) returns (M) { option (temporal.workflowdef.v1.workflow) = {wait_for_cancellation: false}; }
}
`})
	var got []string
	for _, w := range read.Read(p).Files[0].Services[0].Workflows {
		got = append(got, w.RPC.ProtoName+" "+optBool(w.WaitForCancellation))
	}
	if diff := cmp.Diff([]string{"Unset unset", "Wait true", "NoWait false"}, got); diff != "" {
		t.Errorf("wait_for_cancellation (-want +got):\n%s", diff)
	}
}

// TestReadNothingToGenerate: files without options of ours produce no file.
func TestReadNothingToGenerate(t *testing.T) {
	p := prototest.Plugin(t, map[string]string{"x/x.proto": `syntax = "proto3"; package x; message M {} service S { rpc A(M) returns (M); }`})
	if req := read.Read(p); len(req.Files) != 0 {
		t.Errorf("read %d files, want none", len(req.Files))
	}
}

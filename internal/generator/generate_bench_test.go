package generator_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/internal/generator"
	"github.com/workflowdef/workflowdef/internal/generator/internal/prototest"
)

// BenchmarkGenerate200Services runs the plugin, as protoc would, on 200
// annotated services of 10 rpcs each, 10 services to a file: per service
// two workflows (one with an ID template, options, search attributes, a
// memo and a signal, query and update it handles, signal- and
// update-with-start), two signals, a query, two updates (one with an ID
// template) and three activities (one with local options). Compiling the
// protos is left out: protoc does that before the plugin runs. The goal
// is at most 2 s an op.
//
//	go test -run '^$' -bench Generate200Services -benchmem ./internal/generator/
func BenchmarkGenerate200Services(b *testing.B) {
	const files, servicesPerFile = 20, 10
	sources := map[string]string{}
	for f := range files {
		sources[fmt.Sprintf("bench/p%d/v1/services.proto", f)] = syntheticServices(f, servicesPerFile)
	}
	req, err := prototest.Request(sources)
	if err != nil {
		b.Fatalf("compiling the synthetic protos: %v", err)
	}
	var generated int
	for b.Loop() {
		resp, err := generator.Run(req)
		if err != nil {
			b.Fatal(err)
		}
		if resp.Error != nil {
			b.Fatal(resp.GetError())
		}
		generated = len(resp.File)
	}
	if generated != files {
		b.Fatalf("the plugin wrote %d files, want %d", generated, files)
	}
}

// syntheticServices is the proto file of package bench.p<pkg>.v1 with n
// services of 10 annotated rpcs. Rpc names carry the service's number: a
// package's generated names must not collide.
func syntheticServices(pkg, n int) string {
	var s strings.Builder
	fmt.Fprintf(&s, `syntax = "proto3";
package bench.p%d.v1;
import "google/protobuf/empty.proto";
import "temporal/workflowdef/v1/workflowdef.proto";

message Customer { string id = 1; string tier = 2; }
message Request { string id = 1; Customer customer = 2; repeated string tags = 3; int64 total = 4; }
message Response { string result = 1; }
`, pkg)
	for i := range n {
		fmt.Fprintf(&s, `
// Service%[1]d is one of the benchmark's services.
service Service%[1]d {
  option (temporal.workflowdef.v1.service) = {task_queue: "queue-%[1]d"};

  // Run%[1]d is a workflow with every kind of handler.
  rpc Run%[1]d(Request) returns (Response) {
    option (temporal.workflowdef.v1.workflow) = {
      id: "run-{customer.id}-{id}"
      execution_timeout: {seconds: 3600}
      retry_policy: {maximum_attempts: 3 backoff_coefficient: 2}
      signal: [{ref: "Abort%[1]d", start: true}]
      query: [{ref: "Status%[1]d"}]
      update: [{ref: "Add%[1]d", start: true}, {ref: "Remove%[1]d", validate: true}]
      priority: {priority_key: 2 fairness_key: "{customer.tier}"}
      search_attributes: [{key: "CustomerId" type: SEARCH_ATTRIBUTE_TYPE_KEYWORD value: "{customer.id}"}, {key: "Total" type: SEARCH_ATTRIBUTE_TYPE_INT value: "{total}"}]
      memo: [{key: "customer" value: "{customer}"}]
    };
  }
  // Ship%[1]d is a workflow with a signal.
  rpc Ship%[1]d(Request) returns (Response) {
    option (temporal.workflowdef.v1.workflow) = {signal: [{ref: "Confirm%[1]d"}]};
  }
  rpc Abort%[1]d(Request) returns (google.protobuf.Empty) {
    option (temporal.workflowdef.v1.signal) = {};
  }
  rpc Confirm%[1]d(Request) returns (google.protobuf.Empty) {
    option (temporal.workflowdef.v1.signal) = {};
  }
  rpc Status%[1]d(google.protobuf.Empty) returns (Response) {
    option (temporal.workflowdef.v1.query) = {};
  }
  rpc Add%[1]d(Request) returns (Response) {
    option (temporal.workflowdef.v1.update) = {id: "add-{id}"};
  }
  rpc Remove%[1]d(Request) returns (Response) {
    option (temporal.workflowdef.v1.update) = {};
  }
  rpc Charge%[1]d(Request) returns (Response) {
    option (temporal.workflowdef.v1.activity) = {
      start_to_close_timeout: {seconds: 30}
      retry_policy: {maximum_attempts: 5}
    };
  }
  rpc Reserve%[1]d(Request) returns (Response) {
    option (temporal.workflowdef.v1.activity) = {
      start_to_close_timeout: {seconds: 10}
      local: {start_to_close_timeout: {seconds: 2}}
    };
  }
  rpc Notify%[1]d(google.protobuf.Empty) returns (google.protobuf.Empty) {
    option (temporal.workflowdef.v1.activity) = {start_to_close_timeout: {seconds: 5}};
  }
}
`, i)
	}
	return s.String()
}

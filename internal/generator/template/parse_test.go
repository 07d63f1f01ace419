package template_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/compiler/protogen"

	"github.com/workflowdef/workflowdef/internal/generator/internal/prototest"
	"github.com/workflowdef/workflowdef/internal/generator/template"
)

const requestProto = `
syntax = "proto3";
package acme.v1;
import "google/protobuf/timestamp.proto";

message Customer {
  string id = 1;
  Address address = 2;
  repeated string tags = 3;
  map<string, string> labels = 4;
  bytes blob = 5;
}
message Address { string postal_code = 1; }
enum Tier { TIER_UNSPECIFIED = 0; TIER_GOLD = 1; }
message Request {
  string order_id = 1;
  Customer customer = 2;
  int64 count = 3;
  bool rush = 4;
  Tier tier = 5;
  optional string note = 6;
  repeated string tags = 7;
  repeated Customer customers = 8;
  google.protobuf.Timestamp at = 9;
  double ratio = 10;
  map<string, Customer> by_id = 11;
  repeated int64 numbers = 12;
}
`

const editionsProto = `
edition = "2023";
package acme.ed;
message Inner { string id = 1; }
message Request {
  Inner inner = 1 [features.message_encoding = DELIMITED];
  string name = 2;
}
`

func messages(t *testing.T) map[string]*protogen.Message {
	t.Helper()
	p := prototest.Plugin(t, map[string]string{"acme/v1/req.proto": requestProto, "acme/ed/req.proto": editionsProto})
	m := map[string]*protogen.Message{}
	for _, f := range p.Files {
		for _, msg := range f.Messages {
			m[string(msg.Desc.FullName())] = msg
		}
	}
	return m
}

// describe flattens a template for comparison: one line per part.
func describe(t *template.Template) []string {
	var out []string
	for _, part := range t.Parts {
		switch x := part.(type) {
		case *template.Text:
			out = append(out, fmt.Sprintf("%d text %q", x.Column, x.Value))
		case *template.UUID:
			out = append(out, fmt.Sprintf("%d uuid", x.Column))
		case *template.Path:
			var getters string
			for _, f := range x.Fields {
				getters += ".Get" + f.GoName + "()"
			}
			out = append(out, fmt.Sprintf("%d path %s %s %s", x.Column, x.Source, getters, x.End))
		}
	}
	return out
}

func TestParse(t *testing.T) {
	msgs := messages(t)
	tests := []struct {
		src  string
		msg  string
		want []string
	}{
		{src: "", want: nil},
		{src: "plain", want: []string{`1 text "plain"`}},
		{src: "order-{customer.id}-{order_id}", want: []string{
			`1 text "order-"`,
			`7 path customer.id .GetCustomer().GetId() scalar`,
			`20 text "-"`,
			`21 path order_id .GetOrderId() scalar`,
		}},
		{src: "{{literal}} {$uuid}", want: []string{`1 text "{literal} "`, `13 uuid`}},
		{src: "a{{{order_id}}}b", want: []string{`1 text "a{"`, `4 path order_id .GetOrderId() scalar`, `14 text "}b"`}},
		{src: "é-{count}", want: []string{`1 text "é-"`, `3 path count .GetCount() scalar`}},
		{src: "{rush}{tier}{note}", want: []string{
			`1 path rush .GetRush() scalar`, `7 path tier .GetTier() scalar`, `13 path note .GetNote() scalar`,
		}},
		{src: "{customer.address.postal_code}", want: []string{`1 path customer.address.postal_code .GetCustomer().GetAddress().GetPostalCode() scalar`}},
		// A lone path may end at a repeated string, a Timestamp, a message or a
		// float: its context decides whether that fits.
		{src: "{tags}", want: []string{`1 path tags .GetTags() repeated string`}},
		{src: "{at}", want: []string{`1 path at .GetAt() google.protobuf.Timestamp`}},
		{src: "{customer}", want: []string{`1 path customer .GetCustomer() message`}},
		{src: "{ratio}", want: []string{`1 path ratio .GetRatio() float`}},
		// Editions: a DELIMITED message field is a message on the path.
		{src: "x-{inner.id}", msg: "acme.ed.Request", want: []string{`1 text "x-"`, `3 path inner.id .GetInner().GetId() scalar`}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			msg := msgs["acme.v1.Request"]
			if tt.msg != "" {
				msg = msgs[tt.msg]
			}
			got, err := template.Parse(tt.src, msg)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if diff := cmp.Diff(tt.want, describe(got)); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.src, diff)
			}
			if got.Source != tt.src {
				t.Errorf("Source = %q, want %q", got.Source, tt.src)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	msgs := messages(t)
	tests := []struct {
		src  string
		want template.Error
	}{
		{"order-{order_id", template.Error{Column: 7, Message: "'{' is not closed; close the path with '}', or write '{{' for a literal brace"}},
		{"a{b{order_id}", template.Error{Column: 2, Message: "'{' is not closed; close the path with '}', or write '{{' for a literal brace"}},
		{"order}", template.Error{Column: 6, Message: "'}' closes nothing; write '}}' for a literal brace"}},
		{"x-{$uid}", template.Error{Column: 3, Message: "unknown function {$uid}; the only function is {$uuid}"}},
		{"{}", template.Error{Column: 1, Message: "empty path {}; name a field of the request, such as {order_id}, or write '{{' for a literal brace"}},
		{"{customer..id}", template.Error{Column: 11, Message: `"" in path {customer..id} is not a field name; a path is field names joined by dots, such as {customer.id}`}},
		{"{order-id}", template.Error{Column: 2, Message: `"order-id" in path {order-id} is not a field name; a path is field names joined by dots, such as {customer.id}`}},
		{"{customer.name}", template.Error{Column: 11, Message: `message acme.v1.Customer has no field "name" (its fields: id, address, tags, labels, blob)`}},
		{"{customers.id}", template.Error{Column: 2, Message: "field customers of acme.v1.Request is repeated; a path goes through singular message fields only"}},
		{"{by_id.id}", template.Error{Column: 2, Message: "field by_id of acme.v1.Request is a map; a path cannot read a map"}},
		{"{customer.labels}", template.Error{Column: 11, Message: "field labels of acme.v1.Customer is a map; a path cannot read a map"}},
		{"{order_id.x}", template.Error{Column: 11, Message: "path {order_id.x} goes on after order_id, which is a string field, not a message"}},
		{"{customer.blob}", template.Error{Column: 1, Message: "path {customer.blob} ends at a bytes field; a path ends at a string, integer, bool or enum field"}},
		{"{numbers}", template.Error{Column: 1, Message: "path {numbers} ends at a repeated int64 field; a path ends at a string, integer, bool or enum field"}},
		{"id-{customer}", template.Error{Column: 4, Message: "path {customer} ends at a message acme.v1.Customer field; inside other text a path must end at a string, integer, bool or enum field"}},
		{"{tags}-x", template.Error{Column: 1, Message: "path {tags} ends at a repeated string field; inside other text a path must end at a string, integer, bool or enum field"}},
		{"at-{at}", template.Error{Column: 4, Message: "path {at} ends at a message google.protobuf.Timestamp field; inside other text a path must end at a string, integer, bool or enum field"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := template.Parse(tt.src, msgs["acme.v1.Request"])
			tt.want.Template = tt.src
			var got *template.Error
			if e, ok := err.(*template.Error); ok {
				got = e
			} else {
				t.Fatalf("Parse(%q) error = %v (%T), want a *template.Error", tt.src, err, err)
			}
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("Parse(%q) error mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestParseWithoutMessage(t *testing.T) {
	if _, err := template.Parse("{order_id}", nil); err == nil {
		t.Fatal("Parse with a nil message returned no error")
	}
	if got, err := template.Parse("{$uuid}", nil); err != nil || !got.UsesUUID() {
		t.Fatalf("Parse({$uuid}, nil) = %v, %v; want a UUID template", got, err)
	}
}

func TestErrorNamesTemplateAndColumn(t *testing.T) {
	_, err := template.Parse("a}", nil)
	want := `template "a}", column 2: '}' closes nothing; write '}}' for a literal brace`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

package temporal_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

func TestSearchAttributesRoundTripEveryType(t *testing.T) {
	when := time.Date(2026, 11, 25, 18, 30, 0, 123, time.UTC)
	var (
		keyword = temporal.NewSearchAttributeKeyKeyword("K")
		text    = temporal.NewSearchAttributeKeyText("T")
		integer = temporal.NewSearchAttributeKeyInt64("I")
		double  = temporal.NewSearchAttributeKeyFloat64("D")
		boolean = temporal.NewSearchAttributeKeyBool("B")
		instant = temporal.NewSearchAttributeKeyTime("DT")
		list    = temporal.NewSearchAttributeKeyKeywordList("KL")
	)
	sa := temporal.NewSearchAttributes(keyword.ValueSet("k"), text.ValueSet("some text"), integer.ValueSet(-7),
		double.ValueSet(2.5), boolean.ValueSet(true), instant.ValueSet(when), list.ValueSet([]string{"a", "b"}))
	wire, err := temporal.EncodeSearchAttributes(sa)
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := map[string]string{"K": "Keyword", "T": "Text", "I": "Int", "D": "Double", "B": "Bool", "DT": "Datetime", "KL": "KeywordList"}
	for name, typ := range wantTypes {
		if got := string(wire.GetIndexedFields()[name].GetMetadata()["type"]); got != typ {
			t.Errorf("%s: type metadata %q, want %q", name, got, typ)
		}
	}
	back, err := temporal.DecodeSearchAttributes(wire)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sa.Names(), back.Names()); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	check := func(name string, got, want any, ok bool) {
		t.Helper()
		if !ok || !cmp.Equal(got, want) {
			t.Errorf("%s = %v (%v), want %v", name, got, ok, want)
		}
	}
	v1, ok := temporal.GetSearchAttribute(back, keyword)
	check("K", v1, "k", ok)
	v2, ok := temporal.GetSearchAttribute(back, text)
	check("T", v2, "some text", ok)
	v3, ok := temporal.GetSearchAttribute(back, integer)
	check("I", v3, int64(-7), ok)
	v4, ok := temporal.GetSearchAttribute(back, double)
	check("D", v4, 2.5, ok)
	v5, ok := temporal.GetSearchAttribute(back, boolean)
	check("B", v5, true, ok)
	v6, ok := temporal.GetSearchAttribute(back, instant)
	check("DT", v6, when, ok)
	v7, ok := temporal.GetSearchAttribute(back, list)
	check("KL", v7, []string{"a", "b"}, ok)

	// A key of another type does not read the value.
	if _, ok := temporal.GetSearchAttribute(back, temporal.NewSearchAttributeKeyInt64("K")); ok {
		t.Error("an Int key read a Keyword attribute")
	}
	if got := sa.With(keyword.ValueUnset()).Len(); got != 6 {
		t.Errorf("after unset, Len = %d", got)
	}
	if sa.Len() != 7 {
		t.Error("With changed the original")
	}
}

func TestSearchAttributeUnsetTravelsAsUntypedNull(t *testing.T) {
	wire, err := temporal.EncodeSearchAttributeUpdates(temporal.NewSearchAttributeKeyKeyword("K").ValueUnset())
	if err != nil {
		t.Fatal(err)
	}
	p := wire.GetIndexedFields()["K"]
	if got := string(p.GetMetadata()["encoding"]); got != "binary/null" || len(p.GetData()) != 0 || p.GetMetadata()["type"] != nil {
		t.Errorf("unset payload = %v; the server only removes an attribute sent as untyped binary/null", p)
	}
}

// TestDecodeSearchAttributesNamesTheBadAttribute: an attribute that does
// not decode is an error naming it; the others decode all the same.
func TestDecodeSearchAttributesNamesTheBadAttribute(t *testing.T) {
	sa, err := temporal.DecodeSearchAttributes(&commonpb.SearchAttributes{IndexedFields: map[string]*commonpb.Payload{
		"Count":  {Metadata: map[string][]byte{"encoding": []byte("json/plain"), "type": []byte("Int")}, Data: []byte(`"seven"`)},
		"Future": {Metadata: map[string][]byte{"encoding": []byte("json/plain"), "type": []byte("Vector")}, Data: []byte(`[1,2]`)},
		"Owner":  {Metadata: map[string][]byte{"encoding": []byte("json/plain"), "type": []byte("Keyword")}, Data: []byte(`"ada"`)},
	}})
	if err == nil || !strings.Contains(err.Error(), `search attribute "Count"`) || !strings.Contains(err.Error(), "Int") || !strings.Contains(err.Error(), `search attribute "Future"`) {
		t.Fatalf("err = %v", err)
	}
	if owner, ok := temporal.GetSearchAttribute(sa, temporal.NewSearchAttributeKeyKeyword("Owner")); !ok || owner != "ada" || sa.Len() != 1 {
		t.Errorf("the attribute that decoded: %q, %v", owner, ok)
	}
}

func TestPolicyValidationNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{(&temporal.RetryPolicy{InitialInterval: -1}).Validate("X"), "X.InitialInterval is negative"},
		{(&temporal.RetryPolicy{MaximumInterval: -1}).Validate("X"), "X.MaximumInterval is negative"},
		{(&temporal.RetryPolicy{BackoffCoefficient: 0.9}).Validate("X"), "X.BackoffCoefficient is 0.9"},
		{(&temporal.RetryPolicy{MaximumAttempts: -2}).Validate("X"), "X.MaximumAttempts is negative"},
		{(&temporal.RetryPolicy{InitialInterval: time.Minute, MaximumInterval: time.Second}).Validate("X"), "X.MaximumInterval (1s) is shorter than InitialInterval (1m0s)"},
		{(&temporal.RetryPolicy{MaximumInterval: 500 * time.Millisecond}).Validate("X"), "X.MaximumInterval (500ms) is shorter than the server's default InitialInterval (1s)"},
		{(&temporal.Priority{PriorityKey: -1}).Validate("P"), "P.PriorityKey is negative"},
		{(&temporal.Priority{FairnessKey: strings.Repeat("x", 65)}).Validate("P"), "P.FairnessKey is 65 bytes"},
		{(&temporal.Priority{FairnessWeight: -1}).Validate("P"), "P.FairnessWeight is negative"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", tc.err, tc.want)
		}
	}
	var nilPolicy *temporal.RetryPolicy
	if nilPolicy.Validate("X") != nil || nilPolicy.ToProto() != nil {
		t.Error("a nil policy is valid and has no wire form")
	}
	// A zero priority is sent as none, as the official SDK sends it.
	if (&temporal.Priority{}).ToProto() != nil || (&temporal.Priority{PriorityKey: 1}).ToProto().GetPriorityKey() != 1 {
		t.Error("a zero priority has a wire form, or a set one lost its key")
	}
	p := &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 1.5, MaximumAttempts: 4, NonRetryableErrorTypes: []string{"Bad"}}
	if diff := cmp.Diff(p, temporal.RetryPolicyFromProto(p.ToProto())); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// The TemporalChangeVersion upsert GetVersion records (here and in the
// official SDK) carries no "type" metadata; it is a keyword list, as the
// official SDK reads it, not an error.
func TestChangeVersionWithoutATypeDecodesAsAKeywordList(t *testing.T) {
	p, err := converter.Default().ToPayload([]string{"my-change-1"})
	if err != nil {
		t.Fatal(err)
	}
	sa := &commonpb.SearchAttributes{IndexedFields: map[string]*commonpb.Payload{"TemporalChangeVersion": p}}
	got, err := temporal.DecodeSearchAttributes(sa)
	if err != nil {
		t.Fatalf("DecodeSearchAttributes: %v", err)
	}
	v, ok := temporal.GetSearchAttribute(got, temporal.NewSearchAttributeKeyKeywordList("TemporalChangeVersion"))
	if !ok || len(v) != 1 || v[0] != "my-change-1" {
		t.Fatalf("TemporalChangeVersion = %v, %v", v, ok)
	}
}

// SearchAttributes is immutable: a keyword list shares no slice with the
// caller that set it or the one that read it, as in the official SDK.
func TestKeywordListsAreCopiedInAndOut(t *testing.T) {
	key := temporal.NewSearchAttributeKeyKeywordList("KL")
	in := []string{"a", "b"}
	sa := temporal.NewSearchAttributes(key.ValueSet(in))
	in[0] = "mutated-by-caller"
	got, _ := temporal.GetSearchAttribute(sa, key)
	if got[0] != "a" {
		t.Errorf("after the caller changed its slice, the set holds %v", got)
	}
	got[1] = "mutated-by-reader"
	again, _ := temporal.GetSearchAttribute(sa, key)
	if again[1] != "b" {
		t.Errorf("after a reader changed the returned slice, the set holds %v", again)
	}
}

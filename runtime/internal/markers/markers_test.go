package markers_test

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/markers"
)

// sdkgoMarkers loads the MarkerRecorded events of a history the official Go
// SDK v1.51.0 wrote against Temporal Server 1.29.1.
func sdkgoMarkers(t *testing.T, file string) []*historypb.HistoryEvent {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var h historypb.History
	if err := (temporalproto.CustomJSONUnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	var out []*historypb.HistoryEvent
	for _, e := range h.GetEvents() {
		if e.GetEventType() == enumspb.EVENT_TYPE_MARKER_RECORDED {
			out = append(out, e)
		}
	}
	return out
}

// TestMarkersRoundTripTheOfficialSDKsBytes decodes every marker the official
// SDK wrote and encodes it again: json/plain details must come out byte for
// byte, and json/protobuf details (whose whitespace protojson varies on
// purpose) must decode to the same payloads.
func TestMarkersRoundTripTheOfficialSDKsBytes(t *testing.T) {
	dc := converter.Default()
	var events []*historypb.HistoryEvent
	for _, f := range []string{"testdata/sdkgo-ids.json", "testdata/sdkgo-la-retry.json"} {
		events = append(events, sdkgoMarkers(t, f)...)
	}
	kinds := map[string]int{}
	for _, e := range events {
		attrs := e.GetMarkerRecordedEventAttributes()
		decoded, err := markers.Decode(dc, e.GetEventId(), attrs)
		if err != nil {
			t.Fatalf("event %d: %v", e.GetEventId(), err)
		}
		kinds[attrs.GetMarkerName()]++
		again, err := markers.Encode(dc, decoded)
		if err != nil {
			t.Fatal(err)
		}
		if again.GetMarkerName() != attrs.GetMarkerName() {
			t.Errorf("event %d: name %q, want %q", e.GetEventId(), again.GetMarkerName(), attrs.GetMarkerName())
		}
		if diff := cmp.Diff(attrs.GetFailure(), again.GetFailure(), protocmp.Transform()); diff != "" {
			t.Errorf("event %d failure (-sdk-go +ours):\n%s", e.GetEventId(), diff)
		}
		for key, want := range attrs.GetDetails() {
			got := again.GetDetails()[key]
			if len(got.GetPayloads()) != len(want.GetPayloads()) {
				t.Errorf("event %d %q: %d payloads, want %d", e.GetEventId(), key, len(got.GetPayloads()), len(want.GetPayloads()))
				continue
			}
			for i, wp := range want.GetPayloads() {
				gp := got.GetPayloads()[i]
				if string(wp.GetMetadata()["encoding"]) == converter.EncodingProtoJSON {
					var a, b commonpb.Payloads
					if err := dc.FromPayload(wp, &a); err != nil {
						t.Fatal(err)
					}
					if err := dc.FromPayload(gp, &b); err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(&a, &b, protocmp.Transform()); diff != "" {
						t.Errorf("event %d %q[%d] (-sdk-go +ours):\n%s", e.GetEventId(), key, i, diff)
					}
					continue
				}
				if diff := cmp.Diff(wp, gp, protocmp.Transform()); diff != "" {
					t.Errorf("event %d %q[%d] (-sdk-go +ours):\n%s", e.GetEventId(), key, i, diff)
				}
			}
		}
		if len(again.GetDetails()) != len(attrs.GetDetails()) {
			t.Errorf("event %d: keys %d, want %d", e.GetEventId(), len(again.GetDetails()), len(attrs.GetDetails()))
		}
	}
	if diff := cmp.Diff(map[string]int{"Version": 2, "SideEffect": 1, "MutableSideEffect": 1, "LocalActivity": 3}, kinds); diff != "" {
		t.Errorf("fixtures hold other markers than expected (-want +got):\n%s", diff)
	}
}

func TestDecodedMarkersCarryTheirFields(t *testing.T) {
	dc := converter.Default()
	byID := map[int64]any{}
	for _, f := range []string{"testdata/sdkgo-ids.json", "testdata/sdkgo-la-retry.json"} {
		for _, e := range sdkgoMarkers(t, f) {
			m, err := markers.Decode(dc, e.GetEventId(), e.GetMarkerRecordedEventAttributes())
			if err != nil {
				t.Fatal(err)
			}
			byID[e.GetEventId()+int64(len(f))*1000] = m
		}
	}
	var la markers.LocalActivity
	var mse markers.MutableSideEffect
	for _, m := range byID {
		switch m := m.(type) {
		case markers.LocalActivity:
			if m.Backoff > 0 {
				la = m
			}
		case markers.MutableSideEffect:
			mse = m
		}
	}
	if la.Backoff != 3*time.Second || la.Attempt != 1 || la.Failure == nil || la.ActivityID != "1" {
		t.Errorf("retried local activity marker: %+v", la)
	}
	if mse.ID == "" || mse.RecordedID != mse.ID+"_19" || !mse.HasCounter || mse.Counter != 1 || len(mse.Data.GetPayloads()) != 1 {
		t.Errorf("mutable side effect marker: %+v", mse)
	}
}

func TestVersionMarkerSaysOnlyWhenItsUpsertWasSkipped(t *testing.T) {
	dc := converter.Default()
	with, _ := markers.Encode(dc, markers.Version{ChangeID: "c", Version: 2, SearchAttrUpdated: true})
	without, _ := markers.Encode(dc, markers.Version{ChangeID: "c", Version: 2, SearchAttrUpdated: false})
	if _, ok := with.GetDetails()["version-search-attribute-updated"]; ok {
		t.Error("the official SDK never writes version-search-attribute-updated=true")
	}
	if p := without.GetDetails()["version-search-attribute-updated"]; string(p.GetPayloads()[0].GetData()) != "false" {
		t.Errorf("skipped upsert: detail %v", p)
	}
	m, err := markers.Decode(dc, 5, &historypb.MarkerRecordedEventAttributes{MarkerName: with.GetMarkerName(), Details: with.GetDetails()})
	if err != nil || !m.(markers.Version).SearchAttrUpdated {
		t.Errorf("an absent key reads as updated: %+v, %v", m, err)
	}
}

func TestChangeVersionsStopsAtTheOfficialSizeLimit(t *testing.T) {
	sa, tooLarge, err := markers.ChangeVersions("b", 2, map[string]int{"a": 1})
	if err != nil || tooLarge {
		t.Fatal(err, tooLarge)
	}
	p := sa.GetIndexedFields()[markers.ChangeVersionSearchAttribute]
	if string(p.GetData()) != `["b-2","a-1"]` || string(p.GetMetadata()["encoding"]) != "json/plain" {
		t.Errorf("payload %s %s", p.GetMetadata()["encoding"], p.GetData())
	}
	many := map[string]int{}
	for i := range 200 {
		many[string(bytes.Repeat([]byte{'x'}, 10))+string(rune('A'+i%26))+string(rune('a'+i/26))] = 1
	}
	if _, tooLarge, _ := markers.ChangeVersions("z", 1, many); !tooLarge {
		t.Error("a list over 2048 bytes must be reported too large")
	}
}

func TestBadMarkersAreErrorsNamingTheEvent(t *testing.T) {
	dc := converter.Default()
	for _, tc := range []struct {
		attrs *historypb.MarkerRecordedEventAttributes
		want  string
	}{
		{&historypb.MarkerRecordedEventAttributes{MarkerName: "Version"}, "details are nil"},
		{&historypb.MarkerRecordedEventAttributes{MarkerName: "Version", Details: map[string]*commonpb.Payloads{}}, `detail "change-id" is missing`},
		{&historypb.MarkerRecordedEventAttributes{MarkerName: "core_patch", Details: map[string]*commonpb.Payloads{}}, "unknown marker name"},
	} {
		_, err := markers.Decode(dc, 42, tc.attrs)
		var me *markers.Error
		if !errors.As(err, &me) || me.EventID != 42 || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
			t.Errorf("err = %v, want %q at event 42", err, tc.want)
		}
	}
}

package historypage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/protobuf/proto"
)

// page is one scripted server response.
type page struct {
	events []*historypb.HistoryEvent
	next   string
	err    error
}

// scriptedServer serves pages in order and records the tokens it was asked
// for; after the script it keeps serving its last page.
type scriptedServer struct {
	pages  []page
	tokens []string
}

func (s *scriptedServer) fetch(_ context.Context, token []byte) ([]*historypb.HistoryEvent, []byte, error) {
	s.tokens = append(s.tokens, string(token))
	p := s.pages[min(len(s.tokens), len(s.pages))-1]
	var next []byte
	if p.next != "" {
		next = []byte(p.next)
	}
	return p.events, next, p.err
}

func eventsFrom(first, n int64) []*historypb.HistoryEvent {
	events := make([]*historypb.HistoryEvent, n)
	for i := range events {
		events[i] = &historypb.HistoryEvent{EventId: first + int64(i)}
	}
	return events
}

func eventIDs(events []*historypb.HistoryEvent) []int64 {
	ids := make([]int64, len(events))
	for i, e := range events {
		ids[i] = e.GetEventId()
	}
	return ids
}

func TestCollectPagesFollowsTokensThroughEmptyPages(t *testing.T) {
	tests := []struct {
		name       string
		pages      []page
		wantIDs    []int64
		wantTokens []string
	}{
		{
			name:       "one page",
			pages:      []page{{events: eventsFrom(1, 3)}},
			wantIDs:    []int64{1, 2, 3},
			wantTokens: []string{""},
		},
		{
			name:       "several pages",
			pages:      []page{{events: eventsFrom(1, 2), next: "a"}, {events: eventsFrom(3, 2), next: "b"}, {events: eventsFrom(5, 1)}},
			wantIDs:    []int64{1, 2, 3, 4, 5},
			wantTokens: []string{"", "a", "b"},
		},
		{
			name:       "empty page with a token in the middle",
			pages:      []page{{events: eventsFrom(1, 2), next: "a"}, {next: "b"}, {next: "c"}, {events: eventsFrom(3, 1)}},
			wantIDs:    []int64{1, 2, 3},
			wantTokens: []string{"", "a", "b", "c"},
		},
		{
			name:       "empty last page",
			pages:      []page{{events: eventsFrom(1, 2), next: "a"}, {}},
			wantIDs:    []int64{1, 2},
			wantTokens: []string{"", "a"},
		},
		{
			name:       "empty first page with a token",
			pages:      []page{{next: "a"}, {events: eventsFrom(1, 1)}},
			wantIDs:    []int64{1},
			wantTokens: []string{"", "a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scriptedServer{pages: tt.pages}
			events, err := Collect(t.Context(), nil, nil, s.fetch)
			if err != nil {
				t.Fatal(err)
			}
			if got := eventIDs(events); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("event IDs = %v, want %v", got, tt.wantIDs)
			}
			if !slices.Equal(s.tokens, tt.wantTokens) {
				t.Errorf("tokens sent = %q, want %q", s.tokens, tt.wantTokens)
			}
		})
	}
}

func TestCollectPagesStopsAServerThatNeverEnds(t *testing.T) {
	tests := []struct {
		name      string
		pages     []page
		wantCalls int
		wantErr   string
	}{
		{
			name:      "empty pages with a token forever",
			pages:     []page{{events: eventsFrom(1, 1), next: "a"}, {next: "a"}},
			wantCalls: 1 + MaxEmptyPages,
			wantErr:   "pages in a row",
		},
		{
			name:      "events forever",
			pages:     []page{{events: eventsFrom(1, 1000), next: "a"}},
			wantCalls: MaxEvents/1000 + 1,
			wantErr:   fmt.Sprintf("past %d events", MaxEvents),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scriptedServer{pages: tt.pages}
			events, err := Collect(t.Context(), nil, nil, s.fetch)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if events != nil {
				t.Errorf("got %d events with the error", len(events))
			}
			if len(s.tokens) != tt.wantCalls {
				t.Errorf("fetched %d pages, want %d", len(s.tokens), tt.wantCalls)
			}
		})
	}
}

func TestCollectPagesAllowsAHistoryAtTheBound(t *testing.T) {
	s := &scriptedServer{pages: []page{{events: eventsFrom(1, MaxEvents-1), next: "a"}, {events: eventsFrom(MaxEvents, 1)}}}
	events, err := Collect(t.Context(), nil, nil, s.fetch)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != MaxEvents {
		t.Errorf("got %d events, want %d", len(events), MaxEvents)
	}
}

func TestCollectPagesReturnsTheServerErrorWithThePage(t *testing.T) {
	boom := errors.New("boom")
	s := &scriptedServer{pages: []page{{events: eventsFrom(1, 1), next: "a"}, {err: boom}}}
	_, err := Collect(t.Context(), nil, nil, s.fetch)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap %v", err, boom)
	}
	if !strings.Contains(err.Error(), "page 2") {
		t.Errorf("err = %v, want it to name page 2", err)
	}
}

func TestCollectPagesStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	_, err := Collect(ctx, nil, nil, func(context.Context, []byte) ([]*historypb.HistoryEvent, []byte, error) {
		calls++
		if calls == 3 {
			cancel()
		}
		return nil, []byte("a"), nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls != 3 {
		t.Errorf("fetched %d pages after the cancel, want to stop at 3", calls)
	}
}

func TestPageEventsDecodesRawHistoryBlobs(t *testing.T) {
	blob := func(first, n int64) *commonpb.DataBlob {
		data, err := proto.Marshal(&historypb.History{Events: eventsFrom(first, n)})
		if err != nil {
			t.Fatal(err)
		}
		return &commonpb.DataBlob{EncodingType: enumspb.ENCODING_TYPE_PROTO3, Data: data}
	}
	events, err := Events(&workflowservice.GetWorkflowExecutionHistoryResponse{
		RawHistory: []*commonpb.DataBlob{blob(1, 2), blob(3, 3)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := eventIDs(events), []int64{1, 2, 3, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("event IDs = %v, want %v", got, want)
	}

	_, err = Events(&workflowservice.GetWorkflowExecutionHistoryResponse{
		RawHistory: []*commonpb.DataBlob{{EncodingType: enumspb.ENCODING_TYPE_JSON, Data: []byte("{}")}},
	})
	if err == nil || !strings.Contains(err.Error(), "encoding") {
		t.Errorf("err = %v, want one about the blob's encoding", err)
	}
	_, err = Events(&workflowservice.GetWorkflowExecutionHistoryResponse{
		RawHistory: []*commonpb.DataBlob{{EncodingType: enumspb.ENCODING_TYPE_PROTO3, Data: []byte{0xff}}},
	})
	if err == nil || !strings.Contains(err.Error(), "blob 0") {
		t.Errorf("err = %v, want one naming blob 0", err)
	}
}

func TestCollectContinuesFromAPolledPage(t *testing.T) {
	s := &scriptedServer{pages: []page{{events: eventsFrom(3, 2), next: "b"}, {events: eventsFrom(5, 1)}}}
	events, err := Collect(t.Context(), eventsFrom(1, 2), []byte("a"), s.fetch)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := eventIDs(events), []int64{1, 2, 3, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("event IDs = %v, want %v", got, want)
	}
	if got, want := s.tokens, []string{"a", "b"}; !slices.Equal(got, want) {
		t.Errorf("tokens asked for = %v, want %v", got, want)
	}

	whole := &scriptedServer{pages: []page{{events: eventsFrom(9, 1)}}}
	events, err = Collect(t.Context(), eventsFrom(1, 2), nil, whole.fetch)
	if err != nil || len(events) != 2 || len(whole.tokens) != 0 {
		t.Errorf("a whole page was fetched again: %d events, %d fetches, %v", len(events), len(whole.tokens), err)
	}
}

package historypage

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/protobuf/proto"
)

// MaxEvents bounds the events Collect gathers: twice the
// server's default hard limit of 51,200 events per run
// (limit.historyCount.error), so a run that overshot the limit before the
// server terminated it, or a server configured a little higher, still loads,
// while a server that never ends a history cannot exhaust memory.
const MaxEvents = 2 * 51_200

// MaxEmptyPages bounds the pages in a row that carry a next page token but no
// events. The server does send such pages (sdk-go PR #1147, sdk-java PR
// #1886), so they are followed, but not forever.
const MaxEmptyPages = 100

// Events returns a page's events. A server configured to send raw
// history (frontend.sendRawWorkflowHistory) returns them as serialized
// History blobs instead of a History.
func Events(resp *workflowservice.GetWorkflowExecutionHistoryResponse) ([]*historypb.HistoryEvent, error) {
	if len(resp.GetRawHistory()) == 0 {
		return resp.GetHistory().GetEvents(), nil
	}
	var events []*historypb.HistoryEvent
	for i, blob := range resp.GetRawHistory() {
		if enc := blob.GetEncodingType(); enc != enumspb.ENCODING_TYPE_PROTO3 {
			return nil, fmt.Errorf("raw history blob %d has encoding %s; only Proto3 is supported", i, enc)
		}
		batch := &historypb.History{}
		if err := proto.Unmarshal(blob.GetData(), batch); err != nil {
			return nil, fmt.Errorf("raw history blob %d: %w", i, err)
		}
		events = append(events, batch.GetEvents()...)
	}
	return events, nil
}

// Fetcher returns one page of history: the events and the token of the
// next page, empty on the last page.
type Fetcher func(ctx context.Context, token []byte) (events []*historypb.HistoryEvent, next []byte, err error)

// Collect calls fetch, from token on, until the next page token is empty
// and returns events followed by the events of all pages in order. With
// events but no token the history is already whole; with neither, fetching
// starts at the first page. Pages without events but with a token
// are followed, up to MaxEmptyPages in a row; more than MaxEvents
// events in all is an error.
func Collect(ctx context.Context, events []*historypb.HistoryEvent, token []byte, fetch Fetcher) ([]*historypb.HistoryEvent, error) {
	if len(events) != 0 && len(token) == 0 {
		return events, nil
	}
	emptyInARow := 0
	for page := 1; ; page++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		batch, next, err := fetch(ctx, token)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", page, err)
		}
		if len(events)+len(batch) > MaxEvents {
			return nil, fmt.Errorf("page %d takes the history past %d events, more than a server lets one run record; stopping", page, MaxEvents)
		}
		events = append(events, batch...)
		if len(next) == 0 {
			return events, nil
		}
		if len(batch) > 0 {
			emptyInARow = 0
		} else if emptyInARow++; emptyInARow >= MaxEmptyPages {
			return nil, fmt.Errorf("%d pages in a row, up to page %d, had no events but a next page token; stopping", emptyInARow, page)
		}
		token = next
	}
}

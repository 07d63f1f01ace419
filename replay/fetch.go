package replay

import (
	"context"
	"errors"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// maxFetchedEvents bounds the events FetchHistory collects: twice the
// server's default hard limit of 51,200 events per run
// (limit.historyCount.error), so a run that overshot the limit before the
// server terminated it, or a server configured a little higher, still loads,
// while a server that never ends a history cannot exhaust memory.
const maxFetchedEvents = 2 * 51_200

// maxEmptyPages bounds the pages in a row that carry a next page token but no
// events. The server does send such pages (sdk-go PR #1147, sdk-java PR
// #1886), so they are followed, but not forever.
const maxEmptyPages = 100

// FetchHistory downloads the full history of one workflow run from the
// server c is connected to, in c's namespace, and checks it with
// [ValidateHistory]. An empty runID means the workflow's latest run. It
// follows the server's pages to the end of that one run and never into the
// run a continue-as-new started: fetch that one by its run ID.
//
// The history of an open run is what the server has recorded so far. Server
// errors are returned wrapped, as the serviceerror types of
// go.temporal.io/api (errors.As with *serviceerror.NotFound works); a
// corrupt history is a [*CorruptHistoryError] whose Source names the
// workflow and run.
func FetchHistory(ctx context.Context, c *client.Client, workflowID, runID string) (*historypb.History, error) {
	if c == nil {
		return nil, errors.New("replay: FetchHistory needs a client")
	}
	if workflowID == "" {
		return nil, errors.New("replay: FetchHistory needs a workflow ID")
	}
	source := fmt.Sprintf("workflow %q", workflowID)
	if runID != "" {
		source += fmt.Sprintf(" (run %s)", runID)
	}
	service, namespace := c.WorkflowService(), c.Namespace()
	fetchPage := func(ctx context.Context, token []byte) ([]*historypb.HistoryEvent, []byte, error) {
		resp, err := service.GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
			Namespace: namespace,
			// The server binds the page token to the run the first page
			// came from, even when runID is empty.
			Execution:              &commonpb.WorkflowExecution{WorkflowId: workflowID, RunId: runID},
			NextPageToken:          token,
			HistoryEventFilterType: enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT,
		})
		if err != nil {
			if s, ok := status.FromError(err); ok {
				err = serviceerror.FromStatus(s)
			}
			return nil, nil, err
		}
		events, err := pageEvents(resp)
		return events, resp.GetNextPageToken(), err
	}
	events, err := collectPages(ctx, fetchPage)
	if err != nil {
		return nil, fmt.Errorf("replay: fetching the history of %s in namespace %q: %w", source, namespace, err)
	}
	h := &historypb.History{Events: events}
	if err := validateHistory(h, source); err != nil {
		return nil, err
	}
	return h, nil
}

// pageEvents returns a page's events. A server configured to send raw
// history (frontend.sendRawWorkflowHistory) returns them as serialized
// History blobs instead of a History.
func pageEvents(resp *workflowservice.GetWorkflowExecutionHistoryResponse) ([]*historypb.HistoryEvent, error) {
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

// pageFetcher returns one page of history: the events and the token of the
// next page, empty on the last page.
type pageFetcher func(ctx context.Context, token []byte) (events []*historypb.HistoryEvent, next []byte, err error)

// collectPages calls fetch until the next page token is empty and returns
// the events of all pages in order. Pages without events but with a token
// are followed, up to maxEmptyPages in a row; more than maxFetchedEvents
// events in all is an error.
func collectPages(ctx context.Context, fetch pageFetcher) ([]*historypb.HistoryEvent, error) {
	var events []*historypb.HistoryEvent
	var token []byte
	emptyInARow := 0
	for page := 1; ; page++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		batch, next, err := fetch(ctx, token)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", page, err)
		}
		if len(events)+len(batch) > maxFetchedEvents {
			return nil, fmt.Errorf("page %d takes the history past %d events, more than a server lets one run record; stopping", page, maxFetchedEvents)
		}
		events = append(events, batch...)
		if len(next) == 0 {
			return events, nil
		}
		if len(batch) > 0 {
			emptyInARow = 0
		} else if emptyInARow++; emptyInARow >= maxEmptyPages {
			return nil, fmt.Errorf("%d pages in a row, up to page %d, had no events but a next page token; stopping", emptyInARow, page)
		}
		token = next
	}
}

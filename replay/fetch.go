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

	"github.com/workflowdef/workflowdef/internal/historypage"
	"github.com/workflowdef/workflowdef/runtime/client"
)

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
		events, err := historypage.Events(resp)
		return events, resp.GetNextPageToken(), err
	}
	events, err := historypage.Collect(ctx, nil, nil, fetchPage)
	if err != nil {
		return nil, fmt.Errorf("replay: fetching the history of %s in namespace %q: %w", source, namespace, err)
	}
	h := &historypb.History{Events: events}
	if err := validateHistory(h, source); err != nil {
		return nil, err
	}
	return h, nil
}

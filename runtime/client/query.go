package client

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	querypb "go.temporal.io/api/query/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc/status"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

// QueryResult holds a query's answer until it is decoded.
type QueryResult struct {
	payloads *commonpb.Payloads
	dc       converter.DataConverter
}

// HasValue reports whether the query returned a value.
func (r *QueryResult) HasValue() bool { return len(r.payloads.GetPayloads()) > 0 }

// Get decodes the answer into valuePtr.
func (r *QueryResult) Get(valuePtr any) error {
	if !r.HasValue() {
		return errors.New("client: the query returned no value")
	}
	return r.dc.FromPayloads(r.payloads, valuePtr)
}

// QueryWorkflowOptions configure QueryWorkflow.
type QueryWorkflowOptions struct {
	WorkflowID string
	// RunID names the run; empty means the latest.
	RunID     string
	QueryType string
	Args      []any
	// RejectCondition refuses the query, with a *QueryRejectedError, when
	// the workflow is not open (NOT_OPEN) or closed other than by completing
	// (NOT_COMPLETED_CLEANLY). Unspecified queries closed workflows too.
	RejectCondition enumspb.QueryRejectCondition
}

// QueryWorkflow asks a workflow for its state. The workflow's query handler
// runs on a worker, read-only; a closed workflow is replayed to answer.
func (c *Client) QueryWorkflow(ctx context.Context, opts QueryWorkflowOptions) (*QueryResult, error) {
	return c.outbound.QueryWorkflow(ctx, &QueryWorkflowInput{
		WorkflowID: opts.WorkflowID, RunID: opts.RunID, QueryType: opts.QueryType, Args: opts.Args,
		RejectCondition: opts.RejectCondition, Header: Header{},
	})
}

// Query runs a query and decodes its answer as an R.
func Query[R any](ctx context.Context, c *Client, workflowID, runID, queryType string, args ...any) (R, error) {
	var answer R
	res, err := c.QueryWorkflow(ctx, QueryWorkflowOptions{WorkflowID: workflowID, RunID: runID, QueryType: queryType, Args: args})
	if err != nil {
		return answer, err
	}
	err = res.Get(&answer)
	return answer, err
}

func (r *rootOutbound) QueryWorkflow(ctx context.Context, in *QueryWorkflowInput) (*QueryResult, error) {
	if in.QueryType == "" {
		return nil, errors.New("client: the query type is empty")
	}
	if _, ok := enumspb.QueryRejectCondition_name[int32(in.RejectCondition)]; !ok {
		return nil, fmt.Errorf("client: QueryWorkflowOptions.RejectCondition %d is not a QueryRejectCondition", in.RejectCondition)
	}
	args, err := r.c.dc.ToPayloads(in.Args...)
	if err != nil {
		return nil, fmt.Errorf("client: encoding the arguments of query %s: %w", in.QueryType, err)
	}
	resp, err := r.c.service.QueryWorkflow(ctx, &workflowservice.QueryWorkflowRequest{
		Namespace:            r.c.namespace,
		Execution:            &commonpb.WorkflowExecution{WorkflowId: in.WorkflowID, RunId: in.RunID},
		Query:                &querypb.WorkflowQuery{QueryType: in.QueryType, QueryArgs: args, Header: headerProto(in.Header)},
		QueryRejectCondition: in.RejectCondition,
	})
	if err != nil {
		if s, ok := status.FromError(err); ok {
			var failed *serviceerror.QueryFailed
			if errors.As(serviceerror.FromStatus(s), &failed) {
				qerr := &QueryFailedError{WorkflowID: in.WorkflowID, QueryType: in.QueryType, Message: failed.Message, err: failed}
				if failed.Failure != nil {
					qerr.Cause = r.c.fc.FailureToError(failed.Failure)
				}
				return nil, qerr
			}
		}
		return nil, r.c.callError("query "+strconv.Quote(in.QueryType), workflowTarget(in.WorkflowID, in.RunID), err)
	}
	if rejected := resp.GetQueryRejected(); rejected != nil {
		return nil, &QueryRejectedError{WorkflowID: in.WorkflowID, QueryType: in.QueryType, Status: rejected.GetStatus()}
	}
	return &QueryResult{payloads: resp.GetQueryResult(), dc: r.c.dc}, nil
}

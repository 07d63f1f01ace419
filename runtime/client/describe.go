package client

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// WorkflowExecutionInfo describes one workflow execution, as Describe and
// List return it.
type WorkflowExecutionInfo struct {
	WorkflowID       string
	RunID            string
	WorkflowType     string
	TaskQueue        string
	Status           enumspb.WorkflowExecutionStatus
	StartTime        time.Time
	ExecutionTime    time.Time
	CloseTime        time.Time // zero while running
	HistoryLength    int64
	ParentWorkflowID string
	// Memo holds the memo's payloads; decode one with Memo.Get.
	Memo             Memo
	SearchAttributes temporal.SearchAttributes
	// Raw is the server's description, for fields not mirrored here.
	Raw *workflowpb.WorkflowExecutionInfo
}

// Memo is a workflow's memo: payloads decoded on demand with the client's
// data converter.
type Memo struct {
	fields map[string]*commonpb.Payload
	dc     converter.DataConverter
}

// Keys returns the memo's keys.
func (m Memo) Keys() []string {
	keys := make([]string, 0, len(m.fields))
	for k := range m.fields {
		keys = append(keys, k)
	}
	return keys
}

// Get decodes the memo entry key into valuePtr.
func (m Memo) Get(key string, valuePtr any) error {
	p, ok := m.fields[key]
	if !ok {
		return fmt.Errorf("client: memo has no key %q", key)
	}
	return m.dc.FromPayload(p, valuePtr)
}

// WorkflowDescription is what DescribeWorkflow returns.
type WorkflowDescription struct {
	WorkflowExecutionInfo
	// Response is the full server response: pending activities, children,
	// workflow task, configuration.
	Response *workflowservice.DescribeWorkflowExecutionResponse
}

// DescribeWorkflow returns the state of a workflow execution. An empty runID
// means the latest run.
func (c *Client) DescribeWorkflow(ctx context.Context, workflowID, runID string) (*WorkflowDescription, error) {
	return c.outbound.DescribeWorkflow(ctx, &DescribeWorkflowInput{WorkflowID: workflowID, RunID: runID})
}

func (r *rootOutbound) DescribeWorkflow(ctx context.Context, in *DescribeWorkflowInput) (*WorkflowDescription, error) {
	resp, err := r.c.service.DescribeWorkflowExecution(ctx, &workflowservice.DescribeWorkflowExecutionRequest{
		Namespace: r.c.namespace,
		Execution: &commonpb.WorkflowExecution{WorkflowId: in.WorkflowID, RunId: in.RunID},
	})
	if err != nil {
		return nil, r.c.callError("describe workflow", workflowTarget(in.WorkflowID, in.RunID), err)
	}
	return &WorkflowDescription{WorkflowExecutionInfo: r.c.executionInfo(resp.GetWorkflowExecutionInfo()), Response: resp}, nil
}

func (c *Client) executionInfo(raw *workflowpb.WorkflowExecutionInfo) WorkflowExecutionInfo {
	sa, err := temporal.DecodeSearchAttributes(raw.GetSearchAttributes())
	if err != nil {
		// An attribute of a type this SDK does not know must not hide the
		// execution: it is left out (the raw attributes stay in the
		// response) and logged.
		c.logger.Warn("client: search attributes left out of a workflow's description", "workflow_id", raw.GetExecution().GetWorkflowId(), "error", err)
	}
	info := WorkflowExecutionInfo{
		WorkflowID:       raw.GetExecution().GetWorkflowId(),
		RunID:            raw.GetExecution().GetRunId(),
		WorkflowType:     raw.GetType().GetName(),
		TaskQueue:        raw.GetTaskQueue(),
		Status:           raw.GetStatus(),
		HistoryLength:    raw.GetHistoryLength(),
		ParentWorkflowID: raw.GetParentExecution().GetWorkflowId(),
		Memo:             Memo{fields: raw.GetMemo().GetFields(), dc: c.dc},
		SearchAttributes: sa,
		Raw:              raw,
	}
	if t := raw.GetStartTime(); t != nil {
		info.StartTime = t.AsTime()
	}
	if t := raw.GetExecutionTime(); t != nil {
		info.ExecutionTime = t.AsTime()
	}
	if t := raw.GetCloseTime(); t != nil {
		info.CloseTime = t.AsTime()
	}
	return info
}

// ListWorkflows iterates over the executions matching a visibility query
// (for example `WorkflowType = "orders.Process" AND ExecutionStatus =
// "Running"`; empty means all), fetching pages as it goes. Iteration stops
// at the first error, which it yields.
func (c *Client) ListWorkflows(ctx context.Context, query string) iter.Seq2[*WorkflowExecutionInfo, error] {
	return c.outbound.ListWorkflows(ctx, &ListWorkflowsInput{Query: query})
}

func (r *rootOutbound) ListWorkflows(ctx context.Context, in *ListWorkflowsInput) iter.Seq2[*WorkflowExecutionInfo, error] {
	c, query := r.c, in.Query
	return func(yield func(*WorkflowExecutionInfo, error) bool) {
		var token []byte
		for {
			resp, err := c.service.ListWorkflowExecutions(ctx, &workflowservice.ListWorkflowExecutionsRequest{
				Namespace: c.namespace, Query: query, NextPageToken: token,
			})
			if err != nil {
				yield(nil, c.listError(query, err))
				return
			}
			for _, raw := range resp.GetExecutions() {
				info := c.executionInfo(raw)
				if !yield(&info, nil) {
					return
				}
			}
			token = resp.GetNextPageToken()
			if len(token) == 0 {
				return
			}
		}
	}
}

// CountWorkflows counts the executions matching a visibility query.
func (c *Client) CountWorkflows(ctx context.Context, query string) (int64, error) {
	return c.outbound.CountWorkflows(ctx, &ListWorkflowsInput{Query: query})
}

func (r *rootOutbound) CountWorkflows(ctx context.Context, in *ListWorkflowsInput) (int64, error) {
	c, query := r.c, in.Query
	resp, err := c.service.CountWorkflowExecutions(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: c.namespace, Query: query})
	if err != nil {
		return 0, c.listError(query, err)
	}
	return resp.GetCount(), nil
}

func (c *Client) listError(query string, err error) error {
	err = c.callError("list workflows", target{}, err)
	var se *ServiceError
	if errors.As(err, &se) && se.Code.String() == "InvalidArgument" {
		return fmt.Errorf("client: visibility query %q is invalid: %s (see https://docs.temporal.io/list-filter)", query, se.Message)
	}
	return err
}

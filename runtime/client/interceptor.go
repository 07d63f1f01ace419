package client

import (
	"context"
	"iter"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	updatepb "go.temporal.io/api/update/v1"
)

// Interceptor wraps the client's operations, for tracing, auth, metrics or
// header propagation. Interceptors in [Options.Interceptors] run in order,
// the first outermost.
type Interceptor interface {
	// InterceptClient returns an OutboundInterceptor that calls next.
	InterceptClient(next OutboundInterceptor) OutboundInterceptor
}

// OutboundInterceptor is one link of the client's operation chain. Embed
// [OutboundInterceptorBase] to implement only the operations you care about.
// Operations that send to a workflow carry a Header: entries an interceptor
// adds there reach the workflow's inbound interceptors, which is how trace
// context and auth propagate.
type OutboundInterceptor interface {
	StartWorkflow(ctx context.Context, in *StartWorkflowInput) (*WorkflowRun, error)
	SignalWorkflow(ctx context.Context, in *SignalWorkflowInput) error
	SignalWithStartWorkflow(ctx context.Context, in *SignalWithStartWorkflowInput) (*WorkflowRun, error)
	QueryWorkflow(ctx context.Context, in *QueryWorkflowInput) (*QueryResult, error)
	UpdateWorkflow(ctx context.Context, in *UpdateWorkflowInput) (*UpdateHandle, error)
	UpdateWithStartWorkflow(ctx context.Context, in *UpdateWithStartWorkflowInput) (*UpdateHandle, *WorkflowRun, error)
	CancelWorkflow(ctx context.Context, in *CancelWorkflowInput) error
	TerminateWorkflow(ctx context.Context, in *TerminateWorkflowInput) error
	DescribeWorkflow(ctx context.Context, in *DescribeWorkflowInput) (*WorkflowDescription, error)
	GetWorkflowResult(ctx context.Context, in *GetWorkflowResultInput) error
	PollWorkflowUpdate(ctx context.Context, in *PollWorkflowUpdateInput) (*updatepb.Outcome, error)
	ListWorkflows(ctx context.Context, in *ListWorkflowsInput) iter.Seq2[*WorkflowExecutionInfo, error]
	CountWorkflows(ctx context.Context, in *ListWorkflowsInput) (int64, error)
	CompleteActivity(ctx context.Context, in *CompleteActivityInput) error
	RecordActivityHeartbeat(ctx context.Context, in *RecordActivityHeartbeatInput) error
	CreateSchedule(ctx context.Context, in *CreateScheduleInput) (*ScheduleHandle, error)
}

// Header is the Temporal header of a request: payloads keyed by name, sent
// alongside a workflow's arguments.
type Header map[string]*commonpb.Payload

// StartWorkflowInput is the input of StartWorkflow.
type StartWorkflowInput struct {
	Options      StartWorkflowOptions
	WorkflowType string
	Args         []any
	Header       Header
}

// SignalWorkflowInput is the input of SignalWorkflow.
type SignalWorkflowInput struct {
	WorkflowID string
	RunID      string
	SignalName string
	Arg        any
	Header     Header
}

// SignalWithStartWorkflowInput is the input of SignalWithStartWorkflow.
type SignalWithStartWorkflowInput struct {
	Start      StartWorkflowInput
	SignalName string
	SignalArg  any
}

// QueryWorkflowInput is the input of QueryWorkflow.
type QueryWorkflowInput struct {
	WorkflowID      string
	RunID           string
	QueryType       string
	Args            []any
	RejectCondition enumspb.QueryRejectCondition
	Header          Header
}

// UpdateWorkflowInput is the input of UpdateWorkflow.
type UpdateWorkflowInput struct {
	Options UpdateWorkflowOptions
	Header  Header
}

// UpdateWithStartWorkflowInput is the input of UpdateWithStartWorkflow.
type UpdateWithStartWorkflowInput struct {
	Start  StartWorkflowInput
	Update UpdateWorkflowInput
}

// CancelWorkflowInput is the input of CancelWorkflow.
type CancelWorkflowInput struct {
	WorkflowID string
	RunID      string
	Reason     string
	// FirstExecutionRunID, when set, makes the request fail unless the
	// run it reaches belongs to the chain of runs that began with it.
	FirstExecutionRunID string
}

// TerminateWorkflowInput is the input of TerminateWorkflow.
type TerminateWorkflowInput struct {
	WorkflowID string
	RunID      string
	Reason     string
	Details    []any
	// FirstExecutionRunID, as in CancelWorkflowInput.
	FirstExecutionRunID string
}

// DescribeWorkflowInput is the input of DescribeWorkflow.
type DescribeWorkflowInput struct {
	WorkflowID string
	RunID      string
}

// GetWorkflowResultInput is the input of WorkflowRun.Get.
type GetWorkflowResultInput struct {
	WorkflowID string
	RunID      string
	// WorkflowType is known when this client started the run; it is
	// reported in a WorkflowExecutionError.
	WorkflowType string
	Options      GetOptions
	// ValuePtr receives the result; nil ignores it.
	ValuePtr any
}

// PollWorkflowUpdateInput is the input of UpdateHandle.Get's wait for an
// outcome.
type PollWorkflowUpdateInput struct {
	WorkflowID string
	RunID      string
	UpdateID   string
}

// ListWorkflowsInput is the input of ListWorkflows and CountWorkflows.
type ListWorkflowsInput struct {
	Query string
}

// CompleteActivityInput is the input of CompleteActivity.
type CompleteActivityInput struct {
	Activity ActivityRef
	Result   any
	Err      error
}

// RecordActivityHeartbeatInput is the input of RecordActivityHeartbeat.
type RecordActivityHeartbeatInput struct {
	Activity ActivityRef
	Details  []any
}

// OutboundInterceptorBase forwards every operation to Next. Embed it in an
// interceptor and override what you need.
type OutboundInterceptorBase struct {
	Next OutboundInterceptor
}

var _ OutboundInterceptor = OutboundInterceptorBase{}

// StartWorkflow forwards to Next.
func (b OutboundInterceptorBase) StartWorkflow(ctx context.Context, in *StartWorkflowInput) (*WorkflowRun, error) {
	return b.Next.StartWorkflow(ctx, in)
}

// SignalWorkflow forwards to Next.
func (b OutboundInterceptorBase) SignalWorkflow(ctx context.Context, in *SignalWorkflowInput) error {
	return b.Next.SignalWorkflow(ctx, in)
}

// SignalWithStartWorkflow forwards to Next.
func (b OutboundInterceptorBase) SignalWithStartWorkflow(ctx context.Context, in *SignalWithStartWorkflowInput) (*WorkflowRun, error) {
	return b.Next.SignalWithStartWorkflow(ctx, in)
}

// QueryWorkflow forwards to Next.
func (b OutboundInterceptorBase) QueryWorkflow(ctx context.Context, in *QueryWorkflowInput) (*QueryResult, error) {
	return b.Next.QueryWorkflow(ctx, in)
}

// UpdateWorkflow forwards to Next.
func (b OutboundInterceptorBase) UpdateWorkflow(ctx context.Context, in *UpdateWorkflowInput) (*UpdateHandle, error) {
	return b.Next.UpdateWorkflow(ctx, in)
}

// UpdateWithStartWorkflow forwards to Next.
func (b OutboundInterceptorBase) UpdateWithStartWorkflow(ctx context.Context, in *UpdateWithStartWorkflowInput) (*UpdateHandle, *WorkflowRun, error) {
	return b.Next.UpdateWithStartWorkflow(ctx, in)
}

// CancelWorkflow forwards to Next.
func (b OutboundInterceptorBase) CancelWorkflow(ctx context.Context, in *CancelWorkflowInput) error {
	return b.Next.CancelWorkflow(ctx, in)
}

// TerminateWorkflow forwards to Next.
func (b OutboundInterceptorBase) TerminateWorkflow(ctx context.Context, in *TerminateWorkflowInput) error {
	return b.Next.TerminateWorkflow(ctx, in)
}

// DescribeWorkflow forwards to Next.
func (b OutboundInterceptorBase) DescribeWorkflow(ctx context.Context, in *DescribeWorkflowInput) (*WorkflowDescription, error) {
	return b.Next.DescribeWorkflow(ctx, in)
}

// GetWorkflowResult forwards to Next.
func (b OutboundInterceptorBase) GetWorkflowResult(ctx context.Context, in *GetWorkflowResultInput) error {
	return b.Next.GetWorkflowResult(ctx, in)
}

// PollWorkflowUpdate forwards to Next.
func (b OutboundInterceptorBase) PollWorkflowUpdate(ctx context.Context, in *PollWorkflowUpdateInput) (*updatepb.Outcome, error) {
	return b.Next.PollWorkflowUpdate(ctx, in)
}

// ListWorkflows forwards to Next.
func (b OutboundInterceptorBase) ListWorkflows(ctx context.Context, in *ListWorkflowsInput) iter.Seq2[*WorkflowExecutionInfo, error] {
	return b.Next.ListWorkflows(ctx, in)
}

// CountWorkflows forwards to Next.
func (b OutboundInterceptorBase) CountWorkflows(ctx context.Context, in *ListWorkflowsInput) (int64, error) {
	return b.Next.CountWorkflows(ctx, in)
}

// CompleteActivity forwards to Next.
func (b OutboundInterceptorBase) CompleteActivity(ctx context.Context, in *CompleteActivityInput) error {
	return b.Next.CompleteActivity(ctx, in)
}

// RecordActivityHeartbeat forwards to Next.
func (b OutboundInterceptorBase) RecordActivityHeartbeat(ctx context.Context, in *RecordActivityHeartbeatInput) error {
	return b.Next.RecordActivityHeartbeat(ctx, in)
}

// CreateSchedule calls Next; an interceptor's header entries go with every
// workflow the schedule starts.
func (b OutboundInterceptorBase) CreateSchedule(ctx context.Context, in *CreateScheduleInput) (*ScheduleHandle, error) {
	return b.Next.CreateSchedule(ctx, in)
}

// chainInterceptors builds the chain so that interceptors[0] runs first.
func chainInterceptors(interceptors []Interceptor, root OutboundInterceptor) OutboundInterceptor {
	out := root
	for i := len(interceptors) - 1; i >= 0; i-- {
		out = interceptors[i].InterceptClient(out)
	}
	return out
}

// rootOutbound is the end of the chain: it sends the requests.
type rootOutbound struct{ c *Client }

package client

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/internal/historypage"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// StartWorkflowOptions configure a workflow start. TaskQueue is required;
// every other zero value means the server's default.
type StartWorkflowOptions struct {
	// ID is the workflow ID. Empty means a random UUID.
	ID string
	// TaskQueue is the task queue the workflow's worker polls. Required.
	TaskQueue string
	// ExecutionTimeout bounds the whole execution, retries and
	// continue-as-new included. Zero means unlimited.
	ExecutionTimeout time.Duration
	// RunTimeout bounds one run. Zero means ExecutionTimeout.
	RunTimeout time.Duration
	// TaskTimeout bounds one workflow task. Zero means 10s.
	TaskTimeout time.Duration
	// RetryPolicy retries the workflow when it fails. Nil means no retries.
	RetryPolicy *temporal.RetryPolicy
	// IDReusePolicy says whether the ID of a closed execution may be reused.
	IDReusePolicy enumspb.WorkflowIdReusePolicy
	// IDConflictPolicy says what happens when an execution with the ID is
	// running: fail (the default), use it, or terminate it.
	IDConflictPolicy enumspb.WorkflowIdConflictPolicy
	// Memo is unindexed data shown with the execution; values are encoded
	// with the client's data converter.
	Memo map[string]any
	// SearchAttributes are indexed attributes for visibility queries.
	SearchAttributes temporal.SearchAttributes
	// StartDelay postpones the first workflow task. A signal-with-start
	// delivers the signal at once but still waits to run the workflow.
	StartDelay time.Duration
	// Priority sets the priority and fairness of the workflow's tasks.
	Priority *temporal.Priority
	// RequestID deduplicates the start: a retried request with the same ID
	// returns the run the first one started instead of starting another.
	// Empty means a random ID, shared by the client's own retries.
	RequestID string
	// StaticSummary and StaticDetails are shown in the Temporal UI: a
	// one-line summary and longer text, both Markdown.
	StaticSummary string
	StaticDetails string
	// EnableEagerStart asks the server to hand the workflow's first task
	// back in the start's response, to a worker in this process, which
	// saves the round trip through the task queue. It is asked only when
	// a worker of this process polls TaskQueue through this client and has
	// a free workflow-task slot (see [EagerWorkflowExecutor]), the server
	// supports it, and StartDelay is zero; otherwise the start is a normal
	// one. Signal-with-start and update-with-start ignore it: the server
	// offers eager execution to a plain start only.
	EnableEagerStart bool
}

func (o *StartWorkflowOptions) validate(field string) error {
	if o.TaskQueue == "" {
		return fmt.Errorf("%s.TaskQueue is empty: name the task queue the workflow's worker polls", field)
	}
	// In this order on every call, so the error names the same field each time.
	for _, t := range [...]struct {
		name string
		d    time.Duration
	}{{"ExecutionTimeout", o.ExecutionTimeout}, {"RunTimeout", o.RunTimeout}, {"TaskTimeout", o.TaskTimeout}, {"StartDelay", o.StartDelay}} {
		if t.d < 0 {
			return fmt.Errorf("%s.%s is negative (%v)", field, t.name, t.d)
		}
	}
	if _, ok := enumspb.WorkflowIdReusePolicy_name[int32(o.IDReusePolicy)]; !ok {
		return fmt.Errorf("%s.IDReusePolicy %d is not a WorkflowIdReusePolicy", field, o.IDReusePolicy)
	}
	if _, ok := enumspb.WorkflowIdConflictPolicy_name[int32(o.IDConflictPolicy)]; !ok {
		return fmt.Errorf("%s.IDConflictPolicy %d is not a WorkflowIdConflictPolicy", field, o.IDConflictPolicy)
	}
	//lint:ignore SA1019 deprecated, and still sent by callers this check is for
	if o.IDReusePolicy == enumspb.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING && o.IDConflictPolicy != enumspb.WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED {
		// The server refuses the pair; the reuse policy is the older way to
		// say what the conflict policy says now.
		return fmt.Errorf("%s.IDReusePolicy TERMINATE_IF_RUNNING cannot be combined with an IDConflictPolicy (%s here; update-with-start always sets one): use IDConflictPolicy TERMINATE_EXISTING instead", field, enumspb.WorkflowIdConflictPolicy_name[int32(o.IDConflictPolicy)])
	}
	if err := o.RetryPolicy.Validate(field + ".RetryPolicy"); err != nil {
		return err
	}
	return o.Priority.Validate(field + ".Priority")
}

// StartWorkflow starts a workflow and returns a handle to its run. Options
// are validated before any request is sent.
func (c *Client) StartWorkflow(ctx context.Context, opts StartWorkflowOptions, workflowType string, args ...any) (*WorkflowRun, error) {
	return c.outbound.StartWorkflow(ctx, &StartWorkflowInput{Options: opts, WorkflowType: workflowType, Args: args, Header: Header{}})
}

// StartWorkflowAndWait starts a workflow and waits for its result,
// following continue-as-new and retry runs to the end of the chain.
//
// Coming from the official Go SDK: its Client.ExecuteWorkflow only starts
// a workflow and returns a run handle; that is StartWorkflow here.
// StartWorkflowAndWait is StartWorkflow followed by WorkflowRun.Get.
func StartWorkflowAndWait[R any](ctx context.Context, c *Client, opts StartWorkflowOptions, workflowType string, args ...any) (R, error) {
	var result R
	run, err := c.StartWorkflow(ctx, opts, workflowType, args...)
	if err != nil {
		return result, err
	}
	err = run.Get(ctx, &result)
	return result, err
}

func (r *rootOutbound) StartWorkflow(ctx context.Context, in *StartWorkflowInput) (*WorkflowRun, error) {
	req, err := r.c.startRequest(in, "StartWorkflowOptions")
	if err != nil {
		return nil, err
	}
	var slot EagerWorkflowSlot
	if in.Options.EnableEagerStart && in.Options.StartDelay == 0 && r.c.capabilities.GetEagerWorkflowStart() {
		slot = r.c.eagerWorkflows.reserve(req)
	}
	resp, err := r.c.service.StartWorkflowExecution(ctx, req)
	r.c.eagerWorkflows.dispatch(slot, resp.GetEagerWorkflowTask(), err)
	if err != nil {
		return nil, r.c.callError("start workflow", workflowTarget(req.WorkflowId, ""), err)
	}
	return &WorkflowRun{c: r.c, workflowID: req.WorkflowId, runID: resp.GetRunId(), workflowType: in.WorkflowType, started: resp.GetStarted()}, nil
}

// startRequest validates a start and builds its request.
func (c *Client) startRequest(in *StartWorkflowInput, field string) (*workflowservice.StartWorkflowExecutionRequest, error) {
	o := in.Options
	if in.WorkflowType == "" {
		return nil, errors.New("client: the workflow type is empty")
	}
	if err := o.validate(field); err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	input, err := c.dc.ToPayloads(in.Args...)
	if err != nil {
		return nil, fmt.Errorf("client: encoding the arguments of workflow %s: %w", in.WorkflowType, err)
	}
	memo, err := c.encodeMemo(o.Memo)
	if err != nil {
		return nil, err
	}
	sa, err := temporal.EncodeSearchAttributes(o.SearchAttributes)
	if err != nil {
		return nil, fmt.Errorf("client: %s.SearchAttributes: %w", field, err)
	}
	metadata, err := c.userMetadata(o.StaticSummary, o.StaticDetails)
	if err != nil {
		return nil, err
	}
	id := o.ID
	if id == "" {
		id = NewUUID()
	}
	requestID := o.RequestID
	if requestID == "" {
		requestID = NewUUID()
	}
	return &workflowservice.StartWorkflowExecutionRequest{
		Namespace:                c.namespace,
		WorkflowId:               id,
		WorkflowType:             &commonpb.WorkflowType{Name: in.WorkflowType},
		TaskQueue:                &taskqueuepb.TaskQueue{Name: o.TaskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
		Input:                    input,
		WorkflowExecutionTimeout: optionalDuration(o.ExecutionTimeout),
		WorkflowRunTimeout:       optionalDuration(o.RunTimeout),
		WorkflowTaskTimeout:      optionalDuration(o.TaskTimeout),
		Identity:                 c.identity,
		RequestId:                requestID,
		WorkflowIdReusePolicy:    o.IDReusePolicy,
		WorkflowIdConflictPolicy: o.IDConflictPolicy,
		RetryPolicy:              o.RetryPolicy.ToProto(),
		Memo:                     memo,
		SearchAttributes:         sa,
		Header:                   headerProto(in.Header),
		WorkflowStartDelay:       optionalDuration(o.StartDelay),
		UserMetadata:             metadata,
		Priority:                 o.Priority.ToProto(),
	}, nil
}

func (c *Client) encodeMemo(memo map[string]any) (*commonpb.Memo, error) {
	if len(memo) == 0 {
		return nil, nil
	}
	fields := make(map[string]*commonpb.Payload, len(memo))
	for k, v := range memo {
		p, err := c.dc.ToPayload(v)
		if err != nil {
			// As the official client does: a value the client's converter
			// refuses goes through the default one.
			var fallbackErr error
			if p, fallbackErr = converter.Default().ToPayload(v); fallbackErr != nil {
				return nil, fmt.Errorf("client: memo %q: %w", k, err)
			}
		}
		fields[k] = p
	}
	return &commonpb.Memo{Fields: fields}, nil
}

func (c *Client) userMetadata(summary, details string) (*sdkpb.UserMetadata, error) {
	if summary == "" && details == "" {
		return nil, nil
	}
	md := &sdkpb.UserMetadata{}
	var err error
	if summary != "" {
		if md.Summary, err = c.dc.ToPayload(summary); err != nil {
			return nil, fmt.Errorf("client: StaticSummary: %w", err)
		}
	}
	if details != "" {
		if md.Details, err = c.dc.ToPayload(details); err != nil {
			return nil, fmt.Errorf("client: StaticDetails: %w", err)
		}
	}
	return md, nil
}

func headerProto(h Header) *commonpb.Header {
	if len(h) == 0 {
		return nil
	}
	return &commonpb.Header{Fields: h}
}

func optionalDuration(d time.Duration) *durationpb.Duration {
	if d == 0 {
		return nil
	}
	return durationpb.New(d)
}

// WorkflowRun is a handle to a workflow execution: the run a start created,
// or the one GetWorkflow named.
type WorkflowRun struct {
	c            *Client
	workflowID   string
	runID        string
	workflowType string // known when this client started the run
	started      bool
}

// GetWorkflow returns a handle to an existing workflow. An empty runID means
// the latest run of the ID.
func (c *Client) GetWorkflow(workflowID, runID string) *WorkflowRun {
	return &WorkflowRun{c: c, workflowID: workflowID, runID: runID}
}

// ID is the workflow ID.
func (r *WorkflowRun) ID() string { return r.workflowID }

// RunID is the run this handle points at; empty for the latest run.
func (r *WorkflowRun) RunID() string { return r.runID }

// Started reports whether the start call created this run, as opposed to
// finding it running under IDConflictPolicy USE_EXISTING. A start retried
// after a lost answer, which the server deduplicates by its request ID,
// still reports the run as started: the call did create it.
func (r *WorkflowRun) Started() bool { return r.started }

// FirstExecutionRunID is the first run of the chain of runs the handle
// follows (continue-as-new, retries and cron keep a chain; a new start
// under the same workflow ID begins another). It is known only for a run
// this client started, which is the first of its chain; empty otherwise.
// The typed handles send it with cancel, terminate and update requests, so
// that a handle kept after its workflow closed never reaches a later
// workflow that reused the ID.
func (r *WorkflowRun) FirstExecutionRunID() string {
	if r.started {
		return r.runID
	}
	return ""
}

// GetOptions configure [WorkflowRun.GetWithOptions].
type GetOptions struct {
	// DisableFollowingRuns returns the outcome of this run alone, even when
	// it continued as new or is retried in a new run.
	DisableFollowingRuns bool
}

// Get waits for the workflow to close and decodes its result into valuePtr
// (nil to ignore it). It follows continue-as-new, retry and cron runs to the
// last one. A workflow that did not complete returns a
// *temporal.WorkflowExecutionError whose cause says why: the workflow's
// failure, or a CanceledError, TerminatedError or TimeoutError.
func (r *WorkflowRun) Get(ctx context.Context, valuePtr any) error {
	return r.GetWithOptions(ctx, valuePtr, GetOptions{})
}

// GetWithOptions is Get with options.
func (r *WorkflowRun) GetWithOptions(ctx context.Context, valuePtr any, opts GetOptions) error {
	if r.c == nil {
		return fmt.Errorf("client: getting the result of workflow %s: %w", r.workflowID, errNilClient)
	}
	return r.c.outbound.GetWorkflowResult(ctx, &GetWorkflowResultInput{WorkflowID: r.workflowID, RunID: r.runID, WorkflowType: r.workflowType, Options: opts, ValuePtr: valuePtr})
}

func (r *rootOutbound) GetWorkflowResult(ctx context.Context, in *GetWorkflowResultInput) error {
	runID := in.RunID
	if runID == "" {
		// The latest run, resolved now, so that an error names the run
		// that ended as it does for a handle with a run ID.
		resp, err := r.c.service.DescribeWorkflowExecution(ctx, &workflowservice.DescribeWorkflowExecutionRequest{
			Namespace: r.c.namespace,
			Execution: &commonpb.WorkflowExecution{WorkflowId: in.WorkflowID},
		})
		if err != nil {
			return r.c.callError("get workflow result", workflowTarget(in.WorkflowID, ""), err)
		}
		runID = resp.GetWorkflowExecutionInfo().GetExecution().GetRunId()
	}
	for {
		event, err := r.c.closeEvent(ctx, in.WorkflowID, runID)
		if err != nil {
			return err
		}
		next, err := r.c.closeOutcome(event, in.WorkflowID, runID, in.WorkflowType, in.ValuePtr, !in.Options.DisableFollowingRuns)
		if next == "" || in.Options.DisableFollowingRuns {
			return err
		}
		runID = next
	}
}

// emptyPollPause spaces long polls for a close event that come back empty
// at once.
const emptyPollPause = 100 * time.Millisecond

// closeEvent long-polls the history for the run's close event.
func (c *Client) closeEvent(ctx context.Context, workflowID, runID string) (*historypb.HistoryEvent, error) {
	var token []byte
	for {
		asked := time.Now()
		resp, err := c.service.GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
			Namespace:              c.namespace,
			Execution:              &commonpb.WorkflowExecution{WorkflowId: workflowID, RunId: runID},
			WaitNewEvent:           true,
			HistoryEventFilterType: enumspb.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
			SkipArchival:           true,
			NextPageToken:          token,
		})
		if err != nil {
			return nil, c.callError("get workflow result", workflowTarget(workflowID, runID), err)
		}
		// A server may send the page as raw history blobs
		// (frontend.sendRawWorkflowHistory) rather than as events.
		events, err := historypage.Events(resp)
		if err != nil {
			return nil, fmt.Errorf("client: get workflow result of %s: %w", workflowTarget(workflowID, runID), err)
		}
		if len(events) > 0 {
			return events[len(events)-1], nil
		}
		// The long poll expired with the workflow still open: poll again,
		// after a pause if the server answered at once, so a server that
		// keeps answering empty is not called in a tight loop.
		if time.Since(asked) < emptyPollPause {
			t := time.NewTimer(emptyPollPause)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
			}
		}
		token = resp.GetNextPageToken()
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("client: get workflow result (%s): the wait ended, not the workflow: %w", workflowTarget(workflowID, runID), err)
		}
	}
}

// closeOutcome turns a close event into the result or error, and returns the
// next run to follow, if any. A completed cron run's result is decoded only
// when the caller does not follow to the next run, whose result it wants.
func (c *Client) closeOutcome(event *historypb.HistoryEvent, workflowID, runID, workflowType string, valuePtr any, follow bool) (next string, err error) {
	fail := func(f *failurepb.Failure) error {
		return temporal.NewWorkflowExecutionError(workflowID, runID, workflowType, c.fc.FailureToError(f))
	}
	switch event.GetEventType() {
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
		attr := event.GetWorkflowExecutionCompletedEventAttributes()
		// A cron run that completed names the next run the schedule started.
		next := attr.GetNewExecutionRunId()
		if next != "" && follow {
			return next, nil
		}
		if valuePtr == nil || attr.GetResult() == nil {
			return next, nil
		}
		if err := c.dc.FromPayloads(attr.GetResult(), valuePtr); err != nil {
			return next, fmt.Errorf("client: decoding the result of workflow %q (run %s): %w", workflowID, runID, err)
		}
		return next, nil
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
		attr := event.GetWorkflowExecutionFailedEventAttributes()
		return attr.GetNewExecutionRunId(), fail(attr.GetFailure())
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
		// The details are not a failure's: the data converter wrote them.
		details := temporal.NewEncodedValues(event.GetWorkflowExecutionCanceledEventAttributes().GetDetails(), c.dc)
		return "", temporal.NewWorkflowExecutionError(workflowID, runID, workflowType, temporal.NewCanceledError(details))
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
		attr := event.GetWorkflowExecutionTerminatedEventAttributes()
		msg := "terminated"
		if attr.GetReason() != "" {
			msg += ": " + attr.GetReason()
		}
		return "", fail(&failurepb.Failure{Message: msg, FailureInfo: &failurepb.Failure_TerminatedFailureInfo{TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{}}})
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
		attr := event.GetWorkflowExecutionTimedOutEventAttributes()
		return attr.GetNewExecutionRunId(), fail(&failurepb.Failure{Message: "workflow timed out", FailureInfo: &failurepb.Failure_TimeoutFailureInfo{
			TimeoutFailureInfo: &failurepb.TimeoutFailureInfo{TimeoutType: enumspb.TIMEOUT_TYPE_START_TO_CLOSE}}})
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
		attr := event.GetWorkflowExecutionContinuedAsNewEventAttributes()
		next := attr.GetNewExecutionRunId()
		// The new run, as the workflow asked for it: errors.As finds it,
		// as with the official SDK's client.
		continued := &temporal.ContinueAsNewError{
			WorkflowType:         attr.GetWorkflowType().GetName(),
			Input:                attr.GetInput(),
			Header:               attr.GetHeader().GetFields(),
			TaskQueue:            attr.GetTaskQueue().GetName(),
			RunTimeout:           attr.GetWorkflowRunTimeout().AsDuration(),
			TaskTimeout:          attr.GetWorkflowTaskTimeout().AsDuration(),
			BackoffStartInterval: attr.GetBackoffStartInterval().AsDuration(),
			Memo:                 attr.GetMemo(),
			SearchAttributes:     attr.GetSearchAttributes(),
		}
		return next, fmt.Errorf("client: workflow %q (run %s) continued as new in run %s: %w", workflowID, runID, next, continued)
	}
	return "", fmt.Errorf("client: workflow %q (run %s): unexpected close event %s", workflowID, runID, event.GetEventType())
}

// SignalWorkflow sends a signal to a running workflow. An empty runID means
// the latest run.
func (c *Client) SignalWorkflow(ctx context.Context, workflowID, runID, signalName string, arg any) error {
	return c.outbound.SignalWorkflow(ctx, &SignalWorkflowInput{WorkflowID: workflowID, RunID: runID, SignalName: signalName, Arg: arg, Header: Header{}})
}

func (r *rootOutbound) SignalWorkflow(ctx context.Context, in *SignalWorkflowInput) error {
	if in.SignalName == "" {
		return errors.New("client: the signal name is empty")
	}
	input, err := r.c.encodeArg(in.Arg, "signal "+in.SignalName)
	if err != nil {
		return err
	}
	_, err = r.c.service.SignalWorkflowExecution(ctx, &workflowservice.SignalWorkflowExecutionRequest{
		Namespace:         r.c.namespace,
		WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: in.WorkflowID, RunId: in.RunID},
		SignalName:        in.SignalName,
		Input:             input,
		Identity:          r.c.identity,
		RequestId:         NewUUID(),
		Header:            headerProto(in.Header),
	})
	return r.c.callError("signal workflow", workflowTarget(in.WorkflowID, in.RunID), err)
}

// encodeArg encodes a single optional argument: nil sends no payload.
func (c *Client) encodeArg(arg any, what string) (*commonpb.Payloads, error) {
	if arg == nil {
		return nil, nil
	}
	p, err := c.dc.ToPayloads(arg)
	if err != nil {
		return nil, fmt.Errorf("client: encoding the argument of %s: %w", what, err)
	}
	return p, nil
}

// SignalWithStartWorkflow delivers a signal to the workflow with opts.ID,
// starting it first if it is not running.
func (c *Client) SignalWithStartWorkflow(ctx context.Context, opts StartWorkflowOptions, signalName string, signalArg any, workflowType string, args ...any) (*WorkflowRun, error) {
	return c.outbound.SignalWithStartWorkflow(ctx, &SignalWithStartWorkflowInput{
		Start:      StartWorkflowInput{Options: opts, WorkflowType: workflowType, Args: args, Header: Header{}},
		SignalName: signalName,
		SignalArg:  signalArg,
	})
}

func (r *rootOutbound) SignalWithStartWorkflow(ctx context.Context, in *SignalWithStartWorkflowInput) (*WorkflowRun, error) {
	if in.SignalName == "" {
		return nil, errors.New("client: the signal name is empty")
	}
	if in.Start.Options.IDConflictPolicy == enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL {
		// The server refuses it: signal-with-start is for reaching the
		// running workflow.
		return nil, errors.New("client: signal-with-start needs StartWorkflowOptions.IDConflictPolicy USE_EXISTING, TERMINATE_EXISTING or unspecified, not FAIL")
	}
	start, err := r.c.startRequest(&in.Start, "StartWorkflowOptions")
	if err != nil {
		return nil, err
	}
	signal, err := r.c.encodeArg(in.SignalArg, "signal "+in.SignalName)
	if err != nil {
		return nil, err
	}
	resp, err := r.c.service.SignalWithStartWorkflowExecution(ctx, &workflowservice.SignalWithStartWorkflowExecutionRequest{
		Namespace:                start.Namespace,
		WorkflowId:               start.WorkflowId,
		WorkflowType:             start.WorkflowType,
		TaskQueue:                start.TaskQueue,
		Input:                    start.Input,
		WorkflowExecutionTimeout: start.WorkflowExecutionTimeout,
		WorkflowRunTimeout:       start.WorkflowRunTimeout,
		WorkflowTaskTimeout:      start.WorkflowTaskTimeout,
		Identity:                 start.Identity,
		RequestId:                start.RequestId,
		WorkflowIdReusePolicy:    start.WorkflowIdReusePolicy,
		WorkflowIdConflictPolicy: start.WorkflowIdConflictPolicy,
		SignalName:               in.SignalName,
		SignalInput:              signal,
		RetryPolicy:              start.RetryPolicy,
		Memo:                     start.Memo,
		SearchAttributes:         start.SearchAttributes,
		Header:                   start.Header,
		WorkflowStartDelay:       start.WorkflowStartDelay,
		UserMetadata:             start.UserMetadata,
		Priority:                 start.Priority,
	})
	if err != nil {
		return nil, r.c.callError("signal-with-start workflow", workflowTarget(start.WorkflowId, ""), err)
	}
	return &WorkflowRun{c: r.c, workflowID: start.WorkflowId, runID: resp.GetRunId(), workflowType: in.Start.WorkflowType, started: resp.GetStarted()}, nil
}

// CancelWorkflow asks a workflow to cancel. The workflow decides how: its
// context is cancelled and it may clean up before it closes as cancelled.
func (c *Client) CancelWorkflow(ctx context.Context, workflowID, runID, reason string) error {
	return c.outbound.CancelWorkflow(ctx, &CancelWorkflowInput{WorkflowID: workflowID, RunID: runID, Reason: reason})
}

func (r *rootOutbound) CancelWorkflow(ctx context.Context, in *CancelWorkflowInput) error {
	_, err := r.c.service.RequestCancelWorkflowExecution(ctx, &workflowservice.RequestCancelWorkflowExecutionRequest{
		Namespace:           r.c.namespace,
		WorkflowExecution:   &commonpb.WorkflowExecution{WorkflowId: in.WorkflowID, RunId: in.RunID},
		Identity:            r.c.identity,
		RequestId:           NewUUID(),
		Reason:              in.Reason,
		FirstExecutionRunId: in.FirstExecutionRunID,
	})
	return r.c.callError("cancel workflow", workflowTarget(in.WorkflowID, in.RunID), err)
}

// TerminateWorkflow ends a workflow at once, without running any of its
// code. Prefer CancelWorkflow, which lets it clean up.
func (c *Client) TerminateWorkflow(ctx context.Context, workflowID, runID, reason string, details ...any) error {
	return c.outbound.TerminateWorkflow(ctx, &TerminateWorkflowInput{WorkflowID: workflowID, RunID: runID, Reason: reason, Details: details})
}

func (r *rootOutbound) TerminateWorkflow(ctx context.Context, in *TerminateWorkflowInput) error {
	details, err := r.c.dc.ToPayloads(in.Details...)
	if err != nil {
		return fmt.Errorf("client: encoding termination details: %w", err)
	}
	_, err = r.c.service.TerminateWorkflowExecution(ctx, &workflowservice.TerminateWorkflowExecutionRequest{
		Namespace:           r.c.namespace,
		WorkflowExecution:   &commonpb.WorkflowExecution{WorkflowId: in.WorkflowID, RunId: in.RunID},
		Reason:              in.Reason,
		Details:             details,
		Identity:            r.c.identity,
		FirstExecutionRunId: in.FirstExecutionRunID,
	})
	return r.c.callError("terminate workflow", workflowTarget(in.WorkflowID, in.RunID), err)
}

// NewUUID returns a random version 4 UUID from crypto/rand: the IDs the
// client makes up, and `{$uuid}` in generated code's templates. Workflow
// code draws its UUIDs from workflow.NewUUID instead, which replays.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

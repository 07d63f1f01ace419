//lint:file-ignore SA1019 The official SDK still writes and reads the deprecated Namespace and Control fields of these commands; histories depend on them.

package engine

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	historypb "go.temporal.io/api/history/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/runtime/internal/commands"
	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// ChildWorkflowOptions configure a child workflow.
type ChildWorkflowOptions struct {
	// WorkflowID is the child's ID; empty means "<run ID>_<event ID>", as in
	// the official SDK.
	WorkflowID string
	// Namespace is the child's namespace; empty means the parent's.
	Namespace string
	// TaskQueue is the child's task queue; empty means the parent's.
	TaskQueue                string
	WorkflowExecutionTimeout time.Duration
	WorkflowRunTimeout       time.Duration
	WorkflowTaskTimeout      time.Duration
	RetryPolicy              *temporal.RetryPolicy
	WorkflowIDReusePolicy    enumspb.WorkflowIdReusePolicy
	ParentClosePolicy        enumspb.ParentClosePolicy
	// WaitForCancellation is kept for the official SDK's API; that SDK
	// (v1.51.0) stores it for children and never reads it, so a cancelled
	// child's future resolves when the child closes whatever its value.
	// Doing otherwise for false, its zero value, would change when every
	// workflow that cancels a child goes on, and so its commands: set
	// CancellationType to resolve sooner.
	WaitForCancellation bool
	// CancellationType says when a cancelled child's future resolves: by
	// default when the child closes, as in the official Go SDK. The cancel
	// request sent, and the commands, are the same for every type.
	CancellationType ChildWorkflowCancellationType
	Memo             map[string]any
	SearchAttributes temporal.SearchAttributes
	Priority         *temporal.Priority
}

// ChildWorkflowCancellationType says when the future of a child whose
// context was cancelled resolves. The names are those of the other
// official SDKs' child cancellation types and of the Go SDK's Nexus
// operation cancellation types.
type ChildWorkflowCancellationType int

const (
	// ChildWorkflowCancellationWaitCompleted, the default, resolves the
	// future when the child closes, with how it closed: cancelled, or
	// completed or failed if it ignored the request.
	ChildWorkflowCancellationWaitCompleted ChildWorkflowCancellationType = iota
	// ChildWorkflowCancellationWaitRequested fails the future with
	// ErrCanceled once the server recorded the cancel request
	// (ExternalWorkflowExecutionCancelRequested), without waiting for the
	// child to close. If the request fails, the child already closed, and
	// the future resolves with how it closed.
	ChildWorkflowCancellationWaitRequested
	// ChildWorkflowCancellationTryCancel fails the future with ErrCanceled
	// as soon as the workflow asks the child to cancel.
	ChildWorkflowCancellationTryCancel
)

// ChildWorkflowFuture is a child's result; GetChildWorkflowExecution is
// ready once the child started, with its workflow ID and run ID.
type ChildWorkflowFuture interface {
	Future
	GetChildWorkflowExecution() Future
	// SignalChildWorkflow waits until the child started, then signals it.
	SignalChildWorkflow(ctx Context, signalName string, arg any) Future
}

// WorkflowExecution names a run.
type WorkflowExecution struct {
	ID    string
	RunID string
}

type childFuture struct {
	Future
	execution Future
}

func (f *childFuture) GetChildWorkflowExecution() Future { return f.execution }

// FailedChildWorkflow is a child that could not even be asked for: its
// result, its start and any signal to it fail with err. It goes into a
// Selector like a child that started.
func FailedChildWorkflow(err error) ChildWorkflowFuture {
	f, set := NewFuture(nil)
	set.SetError(err)
	return &childFuture{Future: f, execution: f}
}

func (f *childFuture) SignalChildWorkflow(ctx Context, signalName string, arg any) Future {
	var exec WorkflowExecution
	if err := f.execution.Get(ctx, &exec); err != nil {
		failed, set := NewFuture(nil)
		set.SetError(err)
		return failed
	}
	out, header := executionOf(ctx).outbound()
	return out.SignalChildWorkflow(ctx, &SignalChildWorkflowInput{WorkflowID: exec.ID, SignalName: signalName, Arg: arg, Header: header})
}

type pendingChild struct {
	machine               *commands.ChildMachine
	workflowType          string
	namespace             string
	setResult, setStarted Settable
	result, started       Future
	initiatedEventID      int64
	startedEventID        int64
	stopWatching          cancelWatch
	watch                 func()
	cancellationType      ChildWorkflowCancellationType
}

// resolve sets the child's result unless a cancellation that does not wait
// for the child to close set it first.
func (p *pendingChild) resolve(result *commonpb.Payloads, err error) {
	switch {
	case p.result.IsReady():
	case err != nil:
		p.setResult.SetError(err)
	default:
		p.setResult.SetValue(result)
	}
}

// ExecuteChildWorkflow starts a child workflow, through the run's outbound
// chain. Cancelling ctx after the child started asks it to cancel; its
// future resolves when it closes.
func ExecuteChildWorkflow(ctx Context, opts ChildWorkflowOptions, workflowType string, args ...any) ChildWorkflowFuture {
	out, header := executionOf(ctx).outbound()
	return out.StartChildWorkflow(ctx, &StartChildWorkflowInput{WorkflowType: workflowType, Options: opts, Args: args, Header: header})
}

func startChildWorkflow(ctx Context, in *StartChildWorkflowInput) ChildWorkflowFuture {
	assertWritable(ctx, "ExecuteChildWorkflow")
	x := executionOf(ctx)
	opts, workflowType := in.Options, in.WorkflowType
	dc := x.callConverter(ctx)
	result, setResult := NewFuture(dc)
	started, setStarted := NewFuture(dc)
	cf := &childFuture{Future: result, execution: started}
	if err := ctx.Err(); err != nil {
		// Already cancelled: nothing is started, no ID is taken.
		setResult.SetError(err)
		setStarted.SetError(err)
		return cf
	}
	fail := func(err error) ChildWorkflowFuture {
		setResult.SetError(err)
		// The official SDK fails the start future too only under flag 2;
		// before it, that future never resolved.
		if x.flags.TryUse(FlagChildWorkflowErrorExecution) {
			setStarted.SetError(err)
		}
		return cf
	}
	// Recorded for every child, as in the official SDK.
	userMemoDC := x.flags.TryUse(FlagMemoUserDCEncode)
	if err := negativeDuration("ChildWorkflowOptions", namedDuration{"WorkflowExecutionTimeout", opts.WorkflowExecutionTimeout},
		namedDuration{"WorkflowRunTimeout", opts.WorkflowRunTimeout}, namedDuration{"WorkflowTaskTimeout", opts.WorkflowTaskTimeout}); err != nil {
		return fail(fmt.Errorf("workflow: %w", err))
	}
	// The server refuses the command on every workflow task otherwise.
	if err := opts.RetryPolicy.Validate("ChildWorkflowOptions.RetryPolicy"); err != nil {
		return fail(fmt.Errorf("workflow: child workflow %s: %w", workflowType, err))
	}
	id := opts.WorkflowID
	if id == "" {
		id = x.currentRunID + "_" + strconv.FormatInt(x.nextCommandID(), 10)
	}
	input, err := dc.ToPayloads(in.Args...)
	if err != nil {
		panic(fmt.Errorf("workflow: encoding the arguments of child workflow %s: %w", workflowType, err))
	}
	var memo *commonpb.Memo
	if len(opts.Memo) > 0 {
		memo = &commonpb.Memo{Fields: map[string]*commonpb.Payload{}}
		for k, v := range opts.Memo {
			// The worker's converter, not the call's, as in the official
			// SDK: the memo is the workflow's, read by anyone listing it.
			p, err := encodeMemoValue(x.params.DataConverter, v, userMemoDC)
			if err != nil {
				return fail(fmt.Errorf("workflow: child memo %q: %w", k, err))
			}
			memo.Fields[k] = p
		}
	}
	sa, err := temporal.EncodeSearchAttributes(opts.SearchAttributes)
	if err != nil {
		return fail(fmt.Errorf("workflow: child search attributes: %w", err))
	}
	namespace := opts.Namespace
	if namespace == "" {
		namespace = x.params.Namespace
	}
	taskQueue := opts.TaskQueue
	if taskQueue == "" {
		taskQueue = x.info.TaskQueue
	}
	m, err := x.machines.StartChild(&commandpb.StartChildWorkflowExecutionCommandAttributes{
		Namespace:                namespace,
		WorkflowId:               id,
		WorkflowType:             &commonpb.WorkflowType{Name: workflowType},
		TaskQueue:                &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
		Input:                    input,
		Header:                   commandHeader(in.Header),
		WorkflowExecutionTimeout: durationpb.New(opts.WorkflowExecutionTimeout),
		WorkflowRunTimeout:       durationpb.New(opts.WorkflowRunTimeout),
		WorkflowTaskTimeout:      durationpb.New(opts.WorkflowTaskTimeout),
		ParentClosePolicy:        opts.ParentClosePolicy,
		WorkflowIdReusePolicy:    opts.WorkflowIDReusePolicy,
		RetryPolicy:              opts.RetryPolicy.ToProto(),
		Memo:                     memo,
		SearchAttributes:         sa,
		Priority:                 opts.Priority.ToProto(),
	})
	var dup *commands.DuplicateIDError
	if errors.As(err, &dup) {
		// A child of this run has the ID: the official SDK's error, with
		// no command sent.
		return fail(&temporal.ChildWorkflowExecutionAlreadyStartedError{})
	}
	if err != nil {
		return fail(fmt.Errorf("workflow: child workflow %q: %w", id, err))
	}
	p := &pendingChild{machine: m, workflowType: workflowType, namespace: namespace, setResult: setResult, setStarted: setStarted,
		result: result, started: started, cancellationType: opts.CancellationType}
	lazymap.Put(&x.children, id, p)
	// Cancellation is wired once the child started: cancelling earlier
	// takes effect then, as in the official SDK.
	p.watch = func() {
		p.stopWatching = watchCancel(ctx, func() {
			if !result.IsReady() {
				if err := p.machine.Cancel(); err != nil {
					x.fail(err)
					return
				}
				if p.cancellationType == ChildWorkflowCancellationTryCancel {
					p.setResult.SetError(ErrCanceled)
				}
			}
		})
	}
	return cf
}

func (x *Execution) handleChildEvent(e *historypb.HistoryEvent) error {
	m, err := x.machines.HandleChildEvent(e)
	if err != nil || m == nil {
		return err
	}
	id := m.Key().ID
	p := x.children[id]
	if p == nil {
		return nil
	}
	childErr := func(runID string, retry enumspb.RetryState, cause error) error {
		return temporal.NewChildWorkflowExecutionError(temporal.ChildWorkflowExecutionErrorOptions{
			Namespace: p.namespace, WorkflowID: id, RunID: runID, WorkflowType: p.workflowType,
			InitiatedEventID: p.initiatedEventID, StartedEventID: p.startedEventID, RetryState: retry, Cause: cause,
		})
	}
	fc := x.params.FailureConverter
	done := true
	switch e.GetEventType() {
	case enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
		p.initiatedEventID = e.GetEventId()
		done = false
	case enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED:
		a := e.GetStartChildWorkflowExecutionFailedEventAttributes()
		// The official SDK's shape: the child's error, with the cause as
		// an error type of its own, and the result first, then the start,
		// so a Selector waiting on both runs the same case.
		var cause error
		switch a.GetCause() {
		case enumspb.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS:
			cause = &temporal.ChildWorkflowExecutionAlreadyStartedError{}
		case enumspb.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND:
			cause = temporal.NewApplicationError("namespace not found", "NamespaceNotFoundError")
		case enumspb.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_INVALID_VERSIONING_OVERRIDE:
			cause = temporal.NewApplicationError("invalid versioning override", "InvalidVersioningOverrideError")
		default:
			cause = fmt.Errorf("unable to start child workflow for unknown cause: %v", a.GetCause())
		}
		err := temporal.NewChildWorkflowExecutionError(temporal.ChildWorkflowExecutionErrorOptions{
			Namespace: a.GetNamespace(), WorkflowID: id, WorkflowType: a.GetWorkflowType().GetName(),
			InitiatedEventID: a.GetInitiatedEventId(), RetryState: enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE, Cause: cause,
		})
		p.setResult.SetError(err)
		p.setStarted.SetError(err)
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
		a := e.GetChildWorkflowExecutionStartedEventAttributes()
		p.startedEventID = e.GetEventId()
		if !p.started.IsReady() {
			p.setStarted.SetValue(WorkflowExecution{ID: id, RunID: a.GetWorkflowExecution().GetRunId()})
		}
		p.watch()
		done = false
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
		p.resolve(e.GetChildWorkflowExecutionCompletedEventAttributes().GetResult(), nil)
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
		a := e.GetChildWorkflowExecutionFailedEventAttributes()
		p.resolve(nil, childErr(a.GetWorkflowExecution().GetRunId(), a.GetRetryState(), fc.FailureToError(a.GetFailure())))
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
		a := e.GetChildWorkflowExecutionTimedOutEventAttributes()
		p.resolve(nil, childErr(a.GetWorkflowExecution().GetRunId(), a.GetRetryState(),
			fc.FailureToError(&failurepb.Failure{Message: "Child workflow timeout", FailureInfo: &failurepb.Failure_TimeoutFailureInfo{TimeoutFailureInfo: &failurepb.TimeoutFailureInfo{TimeoutType: enumspb.TIMEOUT_TYPE_START_TO_CLOSE}}})))
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
		a := e.GetChildWorkflowExecutionTerminatedEventAttributes()
		p.resolve(nil, childErr(a.GetWorkflowExecution().GetRunId(), enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE, temporal.NewTerminatedError()))
	case enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
		a := e.GetChildWorkflowExecutionCanceledEventAttributes()
		p.resolve(nil, childErr(a.GetWorkflowExecution().GetRunId(), enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE,
			temporal.NewCanceledError(temporal.NewEncodedValues(a.GetDetails(), x.params.DataConverter))))
	}
	if done {
		p.stopWatching.stop()
		lazymap.Drop(&x.children, id)
	}
	return nil
}

// SignalExternalWorkflow sends a signal to another workflow, through the
// run's outbound chain. The future resolves when the server delivered it, or
// failed to.
func SignalExternalWorkflow(ctx Context, namespace, workflowID, runID, signalName string, arg any) Future {
	out, header := executionOf(ctx).outbound()
	return out.SignalExternalWorkflow(ctx, &SignalExternalWorkflowInput{Namespace: namespace, WorkflowID: workflowID, RunID: runID,
		SignalName: signalName, Arg: arg, Header: header})
}

func signalExternal(ctx Context, namespace, workflowID, runID, signalName string, arg any, header map[string]*commonpb.Payload, childOnly bool) Future {
	assertWritable(ctx, "SignalExternalWorkflow")
	x := executionOf(ctx)
	dc := x.callConverter(ctx)
	f, set := NewFuture(dc)
	if workflowID == "" {
		set.SetError(errWorkflowIDNotSet)
		return f
	}
	control := strconv.FormatInt(x.nextCommandID(), 10)
	input, err := dc.ToPayloads(arg)
	if err != nil {
		set.SetError(fmt.Errorf("workflow: encoding signal %s: %w", signalName, err))
		return f
	}
	if namespace == "" {
		namespace = x.params.Namespace
	}
	if err := x.machines.SignalExternal(&commandpb.SignalExternalWorkflowExecutionCommandAttributes{
		Namespace: namespace, Execution: &commonpb.WorkflowExecution{WorkflowId: workflowID, RunId: runID},
		SignalName: signalName, Input: input, Control: control, ChildWorkflowOnly: childOnly, Header: commandHeader(header),
	}); err != nil {
		set.SetError(err)
		return f
	}
	lazymap.Put(&x.externals, commands.Key{Kind: commands.KindSignalExternal, ID: control}, set)
	return f
}

// errWorkflowIDNotSet is the official SDK's error for an external workflow
// call without a workflow ID.
var errWorkflowIDNotSet = errors.New("workflowId is not set")

// RequestCancelExternalWorkflow asks another workflow to cancel.
func RequestCancelExternalWorkflow(ctx Context, namespace, workflowID, runID string) Future {
	assertWritable(ctx, "RequestCancelExternalWorkflow")
	x := executionOf(ctx)
	f, set := NewFuture(x.params.DataConverter)
	if workflowID == "" {
		set.SetError(errWorkflowIDNotSet)
		return f
	}
	control := strconv.FormatInt(x.nextCommandID(), 10)
	if namespace == "" {
		namespace = x.params.Namespace
	}
	if err := x.machines.CancelExternal(&commandpb.RequestCancelExternalWorkflowExecutionCommandAttributes{
		Namespace: namespace, WorkflowId: workflowID, RunId: runID, Control: control,
	}); err != nil {
		set.SetError(err)
		return f
	}
	lazymap.Put(&x.externals, commands.Key{Kind: commands.KindCancelExternal, ID: control}, set)
	return f
}

func (x *Execution) handleExternalEvent(e *historypb.HistoryEvent) error {
	out, err := x.machines.HandleExternalEvent(e)
	if err != nil || out == nil {
		return err
	}
	if out.Kind == commands.KindChildWorkflow && !out.Failed &&
		e.GetEventType() == enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED {
		if p := x.children[out.ChildID]; p != nil && p.cancellationType == ChildWorkflowCancellationWaitRequested && !p.result.IsReady() {
			p.setResult.SetError(ErrCanceled)
		}
		return nil
	}
	if !out.Done {
		return nil
	}
	key := commands.Key{Kind: out.Kind, ID: out.Control}
	set, ok := x.externals[key]
	if !ok {
		return nil
	}
	lazymap.Drop(&x.externals, key)
	if !out.Failed {
		set.SetValue(nil)
		return nil
	}
	set.SetError(externalFailure(e))
	return nil
}

// externalFailure is the error a failed signal or cancel request to another
// workflow resolves with: the official SDK's typed errors for its two
// causes, which workflow code tests with errors.As.
func externalFailure(e *historypb.HistoryEvent) error {
	if a := e.GetSignalExternalWorkflowExecutionFailedEventAttributes(); a != nil {
		switch a.GetCause() {
		case enumspb.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND:
			return &temporal.UnknownExternalWorkflowExecutionError{}
		case enumspb.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND:
			return &temporal.NamespaceNotFoundError{}
		}
		return fmt.Errorf("workflow: the signal to another workflow failed: %s", a.GetCause())
	}
	a := e.GetRequestCancelExternalWorkflowExecutionFailedEventAttributes()
	switch a.GetCause() {
	case enumspb.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND:
		return &temporal.UnknownExternalWorkflowExecutionError{}
	case enumspb.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND:
		return &temporal.NamespaceNotFoundError{}
	}
	return fmt.Errorf("workflow: the cancel request to another workflow failed: %s", a.GetCause())
}

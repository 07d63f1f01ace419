package engine

import (
	commonpb "go.temporal.io/api/common/v1"
)

// This file holds the outbound path of a run. Every call workflow code makes
// that sends a Temporal header (an activity, a local activity, a child, a
// signal, continue-as-new) goes through the run's WorkflowOutbound before it
// becomes a command, so interceptors (runtime/interceptor) can write the
// header that carries trace context and auth to the other side.

// WorkflowOutbound carries the calls a workflow run makes out of itself. The
// run's chain is installed once, with SetWorkflowOutbound, and serves all of
// its code: the workflow function, its goroutines and its handlers.
//
// Each call starts with an empty Header in its input, as in the official
// SDK: the run's own start header is not copied. What links of the chain
// write there is sent with the call.
type WorkflowOutbound interface {
	// StartActivity schedules an activity: workflow.ExecuteActivity.
	StartActivity(ctx Context, in *StartActivityInput) Future
	// StartLocalActivity runs a local activity:
	// workflow.ExecuteLocalActivity. Its header reaches the activity
	// interceptors of the worker that runs it.
	StartLocalActivity(ctx Context, in *StartLocalActivityInput) Future
	// StartChildWorkflow starts a child workflow:
	// workflow.ExecuteChildWorkflow.
	StartChildWorkflow(ctx Context, in *StartChildWorkflowInput) ChildWorkflowFuture
	// SignalChildWorkflow signals a started child:
	// ChildWorkflowFuture.SignalChildWorkflow.
	SignalChildWorkflow(ctx Context, in *SignalChildWorkflowInput) Future
	// SignalExternalWorkflow signals another workflow:
	// workflow.SignalExternalWorkflow.
	SignalExternalWorkflow(ctx Context, in *SignalExternalWorkflowInput) Future
	// ContinueAsNew returns the error that continues the run as new:
	// workflow.NewContinueAsNewError. Its header is the new run's start
	// header.
	ContinueAsNew(ctx Context, in *ContinueAsNewInput) error
}

// StartActivityInput is an activity call.
type StartActivityInput struct {
	ActivityType string
	Options      ActivityOptions
	// Args are the values the workflow passed, not yet encoded.
	Args []any
	// Header is sent with the activity; interceptors write in it.
	Header map[string]*commonpb.Payload
}

// StartLocalActivityInput is a local activity call.
type StartLocalActivityInput struct {
	ActivityType string
	// Function is the function the workflow passed; nil when it named a
	// registered activity.
	Function any
	Options  LocalActivityOptions
	Args     []any
	// Header goes to the activity interceptors with every attempt.
	Header map[string]*commonpb.Payload
}

// StartChildWorkflowInput is a child workflow call.
type StartChildWorkflowInput struct {
	WorkflowType string
	Options      ChildWorkflowOptions
	Args         []any
	// Header is the child's start header.
	Header map[string]*commonpb.Payload
}

// SignalChildWorkflowInput is a signal to a started child.
type SignalChildWorkflowInput struct {
	WorkflowID string
	SignalName string
	Arg        any
	// Header is sent with the signal.
	Header map[string]*commonpb.Payload
}

// SignalExternalWorkflowInput is a signal to another workflow.
type SignalExternalWorkflowInput struct {
	// Namespace is the target's namespace; empty means the run's.
	Namespace  string
	WorkflowID string
	// RunID is the target run; empty means its latest.
	RunID      string
	SignalName string
	Arg        any
	// Header is sent with the signal.
	Header map[string]*commonpb.Payload
}

// ContinueAsNewInput is a call to continue the run as new.
type ContinueAsNewInput struct {
	// WorkflowType is the new run's type, the current one unless the
	// workflow named another.
	WorkflowType string
	// Options change what the new run gets; zero fields keep the current
	// run's.
	Options ContinueAsNewOptions
	Args    []any
	// Header is the new run's start header.
	Header map[string]*commonpb.Payload
}

// SetWorkflowOutbound makes o the chain every later call of ctx's run goes
// through. A nil o restores the root, which sends the calls as they are.
func SetWorkflowOutbound(ctx Context, o WorkflowOutbound) {
	if _, root := o.(rootOutbound); root {
		o = nil // no link wrapped it: calls need no header map
	}
	x := executionOf(ctx)
	if o == nil && x.intercepted == nil {
		return
	}
	x.interception().outbound = o
}

// RootWorkflowOutbound returns the end of every outbound chain: it turns the
// calls into commands (and local activity requests) with their headers.
func RootWorkflowOutbound() WorkflowOutbound { return rootOutbound{} }

// outbound returns the chain a call of the run goes through, and the header
// the call starts with. Without interceptors no header map is made: the
// root sends an empty header, as the official SDK does.
func (x *Execution) outbound() (WorkflowOutbound, map[string]*commonpb.Payload) {
	if x.intercepted == nil || x.intercepted.outbound == nil {
		return rootOutbound{}, nil
	}
	return x.intercepted.outbound, map[string]*commonpb.Payload{}
}

// rootOutbound sends calls as they are.
type rootOutbound struct{}

func (rootOutbound) StartActivity(ctx Context, in *StartActivityInput) Future {
	return startActivity(ctx, in)
}

func (rootOutbound) StartLocalActivity(ctx Context, in *StartLocalActivityInput) Future {
	return startLocalActivity(ctx, in)
}

func (rootOutbound) StartChildWorkflow(ctx Context, in *StartChildWorkflowInput) ChildWorkflowFuture {
	return startChildWorkflow(ctx, in)
}

func (rootOutbound) SignalChildWorkflow(ctx Context, in *SignalChildWorkflowInput) Future {
	return signalExternal(ctx, "", in.WorkflowID, "", in.SignalName, in.Arg, in.Header, true)
}

func (rootOutbound) SignalExternalWorkflow(ctx Context, in *SignalExternalWorkflowInput) Future {
	return signalExternal(ctx, in.Namespace, in.WorkflowID, in.RunID, in.SignalName, in.Arg, in.Header, false)
}

func (rootOutbound) ContinueAsNew(ctx Context, in *ContinueAsNewInput) error {
	return continueAsNewError(ctx, in)
}

// WriteHeaders returns a link that calls write with each call's input and
// header, then passes the call to next.
func WriteHeaders(next WorkflowOutbound, write func(ctx Context, in any, header map[string]*commonpb.Payload)) WorkflowOutbound {
	return headerWriter{next: next, write: write}
}

type headerWriter struct {
	next  WorkflowOutbound
	write func(ctx Context, in any, header map[string]*commonpb.Payload)
}

func (w headerWriter) StartActivity(ctx Context, in *StartActivityInput) Future {
	w.write(ctx, in, in.Header)
	return w.next.StartActivity(ctx, in)
}

func (w headerWriter) StartLocalActivity(ctx Context, in *StartLocalActivityInput) Future {
	w.write(ctx, in, in.Header)
	return w.next.StartLocalActivity(ctx, in)
}

func (w headerWriter) StartChildWorkflow(ctx Context, in *StartChildWorkflowInput) ChildWorkflowFuture {
	w.write(ctx, in, in.Header)
	return w.next.StartChildWorkflow(ctx, in)
}

func (w headerWriter) SignalChildWorkflow(ctx Context, in *SignalChildWorkflowInput) Future {
	w.write(ctx, in, in.Header)
	return w.next.SignalChildWorkflow(ctx, in)
}

func (w headerWriter) SignalExternalWorkflow(ctx Context, in *SignalExternalWorkflowInput) Future {
	w.write(ctx, in, in.Header)
	return w.next.SignalExternalWorkflow(ctx, in)
}

func (w headerWriter) ContinueAsNew(ctx Context, in *ContinueAsNewInput) error {
	w.write(ctx, in, in.Header)
	return w.next.ContinueAsNew(ctx, in)
}

// commandHeader is a call's header as a command carries it: always present,
// empty when nothing was written, as the official SDK sends it.
func commandHeader(fields map[string]*commonpb.Payload) *commonpb.Header {
	return &commonpb.Header{Fields: fields}
}

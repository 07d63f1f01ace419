package engine

import (
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
)

// WorkflowHandlers carries the calls into a workflow run from outside:
// signals, queries, and updates (validated, then executed). The run's
// chain is built once, when the run starts (Params.InterceptHandlers), so
// that it sees every signal, even those in the run's first task; its root
// delivers each call as the run would without it.
type WorkflowHandlers interface {
	// HandleSignal delivers a signal to the run's signal channel. It runs
	// while history events are applied, outside any coroutine: it must
	// not block. An error fails the workflow task.
	HandleSignal(ctx Context, in *HandleSignalInput) error
	// HandleQuery answers a query, read-only.
	HandleQuery(ctx Context, in *HandleQueryInput) (*commonpb.Payloads, error)
	// ValidateUpdate runs the update's validator, read-only, before the
	// update is accepted; an error rejects it. It is not called on
	// replay, where the history already says the update was accepted.
	ValidateUpdate(ctx Context, in *UpdateInput) error
	// ExecuteUpdate runs the accepted update's handler, in the update's
	// own coroutine, and returns its encoded result.
	ExecuteUpdate(ctx Context, in *UpdateInput) (*commonpb.Payloads, error)
}

// HandleSignalInput is a signal sent to the run.
type HandleSignalInput struct {
	SignalName string
	// Args are the signal's encoded arguments.
	Args *commonpb.Payloads
	// Header is the header the sender wrote (a client's or another
	// workflow's outbound interceptors); read-only.
	Header map[string]*commonpb.Payload
}

// HandleQueryInput is a query of the run.
type HandleQueryInput struct {
	QueryType string
	Args      *commonpb.Payloads
	// Header is the header the client wrote; read-only.
	Header map[string]*commonpb.Payload
}

// UpdateInput is an update of the run.
type UpdateInput struct {
	Name string
	// ID is the update's ID.
	ID   string
	Args *commonpb.Payloads
	// Header is the header the client wrote; read-only.
	Header map[string]*commonpb.Payload

	// call is the handler's decoded call, when the root can use it.
	call *UpdateCall
}

// rootHandlers delivers calls to the run's own channels and handlers.
type rootHandlers struct{ x *Execution }

func (r rootHandlers) HandleSignal(_ Context, in *HandleSignalInput) error {
	r.x.signalChannel(in.SignalName).SendAsync(in.Args)
	return nil
}

func (r rootHandlers) HandleQuery(_ Context, in *HandleQueryInput) (*commonpb.Payloads, error) {
	h, ok := r.x.queries[in.QueryType]
	if !ok {
		return nil, r.x.unknownQuery(in.QueryType)
	}
	return h(in.Args)
}

func (r rootHandlers) ValidateUpdate(ctx Context, in *UpdateInput) error {
	call, err := r.x.updateCall(ctx, in)
	if err != nil || call.Validate == nil {
		return err
	}
	return call.Validate(ctx)
}

func (r rootHandlers) ExecuteUpdate(ctx Context, in *UpdateInput) (*commonpb.Payloads, error) {
	call, err := r.x.updateCall(ctx, in)
	if err != nil {
		return nil, err
	}
	return call.Run(ctx)
}

// updateCall is in's decoded call: the one runUpdate decoded, or, when a
// link passed on an input of its own, in's arguments decoded afresh.
func (x *Execution) updateCall(ctx Context, in *UpdateInput) (*UpdateCall, error) {
	if in.call != nil {
		return in.call, nil
	}
	h, ok := x.updateHandlers[in.Name]
	if !ok {
		return nil, fmt.Errorf("unknown update %s", in.Name)
	}
	call, err := h(ctx, in.Args)
	if err != nil {
		return nil, fmt.Errorf("unable to decode the input for update %s: %w", in.Name, err)
	}
	in.call = &call
	return &call, nil
}

// ReadOnlyCallError is the panic of workflow code that, in a query handler
// or an update validator, called what would change the workflow: its
// commands would depend on whether someone queried, and replay would
// break. The query fails with it; a validator's fails the workflow task,
// as in the official SDK.
type ReadOnlyCallError struct {
	// Call names the workflow API function.
	Call string
}

func (e *ReadOnlyCallError) Error() string {
	return fmt.Sprintf("workflow: %s called in a query handler or an update validator, which may only read the workflow's state: no waiting (Await, Receive, Future.Get, Select), and no activities, timers, children, signals, versions, side effects, upserts, handlers or goroutines; do it in the workflow or in the update's handler", e.Call)
}

// assertWritable panics with a *ReadOnlyCallError when ctx's run answers a
// query or validates an update.
func assertWritable(ctx Context, call string) {
	// A context without a run (the engine's own coroutine tests), or none
	// at all (a ready future read inside the runtime), has nothing to
	// protect.
	if ctx == nil {
		return
	}
	if x, _ := ctx.Value(executionKey{}).(*Execution); x != nil && x.dispatcher.ReadOnly() {
		panic(&ReadOnlyCallError{Call: call})
	}
}

// inbound returns the run's handler chain.
func (x *Execution) inbound() WorkflowHandlers {
	if !x.interceptsHandlers() {
		return rootHandlers{x}
	}
	return x.intercepted.handlers
}

// interceptsHandlers reports whether interceptors see the run's signals,
// queries and updates.
func (x *Execution) interceptsHandlers() bool {
	return x.intercepted != nil && x.intercepted.handlers != nil
}

// interception is a run's interceptor chains.
type interception struct {
	// outbound carries the calls the run makes; nil sends them straight
	// to the root.
	outbound WorkflowOutbound
	// handlers carries the calls into the run; nil delivers them straight
	// to the root.
	handlers WorkflowHandlers
}

// interception returns the run's chains, made on first use.
func (x *Execution) interception() *interception {
	if x.intercepted == nil {
		x.intercepted = &interception{}
	}
	return x.intercepted
}

package engine

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	protocolpb "go.temporal.io/api/protocol/v1"
	updatepb "go.temporal.io/api/update/v1"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/workflowdef/workflowdef/runtime/internal/commands"
	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Updates follow the protocol docs/engine.md §5 describes: a request
// message arrives, the workflow accepts (after its validator, never run on
// replay) or rejects it, runs the handler, and completes it; acceptance and
// completion are protocol messages plus, under flag 3, ProtocolMessage
// commands that fix where the server writes their events.

const updateProtocol = "temporal.api.update.v1"

type updateState int

const (
	updateRequested updateState = iota
	updateAccepted
	updateCompleted
)

type updateInstance struct {
	id         string
	requestMsg *protocolpb.Message
	request    *updatepb.Request
	state      updateState
	// live is a request this task carries, not one rebuilt from history
	// for replay. Its validator runs. (The run's replay status at the
	// moment the message is handled is no guide: a task's batch starts
	// with the previous task's command events, which count as replayed.)
	live bool
	// rejected is why the update was rejected, for the determinism check
	// to say when history has it accepted.
	rejected error
}

// UpdateFunc decodes an update's arguments for a handler: it returns the
// call that runs the handler and, when the handler has a validator, the
// call that validates the same arguments. Typed handlers
// (workflow.UpdateDef) are UpdateFuncs built from closures, so running them
// calls no function through reflect. A decoding error rejects the update.
type UpdateFunc func(ctx Context, args *commonpb.Payloads) (UpdateCall, error)

// UpdateCall is one update's decoded call.
// UnencodableResultError is an update handler's result the data converter
// could not encode. It fails the workflow task rather than the update, as
// in the official SDK: history would keep a failed update for good, while
// a retried task lets a fixed worker or converter complete it.
type UnencodableResultError struct {
	Update string
	Err    error
}

func (e *UnencodableResultError) Error() string {
	return fmt.Sprintf("workflow: encoding the result of update %s: %v", e.Update, e.Err)
}

func (e *UnencodableResultError) Unwrap() error { return e.Err }

type UpdateCall struct {
	// Validate, nil when the handler has no validator, runs read-only
	// before the update is accepted; an error rejects it. ctx is the one
	// the inbound interceptors passed on, as the validator's.
	Validate func(ctx Context) error
	// Run runs the handler in the update's goroutine, with the ctx the
	// inbound interceptors passed on, and returns the encoded result.
	Run func(ctx Context) (*commonpb.Payloads, error)
}

// outboxEntry is a protocol message this run sent; predicate tells the
// determinism check which history event it produced.
type outboxEntry struct {
	msg       *protocolpb.Message
	predicate func(*historypb.HistoryEvent) bool
}

// SetUpdateHandler registers handler for updates named name. handler has
// the shape func(ctx, args...) (R, error); validator, if not nil,
// func(ctx, args...) error, runs read-only before the update is accepted.
func SetUpdateHandler(ctx Context, name string, handler, validator any) error {
	h, err := checkUpdateFunc(name, handler, true)
	if err != nil {
		return err
	}
	var v reflect.Value
	if validator != nil {
		if v, err = checkUpdateFunc(name, validator, false); err != nil {
			return err
		}
		if err := validatorMatches(name, h.Type(), v.Type()); err != nil {
			return err
		}
	}
	dc := executionOf(ctx).params.DataConverter
	return SetUpdateFunc(ctx, name, func(ctx Context, payloads *commonpb.Payloads) (UpdateCall, error) {
		args, err := DecodeArguments(ctx, h.Type(), payloads)
		if err != nil {
			return UpdateCall{}, err
		}
		call := UpdateCall{Run: func(ctx Context) (*commonpb.Payloads, error) {
			out := h.Call(withContext(args, ctx))
			errOut, _ := out[len(out)-1].Interface().(error)
			if errOut != nil || len(out) == 1 {
				return nil, errOut
			}
			result, err := dc.ToPayloads(out[0].Interface())
			if err != nil {
				return nil, &UnencodableResultError{Update: name, Err: err}
			}
			return result, nil
		}}
		if v.IsValid() {
			call.Validate = func(ctx Context) error {
				in := withContext(args, ctx)
				if v.Type().NumIn() == len(in)-1 {
					in = in[1:] // a validator without the context
				}
				e, _ := v.Call(in)[0].Interface().(error)
				return e
			}
		}
		return call, nil
	})
}

// withContext returns args, the decoded arguments of a handler, with ctx
// as its first: a copy, since the validator and the handler may each get
// a context of their own.
func withContext(args []reflect.Value, ctx Context) []reflect.Value {
	in := slices.Clone(args)
	in[0] = reflect.ValueOf(ctx)
	return in
}

// SetUpdateFunc registers fn for updates named name, replacing the handler
// the name had. Updates that waited for a handler run now.
func SetUpdateFunc(ctx Context, name string, fn UpdateFunc) error {
	assertWritable(ctx, "SetUpdateHandler")
	x := executionOf(ctx)
	if fn == nil {
		return fmt.Errorf("workflow: update handler for %q is nil", name)
	}
	lazymap.Put(&x.updateHandlers, name, fn)
	if x.flags.TryUse(FlagPriorityUpdateHandling) {
		// Requests that waited for this handler run first, before the
		// registering code goes on, as in the official SDK.
		queued := x.queuedUpdates[name]
		delete(x.queuedUpdates, name)
		for _, u := range queued {
			x.spawnUpdate(u, true)
		}
		co := coroutineOf(ctx)
		co.Yield("yield after registering update handler")
		co.Progress()
	}
	return nil
}

// AllHandlersFinished reports whether no update handler is running. An
// update counts from the moment its handler is found and its arguments
// decoded until the handler returns, as in the official SDK; a rejected
// update counts no longer than its validator runs. Signals have no
// handlers to count: workflow code receives them from channels itself.
func AllHandlersFinished(ctx Context) bool { return len(executionOf(ctx).runningUpdates) == 0 }

// UpdateInfo names the update whose handler, validator or goroutines a
// context belongs to.
type UpdateInfo struct {
	// ID is the update's ID, unique within the workflow run: what an
	// idempotent handler keys on.
	ID string
	// Name is the update's name.
	Name string
}

type updateInfoKey struct{}

// IsReadOnly reports whether ctx's workflow runs a query handler or an
// update validator, which must not change its state or block.
func IsReadOnly(ctx Context) bool { return executionOf(ctx).dispatcher.ReadOnly() }

// CurrentUpdateInfo returns the update ctx runs for, or nil outside an
// update's handler and validator (and the goroutines they start).
func CurrentUpdateInfo(ctx Context) *UpdateInfo {
	info, _ := ctx.Value(updateInfoKey{}).(*UpdateInfo)
	return info
}

// checkUpdateFunc accepts what the official SDK accepts: a handler
// func(ctx, args...) (R, error) or func(ctx, args...) error; a validator
// func([ctx,] args...) error taking the handler's arguments.
func checkUpdateFunc(name string, fn any, handler bool) (reflect.Value, error) {
	v := reflect.ValueOf(fn)
	t := v.Type()
	what := "validator"
	if handler {
		what = "handler"
	}
	if t.Kind() != reflect.Func || v.IsNil() || t.IsVariadic() {
		return v, fmt.Errorf("workflow: update %s for %q must be a function, not %T", what, name, fn)
	}
	if handler && (t.NumIn() == 0 || t.In(0) != reflect.TypeFor[Context]()) {
		return v, fmt.Errorf("workflow: update handler for %q must take a workflow.Context first", name)
	}
	switch {
	case handler && (t.NumOut() == 1 && t.Out(0) == errorType || t.NumOut() == 2 && t.Out(1) == errorType):
	case !handler && t.NumOut() == 1 && t.Out(0) == errorType:
	default:
		return v, fmt.Errorf("workflow: update %s for %q must return (R, error) or error", what, name)
	}
	return v, nil
}

// validatorMatches checks a validator takes the handler's arguments.
func validatorMatches(name string, handler, validator reflect.Type) error {
	args := func(t reflect.Type) []reflect.Type {
		var out []reflect.Type
		for i := range t.NumIn() {
			if i == 0 && t.In(0) == reflect.TypeFor[Context]() {
				continue
			}
			out = append(out, t.In(i))
		}
		return out
	}
	if !slices.Equal(args(handler), args(validator)) {
		return fmt.Errorf("workflow: the validator of update %q takes %v, its handler %v", name, args(validator), args(handler))
	}
	return nil
}

// deliverMessages hands the run, in their original order, the pending
// messages sequenced at or before eventID.
func (x *Execution) deliverMessages(eventID int64) error {
	var later []*protocolpb.Message
	for _, msg := range x.inbox {
		if msg.GetEventId() > eventID {
			later = append(later, msg)
			continue
		}
		if err := x.handleMessage(msg); err != nil {
			return err
		}
	}
	x.inbox = later
	return nil
}

func (x *Execution) handleMessage(msg *protocolpb.Message) error {
	full := string(msg.GetBody().MessageName())
	if i := strings.LastIndexByte(full, '.'); i < 0 || full[:i] != updateProtocol {
		return nil // another protocol: not ours to answer
	}
	if _, seen := x.updates[msg.GetProtocolInstanceId()]; seen {
		return fmt.Errorf("[TMPRL1100] update %q received a second request message %q", msg.GetProtocolInstanceId(), msg.GetId())
	}
	req := &updatepb.Request{}
	if err := msg.GetBody().UnmarshalTo(req); err != nil {
		return fmt.Errorf("update %q: the request does not decode: %w", msg.GetProtocolInstanceId(), err)
	}
	u := &updateInstance{id: msg.GetProtocolInstanceId(), requestMsg: msg, request: req, live: x.inboxLive}
	lazymap.Put(&x.updates, u.id, u)
	name := req.GetInput().GetName()
	if x.flags.TryUse(FlagPriorityUpdateHandling) && len(x.updateHandlers) == 0 {
		lazymap.Put(&x.queuedUpdates, name, append(x.queuedUpdates[name], u))
		return nil
	}
	x.spawnUpdate(u, x.flags.TryUse(FlagPriorityUpdateHandling))
	return nil
}

// drainUpdates runs when the workflow is blocked: requests still waiting
// for a handler get a coroutine, which rejects them if none appeared.
func (x *Execution) drainUpdates() bool {
	if len(x.queuedUpdates) == 0 {
		return false
	}
	names := make([]string, 0, len(x.queuedUpdates))
	for n := range x.queuedUpdates {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		for _, u := range x.queuedUpdates[n] {
			x.spawnUpdate(u, true)
		}
	}
	clear(x.queuedUpdates)
	return true
}

func (x *Execution) spawnUpdate(u *updateInstance, highPriority bool) {
	name := u.request.GetInput().GetName()
	replaying := !u.live
	x.dispatcher.Go(name, highPriority, func(co *coroutine.Coroutine) {
		ctx := WithValue(WithCoroutine(&x.root, co), updateInfoKey{}, &UpdateInfo{ID: u.id, Name: name})
		if !highPriority && len(x.updateHandlers) == 0 {
			// Without marking progress, as the official SDK's scheduler.
			co.Yield("yield before looking up the update handler")
		}
		x.runUpdate(ctx, u, replaying)
	})
}

func (x *Execution) runUpdate(ctx Context, u *updateInstance, replaying bool) {
	name := u.request.GetInput().GetName()
	h, ok := x.updateHandlers[name]
	if !ok {
		x.rejectUpdate(u, x.unknownUpdate(name))
		return
	}
	call, err := h(ctx, u.request.GetInput().GetArgs())
	if err != nil {
		x.rejectUpdate(u, fmt.Errorf("unable to decode the input for update %q: %w", name, err))
		return
	}
	// From here until the handler returns the update counts as running,
	// as in the official SDK: AllHandlersFinished waits for it.
	lazymap.Put(&x.runningUpdates, u.id, CurrentUpdateInfo(ctx))
	defer lazymap.Drop(&x.runningUpdates, u.id)
	input := u.request.GetInput()
	in := &UpdateInput{Name: name, ID: u.id, Args: input.GetArgs(), Header: input.GetHeader().GetFields(), call: &call}
	if !replaying && (call.Validate != nil || x.interceptsHandlers()) {
		if err := x.validate(coroutineOf(ctx), func() error { return x.inbound().ValidateUpdate(ctx, in) }); err != nil {
			x.rejectUpdate(u, err)
			return
		}
	}
	x.acceptUpdate(u)
	result, errOut := x.inbound().ExecuteUpdate(ctx, in)
	if unencodable := (*UnencodableResultError)(nil); errors.As(errOut, &unencodable) {
		x.fail(errOut)
		return
	}
	x.completeUpdate(u, result, errOut)
}

// DecodeArguments builds the arguments of a call to a function of type t
// whose first parameter is a workflow Context: ctx, then the payloads
// decoded with the workflow's data converter into the other parameters.
func DecodeArguments(ctx Context, t reflect.Type, payloads *commonpb.Payloads) ([]reflect.Value, error) {
	args := make([]reflect.Value, t.NumIn())
	args[0] = reflect.ValueOf(ctx)
	ptrs := make([]any, 0, t.NumIn()-1)
	for i := 1; i < t.NumIn(); i++ {
		p := reflect.New(t.In(i))
		ptrs = append(ptrs, p.Interface())
		args[i] = p.Elem()
	}
	return args, DataConverter(ctx).FromPayloads(payloads, ptrs...)
}

// validate runs a validator read-only, on co; a panic rejects like an
// error, a PanicError with the validator's stack as in the official SDK,
// but for a call that would have changed the workflow, which fails the
// workflow task: the code needs fixing.
func (x *Execution) validate(co *coroutine.Coroutine, validator func() error) (err error) {
	x.dispatcher.SetReadOnly(true)
	defer x.dispatcher.SetReadOnly(false)
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*ReadOnlyCallError); ok {
				panic(e)
			}
			err = temporal.NewPanicError(fmt.Sprintf("update validator panic: %v", r), co.Stack("panic"))
		}
	}()
	return validator()
}

func (x *Execution) send(msg *protocolpb.Message, predicate func(*historypb.HistoryEvent) bool, withCommand bool) {
	x.outbox = append(x.outbox, outboxEntry{msg: msg, predicate: predicate})
	// Asked for every message, as the official SDK does, so both record the
	// flag alike; only acceptances and completions have a command.
	if x.flags.TryUse(FlagProtocolMessageCommand) && withCommand {
		if err := x.machines.ProtocolMessage(msg.GetId()); err != nil {
			x.fail(err)
		}
	}
}

func (x *Execution) acceptUpdate(u *updateInstance) {
	u.state = updateAccepted
	msgID, seq := u.requestMsg.GetId(), u.requestMsg.GetEventId()
	body, _ := anypb.New(&updatepb.Acceptance{AcceptedRequestMessageId: msgID, AcceptedRequestSequencingEventId: seq, AcceptedRequest: u.request})
	x.send(&protocolpb.Message{Id: u.id + "/accept", ProtocolInstanceId: u.id, Body: body}, func(e *historypb.HistoryEvent) bool {
		a := e.GetWorkflowExecutionUpdateAcceptedEventAttributes()
		return e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED && a.GetProtocolInstanceId() == u.id &&
			a.GetAcceptedRequestMessageId() == msgID && a.GetAcceptedRequestSequencingEventId() == seq
	}, true)
}

func (x *Execution) rejectUpdate(u *updateInstance, err error) {
	u.state, u.rejected = updateCompleted, err
	body, _ := anypb.New(&updatepb.Rejection{RejectedRequestMessageId: u.requestMsg.GetId(), RejectedRequestSequencingEventId: u.requestMsg.GetEventId(),
		RejectedRequest: u.request, Failure: x.params.FailureConverter.ErrorToFailure(err)})
	// A rejection leaves nothing in history, so it has no command.
	x.send(&protocolpb.Message{Id: u.id + "/reject", ProtocolInstanceId: u.id, Body: body}, func(*historypb.HistoryEvent) bool { return false }, false)
}

func (x *Execution) completeUpdate(u *updateInstance, result *commonpb.Payloads, err error) {
	u.state = updateCompleted
	outcome := &updatepb.Outcome{Value: &updatepb.Outcome_Success{Success: result}}
	if err != nil {
		outcome = &updatepb.Outcome{Value: &updatepb.Outcome_Failure{Failure: x.params.FailureConverter.ErrorToFailure(err)}}
	}
	body, _ := anypb.New(&updatepb.Response{Meta: &updatepb.Meta{UpdateId: u.id}, Outcome: outcome})
	x.send(&protocolpb.Message{Id: u.id + "/complete", ProtocolInstanceId: u.id, Body: body}, func(e *historypb.HistoryEvent) bool {
		return e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED &&
			e.GetWorkflowExecutionUpdateCompletedEventAttributes().GetMeta().GetUpdateId() == u.id
	}, true)
}

// unknownUpdate is the official SDK's rejection of an update the workflow
// has no handler for.
func (x *Execution) unknownUpdate(name string) error {
	known := slices.Sorted(maps.Keys(x.updateHandlers))
	return fmt.Errorf("unknown update %s. KnownUpdates=[%s]", name, strings.Join(known, " "))
}

// explainMismatch adds to a determinism failure at an update event of
// history what replay did with that update instead: it rejected it, since
// its handler is gone or its request no longer decodes.
func (x *Execution) explainMismatch(err error) error {
	var mismatch *commands.ReplayMismatchError
	if !errors.As(err, &mismatch) || mismatch.Event == nil {
		return err
	}
	var id, name string
	switch e := mismatch.Event; e.GetEventType() {
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
		a := e.GetWorkflowExecutionUpdateAcceptedEventAttributes()
		id, name = a.GetProtocolInstanceId(), a.GetAcceptedRequest().GetInput().GetName()
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
		id = e.GetWorkflowExecutionUpdateCompletedEventAttributes().GetMeta().GetUpdateId()
	default:
		return err
	}
	u, ok := x.updates[id]
	if !ok {
		if x.closed && name != "" {
			mismatch.Why = fmt.Sprintf("update %s (ID %s), which history has accepted, came after the workflow code had returned on replay", name, id)
		}
		return err
	}
	name = u.request.GetInput().GetName()
	why := u.rejected
	if _, handled := x.updateHandlers[name]; why == nil && !handled {
		why = x.unknownUpdate(name) // still queued for a handler the code never set
	}
	if why != nil {
		mismatch.Why = fmt.Sprintf("on replay the workflow rejected update %s (ID %s), which history has accepted: %v", name, id, why)
	}
	return err
}

// messageMatches is the determinism check's view of the outbox.
func (x *Execution) messageMatches(messageID string, e *historypb.HistoryEvent) (bool, bool) {
	for _, o := range x.checkOutbox {
		if o.msg.GetId() == messageID {
			return o.predicate(e), true
		}
	}
	return false, false
}

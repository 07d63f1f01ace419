package workflow

import (
	"errors"
	"reflect"
	"time"
)

// SignalDef is a signal as workflow code sees it: its name and payload
// type. A workflow receives it on Channel and sends it to other workflows
// with SignalExternal.
type SignalDef[T any] struct {
	// Name is the signal name.
	Name string
}

// Channel returns the channel the run receives this signal on, as
// [GetSignalChannel] does, typed.
func (d SignalDef[T]) Channel(ctx Context) SignalChannelOf[T] {
	return NewSignalChannelOf[T](GetSignalChannel(ctx, d.Name))
}

// SignalExternal sends the signal with v to another workflow of the
// namespace; an empty runID means its latest run. The future resolves
// when the server delivered it, or failed to.
func (d SignalDef[T]) SignalExternal(ctx Context, workflowID, runID string, v T) Future {
	return SignalExternalWorkflow(ctx, workflowID, runID, d.Name, v)
}

// ChildRun is a child workflow this workflow started: a [*ChildRunOf], or
// a generated child run type that embeds one.
type ChildRun interface {
	Future() ChildWorkflowFuture
}

// SignalChild waits until the child run started, then sends it the
// signal with v. The future resolves when the server delivered it, or
// failed to. Typed, unlike the future's SignalChildWorkflow: a payload of
// the wrong type does not compile.
func (d SignalDef[T]) SignalChild(ctx Context, run ChildRun, v T) Future {
	var f ChildWorkflowFuture
	// A nil generated run is a non-nil interface whose promoted Future
	// would dereference it.
	if rv := reflect.ValueOf(run); run != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		f = run.Future()
	}
	if f == nil {
		nf, set := NewFuture(ctx)
		set.SetError(errNoFuture)
		return nf
	}
	return f.SignalChildWorkflow(ctx, d.Name, v)
}

// SignalChannelOf is a channel of signals whose payload is a T; get one
// from [SignalDef.Channel] or [NewSignalChannelOf] (the zero value has no
// channel to receive from). A payload
// that does not decode into a T is dropped and logged, as on the untyped
// channel, and the next one is taken.
type SignalChannelOf[T any] struct {
	ch ReceiveChannel
}

// NewSignalChannelOf wraps ch, whose values decode into a T.
func NewSignalChannelOf[T any](ch ReceiveChannel) SignalChannelOf[T] {
	return SignalChannelOf[T]{ch: ch}
}

// Receive blocks until a signal arrives and returns its value. more is
// false only if the channel was closed, which signal channels never are.
func (c SignalChannelOf[T]) Receive(ctx Context) (v T, more bool) {
	c.mustHaveChannel()
	more = c.ch.Receive(ctx, &v)
	return v, more
}

// ReceiveAsync returns a signal that already arrived, without blocking; ok
// is false when none is waiting.
func (c SignalChannelOf[T]) ReceiveAsync() (v T, ok bool) {
	if c.ch == nil {
		return v, false
	}
	ok = c.ch.ReceiveAsync(&v)
	return v, ok
}

// ReceiveWithTimeout waits up to timeout of workflow time for a signal, as
// the official SDK's ReceiveWithTimeout does: ok is false when the timeout
// fired or ctx was cancelled first, and more false only if the channel was
// closed. Waiting starts a timer, so it is a command in history.
func (c SignalChannelOf[T]) ReceiveWithTimeout(ctx Context, timeout time.Duration) (v T, ok, more bool) {
	c.mustHaveChannel()
	ok, more = c.ch.ReceiveWithTimeout(ctx, timeout, &v)
	return v, ok, more
}

// AddToSelector adds a case to s that fires when a signal arrives and
// hands f its value. It returns s, for chaining.
func (c SignalChannelOf[T]) AddToSelector(s Selector, f func(v T, more bool)) Selector {
	c.mustHaveChannel()
	return s.AddReceive(c.ch, func(ch ReceiveChannel, _ bool) {
		var v T
		ok, more := ch.ReceiveAsyncWithMoreFlag(&v)
		if ok || !more {
			f(v, more)
		}
	})
}

// Len is the number of signals that arrived and wait to be received.
func (c SignalChannelOf[T]) Len() int {
	if c.ch == nil {
		return 0
	}
	return c.ch.Len()
}

// Name is the signal name.
func (c SignalChannelOf[T]) Name() string {
	if c.ch == nil {
		return ""
	}
	return c.ch.Name()
}

// mustHaveChannel panics with a message that says what is wrong when c is
// the zero SignalChannelOf, which waits on nothing.
func (c SignalChannelOf[T]) mustHaveChannel() {
	if c.ch == nil {
		panic(errors.New("workflow: a zero SignalChannelOf: get one from SignalDef.Channel (generated workflow inputs carry them)"))
	}
}

// Untyped returns the channel the signals arrive on, for the untyped API.
func (c SignalChannelOf[T]) Untyped() ReceiveChannel { return c.ch }

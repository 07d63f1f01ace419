package engine

import "fmt"

// Selector waits for the first of several channel operations or futures,
// like Go's select statement, deterministically: cases are checked in the
// order they were added.
type Selector interface {
	// AddReceive adds a case that fires when c has a value or is closed; f
	// must receive it (the value is set aside for f's Receive).
	AddReceive(c ReceiveChannel, f func(c ReceiveChannel, more bool)) Selector
	// AddSend adds a case that fires once v is sent on c.
	AddSend(c SendChannel, v any, f func()) Selector
	// AddFuture adds a case that fires when future is ready. A future case
	// fires once: later Selects skip it.
	AddFuture(future Future, f func(f Future)) Selector
	// AddDefault runs f when no case is ready at Select.
	AddDefault(f func())
	// Select blocks until a case fires and runs its function.
	Select(ctx Context)
	// HasPending reports whether a Select would fire a case at once.
	HasPending() bool
}

type selectCase struct {
	ch      *channel
	receive func(c ReceiveChannel, more bool)
	send    func()
	value   any
	future  *future
	// given is the future the case was added with, which its function
	// gets: future itself, or a child's future that wraps it.
	given    Future
	onFuture func(f Future)
}

type selector struct {
	name     string
	cases    []*selectCase
	fallback func()
}

// NewSelector returns an empty selector.
func NewSelector(name string) Selector { return &selector{name: name} }

// NewSelectorIn is NewSelector for workflow code, which may not make one
// where it may only read (a query handler or an update validator).
func NewSelectorIn(ctx Context, name string) Selector {
	assertWritable(ctx, "NewSelector")
	return NewSelector(name)
}

func (s *selector) AddReceive(c ReceiveChannel, f func(c ReceiveChannel, more bool)) Selector {
	s.cases = append(s.cases, &selectCase{ch: asChannel(c), receive: f})
	return s
}

func (s *selector) AddSend(c SendChannel, v any, f func()) Selector {
	s.cases = append(s.cases, &selectCase{ch: asChannel(c), send: f, value: v})
	return s
}

func (s *selector) AddFuture(fut Future, f func(f Future)) Selector {
	ff, ok := engineFuture(fut)
	if !ok {
		panic(fmt.Errorf("workflow: Selector.AddFuture needs a future from the workflow API, not %T", fut))
	}
	s.cases = append(s.cases, &selectCase{future: ff, given: fut, onFuture: f})
	return s
}

// engineFuture returns the future the engine resolves behind fut: fut
// itself, or the result future a child's future wraps.
func engineFuture(fut Future) (*future, bool) {
	switch f := fut.(type) {
	case *future:
		return f, true
	case *childFuture:
		return engineFuture(f.Future)
	}
	return nil, false
}

func (s *selector) AddDefault(f func()) { s.fallback = f }

func (s *selector) HasPending() bool {
	for _, c := range s.cases {
		switch {
		case c.receive != nil && c.ch.canReceive(),
			c.send != nil && c.ch.canSend(),
			c.onFuture != nil && c.future.IsReady():
			return true
		}
	}
	return false
}

func asChannel(c any) *channel {
	ch, ok := c.(*channel)
	if !ok {
		panic(fmt.Errorf("workflow: Selector needs a channel from the workflow API, not %T", c))
	}
	return ch
}

// Select checks the cases in order and runs the first ready one. If none is
// ready it runs the default, or registers with every case and yields until
// one fires: the first to fire claims the Select and the others decline.
func (s *selector) Select(ctx Context) {
	assertWritable(ctx, "Selector.Select")
	co := coroutineOf(ctx)
	var fire func() // set by the case that claimed this Select
	var cleanups []func()
	defer func() {
		for _, undo := range cleanups {
			undo()
		}
	}()

	for _, sc := range s.cases {
		switch {
		case sc.receive != nil:
			c, f := sc.ch, sc.receive
			r := &receiver{taker: s.receiveClaim(ctx, c, f, &fire)}
			v, ok, more := c.receiveAsync(r)
			if ok || !more {
				// Fires now. Keep the value for f's Receive, and mark the
				// Select claimed so cases that registered earlier decline.
				fire = func() {}
				if more {
					c.selected = &v
				} else {
					sc.receive = nil // a closed channel fires once
				}
				f(c, more)
				return
			}
			cleanups = append(cleanups, func() { c.removeReceiver(r) })
		case sc.send != nil:
			c, f := sc.ch, sc.send
			snd := &sender{value: sc.value, fn: func() bool {
				if fire != nil {
					return false
				}
				fire = f
				return true
			}}
			if c.sendAsync(sc.value, snd) {
				fire = func() {}
				f()
				return
			}
			cleanups = append(cleanups, func() { c.removeSender(snd) })
		case sc.onFuture != nil:
			fc := sc
			r := &receiver{taker: takeFunc(func(any, bool) bool {
				if fire != nil {
					return false
				}
				fire = func() {
					f := fc.onFuture
					fc.onFuture = nil
					f(fc.given)
				}
				return true
			})}
			ch := fc.future.channel()
			if _, _, more := ch.receiveAsync(r); !more {
				fire = func() {}
				f := fc.onFuture
				fc.onFuture = nil
				f(fc.given)
				return
			}
			cleanups = append(cleanups, func() { ch.removeReceiver(r) })
		}
	}
	if s.fallback != nil {
		s.fallback()
		return
	}
	for fire == nil {
		co.YieldOn(s.name, "Select")
	}
	fire()
	co.Progress()
}

// receiveClaim returns the callback a blocked receive case registers. It
// claims the Select for the first value to arrive. Where the value is kept
// until f receives it depends on SDK flags, as in the official SDK: setting
// it aside at once keeps a signal from being lost when the Select also has a
// default (flag 5), but only with a default once flag 8 is on, so that
// several Selects blocked on one channel do not overwrite each other's
// value.
func (s *selector) receiveClaim(ctx Context, c *channel, f func(ReceiveChannel, bool), fire *func()) takeFunc {
	hasDefault := s.fallback != nil
	return func(v any, more bool) bool {
		if *fire != nil {
			return false
		}
		// Ask for both flags every time, as the official SDK does, so both
		// SDKs record the same flags in the same workflow task.
		blockedReceive := tryUse(ctx, FlagBlockedSelectorSignalReceive)
		lostMessages := tryUse(ctx, FlagWorkflowNewChannelLostMessages)
		keepNow := blockedReceive && (!lostMessages || hasDefault)
		if keepNow {
			c.selected = &v
		}
		*fire = func() {
			if !keepNow {
				c.selected = &v
			}
			f(c, more)
		}
		return true
	}
}

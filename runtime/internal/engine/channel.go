package engine

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"time"

	commonpb "go.temporal.io/api/common/v1"
)

// ReceiveChannel is the receiving side of a Channel.
type ReceiveChannel interface {
	Name() string
	// Receive blocks until a value arrives, and reports false once the
	// channel is closed and drained.
	Receive(ctx Context, valuePtr any) (more bool)
	// ReceiveWithTimeout is Receive that gives up after timeout of workflow
	// time (ok false), or when ctx is cancelled.
	ReceiveWithTimeout(ctx Context, timeout time.Duration, valuePtr any) (ok, more bool)
	// ReceiveAsync takes a value if one is ready, without blocking.
	ReceiveAsync(valuePtr any) (ok bool)
	// ReceiveAsyncWithMoreFlag is ReceiveAsync that also reports whether the
	// channel is still open.
	ReceiveAsyncWithMoreFlag(valuePtr any) (ok bool, more bool)
	// Len is the number of values ready to receive.
	Len() int
}

// SendChannel is the sending side of a Channel.
type SendChannel interface {
	Name() string
	// Send blocks until the value is buffered or taken by a receiver.
	Send(ctx Context, v any)
	// SendAsync sends only if that does not block.
	SendAsync(v any) (ok bool)
	// Close stops further sends; receivers drain what is left.
	Close()
}

// Channel is a deterministic channel between workflow coroutines.
type Channel interface {
	ReceiveChannel
	SendChannel
}

// valueDecoder decodes payload values (signal inputs, activity results)
// into Go values.
type valueDecoder interface {
	FromPayloads(payloads *commonpb.Payloads, valuePtrs ...any) error
}

// receiver is a coroutine blocked on receive: taker takes the value and
// reports whether it still wanted it (a Select whose other case fired does
// not). A struct of its own, so a channel can find it among its
// receivers; one word pair, so a waiting run keeps little.
type receiver struct {
	taker taker
}

// taker is what a receiver hands a value to: a takeFunc, a cancelFunc,
// or the struct that embeds the receiver and takes the value itself, so
// waiting allocates nothing more (an activity's or timer's pending state
// watching its context, a blocked Receive).
type taker interface {
	take(v any, more bool) (took bool)
}

// takeFunc takes a value with a function.
type takeFunc func(v any, more bool) bool

func (f takeFunc) take(v any, more bool) bool { return f(v, more) }

// cancelFunc makes a cancellation watcher: it is told, and takes no value.
type cancelFunc func()

func (f cancelFunc) take(any, bool) bool {
	f()
	return false
}

// take offers the receiver a value; it reports whether it took it.
func (r *receiver) take(v any, more bool) bool { return r.taker.take(v, more) }

// sender is a coroutine blocked on send: fn reports whether it still wants
// to send value.
type sender struct {
	value any
	fn    func() bool
}

// channel fits the 128-byte size class exactly: a cached run
// holds one for each signal name it receives, and one in each cancellable
// context.
type channel struct {
	name   string
	buffer []any
	size   int32 // see bufferSize
	closed bool
	// selected holds a value a Select took for a case whose function has
	// not received it yet; the next receive returns it first.
	selected  *any
	receivers []*receiver
	senders   []*sender
	dc        valueDecoder
	// signalsOf is the run whose signals the channel carries: it hears of
	// each payload that did not decode into the receiver's type and was
	// skipped, as the official SDK drops corrupt signals. Nil for other
	// channels.
	signalsOf *Execution
}

// NewChannel returns an unbuffered channel.
func NewChannel(name string, dc valueDecoder) Channel { return newChannel(name, 0, dc) }

// NewBufferedChannel returns a channel that buffers size values.
func NewBufferedChannel(name string, size int, dc valueDecoder) Channel {
	return newChannel(name, size, dc)
}

func newChannel(name string, size int, dc valueDecoder) *channel {
	return &channel{name: name, size: bufferSize(size), dc: dc}
}

// bufferSize is a buffer size as a channel keeps it, in 32 bits: a
// negative size buffers nothing, as zero does, and no buffer could hold
// more than math.MaxInt32 values.
func bufferSize(size int) int32 { return int32(min(max(size, 0), math.MaxInt32)) }

func (c *channel) Name() string { return c.name }

func (c *channel) Len() int {
	n := len(c.buffer) + len(c.senders)
	if c.selected != nil {
		n++
	}
	return n
}

func (c *channel) canReceive() bool {
	return c.selected != nil || len(c.buffer) > 0 || len(c.senders) > 0 || c.closed
}

func (c *channel) canSend() bool { return len(c.buffer) < int(c.size) || len(c.receivers) > 0 }

// blockedReceive is a Receive waiting for a value: its receiver and what
// it was handed, in the one allocation a run waiting on a channel keeps.
type blockedReceive struct {
	receiver
	got        any
	more, have bool
}

func (b *blockedReceive) take(v any, more bool) bool {
	b.got, b.more, b.have = v, more, true
	return true
}

func (c *channel) Receive(ctx Context, valuePtr any) (more bool) {
	assertWritable(ctx, "Channel.Receive")
	co := coroutineOf(ctx)
	var b *blockedReceive // made when the receive first has to wait
	for {
		v, ok, m := c.receiveAsync(nil)
		if !ok && m {
			// Nothing ready: wait, registered to be handed the next value.
			// Nothing changed since the look above, so this registers.
			if b == nil {
				b = &blockedReceive{}
				b.taker = b
			}
			b.have = false
			v, ok, m = c.receiveAsync(&b.receiver)
		}
		if ok || !m {
			if !ok || c.assign(v, valuePtr) {
				co.Progress()
				return m
			}
			continue // undecodable payload dropped: take the next
		}
		for !b.have {
			co.YieldOn(c.name, "Receive")
		}
		if c.assign(b.got, valuePtr) {
			co.Progress()
			return b.more
		}
	}
}

func (c *channel) ReceiveWithTimeout(ctx Context, timeout time.Duration, valuePtr any) (ok, more bool) {
	ready, err := AwaitWithTimeout(ctx, timeout, func() bool { return c.Len() > 0 })
	if err != nil || !ready {
		return false, true
	}
	return c.ReceiveAsyncWithMoreFlag(valuePtr)
}

func (c *channel) ReceiveAsync(valuePtr any) (ok bool) {
	ok, _ = c.ReceiveAsyncWithMoreFlag(valuePtr)
	return ok
}

func (c *channel) ReceiveAsyncWithMoreFlag(valuePtr any) (ok bool, more bool) {
	for {
		v, ok, more := c.receiveAsync(nil)
		if !ok {
			return false, more
		}
		if c.assign(v, valuePtr) {
			return true, more
		}
	}
}

// receiveAsync takes the next value: one a Select set aside, then the
// buffer (refilled from a blocked sender), then a blocked sender directly.
// With nothing ready it registers r, if given, to be handed the next send.
func (c *channel) receiveAsync(r *receiver) (v any, ok bool, more bool) {
	if c.selected != nil {
		v, c.selected = *c.selected, nil
		return v, true, true
	}
	if len(c.buffer) > 0 {
		v = c.buffer[0]
		c.buffer[0] = nil
		c.buffer = c.buffer[1:]
		for len(c.senders) > 0 {
			s := popFront(&c.senders)
			if s.fn() {
				c.buffer = append(c.buffer, s.value)
				break
			}
		}
		return v, true, true
	}
	if c.closed {
		return nil, false, false
	}
	for len(c.senders) > 0 {
		s := popFront(&c.senders)
		if s.fn() {
			return s.value, true, true
		}
	}
	if r != nil {
		c.receivers = append(c.receivers, r)
	}
	return nil, false, true
}

func (c *channel) removeReceiver(r *receiver) { removeWaiter(&c.receivers, r) }

func (c *channel) removeSender(s *sender) { removeWaiter(&c.senders, s) }

// The waiter queues below clear every slot they give up, and drop their
// array once empty. A stale pointer left in a backing array would keep what
// it points to alive: a finished timer's watch of its context, with the
// timer, its command and its future, for as long as a cached run waits.

// popFront removes and returns the first waiter of q.
func popFront[T any](q *[]*T) *T {
	s := *q
	v := s[0]
	s[0] = nil
	if len(s) == 1 {
		*q = nil
	} else {
		*q = s[1:]
	}
	return v
}

// removeWaiter removes w from q, if it is there.
func removeWaiter[T any](q *[]*T, w *T) {
	i := slices.Index(*q, w)
	if i < 0 {
		return
	}
	*q = slices.Delete(*q, i, i+1) // clears the freed slot
	if len(*q) == 0 {
		*q = nil
	}
}

func (c *channel) Send(ctx Context, v any) {
	co := coroutineOf(ctx)
	taken := false
	s := &sender{value: v, fn: func() bool { taken = true; return true }}
	if c.sendAsync(v, s) {
		co.Progress()
		return
	}
	for !taken {
		if c.closed {
			panic(fmt.Errorf("workflow: send on closed channel %s", c.name))
		}
		co.YieldOn(c.name, "Send")
	}
	co.Progress()
}

func (c *channel) SendAsync(v any) (ok bool) { return c.sendAsync(v, nil) }

// sendAsync hands v to a waiting receiver or the buffer; otherwise it
// registers s, if given, as a blocked sender.
func (c *channel) sendAsync(v any, s *sender) bool {
	if c.closed {
		panic(fmt.Errorf("workflow: send on closed channel %s", c.name))
	}
	for len(c.receivers) > 0 {
		r := popFront(&c.receivers)
		if r.take(v, true) {
			return true
		}
	}
	if len(c.buffer) < int(c.size) {
		c.buffer = append(c.buffer, v)
		return true
	}
	if s != nil {
		c.senders = append(c.senders, s)
	}
	return false
}

func (c *channel) Close() {
	c.closed = true
	waiting := c.receivers
	c.receivers = nil
	for _, r := range waiting {
		r.take(nil, false)
	}
}

// assign stores v into valuePtr. A payload that does not decode is dropped
// (false), as the official SDK drops a corrupt signal; a Go value of the
// wrong type is a bug in the workflow and panics with both types named.
func (c *channel) assign(v any, valuePtr any) bool {
	if p, ok := v.(*commonpb.Payloads); ok && c.dc != nil {
		if valuePtr == nil {
			return true
		}
		if err := assign(c.dc, p, valuePtr); err != nil {
			if c.signalsOf != nil {
				c.signalsOf.droppedSignal(c.name, err)
			}
			return false
		}
		return true
	}
	if err := assign(c.dc, v, valuePtr); err != nil {
		panic(fmt.Errorf("workflow: channel %s: %w", c.name, err))
	}
	return true
}

// assign stores v into the value valuePtr points to: decoding payloads with
// dc, assigning Go values of an assignable type.
func assign(dc valueDecoder, v any, valuePtr any) error {
	if valuePtr == nil {
		return nil
	}
	if p, ok := v.(*commonpb.Payloads); ok && dc != nil {
		if _, wantsRaw := valuePtr.(**commonpb.Payloads); !wantsRaw {
			return dc.FromPayloads(p, valuePtr)
		}
	}
	dst := reflect.ValueOf(valuePtr)
	if dst.Kind() != reflect.Pointer || dst.IsNil() {
		return fmt.Errorf("the receiver must be a non-nil pointer, not %T", valuePtr)
	}
	dst = dst.Elem()
	if v == nil {
		// The official SDK leaves the receiver as it was: a future set to
		// nil, a receive from a closed channel.
		return nil
	}
	src := reflect.ValueOf(v)
	switch {
	case src.Type().AssignableTo(dst.Type()):
		dst.Set(src)
	case src.Kind() == reflect.Pointer && src.Type().Elem().AssignableTo(dst.Type()):
		dst.Set(src.Elem())
	default:
		return fmt.Errorf("a value of type %s cannot be stored in %T", src.Type(), valuePtr)
	}
	return nil
}

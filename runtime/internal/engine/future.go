package engine

import (
	"errors"
	"fmt"
)

// Future is the result of an asynchronous operation: an activity, a timer,
// a child workflow.
type Future interface {
	// Get blocks until the future is ready, then decodes its value into
	// valuePtr (nil to ignore it) and returns its error.
	Get(ctx Context, valuePtr any) error
	// IsReady reports whether Get would return without blocking.
	IsReady() bool
}

// Settable sets a Future's outcome, once.
type Settable interface {
	Set(value any, err error)
	SetValue(value any)
	SetError(err error)
	// Chain makes this future resolve with other's outcome.
	Chain(other Future)
}

// future is ready once set. A Selector waits on it as on a channel that
// is closed when the future is set; the channel is made only when a
// Selector asks, since most futures are only ever Get.
type future struct {
	ready   bool
	value   any
	err     error
	ch      *channel
	chained []*future
	dc      valueDecoder
}

// channel returns the future's channel for a Selector, closed if the
// future is already set.
func (f *future) channel() *channel {
	if f.ch == nil {
		f.ch = newChannel("future", 0, f.dc)
		if f.ready {
			f.ch.Close()
		}
	}
	return f.ch
}

// NewFuture returns a future and the Settable that resolves it. dc decodes
// payload values on Get; nil means values are Go values.
func NewFuture(dc valueDecoder) (Future, Settable) {
	f := &future{dc: dc}
	return f, f
}

func (f *future) Get(ctx Context, valuePtr any) error {
	assertWritable(ctx, "Future.Get")
	if !f.ready {
		co := coroutineOf(ctx)
		for !f.ready {
			co.Yield("blocked on future.Receive") // the status the channel-based wait showed
		}
		co.Progress()
	}
	if f.err != nil || valuePtr == nil {
		return f.err
	}
	if err := assign(f.dc, f.value, valuePtr); err != nil {
		return fmt.Errorf("workflow: future result: %w", err)
	}
	return nil
}

func (f *future) IsReady() bool { return f.ready }

func (f *future) Set(value any, err error) {
	if f.ready {
		panic(errors.New("workflow: future is already set"))
	}
	f.value, f.err, f.ready = value, err, true
	if f.ch != nil {
		f.ch.Close()
	}
	for _, c := range f.chained {
		c.Set(value, err)
	}
	f.chained = nil
}

func (f *future) SetValue(value any) { f.Set(value, nil) }
func (f *future) SetError(err error) { f.Set(nil, err) }

func (f *future) Chain(other Future) {
	if f.ready {
		panic(errors.New("workflow: future is already set"))
	}
	o, ok := other.(*future)
	if !ok {
		panic(fmt.Errorf("workflow: cannot chain a %T; chain futures from workflow.NewFuture", other))
	}
	if o.ready {
		f.Set(o.value, o.err)
		return
	}
	o.chained = append(o.chained, f)
}

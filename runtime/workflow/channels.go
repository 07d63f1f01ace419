package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Channel, ReceiveChannel and SendChannel are deterministic channels
// between workflow goroutines, the workflow's counterpart of chan. A
// ReceiveChannel is what signals arrive on ([GetSignalChannel]); values
// from history are decoded into the variable Receive is given.
type (
	Channel        = engine.Channel
	ReceiveChannel = engine.ReceiveChannel
	SendChannel    = engine.SendChannel
)

// NewChannel returns an unbuffered channel.
func NewChannel(ctx Context) Channel { return engine.NewChannelIn(ctx, "channel", 0) }

// NewNamedChannel is [NewChannel] with a name shown in stack traces.
func NewNamedChannel(ctx Context, name string) Channel { return engine.NewChannelIn(ctx, name, 0) }

// NewBufferedChannel returns a channel that buffers size values.
func NewBufferedChannel(ctx Context, size int) Channel {
	return engine.NewChannelIn(ctx, "channel", size)
}

// NewNamedBufferedChannel is [NewBufferedChannel] with a name shown in
// stack traces.
func NewNamedBufferedChannel(ctx Context, name string, size int) Channel {
	return engine.NewChannelIn(ctx, name, size)
}

// Selector waits for the first of several channel operations or futures,
// the workflow's counterpart of select. Cases ready when Select is called
// are checked in the order they were added, so the same case fires on
// every replay.
type Selector = engine.Selector

// NewSelector returns an empty selector.
func NewSelector(ctx Context) Selector { return engine.NewSelectorIn(ctx, "selector") }

// NewNamedSelector is [NewSelector] with a name shown in stack traces.
func NewNamedSelector(ctx Context, name string) Selector { return engine.NewSelectorIn(ctx, name) }

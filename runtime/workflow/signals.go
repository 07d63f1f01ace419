package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Signals are messages to a running workflow. They arrive on a channel per
// signal name, in the order the server received them; the workflow
// receives them when it chooses, with Receive or a [Selector]. Workflows
// send them with [SignalExternalWorkflow] and
// ChildWorkflowFuture.SignalChildWorkflow.

// GetSignalChannel returns the channel signals named signalName arrive on.
// Signals sent before the workflow asks for the channel wait in it, so a
// workflow loses none by asking late. A signal whose payload does not
// decode into the type Receive is given is dropped and logged.
func GetSignalChannel(ctx Context, signalName string) ReceiveChannel {
	return engine.GetSignalChannel(ctx, signalName)
}

// GetUnhandledSignalNames returns, sorted, the names of signals delivered
// to the run that no channel receive has taken yet. A workflow that
// returns or continues as new with such signals loses them (the worker
// logs a warning); before continuing as new, drain each with ReceiveAsync
// and pass them to the next run.
func GetUnhandledSignalNames(ctx Context) []string { return engine.UnhandledSignalNames(ctx) }

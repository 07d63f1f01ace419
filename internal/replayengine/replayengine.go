package replayengine

import (
	"time"

	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Run is one history to replay and what its workflow runs with.
type Run struct {
	// Registry is the *worker.Registry that holds the workflow. This
	// package cannot name the type: runtime/worker imports it.
	Registry any
	// History is a whole, validated history of at least three events.
	History *historypb.History
	// WorkflowID and RunID name the run when the caller knows them (a live
	// execution); empty means what the start event says.
	WorkflowID string
	RunID      string

	DataConverter            converter.DataConverter
	FailureConverter         temporal.FailureConverter
	DeadlockDetectionTimeout time.Duration
	Interceptors             []interceptor.Worker
}

// Replay replays every event of run.History and checks the code's commands
// against every command event the history has, its close event included. It
// returns nil, or a *temporal.NondeterminismError when the code diverged, or
// the error that stopped the replay (an unregistered workflow type, a panic,
// a deadlock); an error for workflow code that never yielded and was left
// running is joined to it. runtime/worker sets it.
var Replay func(run Run) error

package worker

import (
	"errors"
	"fmt"
	"math"
	"time"

	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/commands"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// ReplayerOptions configure a Replayer.
type ReplayerOptions struct {
	// DataConverter and FailureConverter must match the workers that wrote
	// the histories (codecs included). Nil means the defaults.
	DataConverter    converter.DataConverter
	FailureConverter temporal.FailureConverter
	// DeadlockTimeout is how long workflow code may run without yielding.
	// Zero means one second, as in the worker.
	DeadlockTimeout time.Duration
}

// Replayer runs registered workflows over recorded histories and reports
// where the code no longer matches them.
type Replayer struct {
	registry *Registry
	opts     ReplayerOptions
}

// NewReplayer returns a Replayer for the workflows in registry.
func NewReplayer(registry *Registry, opts ReplayerOptions) *Replayer {
	return &Replayer{registry: registry, opts: opts}
}

// NondeterminismError reports workflow code that no longer matches a
// history: a running workflow of that history would be stuck until the code
// is fixed. Cause says where and how the code diverged.
type NondeterminismError struct {
	WorkflowType string
	WorkflowID   string
	RunID        string
	Cause        error
}

func (e *NondeterminismError) Error() string {
	return fmt.Sprintf("workflow %s (ID %q, run %s) does not replay: %v; change the code so it makes the same calls in the same order for existing runs, guarding new behaviour with workflow.GetVersion",
		e.WorkflowType, e.WorkflowID, e.RunID, e.Cause)
}

func (e *NondeterminismError) Unwrap() error { return e.Cause }

// ReplayHistory replays one whole history. It returns nil when the code
// makes the commands the history recorded and closes the way it closed; a
// *NondeterminismError when it does not; another error when the history
// cannot be replayed at all (unregistered type, corrupt history) or the
// workflow panicked.
func (rp *Replayer) ReplayHistory(h *historypb.History) (err error) {
	events := h.GetEvents()
	if len(events) < 3 {
		return fmt.Errorf("worker: a history needs at least 3 events to replay, this one has %d", len(events))
	}
	start := events[0].GetWorkflowExecutionStartedEventAttributes()
	if start == nil {
		return fmt.Errorf("worker: the history starts with %s, not WorkflowExecutionStarted", events[0].GetEventType())
	}
	workflowType := start.GetWorkflowType().GetName()
	fn, err := rp.registry.workflow(workflowType)
	if err != nil {
		return err
	}
	x := engine.NewExecution(engine.Params{
		Workflow:           fn,
		DataConverter:      rp.opts.DataConverter,
		FailureConverter:   rp.opts.FailureConverter,
		SdkMetadataCapable: true,
		DeadlockTimeout:    rp.opts.DeadlockTimeout,
	})
	defer func() {
		// Code that never yielded is left running: the caller must know.
		if cerr := x.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("worker: replaying workflow %s (ID %q): %w", workflowType, start.GetWorkflowId(), cerr))
		}
	}()
	_, err = x.ProcessTask(&engine.Task{Events: events, PreviousStartedEventID: math.MaxInt64})
	if err == nil {
		return nil
	}
	if isNondeterminism(err) {
		return &NondeterminismError{WorkflowType: workflowType, WorkflowID: start.GetWorkflowId(), RunID: start.GetOriginalExecutionRunId(), Cause: err}
	}
	return fmt.Errorf("worker: replaying workflow %s (ID %q): %w", workflowType, start.GetWorkflowId(), err)
}

// isNondeterminism reports the errors that mean code and history disagree,
// as opposed to a bug that fails regardless of history.
func isNondeterminism(err error) bool {
	var (
		mismatch *commands.ReplayMismatchError
		illegal  *commands.IllegalTransitionError
		missing  *commands.MissingCommandError
		differs  *commands.MismatchError
		marker   *engine.MissingMarkerError
		flag     *engine.UnknownSDKFlagError
	)
	return errors.As(err, &mismatch) || errors.As(err, &illegal) || errors.As(err, &missing) ||
		errors.As(err, &differs) || errors.As(err, &marker) || errors.As(err, &flag)
}

package temporal

import "fmt"

// NondeterminismError reports workflow code that no longer matches a
// history: replayed over the events an earlier version of the code
// recorded, it made other calls, or the same calls in another order, so a
// running workflow of that history cannot go on until the code is fixed.
// Cause says where and how the code diverged: the event, what the history
// recorded there and what the code did instead.
//
// A replay.Replayer returns it for a history the code no longer replays,
// the check that a change is safe to deploy. A worker that meets one fails
// the workflow task, with cause NonDeterministicError, and the run waits for
// fixed code (or fails, under the FailWorkflow panic policy). Unlike this
// package's other errors it is only ever produced, never decoded from a
// failure.
type NondeterminismError struct {
	WorkflowType string
	WorkflowID   string
	RunID        string
	Cause        error
}

// Error names the run, says how the code diverged and what to do about it.
func (e *NondeterminismError) Error() string {
	return fmt.Sprintf("workflow %s (ID %q, run %s) does not replay: %v; change the code so it makes the same calls in the same order for existing runs, guarding new behaviour with workflow.GetVersion",
		e.WorkflowType, e.WorkflowID, e.RunID, e.Cause)
}

// Unwrap returns the cause.
func (e *NondeterminismError) Unwrap() error { return e.Cause }

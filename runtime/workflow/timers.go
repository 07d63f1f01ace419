package workflow

import (
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Now is the workflow's clock, the counterpart of time.Now: the time of the
// workflow task being processed, the same on every replay. It does not
// advance while workflow code runs.
func Now(ctx Context) time.Time { return engine.Now(ctx) }

// Sleep blocks for d of workflow time, the counterpart of time.Sleep. It
// returns a *temporal.CanceledError if ctx is cancelled first. The
// Temporal UI shows its timer as "Sleep".
func Sleep(ctx Context, d time.Duration) error { return engine.Sleep(ctx, d) }

// NewTimer returns a future ready after d of workflow time, or failed with
// a *temporal.CanceledError when ctx is cancelled first, which also
// cancels the timer on the server. A d of zero or less is ready at once,
// without a timer.
func NewTimer(ctx Context, d time.Duration) Future { return engine.NewTimer(ctx, d) }

// TimerOptions configure a timer: Summary is what the Temporal UI shows
// for it.
type TimerOptions = engine.TimerOptions

// NewTimerWithOptions is [NewTimer] with options.
func NewTimerWithOptions(ctx Context, d time.Duration, opts TimerOptions) Future {
	return engine.NewTimerWithOptions(ctx, d, opts)
}

package replay

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/internal/replayengine"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// Options configure a [Replayer]. The zero value replays the histories of
// workers that ran on the defaults.
type Options struct {
	// DataConverter and FailureConverter must be those the workers that
	// wrote the histories had from their client (client.Options), codecs
	// included: the replayed code decodes its input, activity results and
	// signals with them. Nil means the defaults, as for the client.
	DataConverter    converter.DataConverter
	FailureConverter temporal.FailureConverter
	// DeadlockDetectionTimeout is how long workflow code may run without
	// yielding before the replay fails with a potential deadlock error.
	// Default 1s, as in the worker; negative turns detection off, to step
	// through workflow code in a debugger.
	DeadlockDetectionTimeout time.Duration
	// Interceptors are those the workers ran with
	// (worker.Options.Interceptors). An interceptor that makes workflow
	// calls of its own (a side effect, an activity) recorded them in the
	// histories, and the replay must make them too.
	Interceptors []interceptor.Worker
}

// Replayer runs the workflows of a [worker.Registry] over recorded
// histories, on the engine the worker runs them on but without a server,
// and reports whether the code still makes the calls each history
// recorded, in the same order, and ends the way the run ended.
//
// It is safe for concurrent use: each replay runs on its own, and the
// registry is only read, so it can be the one a worker runs.
type Replayer struct {
	registry *worker.Registry
	opts     Options
}

// NewReplayer returns a Replayer for the workflows in registry.
func NewReplayer(registry *worker.Registry, opts Options) *Replayer {
	return &Replayer{registry: registry, opts: opts}
}

// minReplayEvents is the shortest history that ran workflow code:
// WorkflowExecutionStarted, WorkflowTaskScheduled, WorkflowTaskStarted.
const minReplayEvents = 3

// ReplayHistory replays one whole history of a run, complete or still
// open, loaded by this package's loaders or built in code. It returns nil
// when the code makes the calls the history recorded and ends as the run
// ended; a [*temporal.NondeterminismError] naming the run, the event and
// what the code did instead when it does not; and another error when the
// history cannot be replayed at all: a [*CorruptHistoryError] (it is
// checked with [ValidateHistory] first), fewer than three events (the code
// never ran), an unregistered workflow type, payloads the converters
// cannot decode, or workflow code that panicked or did not yield within
// [Options].DeadlockDetectionTimeout. Code that never yielded is left
// running, and an error saying so is joined to the outcome.
func (r *Replayer) ReplayHistory(h *historypb.History) error {
	if err := ValidateHistory(h); err != nil {
		return err
	}
	return r.replay(h, "", "", "")
}

// ReplayFile loads the history file at path (JSON or binary, as
// [LoadHistoryFile] reads them) and replays it with
// [Replayer.ReplayHistory]. Its errors name the file.
func (r *Replayer) ReplayFile(path string) error {
	h, err := LoadHistoryFile(path)
	if err != nil {
		return err
	}
	return r.replay(h, path, "", "")
}

// Result is the outcome of replaying one history of a directory.
type Result struct {
	// Name is the file's base name, as [NamedHistory.Name]: a ready name for
	// a subtest.
	Name string
	// Err is nil when the history replayed; otherwise what
	// [Replayer.ReplayFile] returns for the file.
	Err error
}

// ReplayDir replays the history files of dir that [LoadHistoryDir] loads,
// sorted by name, and returns one Result per file. The error is
// LoadHistoryDir's: a directory that cannot be read, a file that is not a
// valid history, or no history files at all, so a replay test cannot pass
// by replaying nothing.
func (r *Replayer) ReplayDir(dir string) ([]Result, error) {
	histories, err := LoadHistoryDir(dir)
	if err != nil {
		return nil, err
	}
	results := make([]Result, len(histories))
	for i, h := range histories {
		results[i] = Result{Name: h.Name, Err: r.replay(h.History, filepath.Join(dir, h.Name), "", "")}
	}
	return results, nil
}

// ReplayExecution fetches the history of a workflow run from the server c
// is connected to, with [FetchHistory], and replays it as the worker would
// rebuild the run: the workflow sees workflowID and runID in its info. An
// empty runID means the latest run. A history fetched while the run is open
// replays as far as it goes.
func (r *Replayer) ReplayExecution(ctx context.Context, c *client.Client, workflowID, runID string) error {
	h, err := FetchHistory(ctx, c, workflowID, runID)
	if err != nil {
		return err
	}
	return r.replay(h, "", workflowID, runID)
}

// replay replays h, which the caller validated; source names it in errors
// when it came from a file, and workflowID and runID override the start
// event's when known.
func (r *Replayer) replay(h *historypb.History, source, workflowID, runID string) error {
	prefix := "replay: "
	if source != "" {
		prefix += source + ": "
	}
	if r.registry == nil {
		return errors.New("replay: the Replayer has no registry: make it with NewReplayer and a *worker.Registry")
	}
	if n := len(h.GetEvents()); n < minReplayEvents {
		return fmt.Errorf("%sa history needs at least %d events to replay (WorkflowExecutionStarted, WorkflowTaskScheduled, WorkflowTaskStarted); this one has %d: the workflow code never ran",
			prefix, minReplayEvents, n)
	}
	err := replayengine.Replay(replayengine.Run{
		Registry:                 r.registry,
		History:                  h,
		WorkflowID:               workflowID,
		RunID:                    runID,
		DataConverter:            r.opts.DataConverter,
		FailureConverter:         r.opts.FailureConverter,
		DeadlockDetectionTimeout: r.opts.DeadlockDetectionTimeout,
		Interceptors:             r.opts.Interceptors,
	})
	if err == nil {
		return nil
	}
	if _, diverged := err.(*temporal.NondeterminismError); diverged {
		// It names the run and says what to do; only the file is missing.
		if source == "" {
			return err
		}
		return fmt.Errorf("%s%w", prefix, err)
	}
	start := h.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes()
	run := "workflow " + start.GetWorkflowType().GetName()
	if id := cmp.Or(workflowID, start.GetWorkflowId()); id != "" {
		run += fmt.Sprintf(" (ID %q)", id)
	}
	return fmt.Errorf("%s%s: %w", prefix, run, err)
}

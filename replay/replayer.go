package replay

import (
	"context"
	"fmt"

	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// Replayer replays histories from files, directories and live executions
// against the workflows of a registry, and reports, per history, whether
// the code still matches it.
type Replayer struct {
	replayer *worker.Replayer
}

// NewReplayer returns a Replayer for the workflows in registry. opts must
// name the converters the histories were written with.
func NewReplayer(registry *worker.Registry, opts worker.ReplayerOptions) *Replayer {
	return &Replayer{replayer: worker.NewReplayer(registry, opts)}
}

// Result is the outcome of replaying one history.
type Result struct {
	// Source names the history: a file name, or workflow ID and run.
	Source string
	// Err is nil when the history replayed; a *worker.NondeterminismError
	// when the code diverged from it; another error when it could not be
	// loaded or replayed at all.
	Err error
}

// Replay replays one loaded history.
func (r *Replayer) Replay(h *historypb.History) error {
	if err := ValidateHistory(h); err != nil {
		return err
	}
	return r.replayer.ReplayHistory(h)
}

// ReplayFile loads and replays one history file (JSON or binary).
func (r *Replayer) ReplayFile(path string) Result {
	h, err := LoadHistoryFile(path)
	if err != nil {
		return Result{Source: path, Err: err}
	}
	return Result{Source: path, Err: r.replayer.ReplayHistory(h)}
}

// ReplayDir replays every history file of dir, sorted by name. The error
// is for a directory that cannot be read or holds no histories; each
// history's outcome is in its Result.
func (r *Replayer) ReplayDir(dir string) ([]Result, error) {
	histories, err := LoadHistoryDir(dir)
	if err != nil {
		return nil, err
	}
	results := make([]Result, len(histories))
	for i, h := range histories {
		results[i] = Result{Source: h.Name, Err: r.replayer.ReplayHistory(h.History)}
	}
	return results, nil
}

// ReplayExecution fetches a workflow execution's history from the server
// and replays it. An empty runID means the latest run.
func (r *Replayer) ReplayExecution(ctx context.Context, c *client.Client, workflowID, runID string) Result {
	source := fmt.Sprintf("workflow %q", workflowID)
	if runID != "" {
		source += " run " + runID
	}
	h, err := FetchHistory(ctx, c, workflowID, runID)
	if err != nil {
		return Result{Source: source, Err: err}
	}
	return Result{Source: source, Err: r.replayer.ReplayHistory(h)}
}

package replay_test

import (
	"path/filepath"
	"testing"

	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// The replay benchmark's own half: fixture.ReplayBench replayed by our
// Replayer over the history the official SDK wrote for its twin
// (fixture.ReplayBenchHistoryFile). BenchmarkOfficialReplayHistory in
// interop replays the same history with the official WorkflowReplayer;
// compare the ns/event, allocs/event and B/event of
//
//	go test -run '^$' -bench ReplayHistory -benchmem ./replay
//	(cd interop && go test -run '^$' -bench ReplayHistory -benchmem .)
//
// Ours includes the ValidateHistory that ReplayHistory runs first, which
// the official replayer has no counterpart of.

func benchHistory(tb testing.TB) *historypb.History {
	tb.Helper()
	root, err := testenv.RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	h, err := replay.LoadHistoryFile(filepath.Join(root, fixture.ReplayBenchHistoryFile))
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

func benchReplayer(tb testing.TB) *replay.Replayer {
	tb.Helper()
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(fixture.ReplayBench, worker.RegisterWorkflowOptions{Name: fixture.ReplayBenchWorkflow}); err != nil {
		tb.Fatal(err)
	}
	return replay.NewReplayer(r, replay.Options{})
}

func TestReplayBenchHistoryReplays(t *testing.T) {
	if err := benchReplayer(t).ReplayHistory(benchHistory(t)); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkReplayHistory(b *testing.B) {
	fixture.BenchmarkReplay(b, benchHistory(b), benchReplayer(b).ReplayHistory)
}

package replay_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The regression workflows: each history under testdata/regression was
// written by the official Go SDK v1.51.0 for the workflow of the same name,
// and must keep replaying on this code.

func regressionRegistry(t *testing.T, workflows ...any) *worker.Registry {
	t.Helper()
	r := worker.NewRegistry()
	for _, wf := range workflows {
		if err := r.RegisterWorkflow(wf); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestRegressionHistoriesReplay(t *testing.T) {
	rp := replay.NewReplayer(regressionRegistry(t, fixture.IDs, fixture.WaitCancel, fixture.LARetry), replay.Options{})
	results, err := rp.ReplayDir("testdata/regression")
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("%d histories replayed, want 3", len(results))
	}
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Name, r.Err)
		}
	}
}

func TestChangedWorkflowIsReportedPerHistory(t *testing.T) {
	// WaitCancel that forgot its cleanup activity.
	changed := func(ctx workflow.Context) error { return workflow.Sleep(ctx, time.Hour) }
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(changed, worker.RegisterWorkflowOptions{Name: "WaitCancel"}); err != nil {
		t.Fatal(err)
	}
	err := replay.NewReplayer(r, replay.Options{}).ReplayFile("testdata/regression/wait-cancel.json")
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) || !strings.Contains(err.Error(), "missing replay command for event 11 ActivityTaskScheduled") {
		t.Fatal(err)
	}
}

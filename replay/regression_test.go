package replay_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The regression workflows: each history under testdata/regression was
// written by the official Go SDK v1.51.0 for the workflow of the same name,
// and must keep replaying on this code.

func Echo(s string) (string, error) { return s, nil }
func Flaky() (string, error)        { return "ok", nil }

func IDs(ctx workflow.Context) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	v := workflow.GetVersion(ctx, "change-a", workflow.DefaultVersion, 1)
	f := workflow.ExecuteActivity(ctx, "Echo", "a")
	timer := workflow.NewTimer(ctx, time.Second)
	r, err := workflow.Result[string](ctx, f)
	if err != nil {
		return "", err
	}
	_ = timer.Get(ctx, nil)
	var se int
	_ = workflow.SideEffect(ctx, func(workflow.Context) any { return 42 }).Get(&se)
	var mse string
	_ = workflow.MutableSideEffect(ctx, "cfg", func(workflow.Context) any { return "v1" }, func(a, b any) bool { return a == b }).Get(&mse)
	v2 := workflow.GetVersion(ctx, "change-b", workflow.DefaultVersion, 2)
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
	lr, _ := workflow.Result[string](ctx, workflow.ExecuteLocalActivity(lctx, Echo, "la"))
	_ = workflow.ExecuteActivity(ctx, "Echo", "b").Get(ctx, nil)
	return fmt.Sprint(v, r, se, mse, v2, lr), nil
}

func WaitCancel(ctx workflow.Context) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	err := workflow.Sleep(ctx, time.Hour)
	cleanup, _ := workflow.NewDisconnectedContext(ctx)
	_ = workflow.ExecuteActivity(cleanup, "Echo", "cleanup").Get(cleanup, nil)
	return err
}

func LARetry(ctx workflow.Context) (string, error) {
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
	return workflow.Result[string](ctx, workflow.ExecuteLocalActivity(lctx, Flaky))
}

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
	rp := replay.NewReplayer(regressionRegistry(t, IDs, WaitCancel, LARetry), worker.ReplayerOptions{})
	results, err := rp.ReplayDir("testdata/regression")
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("%d histories replayed, want 3", len(results))
	}
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Source, r.Err)
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
	res := replay.NewReplayer(r, worker.ReplayerOptions{}).ReplayFile("testdata/regression/wait-cancel.json")
	var nde *worker.NondeterminismError
	if !errors.As(res.Err, &nde) || !strings.Contains(res.Err.Error(), "missing replay command for event 11 ActivityTaskScheduled") {
		t.Fatalf("%s: %v", res.Source, res.Err)
	}
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// WaitCancel sleeps an hour and, when cancelled, runs a cleanup activity
// on a disconnected context, so the cleanup is not cancelled with it.
func WaitCancel(ctx workflow.Context) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	err := workflow.Sleep(ctx, time.Hour)
	cleanup, _ := workflow.NewDisconnectedContext(ctx)
	_ = workflow.ExecuteActivity(cleanup, "Echo", "cleanup").Get(cleanup, nil)
	return err
}

// WaitCancelWithoutCleanup is WaitCancel after a change that dropped the
// cleanup: running workflows that already did it can no longer replay.
func WaitCancelWithoutCleanup(ctx workflow.Context) error {
	return workflow.Sleep(ctx, time.Hour)
}

func main() {
	path := "replay/testdata/regression/wait-cancel.json"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if err := run(os.Stdout, path); err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(1)
	}
}

// run replays the history at path against both versions of WaitCancel.
func run(out io.Writer, path string) error {
	h, err := replay.LoadHistoryFile(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "history %s: %d events written by the official Go SDK\n", path, len(h.GetEvents()))

	original, err := replayer(WaitCancel)
	if err != nil {
		return err
	}
	if err := original.ReplayHistory(h); err != nil {
		return fmt.Errorf("the original workflow should replay: %w", err)
	}
	fmt.Fprintln(out, "WaitCancel as written: replays, the same commands in the same order")

	changed, err := replayer(WaitCancelWithoutCleanup)
	if err != nil {
		return err
	}
	err = changed.ReplayHistory(h)
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) {
		return fmt.Errorf("the changed workflow should not replay, got %v", err)
	}
	fmt.Fprintf(out, "WaitCancel without its cleanup: does not replay\n  %v\n", err)
	return nil
}

// replayer registers fn under the workflow type the history names.
func replayer(fn any) (*replay.Replayer, error) {
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(fn, worker.RegisterWorkflowOptions{Name: "WaitCancel"}); err != nil {
		return nil, err
	}
	return replay.NewReplayer(r, replay.Options{}), nil
}

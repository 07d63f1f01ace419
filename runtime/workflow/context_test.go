package workflow_test

import (
	"errors"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestCancelledSleepAndDisconnectedCleanupReplay(t *testing.T) {
	waitCancel := func(ctx workflow.Context) (string, error) { return "", fixture.WaitCancel(ctx) }
	if _, err := replay(t, waitCancel, history(t, "sdkgo-wait-cancel.json")); err != nil {
		t.Fatal(err)
	}
}

// TestErrCanceledIsWhatACancelledWorkflowReports replays the official
// SDK's history of a workflow cancelled while it slept: the workflow's
// context then reports ErrCanceled, and the sleep fails with it, as in the
// official SDK.
func TestErrCanceledIsWhatACancelledWorkflowReports(t *testing.T) {
	var ctxErr, sleepErr error
	wf := func(ctx workflow.Context) (string, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
		sleepErr = workflow.Sleep(ctx, time.Hour)
		ctxErr = ctx.Err()
		cleanup, _ := workflow.NewDisconnectedContext(ctx)
		_ = workflow.ExecuteActivity(cleanup, "Echo", "cleanup").Get(cleanup, nil)
		return "", sleepErr
	}
	if _, err := replay(t, wf, history(t, "sdkgo-wait-cancel.json")); err != nil {
		t.Fatal(err)
	}
	if ctxErr != workflow.ErrCanceled {
		t.Errorf("ctx.Err() = %v, want workflow.ErrCanceled", ctxErr)
	}
	if !errors.Is(sleepErr, workflow.ErrCanceled) {
		t.Errorf("Sleep failed with %v, want workflow.ErrCanceled", sleepErr)
	}
	if !temporal.IsCanceledError(workflow.ErrCanceled) {
		t.Error("workflow.ErrCanceled is not a CanceledError")
	}
}

// TestErrCanceledIsWhatACancelFuncLeaves: a context cancelled by its
// CancelFunc, and its children, report ErrCanceled, and a timer started on
// it fails with it; the parent is untouched.
func TestErrCanceledIsWhatACancelFuncLeaves(t *testing.T) {
	var parentErr, ctxErr, childErr, timerErr error
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		cancelled, cancel := workflow.WithCancel(ctx)
		child := workflow.WithValue(cancelled, "k", "v")
		cancel()
		parentErr, ctxErr, childErr = ctx.Err(), cancelled.Err(), child.Err()
		timerErr = workflow.NewTimer(child, time.Hour).Get(ctx, nil)
		return nil
	})
	if parentErr != nil || ctxErr != workflow.ErrCanceled || childErr != workflow.ErrCanceled {
		t.Errorf("Err() of the parent %v, the cancelled context %v, its child %v; want nil, ErrCanceled, ErrCanceled", parentErr, ctxErr, childErr)
	}
	if !errors.Is(timerErr, workflow.ErrCanceled) {
		t.Errorf("the timer failed with %v, want workflow.ErrCanceled", timerErr)
	}
}

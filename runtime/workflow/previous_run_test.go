package workflow_test

import (
	"errors"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// previousRun is what a run read of the runs before it.
type previousRun struct {
	has       bool
	result    string
	count     int
	resultErr error
	lastError error
	// lastErrorMessage is the message of lastError as an
	// ApplicationError of type OutOfStock, empty if it is not one.
	lastErrorMessage string
}

func readPreviousRun(t *testing.T, task *engine.Task) previousRun {
	t.Helper()
	var got previousRun
	runTask(t, engine.Params{}, task, func(ctx workflow.Context) error {
		got.has = workflow.HasLastCompletionResult(ctx)
		got.resultErr = workflow.GetLastCompletionResult(ctx, &got.result, &got.count)
		got.lastError = workflow.GetLastError(ctx)
		var appErr *temporal.ApplicationError
		if errors.As(got.lastError, &appErr) && appErr.Type() == "OutOfStock" {
			got.lastErrorMessage = appErr.Message()
		}
		return nil
	})
	return got
}

// TestLastCompletionResultAndErrorComeFromTheStartEvent: a cron or
// schedule run reads the last completed run's result and the previous
// run's failure from its start event (last_completion_result,
// continued_failure), decoded and typed.
func TestLastCompletionResultAndErrorComeFromTheStartEvent(t *testing.T) {
	task := firstTask(t)
	start := task.Events[0].GetWorkflowExecutionStartedEventAttributes()
	result, err := converter.Default().ToPayloads("shipped", 3)
	if err != nil {
		t.Fatal(err)
	}
	start.LastCompletionResult = result
	start.ContinuedFailure = temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{}).
		ErrorToFailure(temporal.NewApplicationError("nothing left to ship", "OutOfStock"))

	got := readPreviousRun(t, task)
	if !got.has || got.resultErr != nil || got.result != "shipped" || got.count != 3 {
		t.Errorf("last completion result: has %v, %q %d, %v; want true, \"shipped\" 3", got.has, got.result, got.count, got.resultErr)
	}
	if got.lastErrorMessage != "nothing left to ship" {
		t.Errorf("last error %v (%T), want the previous run's ApplicationError of type OutOfStock", got.lastError, got.lastError)
	}
}

// TestFirstRunHasNoLastCompletionResultNorError: as in the official SDK,
// GetLastCompletionResult returns ErrNoData and GetLastError nil.
func TestFirstRunHasNoLastCompletionResultNorError(t *testing.T) {
	got := readPreviousRun(t, firstTask(t))
	if got.has || !errors.Is(got.resultErr, temporal.ErrNoData) || got.lastError != nil {
		t.Errorf("has %v, GetLastCompletionResult %v, GetLastError %v; want false, ErrNoData, nil", got.has, got.resultErr, got.lastError)
	}
}

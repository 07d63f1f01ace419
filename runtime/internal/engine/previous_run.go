package engine

import (
	commonpb "go.temporal.io/api/common/v1"
	failurepb "go.temporal.io/api/failure/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// A run of a cron workflow or a schedule learns from the runs before it
// through its start event: the result of the last run that completed, and
// the failure of the last run if it failed. A retried run learns its
// previous attempt's failure the same way.

// previousRun is what a start event says of the runs before it.
type previousRun struct {
	// result is last_completion_result: nil when no run completed yet.
	result *commonpb.Payloads
	// failure is continued_failure: nil when the last run did not fail.
	failure *failurepb.Failure
}

func previousRunOf(a *historypb.WorkflowExecutionStartedEventAttributes) previousRun {
	return previousRun{result: a.GetLastCompletionResult(), failure: a.GetContinuedFailure()}
}

// HasLastCompletionResult reports whether an earlier run of this cron
// workflow or schedule completed and left its result to this run.
func HasLastCompletionResult(ctx Context) bool { return executionOf(ctx).previous.result != nil }

// GetLastCompletionResult decodes the result of the last run that
// completed into valuePtrs, with the workflow's data converter. It returns
// temporal.ErrNoData when there is none, as the official SDK does.
func GetLastCompletionResult(ctx Context, valuePtrs ...any) error {
	x := executionOf(ctx)
	if x.previous.result == nil {
		return temporal.ErrNoData
	}
	return x.params.DataConverter.FromPayloads(x.previous.result, valuePtrs...)
}

// GetLastError returns the failure of the previous run, decoded with the
// workflow's failure converter, or nil if it did not fail or there was
// none.
func GetLastError(ctx Context) error {
	x := executionOf(ctx)
	return x.params.FailureConverter.FailureToError(x.previous.failure)
}

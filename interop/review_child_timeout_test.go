package interop_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestChildTimeoutErrorMatchesTheOfficialSDK runs a child that outlives
// its run timeout and returns the message of the timeout error its future
// failed with.
//
// The official SDK resolves the child's future with a
// ChildWorkflowExecutionError caused by
// NewTimeoutError("Child workflow timeout", TIMEOUT_TYPE_START_TO_CLOSE, nil)
// (internal/internal_event_handlers.go:2028-2036), so the parent's
// WorkflowExecutionFailed carries a cause with the message "Child workflow
// timeout". Ours builds the cause with the message "child workflow timed
// out" (runtime/internal/engine/child.go:325), so a parent failing with it
// records another failure, and clients read another message.
func TestChildTimeoutErrorMatchesTheOfficialSDK(t *testing.T) {
	compareWithOfficialWorker(t, []scenario{{
		name: "ChildRunTimeout",
		official: func(ctx sdkworkflow.Context) (string, error) {
			cctx := sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{WorkflowRunTimeout: time.Second})
			err := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioSleep").Get(ctx, nil)
			var timeout *sdktemporal.TimeoutError
			if !errors.As(err, &timeout) {
				return fmt.Sprint("not a timeout: ", err), nil
			}
			return timeout.Error(), nil
		},
		ours: func(ctx workflow.Context) (string, error) {
			cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowRunTimeout: time.Second})
			err := workflow.ExecuteChildWorkflow(cctx, "ScenarioSleep").Get(ctx, nil)
			var timeout *temporal.TimeoutError
			if !errors.As(err, &timeout) {
				return fmt.Sprint("not a timeout: ", err), nil
			}
			return timeout.Error(), nil
		},
	}})
}

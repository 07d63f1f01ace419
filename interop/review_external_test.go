package interop_test

import (
	"testing"

	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestExternalWorkflowNotFoundErrorMatchesTheOfficialSDK signals and asks
// to cancel a workflow that does not exist, and fails with the errors.
//
// The official SDK fails both futures with
// *temporal.UnknownExternalWorkflowExecutionError, "unknown external
// workflow execution" (internal/internal_event_handlers.go:2243-2244 for
// the cancel request, :2278-2279 for the signal; internal/error.go:954),
// so a workflow that returns it fails with that message and the error's
// type. Ours fails them with a plain fmt error, "workflow: the signal to
// another workflow failed: ExternalWorkflowExecutionNotFound"
// (runtime/internal/engine/child.go:435), that no errors.As can tell from
// any other failure, and the run fails with another message and type.
func TestExternalWorkflowNotFoundErrorMatchesTheOfficialSDK(t *testing.T) {
	compareWithOfficialWorker(t, []scenario{{
		name: "ExternalWorkflowNotFound",
		official: func(ctx sdkworkflow.Context) (string, error) {
			sig := sdkworkflow.SignalExternalWorkflow(ctx, "no-such-workflow", "", "sig", 1).Get(ctx, nil)
			canc := sdkworkflow.RequestCancelExternalWorkflow(ctx, "no-such-workflow", "").Get(ctx, nil)
			if sig == nil || canc == nil || sig.Error() != canc.Error() {
				return "", canc
			}
			return "", sig
		},
		ours: func(ctx workflow.Context) (string, error) {
			sig := workflow.SignalExternalWorkflow(ctx, "no-such-workflow", "", "sig", 1).Get(ctx, nil)
			canc := workflow.RequestCancelExternalWorkflow(ctx, "no-such-workflow", "").Get(ctx, nil)
			if sig == nil || canc == nil || sig.Error() != canc.Error() {
				return "", canc
			}
			return "", sig
		},
	}})
}

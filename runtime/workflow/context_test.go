package workflow_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/internal/fixture"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestCancelledSleepAndDisconnectedCleanupReplay(t *testing.T) {
	waitCancel := func(ctx workflow.Context) (string, error) { return "", fixture.WaitCancel(ctx) }
	if _, err := replay(t, waitCancel, history(t, "sdkgo-wait-cancel.json")); err != nil {
		t.Fatal(err)
	}
}

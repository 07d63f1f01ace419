package workflow_test

import (
	"math"
	"testing"

	updatepb "go.temporal.io/api/update/v1"

	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// An update result the data converter cannot encode: the official SDK
// encodes the handler's result in updateProtocol.Complete and panics on
// the error (internal_update.go:200-204), a panic in the update's
// coroutine, so the workflow task fails (and is retried, so a fixed
// worker can complete the update). Ours encodes it in the handler's call
// and completes the update with a failure ("encoding the result of update
// ..."), which history then keeps for good.
func TestAnUnencodableUpdateResultFailsTheTask(t *testing.T) {
	comp, err := runUpdateTask(t,
		func(ctx workflow.Context, n int) (float64, error) { return math.Inf(1), nil },
		nil)
	if err != nil {
		return // the task fails, as in the official SDK
	}
	t.Errorf("the task did not fail; the official SDK panics when the update result does not encode. Messages: %s", messageIDs(comp))
	for _, m := range comp.Messages {
		if m.GetId() == "u1/complete" {
			resp := &updatepb.Response{}
			_ = m.GetBody().UnmarshalTo(resp)
			t.Errorf("the update completed with %v", resp.GetOutcome())
		}
	}
}

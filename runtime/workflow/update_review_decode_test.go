package workflow_test

import (
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	protocolpb "go.temporal.io/api/protocol/v1"
	updatepb "go.temporal.io/api/update/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// An update whose arguments do not decode is rejected, in the official SDK
// with fmt.Errorf("unable to decode the input for update %q: %w", ...)
// (internal_update.go:291-296): the name is quoted, so the caller reads
// `unable to decode the input for update "check": ...`. Ours formats the
// name with %s (updates.go runUpdate), so the rejection the caller gets
// says `update check: ...`.
func TestAnUndecodableUpdateIsRejectedWithTheOfficialMessage(t *testing.T) {
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "u1", "check", "not a number")}
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		if err := workflow.SetUpdateHandler(ctx, "check", func(ctx workflow.Context, n int) (int, error) { return n, nil }); err != nil {
			return nil, err
		}
		return nil, workflow.Sleep(ctx, time.Hour)
	}})
	defer x.Close()
	c, err := x.ProcessTask(task)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Messages {
		if m.GetId() != "u1/reject" {
			continue
		}
		rej := &updatepb.Rejection{}
		if err := m.GetBody().UnmarshalTo(rej); err != nil {
			t.Fatal(err)
		}
		const want = `unable to decode the input for update "check": `
		if msg := rej.GetFailure().GetMessage(); !strings.HasPrefix(msg, want) {
			t.Errorf("rejection %q, want it to start %q as the official SDK's", msg, want)
		}
		return
	}
	t.Fatalf("the update was not rejected: messages %s", messageIDs(c))
}

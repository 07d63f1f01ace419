package workflow_test

import (
	"testing"

	updatepb "go.temporal.io/api/update/v1"

	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// A validator's panic rejects the update with a PanicError in the official
// SDK: updateHandler.validate recovers it as newPanicError("update
// validator panic: ...", stack) (internal_update.go:370-381), which the
// failure converter writes as an ApplicationFailure of type "PanicError"
// with the stack trace (failure_converter.go:105-110); the caller gets an
// ApplicationError whose Type() is "PanicError". Ours rejects with a plain
// fmt.Errorf, so the rejection's failure has no type and no stack.
func TestAValidatorPanicRejectsWithAPanicError(t *testing.T) {
	comp, err := runUpdateTask(t,
		func(ctx workflow.Context, n int) (int, error) { return n, nil },
		func(ctx workflow.Context, n int) error { panic("boom") })
	if err != nil {
		t.Fatalf("the task failed: %v; a validator panic rejects the update", err)
	}
	var rej *updatepb.Rejection
	for _, m := range comp.Messages {
		if m.GetId() == "u1/reject" {
			rej = &updatepb.Rejection{}
			if err := m.GetBody().UnmarshalTo(rej); err != nil {
				t.Fatal(err)
			}
		}
	}
	if rej == nil {
		t.Fatalf("no rejection; messages %s", messageIDs(comp))
	}
	f := rej.GetFailure()
	if f.GetMessage() != "update validator panic: boom" {
		t.Errorf("rejection message %q, want %q", f.GetMessage(), "update validator panic: boom")
	}
	if typ := f.GetApplicationFailureInfo().GetType(); typ != "PanicError" {
		t.Errorf("rejection failure type %q, want \"PanicError\" as the official SDK sends", typ)
	}
	if f.GetStackTrace() == "" {
		t.Errorf("rejection failure has no stack trace; the official SDK's PanicError carries the validator's")
	}
}

package workflow_test

// How an update's handler and validator end: what the update's caller, and
// history, see when they panic, return what cannot be encoded, or are
// given what cannot be decoded. Each matches the official Go SDK.

import (
	"math"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	protocolpb "go.temporal.io/api/protocol/v1"
	updatepb "go.temporal.io/api/update/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// runUpdateTask runs, over the first task carrying update "u1" named
// "check", a workflow that registers handler with validator and sleeps.
// It returns the completion, or the error that fails the task.
func runUpdateTask(t *testing.T, handler, validator any) (*engine.Completion, error) {
	t.Helper()
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "u1", "check", 1)}
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, "check", handler, workflow.UpdateHandlerOptions{Validator: validator}); err != nil {
			return nil, err
		}
		return nil, workflow.Sleep(ctx, time.Hour)
	}})
	t.Cleanup(func() { _ = x.Close() })
	return x.ProcessTask(task)
}

// TestAValidatorPanicRejectsWithAPanicError: a validator's panic rejects
// the update with a PanicError carrying the validator's stack, which the
// failure converter writes as an ApplicationFailure of type "PanicError",
// as the official SDK does (internal_update.go:370-381,
// failure_converter.go:105-110).
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

// TestAnUnencodableUpdateResultFailsTheTask: a result the data converter
// cannot encode fails the workflow task, as the official SDK's panic in
// updateProtocol.Complete does (internal_update.go:200-204): the task is
// retried, so a fixed worker can complete the update, where a failed
// update would stay in history for good.
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

// TestAnUndecodableUpdateIsRejectedWithTheOfficialMessage: arguments that
// do not decode reject the update with the official SDK's message, the
// name quoted (internal_update.go:291-296).
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

package workflow_test

// Reviewers' findings on updates: each test holds the official Go SDK's
// behaviour (go.temporal.io/sdk v1.51.0) where ours differs.

import (
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	protocolpb "go.temporal.io/api/protocol/v1"

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

// A validator runs read-only. The official SDK guards far more of the API
// than the calls that record commands: GetSignalChannel
// (workflow.go:2331), Future.Get (internal_workflow.go:364),
// Channel.Receive (internal_workflow.go:834), Selector.Select
// (internal_workflow.go:1453), Await (workflow.go:770), NewSelector
// (workflow.go:912) and NewFuture (workflow.go:966) all call
// assertNotInReadOnlyState, whose panic a validator re-panics
// (internal_update.go:370-378), so the workflow task fails and the update
// is never accepted. Ours guards only the command-recording calls
// (assertWritable), so a validator that, say, takes a signal off its
// channel with ReceiveAsync consumes it - a change replay, which skips
// validators, would not make - and the update is accepted.
func TestAValidatorCannotReadChannelsFuturesOrAwait(t *testing.T) {
	for _, c := range []struct {
		name string
		call func(ctx workflow.Context)
	}{
		{"GetSignalChannel", func(ctx workflow.Context) {
			var s string
			workflow.GetSignalChannel(ctx, "sig").ReceiveAsync(&s)
		}},
		{"Future.Get of a ready future", func(ctx workflow.Context) {
			f, set := workflow.NewFuture(ctx)
			set.SetValue(1)
			var n int
			_ = f.Get(ctx, &n)
		}},
		{"Await of a true condition", func(ctx workflow.Context) {
			_ = workflow.Await(ctx, func() bool { return true })
		}},
		{"NewSelector", func(ctx workflow.Context) {
			s := workflow.NewSelector(ctx)
			s.AddDefault(func() {})
			s.Select(ctx)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			comp, err := runUpdateTask(t,
				func(ctx workflow.Context, n int) (int, error) { return n, nil },
				func(ctx workflow.Context, n int) error { c.call(ctx); return nil })
			if err != nil {
				return // the task fails, as in the official SDK
			}
			t.Errorf("the workflow task did not fail when the validator called %s; the official SDK panics (assertNotInReadOnlyState) and fails it. Messages: %s",
				c.name, messageIDs(comp))
		})
	}
}

package engine_test

import (
	"errors"
	"testing"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestEngineTimersCarryTheOfficialSummaries: the timer a local activity's
// retry waits on and AwaitWithTimeout's timer carry the summaries the
// official SDK gives them.
func TestEngineTimersCarryTheOfficialSummaries(t *testing.T) {
	summary := func(t *testing.T, cmd *commandpb.Command) string {
		t.Helper()
		var s string
		if p := cmd.GetUserMetadata().GetSummary(); p == nil {
			return "<none>"
		} else if err := converter.Default().FromPayload(p, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	t.Run("AwaitWithTimeout", func(t *testing.T) {
		_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
			_, err := engine.AwaitWithTimeout(ctx, time.Hour, func() bool { return false })
			return nil, err
		}})
		if len(c.Commands) != 1 || c.Commands[0].GetStartTimerCommandAttributes() == nil {
			t.Fatalf("commands %s", commandSummary(c))
		}
		if got := summary(t, c.Commands[0]); got != "AwaitWithTimeout" {
			t.Errorf("summary %q, want AwaitWithTimeout", got)
		}
	})
	t.Run("LocalActivityBackoff", func(t *testing.T) {
		opts := engine.LocalActivityOptions{StartToCloseTimeout: time.Second, RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Hour}}
		x, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
			return nil, engine.ExecuteLocalActivity(ctx, opts, "Flaky", nil).Get(ctx, nil)
		}})
		c, err := x.ResolveLocalActivity(engine.LocalActivityResult{ActivityID: c.LocalActivities[0].ActivityID, Attempt: 1,
			Err: errors.New("attempt 1 fails"), Backoff: time.Hour, ReplayTime: time.Date(2026, 11, 25, 12, 0, 1, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Commands) != 2 || c.Commands[1].GetStartTimerCommandAttributes() == nil {
			t.Fatalf("commands %s", commandSummary(c))
		}
		if got := summary(t, c.Commands[1]); got != "LocalActivity Backoff" {
			t.Errorf("summary %q, want LocalActivity Backoff", got)
		}
	})
}

package engine_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestLocalActivityBackoffPastTheThresholdBecomesATimer: the request hands
// the worker the call's LocalRetryThreshold, and a result the worker sends
// back with a backoff (its retry was too long to wait in the task) is
// recorded as the official marker followed by a durable timer of that
// length, as the official SDK records it (see
// TestReplaysOfficialSDKHistoryOfLocalActivityRetryThroughATimer for the
// rest of that history).
func TestLocalActivityBackoffPastTheThresholdBecomesATimer(t *testing.T) {
	opts := engine.LocalActivityOptions{StartToCloseTimeout: time.Second, LocalRetryThreshold: 3 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: 5 * time.Second}}
	x, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		return nil, engine.ExecuteLocalActivity(ctx, opts, "Flaky", nil).Get(ctx, nil)
	}})
	if len(c.LocalActivities) != 1 {
		t.Fatalf("local activities requested: %+v", c.LocalActivities)
	}
	req := c.LocalActivities[0]
	if req.Options.LocalRetryThreshold != 3*time.Second || req.Attempt != 1 {
		t.Fatalf("request %+v: want attempt 1 carrying the 3s threshold to the worker", req)
	}
	c, err := x.ResolveLocalActivity(engine.LocalActivityResult{ActivityID: req.ActivityID, Attempt: 1,
		Err: errors.New("attempt 1 fails"), Backoff: 5 * time.Second, ReplayTime: time.Date(2026, 11, 25, 12, 0, 1, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := commandSummary(c), `RecordMarker (marker "LocalActivity"); StartTimer (timer "6")`; got != want {
		t.Fatalf("commands %s, want %s", got, want)
	}
	if d := c.Commands[1].GetStartTimerCommandAttributes().GetStartToFireTimeout().AsDuration(); d != 5*time.Second {
		t.Errorf("timer of %v, want the 5s backoff", d)
	}
	if c.Closed || len(c.LocalActivities) != 0 {
		t.Errorf("closed %v, local activities %v: the retry waits for the timer", c.Closed, c.LocalActivities)
	}
}

// Negative local activity timeouts are refused, naming the field, as the
// official SDK refuses them, rather than taken as unset.
func TestNegativeLocalActivityTimeoutsAreRefused(t *testing.T) {
	var got error
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		got = engine.ExecuteLocalActivity(ctx, engine.LocalActivityOptions{StartToCloseTimeout: time.Second, ScheduleToCloseTimeout: -time.Second}, "Echo", nil).Get(ctx, nil)
		return nil, nil
	}})
	if got == nil || !strings.Contains(got.Error(), "LocalActivityOptions.ScheduleToCloseTimeout is negative") {
		t.Errorf("err = %v", got)
	}
	if len(c.LocalActivities) != 0 {
		t.Errorf("requested %d local activities", len(c.LocalActivities))
	}
}

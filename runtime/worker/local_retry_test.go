package worker

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestLocalRetryThresholdDecidesBetweenRetryingInPlaceAndATimer runs a
// local activity that fails twice, with a 30ms backoff, through the
// runner: a threshold at or above the backoff (or unset, meaning a task
// timeout above it) retries in place up to the success; a threshold below
// it (or unset with a task timeout below it) hands the first failure back
// with the backoff, for the workflow's timer.
func TestLocalRetryThresholdDecidesBetweenRetryingInPlaceAndATimer(t *testing.T) {
	const backoff = 30 * time.Millisecond
	flaky := typedActivity(func(ctx context.Context, _ int) (string, error) {
		if n := activity.GetInfo(ctx).Attempt; n < 3 {
			return "", fmt.Errorf("attempt %d fails", n)
		}
		return "ok", nil
	})
	for _, tc := range []struct {
		name        string
		threshold   time.Duration
		taskTimeout time.Duration
		inPlace     bool
	}{
		{"unset, under the task timeout", 0, 10 * time.Second, true},
		{"unset, over the task timeout", 0, 10 * time.Millisecond, false},
		{"above the backoff, over the task timeout", time.Second, 10 * time.Millisecond, true},
		{"equal to the backoff", backoff, 10 * time.Second, true},
		{"below the backoff, under the task timeout", 10 * time.Millisecond, 10 * time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &localActivityRunner{registry: NewRegistry(), dataConverter: converter.Default(), logger: slog.New(slog.DiscardHandler),
				slots: make(chan struct{}, 1), running: &taskGroup{}}
			input, err := converter.Default().ToPayloads(1)
			if err != nil {
				t.Fatal(err)
			}
			req := engine.LocalActivityRequest{ActivityID: "1", ActivityType: "Flaky", Input: input, Attempt: 1,
				Options: engine.LocalActivityOptions{StartToCloseTimeout: time.Second, LocalRetryThreshold: tc.threshold,
					RetryPolicy: &temporal.RetryPolicy{InitialInterval: backoff, BackoffCoefficient: 1}}}
			r := l.run(t.Context(), &workflowservice.PollWorkflowTaskQueueResponse{}, flaky, req, retryThreshold(req.Options, tc.taskTimeout))
			if tc.inPlace {
				if r.Err != nil || r.Backoff != 0 || r.Attempt != 3 {
					t.Errorf("attempt %d, err %v, backoff %v; want success on attempt 3, retried in place", r.Attempt, r.Err, r.Backoff)
				}
				return
			}
			if r.Err == nil || r.Backoff != backoff || r.Attempt != 1 {
				t.Errorf("attempt %d, err %v, backoff %v; want attempt 1's failure handed back with the %v backoff", r.Attempt, r.Err, r.Backoff, backoff)
			}
		})
	}
}

func TestRetryThresholdIgnoresANegativeThreshold(t *testing.T) {
	if got := retryThreshold(engine.LocalActivityOptions{LocalRetryThreshold: -time.Second}, 10*time.Second); got != 10*time.Second {
		t.Errorf("retryThreshold with a negative threshold = %v, want the task timeout", got)
	}
}

// TestLocalActivityGivenUpRecordsTheOfficialNoRetryBackoff: a failure the
// runner does not retry reports a backoff of -1ns, which the official SDK
// writes in the marker for it; a cancellation reports none.
func TestLocalActivityGivenUpRecordsTheOfficialNoRetryBackoff(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want time.Duration
	}{
		{"non-retryable", temporal.NewNonRetryableApplicationError("no", "Refused", nil), -1},
		{"attempts exhausted", temporal.NewApplicationError("no", "Flaky"), -1},
		{"cancelled", temporal.NewCanceledError(), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &localActivityRunner{registry: NewRegistry(), dataConverter: converter.Default(), logger: slog.New(slog.DiscardHandler),
				slots: make(chan struct{}, 1), running: &taskGroup{}}
			fails := typedActivity(func(context.Context, int) (string, error) { return "", tc.err })
			input, err := converter.Default().ToPayloads(1)
			if err != nil {
				t.Fatal(err)
			}
			req := engine.LocalActivityRequest{ActivityID: "1", ActivityType: "Fails", Input: input, Attempt: 1,
				Options: engine.LocalActivityOptions{StartToCloseTimeout: time.Second, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}}}
			r := l.run(t.Context(), &workflowservice.PollWorkflowTaskQueueResponse{}, fails, req, time.Second)
			if r.Err == nil || r.Backoff != tc.want {
				t.Errorf("err %v, backoff %v; want the failure with backoff %v", r.Err, r.Backoff, tc.want)
			}
		})
	}
}

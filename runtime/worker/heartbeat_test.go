package worker

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// heartbeatRecorder answers heartbeats with resp (or err) and keeps the
// details it received.
type heartbeatRecorder struct {
	workflowservice.WorkflowServiceClient
	mu      sync.Mutex
	details []int
	resp    *workflowservice.RecordActivityTaskHeartbeatResponse
	err     error
}

func (r *heartbeatRecorder) RecordActivityTaskHeartbeat(_ context.Context, in *workflowservice.RecordActivityTaskHeartbeatRequest, _ ...grpc.CallOption) (*workflowservice.RecordActivityTaskHeartbeatResponse, error) {
	var d int
	_ = converter.Default().FromPayloads(in.GetDetails(), &d)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.details = append(r.details, d)
	return r.resp, r.err
}

func (r *heartbeatRecorder) sent() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.details...)
}

func newHeartbeater(service workflowservice.WorkflowServiceClient, interval time.Duration) (*heartbeater, context.Context) {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &heartbeater{
		service: service, interval: interval, rpcTimeout: time.Second,
		logger: func() *slog.Logger { return slog.New(slog.DiscardHandler) }, ctx: context.Background(), cancel: cancel,
	}, ctx
}

func details(t *testing.T, v int) *commonpb.Payloads {
	t.Helper()
	p, err := converter.Default().ToPayloads(v)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHeartbeatsAreThrottledKeepingTheLatestDetails(t *testing.T) {
	rec := &heartbeatRecorder{}
	hb, _ := newHeartbeater(rec, 200*time.Millisecond)
	for i := 1; i <= 10; i++ {
		hb.record(details(t, i))
	}
	time.Sleep(300 * time.Millisecond) // one window has ended
	if got := rec.sent(); len(got) != 2 || got[0] != 1 || got[1] != 10 {
		t.Errorf("sent %v, want [1 10]: the first at once, then the window's latest", got)
	}
	hb.record(details(t, 11)) // inside the second window: held back
	if unsent := hb.stop(); unsent == nil {
		t.Error("stop lost the details recorded in the open window")
	}
	if got := rec.sent(); len(got) != 2 {
		t.Errorf("sent %v after stop, want nothing more", got)
	}
}

func TestHeartbeatAnswersCancelTheAttempt(t *testing.T) {
	for _, tc := range []struct {
		name string
		resp *workflowservice.RecordActivityTaskHeartbeatResponse
		err  error
		want error
	}{
		{"cancel requested", &workflowservice.RecordActivityTaskHeartbeatResponse{CancelRequested: true}, nil, errCancelRequested},
		{"paused", &workflowservice.RecordActivityTaskHeartbeatResponse{ActivityPaused: true}, nil, errActivityPaused},
		{"reset", &workflowservice.RecordActivityTaskHeartbeatResponse{ActivityReset: true}, nil, errActivityReset},
		{"attempt gone", nil, status.Error(codes.NotFound, "invalid activityID or activity already timed out or invoking workflow is completed"), errAttemptGone},
		{"transient error", nil, status.Error(codes.Unavailable, "try again"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hb, ctx := newHeartbeater(&heartbeatRecorder{resp: tc.resp, err: tc.err}, time.Hour)
			hb.record(nil)
			hb.stop()
			if got := context.Cause(ctx); !errors.Is(got, tc.want) || (tc.want == nil && got != nil) {
				t.Errorf("cause = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHeartbeatIntervalIsFourFifthsOfTheTimeoutCapped(t *testing.T) {
	for _, tc := range []struct{ timeout, fallback, want time.Duration }{
		{10 * time.Second, 30 * time.Second, 8 * time.Second},
		{0, 30 * time.Second, 30 * time.Second},
		{5 * time.Minute, 30 * time.Second, time.Minute},
	} {
		if got := heartbeatInterval(tc.timeout, tc.fallback); got != tc.want {
			t.Errorf("heartbeatInterval(%v, %v) = %v, want %v", tc.timeout, tc.fallback, got, tc.want)
		}
	}
}

func TestRetryDelayFollowsThePolicy(t *testing.T) {
	policy := &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 5 * time.Second, MaximumAttempts: 5, NonRetryableErrorTypes: []string{"Fatal"}}
	plain := errors.New("boom")
	for _, tc := range []struct {
		name    string
		policy  *temporal.RetryPolicy
		attempt int32
		err     error
		want    time.Duration
		retry   bool
	}{
		{"first retry", policy, 1, plain, time.Second, true},
		{"grows", policy, 3, plain, 4 * time.Second, true},
		{"capped", policy, 4, plain, 5 * time.Second, true},
		{"attempts exhausted", policy, 5, plain, 0, false},
		{"non-retryable type", policy, 1, temporal.NewApplicationError("no", "Fatal"), 0, false},
		{"non-retryable error", policy, 1, temporal.NewNonRetryableApplicationError("no", "Other", nil), 0, false},
		{"next retry delay wins", policy, 1, temporal.NewApplicationErrorWithOptions("later", "Busy", temporal.ApplicationErrorOptions{NextRetryDelay: 3 * time.Second}), 3 * time.Second, true},
		{"cancelled", policy, 1, context.Canceled, 0, false},
		{"default policy", nil, 3, plain, 4 * time.Second, true},
		{"default cap is 100x initial", nil, 20, plain, 100 * time.Second, true},
	} {
		got, retry := retryDelay(tc.policy, tc.attempt, tc.err)
		if got != tc.want || retry != tc.retry {
			t.Errorf("%s: retryDelay = %v, %v; want %v, %v", tc.name, got, retry, tc.want, tc.retry)
		}
	}
}

package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
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
	hb, _ := newHeartbeater(rec, time.Second)
	for i := 1; i <= 10; i++ {
		hb.record(details(t, i))
	}
	// Wait for the first window to end rather than guess when a loaded
	// machine runs its timer and the send.
	for deadline := time.Now().Add(5 * time.Second); len(rec.sent()) < 2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if got := rec.sent(); len(got) != 2 || got[0] != 1 || got[1] != 10 {
		t.Errorf("sent %v, want [1 10]: the first at once, then the window's latest", got)
	}
	hb.record(details(t, 11)) // inside the second window, just opened: held back
	if unsent := hb.stop(); unsent == nil {
		t.Error("stop lost the details recorded in the open window")
	}
	if got := rec.sent(); len(got) != 2 {
		t.Errorf("sent %v after stop, want nothing more", got)
	}
}

// slowHeartbeats holds each heartbeat call until release, counting calls
// out at once.
type slowHeartbeats struct {
	heartbeatRecorder
	release           chan struct{}
	inflight, maxSeen int
}

func (s *slowHeartbeats) RecordActivityTaskHeartbeat(ctx context.Context, in *workflowservice.RecordActivityTaskHeartbeatRequest, opts ...grpc.CallOption) (*workflowservice.RecordActivityTaskHeartbeatResponse, error) {
	s.mu.Lock()
	s.inflight++
	s.maxSeen = max(s.maxSeen, s.inflight)
	s.mu.Unlock()
	<-s.release
	s.mu.Lock()
	s.inflight--
	s.mu.Unlock()
	return s.heartbeatRecorder.RecordActivityTaskHeartbeat(ctx, in, opts...)
}

func TestHeartbeatsGoOutOneAtATimeInOrder(t *testing.T) {
	rec := &slowHeartbeats{release: make(chan struct{})}
	hb, _ := newHeartbeater(rec, 20*time.Millisecond)
	hb.record(details(t, 1)) // out at once, and held
	time.Sleep(60 * time.Millisecond)
	hb.record(details(t, 2)) // the window is over, but a call is out
	hb.record(details(t, 3))
	time.Sleep(60 * time.Millisecond)
	rec.release <- struct{}{} // the first answers; the latest follows it
	rec.release <- struct{}{}
	time.Sleep(60 * time.Millisecond)
	close(rec.release)
	hb.stop()
	if got := rec.sent(); fmt.Sprint(got) != "[1 3]" {
		t.Errorf("sent %v, want [1 3]: the first, then the latest after it answered", got)
	}
	if rec.maxSeen != 1 {
		t.Errorf("%d heartbeat calls were out at once, want 1", rec.maxSeen)
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
		{"server unreachable", nil, status.Error(codes.Unavailable, "connection refused"), errHeartbeatUnreachable},
		{"rejected", nil, status.Error(codes.InvalidArgument, "details too large"), nil},
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

type fatalError struct{}

func (*fatalError) Error() string { return "fatal" }

func TestRetryDelayFollowsThePolicy(t *testing.T) {
	policy := &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 5 * time.Second, MaximumAttempts: 5, NonRetryableErrorTypes: []string{"Fatal", "fatalError"}}
	plain := errors.New("boom")
	timeout := func(kind enumspb.TimeoutType) error { return temporal.NewTimeoutError("timed out", kind, nil) }
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
		{"non-retryable Go error type", policy, 1, &fatalError{}, 0, false},
		{"non-retryable Go error type, wrapped", policy, 1, fmt.Errorf("step: %w", temporal.NewApplicationError("no", "Fatal")), 0, false},
		{"non-retryable type beats next retry delay", policy, 1, temporal.NewApplicationErrorWithOptions("no", "Fatal", temporal.ApplicationErrorOptions{NextRetryDelay: time.Second}), 0, false},
		{"start-to-close timeout", policy, 1, timeout(enumspb.TIMEOUT_TYPE_START_TO_CLOSE), time.Second, true},
		{"schedule-to-close timeout", policy, 1, timeout(enumspb.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE), 0, false},
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

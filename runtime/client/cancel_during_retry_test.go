package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
)

// TestCancelDuringRetryBackoffMatchesContextCanceled cancels a call while
// the client waits between retries of a transient failure (the server is
// unreachable, say, and the caller is shutting down).
//
// Official SDK: the retry interceptor returns the context's error when the
// context ends during the backoff, status.FromContextError(ctx.Err())
// (internal/common/retry/interceptor.go:166-170), so the caller sees
// codes.Canceled.
//
// Ours: retryInterceptor returns the last transient error instead
// (runtime/client/retry.go, `case <-ctx.Done(): ... return err`), so the
// call ends with an Unavailable *ServiceError that asks whether the server
// is reachable, and errors.Is(err, context.Canceled) is false although the
// caller cancelled - against the rule TestCallsEndedByTheContextMatchItsError
// states: a call that ends with its context says so to errors.Is.
func TestCancelDuringRetryBackoffMatchesContextCanceled(t *testing.T) {
	f := &faults{method: "DescribeWorkflowExecution", code: codes.Unavailable, msg: "injected outage"}
	f.before.Store(1 << 30)
	c := dialWithFaults(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(700*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.DescribeWorkflow(ctx, "any", "")
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("returned %v after the cancel", elapsed)
	}
	if f.calls.Load() < 2 {
		t.Fatalf("only %d attempts: the cancel did not land in a backoff", f.calls.Load())
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("DescribeWorkflow cancelled during a retry backoff: %T %v; errors.Is(err, context.Canceled) is false", err, err)
	}
}

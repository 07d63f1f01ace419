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
// The call ends with the context's error, as the official SDK's retry
// interceptor does (status.FromContextError, internal/common/retry/
// interceptor.go:166-170), and as TestCallsEndedByTheContextMatchItsError
// wants of a call the context ends in flight: not with the transient
// error it was waiting out, whose hint blames the server.
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

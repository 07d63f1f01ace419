package client

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// retryPolicy is how the client retries transient gRPC failures. The numbers
// follow the official SDKs, so a mixed fleet backs off alike under load.
type retryPolicy struct {
	initial time.Duration
	// initialBusy is the first wait after RESOURCE_EXHAUSTED: the server is
	// shedding load, so back off harder.
	initialBusy time.Duration
	coefficient float64
	maximum     time.Duration
	jitter      float64
	// expiration bounds the whole call when the caller's context has no
	// deadline.
	expiration time.Duration
}

var defaultRetryPolicy = retryPolicy{
	initial:     200 * time.Millisecond,
	initialBusy: time.Second,
	coefficient: 2,
	maximum:     10 * time.Second,
	jitter:      0.2,
	expiration:  time.Minute,
}

// WithoutRetries is a call option that turns off the client's retries of
// transient failures for one call, for callers that retry on their own
// terms: the worker's pollers back off and log each failed poll, so an
// outage shows in their log at once rather than after a minute of silent
// retries inside one long poll.
func WithoutRetries() grpc.CallOption { return withoutRetries{} }

type withoutRetries struct{ grpc.EmptyCallOption }

func isWithoutRetries(o grpc.CallOption) bool {
	_, ok := o.(withoutRetries)
	return ok
}

// retryInterceptor retries unary calls that failed with a transient status,
// with exponential backoff and jitter, until the call succeeds, fails for
// good, or the context ends. Most mutating requests carry a request ID the
// server deduplicates on; those that cannot (terminate, an activity's
// completion) may answer a retry with NotFound after a lost response, which
// the package documentation says.
//
// Internal is retried too, as the official SDKs retry it, unless the server
// says it tells transient internal errors apart (the capability
// internal_error_differentiation, read at Dial into internalIsFinal).
func retryInterceptor(policy retryPolicy, logger *slog.Logger, internalIsFinal *atomic.Bool) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		if slices.ContainsFunc(opts, isWithoutRetries) {
			return invoker(ctx, method, req, reply, cc, opts...)
		}
		if _, ok := ctx.Deadline(); !ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, policy.expiration)
			defer cancel()
		}
		var wait time.Duration
		for attempt := 1; ; attempt++ {
			err := invoker(ctx, method, req, reply, cc, opts...)
			if err == nil || !isTransient(err, internalIsFinal.Load()) || ctx.Err() != nil {
				return err
			}
			wait = policy.next(wait, status.Code(err))
			// A server shedding load may say how long to stay away.
			wait = max(wait, retryDelayFloor(err))
			deadline, _ := ctx.Deadline()
			if time.Until(deadline) < wait {
				// No time left for another attempt: report the real failure
				// rather than a deadline that has not passed yet.
				return err
			}
			logger.Debug("retrying a transient gRPC failure", "method", method, "attempt", attempt, "wait", wait, "error", err)
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				// The caller ended the call: say so, as a call the context
				// ended while in flight does, with what it was waiting out.
				timer.Stop()
				return status.Errorf(status.FromContextError(ctx.Err()).Code(), "%v while waiting to retry after: %v", ctx.Err(), status.Convert(err).Message())
			case <-timer.C:
			}
		}
	}
}

// next returns the wait before the next attempt, given the previous one.
func (p retryPolicy) next(prev time.Duration, code codes.Code) time.Duration {
	var base time.Duration
	switch {
	case prev == 0 && code == codes.ResourceExhausted:
		base = p.initialBusy
	case prev == 0:
		base = p.initial
	default:
		base = min(time.Duration(float64(prev)*p.coefficient), p.maximum)
	}
	spread := (rand.Float64()*2 - 1) * p.jitter
	return time.Duration(float64(base) * (1 + spread))
}

// retryDelayFloor is the longest delay a ResourceExhausted status asks for
// in its google.rpc.RetryInfo details, or zero.
func retryDelayFloor(err error) time.Duration {
	s, ok := status.FromError(err)
	if !ok || s.Code() != codes.ResourceExhausted {
		return 0
	}
	var floor time.Duration
	for _, d := range s.Details() {
		if info, ok := d.(*errdetails.RetryInfo); ok && info.GetRetryDelay().IsValid() {
			floor = max(floor, info.GetRetryDelay().AsDuration())
		}
	}
	return floor
}

// isTransient reports whether a failed call may succeed if sent again;
// internalIsFinal says the server reports Internal only for errors that
// would fail again.
func isTransient(err error, internalIsFinal bool) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	s, ok := status.FromError(err)
	if !ok {
		return false
	}
	switch s.Code() {
	case codes.Unavailable, codes.Aborted, codes.Unknown:
		return true
	case codes.Internal:
		return !internalIsFinal
	case codes.ResourceExhausted:
		// A message over the size limit fails the same way every time.
		return !strings.Contains(s.Message(), "message larger than max")
	}
	return false
}

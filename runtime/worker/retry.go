package worker

import (
	"context"
	"errors"
	"math"
	"slices"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Retry policy defaults, the server's for activities.
const (
	defaultRetryInitialInterval = time.Second
	defaultRetryCoefficient     = 2.0
	defaultRetryMaxFactor       = 100
)

// retryDelay is how long to wait before attempt+1 after attempt failed
// with err, and false when the policy forbids another attempt: the error
// is non-retryable, attempts are exhausted, or the attempt was cancelled.
func retryDelay(p *temporal.RetryPolicy, attempt int32, err error) (time.Duration, bool) {
	if err == nil || errors.Is(err, context.Canceled) || temporal.IsCanceledError(err) {
		return 0, false
	}
	var policy temporal.RetryPolicy
	if p != nil {
		policy = *p
	}
	if policy.MaximumAttempts > 0 && attempt >= policy.MaximumAttempts {
		return 0, false
	}
	// As the official SDK decides for local activities: only an attempt's
	// own start-to-close timeout is worth another attempt, and the policy
	// names plain Go errors by their type.
	var timeout *temporal.TimeoutError
	if errors.As(err, &timeout) && timeout.TimeoutType() != enumspb.TIMEOUT_TYPE_START_TO_CLOSE {
		return 0, false
	}
	if slices.Contains(policy.NonRetryableErrorTypes, temporal.ErrorType(err)) {
		return 0, false
	}
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		if appErr.NonRetryable() {
			return 0, false
		}
		if d := appErr.NextRetryDelay(); d > 0 {
			return d, true
		}
	}
	initial := policy.InitialInterval
	if initial <= 0 {
		initial = defaultRetryInitialInterval
	}
	coefficient := policy.BackoffCoefficient
	if coefficient < 1 {
		coefficient = defaultRetryCoefficient
	}
	maximum := policy.MaximumInterval
	if maximum <= 0 {
		maximum = initial * defaultRetryMaxFactor
	}
	d := float64(initial) * math.Pow(coefficient, float64(attempt-1))
	if d > float64(maximum) || math.IsInf(d, 0) || math.IsNaN(d) {
		return maximum, true
	}
	return time.Duration(d), true
}

package temporal

import (
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
)

// ApplicationErrorCategory classifies an [ApplicationError] for logging and
// metrics. It does not change retries. Its values are those of
// enumspb.ApplicationErrorCategory.
type ApplicationErrorCategory int

const (
	// ApplicationErrorCategoryUnspecified is the default category: the error
	// is logged and counted as a failure.
	ApplicationErrorCategoryUnspecified ApplicationErrorCategory = ApplicationErrorCategory(enumspb.APPLICATION_ERROR_CATEGORY_UNSPECIFIED)
	// ApplicationErrorCategoryBenign marks an error expected in normal
	// operation, one that should not alert anyone: SDKs log it at a lower
	// level and leave it out of failure metrics.
	ApplicationErrorCategoryBenign ApplicationErrorCategory = ApplicationErrorCategory(enumspb.APPLICATION_ERROR_CATEGORY_BENIGN)
)

// ApplicationErrorOptions configure [NewApplicationErrorWithOptions]. The zero
// value makes a retryable error without cause or details.
type ApplicationErrorOptions struct {
	// NonRetryable stops retries whatever the retry policy says.
	NonRetryable bool
	// Cause is the error behind this one; it crosses the wire as the
	// failure's cause.
	Cause error
	// Details are values the receiver can decode with
	// [ApplicationError.Details]. A single [Values] is sent as it is.
	Details []any
	// NextRetryDelay, when positive, replaces the delay the retry policy
	// would compute before the next attempt. Zero means the policy decides,
	// so an immediate retry needs a small positive delay.
	NextRetryDelay time.Duration
	// Category says how SDKs log and count the error.
	Category ApplicationErrorCategory
}

// ApplicationError is the error of application code: return one from an
// activity or a workflow to fail it with a message, a type the retry policy
// can match (RetryPolicy.NonRetryableErrorTypes), optional details and a
// cause. Any other Go error becomes an ApplicationError when it crosses the
// wire, typed with its Go type name.
type ApplicationError struct {
	message        string
	errType        string
	nonRetryable   bool
	cause          error
	details        Values
	nextRetryDelay time.Duration
	category       ApplicationErrorCategory
	failure        *failurepb.Failure
}

// NewApplicationError returns a retryable [*ApplicationError] with a message,
// a type and optional details.
func NewApplicationError(message, errType string, details ...any) error {
	return NewApplicationErrorWithOptions(message, errType, ApplicationErrorOptions{Details: details})
}

// NewApplicationErrorWithCause returns a retryable [*ApplicationError] that
// wraps cause.
func NewApplicationErrorWithCause(message, errType string, cause error, details ...any) error {
	return NewApplicationErrorWithOptions(message, errType, ApplicationErrorOptions{Cause: cause, Details: details})
}

// NewNonRetryableApplicationError returns an [*ApplicationError] that is
// never retried, whatever the retry policy. cause may be nil.
func NewNonRetryableApplicationError(message, errType string, cause error, details ...any) error {
	return NewApplicationErrorWithOptions(message, errType, ApplicationErrorOptions{NonRetryable: true, Cause: cause, Details: details})
}

// NewApplicationErrorWithOptions returns an [*ApplicationError] configured by
// opts.
func NewApplicationErrorWithOptions(message, errType string, opts ApplicationErrorOptions) error {
	return &ApplicationError{
		message:        message,
		errType:        errType,
		nonRetryable:   opts.NonRetryable,
		cause:          opts.Cause,
		details:        valuesOf(opts.Details),
		nextRetryDelay: opts.NextRetryDelay,
		category:       opts.Category,
	}
}

// Error returns the message, then the type and retryability when the error
// has a type, then the cause.
func (e *ApplicationError) Error() string {
	msg := e.message
	if e.errType != "" {
		msg = fmt.Sprintf("%s (type: %s, retryable: %t)", msg, e.errType, !e.nonRetryable)
	}
	return withCause(msg, e.cause)
}

// Message returns the message alone, without type or cause.
func (e *ApplicationError) Message() string { return e.message }

// Type returns the error type: the one given to the constructor, or, for a Go
// error that crossed the wire, its Go type name ("" for errors.New and
// fmt.Errorf without %w).
func (e *ApplicationError) Type() string { return e.errType }

// NonRetryable reports whether the error stops retries.
func (e *ApplicationError) NonRetryable() bool { return e.nonRetryable }

// HasDetails reports whether the error carries details.
func (e *ApplicationError) HasDetails() bool { return e.details.HasValues() }

// Details decodes the error's details into valuePtrs, in order. It returns
// [ErrNoData] if there are none.
func (e *ApplicationError) Details(valuePtrs ...any) error { return e.details.Get(valuePtrs...) }

// NextRetryDelay returns the delay requested before the next attempt; zero
// leaves it to the retry policy.
func (e *ApplicationError) NextRetryDelay() time.Duration { return e.nextRetryDelay }

// Category returns the error's category.
func (e *ApplicationError) Category() ApplicationErrorCategory { return e.category }

// Unwrap returns the cause.
func (e *ApplicationError) Unwrap() error { return e.cause }

// Failure returns the failure the error was decoded from, or nil if it was
// built in Go. Callers must not modify it.
func (e *ApplicationError) Failure() *failurepb.Failure { return e.failure }

// IsApplicationError reports whether err or an error it wraps is an
// [*ApplicationError].
func IsApplicationError(err error) bool {
	var target *ApplicationError
	return errors.As(err, &target)
}

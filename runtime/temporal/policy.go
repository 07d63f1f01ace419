package temporal

import (
	"errors"
	"fmt"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/types/known/durationpb"
)

// RetryPolicy says how a failed activity or workflow is retried. The zero
// value of each field means the server's default.
type RetryPolicy struct {
	// InitialInterval is the wait before the first retry. Zero means 1s.
	InitialInterval time.Duration
	// BackoffCoefficient multiplies the wait after each retry. Zero means 2;
	// otherwise it must be at least 1.
	BackoffCoefficient float64
	// MaximumInterval caps the wait. Zero means 100 × InitialInterval.
	MaximumInterval time.Duration
	// MaximumAttempts caps attempts, the first included. Zero means
	// unlimited; 1 means no retries.
	MaximumAttempts int32
	// NonRetryableErrorTypes lists error types never retried, as
	// [ErrorType] names them: ApplicationError types, and the Go type
	// names of other errors.
	NonRetryableErrorTypes []string
}

// ErrorType is the type RetryPolicy.NonRetryableErrorTypes matches err by:
// the Type of the ApplicationError err is or wraps, or else the name of
// err's Go type without package or pointers, which is what a failure
// records for such an error ("" for the type behind errors.New).
func ErrorType(err error) string {
	if err == nil {
		return ""
	}
	var appErr *ApplicationError
	if errors.As(err, &appErr) {
		return appErr.Type()
	}
	return errorTypeName(err)
}

// Validate reports the first invalid field, named after field (the path of
// the policy in the caller's options, for example
// "StartWorkflowOptions.RetryPolicy").
func (p *RetryPolicy) Validate(field string) error {
	if p == nil {
		return nil
	}
	switch {
	case p.InitialInterval < 0:
		return fmt.Errorf("%s.InitialInterval is negative (%v)", field, p.InitialInterval)
	case p.MaximumInterval < 0:
		return fmt.Errorf("%s.MaximumInterval is negative (%v)", field, p.MaximumInterval)
	case p.BackoffCoefficient != 0 && p.BackoffCoefficient < 1:
		return fmt.Errorf("%s.BackoffCoefficient is %v; it must be at least 1 (or 0 for the default 2)", field, p.BackoffCoefficient)
	case p.MaximumAttempts < 0:
		return fmt.Errorf("%s.MaximumAttempts is negative (%d)", field, p.MaximumAttempts)
	case p.MaximumInterval != 0 && p.InitialInterval != 0 && p.MaximumInterval < p.InitialInterval:
		return fmt.Errorf("%s.MaximumInterval (%v) is shorter than InitialInterval (%v)", field, p.MaximumInterval, p.InitialInterval)
	case p.MaximumInterval != 0 && p.InitialInterval == 0 && p.MaximumInterval < defaultInitialInterval:
		// The server would refuse the command on every workflow task.
		return fmt.Errorf("%s.MaximumInterval (%v) is shorter than the server's default InitialInterval (%v); set InitialInterval to at most %v, or MaximumInterval to at least %v",
			field, p.MaximumInterval, defaultInitialInterval, p.MaximumInterval, defaultInitialInterval)
	}
	return nil
}

// defaultInitialInterval is the server's InitialInterval for a retry
// policy that leaves it unset.
const defaultInitialInterval = time.Second

// ToProto returns the wire form, or nil for a nil policy.
func (p *RetryPolicy) ToProto() *commonpb.RetryPolicy {
	if p == nil {
		return nil
	}
	return &commonpb.RetryPolicy{
		InitialInterval:        optionalDuration(p.InitialInterval),
		BackoffCoefficient:     p.BackoffCoefficient,
		MaximumInterval:        optionalDuration(p.MaximumInterval),
		MaximumAttempts:        p.MaximumAttempts,
		NonRetryableErrorTypes: p.NonRetryableErrorTypes,
	}
}

// RetryPolicyFromProto reads the wire form; nil gives nil.
func RetryPolicyFromProto(p *commonpb.RetryPolicy) *RetryPolicy {
	if p == nil {
		return nil
	}
	return &RetryPolicy{
		InitialInterval:        p.GetInitialInterval().AsDuration(),
		BackoffCoefficient:     p.GetBackoffCoefficient(),
		MaximumInterval:        p.GetMaximumInterval().AsDuration(),
		MaximumAttempts:        p.GetMaximumAttempts(),
		NonRetryableErrorTypes: p.GetNonRetryableErrorTypes(),
	}
}

// Priority sets the priority and fairness of tasks on a task queue.
type Priority struct {
	// PriorityKey runs from 1 (highest) to the server's maximum (default 5).
	// Zero means the default, the middle of the range.
	PriorityKey int
	// FairnessKey groups tasks for fair dispatch, at most 64 bytes.
	FairnessKey string
	// FairnessWeight is the key's share; zero means 1.
	FairnessWeight float32
}

// Validate reports the first invalid field, named after field.
func (p *Priority) Validate(field string) error {
	if p == nil {
		return nil
	}
	switch {
	case p.PriorityKey < 0:
		return fmt.Errorf("%s.PriorityKey is negative (%d)", field, p.PriorityKey)
	case len(p.FairnessKey) > 64:
		return fmt.Errorf("%s.FairnessKey is %d bytes; the server allows 64", field, len(p.FairnessKey))
	case p.FairnessWeight < 0:
		return fmt.Errorf("%s.FairnessWeight is negative (%v)", field, p.FairnessWeight)
	}
	return nil
}

// PriorityFromProto reads the wire form; nil or empty gives nil.
func PriorityFromProto(p *commonpb.Priority) *Priority {
	if p == nil {
		return nil
	}
	out := &Priority{PriorityKey: int(p.GetPriorityKey()), FairnessKey: p.GetFairnessKey(), FairnessWeight: p.GetFairnessWeight()}
	if *out == (Priority{}) {
		return nil
	}
	return out
}

// ToProto returns the wire form, or nil for a nil or zero priority.
func (p *Priority) ToProto() *commonpb.Priority {
	if p == nil || *p == (Priority{}) {
		// Nothing to send, as the official SDK sends it.
		return nil
	}
	return &commonpb.Priority{PriorityKey: int32(p.PriorityKey), FairnessKey: p.FairnessKey, FairnessWeight: p.FairnessWeight}
}

func optionalDuration(d time.Duration) *durationpb.Duration {
	if d == 0 {
		return nil
	}
	return durationpb.New(d)
}

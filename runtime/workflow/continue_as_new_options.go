package workflow

import (
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// ContinueAsNewOptions change what the new run of a continue-as-new gets:
// task queue, run and task timeouts, retry policy, a delay before its first
// task, memo, search attributes and its initial versioning behavior. A
// zero field keeps the current run's value, so the zero value continues as
// the official SDK does by default.
type ContinueAsNewOptions = engine.ContinueAsNewOptions

// ContinueAsNewOption changes one field of [ContinueAsNewOptions]; any
// func(*ContinueAsNewOptions) is one.
type ContinueAsNewOption func(*ContinueAsNewOptions)

// WithContinueAsNewTaskQueue moves the new run to taskQueue.
func WithContinueAsNewTaskQueue(taskQueue string) ContinueAsNewOption {
	return func(o *ContinueAsNewOptions) { o.TaskQueue = taskQueue }
}

// WithContinueAsNewRunTimeout bounds the new run.
func WithContinueAsNewRunTimeout(d time.Duration) ContinueAsNewOption {
	return func(o *ContinueAsNewOptions) { o.WorkflowRunTimeout = d }
}

// WithContinueAsNewTaskTimeout bounds each workflow task of the new run.
func WithContinueAsNewTaskTimeout(d time.Duration) ContinueAsNewOption {
	return func(o *ContinueAsNewOptions) { o.WorkflowTaskTimeout = d }
}

// WithContinueAsNewRetryPolicy sets the new run's retry policy.
func WithContinueAsNewRetryPolicy(p *temporal.RetryPolicy) ContinueAsNewOption {
	return func(o *ContinueAsNewOptions) { o.RetryPolicy = p }
}

// WithContinueAsNewBackoff delays the new run's first workflow task by d:
// a polling loop that continues as new between polls waits without a
// timer in either run.
func WithContinueAsNewBackoff(d time.Duration) ContinueAsNewOption {
	return func(o *ContinueAsNewOptions) { o.BackoffStartInterval = d }
}

// WithContinueAsNewMemo gives the new run memo instead of the current
// run's.
func WithContinueAsNewMemo(memo map[string]any) ContinueAsNewOption {
	return func(o *ContinueAsNewOptions) { o.Memo = memo }
}

// WithContinueAsNewSearchAttributes gives the new run sa instead of the
// current run's search attributes.
func WithContinueAsNewSearchAttributes(sa temporal.SearchAttributes) ContinueAsNewOption {
	return func(o *ContinueAsNewOptions) { o.SearchAttributes = &sa }
}

// WithContinueAsNewVersioningBehavior sets the versioning behavior of the
// new run's first task, for workers on deployment versions.
func WithContinueAsNewVersioningBehavior(b enumspb.ContinueAsNewVersioningBehavior) ContinueAsNewOption {
	return func(o *ContinueAsNewOptions) { o.InitialVersioningBehavior = b }
}

// NewContinueAsNewErrorWithOptions is [NewContinueAsNewError] with options
// for the new run.
func NewContinueAsNewErrorWithOptions(ctx Context, opts ContinueAsNewOptions, wf any, args ...any) error {
	name := ""
	if wf != nil {
		var err error
		if name, err = typeName("the workflow to continue as new", wf); err != nil {
			return err
		}
	}
	return engine.NewContinueAsNewError(ctx, opts, name, args...)
}

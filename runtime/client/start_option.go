package client

import (
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// StartOption changes one thing about a workflow start. Options given to
// [WorkflowDef.Start] and its siblings apply in order, over the defaults
// the WorkflowDef carries (for generated code, the proto's annotations),
// and set the field even to its zero value: WithExecutionTimeout(0) lifts
// an annotated timeout. Being a func type, any func(*StartWorkflowOptions)
// converts to one.
type StartOption func(*StartWorkflowOptions)

// WithID sets the workflow ID. It takes precedence over the WorkflowDef's
// ID template, which renders only when no ID is set.
func WithID(id string) StartOption { return func(o *StartWorkflowOptions) { o.ID = id } }

// WithTaskQueue sets the task queue the workflow's worker polls.
func WithTaskQueue(taskQueue string) StartOption {
	return func(o *StartWorkflowOptions) { o.TaskQueue = taskQueue }
}

// WithExecutionTimeout bounds the whole execution, retries and
// continue-as-new included; zero means unlimited.
func WithExecutionTimeout(d time.Duration) StartOption {
	return func(o *StartWorkflowOptions) { o.ExecutionTimeout = d }
}

// WithRunTimeout bounds one run; zero means the execution timeout.
func WithRunTimeout(d time.Duration) StartOption {
	return func(o *StartWorkflowOptions) { o.RunTimeout = d }
}

// WithTaskTimeout bounds one workflow task; zero means the server's 10s.
func WithTaskTimeout(d time.Duration) StartOption {
	return func(o *StartWorkflowOptions) { o.TaskTimeout = d }
}

// WithRetryPolicy sets the workflow's retry policy; nil means no retries.
func WithRetryPolicy(p *temporal.RetryPolicy) StartOption {
	return func(o *StartWorkflowOptions) { o.RetryPolicy = p }
}

// WithIDReusePolicy says whether the ID of a closed execution may be reused.
func WithIDReusePolicy(p enumspb.WorkflowIdReusePolicy) StartOption {
	return func(o *StartWorkflowOptions) { o.IDReusePolicy = p }
}

// WithIDConflictPolicy says what a start does when an execution with the
// ID is running.
func WithIDConflictPolicy(p enumspb.WorkflowIdConflictPolicy) StartOption {
	return func(o *StartWorkflowOptions) { o.IDConflictPolicy = p }
}

// WithMemo replaces the memo; nil removes it.
func WithMemo(memo map[string]any) StartOption {
	return func(o *StartWorkflowOptions) { o.Memo = memo }
}

// WithSearchAttributes replaces the search attributes.
func WithSearchAttributes(sa temporal.SearchAttributes) StartOption {
	return func(o *StartWorkflowOptions) { o.SearchAttributes = sa }
}

// WithStartDelay postpones the workflow's first task.
func WithStartDelay(d time.Duration) StartOption {
	return func(o *StartWorkflowOptions) { o.StartDelay = d }
}

// WithPriority sets the priority and fairness of the workflow's tasks; nil
// means the server's default.
func WithPriority(p *temporal.Priority) StartOption {
	return func(o *StartWorkflowOptions) { o.Priority = p }
}

// WithRequestID sets the ID that deduplicates the start request.
func WithRequestID(id string) StartOption {
	return func(o *StartWorkflowOptions) { o.RequestID = id }
}

// WithStaticSummary sets the one-line summary the Temporal UI shows.
func WithStaticSummary(summary string) StartOption {
	return func(o *StartWorkflowOptions) { o.StaticSummary = summary }
}

// WithStaticDetails sets the longer text the Temporal UI shows.
func WithStaticDetails(details string) StartOption {
	return func(o *StartWorkflowOptions) { o.StaticDetails = details }
}

// WithEagerStart turns eager start on or off (see
// [StartWorkflowOptions.EnableEagerStart]).
func WithEagerStart(enable bool) StartOption {
	return func(o *StartWorkflowOptions) { o.EnableEagerStart = enable }
}

// WithStartWorkflowOptions edits the options directly, for several fields
// at once or a field no With function covers.
func WithStartWorkflowOptions(edit func(*StartWorkflowOptions)) StartOption {
	return StartOption(edit)
}

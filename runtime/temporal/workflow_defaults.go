package temporal

import (
	"time"

	enumspb "go.temporal.io/api/enums/v1"
)

// WorkflowDefaults are the options a workflow's declaration gives its runs
// wherever they are started: by a client (client.WorkflowDef) or by a
// parent workflow as its child (workflow.WorkflowDef). A workflow's
// definition renders them in one function of the request, which both
// descriptors call, so the templates a proto annotation declares (search
// attributes, memo, fairness key) are written, checked and drawn once.
//
// A zero field means "not declared". A kind of start ignores the fields it
// has no use for: a child has no ID conflict policy and is never started
// eagerly.
type WorkflowDefaults struct {
	// TaskQueue is the queue the workflow's workers poll.
	TaskQueue string
	// ExecutionTimeout bounds the workflow across retries and
	// continue-as-new.
	ExecutionTimeout time.Duration
	// RunTimeout bounds a single run.
	RunTimeout time.Duration
	// TaskTimeout bounds a workflow task.
	TaskTimeout time.Duration
	// IDReusePolicy says whether the ID may start again after a run closed.
	IDReusePolicy enumspb.WorkflowIdReusePolicy
	// IDConflictPolicy says what a client's start does when the ID is
	// running; children ignore it.
	IDConflictPolicy enumspb.WorkflowIdConflictPolicy
	// EnableEagerStart asks a client's start to hand the first workflow
	// task to a worker in the same process; children ignore it.
	EnableEagerStart bool
	// RetryPolicy retries the workflow when a run fails.
	RetryPolicy *RetryPolicy
	// Memo is the workflow's memo.
	Memo map[string]any
	// SearchAttributes are the workflow's search attributes.
	SearchAttributes SearchAttributes
	// Priority is the priority and fairness of the workflow's tasks.
	Priority *Priority
}

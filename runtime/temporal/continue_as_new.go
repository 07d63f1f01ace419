package temporal

import (
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
)

// ContinueAsNewError says a run closed by continuing as new: a new run of
// the same workflow ID, with a fresh history, took over. Workflow code
// returns it (workflow.NewContinueAsNewError builds it) to continue; the
// client returns it, wrapped, from a run's result when it is told not to
// follow runs, filled from the close event.
type ContinueAsNewError struct {
	// WorkflowType is the new run's workflow type.
	WorkflowType string
	// Input is the new run's encoded arguments.
	Input *commonpb.Payloads
	// Header is the new run's start header: what the outbound
	// interceptors wrote.
	Header      map[string]*commonpb.Payload
	TaskQueue   string
	RunTimeout  time.Duration
	TaskTimeout time.Duration
	// RetryPolicy is nil to keep the current run's.
	RetryPolicy          *RetryPolicy
	BackoffStartInterval time.Duration
	// Memo and SearchAttributes are nil to carry the current run's over.
	Memo                      *commonpb.Memo
	SearchAttributes          *commonpb.SearchAttributes
	InitialVersioningBehavior enumspb.ContinueAsNewVersioningBehavior
}

func (e *ContinueAsNewError) Error() string { return "continue as new" }

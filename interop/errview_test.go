package interop_test

import (
	"encoding/json"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	sdktemporal "go.temporal.io/sdk/temporal"

	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// errView is an SDK-neutral description of a decoded error, so that what
// our runtime and the official SDK make of the same failure can be compared
// field by field.
type errView struct {
	Kind           string
	Message        string
	Error          string
	Type           string
	NonRetryable   bool
	Details        []string // each detail as compact JSON
	NextRetryDelay time.Duration
	Category       int
	TimeoutType    enumspb.TimeoutType
	StackTrace     string

	// Activity and child workflow failures.
	ActivityType     string
	ActivityID       string
	Identity         string
	Namespace        string
	WorkflowID       string
	RunID            string
	WorkflowType     string
	ScheduledEventID int64
	StartedEventID   int64
	RetryState       enumspb.RetryState

	Cause *errView
}

// maxDetails is how many details a view decodes; the cases use fewer.
const maxDetails = 4

// detailsView decodes details into raw JSON through get, the SDK's Details
// or LastHeartbeatDetails method.
func detailsView(has bool, get func(...any) error) []string {
	if !has {
		return nil
	}
	raws := make([]json.RawMessage, maxDetails)
	ptrs := make([]any, maxDetails)
	for i := range raws {
		ptrs[i] = &raws[i]
	}
	if err := get(ptrs...); err != nil {
		return []string{"<error: " + err.Error() + ">"}
	}
	var out []string
	for _, r := range raws {
		if r != nil {
			out = append(out, string(r))
		}
	}
	return out
}

// ourView describes an error of our runtime.
func ourView(err error) *errView {
	if err == nil {
		return nil
	}
	v := &errView{Error: err.Error()}
	switch e := err.(type) {
	case *temporal.ApplicationError:
		v.Kind, v.Message, v.Type, v.NonRetryable = "application", e.Message(), e.Type(), e.NonRetryable()
		v.Details = detailsView(e.HasDetails(), e.Details)
		v.NextRetryDelay, v.Category = e.NextRetryDelay(), int(e.Category())
	case *temporal.CanceledError:
		v.Kind, v.Message = "canceled", e.Message()
		v.Details = detailsView(e.HasDetails(), e.Details)
	case *temporal.TimeoutError:
		v.Kind, v.Message, v.TimeoutType = "timeout", e.Message(), e.TimeoutType()
		v.Details = detailsView(e.HasLastHeartbeatDetails(), e.LastHeartbeatDetails)
	case *temporal.TerminatedError:
		v.Kind, v.Message = "terminated", e.Error()
	case *temporal.PanicError:
		v.Kind, v.Message, v.StackTrace = "panic", e.Value(), e.StackTrace()
	case *temporal.ServerError:
		// The official ServerError does not expose NonRetryable, so views
		// leave it out; TestFailuresDecodeAlikeInBothSDKs checks ours.
		v.Kind, v.Message = "server", e.Message()
	case *temporal.ActivityError:
		v.Kind = "activity"
		v.ActivityType, v.ActivityID, v.Identity = e.ActivityType(), e.ActivityID(), e.Identity()
		v.ScheduledEventID, v.StartedEventID, v.RetryState = e.ScheduledEventID(), e.StartedEventID(), e.RetryState()
	case *temporal.ChildWorkflowExecutionError:
		v.Kind = "child"
		v.Namespace, v.WorkflowID, v.RunID, v.WorkflowType = e.Namespace(), e.WorkflowID(), e.RunID(), e.WorkflowType()
		v.ScheduledEventID, v.StartedEventID, v.RetryState = e.InitiatedEventID(), e.StartedEventID(), e.RetryState()
	case *temporal.WorkflowExecutionError:
		v.Kind, v.WorkflowID, v.RunID, v.WorkflowType = "workflow", e.WorkflowID(), e.RunID(), e.WorkflowType()
	default:
		v.Kind, v.Message = "go", err.Error()
	}
	v.Cause = ourView(errors.Unwrap(err))
	return v
}

// officialView describes an error of the official SDK.
func officialView(err error) *errView {
	if err == nil {
		return nil
	}
	v := &errView{Error: err.Error()}
	switch e := err.(type) {
	case *sdktemporal.ApplicationError:
		v.Kind, v.Message, v.Type, v.NonRetryable = "application", e.Message(), e.Type(), e.NonRetryable()
		v.Details = detailsView(e.HasDetails(), e.Details)
		v.NextRetryDelay, v.Category = e.NextRetryDelay(), int(e.Category())
	case *sdktemporal.CanceledError:
		v.Kind, v.Message = "canceled", e.Error()
		v.Details = detailsView(e.HasDetails(), e.Details)
	case *sdktemporal.TimeoutError:
		v.Kind, v.Message, v.TimeoutType = "timeout", e.Message(), e.TimeoutType()
		v.Details = detailsView(e.HasLastHeartbeatDetails(), e.LastHeartbeatDetails)
	case *sdktemporal.TerminatedError:
		v.Kind, v.Message = "terminated", e.Error()
	case *sdktemporal.PanicError:
		v.Kind, v.Message, v.StackTrace = "panic", e.Error(), e.StackTrace()
	case *sdktemporal.ServerError:
		v.Kind, v.Message = "server", e.Message()
	case *sdktemporal.ActivityError:
		v.Kind = "activity"
		v.ActivityType, v.ActivityID, v.Identity = e.ActivityType().GetName(), e.ActivityID(), e.Identity()
		v.ScheduledEventID, v.StartedEventID, v.RetryState = e.ScheduledEventID(), e.StartedEventID(), e.RetryState()
	case *sdktemporal.ChildWorkflowExecutionError:
		v.Kind = "child"
		v.Namespace, v.WorkflowID, v.RunID, v.WorkflowType = e.Namespace(), e.WorkflowID(), e.RunID(), e.WorkflowType()
		v.ScheduledEventID, v.StartedEventID, v.RetryState = e.InitiatedEventID(), e.StartedEventID(), e.RetryState()
	case *sdktemporal.WorkflowExecutionError:
		v.Kind = "workflow"
	default:
		v.Kind, v.Message = "go", err.Error()
	}
	v.Cause = officialView(errors.Unwrap(err))
	return v
}

// withoutKnownDivergences returns v with the differences we know of and
// accept between the SDKs' errors erased, so comparisons catch the rest.
// There are none today; keep the hook so a future divergence is one place.
func withoutKnownDivergences(v *errView) *errView { return v }

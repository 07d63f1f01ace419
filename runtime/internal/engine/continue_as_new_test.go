package engine_test

import (
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestContinueAsNewOptionsReachTheCommand: every option lands in its field
// of the ContinueAsNewWorkflowExecution command, replacing what the run
// would carry over (its task queue, timeouts, retry policy, memo and
// search attributes, upserts included).
func TestContinueAsNewOptionsReachTheCommand(t *testing.T) {
	kw := temporal.NewSearchAttributeKeyKeyword("CustomKeywordField")
	sa := temporal.NewSearchAttributes(kw.ValueSet("next"))
	retry := &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumAttempts: 3}
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		if err := engine.UpsertMemo(ctx, map[string]any{"old": 1}); err != nil {
			return nil, err
		}
		return nil, engine.NewContinueAsNewError(ctx, engine.ContinueAsNewOptions{
			TaskQueue: "other-tq", WorkflowRunTimeout: time.Hour, WorkflowTaskTimeout: 7 * time.Second,
			RetryPolicy: retry, BackoffStartInterval: 5 * time.Second, Memo: map[string]any{"new": "v"},
			SearchAttributes:          &sa,
			InitialVersioningBehavior: enumspb.CONTINUE_AS_NEW_VERSIONING_BEHAVIOR_AUTO_UPGRADE,
		}, "Next", "arg")
	}})
	can := c.Commands[len(c.Commands)-1].GetContinueAsNewWorkflowExecutionCommandAttributes()
	if can == nil {
		t.Fatalf("commands %v", c.Commands)
	}
	if can.GetWorkflowType().GetName() != "Next" || can.GetTaskQueue().GetName() != "other-tq" || can.GetTaskQueue().GetKind() != enumspb.TASK_QUEUE_KIND_NORMAL {
		t.Errorf("type and task queue: %v", can)
	}
	if can.GetWorkflowRunTimeout().AsDuration() != time.Hour || can.GetWorkflowTaskTimeout().AsDuration() != 7*time.Second || can.GetBackoffStartInterval().AsDuration() != 5*time.Second {
		t.Errorf("durations: run %v task %v backoff %v", can.GetWorkflowRunTimeout(), can.GetWorkflowTaskTimeout(), can.GetBackoffStartInterval())
	}
	if can.GetRetryPolicy().GetMaximumAttempts() != 3 || can.GetRetryPolicy().GetInitialInterval().AsDuration() != time.Second {
		t.Errorf("retry policy %v", can.GetRetryPolicy())
	}
	if fields := can.GetMemo().GetFields(); len(fields) != 1 || fields["new"] == nil {
		t.Errorf("memo %v, want only the new entry", can.GetMemo())
	}
	var v string
	if err := converter.Default().FromPayload(can.GetSearchAttributes().GetIndexedFields()["CustomKeywordField"], &v); err != nil || v != "next" {
		t.Errorf("search attributes %v (%v)", can.GetSearchAttributes(), err)
	}
	if can.GetInitialVersioningBehavior() != enumspb.CONTINUE_AS_NEW_VERSIONING_BEHAVIOR_AUTO_UPGRADE {
		t.Errorf("initial versioning behavior %v", can.GetInitialVersioningBehavior())
	}
}

// TestContinueAsNewWithoutOptionsIsTheOfficialCommand: no options leave
// the backoff unset (not zero), as the official SDK does, and keep the
// run's task queue and timeouts; an empty search-attribute set clears them.
func TestContinueAsNewWithoutOptionsIsTheOfficialCommand(t *testing.T) {
	empty := temporal.SearchAttributes{}
	for _, tc := range []struct {
		name string
		opts engine.ContinueAsNewOptions
	}{{"none", engine.ContinueAsNewOptions{}}, {"empty search attributes", engine.ContinueAsNewOptions{SearchAttributes: &empty}}} {
		_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
			return nil, engine.NewContinueAsNewError(ctx, tc.opts, "")
		}})
		can := c.Commands[len(c.Commands)-1].GetContinueAsNewWorkflowExecutionCommandAttributes()
		if can.BackoffStartInterval != nil || can.GetTaskQueue().GetName() != "tq" || can.GetWorkflowType().GetName() != "WaitCancel" {
			t.Errorf("%s: %v", tc.name, can)
		}
		if len(can.GetSearchAttributes().GetIndexedFields()) != 0 {
			t.Errorf("%s: search attributes %v", tc.name, can.GetSearchAttributes())
		}
	}
}

// TestContinueAsNewRefusesBadOptions: a negative duration or a broken retry
// policy is an error naming the option, returned instead of the
// continue-as-new error.
func TestContinueAsNewRefusesBadOptions(t *testing.T) {
	for _, tc := range []struct {
		opts engine.ContinueAsNewOptions
		want string
	}{
		{engine.ContinueAsNewOptions{WorkflowRunTimeout: -time.Second}, "ContinueAsNewOptions.WorkflowRunTimeout is negative"},
		{engine.ContinueAsNewOptions{BackoffStartInterval: -time.Second}, "ContinueAsNewOptions.BackoffStartInterval is negative"},
		{engine.ContinueAsNewOptions{RetryPolicy: &temporal.RetryPolicy{BackoffCoefficient: 0.5}}, "ContinueAsNewOptions.RetryPolicy"},
	} {
		var got error
		runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
			got = engine.NewContinueAsNewError(ctx, tc.opts, "")
			return nil, nil
		}})
		if got == nil || !strings.Contains(got.Error(), tc.want) {
			t.Errorf("error %v, want one naming %s", got, tc.want)
		}
	}
}

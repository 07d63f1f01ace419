package client

import (
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

// TestACompletedCronRunGivesItsResultWhenNotFollowed: a cron run's close
// event names the next run; a Get that follows runs leaves the result to
// the last run, one that does not returns this run's.
func TestACompletedCronRunGivesItsResultWhenNotFollowed(t *testing.T) {
	c := &Client{dc: converter.Default()}
	result, err := c.dc.ToPayloads("first run's result")
	if err != nil {
		t.Fatal(err)
	}
	event := &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
		Attributes: &historypb.HistoryEvent_WorkflowExecutionCompletedEventAttributes{WorkflowExecutionCompletedEventAttributes: &historypb.WorkflowExecutionCompletedEventAttributes{
			Result: result, NewExecutionRunId: "run-2"}}}

	var got string
	next, err := c.closeOutcome(event, "report", "run-1", "Report", &got, false)
	if err != nil || next != "run-2" || got != "first run's result" {
		t.Errorf("not following: next %q, result %q, %v; want run-2 and the run's result", next, got, err)
	}
	got = ""
	next, err = c.closeOutcome(event, "report", "run-1", "Report", &got, true)
	if err != nil || next != "run-2" || got != "" {
		t.Errorf("following: next %q, result %q, %v; want run-2 and no result yet", next, got, err)
	}
}

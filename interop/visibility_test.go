package interop_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdkconverter "go.temporal.io/sdk/converter"
	sdktemporal "go.temporal.io/sdk/temporal"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Search attributes the dev server registers, as our runtime types them.
var (
	ourKeyword     = temporal.NewSearchAttributeKeyKeyword("CustomKeywordField")
	ourText        = temporal.NewSearchAttributeKeyText("CustomTextField")
	ourInt         = temporal.NewSearchAttributeKeyInt64("CustomIntField")
	ourDouble      = temporal.NewSearchAttributeKeyFloat64("CustomDoubleField")
	ourBool        = temporal.NewSearchAttributeKeyBool("CustomBoolField")
	ourDatetime    = temporal.NewSearchAttributeKeyTime("CustomDatetimeField")
	ourKeywordList = temporal.NewSearchAttributeKeyKeywordList("CustomKeywordListField")
)

// sampleSearchAttributeValues returns a value of every type; keyword is
// unique to the test so visibility queries find only its workflow.
func sampleSearchAttributeValues(keyword string) searchAttributeValues {
	return searchAttributeValues{
		Keyword:     keyword,
		Text:        "gift wrap, leave at door",
		Int:         42,
		Double:      12.5,
		Bool:        true,
		Datetime:    time.Date(2025, 3, 14, 15, 9, 26, 535000000, time.UTC),
		KeywordList: []string{"vip", "eu-west"},
		Count:       7,
	}
}

func ourSearchAttributes(v searchAttributeValues) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(
		ourKeyword.ValueSet(v.Keyword), ourText.ValueSet(v.Text), ourInt.ValueSet(v.Int), ourDouble.ValueSet(v.Double),
		ourBool.ValueSet(v.Bool), ourDatetime.ValueSet(v.Datetime), ourKeywordList.ValueSet(v.KeywordList),
	)
}

func officialSearchAttributes(v searchAttributeValues) sdktemporal.SearchAttributes {
	return sdktemporal.NewSearchAttributes(
		officialKeyword.ValueSet(v.Keyword), officialText.ValueSet(v.Text), officialInt.ValueSet(v.Int), officialDouble.ValueSet(v.Double),
		officialBool.ValueSet(v.Bool), officialDatetime.ValueSet(v.Datetime), officialKeywordList.ValueSet(v.KeywordList),
	)
}

// ourSearchAttributeValues reads typed search attributes with our API.
func ourSearchAttributeValues(sa temporal.SearchAttributes) searchAttributeValues {
	var v searchAttributeValues
	v.Keyword, _ = temporal.GetSearchAttribute(sa, ourKeyword)
	v.Text, _ = temporal.GetSearchAttribute(sa, ourText)
	v.Int, _ = temporal.GetSearchAttribute(sa, ourInt)
	v.Double, _ = temporal.GetSearchAttribute(sa, ourDouble)
	v.Bool, _ = temporal.GetSearchAttribute(sa, ourBool)
	v.Datetime, _ = temporal.GetSearchAttribute(sa, ourDatetime)
	v.KeywordList, _ = temporal.GetSearchAttribute(sa, ourKeywordList)
	v.Count = len(customNames(sa))
	return v
}

// customNames returns the names of the search attributes set, leaving out
// those the server maintains.
func customNames(sa temporal.SearchAttributes) []string {
	var names []string
	for _, name := range sa.Names() {
		if !serverMaintained[name] {
			names = append(names, name)
		}
	}
	return names
}

// timeEqual compares times by instant: the server and the SDKs may hand
// them back in another location.
var timeEqual = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// requireDevServerSearchAttributes fails the test unless the server has the
// search attributes the tests use, with the types they expect.
func requireDevServerSearchAttributes(t *testing.T, official sdkclient.Client) {
	t.Helper()
	resp, err := official.OperatorService().ListSearchAttributes(testContext(t), &operatorservice.ListSearchAttributesRequest{Namespace: server.Namespace()})
	if err != nil {
		t.Fatal(err)
	}
	for name, typ := range map[string]enumspb.IndexedValueType{
		ourKeyword.Name(): ourKeyword.Type(), ourText.Name(): ourText.Type(), ourInt.Name(): ourInt.Type(), ourDouble.Name(): ourDouble.Type(),
		ourBool.Name(): ourBool.Type(), ourDatetime.Name(): ourDatetime.Type(), ourKeywordList.Name(): ourKeywordList.Type(),
	} {
		if got, ok := resp.GetCustomAttributes()[name]; !ok || got != typ {
			t.Fatalf("the server has search attribute %s as %v (registered: %t), want %v", name, got, ok, typ)
		}
	}
}

// waitForVisibility polls a visibility query until it counts want
// executions; visibility is eventually consistent.
func waitForVisibility(t *testing.T, c *client.Client, query string, want int64) {
	t.Helper()
	ctx := testContext(t)
	for {
		n, err := c.CountWorkflows(ctx, query)
		if err != nil {
			t.Fatalf("CountWorkflows(%s): %v", query, err)
		}
		if n == want {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("CountWorkflows(%s) = %d, want %d", query, n, want)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// TestSearchAttributesFromOurStartReadByTheOfficialSDK starts an official
// workflow with typed search attributes through our client; the official
// workflow and the official client read them, and visibility finds them.
func TestSearchAttributesFromOurStartReadByTheOfficialSDK(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	requireDevServerSearchAttributes(t, env.official)
	ctx := testContext(t)
	want := sampleSearchAttributeValues(uniqueName(t, "keyword"))
	opts := env.start(t)
	opts.SearchAttributes = ourSearchAttributes(want)

	inWorkflow, err := client.StartWorkflowAndWait[searchAttributeValues](ctx, env.ours, opts, wfReadSearchAttributes)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, inWorkflow, timeEqual); diff != "" {
		t.Errorf("the official workflow reads (-want +got):\n%s", diff)
	}

	desc, err := env.official.DescribeWorkflow(ctx, opts.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, officialSearchAttributeValues(desc.TypedSearchAttributes), timeEqual); diff != "" {
		t.Errorf("the official client's Describe reads (-want +got):\n%s", diff)
	}
	ourDesc, err := env.ours.DescribeWorkflow(ctx, opts.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, ourSearchAttributeValues(ourDesc.SearchAttributes), timeEqual); diff != "" {
		t.Errorf("our Describe reads (-want +got):\n%s", diff)
	}

	query := fmt.Sprintf("%s = %q AND %s = %d AND %s = true", ourKeyword.Name(), want.Keyword, ourInt.Name(), want.Int, ourBool.Name())
	waitForVisibility(t, env.ours, query, 1)
	var found []string
	for info, err := range env.ours.ListWorkflows(ctx, query) {
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, info.WorkflowID)
		if diff := cmp.Diff(want, ourSearchAttributeValues(info.SearchAttributes), timeEqual); diff != "" {
			t.Errorf("ListWorkflows search attributes (-want +got):\n%s", diff)
		}
	}
	if diff := cmp.Diff([]string{opts.ID}, found); diff != "" {
		t.Errorf("ListWorkflows(%s) (-want +got):\n%s", query, diff)
	}
}

// TestSearchAttributesFromOfficialStartReadByOurClient starts a workflow
// with the official client's typed search attributes and reads them with
// ours.
func TestSearchAttributesFromOfficialStartReadByOurClient(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	requireDevServerSearchAttributes(t, env.official)
	ctx := testContext(t)
	want := sampleSearchAttributeValues(uniqueName(t, "keyword"))
	id := uniqueName(t, "wf")
	run, err := env.official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{
		ID: id, TaskQueue: env.taskQueue, TypedSearchAttributes: officialSearchAttributes(want),
	}, wfReadSearchAttributes)
	if err != nil {
		t.Fatal(err)
	}
	var inWorkflow searchAttributeValues
	if err := env.ours.GetWorkflow(id, run.GetRunID()).Get(ctx, &inWorkflow); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, inWorkflow, timeEqual); diff != "" {
		t.Errorf("the official workflow reads (-want +got):\n%s", diff)
	}

	desc, err := env.ours.DescribeWorkflow(ctx, id, run.GetRunID())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, ourSearchAttributeValues(desc.SearchAttributes), timeEqual); diff != "" {
		t.Errorf("our Describe reads (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(customNames(desc.SearchAttributes), []string{
		ourBool.Name(), ourDatetime.Name(), ourDouble.Name(), ourInt.Name(), ourKeyword.Name(), ourKeywordList.Name(), ourText.Name(),
	}); diff != "" {
		t.Errorf("search attribute names (-got +want):\n%s", diff)
	}
	waitForVisibility(t, env.ours, fmt.Sprintf("%s = %q", ourKeyword.Name(), want.Keyword), 1)
}

// TestDescribeMatchesTheOfficialClient compares what our DescribeWorkflow
// and the official client's report for the same execution, memo included.
func TestDescribeMatchesTheOfficialClient(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	opts := env.start(t)
	opts.Memo = map[string]any{"note": "gift wrap", "order": sampleOrder()}
	run, err := env.ours.StartWorkflow(ctx, opts, wfInbox)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.ours.SignalWorkflow(ctx, run.ID(), "", signalFinish, "now"); err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}

	ours, err := env.ours.DescribeWorkflow(ctx, run.ID(), "")
	if err != nil {
		t.Fatal(err)
	}
	official, err := env.official.DescribeWorkflow(ctx, run.ID(), "")
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		WorkflowID, RunID, WorkflowType, TaskQueue string
		Status                                     enumspb.WorkflowExecutionStatus
		StartTime, CloseTime, ExecutionTime        time.Time
		HistoryLength                              int64
	}
	got := summary{ours.WorkflowID, ours.RunID, ours.WorkflowType, ours.TaskQueue, ours.Status, ours.StartTime, ours.CloseTime, ours.ExecutionTime, ours.HistoryLength}
	want := summary{
		official.WorkflowExecution.ID, official.WorkflowExecution.RunID, official.WorkflowType.Name, official.TaskQueueName, official.Status,
		official.WorkflowStartTime, derefTime(official.WorkflowCloseTime), derefTime(official.ExecutionTime), int64(official.HistoryLength),
	}
	if diff := cmp.Diff(want, got, timeEqual); diff != "" {
		t.Errorf("Describe (-official +ours):\n%s", diff)
	}
	if got.Status != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED || got.RunID != run.RunID() || got.WorkflowType != wfInbox {
		t.Errorf("describe: %+v", got)
	}

	// The memo we wrote reads back on both sides.
	var note string
	var o order
	if err := ours.Memo.Get("note", &note); err != nil || note != "gift wrap" {
		t.Errorf("our memo note = %q, %v", note, err)
	}
	if err := ours.Memo.Get("order", &o); err != nil || !cmp.Equal(o, sampleOrder()) {
		t.Errorf("our memo order = %+v, %v", o, err)
	}
	var officialOrder order
	if err := sdkconverter.GetDefaultDataConverter().FromPayload(official.Memo.GetFields()["order"], &officialOrder); err != nil || !cmp.Equal(officialOrder, sampleOrder()) {
		t.Errorf("official memo order = %+v, %v", officialOrder, err)
	}
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

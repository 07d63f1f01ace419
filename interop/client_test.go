package interop_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdkconverter "go.temporal.io/sdk/converter"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// interopEnv is an official worker on its own task queue, the official
// client it polls with, and our client.
type interopEnv struct {
	ours      *client.Client
	official  sdkclient.Client
	taskQueue string
	pending   *pendingActivities
}

func newInteropEnv(t *testing.T, opts client.Options) interopEnv {
	t.Helper()
	return newInteropEnvWith(t, opts, sdkclient.Options{})
}

// newInteropEnvWith is newInteropEnv with options for the official client
// the worker polls with.
func newInteropEnvWith(t *testing.T, ours client.Options, official sdkclient.Options) interopEnv {
	t.Helper()
	pending := newPendingActivities()
	officialClient, taskQueue := startOfficialWorker(t, official, func(w worker.Registry) { registerOfficialWorkflows(w, pending) })
	return interopEnv{ours: dialOurs(t, ours), official: officialClient, taskQueue: taskQueue, pending: pending}
}

// start returns start options for a fresh workflow on the env's queue.
func (e interopEnv) start(t *testing.T) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: e.taskQueue}
}

// history returns a run's events, read with the official client.
func (e interopEnv) history(t *testing.T, workflowID, runID string) []*historypb.HistoryEvent {
	t.Helper()
	it := e.official.GetWorkflowHistory(testContext(t), workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var events []*historypb.HistoryEvent
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatalf("reading the history of %s: %v", workflowID, err)
		}
		events = append(events, ev)
	}
	return events
}

func findEvent(events []*historypb.HistoryEvent, typ enumspb.EventType) *historypb.HistoryEvent {
	for _, ev := range events {
		if ev.GetEventType() == typ {
			return ev
		}
	}
	return nil
}

func payloadEncoding(p interface{ GetMetadata() map[string][]byte }) (encoding, messageType string) {
	return string(p.GetMetadata()[converter.MetadataEncoding]), string(p.GetMetadata()[converter.MetadataMessageType])
}

// TestOurClientRunsOfficialWorkflowWithProtoInputAndOutput sends a proto
// message to an official workflow and reads the proto it returns, with our
// client preferring either proto encoding.
func TestOurClientRunsOfficialWorkflowWithProtoInputAndOutput(t *testing.T) {
	for _, tc := range []struct {
		name          string
		dc            converter.DataConverter
		inputEncoding string
	}{
		{"json/protobuf", converter.Default(), converter.EncodingProtoJSON},
		{"binary/protobuf", converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary}), converter.EncodingProto},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newInteropEnv(t, client.Options{DataConverter: tc.dc})
			ctx := testContext(t)
			in := fixture.StartWorkflowRequest()
			run, err := env.ours.StartWorkflow(ctx, env.start(t), wfEchoProto, in)
			if err != nil {
				t.Fatal(err)
			}
			var got *workflowservice.StartWorkflowExecutionRequest
			if err := run.Get(ctx, &got); err != nil {
				t.Fatal(err)
			}
			want := proto.Clone(in).(*workflowservice.StartWorkflowExecutionRequest)
			want.Identity = echoedIdentity
			if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}

			// The history holds our input as we encoded it and the
			// official worker's result as json/protobuf, its default.
			events := env.history(t, run.ID(), run.RunID())
			started := findEvent(events, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
			completed := findEvent(events, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
			if started == nil || completed == nil {
				t.Fatalf("history lacks start or completion: %v", events)
			}
			input := started.GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()
			if len(input) != 1 {
				t.Fatalf("input has %d payloads, want 1", len(input))
			}
			if enc, mt := payloadEncoding(input[0]); enc != tc.inputEncoding || mt != "temporal.api.workflowservice.v1.StartWorkflowExecutionRequest" {
				t.Errorf("input payload: encoding %q, messageType %q", enc, mt)
			}
			result := completed.GetWorkflowExecutionCompletedEventAttributes().GetResult().GetPayloads()
			if len(result) != 1 {
				t.Fatalf("result has %d payloads, want 1", len(result))
			}
			if enc, _ := payloadEncoding(result[0]); enc != converter.EncodingProtoJSON {
				t.Errorf("result payload encoding %q, want json/protobuf", enc)
			}

			// The official client reads the same result.
			var official *workflowservice.StartWorkflowExecutionRequest
			if err := env.official.GetWorkflow(ctx, run.ID(), run.RunID()).Get(ctx, &official); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, official, protocmp.Transform()); diff != "" {
				t.Errorf("official client result (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExecuteWorkflowFollowsContinueAsNewToTheLastRun runs an official
// workflow that continues as new twice: Get returns the last run's result.
func TestExecuteWorkflowFollowsContinueAsNewToTheLastRun(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	opts := env.start(t)
	run, err := env.ours.StartWorkflow(ctx, opts, wfContinueAsNewTwice, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if got != "finished in run 2" {
		t.Errorf("Get = %q, want %q", got, "finished in run 2")
	}

	// The first run alone continued as new.
	err = run.GetWithOptions(ctx, &got, client.GetOptions{DisableFollowingRuns: true})
	if err == nil {
		t.Error("GetWithOptions(DisableFollowingRuns) of the first run returned no error; it continued as new")
	}
	desc, err := env.ours.DescribeWorkflow(ctx, opts.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if desc.RunID == run.RunID() || desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		t.Errorf("latest run %s status %v; want a later run than %s, completed", desc.RunID, desc.Status, run.RunID())
	}
	// A handle without a run ID follows from the latest run, and
	// ExecuteWorkflow from the first.
	if err := env.ours.GetWorkflow(opts.ID, "").Get(ctx, &got); err != nil || got != "finished in run 2" {
		t.Errorf("GetWorkflow(id, \"\").Get = %q, %v", got, err)
	}
	opts2 := env.start(t)
	res, err := client.StartWorkflowAndWait[string](ctx, env.ours, opts2, wfContinueAsNewTwice, 1)
	if err != nil || res != "finished in run 2" {
		t.Errorf("ExecuteWorkflow = %q, %v", res, err)
	}
}

// TestOfficialWorkflowFailureSurfacesAsTypedErrors fails an official
// workflow with an application error and checks our client sees its type,
// details, retryability and cause, as the official client does.
func TestOfficialWorkflowFailureSurfacesAsTypedErrors(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, wfErr := rejectOfficialOrder(t, env, "o-77")
	if wfErr.WorkflowID() != run.ID() || wfErr.RunID() != run.RunID() {
		t.Errorf("WorkflowExecutionError names %s/%s, want %s/%s", wfErr.WorkflowID(), wfErr.RunID(), run.ID(), run.RunID())
	}

	// The official client decodes the same failure the same way.
	officialErr := env.official.GetWorkflow(ctx, run.ID(), run.RunID()).Get(ctx, nil)
	var officialWfErr *sdktemporal.WorkflowExecutionError
	if !errors.As(officialErr, &officialWfErr) {
		t.Fatalf("official Get = %v, want a WorkflowExecutionError", officialErr)
	}
	if diff := cmp.Diff(officialView(officialWfErr.Unwrap()), ourView(wfErr.Unwrap())); diff != "" {
		t.Errorf("workflow failure (-official +ours):\n%s", diff)
	}
}

// rejectOfficialOrder runs the official rejectOrder workflow on env with
// our client and checks the error Get returns: a WorkflowExecutionError
// around the non-retryable OrderRejected ApplicationError, its two details
// and its OutOfStock cause. It returns the run and the error.
func rejectOfficialOrder(t *testing.T, env interopEnv, orderID string) (*client.WorkflowRun, *temporal.WorkflowExecutionError) {
	t.Helper()
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfRejectOrder, orderID)
	if err != nil {
		t.Fatal(err)
	}
	err = run.Get(ctx, nil)
	var wfErr *temporal.WorkflowExecutionError
	var appErr *temporal.ApplicationError
	if !errors.As(err, &wfErr) || !errors.As(err, &appErr) {
		t.Fatalf("Get = %v, want a *temporal.WorkflowExecutionError around a *temporal.ApplicationError", err)
	}
	if appErr.Type() != "OrderRejected" || !appErr.NonRetryable() || appErr.Message() != "order "+orderID+" rejected" {
		t.Errorf("ApplicationError type %q, non-retryable %t, message %q", appErr.Type(), appErr.NonRetryable(), appErr.Message())
	}
	var detail rejection
	var count int
	if err := appErr.Details(&detail, &count); err != nil || detail != (rejection{OrderID: orderID, Reason: "out of stock"}) || count != 3 {
		t.Errorf("details = %+v, %d, %v", detail, count, err)
	}
	var cause *temporal.ApplicationError
	if !errors.As(appErr.Unwrap(), &cause) || cause.Type() != "OutOfStock" || cause.Message() != "warehouse is empty" {
		t.Errorf("cause = %v, want the OutOfStock ApplicationError", appErr.Unwrap())
	}
	return run, wfErr
}

// TestPanicInOfficialActivityReachesOurClient checks a panic in an
// official activity reaches our client as ActivityError → PanicError, with
// the stack trace.
func TestPanicInOfficialActivityReachesOurClient(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfPanickingActivity)
	if err != nil {
		t.Fatal(err)
	}
	err = run.Get(ctx, nil)
	var actErr *temporal.ActivityError
	if !errors.As(err, &actErr) {
		t.Fatalf("Get = %v, want it to wrap a *temporal.ActivityError", err)
	}
	if actErr.ActivityType() != actPanic || actErr.RetryState() != enumspb.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED {
		t.Errorf("ActivityError type %q, retry state %v", actErr.ActivityType(), actErr.RetryState())
	}
	var panicErr *temporal.PanicError
	if !errors.As(err, &panicErr) {
		t.Fatalf("Get = %v, want it to wrap a *temporal.PanicError", err)
	}
	if panicErr.Value() != panicMessage || panicErr.StackTrace() == "" {
		t.Errorf("PanicError value %q, stack trace %q", panicErr.Value(), panicErr.StackTrace())
	}
	var wfErr *temporal.WorkflowExecutionError
	if !errors.As(err, &wfErr) {
		t.Fatal("no WorkflowExecutionError")
	}
	officialErr := env.official.GetWorkflow(ctx, run.ID(), run.RunID()).Get(ctx, nil)
	var officialWfErr *sdktemporal.WorkflowExecutionError
	if !errors.As(officialErr, &officialWfErr) {
		t.Fatalf("official Get = %v", officialErr)
	}
	if diff := cmp.Diff(officialView(officialWfErr.Unwrap()), ourView(wfErr.Unwrap())); diff != "" {
		t.Errorf("workflow failure (-official +ours):\n%s", diff)
	}
}

// TestSignalsThenQueries signals an official workflow with our client and
// reads the state back with queries, with and without arguments.
func TestSignalsThenQueries(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfInbox)
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range []string{"apples", "pears"} {
		if err := env.ours.SignalWorkflow(ctx, run.ID(), "", signalAdd, item); err != nil {
			t.Fatalf("signal %q: %v", item, err)
		}
	}
	items, err := client.Query[[]string](ctx, env.ours, run.ID(), "", queryItems)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"apples", "pears"}, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	second, err := client.Query[string](ctx, env.ours, run.ID(), run.RunID(), queryItemAt, 1)
	if err != nil || second != "pears" {
		t.Errorf("itemAt 1 = %q, %v; want pears", second, err)
	}
	// The official SDK's built-in metadata query answers with a proto.
	meta, err := client.Query[*sdkpb.WorkflowMetadata](ctx, env.ours, run.ID(), "", "__temporal_workflow_metadata")
	if err != nil {
		t.Fatal(err)
	}
	var queries, updates []string
	for _, q := range meta.GetDefinition().GetQueryDefinitions() {
		queries = append(queries, q.GetName())
	}
	for _, u := range meta.GetDefinition().GetUpdateDefinitions() {
		updates = append(updates, u.GetName())
	}
	if !slices.Contains(queries, queryItems) || !slices.Contains(updates, updateAdd) || meta.GetDefinition().GetType() != wfInbox {
		t.Errorf("workflow metadata: type %q, queries %v, updates %v", meta.GetDefinition().GetType(), queries, updates)
	}

	if err := env.ours.SignalWorkflow(ctx, run.ID(), run.RunID(), signalFinish, nil); err != nil {
		t.Fatal(err)
	}
	var final []string
	if err := run.Get(ctx, &final); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"apples", "pears"}, final); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
}

// TestSignalWithStart starts a workflow with a signal, then signals the
// running one through the same call.
func TestSignalWithStart(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	opts := env.start(t)
	first, err := env.ours.SignalWithStartWorkflow(ctx, opts, signalAdd, "first", wfInbox)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Started() {
		t.Error("the first signal-with-start did not report starting the workflow")
	}
	second, err := env.ours.SignalWithStartWorkflow(ctx, opts, signalAdd, "second", wfInbox)
	if err != nil {
		t.Fatal(err)
	}
	if second.Started() || second.RunID() != first.RunID() {
		t.Errorf("second signal-with-start: started %t, run %s; want the running run %s", second.Started(), second.RunID(), first.RunID())
	}
	if err := env.ours.SignalWorkflow(ctx, opts.ID, "", signalFinish, "now"); err != nil {
		t.Fatal(err)
	}
	var items []string
	if err := second.Get(ctx, &items); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"first", "second"}, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

// TestQueryFailures covers the ways a query does not answer: the handler
// fails, no handler has the name, and the reject condition matches.
func TestQueryFailures(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfInbox)
	if err != nil {
		t.Fatal(err)
	}

	_, err = client.Query[string](ctx, env.ours, run.ID(), "", queryRefuse)
	var failed *client.QueryFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("failing handler: %v, want a *client.QueryFailedError", err)
	}
	if failed.QueryType != queryRefuse || failed.Message != "the inbox refuses this query" {
		t.Errorf("QueryFailedError type %q, message %q", failed.QueryType, failed.Message)
	}

	_, err = client.Query[string](ctx, env.ours, run.ID(), "", "no-such-query")
	if !errors.As(err, &failed) {
		t.Fatalf("unknown query type: %v, want a *client.QueryFailedError", err)
	}
	if failed.QueryType != "no-such-query" || failed.Message == "" {
		t.Errorf("QueryFailedError type %q, message %q", failed.QueryType, failed.Message)
	}

	// NOT_OPEN lets queries through while the workflow runs...
	res, err := env.ours.QueryWorkflow(ctx, client.QueryWorkflowOptions{
		WorkflowID: run.ID(), QueryType: queryItems, RejectCondition: enumspb.QUERY_REJECT_CONDITION_NOT_OPEN,
	})
	if err != nil {
		t.Fatalf("NOT_OPEN on a running workflow: %v", err)
	}
	var items []string
	if err := res.Get(&items); err != nil || len(items) != 0 {
		t.Errorf("items = %v, %v; want none", items, err)
	}

	// ...and rejects them once it closed.
	if err := env.ours.SignalWorkflow(ctx, run.ID(), "", signalFinish, "now"); err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	_, err = env.ours.QueryWorkflow(ctx, client.QueryWorkflowOptions{
		WorkflowID: run.ID(), QueryType: queryItems, RejectCondition: enumspb.QUERY_REJECT_CONDITION_NOT_OPEN,
	})
	var rejected *client.QueryRejectedError
	if !errors.As(err, &rejected) {
		t.Fatalf("NOT_OPEN on a closed workflow: %v, want a *client.QueryRejectedError", err)
	}
	if rejected.Status != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		t.Errorf("QueryRejectedError.Status = %v", rejected.Status)
	}
	// Without a reject condition, a closed workflow still answers.
	items, err = client.Query[[]string](ctx, env.ours, run.ID(), "", queryItems)
	if err != nil || len(items) != 0 {
		t.Errorf("query on the closed workflow = %v, %v", items, err)
	}
}

// TestUpdates sends updates to an official workflow: completed with a
// result, rejected by the validator, and accepted first then completed.
func TestUpdates(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfInbox)
	if err != nil {
		t.Fatal(err)
	}

	n, err := client.Update[int](ctx, env.ours, client.UpdateWorkflowOptions{WorkflowID: run.ID(), UpdateName: updateAdd, Args: []any{"apples"}})
	if err != nil || n != 1 {
		t.Fatalf("update = %d, %v; want 1", n, err)
	}

	_, err = client.Update[int](ctx, env.ours, client.UpdateWorkflowOptions{WorkflowID: run.ID(), UpdateName: updateAdd, Args: []any{""}})
	var failed *client.UpdateFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("rejected update: %v, want a *client.UpdateFailedError", err)
	}
	var appErr *temporal.ApplicationError
	if !errors.As(failed.Cause, &appErr) {
		t.Fatalf("UpdateFailedError.Cause = %v, want the validator's *temporal.ApplicationError", failed.Cause)
	}
	var hint string
	if appErr.Type() != "InvalidItem" || appErr.Message() != "an item must not be empty" || appErr.Details(&hint) != nil || hint != "send a name" {
		t.Errorf("validator error: type %q, message %q, detail %q", appErr.Type(), appErr.Message(), hint)
	}
	if failed.UpdateName != updateAdd || failed.WorkflowID != run.ID() {
		t.Errorf("UpdateFailedError names update %q on %q", failed.UpdateName, failed.WorkflowID)
	}

	// Accepted now, completed once the workflow is released.
	handle, err := env.ours.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: run.ID(), UpdateID: uniqueName(t, "update"), UpdateName: updateAddAfterRelease, Args: []any{"pears"},
		WaitForStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
	})
	if err != nil {
		t.Fatal(err)
	}
	if handle.RunID() != run.RunID() {
		t.Errorf("update handle run %q, want %q", handle.RunID(), run.RunID())
	}
	items, err := client.Query[[]string](ctx, env.ours, run.ID(), "", queryItems)
	if err != nil || len(items) != 1 {
		t.Errorf("before release, items = %v, %v; want only apples", items, err)
	}
	if err := env.ours.SignalWorkflow(ctx, run.ID(), "", signalRelease, nil); err != nil {
		t.Fatal(err)
	}
	var after []string
	if err := handle.Get(ctx, &after); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"apples", "pears"}, after); diff != "" {
		t.Errorf("update result (-want +got):\n%s", diff)
	}
	// A handle found by ID gives the same outcome.
	var again []string
	if err := env.ours.GetUpdateHandle(run.ID(), "", handle.UpdateID()).Get(ctx, &again); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(after, again); diff != "" {
		t.Errorf("GetUpdateHandle result (-first +again):\n%s", diff)
	}

	if err := env.ours.SignalWorkflow(ctx, run.ID(), "", signalFinish, "now"); err != nil {
		t.Fatal(err)
	}
	var final []string
	if err := run.Get(ctx, &final); err != nil || len(final) != 2 {
		t.Errorf("result = %v, %v", final, err)
	}
}

// TestUpdateWithStart starts a workflow with an update, then updates the
// running one through the same call.
func TestUpdateWithStart(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	start := env.start(t)
	updateWithStart := func(item string) (int, *client.WorkflowRun) {
		t.Helper()
		handle, run, err := env.ours.UpdateWithStartWorkflow(ctx, client.UpdateWithStartOptions{
			Start: start, WorkflowType: wfInbox,
			Update: client.UpdateWorkflowOptions{UpdateName: updateAdd, Args: []any{item}, WaitForStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED},
		})
		if err != nil {
			t.Fatalf("update-with-start %q: %v", item, err)
		}
		var n int
		if err := handle.Get(ctx, &n); err != nil {
			t.Fatalf("update-with-start %q result: %v", item, err)
		}
		return n, run
	}
	n, first := updateWithStart("x")
	if n != 1 || !first.Started() {
		t.Errorf("first update-with-start: result %d, started %t; want 1, true", n, first.Started())
	}
	n, second := updateWithStart("y")
	if n != 2 || second.Started() || second.RunID() != first.RunID() {
		t.Errorf("second update-with-start: result %d, started %t, run %s; want 2, false, %s", n, second.Started(), second.RunID(), first.RunID())
	}
	if err := env.ours.SignalWorkflow(ctx, start.ID, "", signalFinish, "now"); err != nil {
		t.Fatal(err)
	}
	var items []string
	if err := first.Get(ctx, &items); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"x", "y"}, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}

	// A rejected update still starts the workflow.
	rejectedStart := env.start(t)
	handle, run, err := env.ours.UpdateWithStartWorkflow(ctx, client.UpdateWithStartOptions{
		Start: rejectedStart, WorkflowType: wfInbox,
		Update: client.UpdateWorkflowOptions{UpdateName: updateAdd, Args: []any{""}},
	})
	if err != nil {
		t.Fatalf("update-with-start with a rejected update: %v", err)
	}
	var failed *client.UpdateFailedError
	var appErr *temporal.ApplicationError
	if err := handle.Get(ctx, nil); !errors.As(err, &failed) || !errors.As(err, &appErr) || appErr.Type() != "InvalidItem" {
		t.Errorf("rejected update-with-start Get = %v, want an UpdateFailedError with the InvalidItem ApplicationError", err)
	}
	if !run.Started() {
		t.Error("the workflow of a rejected update-with-start did not start")
	}
	desc, err := env.ours.DescribeWorkflow(ctx, rejectedStart.ID, "")
	if err != nil || desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Errorf("after a rejected update-with-start: %v, %v; want the workflow running", desc, err)
	}
	if err := env.ours.TerminateWorkflow(ctx, rejectedStart.ID, "", "test over"); err != nil {
		t.Fatal(err)
	}
}

// TestCancelWorkflow cancels an official workflow, which cleans up and
// closes as canceled with details.
func TestCancelWorkflow(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfInbox)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.ours.SignalWorkflow(ctx, run.ID(), "", signalAdd, "kept"); err != nil {
		t.Fatal(err)
	}
	// The query sees the signal handled, so the cancellation comes in a
	// later workflow task and finds the item.
	if items, err := client.Query[[]string](ctx, env.ours, run.ID(), "", queryItems); err != nil || len(items) != 1 {
		t.Fatalf("items before cancel = %v, %v", items, err)
	}
	if err := env.ours.CancelWorkflow(ctx, run.ID(), run.RunID(), "customer left"); err != nil {
		t.Fatal(err)
	}
	err = run.Get(ctx, nil)
	var wfErr *temporal.WorkflowExecutionError
	var canceled *temporal.CanceledError
	if !errors.As(err, &wfErr) || !errors.As(err, &canceled) {
		t.Fatalf("Get = %v, want a WorkflowExecutionError wrapping a CanceledError", err)
	}
	var detail string
	if err := canceled.Details(&detail); err != nil || detail != "inbox closed with 1 items" {
		t.Errorf("canceled details = %q, %v", detail, err)
	}
	desc, err := env.ours.DescribeWorkflow(ctx, run.ID(), run.RunID())
	if err != nil || desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED {
		t.Errorf("status = %v, %v; want canceled", desc.Status, err)
	}
	officialErr := env.official.GetWorkflow(ctx, run.ID(), run.RunID()).Get(ctx, nil)
	var officialWfErr *sdktemporal.WorkflowExecutionError
	if !errors.As(officialErr, &officialWfErr) {
		t.Fatalf("official Get = %v", officialErr)
	}
	if diff := cmp.Diff(officialView(officialWfErr.Unwrap()), ourView(wfErr.Unwrap())); diff != "" {
		t.Errorf("cancellation (-official +ours):\n%s", diff)
	}
}

// TestTerminateWorkflow terminates an official workflow with a reason and
// details.
func TestTerminateWorkflow(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfInbox)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.ours.TerminateWorkflow(ctx, run.ID(), run.RunID(), "operator stop", "ticket-7", 3); err != nil {
		t.Fatal(err)
	}
	err = run.Get(ctx, nil)
	var wfErr *temporal.WorkflowExecutionError
	var terminated *temporal.TerminatedError
	if !errors.As(err, &wfErr) || !errors.As(err, &terminated) {
		t.Fatalf("Get = %v, want a WorkflowExecutionError wrapping a TerminatedError", err)
	}
	officialErr := env.official.GetWorkflow(ctx, run.ID(), run.RunID()).Get(ctx, nil)
	if !sdktemporal.IsTerminatedError(officialErr) {
		t.Errorf("official Get = %v, want a TerminatedError", officialErr)
	}

	// The official SDK reads the reason and details we sent.
	ev := findEvent(env.history(t, run.ID(), run.RunID()), enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED)
	if ev == nil {
		t.Fatal("no termination event")
	}
	attrs := ev.GetWorkflowExecutionTerminatedEventAttributes()
	var ticket string
	var n int
	if err := sdkconverter.GetDefaultDataConverter().FromPayloads(attrs.GetDetails(), &ticket, &n); err != nil {
		t.Fatal(err)
	}
	if attrs.GetReason() != "operator stop" || ticket != "ticket-7" || n != 3 || attrs.GetIdentity() != env.ours.Identity() {
		t.Errorf("termination: reason %q, details %q %d, identity %q", attrs.GetReason(), ticket, n, attrs.GetIdentity())
	}
}

// TestWorkflowTimeout lets an official workflow run out its execution
// timeout.
func TestWorkflowTimeout(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	opts := env.start(t)
	opts.ExecutionTimeout = 2 * time.Second
	run, err := env.ours.StartWorkflow(ctx, opts, wfInbox)
	if err != nil {
		t.Fatal(err)
	}
	err = run.Get(ctx, nil)
	var wfErr *temporal.WorkflowExecutionError
	var timeout *temporal.TimeoutError
	if !errors.As(err, &wfErr) || !errors.As(err, &timeout) {
		t.Fatalf("Get = %v, want a WorkflowExecutionError wrapping a TimeoutError", err)
	}
	officialErr := env.official.GetWorkflow(ctx, run.ID(), run.RunID()).Get(ctx, nil)
	var officialTimeout *sdktemporal.TimeoutError
	if !errors.As(officialErr, &officialTimeout) {
		t.Fatalf("official Get = %v, want a TimeoutError", officialErr)
	}
	if timeout.TimeoutType() != officialTimeout.TimeoutType() {
		t.Errorf("timeout type %v, official client says %v", timeout.TimeoutType(), officialTimeout.TimeoutType())
	}
}

// TestAsyncActivityCompletion completes official activities that returned
// ErrResultPending: by task token with a heartbeat first, by workflow and
// activity ID, and fails one with our ApplicationError.
func TestAsyncActivityCompletion(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfAsyncActivities)
	if err != nil {
		t.Fatal(err)
	}
	next := func(wantID string) pendingActivity {
		t.Helper()
		select {
		case a := <-env.pending.started:
			if a.ActivityID != wantID || a.WorkflowID != run.ID() || len(a.TaskToken) == 0 {
				t.Fatalf("pending activity %+v, want %s of %s with a task token", a, wantID, run.ID())
			}
			return a
		case <-ctx.Done():
			t.Fatalf("activity %s never started: %v", wantID, ctx.Err())
		}
		return pendingActivity{}
	}

	byToken := next(activityByToken)
	if err := env.ours.RecordActivityHeartbeat(ctx, client.ActivityRef{TaskToken: byToken.TaskToken}, progress{Done: 1, Of: 3}); err != nil {
		t.Fatalf("heartbeat by token: %v", err)
	}
	// The official client sees the heartbeat's details.
	officialDesc, err := env.official.DescribeWorkflow(ctx, run.ID(), run.RunID())
	if err != nil {
		t.Fatal(err)
	}
	desc := officialDesc.RawResponse
	if len(desc.GetPendingActivities()) != 1 {
		t.Fatalf("pending activities: %v", desc.GetPendingActivities())
	}
	var beat progress
	if err := sdkconverter.GetDefaultDataConverter().FromPayloads(desc.GetPendingActivities()[0].GetHeartbeatDetails(), &beat); err != nil {
		t.Fatal(err)
	}
	if beat != (progress{Done: 1, Of: 3}) {
		t.Errorf("heartbeat details = %+v", beat)
	}
	if err := env.ours.CompleteActivity(ctx, client.ActivityRef{TaskToken: byToken.TaskToken}, "done by token", nil); err != nil {
		t.Fatalf("complete by token: %v", err)
	}

	byID := next(activityByID)
	ref := client.ActivityRef{WorkflowID: byID.WorkflowID, ActivityID: byID.ActivityID}
	if err := env.ours.RecordActivityHeartbeat(ctx, ref, "half way"); err != nil {
		t.Fatalf("heartbeat by ID: %v", err)
	}
	if err := env.ours.CompleteActivity(ctx, ref, "done by id", nil); err != nil {
		t.Fatalf("complete by ID: %v", err)
	}

	failing := next(activityFailed)
	failure := temporal.NewNonRetryableApplicationError("card declined", "PaymentDeclined", nil, "card ending 0005")
	if err := env.ours.CompleteActivity(ctx, client.ActivityRef{TaskToken: failing.TaskToken}, nil, failure); err != nil {
		t.Fatalf("fail by token: %v", err)
	}

	var got asyncOutcome
	if err := run.Get(ctx, &got); err != nil {
		t.Fatal(err)
	}
	want := asyncOutcome{
		ByToken: "done by token", ByID: "done by id",
		FailureType: "PaymentDeclined", FailureMessage: "card declined", FailureNonRetryable: true, FailureDetail: "card ending 0005",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("what the official workflow saw (-want +got):\n%s", diff)
	}

	// Completing again is refused: the activity is gone.
	err = env.ours.CompleteActivity(ctx, client.ActivityRef{TaskToken: byToken.TaskToken}, "late", nil)
	var notFound *client.NotFoundError
	if !errors.As(err, &notFound) {
		t.Errorf("completing a completed activity: %v, want a *client.NotFoundError", err)
	}
}

// TestGetFollowsWorkflowRetries runs an official workflow whose first
// attempt fails and whose retry succeeds: Get follows the retry to its
// result, and the first run alone shows the failure.
func TestGetFollowsWorkflowRetries(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	opts := env.start(t)
	opts.RetryPolicy = &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, MaximumAttempts: 3}
	run, err := env.ours.StartWorkflow(ctx, opts, wfFailFirstAttempt)
	if err != nil {
		t.Fatal(err)
	}
	var attempt int
	if err := run.Get(ctx, &attempt); err != nil {
		t.Fatalf("Get: %v", err)
	}
	if attempt != 2 {
		t.Errorf("Get = attempt %d, want 2", attempt)
	}

	// The server shows a retried run's own failure only to clients that
	// announce the follows-next-run-id feature, which ours does.
	err = env.ours.GetWorkflow(run.ID(), run.RunID()).GetWithOptions(ctx, &attempt, client.GetOptions{DisableFollowingRuns: true})
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || appErr.Type() != "Flaky" {
		t.Errorf("first run alone = %v, want its Flaky ApplicationError", err)
	}
	var officialAttempt int
	if err := env.official.GetWorkflow(ctx, run.ID(), run.RunID()).Get(ctx, &officialAttempt); err != nil || officialAttempt != 2 {
		t.Errorf("official Get = %d, %v", officialAttempt, err)
	}
}

// TestAsyncActivityCancellation cancels an asynchronously completed
// official activity: our heartbeat reports the request, and our client
// confirms it by workflow and activity ID with details the official
// workflow reads.
func TestAsyncActivityCancellation(t *testing.T) {
	cancelOfficialAsyncActivity(t, newInteropEnv(t, client.Options{}))
}

// cancelOfficialAsyncActivity runs the official cancelPendingActivity
// workflow on env, has our heartbeat see the cancellation request and our
// client confirm it with details, and checks the workflow read them. It
// returns the run.
func cancelOfficialAsyncActivity(t *testing.T, env interopEnv) *client.WorkflowRun {
	t.Helper()
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfCancelActivity)
	if err != nil {
		t.Fatal(err)
	}
	var pending pendingActivity
	select {
	case pending = <-env.pending.started:
	case <-ctx.Done():
		t.Fatalf("the activity never started: %v", ctx.Err())
	}
	ref := client.ActivityRef{WorkflowID: pending.WorkflowID, RunID: pending.RunID, ActivityID: pending.ActivityID}
	if err := env.ours.RecordActivityHeartbeat(ctx, ref, progress{Done: 3, Of: 9}); err != nil {
		t.Fatalf("heartbeat before cancellation: %v", err)
	}
	if err := env.ours.SignalWorkflow(ctx, run.ID(), "", signalCancelActivity, nil); err != nil {
		t.Fatal(err)
	}
	for {
		err := env.ours.RecordActivityHeartbeat(ctx, client.ActivityRef{TaskToken: pending.TaskToken}, progress{Done: 3, Of: 9})
		if errors.Is(err, client.ErrActivityCancelRequested) {
			// A CanceledError, as the official client returns it.
			if !temporal.IsCanceledError(err) {
				t.Errorf("the cancellation request %v is not a CanceledError", err)
			}
			break
		}
		if err != nil {
			t.Fatalf("heartbeat: %v", err)
		}
		select {
		case <-ctx.Done():
			t.Fatal("the heartbeat never reported the cancellation request")
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err := env.ours.CompleteActivity(ctx, ref, nil, temporal.NewCanceledError("stopped at 3 of 9")); err != nil {
		t.Fatalf("confirming the cancellation: %v", err)
	}
	var got cancelOutcome
	if err := run.Get(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if want := (cancelOutcome{Canceled: true, Detail: "stopped at 3 of 9"}); got != want {
		t.Errorf("the official workflow saw %+v, want %+v", got, want)
	}
	return run
}

// TestStartingARunningWorkflowAgainFails starts a workflow ID that is
// running, with the default conflict policy and with USE_EXISTING.
func TestStartingARunningWorkflowAgainFails(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	opts := env.start(t)
	run, err := env.ours.StartWorkflow(ctx, opts, wfInbox)
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.ours.StartWorkflow(ctx, opts, wfInbox)
	var started *client.WorkflowAlreadyStartedError
	if !errors.As(err, &started) || started.WorkflowID != run.ID() || started.RunID != run.RunID() {
		t.Errorf("second start = %v, want a WorkflowAlreadyStartedError naming %s run %s", err, run.ID(), run.RunID())
	}
	opts.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
	existing, err := env.ours.StartWorkflow(ctx, opts, wfInbox)
	if err != nil || existing.Started() || existing.RunID() != run.RunID() {
		t.Errorf("USE_EXISTING start = %v started %t, %v; want run %s, not started", existing.RunID(), existing.Started(), err, run.RunID())
	}
	if err := env.ours.TerminateWorkflow(ctx, run.ID(), "", "test over"); err != nil {
		t.Fatal(err)
	}
}

// TestStartOptionsSeenByTheOfficialSDK starts an official workflow with
// every start option our client has and checks what the workflow and the
// official client see.
func TestStartOptionsSeenByTheOfficialSDK(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	opts := env.start(t)
	opts.ExecutionTimeout = time.Hour
	opts.RunTimeout = 30 * time.Minute
	opts.TaskTimeout = 7 * time.Second
	opts.RetryPolicy = &temporal.RetryPolicy{
		InitialInterval: 2 * time.Second, BackoffCoefficient: 3, MaximumInterval: time.Minute, MaximumAttempts: 4, NonRetryableErrorTypes: []string{"Fatal"},
	}
	opts.Priority = &temporal.Priority{PriorityKey: 2, FairnessKey: "tenant-a", FairnessWeight: 1.5}
	opts.Memo = map[string]any{"note": "gift wrap"}
	opts.StaticSummary = "Order **42**"
	opts.StaticDetails = "Ships from the *Lisbon* warehouse."
	got, err := client.StartWorkflowAndWait[selfDescription](ctx, env.ours, opts, wfDescribeSelf)
	if err != nil {
		t.Fatal(err)
	}
	want := selfDescription{
		WorkflowType: wfDescribeSelf, TaskQueue: env.taskQueue,
		ExecutionTimeout: time.Hour, RunTimeout: 30 * time.Minute, TaskTimeout: 7 * time.Second, Attempt: 1,
		RetryPolicy: &sdktemporal.RetryPolicy{
			InitialInterval: 2 * time.Second, BackoffCoefficient: 3, MaximumInterval: time.Minute, MaximumAttempts: 4, NonRetryableErrorTypes: []string{"Fatal"},
		},
		PriorityKey: 2, FairnessKey: "tenant-a", FairnessWeight: 1.5,
		MemoNote: "gift wrap",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the official workflow sees (-want +got):\n%s", diff)
	}
	desc, err := env.official.DescribeWorkflow(ctx, opts.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	summary, err := desc.GetStaticSummary()
	if err != nil || summary != opts.StaticSummary {
		t.Errorf("official static summary = %q, %v", summary, err)
	}
	details, err := desc.GetStaticDetails()
	if err != nil || details != opts.StaticDetails {
		t.Errorf("official static details = %q, %v", details, err)
	}
}

// TestAsyncActivityHeartbeatSaysWhenTheActivityIsPaused: an activity
// completed from outside its worker learns, at its next heartbeat, that it
// was paused, as the official SDK reports it (ErrActivityPaused).
func TestAsyncActivityHeartbeatSaysWhenTheActivityIsPaused(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfCancelActivity)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.ours.TerminateWorkflow(context.Background(), run.ID(), "", "test over") })
	var pending pendingActivity
	select {
	case pending = <-env.pending.started:
	case <-ctx.Done():
		t.Fatalf("the activity never started: %v", ctx.Err())
	}
	ref := client.ActivityRef{TaskToken: pending.TaskToken}
	if err := env.ours.RecordActivityHeartbeat(ctx, ref, "working"); err != nil {
		t.Fatalf("heartbeat before the pause: %v", err)
	}
	if _, err := env.ours.WorkflowService().PauseActivity(ctx, &workflowservice.PauseActivityRequest{
		Namespace: env.ours.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: pending.WorkflowID, RunId: pending.RunID},
		Activity: &workflowservice.PauseActivityRequest_Id{Id: pending.ActivityID}, Identity: "test", Reason: "maintenance",
	}); err != nil {
		t.Fatal(err)
	}
	for {
		err := env.ours.RecordActivityHeartbeat(ctx, ref, "working")
		if errors.Is(err, client.ErrActivityPaused) {
			return
		}
		if err != nil {
			t.Fatalf("heartbeat after the pause: %v", err)
		}
		select {
		case <-ctx.Done():
			t.Fatal("the heartbeat never reported the pause")
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestOurScheduleReadsAndRunsOnTheOfficialSDK: a schedule our client
// creates is what the official client describes (the action's workflow,
// arguments, task queue and the calendar's defaults), and its triggered
// action runs on the official worker.
func TestOurScheduleReadsAndRunsOnTheOfficialSDK(t *testing.T) {
	env := newInteropEnv(t, client.Options{})
	ctx := testContext(t)
	req := &workflowservice.StartWorkflowExecutionRequest{WorkflowId: "scheduled", Identity: "ours"}
	id := uniqueName(t, "schedule")
	h, err := env.ours.CreateSchedule(ctx, client.ScheduleOptions{
		ID:   id,
		Spec: client.ScheduleSpec{Calendars: []client.ScheduleCalendarSpec{{Hour: []client.ScheduleRange{{Start: 6}}, DayOfWeek: []client.ScheduleRange{{Start: 1}}}}},
		Action: client.ScheduleWorkflowAction{Workflow: wfEchoProto, Args: []any{req},
			Options: client.StartWorkflowOptions{ID: uniqueName(t, "echo"), TaskQueue: env.taskQueue, ExecutionTimeout: time.Minute}},
		TriggerImmediately: true,
		Memo:               map[string]any{"owner": "billing"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Delete(context.Background()) })

	desc, err := env.official.ScheduleClient().GetHandle(ctx, id).Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	action, ok := desc.Schedule.Action.(*sdkclient.ScheduleWorkflowAction)
	if !ok || action.Workflow != wfEchoProto || action.TaskQueue != env.taskQueue || action.WorkflowExecutionTimeout != time.Minute || len(action.Args) != 1 {
		t.Fatalf("the official client reads the action as %+v", desc.Schedule.Action)
	}
	var arg workflowservice.StartWorkflowExecutionRequest
	if p, ok := action.Args[0].(*commonpb.Payload); !ok || sdkconverter.GetDefaultDataConverter().FromPayload(p, &arg) != nil || arg.GetIdentity() != "ours" {
		t.Errorf("the action's argument reads as %v", action.Args[0])
	}
	if cal := desc.Schedule.Spec.Calendars; len(cal) != 1 || cal[0].Hour[0].Start != 6 || cal[0].Minute[0].Start != 0 || cal[0].DayOfWeek[0].Start != 1 {
		t.Errorf("the official client reads the calendar as %+v", desc.Schedule.Spec.Calendars)
	}
	var owner string
	if err := sdkconverter.GetDefaultDataConverter().FromPayload(desc.Memo.GetFields()["owner"], &owner); err != nil || owner != "billing" {
		t.Errorf("schedule memo %q, %v", owner, err)
	}

	// The action triggered at creation ran on the official worker.
	var started client.WorkflowExecution
	for started.ID == "" {
		d, err := h.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.RecentActions) > 0 {
			started = d.RecentActions[0].Workflow
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the schedule never acted")
		case <-time.After(100 * time.Millisecond):
		}
	}
	var echoed workflowservice.StartWorkflowExecutionRequest
	if err := env.official.GetWorkflow(ctx, started.ID, started.RunID).Get(ctx, &echoed); err != nil || echoed.GetIdentity() != echoedIdentity || echoed.GetWorkflowId() != "scheduled" {
		t.Errorf("the scheduled workflow's result: %v, %v", &echoed, err)
	}
}

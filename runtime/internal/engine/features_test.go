package engine_test

import (
	"bytes"
	"errors"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	protocolpb "go.temporal.io/api/protocol/v1"
	updatepb "go.temporal.io/api/update/v1"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// firstTask returns the first workflow task of a real history: start,
// scheduled, started.
func firstTask(t *testing.T) []*historypb.HistoryEvent {
	return loadHistory(t, "testdata/sdkgo-wait-cancel.json")[:3]
}

func runFirstTask(t *testing.T, p engine.Params) (*engine.Execution, *engine.Completion) {
	t.Helper()
	p.SdkMetadataCapable = true
	x := engine.NewExecution(p)
	t.Cleanup(func() { _ = x.Close() })
	c, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3})
	if err != nil {
		t.Fatal(err)
	}
	return x, c
}

func TestQueriesAnswerFromStateWithoutBlocking(t *testing.T) {
	dc := converter.Default()
	x, _ := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		n := 7
		if err := engine.SetQueryHandler(ctx, "count", func(add int) (int, error) { return n + add, nil }); err != nil {
			return nil, err
		}
		if err := engine.SetQueryHandler(ctx, "blocks", func() (int, error) { return 0, engine.Await(ctx, func() bool { return false }) }); err != nil {
			return nil, err
		}
		// A timer would be a command that exists only if someone queried.
		if err := engine.SetQueryHandler(ctx, "sleeps", func() (int, error) { return 0, engine.Sleep(ctx, time.Second) }); err != nil {
			return nil, err
		}
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	args, _ := dc.ToPayloads(3)
	res, err := x.Query("count", args, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got int
	if err := dc.FromPayloads(res, &got); err != nil || got != 10 {
		t.Errorf("count(3) = %d, %v", got, err)
	}
	if _, err := x.Query("nope", nil, nil); err == nil || !strings.Contains(err.Error(), "KnownQueryTypes=[__stack_trace __open_sessions __temporal_workflow_metadata blocks count sleeps]") {
		t.Errorf("unknown query: %v", err)
	}
	if _, err := x.Query("blocks", nil, nil); err == nil || !strings.Contains(err.Error(), "query handler panic") || !strings.Contains(err.Error(), "Await called in a query handler") {
		t.Errorf("blocking handler: %v", err)
	}
	if _, err := x.Query("sleeps", nil, nil); err == nil || !strings.Contains(err.Error(), "NewTimer called in a query handler") {
		t.Errorf("a handler starting a timer: %v", err)
	}
	st, err := x.Query(engine.QueryStackTrace, nil, nil)
	var trace string
	if err != nil || dc.FromPayloads(st, &trace) != nil || !strings.Contains(trace, "coroutine root [blocked on future.Receive]") {
		t.Errorf("stack trace query: %q %v", trace, err)
	}
	if _, err := x.Query(engine.QueryMetadata, nil, nil); err != nil {
		t.Errorf("metadata query: %v", err)
	}
	// The workflow is still usable after the failed query.
	if _, err := x.Query("count", args, nil); err != nil {
		t.Errorf("query after a failed one: %v", err)
	}
}

func TestLoggerIsSilentDuringReplay(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		engine.GetLogger(ctx).Info("started")
		err := engine.Sleep(ctx, time.Hour)
		engine.GetLogger(ctx).Info("woke", "err", err)
		return nil, err
	}
	runFirstTask(t, engine.Params{Workflow: wf, Logger: logger})
	if got := strings.Count(buf.String(), "msg=started"); got != 1 {
		t.Fatalf("live first task logged %d lines:\n%s", got, buf.String())
	}
	buf.Reset()
	// A worker without the cached run replays task 1 and runs task 2 live.
	x := engine.NewExecution(engine.Params{Workflow: wf, Logger: logger, SdkMetadataCapable: true})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: loadHistory(t, "testdata/sdkgo-wait-cancel.json")[:8], PreviousStartedEventID: 3, StartedEventID: 8}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "msg=started") || !strings.Contains(out, "msg=woke") || !strings.Contains(out, "workflow_type=WaitCancel") {
		t.Errorf("logged during replay or missed the live line:\n%s", out)
	}
}

func TestRandomStreamsAndUUIDsReplayIdentically(t *testing.T) {
	draw := func() (uint64, string) {
		var n uint64
		var id string
		runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
			n = engine.GetRandomStream(ctx, "dice").Uint64()
			id = engine.NewUUID(ctx)
			return nil, engine.Sleep(ctx, time.Hour)
		}})
		return n, id
	}
	n1, id1 := draw()
	n2, id2 := draw()
	if n1 != n2 || id1 != id2 {
		t.Errorf("two runs over one history drew %d/%s and %d/%s", n1, id1, n2, id2)
	}
	if len(id1) != 36 || id1[14] != '4' {
		t.Errorf("not a v4 UUID: %s", id1)
	}
}

func TestContinueAsNewCarriesUpsertedMemoAndSearchAttributes(t *testing.T) {
	key := temporal.NewSearchAttributeKeyKeyword("CustomKeywordField")
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		if err := engine.UpsertSearchAttributes(ctx, key.ValueSet("tenant-1")); err != nil {
			return nil, err
		}
		if err := engine.UpsertMemo(ctx, map[string]any{"note": "hi"}); err != nil {
			return nil, err
		}
		return nil, engine.NewContinueAsNewError(ctx, engine.ContinueAsNewOptions{}, "", 2)
	}})
	var types []string
	for _, cmd := range c.Commands {
		types = append(types, cmd.GetCommandType().String())
	}
	if strings.Join(types, " ") != "UpsertWorkflowSearchAttributes ModifyWorkflowProperties ContinueAsNewWorkflowExecution" {
		t.Fatalf("commands %v", types)
	}
	can := c.Commands[2].GetContinueAsNewWorkflowExecutionCommandAttributes()
	if can.GetWorkflowType().GetName() != "WaitCancel" || can.GetTaskQueue().GetName() != "tq" || can.GetTaskQueue().GetKind() != enumspb.TASK_QUEUE_KIND_NORMAL {
		t.Errorf("continue-as-new: %v", can)
	}
	if _, ok := can.GetMemo().GetFields()["note"]; !ok {
		t.Errorf("memo not carried over: %v", can.GetMemo())
	}
	if _, ok := can.GetSearchAttributes().GetIndexedFields()["CustomKeywordField"]; !ok {
		t.Errorf("search attributes not carried over: %v", can.GetSearchAttributes())
	}
	var n int
	if err := converter.Default().FromPayloads(can.GetInput(), &n); err != nil || n != 2 {
		t.Errorf("input %d %v", n, err)
	}
	if got := c.Flags; len(got) != 2 || got[0] != 3 || got[1] != 7 {
		t.Errorf("flags %v, want [3 7] as the official SDK records for a memo upsert", got)
	}
}

func updateRequest(t *testing.T, id string, seq int64, d int) *protocolpb.Message {
	t.Helper()
	args, _ := converter.Default().ToPayloads(d)
	body, err := anypb.New(&updatepb.Request{Meta: &updatepb.Meta{UpdateId: id}, Input: &updatepb.Input{Name: "inc", Args: args}})
	if err != nil {
		t.Fatal(err)
	}
	return &protocolpb.Message{Id: id + "/request", ProtocolInstanceId: id, SequencingId: &protocolpb.Message_EventId{EventId: seq}, Body: body}
}

// TestLiveUpdatesAreAcceptedOrRejectedLikeTheOfficialSDK runs the Upd
// probe's second task live: u1 passes the validator and is accepted with a
// ProtocolMessage command (slot 8, so its handler's timer gets ID 9, as in
// the official history); u2 fails the validator and is rejected with a
// message only.
func TestLiveUpdatesAreAcceptedOrRejectedLikeTheOfficialSDK(t *testing.T) {
	events := loadHistory(t, "testdata/sdkgo-update.json")
	x := engine.NewExecution(engine.Params{Workflow: updWorkflow, SdkMetadataCapable: true})
	defer x.Close()
	c, err := x.ProcessTask(&engine.Task{Events: events[:6], PreviousStartedEventID: 3, StartedEventID: 6,
		Messages: []*protocolpb.Message{updateRequest(t, "u1", 5, 5), updateRequest(t, "u2", 5, -1)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := commandSummary(c); got != `ProtocolMessage; StartTimer (timer "9")` {
		t.Errorf("commands: %s", got)
	}
	if c.Commands[0].GetProtocolMessageCommandAttributes().GetMessageId() != "u1/accept" {
		t.Errorf("protocol command for %v", c.Commands[0])
	}
	var ids []string
	for _, m := range c.Messages {
		ids = append(ids, m.GetId())
	}
	if strings.Join(ids, " ") != "u1/accept u2/reject" {
		t.Fatalf("messages %v", ids)
	}
	var rejection updatepb.Rejection
	if err := c.Messages[1].GetBody().UnmarshalTo(&rejection); err != nil || rejection.GetFailure().GetMessage() != "negative" {
		t.Errorf("rejection %v %v", &rejection, err)
	}
	var acceptance updatepb.Acceptance
	if err := c.Messages[0].GetBody().UnmarshalTo(&acceptance); err != nil || acceptance.GetAcceptedRequestSequencingEventId() != 5 || acceptance.GetAcceptedRequestMessageId() != "u1/request" {
		t.Errorf("acceptance %v %v", &acceptance, err)
	}
}

// TestTimersCarryTheirSummary: Sleep's timer says "Sleep" in the Temporal
// UI, as the official SDK's does; a timer with options says what it was
// given; a plain timer carries none.
func TestTimersCarryTheirSummary(t *testing.T) {
	_, c := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		engine.NewTimer(ctx, time.Minute)
		engine.NewTimerWithOptions(ctx, time.Minute, engine.TimerOptions{Summary: "payment window"})
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	var got []string
	for _, cmd := range c.Commands {
		s := "<none>"
		if p := cmd.GetUserMetadata().GetSummary(); p != nil {
			if err := converter.Default().FromPayload(p, &s); err != nil {
				t.Fatal(err)
			}
		}
		got = append(got, s)
	}
	if want := []string{"<none>", "payment window", "Sleep"}; !slices.Equal(got, want) {
		t.Errorf("timer summaries %q, want %q", got, want)
	}
}

// TestAFiredTimerIsNotKeptByAWaitingRun: a cached run that slept and now
// waits for a signal must not keep the timer, its command or its future:
// thousands of such runs wait in a worker's cache.
func TestAFiredTimerIsNotKeptByAWaitingRun(t *testing.T) {
	var collected atomic.Bool
	x, _ := runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		f := engine.NewTimer(ctx, 10*time.Millisecond)
		runtime.SetFinalizer(f, func(any) { collected.Store(true) })
		if err := f.Get(ctx, nil); err != nil {
			return nil, err
		}
		engine.GetSignalChannel(ctx, "go").Receive(ctx, nil)
		return nil, nil
	}})
	fired := []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_TIMER_STARTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_TimerStartedEventAttributes{TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{TimerId: "5"}}
		}),
		event(6, enumspb.EVENT_TYPE_TIMER_FIRED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_TimerFiredEventAttributes{TimerFiredEventAttributes: &historypb.TimerFiredEventAttributes{TimerId: "5", StartedEventId: 5}}
		}),
	}
	fired = append(fired, taskEvents(7, false)...)
	if _, err := x.ProcessTask(&engine.Task{Events: fired, PreviousStartedEventID: 3, StartedEventID: 8}); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if collected.Load() {
			break
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if !collected.Load() {
		t.Error("the fired timer's future is still reachable from the waiting run")
	}
	runtime.KeepAlive(x)
}

// TestSleepUsesTheWorkersSharedSummary: a worker encodes Sleep's summary
// once; encoding it on each run's goroutine would grow stacks that cached
// runs keep.
func TestSleepUsesTheWorkersSharedSummary(t *testing.T) {
	shared, err := engine.SleepSummary(converter.Default())
	if err != nil {
		t.Fatal(err)
	}
	_, c := runFirstTask(t, engine.Params{SleepSummary: shared, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	if len(c.Commands) != 1 || c.Commands[0].GetUserMetadata() != shared {
		t.Errorf("Sleep's command carries %v, want the shared summary %p", c.Commands, shared)
	}
}

// protoOnlyConverter encodes nothing but what the default converter does
// for proto messages: a user's converter that refuses plain values.
type protoOnlyConverter struct{ converter.DataConverter }

func (c protoOnlyConverter) ToPayload(v any) (*commonpb.Payload, error) {
	if _, ok := v.(string); ok {
		return nil, errors.New("this converter takes proto messages only")
	}
	return c.DataConverter.ToPayload(v)
}

// TestMemoValuesTheWorkflowsConverterRefusesFallBackToTheDefault: under
// flag 7 a memo value goes through the workflow's converter, and through
// the default one when that refuses it, as the official SDK encodes it:
// an upsert and a child's memo are sent either way.
func TestMemoValuesTheWorkflowsConverterRefusesFallBackToTheDefault(t *testing.T) {
	var childErr error
	_, c := runFirstTask(t, engine.Params{DataConverter: protoOnlyConverter{converter.Default()}, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		if err := engine.UpsertMemo(ctx, map[string]any{"note": "hi"}); err != nil {
			return nil, err
		}
		f := engine.ExecuteChildWorkflow(ctx, engine.ChildWorkflowOptions{WorkflowID: "child", Memo: map[string]any{"note": "child"}}, "Child")
		if f.IsReady() {
			childErr = f.Get(ctx, nil)
		}
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	if childErr != nil {
		t.Fatalf("child: %v", childErr)
	}
	var note, childNote string
	for _, cmd := range c.Commands {
		if p := cmd.GetModifyWorkflowPropertiesCommandAttributes().GetUpsertedMemo().GetFields()["note"]; p != nil {
			_ = converter.Default().FromPayload(p, &note)
		}
		if p := cmd.GetStartChildWorkflowExecutionCommandAttributes().GetMemo().GetFields()["note"]; p != nil {
			_ = converter.Default().FromPayload(p, &childNote)
		}
	}
	if note != "hi" || childNote != "child" {
		t.Errorf("memo %q, child memo %q; want both encoded by the default converter", note, childNote)
	}
}

// TestANilValueLeavesTheReceiverAsItWas: a future set to nil, a nil sent
// on a channel and a receive from a closed channel leave the receiver's
// value alone, as the official SDK does.
func TestANilValueLeavesTheReceiverAsItWas(t *testing.T) {
	var fromFuture, fromNil, fromClosed string
	runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		f, set := engine.NewFuture(converter.Default())
		set.Set(nil, nil)
		fromFuture = "kept"
		if err := f.Get(ctx, &fromFuture); err != nil {
			return nil, err
		}
		ch := engine.NewBufferedChannel("c", 1, converter.Default())
		ch.Send(ctx, nil)
		fromNil = "kept"
		ch.Receive(ctx, &fromNil)
		ch.Close()
		fromClosed = "kept"
		ch.Receive(ctx, &fromClosed)
		return nil, nil
	}})
	if fromFuture != "kept" || fromNil != "kept" || fromClosed != "kept" {
		t.Errorf("after nil values: future %q, channel %q, closed channel %q; want each kept", fromFuture, fromNil, fromClosed)
	}
}

// After GetVersion, the run's own TemporalChangeVersion upsert (untyped,
// as every SDK writes it) leaves the run's search attributes readable.
func TestSearchAttributesAfterGetVersion(t *testing.T) {
	var saErr error
	_, _ = runFirstTask(t, engine.Params{Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		engine.GetVersion(ctx, "my-change", engine.DefaultVersion, 1)
		_, saErr = engine.SearchAttributes(ctx)
		return nil, engine.Sleep(ctx, time.Hour)
	}})
	if saErr != nil {
		t.Fatalf("SearchAttributes after GetVersion: %v", saErr)
	}
}

package engine_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// stamped is the root behind a link that writes, on each call, a "call"
// header entry naming it: "StartActivity" for a *StartActivityInput.
func stamped() engine.WorkflowOutbound {
	return engine.WriteHeaders(engine.RootWorkflowOutbound(), func(_ engine.Context, in any, header map[string]*commonpb.Payload) {
		p, err := converter.Default().ToPayload(strings.TrimSuffix(reflect.TypeOf(in).Elem().Name(), "Input"))
		if err != nil {
			panic(err)
		}
		header["call"] = p
	})
}

// calledAs decodes the "call" entry stamped wrote.
func calledAs(t *testing.T, header map[string]*commonpb.Payload) string {
	t.Helper()
	var call string
	if p := header["call"]; p != nil {
		if err := converter.Default().FromPayload(p, &call); err != nil {
			t.Fatal(err)
		}
	}
	return call
}

// headerCall is one call out of a workflow and where its header ends up
// after the first workflow task.
type headerCall struct {
	name   string
	call   func(ctx engine.Context) error
	header func(c *engine.Completion) *commonpb.Header
}

var headerCalls = []headerCall{
	{"StartActivity", func(ctx engine.Context) error {
		engine.ExecuteActivity(ctx, tenSeconds, "Echo", "a")
		return engine.Sleep(ctx, time.Hour)
	}, func(c *engine.Completion) *commonpb.Header {
		return c.Commands[0].GetScheduleActivityTaskCommandAttributes().GetHeader()
	}},
	{"StartLocalActivity", func(ctx engine.Context) error {
		engine.ExecuteLocalActivity(ctx, engine.LocalActivityOptions{StartToCloseTimeout: time.Second}, "Echo", nil, "la")
		return engine.Sleep(ctx, time.Hour)
	}, func(c *engine.Completion) *commonpb.Header {
		return &commonpb.Header{Fields: c.LocalActivities[0].Header}
	}},
	{"StartChildWorkflow", func(ctx engine.Context) error {
		engine.ExecuteChildWorkflow(ctx, engine.ChildWorkflowOptions{WorkflowID: "child"}, "Child")
		return engine.Sleep(ctx, time.Hour)
	}, func(c *engine.Completion) *commonpb.Header {
		return c.Commands[0].GetStartChildWorkflowExecutionCommandAttributes().GetHeader()
	}},
	{"SignalExternalWorkflow", func(ctx engine.Context) error {
		// From a goroutine of the workflow: the chain serves the whole run.
		engine.Go(ctx, "signaller", func(ctx engine.Context) {
			engine.SignalExternalWorkflow(ctx, "", "other", "", "poke", "x")
		})
		return engine.Sleep(ctx, time.Hour)
	}, func(c *engine.Completion) *commonpb.Header {
		return c.Commands[1].GetSignalExternalWorkflowExecutionCommandAttributes().GetHeader()
	}},
	{"ContinueAsNew", func(ctx engine.Context) error {
		return engine.NewContinueAsNewError(ctx, engine.ContinueAsNewOptions{}, "", 2)
	}, func(c *engine.Completion) *commonpb.Header {
		return c.Commands[len(c.Commands)-1].GetContinueAsNewWorkflowExecutionCommandAttributes().GetHeader()
	}},
}

// runCall runs a workflow, started with a "trace" header, that makes call
// in its first task, with stamped installed first when intercepted.
func runCall(t *testing.T, call headerCall, intercepted bool) *commonpb.Header {
	t.Helper()
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		if intercepted {
			engine.SetWorkflowOutbound(ctx, stamped())
		}
		return nil, call.call(ctx)
	}})
	t.Cleanup(func() { _ = x.Close() })
	events := firstTask(t)
	trace, _ := converter.Default().ToPayload("trace-7")
	events[0].GetWorkflowExecutionStartedEventAttributes().Header = &commonpb.Header{Fields: map[string]*commonpb.Payload{"trace": trace}}
	c, err := x.ProcessTask(&engine.Task{Events: events, StartedEventID: 3})
	if err != nil {
		t.Fatal(err)
	}
	return call.header(c)
}

func TestOutboundChainWritesTheHeaderOfEachCall(t *testing.T) {
	for _, call := range headerCalls {
		t.Run(call.name, func(t *testing.T) {
			if got := calledAs(t, runCall(t, call, true).GetFields()); got != call.name {
				t.Errorf("the call's header says %q, want %q", got, call.name)
			}
		})
	}
}

// TestCallsWithoutInterceptorsSendTheOfficialSDKsEmptyHeader: the official
// SDK starts each call with a fresh, empty header and sends it present
// (its histories show "header": {}); the run's start header ("trace"
// here) is not copied.
func TestCallsWithoutInterceptorsSendTheOfficialSDKsEmptyHeader(t *testing.T) {
	ids, child := loadHistory(t, "testdata/sdkgo-ids.json"), loadHistory(t, "testdata/sdkgo-cancel-child.json")
	official := map[string]*commonpb.Header{
		"StartActivity":          ids[6].GetActivityTaskScheduledEventAttributes().GetHeader(),
		"StartChildWorkflow":     child[4].GetStartChildWorkflowExecutionInitiatedEventAttributes().GetHeader(),
		"SignalExternalWorkflow": child[26].GetSignalExternalWorkflowExecutionInitiatedEventAttributes().GetHeader(),
		// No official history here continues as new; its command's header
		// is built like the others' (error.go:700 in sdk-go v1.51.0).
		"ContinueAsNew": {},
		// A local activity's header never reaches history.
		"StartLocalActivity": {},
	}
	for _, call := range headerCalls {
		t.Run(call.name, func(t *testing.T) {
			want := official[call.name]
			if want == nil {
				t.Fatal("the official event has no header")
			}
			if got := runCall(t, call, false); !proto.Equal(got, want) {
				t.Errorf("header %v, want the official SDK's %v", got, want)
			}
		})
	}
}

func TestSignalToAStartedChildCarriesTheOutboundHeader(t *testing.T) {
	wf := func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		engine.SetWorkflowOutbound(ctx, stamped())
		cf := engine.ExecuteChildWorkflow(ctx, engine.ChildWorkflowOptions{WorkflowID: "child"}, "Child")
		cf.SignalChildWorkflow(ctx, "poke", "x")
		return nil, engine.Sleep(ctx, time.Hour)
	}
	x := engine.NewExecution(engine.Params{Workflow: wf, SdkMetadataCapable: true})
	defer x.Close()
	if _, err := x.ProcessTask(&engine.Task{Events: firstTask(t), StartedEventID: 3}); err != nil {
		t.Fatal(err)
	}
	childType := &commonpb.WorkflowType{Name: "Child"}
	next := []*historypb.HistoryEvent{
		event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, nil),
		event(5, enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_StartChildWorkflowExecutionInitiatedEventAttributes{StartChildWorkflowExecutionInitiatedEventAttributes: &historypb.StartChildWorkflowExecutionInitiatedEventAttributes{
				WorkflowId: "child", WorkflowType: childType}}
		}),
		event(6, enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, func(e *historypb.HistoryEvent) {
			e.Attributes = &historypb.HistoryEvent_ChildWorkflowExecutionStartedEventAttributes{ChildWorkflowExecutionStartedEventAttributes: &historypb.ChildWorkflowExecutionStartedEventAttributes{
				WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: "child", RunId: "child-run"}, WorkflowType: childType, InitiatedEventId: 5}}
		}),
	}
	next = append(next, taskEvents(7, false)...)
	c, err := x.ProcessTask(&engine.Task{Events: next, PreviousStartedEventID: 3, StartedEventID: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Commands) == 0 || !c.Commands[0].GetSignalExternalWorkflowExecutionCommandAttributes().GetChildWorkflowOnly() {
		t.Fatalf("commands %s, want the signal to the child", commandSummary(c))
	}
	if got := calledAs(t, c.Commands[0].GetSignalExternalWorkflowExecutionCommandAttributes().GetHeader().GetFields()); got != "SignalChildWorkflow" {
		t.Errorf("the signal's header says %q", got)
	}
}

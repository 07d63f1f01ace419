package workflow_test

import (
	"strconv"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The typed benchmarks compare what generated code calls (ActivityDef,
// SignalChannelOf) with the untyped calls it wraps, inside a real run on
// the engine: the goal is no more allocations per call. Only the calls
// are timed; building the history and the engine's work between tasks
// are not.
//
//	go test -run '^$' -bench 'Typed' -benchmem ./runtime/workflow/

// benchMessage is the proto message the benchmarks send and receive.
var benchMessage = &commonpb.WorkflowExecution{WorkflowId: "order-1042", RunId: "0198c1d2-7b3e-7c4f-9a51-3e2f1d0c9b8a"}

// BenchmarkTypedActivity schedules b.N activities in one workflow task and
// reads their results in the next: an op is one ExecuteAsync plus one Get.
func BenchmarkTypedActivity(b *testing.B) {
	const name = "acme.v1.Service.Charge"
	opts := workflow.ActivityOptions{StartToCloseTimeout: time.Minute}
	b.Run("typed", func(b *testing.B) {
		def := workflow.ActivityDef[*commonpb.WorkflowExecution, *commonpb.WorkflowExecution]{Name: name, Options: opts}
		benchmarkActivities(b, name, func(ctx workflow.Context) func(workflow.Context) error {
			f := def.ExecuteAsync(ctx, benchMessage)
			return func(ctx workflow.Context) error { _, err := f.Get(ctx); return err }
		})
	})
	b.Run("untyped", func(b *testing.B) {
		var withOpts workflow.Context // set once, as workflow code would
		benchmarkActivities(b, name, func(ctx workflow.Context) func(workflow.Context) error {
			if withOpts == nil {
				withOpts = workflow.WithActivityOptions(ctx, opts)
			}
			f := workflow.ExecuteActivity(withOpts, name, benchMessage)
			return func(ctx workflow.Context) error { var res *commonpb.WorkflowExecution; return f.Get(ctx, &res) }
		})
	})
}

// benchmarkActivities runs a workflow that calls schedule b.N times, timed,
// waits untimed for the next task to complete every activity, then calls
// each get, timed.
func benchmarkActivities(b *testing.B, name string, schedule func(workflow.Context) func(workflow.Context) error) {
	dc := converter.Default()
	result, err := dc.ToPayloads(benchMessage)
	if err != nil {
		b.Fatal(err)
	}
	var runErr error
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, DeadlockTimeout: -1,
		Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
			gets := make([]func(workflow.Context) error, b.N)
			b.StartTimer()
			for i := range gets {
				gets[i] = schedule(ctx)
			}
			b.StopTimer()
			runErr = gets[len(gets)-1](ctx) // blocks until the next task
			b.StartTimer()
			for _, get := range gets {
				if err := get(ctx); err != nil {
					runErr = err
				}
			}
			b.StopTimer()
			return nil, nil
		}})
	defer func() { _ = x.Close() }()
	b.ReportAllocs()
	b.StopTimer()
	b.ResetTimer()
	events := appendTaskStart([]*historypb.HistoryEvent{startedEvent()})
	if _, err := x.ProcessTask(&engine.Task{Events: events, StartedEventID: 3}); err != nil {
		b.Fatal(err)
	}
	events = append(events, &historypb.HistoryEvent{EventId: 4, EventType: enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED})
	first := int64(5)
	for i := range int64(b.N) {
		events = append(events, &historypb.HistoryEvent{EventId: first + i, EventType: enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
			Attributes: &historypb.HistoryEvent_ActivityTaskScheduledEventAttributes{ActivityTaskScheduledEventAttributes: &historypb.ActivityTaskScheduledEventAttributes{
				ActivityId: strconv.FormatInt(first+i, 10), ActivityType: &commonpb.ActivityType{Name: name}}}})
	}
	for i := range int64(b.N) {
		events = append(events, &historypb.HistoryEvent{EventId: int64(len(events) + 1), EventType: enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
			Attributes: &historypb.HistoryEvent_ActivityTaskCompletedEventAttributes{ActivityTaskCompletedEventAttributes: &historypb.ActivityTaskCompletedEventAttributes{
				ScheduledEventId: first + i, Result: result}}})
	}
	events = appendTaskStart(events)
	if _, err := x.ProcessTask(&engine.Task{Events: events, PreviousStartedEventID: 3, StartedEventID: int64(len(events))}); err != nil {
		b.Fatal(err)
	}
	if runErr != nil {
		b.Fatal(runErr)
	}
}

// BenchmarkTypedSignalReceive receives b.N signals that arrived in the
// run's first task: an op is one Receive and the decoding of its payload.
func BenchmarkTypedSignalReceive(b *testing.B) {
	const name = "acme.v1.Service.Cancel"
	b.Run("typed", func(b *testing.B) {
		benchmarkSignals(b, name, func(ctx workflow.Context, n int) {
			ch := workflow.SignalDef[*commonpb.WorkflowExecution]{Name: name}.Channel(ctx)
			b.StartTimer()
			for range n {
				_, _ = ch.Receive(ctx)
			}
			b.StopTimer()
		})
	})
	b.Run("untyped", func(b *testing.B) {
		benchmarkSignals(b, name, func(ctx workflow.Context, n int) {
			ch := workflow.GetSignalChannel(ctx, name)
			b.StartTimer()
			for range n {
				var v *commonpb.WorkflowExecution
				ch.Receive(ctx, &v)
			}
			b.StopTimer()
		})
	})
}

func benchmarkSignals(b *testing.B, name string, receive func(ctx workflow.Context, n int)) {
	input, err := converter.Default().ToPayloads(benchMessage)
	if err != nil {
		b.Fatal(err)
	}
	var pending int
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, DeadlockTimeout: -1,
		Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
			pending = workflow.GetSignalChannel(ctx, name).Len()
			receive(ctx, b.N)
			return nil, nil
		}})
	defer func() { _ = x.Close() }()
	b.ReportAllocs()
	b.StopTimer()
	b.ResetTimer()
	events := []*historypb.HistoryEvent{startedEvent()}
	for range b.N {
		events = append(events, &historypb.HistoryEvent{EventId: int64(len(events) + 1), EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
			Attributes: &historypb.HistoryEvent_WorkflowExecutionSignaledEventAttributes{WorkflowExecutionSignaledEventAttributes: &historypb.WorkflowExecutionSignaledEventAttributes{
				SignalName: name, Input: input}}})
	}
	events = appendTaskStart(events)
	if _, err := x.ProcessTask(&engine.Task{Events: events, StartedEventID: int64(len(events))}); err != nil {
		b.Fatal(err)
	}
	if pending != b.N {
		b.Fatalf("%d signals were waiting when the workflow started, want all %d: the loop would have timed the engine", pending, b.N)
	}
}

// startedEvent is a run's first event.
func startedEvent() *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventId: 1, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
		Attributes: &historypb.HistoryEvent_WorkflowExecutionStartedEventAttributes{WorkflowExecutionStartedEventAttributes: &historypb.WorkflowExecutionStartedEventAttributes{
			WorkflowType: &commonpb.WorkflowType{Name: "Bench"}}}}
}

// appendTaskStart appends a workflow task's scheduled and started events.
func appendTaskStart(events []*historypb.HistoryEvent) []*historypb.HistoryEvent {
	scheduled := int64(len(events) + 1)
	return append(events,
		&historypb.HistoryEvent{EventId: scheduled, EventType: enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
			Attributes: &historypb.HistoryEvent_WorkflowTaskScheduledEventAttributes{WorkflowTaskScheduledEventAttributes: &historypb.WorkflowTaskScheduledEventAttributes{}}},
		&historypb.HistoryEvent{EventId: scheduled + 1, EventType: enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED,
			Attributes: &historypb.HistoryEvent_WorkflowTaskStartedEventAttributes{WorkflowTaskStartedEventAttributes: &historypb.WorkflowTaskStartedEventAttributes{ScheduledEventId: scheduled}}})
}

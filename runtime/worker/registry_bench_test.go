package worker

import (
	"context"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The dispatch benchmarks compare what a task costs on top of the user's
// function: decoding the input, calling the function, encoding the result,
// through the closures RegisterWorkflowFunc and RegisterActivityFunc build
// and through the reflection RegisterWorkflow and RegisterActivity use.
// Each runs with a proto message, the shape generated code passes, and an
// int, where the data converter costs least and dispatch shows most.
//
//	go test -run '^$' -bench 'Dispatch' -benchmem ./runtime/worker/

func BenchmarkWorkflowDispatch(b *testing.B) {
	message := func(ctx workflow.Context, in *commonpb.WorkflowExecution) (*commonpb.WorkflowExecution, error) {
		return in, nil
	}
	number := func(ctx workflow.Context, in int) (int, error) { return in + 1, nil }
	for _, tc := range []struct {
		name    string
		input   any
		typed   engine.WorkflowFunc
		reflect any
	}{
		{"proto", &commonpb.WorkflowExecution{WorkflowId: "order-1042", RunId: "0198c1d2-7b3e-7c4f-9a51-3e2f1d0c9b8a"}, typedWorkflow(message), message},
		{"int", 41, typedWorkflow(number), number},
	} {
		reflected, err := adaptWorkflow(tc.reflect)
		if err != nil {
			b.Fatal(err)
		}
		input, err := converter.Default().ToPayloads(tc.input)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name+"/typed", func(b *testing.B) { benchmarkWorkflowDispatch(b, tc.typed, input) })
		b.Run(tc.name+"/reflect", func(b *testing.B) { benchmarkWorkflowDispatch(b, reflected, input) })
	}
}

// benchmarkWorkflowDispatch calls fn b.N times from inside a workflow run,
// since a workflow function needs a workflow context to find its data
// converter.
func benchmarkWorkflowDispatch(b *testing.B, fn engine.WorkflowFunc, input *commonpb.Payloads) {
	var callErr error
	x := engine.NewExecution(engine.Params{
		Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := fn(ctx, input); err != nil {
					callErr = err
					break
				}
			}
			b.StopTimer()
			return nil, nil
		},
		DeadlockTimeout: -1, // the loop does not yield
	})
	defer func() { _ = x.Close() }()
	_, err := x.ProcessTask(&engine.Task{Events: benchStartEvents(), StartedEventID: 3})
	if err != nil {
		b.Fatal(err)
	}
	if callErr != nil {
		b.Fatal(callErr)
	}
}

// benchStartEvents is a new run's first workflow task.
func benchStartEvents() []*historypb.HistoryEvent {
	return []*historypb.HistoryEvent{
		{EventId: 1, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, Attributes: &historypb.HistoryEvent_WorkflowExecutionStartedEventAttributes{
			WorkflowExecutionStartedEventAttributes: &historypb.WorkflowExecutionStartedEventAttributes{
				WorkflowType: &commonpb.WorkflowType{Name: "Bench"},
			},
		}},
		{EventId: 2, EventType: enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, Attributes: &historypb.HistoryEvent_WorkflowTaskScheduledEventAttributes{
			WorkflowTaskScheduledEventAttributes: &historypb.WorkflowTaskScheduledEventAttributes{},
		}},
		{EventId: 3, EventType: enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED, Attributes: &historypb.HistoryEvent_WorkflowTaskStartedEventAttributes{
			WorkflowTaskStartedEventAttributes: &historypb.WorkflowTaskStartedEventAttributes{ScheduledEventId: 2},
		}},
	}
}

func BenchmarkActivityDispatch(b *testing.B) {
	message := func(ctx context.Context, in *commonpb.WorkflowExecution) (*commonpb.WorkflowExecution, error) {
		return in, nil
	}
	number := func(ctx context.Context, in int) (int, error) { return in + 1, nil }
	dc := converter.Default()
	for _, tc := range []struct {
		name    string
		input   any
		typed   activityFunc
		reflect any
	}{
		{"proto", &commonpb.WorkflowExecution{WorkflowId: "order-1042", RunId: "0198c1d2-7b3e-7c4f-9a51-3e2f1d0c9b8a"}, typedActivity(message), message},
		{"int", 41, typedActivity(number), number},
	} {
		reflected, err := adaptActivity(tc.reflect)
		if err != nil {
			b.Fatal(err)
		}
		input, err := dc.ToPayloads(tc.input)
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range []struct {
			name string
			fn   activityFunc
		}{{"typed", tc.typed}, {"reflect", reflected}} {
			b.Run(tc.name+"/"+v.name, func(b *testing.B) {
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := v.fn(ctx, dc, input); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

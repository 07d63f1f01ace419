package worker

import (
	"context"
	"log/slog"
	"runtime"
	"strconv"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// completingService accepts every workflow task completion, with no
// server: what a cached run keeps is the worker's doing alone.
type completingService struct {
	workflowservice.WorkflowServiceClient
}

func (completingService) RespondWorkflowTaskCompleted(context.Context, *workflowservice.RespondWorkflowTaskCompletedRequest, ...grpc.CallOption) (*workflowservice.RespondWorkflowTaskCompletedResponse, error) {
	return &workflowservice.RespondWorkflowTaskCompletedResponse{}, nil
}

// benchWaitSignal is workerbench's signal-only workflow, registered as it
// is there: by reflection.
func benchWaitSignal(ctx workflow.Context) (string, error) {
	var v string
	workflow.GetSignalChannel(ctx, "finish").Receive(ctx, &v)
	return "done:" + v, nil
}

// firstTask is the wire form of a run's first workflow task as the server
// sends it: the start event, the task scheduled and started.
func firstTask(tb testing.TB, workflowType, taskQueue string, i int) []byte {
	tb.Helper()
	now := time.Now()
	workflowID := "bench-cached-" + strconv.Itoa(i)
	runID := "019ae0d1-5e3a-7f0c-9c4e-" + strconv.FormatInt(100000000000+int64(i), 10)
	queue := &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL}
	events := []*historypb.HistoryEvent{
		{EventId: 1, EventTime: timestamppb.New(now), EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, TaskId: 1048576,
			Attributes: &historypb.HistoryEvent_WorkflowExecutionStartedEventAttributes{WorkflowExecutionStartedEventAttributes: &historypb.WorkflowExecutionStartedEventAttributes{
				WorkflowType: &commonpb.WorkflowType{Name: workflowType}, TaskQueue: queue,
				WorkflowExecutionTimeout: durationpb.New(0), WorkflowRunTimeout: durationpb.New(0), WorkflowTaskTimeout: durationpb.New(10 * time.Second),
				OriginalExecutionRunId: runID, Identity: "12345@bench@", FirstExecutionRunId: runID, Attempt: 1,
				FirstWorkflowTaskBackoff: durationpb.New(0), Header: &commonpb.Header{}, WorkflowId: workflowID,
			}}},
		{EventId: 2, EventTime: timestamppb.New(now), EventType: enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, TaskId: 1048577,
			Attributes: &historypb.HistoryEvent_WorkflowTaskScheduledEventAttributes{WorkflowTaskScheduledEventAttributes: &historypb.WorkflowTaskScheduledEventAttributes{
				TaskQueue: queue, StartToCloseTimeout: durationpb.New(10 * time.Second), Attempt: 1,
			}}},
		{EventId: 3, EventTime: timestamppb.New(now), EventType: enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED, TaskId: 1048582,
			Attributes: &historypb.HistoryEvent_WorkflowTaskStartedEventAttributes{WorkflowTaskStartedEventAttributes: &historypb.WorkflowTaskStartedEventAttributes{
				ScheduledEventId: 2, Identity: "12345@bench@", RequestId: "55e25aef-f74e-44e4-81a9-" + strconv.FormatInt(100000000000+int64(i), 10), HistorySizeBytes: 300,
			}}},
	}
	task := &workflowservice.PollWorkflowTaskQueueResponse{
		TaskToken:         make([]byte, 160),
		WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: workflowID, RunId: runID},
		WorkflowType:      &commonpb.WorkflowType{Name: workflowType},
		StartedEventId:    3,
		Attempt:           1,
		History:           &historypb.History{Events: events},
		ScheduledTime:     timestamppb.New(now),
		StartedTime:       timestamppb.New(now),
	}
	b, err := proto.Marshal(task)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkCachedRunMemory reports what a run waiting in the sticky cache
// costs the worker: workerbench's signal-only workflow, registered by
// reflection, its first task decoded from the wire and handled as a
// poller would, and the run left in the cache. The figures are per run
// over 1,000 runs, after two GCs: heap in use (spans, so fragmentation
// counts), heap allocated (live objects), goroutine stacks.
func BenchmarkCachedRunMemory(b *testing.B) {
	const runs = 1000
	const taskQueue = "bench-cached-ours-0"
	r := NewRegistry()
	if err := r.RegisterWorkflowWithOptions(benchWaitSignal, RegisterWorkflowOptions{Name: "BenchWaitSignal"}); err != nil {
		b.Fatal(err)
	}
	tasks := make([][]byte, runs)
	for i := range tasks {
		tasks[i] = firstTask(b, "BenchWaitSignal", taskQueue, i)
	}
	discard := slog.New(slog.DiscardHandler)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		closer := newRunCloser(discard)
		h := &workflowTaskHandler{
			service: completingService{}, namespace: "default", identity: "12345@bench@", registry: r,
			dataConverter: converter.Default(), failureConverter: temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{}),
			deadlockTimeout: time.Second, sdkMetadata: true, logger: discard, closer: closer,
			cache:  newStickyCache(2*runs, closer),
			sticky: &taskqueuepb.StickyExecutionAttributes{WorkerTaskQueue: &taskqueuepb.TaskQueue{Name: "sticky", Kind: enumspb.TASK_QUEUE_KIND_STICKY}, ScheduleToStartTimeout: durationpb.New(5 * time.Second)},
		}
		runtime.GC()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		for _, wire := range tasks {
			task := &workflowservice.PollWorkflowTaskQueueResponse{}
			if err := proto.Unmarshal(wire, task); err != nil {
				b.Fatal(err)
			}
			if err := h.handle(ctx, task); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&after)
		if n := h.cache.count(); n != runs {
			b.Fatalf("%d runs cached, want %d", n, runs)
		}
		perRun := func(a, b uint64) float64 { return (float64(a) - float64(b)) / runs }
		b.ReportMetric(perRun(after.HeapInuse+after.StackInuse, before.HeapInuse+before.StackInuse), "inuse-B/run")
		b.ReportMetric(perRun(after.HeapInuse, before.HeapInuse), "heap-inuse-B/run")
		b.ReportMetric(perRun(after.HeapAlloc, before.HeapAlloc), "heap-alloc-B/run")
		b.ReportMetric(perRun(after.StackInuse, before.StackInuse), "stack-B/run")
		h.cache.clear()
		b.StartTimer()
	}
}

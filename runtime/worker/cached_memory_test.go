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

// benchWaitSignal and benchTimerThenSignal are workerbench's workflows,
// registered as they are there: by reflection.
func benchWaitSignal(ctx workflow.Context) (string, error) {
	var v string
	workflow.GetSignalChannel(ctx, "finish").Receive(ctx, &v)
	return "done:" + v, nil
}

// benchTypedWaitSignal is the shape of a generated workflow: a proto
// request, registered through RegisterWorkflowFunc as generated code does,
// waiting on a typed signal channel.
func benchTypedWaitSignal(ctx workflow.Context, req *commonpb.WorkflowExecution) (*commonpb.WorkflowExecution, error) {
	v, _ := workflow.SignalDef[*commonpb.WorkflowExecution]{Name: "finish"}.Channel(ctx).Receive(ctx)
	return &commonpb.WorkflowExecution{WorkflowId: req.GetWorkflowId(), RunId: v.GetRunId()}, nil
}

func benchTimerThenSignal(ctx workflow.Context, d time.Duration) (string, error) {
	if err := workflow.Sleep(ctx, d); err != nil {
		return "", err
	}
	return benchWaitSignal(ctx)
}

// cachedTasks are the wire forms of the workflow tasks the server sends
// run i of workflowType until it waits for the signal: the first (the
// start event, the task scheduled and started), then, when the run sleeps
// first, the sticky task of its timer firing.
func cachedTasks(tb testing.TB, workflowType, taskQueue string, sleep time.Duration, i int) [][]byte {
	tb.Helper()
	now := time.Now()
	workflowID := "bench-cached-" + strconv.Itoa(i)
	runID := "019ae0d1-5e3a-7f0c-9c4e-" + strconv.FormatInt(100000000000+int64(i), 10)
	requestID := "55e25aef-f74e-44e4-81a9-" + strconv.FormatInt(100000000000+int64(i), 10)
	queue := &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL}
	var input *commonpb.Payloads
	var err error
	switch {
	case sleep > 0:
		input, err = converter.Default().ToPayloads(sleep)
	case workflowType == "BenchTypedWaitSignal":
		input, err = converter.Default().ToPayloads(&commonpb.WorkflowExecution{WorkflowId: workflowID, RunId: runID})
	}
	if err != nil {
		tb.Fatal(err)
	}
	event := func(id int64, typ enumspb.EventType) *historypb.HistoryEvent {
		return &historypb.HistoryEvent{EventId: id, EventTime: timestamppb.New(now), EventType: typ, TaskId: 1048576 + id}
	}
	scheduled := func(id int64) *historypb.HistoryEvent {
		e := event(id, enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
		e.Attributes = &historypb.HistoryEvent_WorkflowTaskScheduledEventAttributes{WorkflowTaskScheduledEventAttributes: &historypb.WorkflowTaskScheduledEventAttributes{
			TaskQueue: queue, StartToCloseTimeout: durationpb.New(10 * time.Second), Attempt: 1,
		}}
		return e
	}
	started := func(id int64) *historypb.HistoryEvent {
		e := event(id, enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED)
		e.Attributes = &historypb.HistoryEvent_WorkflowTaskStartedEventAttributes{WorkflowTaskStartedEventAttributes: &historypb.WorkflowTaskStartedEventAttributes{
			ScheduledEventId: id - 1, Identity: "12345@bench@", RequestId: requestID, HistorySizeBytes: 100 * id,
		}}
		return e
	}
	start := event(1, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
	start.Attributes = &historypb.HistoryEvent_WorkflowExecutionStartedEventAttributes{WorkflowExecutionStartedEventAttributes: &historypb.WorkflowExecutionStartedEventAttributes{
		WorkflowType: &commonpb.WorkflowType{Name: workflowType}, TaskQueue: queue, Input: input,
		WorkflowExecutionTimeout: durationpb.New(0), WorkflowRunTimeout: durationpb.New(0), WorkflowTaskTimeout: durationpb.New(10 * time.Second),
		OriginalExecutionRunId: runID, Identity: "12345@bench@", FirstExecutionRunId: runID, Attempt: 1,
		FirstWorkflowTaskBackoff: durationpb.New(0), Header: &commonpb.Header{}, WorkflowId: workflowID,
	}}
	task := func(previous, started int64, events ...*historypb.HistoryEvent) []byte {
		b, err := proto.Marshal(&workflowservice.PollWorkflowTaskQueueResponse{
			TaskToken:              make([]byte, 160),
			WorkflowExecution:      &commonpb.WorkflowExecution{WorkflowId: workflowID, RunId: runID},
			WorkflowType:           &commonpb.WorkflowType{Name: workflowType},
			PreviousStartedEventId: previous,
			StartedEventId:         started,
			Attempt:                1,
			History:                &historypb.History{Events: events},
			ScheduledTime:          timestamppb.New(now),
			StartedTime:            timestamppb.New(now),
		})
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	tasks := [][]byte{task(0, 3, start, scheduled(2), started(3))}
	if sleep > 0 {
		completed := event(4, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
		completed.Attributes = &historypb.HistoryEvent_WorkflowTaskCompletedEventAttributes{WorkflowTaskCompletedEventAttributes: &historypb.WorkflowTaskCompletedEventAttributes{
			ScheduledEventId: 2, StartedEventId: 3, Identity: "12345@bench@",
		}}
		timerStarted := event(5, enumspb.EVENT_TYPE_TIMER_STARTED)
		timerStarted.Attributes = &historypb.HistoryEvent_TimerStartedEventAttributes{TimerStartedEventAttributes: &historypb.TimerStartedEventAttributes{
			TimerId: "5", StartToFireTimeout: durationpb.New(sleep), WorkflowTaskCompletedEventId: 4,
		}}
		fired := event(6, enumspb.EVENT_TYPE_TIMER_FIRED)
		fired.Attributes = &historypb.HistoryEvent_TimerFiredEventAttributes{TimerFiredEventAttributes: &historypb.TimerFiredEventAttributes{TimerId: "5", StartedEventId: 5}}
		tasks = append(tasks, task(3, 8, completed, timerStarted, fired, scheduled(7), started(8)))
	}
	return tasks
}

// BenchmarkCachedRunMemory reports what a run waiting in the sticky cache
// costs the worker, for workerbench's two workflows (one waits for a
// signal, the other fires a timer first): each run's tasks decoded from
// the wire and handled as a poller would, and the run left in the cache.
// The figures are per run over 1,000 runs, after two GCs: heap in use
// (spans, so fragmentation counts), heap allocated (live objects),
// goroutine stacks. The runtime sizes new goroutines' stacks by the
// average in use at the last GC (adaptivestackstart), which the
// benchmark's own goroutines sway: GODEBUG=adaptivestackstart=0 shows
// how far a run's coroutine grows its stack.
func BenchmarkCachedRunMemory(b *testing.B) {
	const runs = 1000
	const taskQueue = "bench-cached-ours-0"
	r := NewRegistry()
	if err := r.RegisterWorkflowWithOptions(benchWaitSignal, RegisterWorkflowOptions{Name: "BenchWaitSignal"}); err != nil {
		b.Fatal(err)
	}
	if err := r.RegisterWorkflowWithOptions(benchTimerThenSignal, RegisterWorkflowOptions{Name: "BenchTimerThenSignal"}); err != nil {
		b.Fatal(err)
	}
	if err := RegisterWorkflowFunc(r, benchTypedWaitSignal, RegisterWorkflowOptions{Name: "BenchTypedWaitSignal"}); err != nil {
		b.Fatal(err)
	}
	for _, kind := range []struct {
		name, workflowType string
		sleep              time.Duration
	}{
		{"signal", "BenchWaitSignal", 0},
		{"timer-then-signal", "BenchTimerThenSignal", 50 * time.Millisecond},
		{"typed-proto-request", "BenchTypedWaitSignal", 0},
	} {
		b.Run(kind.name, func(b *testing.B) {
			tasks := make([][][]byte, runs)
			for i := range tasks {
				tasks[i] = cachedTasks(b, kind.workflowType, taskQueue, kind.sleep, i)
			}
			for b.Loop() {
				b.StopTimer()
				h := cachingHandler(r, 2*runs)
				runtime.GC()
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				b.StartTimer()
				for _, run := range tasks {
					for _, wire := range run {
						handleWire(b, h, wire)
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
		})
	}
}

// cachingHandler is a workflow task handler set up as a worker's, with a
// sticky cache of size runs and no server.
func cachingHandler(r *Registry, size int) *workflowTaskHandler {
	discard := slog.New(slog.DiscardHandler)
	closer := newRunCloser(discard)
	return &workflowTaskHandler{
		service: completingService{}, namespace: "default", identity: "12345@bench@", registry: r,
		dataConverter: converter.Default(), failureConverter: temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{}),
		deadlockTimeout: time.Second, sdkMetadata: true, logger: discard, closer: closer,
		sleepSummary: sleepSummary(converter.Default()),
		cache:        newStickyCache(size, closer),
		sticky:       &taskqueuepb.StickyExecutionAttributes{WorkerTaskQueue: &taskqueuepb.TaskQueue{Name: "sticky", Kind: enumspb.TASK_QUEUE_KIND_STICKY}, ScheduleToStartTimeout: durationpb.New(5 * time.Second)},
	}
}

// handleWire decodes a polled task and hands it to h.
func handleWire(tb testing.TB, h *workflowTaskHandler, wire []byte) {
	task := &workflowservice.PollWorkflowTaskQueueResponse{}
	if err := proto.Unmarshal(wire, task); err != nil {
		tb.Fatal(err)
	}
	if err := h.handle(context.Background(), task); err != nil {
		tb.Fatal(err)
	}
}

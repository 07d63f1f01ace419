package replay_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"

	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// ProcessOrder is the workflow of testdata/timer_short.json: it waits a
// second and completes. Generated code registers it under the full name of
// its proto method.
func ProcessOrder(ctx workflow.Context) error {
	return workflow.Sleep(ctx, time.Second)
}

const processOrderType = "acme.orders.v1.OrderService.ProcessOrder"

// ExampleReplayer replays a recorded run of ProcessOrder against the code.
// The registry is the kind a worker takes: register a service's workflows
// once, for both.
func ExampleReplayer() {
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(ProcessOrder, worker.RegisterWorkflowOptions{Name: processOrderType}); err != nil {
		fmt.Println(err)
		return
	}
	rp := replay.NewReplayer(r, replay.Options{})
	if err := rp.ReplayFile("testdata/timer_short.json"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("timer_short.json replays")
	// Output:
	// timer_short.json replays
}

// ExampleReplayer_ReplayHistory catches a change that would wedge running
// workflows: ProcessOrder now charges the card before it waits, so it no
// longer makes the calls its runs recorded.
func ExampleReplayer_ReplayHistory() {
	h, err := replay.LoadHistoryFile("testdata/timer_short.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	chargeFirst := func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		if err := workflow.ExecuteActivity(ctx, "ChargeCard").Get(ctx, nil); err != nil {
			return err
		}
		return workflow.Sleep(ctx, time.Second)
	}
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(chargeFirst, worker.RegisterWorkflowOptions{Name: processOrderType}); err != nil {
		fmt.Println(err)
		return
	}
	err = replay.NewReplayer(r, replay.Options{}).ReplayHistory(h)
	var nde *temporal.NondeterminismError
	if errors.As(err, &nde) {
		fmt.Println(nde.WorkflowType, "does not replay:", nde.Cause)
	}
	// Output:
	// acme.orders.v1.OrderService.ProcessOrder does not replay: [TMPRL1100] nondeterministic workflow: history event 5 (TimerStarted) is for Timer "5", but the workflow code produced no such command; at this point it produced Activity "5" instead
}

// ExampleReplayer_ReplayDir is the shape of a replay test: every history
// kept for the service, one result (in a test, one subtest) each. A history
// of a workflow that is not registered fails too, so a fixture that
// outlived its workflow is noticed.
func ExampleReplayer_ReplayDir() {
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(ProcessOrder, worker.RegisterWorkflowOptions{Name: processOrderType}); err != nil {
		fmt.Println(err)
		return
	}
	results, err := replay.NewReplayer(r, replay.Options{}).ReplayDir("testdata")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, res := range results {
		// In a test:
		//	t.Run(res.Name, func(t *testing.T) {
		//		if res.Err != nil {
		//			t.Fatal(res.Err)
		//		}
		//	})
		if res.Err != nil {
			fmt.Printf("%s: %v\n", res.Name, res.Err)
			continue
		}
		fmt.Printf("%s: replays\n", res.Name)
	}
	// Output:
	// cli_show_terminated.json: replay: testdata/cli_show_terminated.json: workflow Foo (ID "w1"): worker: workflow type "Foo" is not registered (registered: acme.orders.v1.OrderService.ProcessOrder)
	// newer_server.json: replay: testdata/newer_server.json: workflow Demo: worker: workflow type "Demo" is not registered (registered: acme.orders.v1.OrderService.ProcessOrder)
	// timer.bin: replays
	// timer_canonical.json: replays
	// timer_short.json: replays
}

// ExampleReplayer_ReplayExecution replays a run straight from the server,
// as a check before deploying a change: here with the compressing data
// converter the workers' client had, since the histories' payloads went
// through it.
func ExampleReplayer_ReplayExecution() {
	ctx := context.Background()
	dc := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{}))
	c, err := client.Dial(ctx, client.Options{HostPort: "localhost:7233", DataConverter: dc})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(ProcessOrder, worker.RegisterWorkflowOptions{Name: processOrderType}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	rp := replay.NewReplayer(r, replay.Options{DataConverter: dc})
	if err := rp.ReplayExecution(ctx, c, "order-1001", ""); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

// ExampleLoadHistoryFile loads a history saved with
// `temporal workflow show --output json`, or written by hand.
func ExampleLoadHistoryFile() {
	h, err := replay.LoadHistoryFile("testdata/timer_short.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range h.GetEvents() {
		fmt.Println(e.GetEventId(), e.GetEventType())
	}
	// Output:
	// 1 WorkflowExecutionStarted
	// 2 WorkflowTaskScheduled
	// 3 WorkflowTaskStarted
	// 4 WorkflowTaskCompleted
	// 5 TimerStarted
	// 6 TimerFired
	// 7 WorkflowTaskScheduled
	// 8 WorkflowTaskStarted
	// 9 WorkflowTaskCompleted
	// 10 WorkflowExecutionCompleted
}

// ExampleLoadHistoryDir loads every history kept for replay tests, one
// subtest per file in a real test.
func ExampleLoadHistoryDir() {
	histories, err := replay.LoadHistoryDir("testdata")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range histories {
		fmt.Printf("%s: %d events\n", h.Name, len(h.History.GetEvents()))
	}
	// Output:
	// cli_show_terminated.json: 4 events
	// newer_server.json: 6 events
	// timer.bin: 10 events
	// timer_canonical.json: 10 events
	// timer_short.json: 10 events
}

// ExampleReadHistory reads JSON with the short enum names of the official
// SDKs' fixtures.
func ExampleReadHistory() {
	h, err := replay.ReadHistory(strings.NewReader(`{"events": [{
		"eventId": 1,
		"eventType": "WorkflowExecutionStarted",
		"workflowExecutionStartedEventAttributes": {"workflowType": {"name": "Greet"}, "taskQueue": {"name": "greetings", "kind": "Normal"}}
	}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	attrs := h.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes()
	fmt.Println(attrs.GetWorkflowType().GetName(), attrs.GetTaskQueue().GetKind())
	// Output:
	// Greet Normal
}

// ExampleValidateHistory shows the error a corrupt history gets: here a
// timer fired event without its attributes.
func ExampleValidateHistory() {
	h := &historypb.History{Events: []*historypb.HistoryEvent{
		{EventId: 1, EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
			Attributes: &historypb.HistoryEvent_WorkflowExecutionStartedEventAttributes{
				WorkflowExecutionStartedEventAttributes: &historypb.WorkflowExecutionStartedEventAttributes{},
			}},
		{EventId: 2, EventType: enumspb.EVENT_TYPE_TIMER_FIRED},
	}}
	err := replay.ValidateHistory(h)
	var corrupt *replay.CorruptHistoryError
	if errors.As(err, &corrupt) {
		fmt.Println("event:", corrupt.EventID)
		fmt.Println("reason:", corrupt.Reason)
	}
	fmt.Println(err)
	// Output:
	// event: 2
	// reason: event type TimerFired has no attributes: want timerFiredEventAttributes
	// replay: corrupt history: event 2: event type TimerFired has no attributes: want timerFiredEventAttributes
}

// ExampleFetchHistory downloads a run's history and saves it as JSON, the
// way a replay test fixture is captured once and committed.
func ExampleFetchHistory() {
	ctx := context.Background()
	c, err := client.Dial(ctx, client.Options{HostPort: "localhost:7233"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()
	h, err := replay.FetchHistory(ctx, c, "order-1001", "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	data, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	if err := os.WriteFile("testdata/order-1001.json", data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

package replay_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"

	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
)

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

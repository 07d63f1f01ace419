package workflow_test

// What typed workflow code must not be able to do: change the workflow
// from a query handler or an update validator, change shared defaults
// through a call option, or crash on a zero value.

import (
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	protocolpb "go.temporal.io/api/protocol/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// afterSleepTask is the run's second task: the timer of the first task's
// Sleep started, then a signal nobody receives arrived.
func afterSleepTask(t *testing.T, first *engine.Completion) *engine.Task {
	t.Helper()
	timer := first.Commands[0].GetStartTimerCommandAttributes()
	if timer == nil {
		t.Fatalf("the first task's first command is not the Sleep's timer: %v", first.Commands)
	}
	// The official run's own first two tasks: its Sleep's timer started
	// (event 5, with the summary "Sleep").
	events := history(t, "sdkgo-wait-cancel.json")[:5]
	if events[4].GetTimerStartedEventAttributes().GetTimerId() != timer.GetTimerId() {
		t.Fatalf("timer %v, history %v", timer, events[4])
	}
	sig := signalEvent("nobody-listens", nil)
	sig.EventId = 6
	events = append(events, sig)
	events = appendTaskStart(events)
	// A cached run gets only the events after its last task.
	return &engine.Task{Events: events[3:], PreviousStartedEventID: 3, StartedEventID: int64(len(events))}
}

// A query handler runs read-only: one that calls GetVersion or schedules
// an activity with the workflow's ctx fails the query, as in the official
// SDK, and leaves no command behind for the next workflow task, or
// history would depend on whether someone queried.
func TestAQueryHandlerCannotRecordCommands(t *testing.T) {
	versionQuery := workflow.QueryDef[int, int]{Name: "version"}
	scheduleQuery := workflow.QueryDef[int, bool]{Name: "schedule"}
	x, first := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		if err := versionQuery.SetHandler(ctx, func(int) (int, error) {
			return int(workflow.GetVersion(ctx, "added-by-a-query", workflow.DefaultVersion, 1)), nil
		}); err != nil {
			return err
		}
		if err := scheduleQuery.SetHandler(ctx, func(int) (bool, error) {
			f := charge.ExecuteAsync(ctx, &chargeRequest{Cents: 1})
			return f.IsReady(), nil
		}); err != nil {
			return err
		}
		return workflow.Sleep(ctx, time.Hour)
	})
	args, _ := converter.Default().ToPayloads(0)
	if _, err := x.Query("version", args, nil); err == nil {
		t.Error("a query handler that calls GetVersion was answered; the official SDK fails the query (assertNotInReadOnlyState)")
	}
	if _, err := x.Query("schedule", args, nil); err == nil {
		t.Error("a query handler that schedules an activity was answered; the official SDK fails the query")
	}
	second, err := x.ProcessTask(afterSleepTask(t, first))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range second.Commands {
		t.Errorf("the next workflow task sends a command the queries made: %v %v", c.GetCommandType(), c.GetAttributes())
	}
}

// As TestCallOptionsCannotChangeTheDefinitionsDefaults checks for
// activities, a child call's option that edits the retry policy, priority
// or memo in place edits the call's copy, not the options set on the
// context with WithChildOptions, which every later child would inherit.
func TestChildCallOptionsCannotChangeSharedDefaults(t *testing.T) {
	shared := workflow.ChildWorkflowOptions{
		RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 5},
		Priority:    &temporal.Priority{PriorityKey: 3},
		Memo:        map[string]any{"k": "v"},
	}
	def := workflow.WorkflowDef[int, int]{Name: "W"}
	var later workflow.ChildWorkflowOptions
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		ctx = workflow.WithChildOptions(ctx, shared)
		got, err := def.ChildWorkflowOptions(ctx, 1, func(o *workflow.ChildWorkflowOptions) {
			o.RetryPolicy.MaximumAttempts = 1
			o.Priority.PriorityKey = 1
			o.Memo["k"] = "changed"
		})
		if err != nil || got.RetryPolicy.MaximumAttempts != 1 || got.Priority.PriorityKey != 1 || got.Memo["k"] != "changed" {
			t.Errorf("the call's option did not apply: %+v %v", got, err)
		}
		later, _ = def.ChildWorkflowOptions(ctx, 2)
		return nil
	})
	if later.RetryPolicy.MaximumAttempts != 5 || later.Priority.PriorityKey != 3 || later.Memo["k"] != "v" {
		t.Errorf("one call's option changed the next call's options: retry %+v, priority %+v, memo %v",
			*later.RetryPolicy, *later.Priority, later.Memo)
	}
}

// A zero SignalChannelOf, like a zero FutureOf or ChildRunOf, answers
// what does not wait (nothing arrived) instead of dereferencing nil.
func TestAZeroSignalChannelOfDoesNotPanic(t *testing.T) {
	var zero workflow.SignalChannelOf[int]
	for _, c := range []struct {
		name string
		call func()
	}{
		{"ReceiveAsync", func() { zero.ReceiveAsync() }},
		{"Len", func() { zero.Len() }},
		{"Name", func() { zero.Name() }},
	} {
		name, call := c.name, c.call
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("zero SignalChannelOf.%s panicked: %v", name, r)
				}
			}()
			call()
		}()
	}
}

// A validator runs read-only and is not run on replay: one that calls
// GetVersion fails the workflow task, as in the official SDK, rather than
// record a marker and an upsert that a replay, which skips validators,
// would lack.
func TestAnUpdateValidatorCannotRecordCommands(t *testing.T) {
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "u1", "add", 1)}
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		if err := (workflow.UpdateDef[int, int]{Name: "add"}).SetHandler(ctx, func(ctx workflow.Context, n int) (int, error) {
			return n, nil
		}, func(ctx workflow.Context, n int) error {
			workflow.GetVersion(ctx, "in-validator", workflow.DefaultVersion, 1)
			return nil
		}); err != nil {
			return nil, err
		}
		return nil, workflow.Sleep(ctx, time.Hour)
	}})
	defer x.Close()
	c, err := x.ProcessTask(task)
	if err != nil {
		// The task fails, as in the official SDK, saying why.
		if !strings.Contains(err.Error(), "GetVersion called in a query handler or an update validator") {
			t.Errorf("the task failed with %v, which does not name the call", err)
		}
		return
	}
	t.Error("the task did not fail")
	if got := messageIDs(c); strings.Contains(got, "u1/accept") {
		t.Errorf("messages %q: the update was accepted after its validator recorded a version", got)
	}
	for _, cmd := range c.Commands {
		if cmd.GetRecordMarkerCommandAttributes() != nil || cmd.GetUpsertWorkflowSearchAttributesCommandAttributes() != nil {
			t.Errorf("the validator recorded %v", cmd.GetCommandType())
		}
	}
}

// TestAValidatorCannotReadChannelsFuturesOrAwait: a validator runs
// read-only, and, as in the official SDK (assertNotInReadOnlyState in
// GetSignalChannel, Future.Get, Channel.Receive, Selector.Select, Await,
// NewSelector and NewFuture: workflow.go:770, 912, 966, 2331;
// internal_workflow.go:364, 834, 1453), that covers waiting and reading
// channels, not only the calls that record commands: a validator that
// took a signal off its channel would consume it, which replay, skipping
// validators, would not. The workflow task fails and the update is never
// accepted.
func TestAValidatorCannotReadChannelsFuturesOrAwait(t *testing.T) {
	for _, c := range []struct {
		name string
		call func(ctx workflow.Context)
	}{
		{"GetSignalChannel", func(ctx workflow.Context) {
			var s string
			workflow.GetSignalChannel(ctx, "sig").ReceiveAsync(&s)
		}},
		{"Future.Get of a ready future", func(ctx workflow.Context) {
			f, set := workflow.NewFuture(ctx)
			set.SetValue(1)
			var n int
			_ = f.Get(ctx, &n)
		}},
		{"Await of a true condition", func(ctx workflow.Context) {
			_ = workflow.Await(ctx, func() bool { return true })
		}},
		{"NewSelector", func(ctx workflow.Context) {
			s := workflow.NewSelector(ctx)
			s.AddDefault(func() {})
			s.Select(ctx)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			comp, err := runUpdateTask(t,
				func(ctx workflow.Context, n int) (int, error) { return n, nil },
				func(ctx workflow.Context, n int) error { c.call(ctx); return nil })
			if err != nil {
				return // the task fails, as in the official SDK
			}
			t.Errorf("the workflow task did not fail when the validator called %s; the official SDK panics (assertNotInReadOnlyState) and fails it. Messages: %s",
				c.name, messageIDs(comp))
		})
	}
}

// TestAQueryHandlerCannotReadChannelsFuturesOrAwait: the same guard holds
// for query handlers, whose panic fails the query (internal_workflow.go:
// 1968-1982): whether someone queried must not decide whether the workflow
// later sees a signal.
func TestAQueryHandlerCannotReadChannelsFuturesOrAwait(t *testing.T) {
	calls := map[string]func(ctx workflow.Context){
		"signal": func(ctx workflow.Context) {
			var s string
			workflow.GetSignalChannel(ctx, "sig").ReceiveAsync(&s)
		},
		"future": func(ctx workflow.Context) {
			f, set := workflow.NewFuture(ctx)
			set.SetValue(1)
			var n int
			_ = f.Get(ctx, &n)
		},
		"await": func(ctx workflow.Context) {
			_ = workflow.Await(ctx, func() bool { return true })
		},
	}
	x, _ := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		for _, name := range []string{"signal", "future", "await"} {
			call := calls[name]
			if err := workflow.SetQueryHandler(ctx, name, func() (bool, error) { call(ctx); return true, nil }); err != nil {
				return err
			}
		}
		return workflow.Sleep(ctx, time.Hour)
	})
	args, _ := converter.Default().ToPayloads()
	for _, name := range []string{"signal", "future", "await"} {
		if _, err := x.Query(name, args, nil); err == nil {
			t.Errorf("query %q was answered; the official SDK fails a query whose handler calls it (assertNotInReadOnlyState)", name)
		}
	}
}

package interop_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestWorkflowSemanticsMatchTheOfficialSDK runs edge cases of workflow
// semantics (cancellation of everything pending, zero and negative
// timers, errors returned, selectors on closed channels, signals before
// their channel, external calls without an ID, duplicate child IDs,
// Await cancelled, scheduling order) on both SDKs' workers: the outcomes
// and how the runs close must be the same, no workflow task of ours may
// fail, and the official SDK must replay ours.
func TestWorkflowSemanticsMatchTheOfficialSDK(t *testing.T) {
	compareWithOfficialWorker(t, slices.Concat(semanticsScenarios(), semanticsScenarios2(), semanticsScenarios3()))
}

// historyShape renders a history: event types with the attributes command
// matching and users see, without IDs and times that differ per run.
func historyShape(h *historypb.History, wfID, runID string) string {
	var b strings.Builder
	for _, ev := range h.GetEvents() {
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			// Where a result lands among workflow tasks, and so every
			// event ID, is the timing's, not the SDK's.
			continue
		}
		name := strings.TrimPrefix(ev.GetEventType().String(), "EVENT_TYPE_")
		detail := ""
		switch a := ev.GetAttributes().(type) {
		case *historypb.HistoryEvent_ActivityTaskScheduledEventAttributes:
			detail = fmt.Sprintf("%s id=%s", a.ActivityTaskScheduledEventAttributes.GetActivityType().GetName(), a.ActivityTaskScheduledEventAttributes.GetActivityId())
		case *historypb.HistoryEvent_TimerStartedEventAttributes:
			detail = "id=" + a.TimerStartedEventAttributes.GetTimerId() + " " + a.TimerStartedEventAttributes.GetStartToFireTimeout().AsDuration().String()
		case *historypb.HistoryEvent_MarkerRecordedEventAttributes:
			detail = a.MarkerRecordedEventAttributes.GetMarkerName()
		case *historypb.HistoryEvent_StartChildWorkflowExecutionInitiatedEventAttributes:
			detail = a.StartChildWorkflowExecutionInitiatedEventAttributes.GetWorkflowType().GetName()
		case *historypb.HistoryEvent_WorkflowExecutionFailedEventAttributes:
			j, _ := protojson.Marshal(a.WorkflowExecutionFailedEventAttributes.GetFailure())
			detail = string(j)
		case *historypb.HistoryEvent_WorkflowExecutionCanceledEventAttributes:
			j, _ := protojson.Marshal(a.WorkflowExecutionCanceledEventAttributes.GetDetails())
			detail = string(j)
		case *historypb.HistoryEvent_WorkflowExecutionCompletedEventAttributes:
			j, _ := protojson.Marshal(a.WorkflowExecutionCompletedEventAttributes.GetResult())
			detail = string(j)
		case *historypb.HistoryEvent_WorkflowExecutionContinuedAsNewEventAttributes:
			a2 := a.WorkflowExecutionContinuedAsNewEventAttributes
			j, _ := protojson.Marshal(a2.GetInput())
			detail = fmt.Sprintf("%s tq=%s run=%v task=%v input=%s", a2.GetWorkflowType().GetName(), a2.GetTaskQueue().GetName(), a2.GetWorkflowRunTimeout().AsDuration(), a2.GetWorkflowTaskTimeout().AsDuration(), j)
		case *historypb.HistoryEvent_WorkflowTaskFailedEventAttributes:
			detail = a.WorkflowTaskFailedEventAttributes.GetCause().String()
		}
		if wfID != "" {
			detail = strings.ReplaceAll(detail, wfID, "<id>")
		}
		if runID != "" {
			detail = strings.ReplaceAll(detail, runID, "<run>")
		}
		fmt.Fprintf(&b, "  %s %s\n", name, detail)
	}
	return b.String()
}

// closeEvent is the last line of a history's shape: how the run closed.
func closeEvent(shape string) string {
	lines := strings.Split(strings.TrimSpace(shape), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func compareWithOfficialWorker(t *testing.T, all []scenario) {
	official, officialQueue, ourQueue := startScenarioWorkers(t, all)
	type outcome struct {
		id, runID string
		out       scenarioOutcome
		err       error
	}
	ctx := testContext(t)
	run := func(o *outcome, queue string, s scenario) {
		rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		o.out, o.runID, o.err = runScenario(rctx, official, queue, o.id, s)
	}
	ours := make([]outcome, len(all))
	theirs := make([]outcome, len(all))
	var wg sync.WaitGroup
	for i, s := range all {
		ours[i].id, theirs[i].id = uniqueName(t, s.name), uniqueName(t, s.name+"-official")
		wg.Go(func() { run(&ours[i], ourQueue, s) })
		wg.Go(func() { run(&theirs[i], officialQueue, s) })
	}
	wg.Wait()
	replayer := sdkworker.NewWorkflowReplayer()
	for _, s := range all {
		replayer.RegisterWorkflowWithOptions(s.official, sdkworkflow.RegisterOptions{Name: s.name})
	}
	for i, s := range all {
		t.Run(s.name, func(t *testing.T) {
			oh := officialHistory(t, official, ours[i].id, "")
			th := officialHistory(t, official, theirs[i].id, "")
			ourShape := historyShape(oh, ours[i].id, ours[i].runID)
			theirShape := historyShape(th, theirs[i].id, theirs[i].runID)
			if ours[i].err != nil || theirs[i].err != nil {
				t.Errorf("errors: ours %v, official %v", ours[i].err, theirs[i].err)
			}
			if diff := cmp.Diff(theirs[i].out, ours[i].out); diff != "" {
				t.Errorf("outcome differs (-official +ours):\n%s", diff)
			}
			// Where a cancellation or a result lands among the commands is
			// the timing's; how the run closes, with what, is the SDK's.
			if o, w := closeEvent(theirShape), closeEvent(ourShape); o != w {
				t.Errorf("the run closed differently (official %q, ours %q)\nofficial:\n%s\nours:\n%s", o, w, theirShape, ourShape)
			}
			if strings.Contains(ourShape, "WORKFLOW_TASK_FAILED") || strings.Contains(ourShape, "WORKFLOW_TASK_TIMED_OUT") {
				t.Errorf("a workflow task of ours failed or timed out:\n%s", ourShape)
			}
			if ours[i].err == nil {
				opts := sdkworker.ReplayWorkflowHistoryOptions{OriginalExecution: sdkworkflow.Execution{ID: ours[i].id, RunID: ours[i].runID}}
				if err := replayer.ReplayWorkflowHistoryWithOptions(officialLogger, oh, opts); err != nil {
					t.Errorf("official replay of our history: %v", err)
				}
			}
		})
	}
}

func cancelAfter(d time.Duration) func(context.Context, sdkclient.Client, string) error {
	return func(ctx context.Context, c sdkclient.Client, id string) error {
		time.Sleep(d)
		return c.CancelWorkflow(ctx, id, "")
	}
}

// cancelOnceStarted cancels the workflow once its activity has started.
// A fixed wait would race the activity's heartbeat timeout: whichever the
// server sees first decides the outcome (a timeout, or a retry that the
// cancellation ends).
func cancelOnceStarted(ctx context.Context, c sdkclient.Client, id string) error {
	for {
		d, err := c.DescribeWorkflow(ctx, id, "")
		if err != nil {
			return err
		}
		for _, a := range d.RawResponse.GetPendingActivities() {
			if a.GetState() == enumspb.PENDING_ACTIVITY_STATE_STARTED {
				return c.CancelWorkflow(ctx, id, "")
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func semanticsScenarios() []scenario {
	return []scenario{
		{
			name: "SignalExternalEmptyID",
			official: func(ctx sdkworkflow.Context) (string, error) {
				err := sdkworkflow.SignalExternalWorkflow(ctx, "", "", "sig", 1).Get(ctx, nil)
				err2 := sdkworkflow.RequestCancelExternalWorkflow(ctx, "", "").Get(ctx, nil)
				return fmt.Sprint(err != nil, err2 != nil), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				err := workflow.SignalExternalWorkflow(ctx, "", "", "sig", 1).Get(ctx, nil)
				err2 := workflow.RequestCancelExternalWorkflow(ctx, "", "").Get(ctx, nil)
				return fmt.Sprint(err != nil, err2 != nil), nil
			},
		},
		{
			name: "CancelWhileEverythingPending",
			official: func(ctx sdkworkflow.Context) (string, error) {
				actx := sdkworkflow.WithActivityOptions(ctx, officialBlock)
				act := sdkworkflow.ExecuteActivity(actx, "Block")
				child := sdkworkflow.ExecuteChildWorkflow(ctx, "ScenarioSleep")
				_ = child.GetChildWorkflowExecution().Get(ctx, nil)
				timer := sdkworkflow.NewTimer(ctx, time.Hour)
				var awaitErr error
				sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) { awaitErr = sdkworkflow.Await(ctx, func() bool { return false }) })
				err := sdkworkflow.Sleep(ctx, time.Hour)
				e1 := act.Get(ctx, nil)
				e2 := timer.Get(ctx, nil)
				e3 := child.Get(ctx, nil)
				_ = sdkworkflow.Await(ctx, func() bool { return awaitErr != nil })
				return "", fmt.Errorf("%v|%v|%v|%v|%v: %w", e1, e2, e3, awaitErr, err, err)
			},
			ours: func(ctx workflow.Context) (string, error) {
				actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 3 * time.Second, HeartbeatTimeout: time.Second})
				act := workflow.ExecuteActivity(actx, "Block")
				child := workflow.ExecuteChildWorkflow(ctx, "ScenarioSleep")
				_ = child.GetChildWorkflowExecution().Get(ctx, nil)
				timer := workflow.NewTimer(ctx, time.Hour)
				var awaitErr error
				workflow.Go(ctx, func(ctx workflow.Context) { awaitErr = workflow.Await(ctx, func() bool { return false }) })
				err := workflow.Sleep(ctx, time.Hour)
				e1 := act.Get(ctx, nil)
				e2 := timer.Get(ctx, nil)
				e3 := child.Get(ctx, nil)
				_ = workflow.Await(ctx, func() bool { return awaitErr != nil })
				return "", fmt.Errorf("%v|%v|%v|%v|%v: %w", e1, e2, e3, awaitErr, err, err)
			},
			drive: cancelAfter(1500 * time.Millisecond),
		},
		{
			name: "ZeroAndNegativeTimers",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var b bool
				e1 := sdkworkflow.NewTimer(ctx, 0).Get(ctx, &b)
				e2 := sdkworkflow.Sleep(ctx, -time.Second)
				ok, e3 := sdkworkflow.AwaitWithTimeout(ctx, 0, func() bool { return true })
				ok2, e4 := sdkworkflow.AwaitWithTimeout(ctx, -1, func() bool { return false })
				ch := sdkworkflow.NewBufferedChannel(ctx, 1)
				ch.Send(ctx, 5)
				var v int
				rok, more := ch.ReceiveWithTimeout(ctx, 0, &v)
				e5 := sdkworkflow.Sleep(ctx, time.Millisecond)
				return fmt.Sprint(b, e1, e2, ok, e3, ok2, e4, rok, more, v, e5), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var b bool
				e1 := workflow.NewTimer(ctx, 0).Get(ctx, &b)
				e2 := workflow.Sleep(ctx, -time.Second)
				ok, e3 := workflow.AwaitWithTimeout(ctx, 0, func() bool { return true })
				ok2, e4 := workflow.AwaitWithTimeout(ctx, -1, func() bool { return false })
				ch := workflow.NewBufferedChannel(ctx, 1)
				ch.Send(ctx, 5)
				var v int
				rok, more := ch.ReceiveWithTimeout(ctx, 0, &v)
				e5 := workflow.Sleep(ctx, time.Millisecond)
				return fmt.Sprint(b, e1, e2, ok, e3, ok2, e4, rok, more, v, e5), nil
			},
		},
		{
			name: "AlreadyCancelledContext",
			official: func(ctx sdkworkflow.Context) (string, error) {
				cctx, cancel := sdkworkflow.WithCancel(ctx)
				cancel()
				e1 := sdkworkflow.ExecuteActivity(sdkworkflow.WithActivityOptions(cctx, officialActivity), "Echo", "x").Get(ctx, nil)
				e2 := sdkworkflow.NewTimer(cctx, time.Hour).Get(ctx, nil)
				e3 := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioDouble", 1).Get(ctx, nil)
				e4 := sdkworkflow.Sleep(cctx, time.Hour)
				e5 := sdkworkflow.Await(cctx, func() bool { return false })
				return fmt.Sprint(e1 != nil, "|", e2, "|", e3, "|", e4, "|", e5), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				cctx, cancel := workflow.WithCancel(ctx)
				cancel()
				e1 := workflow.ExecuteActivity(workflow.WithActivityOptions(cctx, ourActivity), "Echo", "x").Get(ctx, nil)
				e2 := workflow.NewTimer(cctx, time.Hour).Get(ctx, nil)
				e3 := workflow.ExecuteChildWorkflow(cctx, "ScenarioDouble", 1).Get(ctx, nil)
				e4 := workflow.Sleep(cctx, time.Hour)
				e5 := workflow.Await(cctx, func() bool { return false })
				return fmt.Sprint(e1 != nil, "|", e2, "|", e3, "|", e4, "|", e5), nil
			},
		},
		{
			name: "CancelChildBeforeStarted",
			official: func(ctx sdkworkflow.Context) (string, error) {
				cctx, cancel := sdkworkflow.WithCancel(ctx)
				child := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioSleep")
				cancel()
				err := child.Get(ctx, nil)
				var canceled *sdktemporal.CanceledError
				return fmt.Sprint(errors.As(err, &canceled)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				cctx, cancel := workflow.WithCancel(ctx)
				child := workflow.ExecuteChildWorkflow(cctx, "ScenarioSleep")
				cancel()
				err := child.Get(ctx, nil)
				var canceled *temporal.CanceledError
				return fmt.Sprint(errors.As(err, &canceled)), nil
			},
		},
		{
			name: "ErrorsWrapped",
			official: func(ctx sdkworkflow.Context) (string, error) {
				return "", fmt.Errorf("outer: %w", sdktemporal.NewApplicationErrorWithCause("app", "AppType", errors.New("root cause"), "d1", 2))
			},
			ours: func(ctx workflow.Context) (string, error) {
				return "", fmt.Errorf("outer: %w", temporal.NewApplicationErrorWithCause("app", "AppType", errors.New("root cause"), "d1", 2))
			},
		},
		{
			name: "PlainError",
			official: func(ctx sdkworkflow.Context) (string, error) {
				return "", errors.Join(errors.New("a"), errors.New("b"))
			},
			ours: func(ctx workflow.Context) (string, error) {
				return "", errors.Join(errors.New("a"), errors.New("b"))
			},
		},
		{
			name: "CanceledErrorWithoutRequest",
			official: func(ctx sdkworkflow.Context) (string, error) {
				return "", sdktemporal.NewCanceledError("details", 3)
			},
			ours: func(ctx workflow.Context) (string, error) {
				return "", temporal.NewCanceledError("details", 3)
			},
		},
		{
			name: "CancelledReturnsNil",
			official: func(ctx sdkworkflow.Context) (string, error) {
				err := sdkworkflow.Sleep(ctx, time.Hour)
				return fmt.Sprint(err), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				err := workflow.Sleep(ctx, time.Hour)
				return fmt.Sprint(err), nil
			},
			drive: cancelAfter(time.Second),
		},
		{
			name: "SelectorClosedChannelAndFutures",
			official: func(ctx sdkworkflow.Context) (string, error) {
				ch := sdkworkflow.NewChannel(ctx)
				f, set := sdkworkflow.NewFuture(ctx)
				var log []string
				s := sdkworkflow.NewSelector(ctx)
				s.AddReceive(ch, func(c sdkworkflow.ReceiveChannel, more bool) {
					var v int
					ok, m := c.ReceiveAsyncWithMoreFlag(&v)
					log = append(log, fmt.Sprint("recv", more, ok, m, v))
				})
				s.AddFuture(f, func(f sdkworkflow.Future) { log = append(log, "future") })
				sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) {
					ch.Send(ctx, 1)
					set.Set(2, nil)
					ch.Close()
				})
				for i := 0; i < 3; i++ {
					log = append(log, fmt.Sprint("pending", s.HasPending()))
					s.Select(ctx)
				}
				log = append(log, fmt.Sprint("pending", s.HasPending()))
				return strings.Join(log, ","), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				ch := workflow.NewChannel(ctx)
				f, set := workflow.NewFuture(ctx)
				var log []string
				s := workflow.NewSelector(ctx)
				s.AddReceive(ch, func(c workflow.ReceiveChannel, more bool) {
					var v int
					ok, m := c.ReceiveAsyncWithMoreFlag(&v)
					log = append(log, fmt.Sprint("recv", more, ok, m, v))
				})
				s.AddFuture(f, func(f workflow.Future) { log = append(log, "future") })
				workflow.Go(ctx, func(ctx workflow.Context) {
					ch.Send(ctx, 1)
					set.Set(2, nil)
					ch.Close()
				})
				for i := 0; i < 3; i++ {
					log = append(log, fmt.Sprint("pending", s.HasPending()))
					s.Select(ctx)
				}
				log = append(log, fmt.Sprint("pending", s.HasPending()))
				return strings.Join(log, ","), nil
			},
		},
		{
			name: "DuplicateChildID",
			official: func(ctx sdkworkflow.Context) (string, error) {
				cctx := sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{WorkflowID: sdkworkflow.GetInfo(ctx).WorkflowExecution.ID + "-c"})
				a := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioDouble", 1)
				b := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioDouble", 2)
				var n int
				e1 := a.Get(ctx, &n)
				e2 := b.Get(ctx, nil)
				return fmt.Sprint(n, e1, " | ", e2), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: workflow.GetInfo(ctx).WorkflowID + "-c"})
				a := workflow.ExecuteChildWorkflow(cctx, "ScenarioDouble", 1)
				b := workflow.ExecuteChildWorkflow(cctx, "ScenarioDouble", 2)
				var n int
				e1 := a.Get(ctx, &n)
				e2 := b.Get(ctx, nil)
				return fmt.Sprint(n, e1, " | ", e2), nil
			},
		},
	}
}

func semanticsScenarios2() []scenario {
	return []scenario{
		{
			name: "AwaitCancelledReturnsErr",
			official: func(ctx sdkworkflow.Context) (string, error) {
				return "", sdkworkflow.Await(ctx, func() bool { return false })
			},
			ours: func(ctx workflow.Context) (string, error) {
				return "", workflow.Await(ctx, func() bool { return false })
			},
			drive: cancelAfter(time.Second),
		},
		{
			name: "AwaitWithTimeoutCancelledReturnsErr",
			official: func(ctx sdkworkflow.Context) (string, error) {
				_, err := sdkworkflow.AwaitWithTimeout(ctx, time.Hour, func() bool { return false })
				return "", err
			},
			ours: func(ctx workflow.Context) (string, error) {
				_, err := workflow.AwaitWithTimeout(ctx, time.Hour, func() bool { return false })
				return "", err
			},
			drive: cancelAfter(time.Second),
		},
		{
			name: "SignalsBeforeChannel",
			official: func(ctx sdkworkflow.Context) (string, error) {
				_ = sdkworkflow.Sleep(ctx, 2*time.Second)
				names := sdkworkflow.GetUnhandledSignalNames(ctx)
				ch := sdkworkflow.GetSignalChannel(ctx, "a")
				var got []string
				for {
					var v int
					ok, more := ch.ReceiveAsyncWithMoreFlag(&v)
					got = append(got, fmt.Sprint(ok, more, v))
					if !ok {
						break
					}
				}
				return fmt.Sprint(names, got, ch.Len(), sdkworkflow.GetUnhandledSignalNames(ctx)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				_ = workflow.Sleep(ctx, 2*time.Second)
				names := workflow.GetUnhandledSignalNames(ctx)
				ch := workflow.GetSignalChannel(ctx, "a")
				var got []string
				for {
					var v int
					ok, more := ch.ReceiveAsyncWithMoreFlag(&v)
					got = append(got, fmt.Sprint(ok, more, v))
					if !ok {
						break
					}
				}
				return fmt.Sprint(names, got, ch.Len(), workflow.GetUnhandledSignalNames(ctx)), nil
			},
			drive: signal("a", 1, 2, 3),
		},
		{
			name: "ContinueAsNewWrapped",
			official: func(ctx sdkworkflow.Context, n int) (string, error) {
				if n > 0 {
					return "done", nil
				}
				return "", fmt.Errorf("wrapped: %w", sdkworkflow.NewContinueAsNewError(ctx, "ContinueAsNewWrapped", n+1))
			},
			ours: func(ctx workflow.Context, n int) (string, error) {
				if n > 0 {
					return "done", nil
				}
				return "", fmt.Errorf("wrapped: %w", workflow.NewContinueAsNewError(ctx, "ContinueAsNewWrapped", n+1))
			},
			args: []any{0},
		},
		{
			name: "MutableSideEffectsAndVersions",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var out []any
				eq := func(a, b any) bool { return a.(int) == b.(int) }
				for i, v := range []int{1, 1, 2, 2, 3} {
					var got int
					_ = sdkworkflow.MutableSideEffect(ctx, "m", func(sdkworkflow.Context) any { return v }, eq).Get(&got)
					out = append(out, got)
					if i == 2 {
						_ = sdkworkflow.Sleep(ctx, time.Millisecond)
					}
				}
				out = append(out, sdkworkflow.GetVersion(ctx, "c1", sdkworkflow.DefaultVersion, 2))
				sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) {
					out = append(out, sdkworkflow.GetVersion(ctx, "c2", sdkworkflow.DefaultVersion, 1))
				})
				_ = sdkworkflow.Sleep(ctx, time.Millisecond)
				out = append(out, sdkworkflow.GetVersion(ctx, "c1", 1, 3))
				var se int
				_ = sdkworkflow.SideEffect(ctx, func(sdkworkflow.Context) any { return 7 }).Get(&se)
				out = append(out, se)
				return fmt.Sprint(out...), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var out []any
				eq := func(a, b any) bool { return a.(int) == b.(int) }
				for i, v := range []int{1, 1, 2, 2, 3} {
					var got int
					_ = workflow.MutableSideEffect(ctx, "m", func(workflow.Context) any { return v }, eq).Get(&got)
					out = append(out, got)
					if i == 2 {
						_ = workflow.Sleep(ctx, time.Millisecond)
					}
				}
				out = append(out, sdkworkflow.Version(workflow.GetVersion(ctx, "c1", workflow.DefaultVersion, 2)))
				workflow.Go(ctx, func(ctx workflow.Context) {
					out = append(out, sdkworkflow.Version(workflow.GetVersion(ctx, "c2", workflow.DefaultVersion, 1)))
				})
				_ = workflow.Sleep(ctx, time.Millisecond)
				out = append(out, sdkworkflow.Version(workflow.GetVersion(ctx, "c1", 1, 3)))
				var se int
				_ = workflow.SideEffect(ctx, func(workflow.Context) any { return 7 }).Get(&se)
				out = append(out, se)
				return fmt.Sprint(out...), nil
			},
		},
		{
			name: "WorkflowCancelWaitingActivity",
			official: func(ctx sdkworkflow.Context) (string, error) {
				actx := sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{StartToCloseTimeout: 3 * time.Second, HeartbeatTimeout: 2 * time.Second, WaitForCancellation: true})
				err := sdkworkflow.ExecuteActivity(actx, "Block").Get(ctx, nil)
				return "", fmt.Errorf("act: %w", err)
			},
			ours: func(ctx workflow.Context) (string, error) {
				actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 3 * time.Second, HeartbeatTimeout: 2 * time.Second, WaitForCancellation: true})
				err := workflow.ExecuteActivity(actx, "Block").Get(ctx, nil)
				return "", fmt.Errorf("act: %w", err)
			},
			// Cancelled well inside the heartbeat timeout: the server
			// times the activity out with the cancellation requested.
			drive: cancelOnceStarted,
		},
	}
}

func semanticsScenarios3() []scenario {
	return []scenario{
		{
			name: "GoroutineOrder",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var log []string
				ch := sdkworkflow.NewChannel(ctx)
				for i := 0; i < 3; i++ {
					sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) {
						log = append(log, fmt.Sprint("g", i))
						if i == 1 {
							sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) { log = append(log, "inner"); ch.Send(ctx, 9) })
						}
						var v int
						ch.Receive(ctx, &v)
						log = append(log, fmt.Sprint("r", i, v))
					})
				}
				log = append(log, "main")
				ch.Send(ctx, 1)
				ch.Send(ctx, 2)
				_ = sdkworkflow.Await(ctx, func() bool { return len(log) >= 8 })
				return strings.Join(log, ","), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var log []string
				ch := workflow.NewChannel(ctx)
				for i := 0; i < 3; i++ {
					workflow.Go(ctx, func(ctx workflow.Context) {
						log = append(log, fmt.Sprint("g", i))
						if i == 1 {
							workflow.Go(ctx, func(ctx workflow.Context) { log = append(log, "inner"); ch.Send(ctx, 9) })
						}
						var v int
						ch.Receive(ctx, &v)
						log = append(log, fmt.Sprint("r", i, v))
					})
				}
				log = append(log, "main")
				ch.Send(ctx, 1)
				ch.Send(ctx, 2)
				_ = workflow.Await(ctx, func() bool { return len(log) >= 8 })
				return strings.Join(log, ","), nil
			},
		},
		{
			name: "CancelScopesOrder",
			official: func(ctx sdkworkflow.Context) (string, error) {
				actx := sdkworkflow.WithActivityOptions(ctx, officialBlock)
				c1, cancel1 := sdkworkflow.WithCancel(actx)
				c2, _ := sdkworkflow.WithCancel(c1)
				c3, _ := sdkworkflow.WithCancel(c1)
				t1 := sdkworkflow.NewTimer(c3, time.Hour)
				a1 := sdkworkflow.ExecuteActivity(c2, "Block")
				t2 := sdkworkflow.NewTimer(c1, time.Hour)
				_ = sdkworkflow.Sleep(ctx, 10*time.Millisecond)
				cancel1()
				return fmt.Sprint(t1.Get(ctx, nil), a1.Get(ctx, nil) != nil, t2.Get(ctx, nil)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 3 * time.Second, HeartbeatTimeout: time.Second})
				c1, cancel1 := workflow.WithCancel(actx)
				c2, _ := workflow.WithCancel(c1)
				c3, _ := workflow.WithCancel(c1)
				t1 := workflow.NewTimer(c3, time.Hour)
				a1 := workflow.ExecuteActivity(c2, "Block")
				t2 := workflow.NewTimer(c1, time.Hour)
				_ = workflow.Sleep(ctx, 10*time.Millisecond)
				cancel1()
				return fmt.Sprint(t1.Get(ctx, nil), a1.Get(ctx, nil) != nil, t2.Get(ctx, nil)), nil
			},
		},
		{
			// A signal and a cancel request to a workflow that does not
			// exist fail with *UnknownExternalWorkflowExecutionError, "unknown
			// external workflow execution" (internal/internal_event_handlers.go:
			// 2244, 2279), which the run fails with: same message, same type.
			name: "ExternalWorkflowNotFound",
			official: func(ctx sdkworkflow.Context) (string, error) {
				sig := sdkworkflow.SignalExternalWorkflow(ctx, "no-such-workflow", "", "sig", 1).Get(ctx, nil)
				canc := sdkworkflow.RequestCancelExternalWorkflow(ctx, "no-such-workflow", "").Get(ctx, nil)
				if sig == nil || canc == nil || sig.Error() != canc.Error() {
					return "", canc
				}
				return "", sig
			},
			ours: func(ctx workflow.Context) (string, error) {
				sig := workflow.SignalExternalWorkflow(ctx, "no-such-workflow", "", "sig", 1).Get(ctx, nil)
				canc := workflow.RequestCancelExternalWorkflow(ctx, "no-such-workflow", "").Get(ctx, nil)
				if sig == nil || canc == nil || sig.Error() != canc.Error() {
					return "", canc
				}
				return "", sig
			},
		},
		{
			// A child past its run timeout fails the parent's future with a
			// TimeoutError, "Child workflow timeout"
			// (internal/internal_event_handlers.go:2036).
			name: "ChildRunTimeout",
			official: func(ctx sdkworkflow.Context) (string, error) {
				cctx := sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{WorkflowRunTimeout: time.Second})
				err := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioSleep").Get(ctx, nil)
				var timeout *sdktemporal.TimeoutError
				if !errors.As(err, &timeout) {
					return fmt.Sprint("not a timeout: ", err), nil
				}
				return timeout.Error(), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowRunTimeout: time.Second})
				err := workflow.ExecuteChildWorkflow(cctx, "ScenarioSleep").Get(ctx, nil)
				var timeout *temporal.TimeoutError
				if !errors.As(err, &timeout) {
					return fmt.Sprint("not a timeout: ", err), nil
				}
				return timeout.Error(), nil
			},
		},
	}
}

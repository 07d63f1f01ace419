package interop_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/activity"
	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	ourtemporal "github.com/workflowdef/workflowdef/runtime/temporal"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// Each scenario is one workflow written twice: with the official SDK, which
// runs it on the dev server, and with our runtime/workflow API. Our replayer
// must replay the history the official worker wrote.
type scenario struct {
	name     string
	official any // func(sdkworkflow.Context, ...) ...
	ours     any // func(workflow.Context, ...) ...
	args     []any
	// drive acts on the running workflow: signals, cancellation.
	drive func(ctx context.Context, c sdkclient.Client, workflowID string) error
}

// Activities shared by the official worker's scenarios, by name.
func registerScenarioActivities(w worker.Registry) {
	w.RegisterActivityWithOptions(func(_ context.Context, s string) (string, error) { return s, nil }, activity.RegisterOptions{Name: "Echo"})
	w.RegisterActivityWithOptions(func(_ context.Context, s string) (string, error) {
		return "", sdktemporal.NewNonRetryableApplicationError("refused "+s, "Refused", nil)
	}, activity.RegisterOptions{Name: "Refuse"})
	w.RegisterActivityWithOptions(func(ctx context.Context) error {
		<-ctx.Done() // runs until cancelled or timed out
		return ctx.Err()
	}, activity.RegisterOptions{Name: "Block"})
	w.RegisterActivityWithOptions(func(context.Context) error {
		return sdktemporal.NewApplicationError("unreliable", "Unreliable")
	}, activity.RegisterOptions{Name: "Unreliable"})
	w.RegisterActivityWithOptions(blockThenLinger, activity.RegisterOptions{Name: "BlockThenLinger"})
}

// blockThenLinger runs until cancelled, then takes a moment to return.
// Cancelled as a local activity, the official SDK then records it
// cancelled at once; one that returns at once can race it into a local
// retry (its context.Canceled is retryable), which records a later
// attempt.
func blockThenLinger(ctx context.Context) error {
	<-ctx.Done()
	time.Sleep(200 * time.Millisecond)
	return ctx.Err()
}

var officialActivity = sdkworkflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second}
var ourActivity = workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second}

func signal(name string, values ...any) func(context.Context, sdkclient.Client, string) error {
	return func(ctx context.Context, c sdkclient.Client, id string) error {
		for _, v := range values {
			if err := c.SignalWorkflow(ctx, id, "", name, v); err != nil {
				return err
			}
		}
		return nil
	}
}

func scenarios() []scenario {
	return append([]scenario{
		{
			name: "ActivitiesSequentialParallelAndFailing",
			official: func(ctx sdkworkflow.Context, in string) (string, error) {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				var a, b, c string
				if err := sdkworkflow.ExecuteActivity(ctx, "Echo", in+"-a").Get(ctx, &a); err != nil {
					return "", err
				}
				fb := sdkworkflow.ExecuteActivity(ctx, "Echo", "b")
				fc := sdkworkflow.ExecuteActivity(ctx, "Echo", "c")
				_ = fc.Get(ctx, &c)
				_ = fb.Get(ctx, &b)
				err := sdkworkflow.ExecuteActivity(ctx, "Refuse", "d").Get(ctx, nil)
				var appErr *sdktemporal.ApplicationError
				return fmt.Sprint(a, b, c, errors.As(err, &appErr)), nil
			},
			ours: func(ctx workflow.Context, in string) (string, error) {
				ctx = workflow.WithActivityOptions(ctx, ourActivity)
				a, err := workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "Echo", in+"-a"))
				if err != nil {
					return "", err
				}
				fb := workflow.ExecuteActivity(ctx, "Echo", "b")
				fc := workflow.ExecuteActivity(ctx, "Echo", "c")
				c, _ := workflow.Result[string](ctx, fc)
				b, _ := workflow.Result[string](ctx, fb)
				err = workflow.ExecuteActivity(ctx, "Refuse", "d").Get(ctx, nil)
				return fmt.Sprint(a, b, c, err != nil), nil
			},
			args: []any{"x"},
		},
		{
			name: "TimersAndACancelledTimer",
			official: func(ctx sdkworkflow.Context) error {
				_ = sdkworkflow.Sleep(ctx, time.Millisecond)
				tctx, cancel := sdkworkflow.WithCancel(ctx)
				t := sdkworkflow.NewTimer(tctx, time.Hour)
				_ = sdkworkflow.Sleep(ctx, time.Millisecond)
				cancel()
				_ = t.Get(ctx, nil)
				return sdkworkflow.Sleep(ctx, time.Millisecond)
			},
			ours: func(ctx workflow.Context) error {
				_ = workflow.Sleep(ctx, time.Millisecond)
				tctx, cancel := workflow.WithCancel(ctx)
				t := workflow.NewTimer(tctx, time.Hour)
				_ = workflow.Sleep(ctx, time.Millisecond)
				cancel()
				_ = t.Get(ctx, nil)
				return workflow.Sleep(ctx, time.Millisecond)
			},
		},
		{
			name: "SelectorSignalBeatsTimer",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var got string
				s := sdkworkflow.NewSelector(ctx)
				s.AddReceive(sdkworkflow.GetSignalChannel(ctx, "go"), func(c sdkworkflow.ReceiveChannel, _ bool) { c.Receive(ctx, &got) })
				s.AddFuture(sdkworkflow.NewTimer(ctx, time.Hour), func(sdkworkflow.Future) { got = "timeout" })
				s.Select(ctx)
				return got, nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var got string
				s := workflow.NewSelector(ctx)
				s.AddReceive(workflow.GetSignalChannel(ctx, "go"), func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, &got) })
				s.AddFuture(workflow.NewTimer(ctx, time.Hour), func(workflow.Future) { got = "timeout" })
				s.Select(ctx)
				return got, nil
			},
			drive: signal("go", "now"),
		},
		{
			name: "SignalLoopWithActivities",
			official: func(ctx sdkworkflow.Context) (int, error) {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				ch := sdkworkflow.GetSignalChannel(ctx, "add")
				sum := 0
				for range 3 {
					var n int
					ch.Receive(ctx, &n)
					sum += n
					_ = sdkworkflow.ExecuteActivity(ctx, "Echo", fmt.Sprint(sum)).Get(ctx, nil)
				}
				return sum, nil
			},
			ours: func(ctx workflow.Context) (int, error) {
				ctx = workflow.WithActivityOptions(ctx, ourActivity)
				ch := workflow.GetSignalChannel(ctx, "add")
				sum := 0
				for range 3 {
					var n int
					ch.Receive(ctx, &n)
					sum += n
					_ = workflow.ExecuteActivity(ctx, "Echo", fmt.Sprint(sum)).Get(ctx, nil)
				}
				return sum, nil
			},
			drive: signal("add", 1, 2, 3),
		},
		{
			name: "SideEffectsAndMutableSideEffects",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var a int64
				_ = sdkworkflow.SideEffect(ctx, func(sdkworkflow.Context) any { return time.Now().UnixNano() }).Get(&a)
				var b, c string
				eq := func(x, y any) bool { return x == y }
				_ = sdkworkflow.MutableSideEffect(ctx, "cfg", func(sdkworkflow.Context) any { return "v1" }, eq).Get(&b)
				_ = sdkworkflow.Sleep(ctx, time.Millisecond)
				_ = sdkworkflow.MutableSideEffect(ctx, "cfg", func(sdkworkflow.Context) any { return "v2" }, eq).Get(&c)
				return fmt.Sprint(a > 0, b, c), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var a int64
				_ = workflow.SideEffect(ctx, func(workflow.Context) any { return time.Now().UnixNano() }).Get(&a)
				var b, c string
				eq := func(x, y any) bool { return x == y }
				_ = workflow.MutableSideEffect(ctx, "cfg", func(workflow.Context) any { return "v1" }, eq).Get(&b)
				_ = workflow.Sleep(ctx, time.Millisecond)
				_ = workflow.MutableSideEffect(ctx, "cfg", func(workflow.Context) any { return "v2" }, eq).Get(&c)
				return fmt.Sprint(a > 0, b, c), nil
			},
		},
		{
			name: "VersionsAroundActivities",
			official: func(ctx sdkworkflow.Context) (int, error) {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				v1 := sdkworkflow.GetVersion(ctx, "first", sdkworkflow.DefaultVersion, 2)
				_ = sdkworkflow.ExecuteActivity(ctx, "Echo", "a").Get(ctx, nil)
				v2 := sdkworkflow.GetVersion(ctx, "second", sdkworkflow.DefaultVersion, 1)
				v3 := sdkworkflow.GetVersion(ctx, "third", sdkworkflow.DefaultVersion, 3)
				_ = sdkworkflow.ExecuteActivity(ctx, "Echo", "b").Get(ctx, nil)
				return int(v1 + v2 + v3), nil
			},
			ours: func(ctx workflow.Context) (int, error) {
				ctx = workflow.WithActivityOptions(ctx, ourActivity)
				v1 := workflow.GetVersion(ctx, "first", workflow.DefaultVersion, 2)
				_ = workflow.ExecuteActivity(ctx, "Echo", "a").Get(ctx, nil)
				v2 := workflow.GetVersion(ctx, "second", workflow.DefaultVersion, 1)
				v3 := workflow.GetVersion(ctx, "third", workflow.DefaultVersion, 3)
				_ = workflow.ExecuteActivity(ctx, "Echo", "b").Get(ctx, nil)
				return int(v1 + v2 + v3), nil
			},
		},
		{
			name: "LocalActivities",
			official: func(ctx sdkworkflow.Context) (string, error) {
				lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
				var a, b string
				_ = sdkworkflow.ExecuteLocalActivity(lctx, "Echo", "a").Get(ctx, &a)
				_ = sdkworkflow.ExecuteLocalActivity(lctx, "Echo", "b").Get(ctx, &b)
				_ = sdkworkflow.Sleep(ctx, time.Millisecond)
				return a + b, nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
				a, _ := workflow.Result[string](ctx, workflow.ExecuteLocalActivity(lctx, "Echo", "a"))
				b, _ := workflow.Result[string](ctx, workflow.ExecuteLocalActivity(lctx, "Echo", "b"))
				_ = workflow.Sleep(ctx, time.Millisecond)
				return a + b, nil
			},
		},
		{
			name: "CancellationWithCleanup",
			official: func(ctx sdkworkflow.Context) error {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				err := sdkworkflow.Sleep(ctx, time.Hour)
				dctx, _ := sdkworkflow.NewDisconnectedContext(ctx)
				_ = sdkworkflow.ExecuteActivity(dctx, "Echo", "cleanup").Get(dctx, nil)
				return err
			},
			ours: func(ctx workflow.Context) error {
				ctx = workflow.WithActivityOptions(ctx, ourActivity)
				err := workflow.Sleep(ctx, time.Hour)
				dctx, _ := workflow.NewDisconnectedContext(ctx)
				_ = workflow.ExecuteActivity(dctx, "Echo", "cleanup").Get(dctx, nil)
				return err
			},
			drive: func(ctx context.Context, c sdkclient.Client, id string) error {
				time.Sleep(200 * time.Millisecond) // let the first task start the timer
				return c.CancelWorkflow(ctx, id, "")
			},
		},
		{
			name: "CoroutinesAndChannels",
			official: func(ctx sdkworkflow.Context) (string, error) {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				ch := sdkworkflow.NewChannel(ctx)
				for _, s := range []string{"x", "y"} {
					sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) {
						var r string
						_ = sdkworkflow.ExecuteActivity(ctx, "Echo", s).Get(ctx, &r)
						ch.Send(ctx, r)
					})
				}
				var a, b string
				ch.Receive(ctx, &a)
				ch.Receive(ctx, &b)
				return a + b, nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				ctx = workflow.WithActivityOptions(ctx, ourActivity)
				ch := workflow.NewChannel(ctx)
				for _, s := range []string{"x", "y"} {
					workflow.Go(ctx, func(ctx workflow.Context) {
						r, _ := workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "Echo", s))
						ch.Send(ctx, r)
					})
				}
				var a, b string
				ch.Receive(ctx, &a)
				ch.Receive(ctx, &b)
				return a + b, nil
			},
		},
		{
			name: "AwaitOnSignalState",
			official: func(ctx sdkworkflow.Context) (int, error) {
				count := 0
				sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) {
					ch := sdkworkflow.GetSignalChannel(ctx, "tick")
					for {
						ch.Receive(ctx, nil)
						count++
					}
				})
				if err := sdkworkflow.Await(ctx, func() bool { return count >= 2 }); err != nil {
					return 0, err
				}
				return count, nil
			},
			ours: func(ctx workflow.Context) (int, error) {
				count := 0
				workflow.Go(ctx, func(ctx workflow.Context) {
					ch := workflow.GetSignalChannel(ctx, "tick")
					for {
						ch.Receive(ctx, nil)
						count++
					}
				})
				if err := workflow.Await(ctx, func() bool { return count >= 2 }); err != nil {
					return 0, err
				}
				return count, nil
			},
			drive: signal("tick", 1, 2),
		},
		{
			name: "ContinueAsNewTwice",
			official: func(ctx sdkworkflow.Context, n int) (int, error) {
				_ = sdkworkflow.UpsertMemo(ctx, map[string]any{"round": n})
				if n < 2 {
					return 0, sdkworkflow.NewContinueAsNewError(ctx, "ContinueAsNewTwice", n+1)
				}
				return n, nil
			},
			ours: func(ctx workflow.Context, n int) (int, error) {
				_ = workflow.UpsertMemo(ctx, map[string]any{"round": n})
				if n < 2 {
					return 0, workflow.NewContinueAsNewError(ctx, "ContinueAsNewTwice", n+1)
				}
				return n, nil
			},
			args: []any{0},
		},
		{
			name: "SearchAttributeUpserts",
			official: func(ctx sdkworkflow.Context) error {
				key := sdktemporal.NewSearchAttributeKeyKeyword("CustomKeywordField")
				if err := sdkworkflow.UpsertTypedSearchAttributes(ctx, key.ValueSet("a")); err != nil {
					return err
				}
				_ = sdkworkflow.Sleep(ctx, time.Millisecond)
				return sdkworkflow.UpsertTypedSearchAttributes(ctx, key.ValueSet("b"), sdktemporal.NewSearchAttributeKeyInt64("CustomIntField").ValueSet(3))
			},
			ours: func(ctx workflow.Context) error {
				key := temporalKeyword("CustomKeywordField")
				if err := workflow.UpsertTypedSearchAttributes(ctx, key.ValueSet("a")); err != nil {
					return err
				}
				_ = workflow.Sleep(ctx, time.Millisecond)
				return workflow.UpsertTypedSearchAttributes(ctx, key.ValueSet("b"), temporalInt("CustomIntField").ValueSet(3))
			},
		},
		{
			name: "AwaitAndReceiveWithTimeouts",
			official: func(ctx sdkworkflow.Context) (string, error) {
				timedOut, _ := sdkworkflow.AwaitWithTimeout(ctx, 10*time.Millisecond, func() bool { return false })
				var got string
				ok, _ := sdkworkflow.GetSignalChannel(ctx, "msg").ReceiveWithTimeout(ctx, time.Hour, &got)
				return fmt.Sprint(timedOut, ok, got), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				timedOut, _ := workflow.AwaitWithTimeout(ctx, 10*time.Millisecond, func() bool { return false })
				var got string
				ok, _ := workflow.GetSignalChannel(ctx, "msg").ReceiveWithTimeout(ctx, time.Hour, &got)
				return fmt.Sprint(timedOut, ok, got), nil
			},
			drive: func(ctx context.Context, c sdkclient.Client, id string) error {
				time.Sleep(300 * time.Millisecond) // after the await timed out
				return c.SignalWorkflow(ctx, id, "", "msg", "hello")
			},
		},
		{
			name: "RandomStreamChoosesActivityIDs",
			official: func(ctx sdkworkflow.Context) error {
				r := sdkworkflow.GetRandomStream(ctx, "ids")
				for range 2 {
					actx := sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second, ActivityID: fmt.Sprint(r.Uint64())})
					if err := sdkworkflow.ExecuteActivity(actx, "Echo", "x").Get(ctx, nil); err != nil {
						return err
					}
				}
				return nil
			},
			ours: func(ctx workflow.Context) error {
				r := workflow.GetRandomStream(ctx, "ids")
				for range 2 {
					actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second, ActivityID: fmt.Sprint(r.Uint64())})
					if err := workflow.ExecuteActivity(actx, "Echo", "x").Get(ctx, nil); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			name: "QueryHandlerAndLogger",
			official: func(ctx sdkworkflow.Context) error {
				state := "waiting"
				if err := sdkworkflow.SetQueryHandler(ctx, "state", func() (string, error) { return state, nil }); err != nil {
					return err
				}
				sdkworkflow.GetLogger(ctx).Info("started")
				_ = sdkworkflow.Sleep(ctx, time.Millisecond)
				state = "done"
				return nil
			},
			ours: func(ctx workflow.Context) error {
				state := "waiting"
				if err := workflow.SetQueryHandler(ctx, "state", func() (string, error) { return state, nil }); err != nil {
					return err
				}
				workflow.GetLogger(ctx).Info("started")
				_ = workflow.Sleep(ctx, time.Millisecond)
				state = "done"
				return nil
			},
		},
		{
			// Ours uses the typed descriptors; the child keeps the default
			// WaitForCancellation (false), which the official SDK ignores:
			// both wait for the cancelled child to close before "after".
			name: "TypedCallsAndAChildCancelledByDefault",
			official: func(ctx sdkworkflow.Context) (string, error) {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				var echoed, after string
				if err := sdkworkflow.ExecuteActivity(ctx, "Echo", "a").Get(ctx, &echoed); err != nil {
					return "", err
				}
				cctx, cancel := sdkworkflow.WithCancel(ctx)
				sleeper := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioSleepN", 1)
				_ = sleeper.GetChildWorkflowExecution().Get(ctx, nil)
				cancel()
				sleepErr := sleeper.Get(ctx, nil)
				_ = sdkworkflow.ExecuteActivity(ctx, "Echo", "after").Get(ctx, &after)
				return fmt.Sprint(echoed, sleepErr != nil, after), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				echo := workflow.ActivityDef[string, string]{Name: "Echo", Options: ourActivity}
				sleepN := workflow.WorkflowDef[int, struct{}]{Name: "ScenarioSleepN"}
				echoed, err := echo.Execute(ctx, "a")
				if err != nil {
					return "", err
				}
				cctx, cancel := workflow.WithCancel(ctx)
				run := sleepN.ExecuteChildAsync(cctx, 1)
				_, _ = run.WaitStart(ctx)
				cancel()
				_, sleepErr := run.Get(ctx)
				after, _ := echo.Execute(ctx, "after")
				return fmt.Sprint(echoed, sleepErr != nil, after), nil
			},
		},
		{
			name: "ChildWorkflowsCompleteFailAndCancel",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var doubled int
				if err := sdkworkflow.ExecuteChildWorkflow(ctx, "ScenarioDouble", 21).Get(ctx, &doubled); err != nil {
					return "", err
				}
				failErr := sdkworkflow.ExecuteChildWorkflow(ctx, "ScenarioFail").Get(ctx, nil)
				cctx, cancel := sdkworkflow.WithCancel(sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{WaitForCancellation: true}))
				sleeper := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioSleep")
				_ = sleeper.GetChildWorkflowExecution().Get(ctx, nil)
				cancel()
				sleepErr := sleeper.Get(ctx, nil)
				return fmt.Sprint(doubled, failErr != nil, sleepErr != nil), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				doubled, err := workflow.Result[int](ctx, workflow.ExecuteChildWorkflow(ctx, "ScenarioDouble", 21))
				if err != nil {
					return "", err
				}
				failErr := workflow.ExecuteChildWorkflow(ctx, "ScenarioFail").Get(ctx, nil)
				cctx, cancel := workflow.WithCancel(workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WaitForCancellation: true}))
				sleeper := workflow.ExecuteChildWorkflow(cctx, "ScenarioSleep")
				_ = sleeper.GetChildWorkflowExecution().Get(ctx, nil)
				cancel()
				sleepErr := sleeper.Get(ctx, nil)
				return fmt.Sprint(doubled, failErr != nil, sleepErr != nil), nil
			},
		},
		{
			name: "SignalAndCancelOtherWorkflows",
			official: func(ctx sdkworkflow.Context) (string, error) {
				waiter := sdkworkflow.ExecuteChildWorkflow(sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{WorkflowID: sdkworkflow.GetInfo(ctx).WorkflowExecution.ID + "-waiter"}), "ScenarioWaitSignal")
				var exec sdkworkflow.Execution
				_ = waiter.GetChildWorkflowExecution().Get(ctx, &exec)
				if err := sdkworkflow.SignalExternalWorkflow(ctx, exec.ID, "", "wake", "hello").Get(ctx, nil); err != nil {
					return "", err
				}
				var got string
				_ = waiter.Get(ctx, &got)
				sleeper := sdkworkflow.ExecuteChildWorkflow(sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{WorkflowID: sdkworkflow.GetInfo(ctx).WorkflowExecution.ID + "-sleeper"}), "ScenarioSleep")
				_ = sleeper.GetChildWorkflowExecution().Get(ctx, &exec)
				if err := sdkworkflow.RequestCancelExternalWorkflow(ctx, exec.ID, "").Get(ctx, nil); err != nil {
					return "", err
				}
				third := sdkworkflow.ExecuteChildWorkflow(ctx, "ScenarioWaitSignal")
				if err := third.SignalChildWorkflow(ctx, "wake", "again").Get(ctx, nil); err != nil {
					return "", err
				}
				var again string
				_ = third.Get(ctx, &again)
				return got + again, nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				waiter := workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: workflow.GetInfo(ctx).WorkflowID + "-waiter"}), "ScenarioWaitSignal")
				exec, _ := workflow.Result[workflow.Execution](ctx, waiter.GetChildWorkflowExecution())
				if err := workflow.SignalExternalWorkflow(ctx, exec.ID, "", "wake", "hello").Get(ctx, nil); err != nil {
					return "", err
				}
				got, _ := workflow.Result[string](ctx, waiter)
				sleeper := workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: workflow.GetInfo(ctx).WorkflowID + "-sleeper"}), "ScenarioSleep")
				exec, _ = workflow.Result[workflow.Execution](ctx, sleeper.GetChildWorkflowExecution())
				if err := workflow.RequestCancelExternalWorkflow(ctx, exec.ID, "").Get(ctx, nil); err != nil {
					return "", err
				}
				third := workflow.ExecuteChildWorkflow(ctx, "ScenarioWaitSignal")
				if err := third.SignalChildWorkflow(ctx, "wake", "again").Get(ctx, nil); err != nil {
					return "", err
				}
				again, _ := workflow.Result[string](ctx, third)
				return got + again, nil
			},
		},
		{
			name: "UpdatesAcceptedAndRejected",
			official: func(ctx sdkworkflow.Context) (int, error) {
				n := 0
				if err := sdkworkflow.SetUpdateHandlerWithOptions(ctx, "add", func(ctx sdkworkflow.Context, d int) (int, error) {
					_ = sdkworkflow.Sleep(ctx, time.Millisecond)
					n += d
					return n, nil
				}, sdkworkflow.UpdateHandlerOptions{Validator: func(_ sdkworkflow.Context, d int) error {
					if d < 0 {
						return errors.New("negative")
					}
					return nil
				}}); err != nil {
					return 0, err
				}
				sdkworkflow.GetSignalChannel(ctx, "done").Receive(ctx, nil)
				return n, nil
			},
			ours: func(ctx workflow.Context) (int, error) {
				n := 0
				if err := workflow.SetUpdateHandlerWithOptions(ctx, "add", func(ctx workflow.Context, d int) (int, error) {
					_ = workflow.Sleep(ctx, time.Millisecond)
					n += d
					return n, nil
				}, workflow.UpdateHandlerOptions{Validator: func(_ workflow.Context, d int) error {
					if d < 0 {
						return errors.New("negative")
					}
					return nil
				}}); err != nil {
					return 0, err
				}
				workflow.GetSignalChannel(ctx, "done").Receive(ctx, nil)
				return n, nil
			},
			drive: func(ctx context.Context, c sdkclient.Client, id string) error {
				for _, d := range []int{2, -1, 3} {
					h, err := c.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "add", Args: []any{d}, WaitForStage: sdkclient.WorkflowUpdateStageCompleted})
					if err != nil {
						return err
					}
					if err := h.Get(ctx, nil); (err != nil) != (d < 0) {
						return fmt.Errorf("update %d: %v", d, err)
					}
				}
				return c.SignalWorkflow(ctx, id, "", "done", nil)
			},
		},
		{
			name: "CancelledActivity",
			official: func(ctx sdkworkflow.Context) (bool, error) {
				actx, cancel := sdkworkflow.WithCancel(sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{StartToCloseTimeout: 3 * time.Second, HeartbeatTimeout: time.Second}))
				f := sdkworkflow.ExecuteActivity(actx, "Block")
				_ = sdkworkflow.Sleep(ctx, 10*time.Millisecond)
				cancel()
				err := f.Get(ctx, nil)
				var canceled *sdktemporal.CanceledError
				return errors.As(err, &canceled), nil
			},
			ours: func(ctx workflow.Context) (bool, error) {
				actx, cancel := workflow.WithCancel(workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 3 * time.Second, HeartbeatTimeout: time.Second}))
				f := workflow.ExecuteActivity(actx, "Block")
				_ = workflow.Sleep(ctx, 10*time.Millisecond)
				cancel()
				return f.Get(ctx, nil) != nil, nil
			},
		},
	}, patternScenarios()...)
}

// TestOfficialSDKHistoriesReplayOnOurEngine runs every scenario on an
// official worker, fetches the history it wrote, and replays it with our
// twin of the workflow; then replays some with deliberately changed twins,
// which must be reported as nondeterministic.
func TestOfficialSDKHistoriesReplayOnOurEngine(t *testing.T) {
	all := scenarios()
	official, taskQueue := startOfficialWorker(t, sdkclient.Options{}, func(w worker.Registry) {
		registerScenarioActivities(w)
		registerScenarioChildren(w)
		for _, s := range all {
			w.RegisterWorkflowWithOptions(s.official, sdkworkflow.RegisterOptions{Name: s.name})
		}
	})
	ours := dialOurs(t, clientOptionsForReplay())
	histories := map[string]*historypb.History{}
	for _, s := range all {
		ctx := testContext(t)
		id := uniqueName(t, s.name)
		run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, s.name, s.args...)
		if err != nil {
			t.Fatal(err)
		}
		if s.drive != nil {
			if err := s.drive(ctx, official, id); err != nil {
				t.Fatal(err)
			}
		}
		_ = run.Get(ctx, nil) // cancelled scenarios end with an error
		if histories[s.name], err = replay.FetchHistory(ctx, ours, id, run.GetRunID()); err != nil {
			t.Fatal(err)
		}
	}

	registry := ourworker.NewRegistry()
	for _, s := range all {
		if err := registry.RegisterWorkflowWithOptions(s.ours, ourworker.RegisterWorkflowOptions{Name: s.name}); err != nil {
			t.Fatal(err)
		}
	}
	replayer := replay.NewReplayer(registry, replay.Options{})
	for _, s := range all {
		t.Run(s.name, func(t *testing.T) {
			if err := replayer.ReplayHistory(histories[s.name]); err != nil {
				t.Fatal(err)
			}
		})
	}

	changed := map[string]any{
		"ActivitiesSequentialParallelAndFailing": func(ctx workflow.Context, in string) (string, error) {
			ctx = workflow.WithActivityOptions(ctx, ourActivity)
			return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "Shout", in))
		},
		"TimersAndACancelledTimer": func(ctx workflow.Context) error {
			_ = workflow.Sleep(ctx, time.Millisecond)
			return workflow.Sleep(ctx, time.Millisecond)
		},
		"SignalLoopWithActivities": func(ctx workflow.Context) (int, error) {
			ch := workflow.GetSignalChannel(ctx, "add")
			var n int
			ch.Receive(ctx, &n)
			return n, nil
		},
	}
	changedRegistry := ourworker.NewRegistry()
	for name, fn := range changed {
		if err := changedRegistry.RegisterWorkflowWithOptions(fn, ourworker.RegisterWorkflowOptions{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	changedReplayer := replay.NewReplayer(changedRegistry, replay.Options{})
	for name := range changed {
		t.Run("changed/"+name, func(t *testing.T) {
			err := changedReplayer.ReplayHistory(histories[name])
			var nde *ourtemporal.NondeterminismError
			if !errors.As(err, &nde) || nde.WorkflowType != name {
				t.Fatalf("err = %v, want a NondeterminismError for %s", err, name)
			}
		})
	}
}

func clientOptionsForReplay() client.Options { return client.Options{} }

func temporalKeyword(name string) ourtemporal.SearchAttributeKey[string] {
	return ourtemporal.NewSearchAttributeKeyKeyword(name)
}

func temporalInt(name string) ourtemporal.SearchAttributeKey[int64] {
	return ourtemporal.NewSearchAttributeKeyInt64(name)
}

// registerScenarioChildren registers the official children the parent
// scenarios start; only the parents are replayed.
func registerScenarioChildren(w worker.Registry) {
	w.RegisterWorkflowWithOptions(func(_ sdkworkflow.Context, n int) (int, error) { return 2 * n, nil }, sdkworkflow.RegisterOptions{Name: "ScenarioDouble"})
	w.RegisterWorkflowWithOptions(func(sdkworkflow.Context) error {
		return sdktemporal.NewNonRetryableApplicationError("child refuses", "Refused", nil)
	}, sdkworkflow.RegisterOptions{Name: "ScenarioFail"})
	w.RegisterWorkflowWithOptions(func(ctx sdkworkflow.Context) error { return sdkworkflow.Sleep(ctx, time.Hour) }, sdkworkflow.RegisterOptions{Name: "ScenarioSleep"})
	w.RegisterWorkflowWithOptions(func(ctx sdkworkflow.Context, hours int) error {
		return sdkworkflow.Sleep(ctx, time.Duration(hours)*time.Hour)
	}, sdkworkflow.RegisterOptions{Name: "ScenarioSleepN"})
	w.RegisterWorkflowWithOptions(func(ctx sdkworkflow.Context) (string, error) {
		var s string
		sdkworkflow.GetSignalChannel(ctx, "wake").Receive(ctx, &s)
		return s, nil
	}, sdkworkflow.RegisterOptions{Name: "ScenarioWaitSignal"})
}

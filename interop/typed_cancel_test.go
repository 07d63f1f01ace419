package interop_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/activity"
	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"

	ouractivity "github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/client"
	ourtemporal "github.com/workflowdef/workflowdef/runtime/temporal"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// officialHeartbeatBlock and ourHeartbeatBlock heartbeat until cancelled,
// so a cancellation reaches them at their next heartbeat, then return the
// context's error.
func officialHeartbeatBlock(ctx context.Context) error {
	for {
		activity.RecordHeartbeat(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func ourHeartbeatBlock(ctx context.Context) error {
	for {
		ouractivity.RecordHeartbeat(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

var hbBlockDef = workflow.ActivityDef[struct{}, struct{}]{Name: "HBBlock", Options: workflow.ActivityOptions{StartToCloseTimeout: 20 * time.Second, HeartbeatTimeout: 2 * time.Second}}

var officialHBBlock = sdkworkflow.ActivityOptions{StartToCloseTimeout: 20 * time.Second, HeartbeatTimeout: 2 * time.Second}

// officialErrShape and ourErrShape render what a workflow branches on in
// an error: errors.Is ErrCanceled, the typed errors it wraps, and its text.
func officialErrShape(err error) string {
	if err == nil {
		return "nil"
	}
	var ce *sdktemporal.CanceledError
	var ae *sdktemporal.ActivityError
	var cw *sdktemporal.ChildWorkflowExecutionError
	var te *sdktemporal.TimeoutError
	tt := ""
	if errors.As(err, &te) {
		tt = te.TimeoutType().String()
	}
	return fmt.Sprintf("is=%v canceled=%v activity=%v child=%v timeout=%v%s: %v", errors.Is(err, sdkworkflow.ErrCanceled),
		errors.As(err, &ce), errors.As(err, &ae), errors.As(err, &cw), errors.As(err, &te), tt, err)
}

func ourErrShape(err error) string {
	if err == nil {
		return "nil"
	}
	var ce *ourtemporal.CanceledError
	var ae *ourtemporal.ActivityError
	var cw *ourtemporal.ChildWorkflowExecutionError
	var te *ourtemporal.TimeoutError
	tt := ""
	if errors.As(err, &te) {
		tt = te.TimeoutType().String()
	}
	return fmt.Sprintf("is=%v canceled=%v activity=%v child=%v timeout=%v%s: %v", errors.Is(err, workflow.ErrCanceled),
		errors.As(err, &ce), errors.As(err, &ae), errors.As(err, &cw), errors.As(err, &te), tt, err)
}

// TestTypedCancellationMatchesTheOfficialSDK runs cancellation and timeout
// scenarios written with the typed calls generated code makes, against
// their untyped twins on the official worker. The whole history (every
// event but workflow tasks) and what the workflow saw must match.
func TestTypedCancellationMatchesTheOfficialSDK(t *testing.T) {
	all := typedCancelScenarios()
	if debugOnly != "" {
		all = slices.DeleteFunc(all, func(s scenario) bool { return s.name != debugOnly })
	}
	compareHistoriesWithOfficialWorker(t, all)
}

func compareHistoriesWithOfficialWorker(t *testing.T, all []scenario) {
	official, officialQueue := startOfficialWorker(t, sdkclient.Options{}, func(w sdkworker.Registry) {
		registerScenarioActivities(w)
		registerScenarioChildren(w)
		w.RegisterActivityWithOptions(officialHeartbeatBlock, activity.RegisterOptions{Name: "HBBlock"})
		for _, s := range all {
			w.RegisterWorkflowWithOptions(s.official, sdkworkflow.RegisterOptions{Name: s.name})
		}
	})
	ourQueue := uniqueName(t, "tq")
	startOurWorker(t, dialOurs(t, client.Options{}), ourQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
		errs := []error{registerOurScenarioActivities(w), registerOurScenarioChildren(w),
			w.RegisterActivityWithOptions(ourHeartbeatBlock, ourworker.RegisterActivityOptions{Name: "HBBlock"})}
		for _, s := range all {
			errs = append(errs, w.RegisterWorkflowWithOptions(s.ours, ourworker.RegisterWorkflowOptions{Name: s.name}))
		}
		return errors.Join(errs...)
	})
	type outcome struct {
		id, runID string
		out       scenarioOutcome
		err       error
	}
	ctx := testContext(t)
	ours := make([]outcome, len(all))
	theirs := make([]outcome, len(all))
	var wg sync.WaitGroup
	for i, s := range all {
		ours[i].id, theirs[i].id = uniqueName(t, s.name), uniqueName(t, s.name+"-official")
		run := func(o *outcome, queue string) {
			rctx, cancel := context.WithTimeout(ctx, 40*time.Second)
			defer cancel()
			o.out, o.runID, o.err = runScenario(rctx, official, queue, o.id, s)
		}
		wg.Go(func() { run(&ours[i], ourQueue) })
		wg.Go(func() { run(&theirs[i], officialQueue) })
	}
	wg.Wait()
	for i, s := range all {
		t.Run(s.name, func(t *testing.T) {
			if ours[i].err != nil || theirs[i].err != nil {
				t.Fatalf("errors: ours %v, official %v", ours[i].err, theirs[i].err)
			}
			ourShape := historyShape(officialHistory(t, official, ours[i].id, ours[i].runID), ours[i].id, ours[i].runID)
			theirShape := historyShape(officialHistory(t, official, theirs[i].id, theirs[i].runID), theirs[i].id, theirs[i].runID)
			if diff := cmp.Diff(normalizeOutcome(theirs[i].out), normalizeOutcome(ours[i].out)); diff != "" {
				t.Errorf("what the workflow saw differs (-official +ours):\n%s", diff)
			}
			ourShape, theirShape = completedRE.ReplaceAllString(ourShape, "WorkflowExecutionCompleted <result>"), completedRE.ReplaceAllString(theirShape, "WorkflowExecutionCompleted <result>")
			if theirShape != ourShape {
				t.Errorf("histories differ\nofficial:\n%s\nours:\n%s", theirShape, ourShape)
				if debugHistories {
					t.Logf("official:\n%s\nours:\n%s", protojson.Format(officialHistory(t, official, theirs[i].id, theirs[i].runID)), protojson.Format(officialHistory(t, official, ours[i].id, ours[i].runID)))
				}
			}
		})
	}
}

var (
	completedRE = regexp.MustCompile(`WorkflowExecutionCompleted .*`)
	identityRE  = regexp.MustCompile(`identity: [^),]*`)
	uuidRE      = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
)

// normalizeOutcome drops from an outcome what differs per run: IDs, the
// workers' identities.
func normalizeOutcome(o scenarioOutcome) scenarioOutcome {
	norm := func(s string) string {
		return uuidRE.ReplaceAllString(identityRE.ReplaceAllString(s, "identity: <w>"), "<uuid>")
	}
	if r, ok := o.Result.(string); ok {
		o.Result = norm(r)
	}
	o.Failure = norm(o.Failure)
	return o
}

func typedCancelScenarios() []scenario {
	var all []scenario
	for _, wait := range []bool{true, false} {
		all = append(all, scenario{
			// The workflow is cancelled while a typed activity runs; the
			// workflow then cleans up on a disconnected context.
			name: fmt.Sprint("TypedActivityWaitForCancellation", wait),
			official: func(ctx sdkworkflow.Context) (string, error) {
				actx := sdkworkflow.WithActivityOptions(ctx, officialHBBlock)
				actx = sdkworkflow.WithWaitForCancellation(actx, wait)
				err := sdkworkflow.ExecuteActivity(actx, "HBBlock").Get(ctx, nil)
				dctx, _ := sdkworkflow.NewDisconnectedContext(ctx)
				var r string
				err2 := sdkworkflow.ExecuteActivity(sdkworkflow.WithActivityOptions(dctx, officialActivity), "Echo", "cleanup").Get(dctx, &r)
				return officialErrShape(err) + " | " + r + " " + officialErrShape(err2) + " | " + officialErrShape(ctx.Err()), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				_, err := hbBlockDef.Execute(ctx, struct{}{}, workflow.WithWaitForCancellation(wait))
				dctx, _ := workflow.NewDisconnectedContext(ctx)
				r, err2 := echoDef.Execute(dctx, "cleanup")
				return ourErrShape(err) + " | " + r + " " + ourErrShape(err2) + " | " + ourErrShape(ctx.Err()), nil
			},
			drive: cancelOnceStartedAfter(300 * time.Millisecond),
		})
	}
	all = append(all,
		scenario{
			// A typed receive with a timeout, cancelled: ok false, the
			// timer cancelled.
			name: "TypedReceiveWithTimeoutCancelled",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var v string
				ok, more := sdkworkflow.GetSignalChannel(ctx, "never").ReceiveWithTimeout(ctx, time.Hour, &v)
				dctx, _ := sdkworkflow.NewDisconnectedContext(ctx)
				_ = sdkworkflow.Sleep(dctx, time.Second)
				return fmt.Sprint(ok, more, v, " ", officialErrShape(ctx.Err())), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				v, ok, more := workflow.SignalDef[string]{Name: "never"}.Channel(ctx).ReceiveWithTimeout(ctx, time.Hour)
				dctx, _ := workflow.NewDisconnectedContext(ctx)
				_ = workflow.Sleep(dctx, time.Second)
				return fmt.Sprint(ok, more, v, " ", ourErrShape(ctx.Err())), nil
			},
			drive: cancelAfter(300 * time.Millisecond),
		},
		scenario{
			// A selector over a typed activity future, a typed signal
			// channel and a timer, cancelled while it waits.
			name: "TypedSelectorCancelledMidSelect",
			official: func(ctx sdkworkflow.Context) (string, error) {
				act := sdkworkflow.ExecuteActivity(sdkworkflow.WithActivityOptions(ctx, officialHBBlock), "HBBlock")
				timer := sdkworkflow.NewTimer(ctx, time.Hour)
				var got []string
				s := sdkworkflow.NewSelector(ctx)
				s.AddFuture(act, func(f sdkworkflow.Future) { got = append(got, "act "+officialErrShape(f.Get(ctx, nil))) })
				s.AddReceive(sdkworkflow.GetSignalChannel(ctx, "sig"), func(c sdkworkflow.ReceiveChannel, _ bool) {
					var v string
					c.Receive(ctx, &v)
					got = append(got, "sig "+v)
				})
				s.AddFuture(timer, func(f sdkworkflow.Future) { got = append(got, "timer "+officialErrShape(f.Get(ctx, nil))) })
				for range 2 {
					s.Select(ctx)
				}
				return fmt.Sprint(got), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				act := hbBlockDef.ExecuteAsync(ctx, struct{}{})
				timer := workflow.NewTimer(ctx, time.Hour)
				var got []string
				s := workflow.NewSelector(ctx)
				act.AddToSelector(s, func(_ struct{}, err error) { got = append(got, "act "+ourErrShape(err)) })
				workflow.SignalDef[string]{Name: "sig"}.Channel(ctx).AddToSelector(s, func(v string, _ bool) { got = append(got, "sig "+v) })
				s.AddFuture(timer, func(f workflow.Future) { got = append(got, "timer "+ourErrShape(f.Get(ctx, nil))) })
				for range 2 {
					s.Select(ctx)
				}
				return fmt.Sprint(got), nil
			},
			drive: cancelOnceStartedAfter(300 * time.Millisecond),
		},
		scenario{
			// The workflow is cancelled before its typed child started;
			// then it signals the child (typed), which waits for the start.
			name: "TypedSignalChildAfterCancelBeforeStart",
			official: func(ctx sdkworkflow.Context) (string, error) {
				child := sdkworkflow.ExecuteChildWorkflow(ctx, "ScenarioWaitSignal")
				_ = sdkworkflow.Await(ctx, func() bool { return false })
				dctx, _ := sdkworkflow.NewDisconnectedContext(ctx)
				serr := child.SignalChildWorkflow(dctx, "wake", "hi").Get(dctx, nil)
				var r string
				err := child.Get(dctx, &r)
				return r + " " + officialErrShape(serr) + " | " + officialErrShape(err), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				child := workflow.WorkflowDef[struct{}, string]{Name: "ScenarioWaitSignal"}.ExecuteChildAsync(ctx, struct{}{})
				_ = workflow.Await(ctx, func() bool { return false })
				dctx, _ := workflow.NewDisconnectedContext(ctx)
				serr := workflow.SignalDef[string]{Name: "wake"}.SignalChild(dctx, child, "hi").Get(dctx, nil)
				r, err := child.Get(dctx)
				return r + " " + ourErrShape(serr) + " | " + ourErrShape(err), nil
			},
			drive: cancelAfter(0),
		},
		scenario{
			// Cancelled while a typed child runs, its WaitStart and Get on
			// the cancelled context.
			name: "TypedChildCancelledByParent",
			official: func(ctx sdkworkflow.Context) (string, error) {
				child := sdkworkflow.ExecuteChildWorkflow(ctx, "ScenarioSleep")
				werr := child.GetChildWorkflowExecution().Get(ctx, nil)
				err := child.Get(ctx, nil)
				werr2 := child.GetChildWorkflowExecution().Get(ctx, nil)
				return officialErrShape(werr) + " | " + officialErrShape(err) + " | " + officialErrShape(werr2), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				child := sleepDef.ExecuteChildAsync(ctx, struct{}{})
				_, werr := child.WaitStart(ctx)
				_, err := child.Get(ctx)
				_, werr2 := child.WaitStart(ctx)
				return ourErrShape(werr) + " | " + ourErrShape(err) + " | " + ourErrShape(werr2), nil
			},
			drive: cancelAfter(500 * time.Millisecond),
		},
		scenario{
			// Cancelled, the workflow continues as new (typed).
			name: "TypedContinueAsNewAfterCancel",
			official: func(ctx sdkworkflow.Context, n int) (string, error) {
				if n > 0 {
					return "second", nil
				}
				err := sdkworkflow.Await(ctx, func() bool { return false })
				return "", sdkworkflow.NewContinueAsNewError(ctx, "TypedContinueAsNewAfterCancel", n+1+len(err.Error())*0)
			},
			ours: func(ctx workflow.Context, n int) (string, error) {
				if n > 0 {
					return "second", nil
				}
				err := workflow.Await(ctx, func() bool { return false })
				return "", workflow.WorkflowDef[int, string]{Name: "TypedContinueAsNewAfterCancel"}.NewContinueAsNewError(ctx, n+1+len(err.Error())*0)
			},
			args:  []any{0},
			drive: cancelAfter(300 * time.Millisecond),
		},
		scenario{
			// A typed local activity cancelled through WithCancel while it
			// runs, waited on under the live context.
			name: "TypedLocalActivityWithCancel",
			official: func(ctx sdkworkflow.Context) (string, error) {
				lctx, cancel := sdkworkflow.WithCancel(ctx)
				lctx = sdkworkflow.WithLocalActivityOptions(lctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
				f := sdkworkflow.ExecuteLocalActivity(lctx, "BlockThenLinger")
				_ = sdkworkflow.Sleep(ctx, time.Second)
				cancel()
				err := f.Get(ctx, nil)
				return officialErrShape(err), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				lctx, cancel := workflow.WithCancel(ctx)
				f := workflow.ActivityDef[struct{}, struct{}]{Name: "BlockThenLinger"}.ExecuteLocalAsync(lctx, struct{}{}, workflow.WithLocalStartToCloseTimeout(5*time.Second))
				_ = workflow.Sleep(ctx, time.Second)
				cancel()
				_, err := f.Get(ctx)
				return ourErrShape(err), nil
			},
		},
		scenario{
			// An update handler runs a typed activity when the workflow is
			// cancelled; the workflow waits for its handlers on a
			// disconnected context.
			name: "TypedUpdateHandlerRunningAtCancel",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var got string
				if err := sdkworkflow.SetUpdateHandler(ctx, "run", func(ctx sdkworkflow.Context, _ string) (string, error) {
					err := sdkworkflow.ExecuteActivity(sdkworkflow.WithActivityOptions(ctx, officialHBBlock), "HBBlock").Get(ctx, nil)
					got = officialErrShape(err)
					return got, err
				}); err != nil {
					return "", err
				}
				err := sdkworkflow.Await(ctx, func() bool { return false })
				dctx, _ := sdkworkflow.NewDisconnectedContext(ctx)
				_ = sdkworkflow.Await(dctx, func() bool { return sdkworkflow.AllHandlersFinished(dctx) })
				return officialErrShape(err) + " | " + got, nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var got string
				if err := (workflow.UpdateDef[string, string]{Name: "run"}).SetHandler(ctx, func(ctx workflow.Context, _ string) (string, error) {
					_, err := hbBlockDef.Execute(ctx, struct{}{})
					got = ourErrShape(err)
					return got, err
				}, nil); err != nil {
					return "", err
				}
				err := workflow.Await(ctx, func() bool { return false })
				dctx, _ := workflow.NewDisconnectedContext(ctx)
				_ = workflow.Await(dctx, func() bool { return workflow.AllHandlersFinished(dctx) })
				return ourErrShape(err) + " | " + got, nil
			},
			drive: func(ctx context.Context, c sdkclient.Client, id string) error {
				go func() {
					_, _ = c.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "run", Args: []any{"x"}, WaitForStage: sdkclient.WorkflowUpdateStageAccepted})
				}()
				return cancelOnceStartedAfter(300*time.Millisecond)(ctx, c, id)
			},
		},

		scenario{
			// A typed activity scheduled, then its context cancelled in the
			// same workflow task: no command goes out.
			name: "TypedActivityCancelledInSameTask",
			official: func(ctx sdkworkflow.Context) (string, error) {
				cctx, cancel := sdkworkflow.WithCancel(sdkworkflow.WithActivityOptions(ctx, officialHBBlock))
				f := sdkworkflow.ExecuteActivity(cctx, "HBBlock")
				cancel()
				err := f.Get(ctx, nil)
				wctx, cancel2 := sdkworkflow.WithCancel(sdkworkflow.WithWaitForCancellation(sdkworkflow.WithActivityOptions(ctx, officialHBBlock), true))
				f2 := sdkworkflow.ExecuteActivity(wctx, "HBBlock")
				cancel2()
				err2 := f2.Get(ctx, nil)
				return officialErrShape(err) + " | " + officialErrShape(err2), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				cctx, cancel := workflow.WithCancel(ctx)
				f := hbBlockDef.ExecuteAsync(cctx, struct{}{})
				cancel()
				_, err := f.Get(ctx)
				wctx, cancel2 := workflow.WithCancel(ctx)
				f2 := hbBlockDef.ExecuteAsync(wctx, struct{}{}, workflow.WithWaitForCancellation(true))
				cancel2()
				_, err2 := f2.Get(ctx)
				return ourErrShape(err) + " | " + ourErrShape(err2), nil
			},
		},
		scenario{
			// A typed child asked for, then its context cancelled in the
			// same task: the official SDK starts it and cancels it once
			// started.
			name: "TypedChildCancelledInSameTask",
			official: func(ctx sdkworkflow.Context) (string, error) {
				cctx, cancel := sdkworkflow.WithCancel(ctx)
				child := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioSleep")
				cancel()
				werr := child.GetChildWorkflowExecution().Get(ctx, nil)
				err := child.Get(ctx, nil)
				return officialErrShape(werr) + " | " + officialErrShape(err), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				cctx, cancel := workflow.WithCancel(ctx)
				child := sleepDef.ExecuteChildAsync(cctx, struct{}{})
				cancel()
				_, werr := child.WaitStart(ctx)
				_, err := child.Get(ctx)
				return ourErrShape(werr) + " | " + ourErrShape(err), nil
			},
		},
		scenario{
			// A typed signal to a workflow that does not exist, its context
			// cancelled at once: the signal is not cancellable.
			name: "TypedSignalExternalCancelled",
			official: func(ctx sdkworkflow.Context) (string, error) {
				cctx, cancel := sdkworkflow.WithCancel(ctx)
				f := sdkworkflow.SignalExternalWorkflow(cctx, "no-such-workflow-typed-cancel", "", "sig", "v")
				cancel()
				err := f.Get(ctx, nil)
				var unknown *sdktemporal.UnknownExternalWorkflowExecutionError
				return fmt.Sprint(errors.As(err, &unknown), " ", officialErrShape(err)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				cctx, cancel := workflow.WithCancel(ctx)
				f := workflow.SignalDef[string]{Name: "sig"}.SignalExternal(cctx, "no-such-workflow-typed-cancel", "", "v")
				cancel()
				err := f.Get(ctx, nil)
				var unknown *ourtemporal.UnknownExternalWorkflowExecutionError
				return fmt.Sprint(errors.As(err, &unknown), " ", ourErrShape(err)), nil
			},
		},
		scenario{
			// A typed activity that never heartbeats times out by heartbeat.
			name: "TypedActivityHeartbeatTimeout",
			official: func(ctx sdkworkflow.Context) (string, error) {
				actx := sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second, HeartbeatTimeout: time.Second,
					RetryPolicy: &sdktemporal.RetryPolicy{MaximumAttempts: 1}})
				err := sdkworkflow.ExecuteActivity(actx, "Block").Get(ctx, nil)
				return officialErrShape(err), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				_, err := blockDef.Execute(ctx, struct{}{}, workflow.WithStartToCloseTimeout(10*time.Second), workflow.WithHeartbeatTimeout(time.Second),
					workflow.WithActivityRetryPolicy(&ourtemporal.RetryPolicy{MaximumAttempts: 1}))
				return ourErrShape(err), nil
			},
		},
		scenario{
			// A typed activity nobody polls for times out before it starts.
			name: "TypedActivityScheduleToStartTimeout",
			official: func(ctx sdkworkflow.Context) (string, error) {
				actx := sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{TaskQueue: "nobody-polls-typed-cancel", StartToCloseTimeout: 10 * time.Second, ScheduleToStartTimeout: 500 * time.Millisecond})
				err := sdkworkflow.ExecuteActivity(actx, "Echo", "x").Get(ctx, nil)
				return officialErrShape(err), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				_, err := echoDef.Execute(ctx, "x", workflow.WithActivityTaskQueue("nobody-polls-typed-cancel"), workflow.WithScheduleToStartTimeout(500*time.Millisecond))
				return ourErrShape(err), nil
			},
		},
		scenario{
			// A typed local activity that outlives its start-to-close
			// timeout, with one attempt.
			name: "TypedLocalActivityStartToCloseTimeout",
			official: func(ctx sdkworkflow.Context) (string, error) {
				lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 300 * time.Millisecond, RetryPolicy: &sdktemporal.RetryPolicy{MaximumAttempts: 1}})
				err := sdkworkflow.ExecuteLocalActivity(lctx, "Block").Get(ctx, nil)
				return officialErrShape(err), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				_, err := blockDef.ExecuteLocal(ctx, struct{}{}, workflow.WithLocalStartToCloseTimeout(300*time.Millisecond), workflow.WithLocalRetryPolicy(&ourtemporal.RetryPolicy{MaximumAttempts: 1}))
				return ourErrShape(err), nil
			},
		},
		scenario{
			// A typed local activity that keeps failing until its
			// schedule-to-close timeout.
			name: "TypedLocalActivityScheduleToCloseTimeout",
			official: func(ctx sdkworkflow.Context) (string, error) {
				lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{ScheduleToCloseTimeout: time.Second,
					RetryPolicy: &sdktemporal.RetryPolicy{InitialInterval: 300 * time.Millisecond, BackoffCoefficient: 1}})
				err := sdkworkflow.ExecuteLocalActivity(lctx, "Unreliable").Get(ctx, nil)
				return officialErrShape(err), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				_, err := workflow.ActivityDef[struct{}, struct{}]{Name: "Unreliable"}.ExecuteLocal(ctx, struct{}{}, workflow.WithLocalScheduleToCloseTimeout(time.Second),
					workflow.WithLocalRetryPolicy(&ourtemporal.RetryPolicy{InitialInterval: 300 * time.Millisecond, BackoffCoefficient: 1}))
				return ourErrShape(err), nil
			},
		},
		scenario{
			// A typed local activity asked for, then its context cancelled
			// in the same workflow task.
			name: "TypedLocalActivityCancelledInSameTask",
			official: func(ctx sdkworkflow.Context) (string, error) {
				cctx, cancel := sdkworkflow.WithCancel(ctx)
				lctx := sdkworkflow.WithLocalActivityOptions(cctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
				f := sdkworkflow.ExecuteLocalActivity(lctx, "Echo", "x")
				cancel()
				var r string
				err := f.Get(ctx, &r)
				r2 := ""
				err2 := sdkworkflow.ExecuteLocalActivity(sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second}), "Echo", "y").Get(ctx, &r2)
				return r + officialErrShape(err) + " | " + r2 + officialErrShape(err2), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				cctx, cancel := workflow.WithCancel(ctx)
				f := echoDef.ExecuteLocalAsync(cctx, "x", workflow.WithLocalStartToCloseTimeout(5*time.Second))
				cancel()
				r, err := f.Get(ctx)
				r2, err2 := echoDef.ExecuteLocal(ctx, "y", workflow.WithLocalStartToCloseTimeout(5*time.Second))
				return r + ourErrShape(err) + " | " + r2 + ourErrShape(err2), nil
			},
		},
	)
	return all
}

const debugHistories = true
const debugOnly = ""

package interop_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworkflow "go.temporal.io/sdk/workflow"

	ourtemporal "github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// Typed descriptors our twins of the pattern scenarios call with.
var (
	echoDef   = workflow.ActivityDef[string, string]{Name: "Echo", Options: ourActivity}
	blockDef  = workflow.ActivityDef[struct{}, struct{}]{Name: "Block", Options: workflow.ActivityOptions{StartToCloseTimeout: 3 * time.Second, HeartbeatTimeout: time.Second}}
	doubleDef = workflow.WorkflowDef[int, int]{Name: "ScenarioDouble"}
	sleepDef  = workflow.WorkflowDef[struct{}, struct{}]{Name: "ScenarioSleep"}
)

// officialBlock are the options the official twins run "Block" with: it
// never heartbeats, so only cancellation or the timeouts end it.
var officialBlock = sdkworkflow.ActivityOptions{StartToCloseTimeout: 3 * time.Second, HeartbeatTimeout: time.Second}

// patternScenarios are common official-SDK patterns, mostly around
// Selector: a child or an activity raced against a timer, a local
// activity or a signal, and what the losing side does next.
func patternScenarios() []scenario {
	return []scenario{
		{
			// The child wins; the timer it raced is cancelled.
			name: "SelectorChildBeatsTimer",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var got string
				tctx, cancelTimer := sdkworkflow.WithCancel(ctx)
				s := sdkworkflow.NewSelector(ctx)
				s.AddFuture(sdkworkflow.ExecuteChildWorkflow(ctx, "ScenarioDouble", 21), func(f sdkworkflow.Future) {
					var n int
					err := f.Get(ctx, &n)
					got = fmt.Sprint("child ", n, err)
				})
				s.AddFuture(sdkworkflow.NewTimer(tctx, time.Hour), func(sdkworkflow.Future) { got = "timer" })
				s.Select(ctx)
				cancelTimer()
				return got, nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var got string
				tctx, cancelTimer := workflow.WithCancel(ctx)
				s := workflow.NewSelector(ctx)
				doubleDef.ExecuteChildAsync(ctx, 21).AddToSelector(s, func(n int, err error) { got = fmt.Sprint("child ", n, err) })
				s.AddFuture(workflow.NewTimer(tctx, time.Hour), func(workflow.Future) { got = "timer" })
				s.Select(ctx)
				cancelTimer()
				return got, nil
			},
		},
		{
			// The timer wins; the child it raced is then cancelled and
			// waited for.
			name: "SelectorTimerBeatsChildThenCancelsIt",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var got string
				cctx, cancel := sdkworkflow.WithCancel(sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{WaitForCancellation: true}))
				child := sdkworkflow.ExecuteChildWorkflow(cctx, "ScenarioSleep")
				if err := child.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
					return "", err
				}
				s := sdkworkflow.NewSelector(ctx)
				s.AddFuture(child, func(sdkworkflow.Future) { got = "child" })
				s.AddFuture(sdkworkflow.NewTimer(ctx, 10*time.Millisecond), func(sdkworkflow.Future) { got = "timer" })
				s.Select(ctx)
				cancel()
				var canceled *sdktemporal.CanceledError
				return fmt.Sprint(got, " ", errors.As(child.Get(ctx, nil), &canceled)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var got string
				cctx, cancel := workflow.WithCancel(ctx)
				child := sleepDef.ExecuteChildAsync(cctx, struct{}{}, workflow.WithChildWaitForCancellation(true))
				if _, err := child.WaitStart(ctx); err != nil {
					return "", err
				}
				s := workflow.NewSelector(ctx)
				child.AddToSelector(s, func(struct{}, error) { got = "child" })
				s.AddFuture(workflow.NewTimer(ctx, 10*time.Millisecond), func(workflow.Future) { got = "timer" })
				s.Select(ctx)
				cancel()
				_, err := child.Get(ctx)
				var canceled *ourtemporal.CanceledError
				return fmt.Sprint(got, " ", errors.As(err, &canceled)), nil
			},
		},
		{
			// A local activity beats an activity that never ends; the
			// branch cancels the activity.
			name: "SelectorLocalActivityBeatsActivityThenCancelsIt",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var got string
				actx, cancel := sdkworkflow.WithCancel(sdkworkflow.WithActivityOptions(ctx, officialBlock))
				lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
				block := sdkworkflow.ExecuteActivity(actx, "Block")
				s := sdkworkflow.NewSelector(ctx)
				s.AddFuture(block, func(sdkworkflow.Future) { got = "activity" })
				s.AddFuture(sdkworkflow.ExecuteLocalActivity(lctx, "Echo", "local"), func(f sdkworkflow.Future) {
					_ = f.Get(ctx, &got)
					cancel()
				})
				s.Select(ctx)
				var canceled *sdktemporal.CanceledError
				return fmt.Sprint(got, " ", errors.As(block.Get(ctx, nil), &canceled)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var got string
				actx, cancel := workflow.WithCancel(ctx)
				block := blockDef.ExecuteAsync(actx, struct{}{})
				s := workflow.NewSelector(ctx)
				block.AddToSelector(s, func(struct{}, error) { got = "activity" })
				echoDef.ExecuteLocalAsync(ctx, "local", workflow.WithLocalStartToCloseTimeout(5*time.Second)).AddToSelector(s, func(v string, _ error) {
					got = v
					cancel()
				})
				s.Select(ctx)
				_, err := block.Get(ctx)
				var canceled *ourtemporal.CanceledError
				return fmt.Sprint(got, " ", errors.As(err, &canceled)), nil
			},
		},
		{
			// A local activity that fails reaches the workflow as the error
			// it returned, not wrapped as a regular activity's is; the
			// workflow then fails with it.
			name: "LocalActivityFailureReachesTheWorkflowUnwrapped",
			official: func(ctx sdkworkflow.Context) (string, error) {
				lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
				err := sdkworkflow.ExecuteLocalActivity(lctx, "Refuse", "local").Get(ctx, nil)
				var actErr *sdktemporal.ActivityError
				var appErr *sdktemporal.ApplicationError
				if !errors.As(err, &appErr) {
					return fmt.Sprint("not an application error: ", err), nil
				}
				return fmt.Sprint(errors.As(err, &actErr), " ", appErr.Type(), " ", appErr.NonRetryable()), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second})
				err := workflow.ExecuteLocalActivity(lctx, "Refuse", "local").Get(ctx, nil)
				var actErr *ourtemporal.ActivityError
				var appErr *ourtemporal.ApplicationError
				if !errors.As(err, &appErr) {
					return fmt.Sprint("not an application error: ", err), nil
				}
				return fmt.Sprint(errors.As(err, &actErr), " ", appErr.Type(), " ", appErr.NonRetryable()), nil
			},
		},
		{
			// A local activity that runs until cancelled is cancelled when
			// another one returns: the worker cancels its context, its
			// marker records the cancellation, and the workflow gets a bare
			// CanceledError.
			name: "LocalActivityCancelledWhileRunning",
			official: func(ctx sdkworkflow.Context) (string, error) {
				lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 30 * time.Second})
				bctx, cancel := sdkworkflow.WithCancel(lctx)
				block := sdkworkflow.ExecuteLocalActivity(bctx, "BlockThenLinger")
				var echoed string
				if err := sdkworkflow.ExecuteLocalActivity(lctx, "Echo", "first").Get(ctx, &echoed); err != nil {
					return "", err
				}
				cancel()
				return echoed + " " + officialCanceledShape(block.Get(ctx, nil)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 30 * time.Second})
				bctx, cancel := workflow.WithCancel(lctx)
				block := workflow.ExecuteLocalActivity(bctx, "BlockThenLinger")
				var echoed string
				if err := workflow.ExecuteLocalActivity(lctx, "Echo", "first").Get(ctx, &echoed); err != nil {
					return "", err
				}
				cancel()
				return echoed + " " + ourCanceledShape(block.Get(ctx, nil)), nil
			},
		},
		{
			// A local activity requested under a cancelled context does not
			// run; its marker records the cancellation.
			name: "LocalActivityUnderACancelledContext",
			official: func(ctx sdkworkflow.Context) (string, error) {
				lctx, cancel := sdkworkflow.WithCancel(sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second}))
				cancel()
				return officialCanceledShape(sdkworkflow.ExecuteLocalActivity(lctx, "Echo", "never").Get(ctx, nil)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				lctx, cancel := workflow.WithCancel(workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second}))
				cancel()
				return ourCanceledShape(workflow.ExecuteLocalActivity(lctx, "Echo", "never").Get(ctx, nil)), nil
			},
		},
		{
			// A local activity's retry waits an hour on a durable timer
			// ("LocalActivity Backoff"); cancelling it cancels the timer,
			// and the next attempt, requested under the cancelled context,
			// records the cancellation without running.
			name: "LocalActivityBackoffCancelled",
			official: func(ctx sdkworkflow.Context) (string, error) {
				lctx, cancel := sdkworkflow.WithCancel(sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{
					StartToCloseTimeout: 5 * time.Second, ScheduleToCloseTimeout: 2 * time.Hour,
					RetryPolicy: &sdktemporal.RetryPolicy{InitialInterval: time.Hour, MaximumAttempts: 3},
				}))
				f := sdkworkflow.ExecuteLocalActivity(lctx, "Unreliable")
				_ = sdkworkflow.Sleep(ctx, 10*time.Millisecond)
				cancel()
				return officialCanceledShape(f.Get(ctx, nil)), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				lctx, cancel := workflow.WithCancel(workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
					StartToCloseTimeout: 5 * time.Second, ScheduleToCloseTimeout: 2 * time.Hour,
					RetryPolicy: &ourtemporal.RetryPolicy{InitialInterval: time.Hour, MaximumAttempts: 3},
				}))
				f := workflow.ExecuteLocalActivity(lctx, "Unreliable")
				_ = workflow.Sleep(ctx, 10*time.Millisecond)
				cancel()
				return ourCanceledShape(f.Get(ctx, nil)), nil
			},
		},
		{
			// One selector over several activities, read in the order they
			// complete; the result is sorted, as that order is the
			// server's.
			name: "SelectorCollectsActivitiesInCompletionOrder",
			official: func(ctx sdkworkflow.Context) (string, error) {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				var got []string
				s := sdkworkflow.NewSelector(ctx)
				for _, in := range []string{"a", "b", "c"} {
					s.AddFuture(sdkworkflow.ExecuteActivity(ctx, "Echo", in), func(f sdkworkflow.Future) {
						var r string
						_ = f.Get(ctx, &r)
						got = append(got, r)
					})
				}
				for range 3 {
					s.Select(ctx)
				}
				slices.Sort(got)
				return strings.Join(got, ","), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var got []string
				s := workflow.NewSelector(ctx)
				for _, in := range []string{"a", "b", "c"} {
					echoDef.ExecuteAsync(ctx, in).AddToSelector(s, func(r string, _ error) { got = append(got, r) })
				}
				for range 3 {
					s.Select(ctx)
				}
				slices.Sort(got)
				return strings.Join(got, ","), nil
			},
		},
		{
			// A goroutine's ReceiveWithTimeout times out, then it waits for
			// a signal; the main goroutine's AwaitWithTimeout is satisfied
			// by what the signal sets; a query reads the goroutine's state,
			// which the driver polls before it signals.
			name: "QueryGoroutineStateAndAwaitSatisfiedBySignal",
			official: func(ctx sdkworkflow.Context) (string, error) {
				state := "started"
				if err := sdkworkflow.SetQueryHandler(ctx, "state", func() (string, error) { return state, nil }); err != nil {
					return "", err
				}
				sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) {
					ch := sdkworkflow.GetSignalChannel(ctx, "msg")
					var s string
					if ok, _ := ch.ReceiveWithTimeout(ctx, 10*time.Millisecond, &s); ok {
						state = "early " + s
						return
					}
					state = "waiting"
					ch.Receive(ctx, &s)
					state = "got " + s
				})
				ok, err := sdkworkflow.AwaitWithTimeout(ctx, time.Hour, func() bool { return strings.HasPrefix(state, "got") })
				return fmt.Sprint(ok, err, state), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				state := "started"
				if err := workflow.SetQueryHandler(ctx, "state", func() (string, error) { return state, nil }); err != nil {
					return "", err
				}
				workflow.Go(ctx, func(ctx workflow.Context) {
					ch := (workflow.SignalDef[string]{Name: "msg"}).Channel(ctx)
					if s, ok, _ := ch.ReceiveWithTimeout(ctx, 10*time.Millisecond); ok {
						state = "early " + s
						return
					}
					state = "waiting"
					s, _ := ch.Receive(ctx)
					state = "got " + s
				})
				ok, err := workflow.AwaitWithTimeout(ctx, time.Hour, func() bool { return strings.HasPrefix(state, "got") })
				return fmt.Sprint(ok, err, state), nil
			},
			drive: func(ctx context.Context, c sdkclient.Client, id string) error {
				if err := awaitQueryState(ctx, c, id, "waiting"); err != nil {
					return err
				}
				return c.SignalWorkflow(ctx, id, "", "msg", "hi")
			},
		},
		{
			// An update handler runs an activity; its validator rejects an
			// empty request; the workflow waits for the two accepted ones.
			name: "UpdateRunsActivityValidatorRejects",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var items []string
				if err := sdkworkflow.SetUpdateHandlerWithOptions(ctx, "add", func(ctx sdkworkflow.Context, in string) (string, error) {
					var r string
					if err := sdkworkflow.ExecuteActivity(sdkworkflow.WithActivityOptions(ctx, officialActivity), "Echo", in).Get(ctx, &r); err != nil {
						return "", err
					}
					items = append(items, r)
					return r, nil
				}, sdkworkflow.UpdateHandlerOptions{Validator: func(_ sdkworkflow.Context, in string) error {
					if in == "" {
						return errors.New("empty")
					}
					return nil
				}}); err != nil {
					return "", err
				}
				if err := sdkworkflow.Await(ctx, func() bool { return len(items) == 2 }); err != nil {
					return "", err
				}
				return strings.Join(items, ","), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var items []string
				if err := (workflow.UpdateDef[string, string]{Name: "add"}).SetHandler(ctx, func(ctx workflow.Context, in string) (string, error) {
					r, err := echoDef.Execute(ctx, in)
					if err != nil {
						return "", err
					}
					items = append(items, r)
					return r, nil
				}, func(_ workflow.Context, in string) error {
					if in == "" {
						return errors.New("empty")
					}
					return nil
				}); err != nil {
					return "", err
				}
				if err := workflow.Await(ctx, func() bool { return len(items) == 2 }); err != nil {
					return "", err
				}
				return strings.Join(items, ","), nil
			},
			drive: func(ctx context.Context, c sdkclient.Client, id string) error {
				for _, in := range []string{"a", "", "b"} {
					h, err := c.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "add", Args: []any{in}, WaitForStage: sdkclient.WorkflowUpdateStageCompleted})
					if err != nil {
						return err
					}
					var r string
					if err := h.Get(ctx, &r); (err != nil) != (in == "") || r != in {
						return fmt.Errorf("update %q: %q, %v", in, r, err)
					}
				}
				return nil
			},
		},
		{
			// The activity's branch continues as new while the timer it
			// raced is still pending.
			name: "ContinueAsNewFromSelectorBranch",
			official: func(ctx sdkworkflow.Context, n int) (string, error) {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				var got string
				var err error
				s := sdkworkflow.NewSelector(ctx)
				s.AddFuture(sdkworkflow.ExecuteActivity(ctx, "Echo", fmt.Sprint("round ", n)), func(f sdkworkflow.Future) {
					if err = f.Get(ctx, &got); err == nil && n < 1 {
						err = sdkworkflow.NewContinueAsNewError(ctx, "ContinueAsNewFromSelectorBranch", n+1)
					}
				})
				s.AddFuture(sdkworkflow.NewTimer(ctx, time.Hour), func(sdkworkflow.Future) { got = "timer" })
				s.Select(ctx)
				return got, err
			},
			ours: func(ctx workflow.Context, n int) (string, error) {
				self := workflow.WorkflowDef[int, string]{Name: "ContinueAsNewFromSelectorBranch"}
				var got string
				var err error
				s := workflow.NewSelector(ctx)
				echoDef.ExecuteAsync(ctx, fmt.Sprint("round ", n)).AddToSelector(s, func(r string, e error) {
					if got, err = r, e; err == nil && n < 1 {
						err = self.NewContinueAsNewError(ctx, n+1)
					}
				})
				s.AddFuture(workflow.NewTimer(ctx, time.Hour), func(workflow.Future) { got = "timer" })
				s.Select(ctx)
				return got, err
			},
			args: []any{0},
		},
		{
			// A cancelled workflow's selector takes the ctx.Done() branch
			// or the cancelled activity's; a disconnected context runs the
			// cleanup, and the workflow completes with what it did.
			name: "CancelledSelectorCleansUpOnDisconnectedContext",
			official: func(ctx sdkworkflow.Context) (string, error) {
				block := sdkworkflow.ExecuteActivity(sdkworkflow.WithActivityOptions(ctx, officialBlock), "Block")
				var how string
				s := sdkworkflow.NewSelector(ctx)
				s.AddReceive(ctx.Done(), func(sdkworkflow.ReceiveChannel, bool) { how = "done" })
				s.AddFuture(block, func(sdkworkflow.Future) { how = "activity" })
				s.Select(ctx)
				dctx, _ := sdkworkflow.NewDisconnectedContext(ctx)
				var cleaned string
				if err := sdkworkflow.ExecuteActivity(sdkworkflow.WithActivityOptions(dctx, officialActivity), "Echo", "cleanup after "+how).Get(dctx, &cleaned); err != nil {
					return "", err
				}
				return fmt.Sprint(cleaned, ", activity cancelled ", block.IsReady(), ", ", ctx.Err()), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				block := blockDef.ExecuteAsync(ctx, struct{}{})
				var how string
				s := workflow.NewSelector(ctx)
				s.AddReceive(ctx.Done(), func(workflow.ReceiveChannel, bool) { how = "done" })
				block.AddToSelector(s, func(struct{}, error) { how = "activity" })
				s.Select(ctx)
				dctx, _ := workflow.NewDisconnectedContext(ctx)
				cleaned, err := echoDef.Execute(dctx, "cleanup after "+how)
				if err != nil {
					return "", err
				}
				return fmt.Sprint(cleaned, ", activity cancelled ", block.IsReady(), ", ", ctx.Err()), nil
			},
			drive: func(ctx context.Context, c sdkclient.Client, id string) error {
				time.Sleep(200 * time.Millisecond) // let the first task schedule the activity
				return c.CancelWorkflow(ctx, id, "")
			},
		},
		{
			// Each round races a signal against a fresh timer and cancels
			// the timer when the signal wins; after two signals the round's
			// short timer wins.
			name: "SignalRoundsCancelTheirTimers",
			official: func(ctx sdkworkflow.Context) (string, error) {
				var got []string
				ch := sdkworkflow.GetSignalChannel(ctx, "tick")
				for done := false; !done; {
					tctx, cancelTimer := sdkworkflow.WithCancel(ctx)
					s := sdkworkflow.NewSelector(ctx)
					s.AddReceive(ch, func(c sdkworkflow.ReceiveChannel, _ bool) {
						var v string
						c.Receive(ctx, &v)
						got = append(got, v)
						cancelTimer()
					})
					s.AddFuture(sdkworkflow.NewTimer(tctx, roundWait(len(got))), func(sdkworkflow.Future) { got, done = append(got, "timer"), true })
					s.Select(ctx)
				}
				return strings.Join(got, ","), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var got []string
				tick := workflow.SignalDef[string]{Name: "tick"}.Channel(ctx)
				for done := false; !done; {
					tctx, cancelTimer := workflow.WithCancel(ctx)
					s := workflow.NewSelector(ctx)
					tick.AddToSelector(s, func(v string, _ bool) {
						got = append(got, v)
						cancelTimer()
					})
					s.AddFuture(workflow.NewTimer(tctx, roundWait(len(got))), func(workflow.Future) { got, done = append(got, "timer"), true })
					s.Select(ctx)
				}
				return strings.Join(got, ","), nil
			},
			drive: signal("tick", "a", "b"),
		},
		{
			// Signals that arrived while the workflow waited for another
			// are drained with a selector's default case.
			name: "DrainSignalsWithSelectorDefault",
			official: func(ctx sdkworkflow.Context) (string, error) {
				sdkworkflow.GetSignalChannel(ctx, "go").Receive(ctx, nil)
				var items []string
				for drained := false; !drained; {
					s := sdkworkflow.NewSelector(ctx)
					s.AddReceive(sdkworkflow.GetSignalChannel(ctx, "item"), func(c sdkworkflow.ReceiveChannel, _ bool) {
						var v string
						c.Receive(ctx, &v)
						items = append(items, v)
					})
					s.AddDefault(func() { drained = true })
					s.Select(ctx)
				}
				return strings.Join(items, ","), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				workflow.GetSignalChannel(ctx, "go").Receive(ctx, nil)
				item := workflow.SignalDef[string]{Name: "item"}.Channel(ctx)
				var items []string
				for drained := false; !drained; {
					s := workflow.NewSelector(ctx)
					item.AddToSelector(s, func(v string, _ bool) { items = append(items, v) })
					s.AddDefault(func() { drained = true })
					s.Select(ctx)
				}
				return strings.Join(items, ","), nil
			},
			drive: func(ctx context.Context, c sdkclient.Client, id string) error {
				if err := signal("item", "x", "y", "z")(ctx, c, id); err != nil {
					return err
				}
				return c.SignalWorkflow(ctx, id, "", "go", nil)
			},
		},
		{
			// Three goroutines joined by a WaitGroup take turns at a Mutex
			// held across an activity: each reads what the last one wrote,
			// in goroutine order, and a semaphore of one in the last step
			// is taken and given back.
			name: "WaitGroupGoroutinesTakeTurnsAtAMutex",
			official: func(ctx sdkworkflow.Context) (string, error) {
				ctx = sdkworkflow.WithActivityOptions(ctx, officialActivity)
				var log []string
				m := sdkworkflow.NewMutex(ctx)
				sem := sdkworkflow.NewSemaphore(ctx, 1)
				wg := sdkworkflow.NewWaitGroup(ctx)
				for _, name := range []string{"a", "b", "c"} {
					wg.Go(ctx, func(ctx sdkworkflow.Context) {
						if err := m.Lock(ctx); err != nil {
							return
						}
						defer m.Unlock()
						var r string
						if err := sdkworkflow.ExecuteActivity(ctx, "Echo", fmt.Sprint(name, len(log))).Get(ctx, &r); err == nil {
							log = append(log, r)
						}
					})
				}
				wg.Wait(ctx)
				log = append(log, fmt.Sprint(m.IsLocked(), sem.TryAcquire(ctx, 1), sem.TryAcquire(ctx, 1)))
				sem.Release(1)
				return strings.Join(log, ","), nil
			},
			ours: func(ctx workflow.Context) (string, error) {
				var log []string
				m := workflow.NewMutex(ctx)
				sem := workflow.NewSemaphore(ctx, 1)
				wg := workflow.NewWaitGroup(ctx)
				for _, name := range []string{"a", "b", "c"} {
					wg.Go(ctx, func(ctx workflow.Context) {
						if err := m.Lock(ctx); err != nil {
							return
						}
						defer m.Unlock()
						if r, err := echoDef.Execute(ctx, fmt.Sprint(name, len(log))); err == nil {
							log = append(log, r)
						}
					})
				}
				wg.Wait(ctx)
				log = append(log, fmt.Sprint(m.IsLocked(), sem.TryAcquire(ctx, 1), sem.TryAcquire(ctx, 1)))
				sem.Release(1)
				return strings.Join(log, ","), nil
			},
		},
	}
}

// officialCanceledShape and ourCanceledShape say how a cancelled local
// activity's error reached the workflow: a CanceledError, and whether an
// ActivityError wraps it.
func officialCanceledShape(err error) string {
	var canceled *sdktemporal.CanceledError
	var actErr *sdktemporal.ActivityError
	return fmt.Sprintf("canceled=%v wrapped=%v: %v", errors.As(err, &canceled), errors.As(err, &actErr), err)
}

func ourCanceledShape(err error) string {
	var canceled *ourtemporal.CanceledError
	var actErr *ourtemporal.ActivityError
	return fmt.Sprintf("canceled=%v wrapped=%v: %v", errors.As(err, &canceled), errors.As(err, &actErr), err)
}

// roundWait is how long round n of SignalRoundsCancelTheirTimers waits
// for a signal: an hour in the two rounds the driver signals, then briefly.
func roundWait(n int) time.Duration {
	if n < 2 {
		return time.Hour
	}
	return 10 * time.Millisecond
}

// awaitQueryState polls the workflow's "state" query until it answers
// want.
func awaitQueryState(ctx context.Context, c sdkclient.Client, id, want string) error {
	var got string
	for {
		v, err := c.QueryWorkflow(ctx, id, "", "state")
		if err == nil {
			err = v.Get(&got)
		}
		if err == nil && got == want {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("query state %q, want %q: %w", got, want, errors.Join(err, ctx.Err()))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

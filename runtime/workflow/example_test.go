package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// A workflow that charges a card, waits a day, and ships unless a cancel
// signal arrived first.
func Example() {
	_ = func(ctx workflow.Context, orderID string) (string, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		receipt, err := workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "ChargeCard", orderID))
		if err != nil {
			return "", err
		}
		cancelled := false
		s := workflow.NewSelector(ctx)
		s.AddReceive(workflow.GetSignalChannel(ctx, "cancel"), func(c workflow.ReceiveChannel, more bool) {
			c.Receive(ctx, nil)
			cancelled = true
		})
		s.AddFuture(workflow.NewTimer(ctx, 24*time.Hour), func(workflow.Future) {})
		s.Select(ctx)
		if cancelled {
			return "", workflow.ExecuteActivity(ctx, "Refund", receipt).Get(ctx, nil)
		}
		return receipt, workflow.ExecuteActivity(ctx, "Ship", orderID).Get(ctx, nil)
	}
}

// A workflow whose update handlers do work of their own waits for them
// before it returns, so no update's caller is left without its result.
func ExampleAllHandlersFinished() {
	_ = func(ctx workflow.Context) (int, error) {
		total := 0
		err := workflow.SetUpdateHandler(ctx, "add", func(ctx workflow.Context, n int) (int, error) {
			if err := workflow.Sleep(ctx, time.Second); err != nil { // work that blocks
				return 0, err
			}
			total += n
			return total, nil
		})
		if err != nil {
			return 0, err
		}
		workflow.GetSignalChannel(ctx, "close").Receive(ctx, nil)
		err = workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
		return total, err
	}
}

// A cron workflow that counts its runs: each run returns the count so far,
// and the next run reads it back.
func ExampleGetLastCompletionResult() {
	_ = func(ctx workflow.Context) (int, error) {
		runs := 0
		if workflow.HasLastCompletionResult(ctx) {
			if err := workflow.GetLastCompletionResult(ctx, &runs); err != nil {
				return 0, err
			}
		}
		if err := workflow.GetLastError(ctx); err != nil {
			workflow.GetLogger(ctx).Warn("the previous run failed", "error", err)
		}
		return runs + 1, nil
	}
}

// A workflow counts the orders it placed; a replay of the same code counts
// nothing again.
func ExampleGetMetricsHandler() {
	_ = func(ctx workflow.Context, region string) error {
		placed := workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"region": region}).Counter("orders_placed")
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		if err := workflow.ExecuteActivity(ctx, "PlaceOrder", region).Get(ctx, nil); err != nil {
			return err
		}
		placed.Inc(1)
		return nil
	}
}

// A workflow that is cancelled while it waits cleans up on a disconnected
// context and reports the cancellation.
func ExampleErrCanceled() {
	_ = func(ctx workflow.Context) error {
		err := workflow.Sleep(ctx, 24*time.Hour)
		if errors.Is(err, workflow.ErrCanceled) {
			cleanup, _ := workflow.NewDisconnectedContext(ctx)
			cleanup = workflow.WithActivityOptions(cleanup, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
			_ = workflow.ExecuteActivity(cleanup, "ReleaseReservation").Get(cleanup, nil)
		}
		return err
	}
}

// A timer whose summary the Temporal UI shows on the workflow's timeline;
// workflow.Sleep's timers say "Sleep".
func ExampleNewTimerWithOptions() {
	_ = func(ctx workflow.Context) error {
		window := workflow.NewTimerWithOptions(ctx, 30*time.Minute, workflow.TimerOptions{Summary: "payment window"})
		return window.Get(ctx, nil)
	}
}

// Descriptors like these are what generated code declares, once per
// activity, workflow, signal, query and update of a proto service.
type (
	exChargeRequest  struct{ OrderID string }
	exChargeResponse struct{ Receipt string }
)

var (
	chargeCard = workflow.ActivityDef[*exChargeRequest, *exChargeResponse]{
		Name:    "acme.orders.v1.Orders.ChargeCard",
		Options: workflow.ActivityOptions{StartToCloseTimeout: time.Minute},
		Local:   workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second},
	}
	shipment = workflow.WorkflowDef[*exChargeResponse, string]{
		Name: "acme.orders.v1.Orders.Ship",
		ID: func(ctx workflow.Context, req *exChargeResponse) (string, error) {
			return "ship-" + req.Receipt + "-" + workflow.NewUUID(ctx), nil
		},
	}
	cancelOrder = workflow.SignalDef[string]{Name: "acme.orders.v1.Orders.CancelOrder"}
	expedite    = workflow.SignalDef[bool]{Name: "acme.orders.v1.Orders.Expedite"}
	orderStatus = workflow.QueryDef[struct{}, string]{Name: "acme.orders.v1.Orders.Status"}
	addItem     = workflow.UpdateDef[string, int]{Name: "acme.orders.v1.Orders.AddItem"}
)

// A typed activity call: the request and response types are checked at
// compile time, and the call's options apply over the declared ones.
func ExampleActivityDef() {
	_ = func(ctx workflow.Context, orderID string) (string, error) {
		res, err := chargeCard.Execute(ctx, &exChargeRequest{OrderID: orderID}, workflow.WithHeartbeatTimeout(10*time.Second))
		if err != nil {
			return "", err
		}
		return res.Receipt, nil
	}
}

// Options set on the context override the declared defaults for a block
// of calls; a call's own options override both.
func ExampleActivityDef_ActivityOptions() {
	_ = func(ctx workflow.Context) workflow.ActivityOptions {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{TaskQueue: "payments-eu"})
		return chargeCard.ActivityOptions(ctx, workflow.WithStartToCloseTimeout(2*time.Minute))
		// TaskQueue "payments-eu", StartToCloseTimeout 2m
	}
}

// Two charges in parallel: the async call returns a typed future.
func ExampleActivityDef_ExecuteAsync() {
	_ = func(ctx workflow.Context) ([]string, error) {
		a := chargeCard.ExecuteAsync(ctx, &exChargeRequest{OrderID: "a"})
		b := chargeCard.ExecuteAsync(ctx, &exChargeRequest{OrderID: "b"})
		var receipts []string
		for _, f := range []workflow.FutureOf[*exChargeResponse]{a, b} {
			res, err := f.Get(ctx)
			if err != nil {
				return nil, err
			}
			receipts = append(receipts, res.Receipt)
		}
		return receipts, nil
	}
}

// A local activity by its registered name, and one that runs a function
// of the workflow's package: both are recorded as ChargeCard.
func ExampleActivityDef_ExecuteLocalFunc() {
	_ = func(ctx workflow.Context) error {
		if _, err := chargeCard.ExecuteLocal(ctx, &exChargeRequest{OrderID: "a"}); err != nil {
			return err
		}
		dryRun := func(_ context.Context, req *exChargeRequest) (*exChargeResponse, error) {
			return &exChargeResponse{Receipt: "dry-run-" + req.OrderID}, nil
		}
		_, err := chargeCard.ExecuteLocalFunc(ctx, dryRun, &exChargeRequest{OrderID: "b"}, workflow.WithLocalStartToCloseTimeout(time.Second))
		return err
	}
}

// A typed future read with Get.
func ExampleFutureOf() {
	_ = func(ctx workflow.Context) (string, error) {
		charged := chargeCard.ExecuteAsync(ctx, &exChargeRequest{OrderID: "a"})
		// ... other work while the card is charged ...
		res, err := charged.Get(ctx)
		if err != nil {
			return "", err
		}
		return res.Receipt, nil
	}
}

// A typed future raced against a timer: the selector's case gets the typed
// value.
func ExampleFutureOf_AddToSelector() {
	_ = func(ctx workflow.Context) (string, error) {
		charged := chargeCard.ExecuteAsync(ctx, &exChargeRequest{OrderID: "a"})
		receipt := ""
		var err error
		s := workflow.NewSelector(ctx)
		charged.AddToSelector(s, func(res *exChargeResponse, chargeErr error) {
			if err = chargeErr; err == nil {
				receipt = res.Receipt
			}
		})
		s.AddFuture(workflow.NewTimer(ctx, time.Hour), func(workflow.Future) { err = errors.New("charging took too long") })
		s.Select(ctx)
		return receipt, err
	}
}

// A child workflow whose ID comes from its template, signalled once it
// started, and cancelled without waiting for it to close.
func ExampleWorkflowDef_ExecuteChildAsync() {
	_ = func(ctx workflow.Context, receipt string) error {
		ctx, cancel := workflow.WithCancel(ctx)
		run := shipment.ExecuteChildAsync(ctx, &exChargeResponse{Receipt: receipt},
			workflow.WithChildCancellationType(workflow.ChildWorkflowCancellationWaitRequested))
		if _, err := run.WaitStart(ctx); err != nil {
			return err
		}
		if err := expedite.SignalChild(ctx, run, true).Get(ctx, nil); err != nil {
			return err
		}
		cancel()
		_, err := run.Get(ctx) // ErrCanceled once the server recorded the request
		return err
	}
}

// A long-running workflow continues as new, on another task queue, with
// a typed request.
func ExampleWorkflowDef_NewContinueAsNewError() {
	_ = func(ctx workflow.Context, req *exChargeResponse) (string, error) {
		if workflow.GetInfo(ctx).ContinueAsNewSuggested {
			return "", shipment.NewContinueAsNewError(ctx, req, workflow.WithContinueAsNewTaskQueue("shipping-v2"))
		}
		return req.Receipt, nil
	}
}

// Continue-as-new with options, for untyped code.
func ExampleNewContinueAsNewErrorWithOptions() {
	_ = func(ctx workflow.Context, page int) error {
		return workflow.NewContinueAsNewErrorWithOptions(ctx, workflow.ContinueAsNewOptions{BackoffStartInterval: time.Minute}, "PollFeed", page+1)
	}
}

// Typed signals: received with a timeout, or in a selector.
func ExampleSignalDef() {
	_ = func(ctx workflow.Context) (string, error) {
		cancels := cancelOrder.Channel(ctx)
		if reason, ok, _ := cancels.ReceiveWithTimeout(ctx, time.Hour); ok {
			return "cancelled: " + reason, nil
		}
		reason := ""
		cancels.AddToSelector(workflow.NewSelector(ctx), func(v string, more bool) { reason = v }).Select(ctx)
		return "cancelled late: " + reason, nil
	}
}

// A workflow signals another one with a typed payload.
func ExampleSignalDef_SignalExternal() {
	_ = func(ctx workflow.Context, otherOrder string) error {
		return cancelOrder.SignalExternal(ctx, otherOrder, "", "duplicate").Get(ctx, nil)
	}
}

// A typed channel over an untyped one.
func ExampleNewSignalChannelOf() {
	_ = func(ctx workflow.Context) int {
		n, _ := workflow.NewSignalChannelOf[int](workflow.GetSignalChannel(ctx, "count")).ReceiveAsync()
		return n
	}
}

// Typed query and update handlers, the update with a validator.
func ExampleUpdateDef_SetHandler() {
	_ = func(ctx workflow.Context) error {
		var items []string
		if err := orderStatus.SetHandler(ctx, func(struct{}) (string, error) {
			return fmt.Sprintf("%d items", len(items)), nil
		}); err != nil {
			return err
		}
		err := addItem.SetHandler(ctx, func(ctx workflow.Context, item string) (int, error) {
			items = append(items, item)
			return len(items), nil
		}, func(ctx workflow.Context, item string) error {
			if item == "" {
				return errors.New("an item needs a name")
			}
			return nil
		})
		if err != nil {
			return err
		}
		return workflow.Await(ctx, func() bool { return len(items) == 10 && workflow.AllHandlersFinished(ctx) })
	}
}

// A child workflow raced against a timer: the selector's case gets the
// child's typed result.
func ExampleChildRunOf_AddToSelector() {
	_ = func(ctx workflow.Context, receipt string) (string, error) {
		run := shipment.ExecuteChildAsync(ctx, &exChargeResponse{Receipt: receipt})
		tracking, err := "", error(nil)
		s := workflow.NewSelector(ctx)
		run.AddToSelector(s, func(v string, childErr error) { tracking, err = v, childErr })
		s.AddFuture(workflow.NewTimer(ctx, 48*time.Hour), func(workflow.Future) { err = errors.New("shipping took too long") })
		s.Select(ctx)
		return tracking, err
	}
}

// A typed query handler: the workflow answers with its state, read-only.
func ExampleQueryDef_SetHandler() {
	_ = func(ctx workflow.Context) error {
		status := "open"
		if err := orderStatus.SetHandler(ctx, func(struct{}) (string, error) { return status, nil }); err != nil {
			return err
		}
		status = "charged"
		return workflow.Sleep(ctx, time.Hour)
	}
}

// A local activity whose retries back off for longer than a second wait
// on a durable timer instead of holding the workflow task.
func ExampleWithLocalRetryThreshold() {
	_ = func(ctx workflow.Context) (*exChargeResponse, error) {
		return chargeCard.ExecuteLocal(ctx, &exChargeRequest{OrderID: "a"}, workflow.WithLocalRetryThreshold(time.Second))
	}
}

// Fan out one activity per item and wait for all of them: the workflow's
// sync.WaitGroup.
func ExampleWaitGroup() {
	_ = func(ctx workflow.Context, items []string) ([]string, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		results := make([]string, len(items))
		errs := make([]error, len(items))
		wg := workflow.NewWaitGroup(ctx)
		for i, item := range items {
			wg.Go(ctx, func(ctx workflow.Context) {
				errs[i] = workflow.ExecuteActivity(ctx, "Process", item).Get(ctx, &results[i])
			})
		}
		wg.Wait(ctx)
		return results, errors.Join(errs...)
	}
}

// Goroutines that each read shared state, run an activity and write the
// state back take a Mutex, so that one has written before the next reads.
func ExampleMutex() {
	_ = func(ctx workflow.Context) (int, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		balance := 0
		m := workflow.NewMutex(ctx)
		wg := workflow.NewWaitGroup(ctx)
		deposits := workflow.GetSignalChannel(ctx, "deposit")
		for range 3 {
			var amount int
			deposits.Receive(ctx, &amount)
			wg.Go(ctx, func(ctx workflow.Context) {
				if err := m.Lock(ctx); err != nil {
					return // cancelled while waiting
				}
				defer m.Unlock()
				var next int
				if err := workflow.ExecuteActivity(ctx, "Add", balance, amount).Get(ctx, &next); err == nil {
					balance = next
				}
			})
		}
		wg.Wait(ctx)
		return balance, nil
	}
}

// At most two activities run at once, however many items there are.
func ExampleSemaphore() {
	_ = func(ctx workflow.Context, items []string) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		sem := workflow.NewSemaphore(ctx, 2)
		wg := workflow.NewWaitGroup(ctx)
		for _, item := range items {
			if err := sem.Acquire(ctx, 1); err != nil {
				return err
			}
			wg.Go(ctx, func(ctx workflow.Context) {
				defer sem.Release(1)
				_ = workflow.ExecuteActivity(ctx, "Process", item).Get(ctx, nil)
			})
		}
		wg.Wait(ctx)
		return nil
	}
}

// An update handler that charges once per update, however often the
// caller retries it: the update ID keys the charges already made.
func ExampleGetCurrentUpdateInfo() {
	_ = func(ctx workflow.Context) error {
		charged := map[string]string{} // update ID -> receipt
		return workflow.SetUpdateHandler(ctx, "charge", func(ctx workflow.Context, cents int) (string, error) {
			id := workflow.GetCurrentUpdateInfo(ctx).ID
			if receipt, ok := charged[id]; ok {
				return receipt, nil
			}
			receipt, err := workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, "ChargeCard", cents))
			if err == nil {
				charged[id] = receipt
			}
			return receipt, err
		})
	}
}

// A workflow that continues as new every 1,000 items passes the signals
// it has not received yet on to the next run instead of losing them.
func ExampleGetUnhandledSignalNames() {
	var wf func(ctx workflow.Context, pending []string) error
	wf = func(ctx workflow.Context, pending []string) error {
		items := workflow.GetSignalChannel(ctx, "item")
		for range 1000 {
			var item string
			items.Receive(ctx, &item)
		}
		for _, name := range workflow.GetUnhandledSignalNames(ctx) {
			var item string
			for workflow.GetSignalChannel(ctx, name).ReceiveAsync(&item) {
				pending = append(pending, item)
			}
		}
		return workflow.NewContinueAsNewError(ctx, wf, pending)
	}
}

// Schedule one activity per warehouse in the same order on every replay.
func ExampleDeterministicKeys() {
	_ = func(ctx workflow.Context, stock map[string]int) error {
		var futures []workflow.Future
		for _, warehouse := range workflow.DeterministicKeys(stock) {
			futures = append(futures, workflow.ExecuteActivity(ctx, "Restock", warehouse, stock[warehouse]))
		}
		for _, f := range futures {
			if err := f.Get(ctx, nil); err != nil {
				return err
			}
		}
		return nil
	}
}

// A call whose payloads need an encoding of their own: the arguments of
// this activity are compressed, and its workers read them with the same
// converter; the workflow's other calls keep the worker's converter.
func ExampleWithDataConverter() {
	compressed := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	_ = func(ctx workflow.Context, report []byte) (string, error) {
		actx := workflow.WithActivityOptions(workflow.WithDataConverter(ctx, compressed),
			workflow.ActivityOptions{TaskQueue: "archive", StartToCloseTimeout: time.Minute})
		var location string
		err := workflow.ExecuteActivity(actx, "acme.archive.v1.Archive.Store", report).Get(actx, &location)
		return location, err
	}
}

// A registration in the style of generated code: each run builds its
// workflow with the user's constructor, then runs it. A constructor that
// forgets to return its workflow fails the workflow task with a message
// naming the workflow, and the run resumes once fixed code is deployed.
func ExampleBuildWorkflow() {
	type order interface {
		Execute(ctx workflow.Context) (string, error)
	}
	_ = func(newOrder func(workflow.Context, string) (order, error)) func(workflow.Context, string) (string, error) {
		return func(ctx workflow.Context, orderID string) (string, error) {
			o, err := workflow.BuildWorkflow(ctx, "ProcessOrder", newOrder, orderID)
			if err != nil {
				return "", err
			}
			return o.Execute(ctx)
		}
	}
}

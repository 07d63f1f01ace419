package workflow_test

import (
	"errors"
	"time"

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

package orders_test

// Checks of the generated orders code against what users of
// cludden/protoc-gen-go-temporal asked for.

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"testing"
	"time"

	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// probe runs fn as a one-off workflow on a worker of the test's own task
// queue that also runs the orders activities, and returns its result and
// the workflow ID.
func probe(t *testing.T, fn func(ctx workflow.Context, req *ordersv1.ChargeCardRequest) (*ordersv1.ChargeCardResponse, error)) (*client.Client, string, *ordersv1.ChargeCardResponse, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	c, err := client.Dial(ctx, client.Options{HostPort: server.Address(), Namespace: server.Namespace(),
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	tq := testenv.UniqueID(t)
	w, err := worker.New(c, tq, worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	name := "probe-" + tq
	if err := errors.Join(
		worker.RegisterWorkflowFunc(w.Registry, fn, worker.RegisterWorkflowOptions{Name: name}),
		ordersv1temporal.RegisterOrdersActivities(w.Registry, fastCharges()),
	); err != nil {
		t.Fatal(err)
	}
	if err := w.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = w.Stop(ctx)
	})
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: tq, TaskQueue: tq, ExecutionTimeout: 10 * time.Minute}, name,
		&ordersv1.ChargeCardRequest{CustomerId: "c-1", AmountCents: 100})
	if err != nil {
		t.Fatal(err)
	}
	var res *ordersv1.ChargeCardResponse
	err = run.Get(ctx, &res)
	return c, tq, res, err
}

// ChargeCard declares its timeouts but no local block: its generated
// local call runs with the activity's own timeouts and retry policy, as
// the prior art's did, rather than fail for want of a timeout.
func TestALocalCallOfAnActivityWithoutALocalBlock(t *testing.T) {
	t.Parallel()
	_, _, res, err := probe(t, func(ctx workflow.Context, req *ordersv1.ChargeCardRequest) (*ordersv1.ChargeCardResponse, error) {
		return ordersv1temporal.ChargeCardLocal(ctx, req)
	})
	if err != nil || res.GetChargeId() == "" {
		t.Fatalf("ChargeCardLocal without options: %v (result %v); want the charge, run with the activity's annotated timeouts", err, res)
	}
}

// Every annotated activity option reaches the scheduled event: priority,
// timeouts and the retry policy's non-retryable error types, which users
// of the prior art found missing.
func TestTheActivityAnnotationReachesHistory(t *testing.T) {
	t.Parallel()
	c, id, _, err := probe(t, func(ctx workflow.Context, req *ordersv1.ChargeCardRequest) (*ordersv1.ChargeCardResponse, error) {
		return ordersv1temporal.ChargeCard(ctx, req, workflow.WithActivityTaskQueue(workflow.GetInfo(ctx).TaskQueue))
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := replay.FetchHistory(t.Context(), c, id, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range h.GetEvents() {
		a := ev.GetActivityTaskScheduledEventAttributes()
		if a == nil {
			continue
		}
		rp := a.GetRetryPolicy()
		switch {
		case a.GetPriority().GetPriorityKey() != 1:
			t.Errorf("priority %v, want priority_key 1", a.GetPriority())
		case a.GetStartToCloseTimeout().AsDuration() != 30*time.Second, a.GetScheduleToStartTimeout().AsDuration() != time.Minute,
			a.GetScheduleToCloseTimeout().AsDuration() != 5*time.Minute, a.GetHeartbeatTimeout().AsDuration() != 5*time.Second:
			t.Errorf("timeouts %v/%v/%v/%v, want the annotation's", a.GetStartToCloseTimeout(), a.GetScheduleToStartTimeout(), a.GetScheduleToCloseTimeout(), a.GetHeartbeatTimeout())
		case rp.GetMaximumAttempts() != 5 || rp.GetBackoffCoefficient() != 1.5 || len(rp.GetNonRetryableErrorTypes()) != 1 || rp.GetNonRetryableErrorTypes()[0] != "CardDeclined":
			t.Errorf("retry policy %v, want the annotation's", rp)
		}
		return
	}
	t.Fatal("no ActivityTaskScheduled event")
}

package orders_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/workflowdef/workflowdef/examples/orders"
	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// wantShipped checks the outcome of a one-book order that was shipped.
func wantShipped(t *testing.T, req *ordersv1.ProcessOrderRequest, res *ordersv1.ProcessOrderResponse) {
	t.Helper()
	if res.GetStatus().GetState() != ordersv1.State_STATE_SHIPPED || res.GetTrackingId() != orders.TrackingID(req.GetOrderId()) ||
		res.GetStatus().GetTotalCents() != 1500 || len(res.GetStatus().GetItems()) != 1 {
		t.Errorf("result %v; want the book shipped under tracking %s", res, orders.TrackingID(req.GetOrderId()))
	}
}

func TestExecuteRunsAnOrderToItsDelivery(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, 0)
	id, err := ordersv1temporal.ProcessOrderWorkflowID(req)
	if err != nil {
		t.Fatal(err)
	}
	e.track(id)
	e.track("shipment-" + req.GetOrderId())
	res, err := e.orders.ProcessOrder(e.ctx(), req, e.onQueue())
	if err != nil {
		t.Fatal(err)
	}
	wantShipped(t, req, res)
}

func TestStartThenGetByID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, 0)
	run := e.start(req)
	e.track("shipment-" + req.GetOrderId())
	if run.RunID() == "" {
		t.Error("the started run has no run ID")
	}
	// Another process finds the order by its ID alone.
	res, err := e.orders.GetProcessOrder(run.ID(), "").Get(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	wantShipped(t, req, res)
	again, err := run.Get(e.ctx())
	if err != nil || !proto.Equal(again, res) {
		t.Errorf("the start's run: %v, %v; want %v", again, err, res)
	}
}

func TestCancelOrderSignalEndsAnOpenOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	run := e.start(newOrder(t, time.Hour))
	if err := run.CancelOrder(e.ctx(), &ordersv1.CancelOrderRequest{Reason: "changed my mind"}); err != nil {
		t.Fatal(err)
	}
	res, err := run.Get(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED {
		t.Errorf("state %s, want cancelled", res.GetStatus().GetState())
	}
	signals := countEvents(e.history(run.ID()), enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
	if signals != 1 {
		t.Errorf("%d signals in history, want 1", signals)
	}
}

// TestCancelOrderSignalByWorkflowID signals an order known only by its ID:
// through the run the client finds for it, typed to the workflow's signals.
func TestCancelOrderSignalByWorkflowID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	run := e.start(newOrder(t, time.Hour))
	if err := e.orders.GetProcessOrder(run.ID(), "").CancelOrder(e.ctx(), &ordersv1.CancelOrderRequest{Reason: "duplicate"}); err != nil {
		t.Fatal(err)
	}
	res, err := run.Get(e.ctx())
	if err != nil || res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED {
		t.Errorf("result %v, %v; want cancelled", res, err)
	}
}

func TestGetStatusQueryReadsTheOpenOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, time.Hour)
	req.Items = append(req.Items, &ordersv1.Item{Sku: "pen", Quantity: 4, PriceCents: 250})
	run := e.start(req)
	for name, query := range map[string]func() (*ordersv1.OrderStatus, error){
		"run": func() (*ordersv1.OrderStatus, error) { return run.GetStatus(e.ctx()) },
		"by ID": func() (*ordersv1.OrderStatus, error) {
			return e.orders.GetProcessOrder(run.ID(), "").GetStatus(e.ctx())
		},
		// The exported descriptor asks any workflow ID, whatever its type.
		"descriptor": func() (*ordersv1.OrderStatus, error) {
			return ordersv1temporal.GetStatusQueryDef.Query(e.ctx(), e.c, run.ID(), "", &emptypb.Empty{})
		},
	} {
		status, err := query()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if status.GetState() != ordersv1.State_STATE_OPEN || len(status.GetItems()) != 2 || status.GetTotalCents() != 2500 {
			t.Errorf("%s: status %v; want open, 2 items, 2500 cents", name, status)
		}
	}
}

func TestAddItemUpdateSyncAndAsync(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	run := e.start(newOrder(t, time.Hour))

	added, err := run.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "pen", Quantity: 2, RequestId: "r1"})
	if err != nil || added.GetItemCount() != 2 {
		t.Fatalf("sync AddItem: %v, %v; want 2 items", added, err)
	}
	h, err := run.AddItemAsync(e.ctx(), &ordersv1.AddItemRequest{Sku: "lamp", Quantity: 1, RequestId: "r2"})
	if err != nil {
		t.Fatal(err)
	}
	// The update ID comes from the template item-{sku}-{request_id}.
	if h.UpdateID() != "item-lamp-r2" {
		t.Errorf("update ID %q, want item-lamp-r2", h.UpdateID())
	}
	if added, err = h.Get(e.ctx()); err != nil || added.GetItemCount() != 3 {
		t.Fatalf("async AddItem: %v, %v; want 3 items", added, err)
	}
	// A handle found again by workflow and update ID gives the same result.
	byID := e.orders.GetProcessOrder(run.ID(), "")
	if again, err := byID.GetAddItem(h.UpdateID()).Get(e.ctx()); err != nil || again.GetItemCount() != 3 {
		t.Errorf("GetAddItem: %v, %v; want 3 items", again, err)
	}
	// Through a run found by workflow ID.
	if added, err = byID.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "book", Quantity: 1, RequestId: "r3"}); err != nil || added.GetItemCount() != 4 {
		t.Fatalf("client AddItem: %v, %v; want 4 items", added, err)
	}
	status, err := run.GetStatus(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	// 1 book + 2 pens + 1 lamp + 1 book, at the catalog's prices.
	if want := int64(1500 + 2*250 + 4900 + 1500); status.GetTotalCents() != want {
		t.Errorf("total %d cents, want %d", status.GetTotalCents(), want)
	}
}

func TestAddItemValidatorRefusesAZeroQuantityWithoutATrace(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	run := e.start(newOrder(t, time.Hour))
	_, err := run.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "pen", Quantity: 0, RequestId: "r1"})
	var refused *client.UpdateFailedError
	if !errors.As(err, &refused) || !strings.Contains(err.Error(), "quantity 0") {
		t.Fatalf("AddItem of a zero quantity: %v; want an UpdateFailedError naming the quantity", err)
	}
	// The order goes on: the next item is its second.
	if added, err := run.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: "r2"}); err != nil || added.GetItemCount() != 2 {
		t.Fatalf("AddItem after the refusal: %v, %v", added, err)
	}
	h := e.history(run.ID())
	if n := countEvents(h, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED); n != 1 {
		t.Errorf("%d updates accepted in history, want only the valid one", n)
	}
	if n := countEvents(h, enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED); n != 0 {
		t.Errorf("%d WorkflowTaskFailed events", n)
	}
}

// pendingCharge waits until the order's ChargeCard activity is pending
// and check accepts it.
func (e *env) pendingCharge(workflowID string, check func(attempt int32, lastFailure string, heartbeat bool) error) {
	e.t.Helper()
	e.eventually("waiting for a pending ChargeCard", func(ctx context.Context) error {
		desc, err := e.c.DescribeWorkflow(ctx, workflowID, "")
		if err != nil {
			return err
		}
		for _, a := range desc.Response.GetPendingActivities() {
			if a.GetActivityType().GetName() == ordersv1temporal.ChargeCardActivityName {
				return check(a.GetAttempt(), a.GetLastFailure().GetMessage(), len(a.GetHeartbeatDetails().GetPayloads()) > 0)
			}
		}
		return errors.New("no ChargeCard pending")
	})
}

func TestAddItemValidatorRefusesAnOrderBeingCharged(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &orders.Activities{ChargeStep: time.Second})
	req := newOrder(t, 0)
	run := e.start(req)
	e.track("shipment-" + req.GetOrderId())
	e.pendingCharge(run.ID(), func(int32, string, bool) error { return nil })
	_, err := run.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: "late"})
	var refused *client.UpdateFailedError
	if !errors.As(err, &refused) || !strings.Contains(err.Error(), "being charged") {
		t.Fatalf("AddItem while charging: %v; want an UpdateFailedError saying the order is being charged", err)
	}
	res, err := run.Get(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	wantShipped(t, req, res)
	if n := countEvents(e.history(run.ID()), enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED); n != 0 {
		t.Errorf("%d updates accepted in history, want none", n)
	}
}

func TestChargeCardIsRetriedAndHeartbeats(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &orders.Activities{ChargeStep: time.Second})
	req := newOrder(t, 0)
	run := e.start(req)
	e.track("shipment-" + req.GetOrderId())
	// The fake provider fails the first attempt after it authorized; the
	// second attempt runs with the first's failure and last heartbeat.
	e.pendingCharge(run.ID(), func(attempt int32, lastFailure string, heartbeat bool) error {
		if attempt != 2 || !strings.Contains(lastFailure, "payment provider timed out") || !heartbeat {
			return fmt.Errorf("attempt %d, last failure %q, heartbeat details %v; want attempt 2 after the timeout, with details", attempt, lastFailure, heartbeat)
		}
		return nil
	})
	res, err := run.Get(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	wantShipped(t, req, res)
	for _, ev := range e.history(run.ID()).GetEvents() {
		if a := ev.GetActivityTaskStartedEventAttributes(); a != nil && a.GetAttempt() != 2 {
			t.Errorf("ChargeCard completed on attempt %d, want 2", a.GetAttempt())
		}
	}
}

func TestSignalWithStartStartsAndSignalsTheOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, time.Hour)
	run, err := e.orders.ProcessOrderWithCancelOrder(e.ctx(), req, &ordersv1.CancelOrderRequest{Reason: "test"}, e.onQueue())
	if err != nil {
		t.Fatal(err)
	}
	e.track(run.ID())
	res, err := run.Get(e.ctx())
	if err != nil || res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED {
		t.Fatalf("result %v, %v; want cancelled", res, err)
	}
}

// The annotation's id_conflict_policy FAIL is for plain starts: a
// signal-with-start reaches the order that runs.
func TestSignalWithStartSignalsARunningOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, time.Hour)
	run := e.start(req)
	again, err := e.orders.ProcessOrderWithCancelOrder(e.ctx(), req, &ordersv1.CancelOrderRequest{Reason: "test"}, e.onQueue())
	if err != nil {
		t.Fatal(err)
	}
	if again.RunID() != run.RunID() {
		t.Errorf("signal-with-start ran %s, want the running %s", again.RunID(), run.RunID())
	}
	if res, err := run.Get(e.ctx()); err != nil || res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED {
		t.Fatalf("result %v, %v; want cancelled", res, err)
	}
	// A plain start of the running ID fails, as the annotation says.
	var started *client.WorkflowAlreadyStartedError
	if _, err := e.orders.ProcessOrderAsync(e.ctx(), req, e.onQueue(), client.WithIDReusePolicy(enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)); !errors.As(err, &started) {
		t.Errorf("second plain start: %v, want a WorkflowAlreadyStartedError", err)
	}
}

func TestUpdateWithStartStartsOrUpdatesTheOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, time.Hour)
	h, run, err := e.orders.ProcessOrderWithAddItem(e.ctx(), req, &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: "r1"},
		client.WithStart(e.onQueue()))
	if err != nil {
		t.Fatal(err)
	}
	e.track(run.ID())
	if added, err := h.Get(e.ctx()); err != nil || added.GetItemCount() != 2 || !run.Untyped().Started() {
		t.Fatalf("first update-with-start: %v, %v, started %v; want 2 items in a new order", added, err, run.Untyped().Started())
	}
	// The order runs: the second call updates it and starts nothing.
	h, again, err := e.orders.ProcessOrderWithAddItem(e.ctx(), req, &ordersv1.AddItemRequest{Sku: "lamp", Quantity: 1, RequestId: "r2"},
		client.WithStart(e.onQueue()))
	if err != nil {
		t.Fatal(err)
	}
	if added, err := h.Get(e.ctx()); err != nil || added.GetItemCount() != 3 || again.Untyped().Started() || again.RunID() != run.RunID() {
		t.Errorf("second update-with-start: %v, %v, started %v, run %s; want 3 items in run %s", added, err, again.Untyped().Started(), again.RunID(), run.RunID())
	}
}

func TestShipOrderChildIsSignalledThroughItsRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, 0)
	run := e.start(req)
	shipmentID, err := ordersv1temporal.ShipOrderWorkflowID(&ordersv1.ShipOrderRequest{OrderId: req.GetOrderId()})
	if err != nil {
		t.Fatal(err)
	}
	e.track(shipmentID)
	if _, err := run.Get(e.ctx()); err != nil {
		t.Fatal(err)
	}
	parent := e.history(run.ID())
	if countEvents(parent, enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED) != 1 || countEvents(parent, enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED) != 1 {
		t.Errorf("the order's history lacks the completed child or the signal it sent it")
	}
	desc, err := e.orders.GetShipOrder(shipmentID, "").Describe(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if desc.ParentWorkflowID != run.ID() || desc.WorkflowType != ordersv1temporal.ShipOrderWorkflowName || desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		t.Errorf("shipment: parent %q, type %q, %s", desc.ParentWorkflowID, desc.WorkflowType, desc.Status)
	}
	var signalled []string
	for _, ev := range e.history(shipmentID).GetEvents() {
		if a := ev.GetWorkflowExecutionSignaledEventAttributes(); a != nil {
			signalled = append(signalled, a.GetSignalName())
		}
	}
	if !slices.Equal(signalled, []string{ordersv1temporal.ConfirmDeliverySignalName}) {
		t.Errorf("shipment received %v, want one %s", signalled, ordersv1temporal.ConfirmDeliverySignalName)
	}
}

func TestReserveInventoryRunsAsALocalActivity(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, 0)
	run := e.start(req)
	e.track("shipment-" + req.GetOrderId())
	if _, err := run.Get(e.ctx()); err != nil {
		t.Fatal(err)
	}
	var markers, scheduled []string
	for _, ev := range e.history(run.ID()).GetEvents() {
		if a := ev.GetMarkerRecordedEventAttributes(); a != nil {
			markers = append(markers, a.GetMarkerName()+" "+fmt.Sprint(a.GetDetails()))
		}
		if a := ev.GetActivityTaskScheduledEventAttributes(); a != nil {
			scheduled = append(scheduled, a.GetActivityType().GetName())
		}
	}
	// A marker records the local activity under its proto name; only
	// ChargeCard went through the task queue.
	if len(markers) != 1 || !strings.HasPrefix(markers[0], "LocalActivity ") || !strings.Contains(markers[0], ordersv1temporal.ReserveInventoryActivityName) {
		t.Errorf("markers %q; want one LocalActivity marker for %s", markers, ordersv1temporal.ReserveInventoryActivityName)
	}
	if !slices.Equal(scheduled, []string{ordersv1temporal.ChargeCardActivityName}) {
		t.Errorf("activities scheduled: %v, want only ChargeCard", scheduled)
	}
}

func TestContinueAsNewKeepsTheQueryAndUpdateHandlers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	run := e.start(newOrder(t, time.Hour))
	for i := range orders.ItemsPerRun {
		if _, err := run.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	var latest string
	e.eventually("waiting for the continue-as-new", func(ctx context.Context) error {
		desc, err := run.Describe(ctx)
		if err != nil {
			return err
		}
		if latest = desc.RunID; latest == run.RunID() {
			return errors.New("still the first run")
		}
		return nil
	})
	// The run handle addresses the latest run: the query and the update
	// reach the new run's handlers, which carry the order on.
	status, err := run.GetStatus(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + orders.ItemsPerRun; status.GetState() != ordersv1.State_STATE_OPEN || len(status.GetItems()) != want {
		t.Errorf("status after continue-as-new: %v; want open with %d items", status, want)
	}
	added, err := run.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "lamp", Quantity: 1, RequestId: "after"})
	if err != nil || added.GetItemCount() != int32(2+orders.ItemsPerRun) {
		t.Fatalf("AddItem after continue-as-new: %v, %v", added, err)
	}
	h, err := run.AddItemAsync(e.ctx(), &ordersv1.AddItemRequest{Sku: "book", Quantity: 1, RequestId: "after"})
	if err != nil {
		t.Fatal(err)
	}
	if h.RunID() != latest {
		t.Errorf("async update accepted by run %s, want the new run %s", h.RunID(), latest)
	}
	if _, err := h.Get(e.ctx()); err != nil {
		t.Fatal(err)
	}
	if err := run.CancelOrder(e.ctx(), &ordersv1.CancelOrderRequest{Reason: "done"}); err != nil {
		t.Fatal(err)
	}
	// Get follows the chain of runs to the last one's result.
	res, err := run.Get(e.ctx())
	if err != nil || res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED || len(res.GetStatus().GetItems()) != 3+orders.ItemsPerRun {
		t.Errorf("result %v, %v", res, err)
	}
	started := e.history(run.ID()).GetEvents()[0].GetWorkflowExecutionStartedEventAttributes()
	if started.GetContinuedExecutionRunId() != run.RunID() {
		t.Errorf("the last run continued %q, want the first run %s", started.GetContinuedExecutionRunId(), run.RunID())
	}
}

// Cancel and Terminate through the run handle close the order as the
// server says: cancelled (the workflow saw its context end) or
// terminated (it never ran again).
func TestCancelAndTerminateCloseTheOrder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		close  func(context.Context, *ordersv1temporal.ProcessOrderRun) error
		status enumspb.WorkflowExecutionStatus
		isErr  func(error) bool
	}{
		{"cancel", func(ctx context.Context, run *ordersv1temporal.ProcessOrderRun) error { return run.Cancel(ctx, "test") },
			enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED, func(err error) bool { return errors.As(err, new(*temporal.CanceledError)) }},
		{"terminate", func(ctx context.Context, run *ordersv1temporal.ProcessOrderRun) error {
			return run.Terminate(ctx, "fraud")
		},
			enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, func(err error) bool { return errors.As(err, new(*temporal.TerminatedError)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, fastCharges())
			run := e.start(newOrder(t, time.Hour))
			e.settled(run.ID())
			if err := tc.close(e.ctx(), run); err != nil {
				t.Fatal(err)
			}
			if _, err := run.Get(e.ctx()); !tc.isErr(err) {
				t.Fatalf("Get after %s: %v", tc.name, err)
			}
			if desc, err := run.Describe(e.ctx()); err != nil || desc.Status != tc.status {
				t.Errorf("Describe after %s: %v, %v; want %s", tc.name, desc.Status, err, tc.status)
			}
		})
	}
}

// TestAStaleRunHandleLeavesTheNextOrderUnderItsIDAlone terminates an
// order, starts it again under the same workflow ID (its ID reuse policy
// allows that after a failure), and keeps the first order's run handle:
// its updates and cancel fail, naming what happened, and the new order
// is untouched.
func TestAStaleRunHandleLeavesTheNextOrderUnderItsIDAlone(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, time.Hour)
	first := e.start(req)
	if err := first.Terminate(e.ctx(), "entered twice"); err != nil {
		t.Fatal(err)
	}
	again, err := e.orders.ProcessOrderAsync(e.ctx(), req, e.onQueue())
	if err != nil {
		t.Fatal(err)
	}
	if again.ID() != first.ID() || again.RunID() == first.RunID() {
		t.Fatalf("runs %s/%s and %s/%s: want one workflow ID, two runs", first.ID(), first.RunID(), again.ID(), again.RunID())
	}
	var other *client.OtherExecutionChainError
	if _, err := first.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: "r1"}); !errors.As(err, &other) || other.LatestFirstRunID != again.RunID() {
		t.Errorf("AddItem through the stale handle: %v, want an OtherExecutionChainError", err)
	}
	if err := first.Cancel(e.ctx(), "stale"); !errors.As(err, &other) {
		t.Errorf("Cancel through the stale handle: %v, want an OtherExecutionChainError", err)
	}
	status, err := again.GetStatus(e.ctx())
	if err != nil || status.GetState() != ordersv1.State_STATE_OPEN || len(status.GetItems()) != 1 {
		t.Errorf("the new order: %v, %v; want open with its one book", status, err)
	}
}

func TestDescribeThroughTheRunHandle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	run := e.start(newOrder(t, time.Hour))
	desc, err := run.Describe(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if desc.WorkflowID != run.ID() || desc.RunID != run.RunID() || desc.WorkflowType != ordersv1temporal.ProcessOrderWorkflowName ||
		desc.TaskQueue != e.taskQueue || desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Errorf("Describe: %+v", desc.WorkflowExecutionInfo)
	}
	// The annotation's timeouts reached the server.
	cfg := desc.Response.GetExecutionConfig()
	if cfg.GetWorkflowExecutionTimeout().AsDuration() != 24*time.Hour || cfg.GetWorkflowRunTimeout().AsDuration() != 12*time.Hour || cfg.GetDefaultWorkflowTaskTimeout().AsDuration() != 10*time.Second {
		t.Errorf("execution config %v; want the annotation's 24h, 12h and 10s", cfg)
	}
}

func TestWorkflowIDRenderedFromNestedFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, time.Hour)
	req.Customer.Id = "c-1987"
	run := e.start(req)
	if want := "order-c-1987-" + req.GetOrderId(); run.ID() != want {
		t.Errorf("workflow ID %q, want %q", run.ID(), want)
	}
	if desc, err := e.c.DescribeWorkflow(e.ctx(), "order-c-1987-"+req.GetOrderId(), ""); err != nil || desc.RunID != run.RunID() {
		t.Errorf("the workflow under the rendered ID: %v", err)
	}
}

func TestEmptyTemplateFieldFailsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	// The start options' templates render before the ID's, so a field
	// several templates read is reported for the first of them.
	for _, tc := range []struct {
		name, kind, field string
		edit              func(*ordersv1.ProcessOrderRequest)
	}{
		{"no customer", "fairness key", "customer", func(r *ordersv1.ProcessOrderRequest) { r.Customer = nil }},
		{"no customer ID", `search attribute "CustomerId"`, "customer.id", func(r *ordersv1.ProcessOrderRequest) { r.Customer.Id = "" }},
		{"no order ID", `memo "summary"`, "order_id", func(r *ordersv1.ProcessOrderRequest) { r.OrderId = "" }},
		{"no tier", "fairness key", "customer.tier", func(r *ordersv1.ProcessOrderRequest) { r.Customer.Tier = "" }},
		{"no placed_at", `search attribute "OrderPlacedAt"`, "placed_at", func(r *ordersv1.ProcessOrderRequest) { r.PlacedAt = nil }},
		{"no name", `memo "summary"`, "customer.name", func(r *ordersv1.ProcessOrderRequest) { r.Customer.Name = "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := newOrder(t, time.Hour)
			tc.edit(req)
			before := len(e.requests.calls())
			_, err := e.orders.ProcessOrderAsync(e.ctx(), req, e.onQueue())
			var empty *temporal.TemplateFieldError
			if !errors.As(err, &empty) || empty.Field != tc.field || empty.Kind != tc.kind {
				t.Fatalf("start: %v; want a TemplateFieldError for the %s's field %s", err, tc.kind, tc.field)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("the error %q does not name the field", err)
			}
			if sent := e.requests.calls()[before:]; len(sent) != 0 {
				t.Errorf("requests sent: %v", sent)
			}
		})
	}
	// The ID template alone, for a request without an order ID.
	_, err := ordersv1temporal.ProcessOrderWorkflowID(&ordersv1.ProcessOrderRequest{Customer: &ordersv1.Customer{Id: "c-42"}})
	var empty *temporal.TemplateFieldError
	if !errors.As(err, &empty) || empty.Kind != "workflow ID" || empty.Field != "order_id" || empty.Template != "order-{customer.id}-{order_id}" {
		t.Errorf("ProcessOrderWorkflowID without an order ID: %v", err)
	}
	before := len(e.requests.calls())
	if _, err := e.orders.ShipOrderAsync(e.ctx(), &ordersv1.ShipOrderRequest{}, e.onQueue()); !errors.As(err, &empty) || empty.Kind != "workflow ID" || empty.Field != "order_id" {
		t.Errorf("ShipOrder without an order ID: %v", err)
	}
	if sent := e.requests.calls()[before:]; len(sent) != 0 {
		t.Errorf("requests sent: %v", sent)
	}
	// No workflow exists under the ID an empty order ID would have made.
	var notFound *client.NotFoundError
	if _, err := e.c.DescribeWorkflow(e.ctx(), "order-c-42-", ""); !errors.As(err, &notFound) {
		t.Errorf("describe order-c-42-: %v, want a NotFoundError", err)
	}

	// An update's ID template too.
	run := e.start(newOrder(t, time.Hour))
	before = len(e.requests.calls())
	_, err = run.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1})
	if !errors.As(err, &empty) || empty.Field != "request_id" || empty.Kind != "update ID" {
		t.Fatalf("AddItem without a request ID: %v", err)
	}
	if sent := e.requests.calls()[before:]; len(sent) != 0 {
		t.Errorf("requests sent: %v", sent)
	}
}

func TestSearchAttributesAndMemoFromTemplatesInDescribe(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, time.Hour)
	run := e.start(req)
	desc, err := run.Describe(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	sa := desc.SearchAttributes
	if v, _ := temporal.GetSearchAttribute(sa, temporal.NewSearchAttributeKeyKeyword("CustomerId")); v != "c-42" {
		t.Errorf("CustomerId %q, want c-42", v)
	}
	if v, _ := temporal.GetSearchAttribute(sa, temporal.NewSearchAttributeKeyKeywordList("OrderTags")); !slices.Equal(v, []string{"gift", "express"}) {
		t.Errorf("OrderTags %q, want the request's tags", v)
	}
	if v, _ := temporal.GetSearchAttribute(sa, temporal.NewSearchAttributeKeyTime("OrderPlacedAt")); !v.Equal(req.GetPlacedAt().AsTime()) {
		t.Errorf("OrderPlacedAt %v, want %v", v, req.GetPlacedAt().AsTime())
	}
	if v, _ := temporal.GetSearchAttribute(sa, temporal.NewSearchAttributeKeyKeyword("OrderChannel")); v != "web" {
		t.Errorf("OrderChannel %q, want the literal web", v)
	}
	var customer ordersv1.Customer
	if err := desc.Memo.Get("customer", &customer); err != nil || !proto.Equal(&customer, req.GetCustomer()) {
		t.Errorf("memo customer: %v, %v; want the request's customer", &customer, err)
	}
	var summary string
	if err := desc.Memo.Get("summary", &summary); err != nil || summary != "order "+req.GetOrderId()+" for Ada Lovelace" {
		t.Errorf("memo summary %q, %v", summary, err)
	}
	// And the fairness key and priority of the annotation.
	prio := desc.Raw.GetPriority()
	if prio.GetPriorityKey() != 2 || prio.GetFairnessKey() != "gold" || prio.GetFairnessWeight() != 1.5 {
		t.Errorf("priority %v; want key 2, fairness gold × 1.5", prio)
	}
}

func TestEagerStartHandsTheFirstTaskToThisProcess(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	run := e.start(newOrder(t, time.Hour))
	if got := e.requests.lastStart(); !got.asked || !got.given {
		t.Fatalf("start asked for eager execution %v, got its task %v; want both", got.asked, got.given)
	}
	// The first task was started by the start itself, under the client's
	// identity, not polled by the worker.
	var firstTask string
	e.eventually("waiting for the first workflow task", func(ctx context.Context) error {
		events := e.history(run.ID()).GetEvents()
		if len(events) < 3 {
			return errors.New("history too short")
		}
		if events[2].GetEventType() != enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED {
			return fmt.Errorf("third event %s", events[2].GetEventType())
		}
		firstTask = events[2].GetWorkflowTaskStartedEventAttributes().GetIdentity()
		return nil
	})
	if firstTask != e.c.Identity() {
		t.Errorf("first task started by %q, want the starting client %q", firstTask, e.c.Identity())
	}
	// Turned off at the call, the start asks for nothing.
	req := newOrder(t, time.Hour)
	req.OrderId += "-polled"
	if _, err := e.orders.ProcessOrderAsync(e.ctx(), req, e.onQueue(), client.WithEagerStart(false)); err != nil {
		t.Fatal(err)
	}
	e.track("order-c-42-" + req.GetOrderId())
	if got := e.requests.lastStart(); got.asked {
		t.Error("WithEagerStart(false) still asked for eager execution")
	}
}

// TestRegisteringNothingIsAnError: a nil implementation or constructor is
// refused when it is registered, with a message naming it, rather than
// panic there or in every run.
func TestRegisteringNothingIsAnError(t *testing.T) {
	r := worker.NewRegistry()
	for name, err := range map[string]error{
		"workflows":   ordersv1temporal.RegisterOrdersWorkflows(r, nil),
		"activities":  ordersv1temporal.RegisterOrdersActivities(r, nil),
		"constructor": ordersv1temporal.RegisterProcessOrderWorkflow(r, nil),
	} {
		if err == nil || !strings.Contains(err.Error(), "is nil; pass") {
			t.Errorf("registering nil %s: %v", name, err)
		}
	}
}

// TestProcessOrderRunsOnASchedule schedules the generated workflow through
// its WorkflowDef, with the annotation's defaults: the schedule's first
// action runs the order to its delivery under the ID template's ID with
// the scheduled time appended.
func TestProcessOrderRunsOnASchedule(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fastCharges())
	req := newOrder(t, 0)
	e.track("shipment-" + req.GetOrderId())
	action, err := ordersv1temporal.ProcessOrderWorkflowDef.ScheduleAction(req, e.onQueue())
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.c.CreateSchedule(e.ctx(), client.ScheduleOptions{
		ID:                 "orders-" + req.GetOrderId(),
		Spec:               client.ScheduleSpec{CronStrings: []string{"@yearly"}},
		Action:             action,
		TriggerImmediately: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Delete(context.Background()) })
	var started client.WorkflowExecution
	e.eventually("the scheduled order", func(ctx context.Context) error {
		d, err := h.Describe(ctx)
		if err != nil {
			return err
		}
		if len(d.RecentActions) == 0 {
			return errors.New("no action yet")
		}
		started = d.RecentActions[0].Workflow
		return nil
	})
	e.track(started.ID)
	if want, _ := ordersv1temporal.ProcessOrderWorkflowID(req); !strings.HasPrefix(started.ID, want+"-") {
		t.Errorf("scheduled workflow ID %q, want the template's %q and the time", started.ID, want)
	}
	res, err := e.orders.GetProcessOrder(started.ID, started.RunID).Get(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	wantShipped(t, req, res)
}

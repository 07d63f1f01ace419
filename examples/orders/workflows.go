package orders

import (
	"errors"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// ItemsPerRun is how many items one run of ProcessOrder takes through
// AddItem before it continues as new. Real orders would take hundreds; a
// small number lets the demo and the tests see the continue-as-new.
const ItemsPerRun = 3

// Workflows builds the runs of the Orders service's workflows. The
// generated registration calls its methods once per run, with the run's
// request and typed signal channels, and routes queries and updates to
// what they return.
type Workflows struct{}

var _ ordersv1temporal.OrdersWorkflows = Workflows{}

// ProcessOrder builds a run of ProcessOrder. A request the order cannot be
// made of fails the workflow without retries: InvalidOrder is in the
// workflow's non_retryable_error_types.
func (Workflows) ProcessOrder(ctx workflow.Context, in *ordersv1temporal.ProcessOrderWorkflowInput) (ordersv1temporal.ProcessOrderWorkflow, error) {
	for _, item := range in.Req.GetItems() {
		if item.GetQuantity() <= 0 {
			return nil, temporal.NewApplicationError(fmt.Sprintf("item %q has quantity %d; quantities are positive", item.GetSku(), item.GetQuantity()), "InvalidOrder")
		}
	}
	o := &processOrder{
		req:         in.Req,
		cancelOrder: in.CancelOrder,
		status:      &ordersv1.OrderStatus{State: ordersv1.State_STATE_OPEN},
	}
	for _, item := range in.Req.GetItems() {
		o.add(item)
	}
	return o, nil
}

// processOrder is one run of ProcessOrder. Its methods run one at a time
// (workflow code is single-threaded), so the update and query handlers
// read and change its fields without locks.
type processOrder struct {
	req         *ordersv1.ProcessOrderRequest
	cancelOrder workflow.SignalChannelOf[*ordersv1.CancelOrderRequest]
	status      *ordersv1.OrderStatus
	// added counts the items AddItem added in this run.
	added int32
	// closed says why the order takes no more items ("" while it does).
	closed string
}

func (o *processOrder) add(item *ordersv1.Item) {
	o.status.Items = append(o.status.Items, item)
	o.status.TotalCents += int64(item.GetQuantity()) * item.GetPriceCents()
}

// Execute takes items until the order's window closes, then reserves,
// charges and ships it.
func (o *processOrder) Execute(ctx workflow.Context) (*ordersv1.ProcessOrderResponse, error) {
	// The annotation routes activities and children to the service's task
	// queue, "orders". Overriding it on the context keeps them on the queue
	// this run came from, so a worker started on another queue (a test, a
	// canary) does all of an order's work itself.
	taskQueue := workflow.GetInfo(ctx).TaskQueue
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{TaskQueue: taskQueue})
	ctx = workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{TaskQueue: taskQueue})

	opened := workflow.Now(ctx)
	window := o.req.GetOpenFor().AsDuration()
	if window > 0 {
		// Await wakes on every signal and update, so one wait covers
		// the window, a cancellation and a full run.
		if _, err := workflow.AwaitWithTimeout(ctx, window, func() bool {
			return o.cancelOrder.Len() > 0 || o.added >= ItemsPerRun
		}); err != nil {
			return nil, err // the workflow was cancelled
		}
	}
	if cancel, ok := o.cancelOrder.ReceiveAsync(); ok {
		o.closed = "cancelled"
		o.status.State = ordersv1.State_STATE_CANCELLED
		workflow.GetLogger(ctx).Info("order cancelled", "reason", cancel.GetReason())
		return &ordersv1.ProcessOrderResponse{Status: o.status}, nil
	}
	if o.added >= ItemsPerRun {
		return nil, o.continueAsNew(ctx, window-workflow.Now(ctx).Sub(opened))
	}
	// From here on the validator refuses new items: they would not be
	// charged.
	o.closed = "being charged"

	// Reserving stock is quick and needs no retries across workers: a
	// local activity, run in this worker, costs no task queue round trip.
	// ExecuteLocal finds it by its proto name among the registered
	// activities.
	reservation, err := ordersv1temporal.ReserveInventoryLocal(ctx, &ordersv1.ReserveInventoryRequest{Items: o.status.Items})
	if err != nil {
		return nil, err
	}
	workflow.GetLogger(ctx).Info("stock reserved", "reservation", reservation.GetReservationId())

	// The payment provider is slow and flaky: an activity, retried and
	// heartbeating with the annotation's policy.
	charge, err := ordersv1temporal.ChargeCard(ctx, &ordersv1.ChargeCardRequest{
		CustomerId:  o.req.GetCustomer().GetId(),
		AmountCents: o.status.TotalCents,
	})
	if err != nil {
		return nil, err
	}
	o.closed = "charged"
	o.status.State = ordersv1.State_STATE_CHARGED
	workflow.GetLogger(ctx).Info("card charged", "charge", charge.GetChargeId())

	// Shipping waits on the carrier, for days in real life: a child
	// workflow with its own history, ID and timeout.
	shipment := ordersv1temporal.ShipOrderChildAsync(ctx, &ordersv1.ShipOrderRequest{
		OrderId: o.req.GetOrderId(),
		Items:   o.status.Items,
	})
	// The order stands in for the carrier's delivery notice, which would
	// come from outside through the client's ConfirmDelivery. The typed
	// child run waits until the child started, then signals it.
	if err := shipment.ConfirmDelivery(ctx, &ordersv1.ConfirmDeliveryRequest{TrackingId: TrackingID(o.req.GetOrderId())}).Get(ctx, nil); err != nil {
		return nil, err
	}
	shipped, err := shipment.Get(ctx)
	if err != nil {
		return nil, err
	}
	o.status.State = ordersv1.State_STATE_SHIPPED
	return &ordersv1.ProcessOrderResponse{Status: o.status, TrackingId: shipped.GetTrackingId()}, nil
}

// continueAsNew hands the order to a fresh run, so a long-lived order's
// history stays short. The new run gets the items so far and what is left
// of the window; the generated registration sets the query and update
// handlers again in it.
func (o *processOrder) continueAsNew(ctx workflow.Context, left time.Duration) error {
	// An update accepted in this run must finish in it.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	next := proto.CloneOf(o.req)
	next.Items = o.status.Items
	next.ContinuedItems += o.added
	next.OpenFor = durationpb.New(max(left, 0))
	return ordersv1temporal.ProcessOrderContinueAsNew(ctx, next)
}

// GetStatus answers the GetStatus query.
func (o *processOrder) GetStatus() (*ordersv1.OrderStatus, error) {
	return o.status, nil
}

// ValidateAddItem refuses an item before it is accepted, so a refused
// update leaves nothing in the order's history.
func (o *processOrder) ValidateAddItem(ctx workflow.Context, req *ordersv1.AddItemRequest) error {
	switch {
	case req.GetQuantity() <= 0:
		return fmt.Errorf("item %q has quantity %d; add a positive quantity", req.GetSku(), req.GetQuantity())
	case o.closed != "":
		return errors.New("the order is " + o.closed + "; it takes no more items")
	}
	return nil
}

// AddItem adds an item the validator accepted.
func (o *processOrder) AddItem(ctx workflow.Context, req *ordersv1.AddItemRequest) (*ordersv1.AddItemResponse, error) {
	o.add(&ordersv1.Item{Sku: req.GetSku(), Quantity: req.GetQuantity(), PriceCents: PriceCents(req.GetSku())})
	o.added++
	return &ordersv1.AddItemResponse{ItemCount: int32(len(o.status.Items))}, nil
}

// ShipOrder builds a run of ShipOrder.
func (Workflows) ShipOrder(ctx workflow.Context, in *ordersv1temporal.ShipOrderWorkflowInput) (ordersv1temporal.ShipOrderWorkflow, error) {
	return &shipOrder{confirmDelivery: in.ConfirmDelivery}, nil
}

// shipOrder is one run of ShipOrder: it waits for the carrier to confirm
// the delivery.
type shipOrder struct {
	confirmDelivery workflow.SignalChannelOf[*ordersv1.ConfirmDeliveryRequest]
}

// Execute returns the tracking number the delivery was confirmed with.
func (s *shipOrder) Execute(ctx workflow.Context) (*ordersv1.ShipOrderResponse, error) {
	confirmed, _ := s.confirmDelivery.Receive(ctx)
	return &ordersv1.ShipOrderResponse{TrackingId: confirmed.GetTrackingId()}, nil
}

// TrackingID is the tracking number the example's stand-in carrier gives
// an order's shipment.
func TrackingID(orderID string) string { return "TRK-" + orderID }

// catalog prices the products the example sells. Workflow code may read
// it: it is the same on every replay.
var catalog = map[string]int64{"book": 1500, "pen": 250, "lamp": 4900}

// PriceCents is a product's unit price; products outside the catalog cost
// 10.00.
func PriceCents(sku string) int64 {
	if p, ok := catalog[sku]; ok {
		return p
	}
	return 1000
}

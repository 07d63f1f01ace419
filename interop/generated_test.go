package interop_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	sdkactivity "go.temporal.io/sdk/activity"
	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/workflowdef/workflowdef/examples/orders"
	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
)

// These tests hold the GENERATED code (gen/example/orders/v1/ordersv1temporal,
// implemented in examples/orders) against the official SDK: a user
// migrating service by service mixes generated workflows on our worker with
// official clients and workers that use the same proto names.

// startGeneratedOrdersWorker starts our worker on a task queue of its own
// with the example's generated workflows and activities registered, and
// returns our client and the queue. When the test ends, no workflow that
// ran on the queue may have a failed workflow task in its history.
func startGeneratedOrdersWorker(t *testing.T) (*client.Client, string) {
	t.Helper()
	c := dialOurs(t, client.Options{})
	taskQueue := uniqueName(t, "tq")
	t.Cleanup(func() { noFailedWorkflowTasks(t, c, taskQueue) })
	startOurWorker(t, c, taskQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
		return errors.Join(
			ordersv1temporal.RegisterOrdersWorkflows(w.Registry, orders.Workflows{}),
			ordersv1temporal.RegisterOrdersActivities(w.Registry, &orders.Activities{ChargeStep: time.Millisecond}),
		)
	})
	return c, taskQueue
}

// noFailedWorkflowTasks fails the test if a run of a workflow on
// taskQueue has a WorkflowTaskFailed event, other than the server's own
// for a task in flight when the test's cleanup terminated the workflow
// (cause ForceCloseCommand).
func noFailedWorkflowTasks(t *testing.T, c *client.Client, taskQueue string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for info, err := range c.ListWorkflows(ctx, fmt.Sprintf("TaskQueue = %q", taskQueue)) {
		if err != nil {
			t.Errorf("listing the workflows of %s: %v", taskQueue, err)
			return
		}
		h, err := replay.FetchHistory(ctx, c, info.WorkflowID, info.RunID)
		if err != nil {
			t.Errorf("history of %s: %v", info.WorkflowID, err)
			continue
		}
		for _, e := range h.GetEvents() {
			if a := e.GetWorkflowTaskFailedEventAttributes(); a != nil && a.GetCause() != enumspb.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND {
				t.Errorf("%s (run %s): workflow task failed (%v: %s); want none. History:\n%s", info.WorkflowID, info.RunID, a.GetCause(), a.GetFailure().GetMessage(), describeHistory(h))
				break
			}
		}
	}
}

// sampleOrderRequest is a request every template of ProcessOrder renders
// from; openFor keeps the order open for items.
func sampleOrderRequest(t *testing.T, openFor time.Duration) *ordersv1.ProcessOrderRequest {
	return &ordersv1.ProcessOrderRequest{
		OrderId:  uniqueName(t, "o"),
		Customer: &ordersv1.Customer{Id: "c-7", Name: "Ana", Tier: "gold"},
		Items:    []*ordersv1.Item{{Sku: "book", Quantity: 1, PriceCents: 1500}},
		Tags:     []string{"gift", "eu"},
		PlacedAt: timestamppb.New(time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)),
		OpenFor:  durationpb.New(openFor),
	}
}

// ---------------------------------------------------------------------------
// The official SDK's twin of the example's Orders service: the same
// workflows, handlers and activities under the same proto names, written
// with the official SDK the way a user of cludden/protoc-gen-go-temporal's
// official-SDK code would have them before migrating.

// officialProcessOrder mirrors examples/orders' ProcessOrder call for call.
func officialProcessOrder(ctx sdkworkflow.Context, req *ordersv1.ProcessOrderRequest) (*ordersv1.ProcessOrderResponse, error) {
	status := &ordersv1.OrderStatus{State: ordersv1.State_STATE_OPEN}
	add := func(item *ordersv1.Item) {
		status.Items = append(status.Items, item)
		status.TotalCents += int64(item.GetQuantity()) * item.GetPriceCents()
	}
	for _, item := range req.GetItems() {
		add(item)
	}
	var added int32
	closed := ""
	if err := sdkworkflow.SetQueryHandler(ctx, ordersv1temporal.GetStatusQueryName, func() (*ordersv1.OrderStatus, error) {
		return status, nil
	}); err != nil {
		return nil, err
	}
	if err := sdkworkflow.SetUpdateHandlerWithOptions(ctx, ordersv1temporal.AddItemUpdateName,
		func(ctx sdkworkflow.Context, in *ordersv1.AddItemRequest) (*ordersv1.AddItemResponse, error) {
			add(&ordersv1.Item{Sku: in.GetSku(), Quantity: in.GetQuantity(), PriceCents: orders.PriceCents(in.GetSku())})
			added++
			return &ordersv1.AddItemResponse{ItemCount: int32(len(status.Items))}, nil
		}, sdkworkflow.UpdateHandlerOptions{Validator: func(ctx sdkworkflow.Context, in *ordersv1.AddItemRequest) error {
			switch {
			case in.GetQuantity() <= 0:
				return fmt.Errorf("item %q has quantity %d; add a positive quantity", in.GetSku(), in.GetQuantity())
			case closed != "":
				return errors.New("the order is " + closed + "; it takes no more items")
			}
			return nil
		}}); err != nil {
		return nil, err
	}
	cancelOrder := sdkworkflow.GetSignalChannel(ctx, ordersv1temporal.CancelOrderSignalName)

	taskQueue := sdkworkflow.GetInfo(ctx).TaskQueueName
	opened := sdkworkflow.Now(ctx)
	window := req.GetOpenFor().AsDuration()
	if window > 0 {
		if _, err := sdkworkflow.AwaitWithTimeout(ctx, window, func() bool { return cancelOrder.Len() > 0 || added >= orders.ItemsPerRun }); err != nil {
			return nil, err
		}
	}
	var cancel *ordersv1.CancelOrderRequest
	if cancelOrder.ReceiveAsync(&cancel) {
		status.State = ordersv1.State_STATE_CANCELLED
		return &ordersv1.ProcessOrderResponse{Status: status}, nil
	}
	if added >= orders.ItemsPerRun {
		if err := sdkworkflow.Await(ctx, func() bool { return sdkworkflow.AllHandlersFinished(ctx) }); err != nil {
			return nil, err
		}
		next := proto.CloneOf(req)
		next.Items = status.Items
		next.ContinuedItems += added
		next.OpenFor = durationpb.New(max(window-sdkworkflow.Now(ctx).Sub(opened), 0))
		return nil, sdkworkflow.NewContinueAsNewError(ctx, ordersv1temporal.ProcessOrderWorkflowName, next)
	}
	closed = "being charged"

	lctx := sdkworkflow.WithLocalActivityOptions(ctx, sdkworkflow.LocalActivityOptions{
		StartToCloseTimeout: 2 * time.Second, ScheduleToCloseTimeout: 10 * time.Second,
		RetryPolicy: &sdktemporal.RetryPolicy{MaximumAttempts: 3},
	})
	var reservation *ordersv1.ReserveInventoryResponse
	if err := sdkworkflow.ExecuteLocalActivity(lctx, ordersv1temporal.ReserveInventoryActivityName, &ordersv1.ReserveInventoryRequest{Items: status.Items}).Get(ctx, &reservation); err != nil {
		return nil, err
	}
	actx := sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{
		TaskQueue: taskQueue, StartToCloseTimeout: 30 * time.Second, ScheduleToCloseTimeout: 5 * time.Minute,
		ScheduleToStartTimeout: time.Minute, HeartbeatTimeout: 5 * time.Second, WaitForCancellation: true,
		Priority: sdktemporal.Priority{PriorityKey: 1},
		RetryPolicy: &sdktemporal.RetryPolicy{
			InitialInterval: 100 * time.Millisecond, BackoffCoefficient: 1.5, MaximumInterval: 5 * time.Second,
			MaximumAttempts: 5, NonRetryableErrorTypes: []string{"CardDeclined"},
		},
	})
	var charge *ordersv1.ChargeCardResponse
	if err := sdkworkflow.ExecuteActivity(actx, ordersv1temporal.ChargeCardActivityName, &ordersv1.ChargeCardRequest{
		CustomerId: req.GetCustomer().GetId(), AmountCents: status.TotalCents,
	}).Get(ctx, &charge); err != nil {
		return nil, err
	}
	closed = "charged"
	status.State = ordersv1.State_STATE_CHARGED

	cctx := sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{
		WorkflowID: "shipment-" + req.GetOrderId(), TaskQueue: taskQueue,
		WorkflowExecutionTimeout: time.Hour, ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_TERMINATE,
	})
	shipment := sdkworkflow.ExecuteChildWorkflow(cctx, ordersv1temporal.ShipOrderWorkflowName, &ordersv1.ShipOrderRequest{OrderId: req.GetOrderId(), Items: status.Items})
	if err := shipment.SignalChildWorkflow(ctx, ordersv1temporal.ConfirmDeliverySignalName, &ordersv1.ConfirmDeliveryRequest{TrackingId: orders.TrackingID(req.GetOrderId())}).Get(ctx, nil); err != nil {
		return nil, err
	}
	var shipped *ordersv1.ShipOrderResponse
	if err := shipment.Get(ctx, &shipped); err != nil {
		return nil, err
	}
	status.State = ordersv1.State_STATE_SHIPPED
	return &ordersv1.ProcessOrderResponse{Status: status, TrackingId: shipped.GetTrackingId()}, nil
}

// officialShipOrder mirrors examples/orders' ShipOrder.
func officialShipOrder(ctx sdkworkflow.Context, req *ordersv1.ShipOrderRequest) (*ordersv1.ShipOrderResponse, error) {
	var confirmed *ordersv1.ConfirmDeliveryRequest
	sdkworkflow.GetSignalChannel(ctx, ordersv1temporal.ConfirmDeliverySignalName).Receive(ctx, &confirmed)
	return &ordersv1.ShipOrderResponse{TrackingId: confirmed.GetTrackingId()}, nil
}

// officialChargeCard and officialReserveInventory are the official twins of
// the example's activities.
func officialChargeCard(ctx context.Context, req *ordersv1.ChargeCardRequest) (*ordersv1.ChargeCardResponse, error) {
	if req.GetAmountCents() <= 0 {
		return nil, sdktemporal.NewApplicationError(fmt.Sprintf("nothing to charge: %d cents", req.GetAmountCents()), "CardDeclined")
	}
	sdkactivity.RecordHeartbeat(ctx, 1)
	return &ordersv1.ChargeCardResponse{ChargeId: "ch_official"}, nil
}

func officialReserveInventory(ctx context.Context, req *ordersv1.ReserveInventoryRequest) (*ordersv1.ReserveInventoryResponse, error) {
	if len(req.GetItems()) == 0 {
		return nil, sdktemporal.NewNonRetryableApplicationError("nothing to reserve: the order has no items", "InvalidOrder", nil)
	}
	return &ordersv1.ReserveInventoryResponse{ReservationId: "rsv_official", Hold: durationpb.New(15 * time.Minute)}, nil
}

// registerOfficialOrderWorkflows and registerOfficialOrders register the
// official twins under the proto names.
func registerOfficialOrderWorkflows(w sdkworker.WorkflowRegistry) {
	w.RegisterWorkflowWithOptions(officialProcessOrder, sdkworkflow.RegisterOptions{Name: ordersv1temporal.ProcessOrderWorkflowName})
	w.RegisterWorkflowWithOptions(officialShipOrder, sdkworkflow.RegisterOptions{Name: ordersv1temporal.ShipOrderWorkflowName})
}

func registerOfficialOrders(w sdkworker.Registry) {
	registerOfficialOrderWorkflows(w)
	w.RegisterActivityWithOptions(officialChargeCard, sdkactivity.RegisterOptions{Name: ordersv1temporal.ChargeCardActivityName})
	w.RegisterActivityWithOptions(officialReserveInventory, sdkactivity.RegisterOptions{Name: ordersv1temporal.ReserveInventoryActivityName})
}

// interactionNames lists a metadata definition's query, signal and update
// names.
func interactionNames(m *sdkpb.WorkflowMetadata) map[string][]string {
	names := func(defs []*sdkpb.WorkflowInteractionDefinition) []string {
		var out []string
		for _, d := range defs {
			out = append(out, d.GetName())
		}
		return out
	}
	d := m.GetDefinition()
	return map[string][]string{
		"type":    {d.GetType()},
		"queries": names(d.GetQueryDefinitions()),
		"signals": names(d.GetSignalDefinitions()),
		"updates": names(d.GetUpdateDefinitions()),
	}
}

// TestGeneratedProcessOrderMetadataMatchesTheOfficialSDK asks the built-in
// __temporal_workflow_metadata query (what the Temporal UI and CLI use to
// list a workflow's handlers) of the generated ProcessOrder on our worker
// and of its official twin, with the official client: both must list the
// same queries, signals and updates, AddItem among the updates.
func TestGeneratedProcessOrderMetadataMatchesTheOfficialSDK(t *testing.T) {
	ctx := testContext(t)
	_, ourQueue := startGeneratedOrdersWorker(t)
	official, officialQueue := startOfficialWorker(t, sdkclient.Options{}, registerOfficialOrders)
	metadata := func(taskQueue string) map[string][]string {
		req := sampleOrderRequest(t, time.Hour)
		id, _ := ordersv1temporal.ProcessOrderWorkflowID(req)
		if _, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, ordersv1temporal.ProcessOrderWorkflowName, req); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = official.TerminateWorkflow(context.Background(), id, "", "test over") })
		m, err := officialQuery[*sdkpb.WorkflowMetadata](ctx, official, id, "__temporal_workflow_metadata")
		if err != nil {
			t.Fatal(err)
		}
		return interactionNames(m)
	}
	want, got := metadata(officialQueue), metadata(ourQueue)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("__temporal_workflow_metadata of the generated ProcessOrder (-official twin +generated on our worker):\n%s", diff)
	}
}

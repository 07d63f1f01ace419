package interop_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkactivity "go.temporal.io/sdk/activity"
	sdkclient "go.temporal.io/sdk/client"
	sdkconverter "go.temporal.io/sdk/converter"
	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/workflowdef/workflowdef/examples/orders"
	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestOfficialClientDrivesGeneratedProcessOrder starts the generated
// ProcessOrder on our worker with the official client, by its proto name
// and proto request, then queries GetStatus without arguments (as the
// official client and cludden's clients do for an Empty request), updates
// AddItem with an update ID, has an update refused by the generated
// validator, cancels the order with a signal encoded as binary/protobuf,
// and reads the typed result.
func TestOfficialClientDrivesGeneratedProcessOrder(t *testing.T) {
	ctx := testContext(t)
	_, taskQueue := startGeneratedOrdersWorker(t)
	official := dialOfficial(t, sdkclient.Options{})
	binaryOfficial := dialOfficial(t, sdkclient.Options{DataConverter: officialBinaryProtoConverter()})

	req := sampleOrderRequest(t, time.Hour)
	id, err := ordersv1temporal.ProcessOrderWorkflowID(req)
	if err != nil {
		t.Fatal(err)
	}
	run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, ordersv1temporal.ProcessOrderWorkflowName, req)
	if err != nil {
		t.Fatal(err)
	}

	status, err := officialQuery[*ordersv1.OrderStatus](ctx, official, id, ordersv1temporal.GetStatusQueryName)
	if err != nil || status.GetState() != ordersv1.State_STATE_OPEN || status.GetTotalCents() != 1500 {
		t.Fatalf("GetStatus without arguments = %v, %v; want an open order of 1500 cents", status, err)
	}
	status, err = officialQuery[*ordersv1.OrderStatus](ctx, official, id, ordersv1temporal.GetStatusQueryName, &emptypb.Empty{})
	if err != nil || status.GetState() != ordersv1.State_STATE_OPEN {
		t.Fatalf("GetStatus with Empty = %v, %v; want an open order", status, err)
	}

	add := &ordersv1.AddItemRequest{Sku: "pen", Quantity: 2, RequestId: "r1"}
	updateID, err := ordersv1temporal.AddItemUpdateID(add)
	if err != nil {
		t.Fatal(err)
	}
	h, err := official.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{
		WorkflowID: id, UpdateID: updateID, UpdateName: ordersv1temporal.AddItemUpdateName, Args: []any{add},
		WaitForStage: sdkclient.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		t.Fatal(err)
	}
	var added *ordersv1.AddItemResponse
	if err := h.Get(ctx, &added); err != nil || added.GetItemCount() != 2 {
		t.Fatalf("AddItem = %v, %v; want 2 items", added, err)
	}
	// The generated validator refuses a zero quantity.
	err = officialUpdate(ctx, official, id, ordersv1temporal.AddItemUpdateName, nil, &ordersv1.AddItemRequest{Sku: "lamp", RequestId: "r2"})
	if err == nil {
		t.Errorf("AddItem with a zero quantity was accepted; want the validator's refusal")
	}

	// A signal encoded as binary/protobuf.
	if err := binaryOfficial.SignalWorkflow(ctx, id, "", ordersv1temporal.CancelOrderSignalName, &ordersv1.CancelOrderRequest{Reason: "changed my mind"}); err != nil {
		t.Fatal(err)
	}
	var res *ordersv1.ProcessOrderResponse
	if err := run.Get(ctx, &res); err != nil {
		t.Fatal(err)
	}
	if res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED || len(res.GetStatus().GetItems()) != 2 {
		t.Errorf("result = %v; want a cancelled order of 2 items", res)
	}
}

// TestOfficialClientSeesGeneratedDefaults starts ProcessOrder with the
// generated client and reads, with the official client, the memo and
// search attributes its annotation renders: the memo's customer decodes
// into the proto message, its summary into a string, and the search
// attributes have the annotation's types.
func TestOfficialClientSeesGeneratedDefaults(t *testing.T) {
	ctx := testContext(t)
	ours, taskQueue := startGeneratedOrdersWorker(t)
	official := dialOfficial(t, sdkclient.Options{})
	req := sampleOrderRequest(t, time.Hour)
	run, err := ordersv1temporal.NewOrdersClient(ours).ProcessOrderAsync(ctx, req, client.WithTaskQueue(taskQueue))
	if err != nil {
		t.Fatal(err)
	}
	desc, err := official.DescribeWorkflow(ctx, run.ID(), "")
	if err != nil {
		t.Fatal(err)
	}
	var customer *ordersv1.Customer
	if err := sdkconverter.GetDefaultDataConverter().FromPayload(desc.Memo.GetFields()["customer"], &customer); err != nil || !proto.Equal(customer, req.GetCustomer()) {
		t.Errorf("memo customer = %v, %v; want %v", customer, err, req.GetCustomer())
	}
	var summary string
	if err := sdkconverter.GetDefaultDataConverter().FromPayload(desc.Memo.GetFields()["summary"], &summary); err != nil || summary != "order "+req.GetOrderId()+" for Ana" {
		t.Errorf("memo summary = %q, %v", summary, err)
	}
	sa := desc.TypedSearchAttributes
	if v, ok := sa.GetKeyword(sdktemporal.NewSearchAttributeKeyKeyword("CustomerId")); !ok || v != "c-7" {
		t.Errorf("CustomerId = %q, %t; want c-7", v, ok)
	}
	if v, ok := sa.GetKeywordList(sdktemporal.NewSearchAttributeKeyKeywordList("OrderTags")); !ok || len(v) != 2 || v[0] != "gift" || v[1] != "eu" {
		t.Errorf("OrderTags = %q, %t; want [gift eu]", v, ok)
	}
	if v, ok := sa.GetTime(sdktemporal.NewSearchAttributeKeyTime("OrderPlacedAt")); !ok || !v.Equal(req.GetPlacedAt().AsTime()) {
		t.Errorf("OrderPlacedAt = %v, %t; want %v", v, ok, req.GetPlacedAt().AsTime())
	}
	if v, ok := sa.GetKeyword(sdktemporal.NewSearchAttributeKeyKeyword("OrderChannel")); !ok || v != "web" {
		t.Errorf("OrderChannel = %q, %t; want web", v, ok)
	}
	if err := run.CancelOrder(ctx, &ordersv1.CancelOrderRequest{Reason: "done"}); err != nil {
		t.Fatal(err)
	}
	if _, err := run.Get(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestOfficialClientFollowsGeneratedContinueAsNew fills an order with the
// official client's updates until the generated ProcessOrder continues as
// new through ProcessOrderContinueAsNew (the generated client started it,
// with the annotation's memo and search attributes); the official
// client's Get follows the chain to the order's end, and the last run keeps the first run's
// memo and search attributes, as the official SDK's continue-as-new does.
func TestOfficialClientFollowsGeneratedContinueAsNew(t *testing.T) {
	ctx := testContext(t)
	ours, taskQueue := startGeneratedOrdersWorker(t)
	official := dialOfficial(t, sdkclient.Options{})
	req := sampleOrderRequest(t, time.Hour)
	started, err := ordersv1temporal.NewOrdersClient(ours).ProcessOrderAsync(ctx, req, client.WithTaskQueue(taskQueue))
	if err != nil {
		t.Fatal(err)
	}
	id := started.ID()
	run := official.GetWorkflow(ctx, id, started.RunID())
	for i, sku := range []string{"pen", "lamp", "book"} {
		var res *ordersv1.AddItemResponse
		if err := officialUpdate(ctx, official, id, ordersv1temporal.AddItemUpdateName, &res, &ordersv1.AddItemRequest{Sku: sku, Quantity: 1, RequestId: sku}); err != nil || res.GetItemCount() != int32(i+2) {
			t.Fatalf("AddItem %s = %v, %v", sku, res, err)
		}
	}
	// The third item continued the order as new, in the task that
	// completed the update: the cancellation reaches the second run.
	firstRunID := run.GetRunID()
	var res *ordersv1.ProcessOrderResponse
	if err := official.SignalWorkflow(ctx, id, "", ordersv1temporal.CancelOrderSignalName, &ordersv1.CancelOrderRequest{Reason: "stop"}); err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, &res); err != nil {
		t.Fatal(err)
	}
	if res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED || len(res.GetStatus().GetItems()) != 4 {
		t.Errorf("result through the chain = %v; want the cancelled order of 4 items", res)
	}
	desc, err := official.DescribeWorkflow(ctx, id, "")
	if err != nil {
		t.Fatal(err)
	}
	if desc.WorkflowExecution.RunID == firstRunID {
		t.Fatalf("the workflow did not continue as new")
	}
	var customer *ordersv1.Customer
	if err := sdkconverter.GetDefaultDataConverter().FromPayload(desc.Memo.GetFields()["customer"], &customer); err != nil || !proto.Equal(customer, req.GetCustomer()) {
		t.Errorf("memo customer of the last run = %v, %v; want %v", customer, err, req.GetCustomer())
	}
	if v, ok := desc.TypedSearchAttributes.GetKeyword(sdktemporal.NewSearchAttributeKeyKeyword("CustomerId")); !ok || v != "c-7" {
		t.Errorf("CustomerId of the last run = %q, %t; want c-7", v, ok)
	}
}

// runOrderToShipment starts an order with c (an official client) on
// taskQueue, open for a moment, adds an item by update, lets the window
// close, and returns the result and the IDs of the order and its shipment.
func runOrderToShipment(t *testing.T, c sdkclient.Client, taskQueue string) (res *ordersv1.ProcessOrderResponse, id, runID string) {
	t.Helper()
	ctx := testContext(t)
	req := sampleOrderRequest(t, 2*time.Second)
	id, _ = ordersv1temporal.ProcessOrderWorkflowID(req)
	run, err := c.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, ordersv1temporal.ProcessOrderWorkflowName, req)
	if err != nil {
		t.Fatal(err)
	}
	var added *ordersv1.AddItemResponse
	if err := officialUpdate(ctx, c, id, ordersv1temporal.AddItemUpdateName, &added, &ordersv1.AddItemRequest{Sku: "pen", Quantity: 2, RequestId: "r1"}); err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, &res); err != nil {
		t.Fatalf("the order did not ship: %v\nhistory:\n%s", err, describeHistory(officialHistory(t, c, id, run.GetRunID())))
	}
	if res.GetStatus().GetState() != ordersv1.State_STATE_SHIPPED || res.GetTrackingId() != orders.TrackingID(req.GetOrderId()) {
		t.Fatalf("result = %v; want shipped with tracking %s", res, orders.TrackingID(req.GetOrderId()))
	}
	return res, id, run.GetRunID()
}

// TestGeneratedOrderHistoriesReplayOnTheOfficialSDK runs an order to its
// shipment on our worker (update, timer, local activity, activity, child
// and signal to the child, all through generated code), then replays the
// order's and the shipment's histories on the official SDK's replayer with
// the official twins: a user who moves back, or runs both during a
// migration, must be able to.
func TestGeneratedOrderHistoriesReplayOnTheOfficialSDK(t *testing.T) {
	_, taskQueue := startGeneratedOrdersWorker(t)
	official := dialOfficial(t, sdkclient.Options{})
	_, id, runID := runOrderToShipment(t, official, taskQueue)

	replayer := sdkworker.NewWorkflowReplayer()
	registerOfficialOrderWorkflows(replayer)
	h := officialHistory(t, official, id, runID)
	if err := replayer.ReplayWorkflowHistory(officialLogger, h); err != nil {
		t.Errorf("the official SDK cannot replay the order our worker ran: %v\nhistory:\n%s", err, describeHistory(h))
	}
}

// TestOfficialOrderHistoriesReplayOnGeneratedCode runs the official twin
// of an order to its shipment on the official worker, then replays its
// history on our replayer with the generated registration.
func TestOfficialOrderHistoriesReplayOnGeneratedCode(t *testing.T) {
	official, taskQueue := startOfficialWorker(t, sdkclient.Options{}, registerOfficialOrders)
	_, id, runID := runOrderToShipment(t, official, taskQueue)
	h := officialHistory(t, official, id, runID)
	if err := replay.NewReplayer(generatedOrdersRegistry(t), replay.Options{}).ReplayHistory(h); err != nil {
		t.Errorf("our replayer cannot replay the order the official worker ran with the generated code: %v\nhistory:\n%s", err, describeHistory(h))
	}
}

// TestGeneratedClientDrivesOfficialProcessOrder runs the official twin of
// ProcessOrder on the official worker and drives it with the generated
// client only: start, GetStatus, AddItem (accepted and refused by the
// official validator), signal-with-start and update-with-start, the
// continue-as-new chain followed by Get, and the shipped result.
func TestGeneratedClientDrivesOfficialProcessOrder(t *testing.T) {
	ctx := testContext(t)
	_, taskQueue := startOfficialWorker(t, sdkclient.Options{}, registerOfficialOrders)
	oc := ordersv1temporal.NewOrdersClient(dialOurs(t, client.Options{}))

	req := sampleOrderRequest(t, time.Hour)
	run, err := oc.ProcessOrderAsync(ctx, req, client.WithTaskQueue(taskQueue))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := run.GetStatus(ctx); err != nil || st.GetState() != ordersv1.State_STATE_OPEN || st.GetTotalCents() != 1500 {
		t.Fatalf("GetStatus = %v, %v; want an open order of 1500 cents", st, err)
	}
	if _, err := run.AddItem(ctx, &ordersv1.AddItemRequest{Sku: "pen", RequestId: "r0"}); err == nil {
		t.Errorf("AddItem of a zero quantity succeeded; want the official validator's refusal")
	}
	for i, sku := range []string{"pen", "lamp", "book"} {
		res, err := run.AddItem(ctx, &ordersv1.AddItemRequest{Sku: sku, Quantity: 1, RequestId: sku})
		if err != nil || res.GetItemCount() != int32(i+2) {
			t.Fatalf("AddItem %s = %v, %v", sku, res, err)
		}
	}
	// The third item continued the order as new: the run follows it.
	if err := run.CancelOrder(ctx, &ordersv1.CancelOrderRequest{Reason: "stop"}); err != nil {
		t.Fatal(err)
	}
	res, err := run.Get(ctx)
	if err != nil || res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED || len(res.GetStatus().GetItems()) != 4 {
		t.Errorf("Get through the chain = %v, %v; want the cancelled order of 4 items", res, err)
	}

	// Signal-with-start: the order is cancelled before it is charged.
	swsReq := sampleOrderRequest(t, time.Hour)
	sws, err := oc.ProcessOrderWithCancelOrder(ctx, swsReq, &ordersv1.CancelOrderRequest{Reason: "at once"}, client.WithTaskQueue(taskQueue))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := sws.Get(ctx); err != nil || res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED {
		t.Errorf("signal-with-start result = %v, %v; want cancelled", res, err)
	}

	// Update-with-start.
	uwsReq := sampleOrderRequest(t, time.Hour)
	handle, uws, err := oc.ProcessOrderWithAddItem(ctx, uwsReq, &ordersv1.AddItemRequest{Sku: "lamp", Quantity: 1, RequestId: "u1"},
		client.WithStart(client.WithTaskQueue(taskQueue)))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := handle.Get(ctx); err != nil || got.GetItemCount() != 2 {
		t.Errorf("update-with-start result = %v, %v; want 2 items", got, err)
	}
	if handle.UpdateID() != "item-lamp-u1" {
		t.Errorf("update ID = %q; want the template's item-lamp-u1", handle.UpdateID())
	}
	if err := uws.CancelOrder(ctx, &ordersv1.CancelOrderRequest{Reason: "done"}); err != nil {
		t.Fatal(err)
	}
	if _, err := uws.Get(ctx); err != nil {
		t.Error(err)
	}
}

// TestOfficialClientWithStartOnGeneratedProcessOrder sends the official
// client's signal-with-start and update-with-start to the generated
// ProcessOrder on our worker.
func TestOfficialClientWithStartOnGeneratedProcessOrder(t *testing.T) {
	ctx := testContext(t)
	_, taskQueue := startGeneratedOrdersWorker(t)
	official := dialOfficial(t, sdkclient.Options{})

	req := sampleOrderRequest(t, time.Hour)
	id, _ := ordersv1temporal.ProcessOrderWorkflowID(req)
	run, err := official.SignalWithStartWorkflow(ctx, id, ordersv1temporal.CancelOrderSignalName, &ordersv1.CancelOrderRequest{Reason: "at once"},
		sdkclient.StartWorkflowOptions{TaskQueue: taskQueue}, ordersv1temporal.ProcessOrderWorkflowName, req)
	if err != nil {
		t.Fatal(err)
	}
	var res *ordersv1.ProcessOrderResponse
	if err := run.Get(ctx, &res); err != nil || res.GetStatus().GetState() != ordersv1.State_STATE_CANCELLED {
		t.Errorf("signal-with-start result = %v, %v; want cancelled", res, err)
	}

	req = sampleOrderRequest(t, time.Hour)
	id, _ = ordersv1temporal.ProcessOrderWorkflowID(req)
	add := &ordersv1.AddItemRequest{Sku: "lamp", Quantity: 1, RequestId: "u1"}
	updateID, _ := ordersv1temporal.AddItemUpdateID(add)
	startOp := official.NewWithStartWorkflowOperation(sdkclient.StartWorkflowOptions{
		ID: id, TaskQueue: taskQueue, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, ordersv1temporal.ProcessOrderWorkflowName, req)
	h, err := official.UpdateWithStartWorkflow(ctx, sdkclient.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: startOp,
		UpdateOptions: sdkclient.UpdateWorkflowOptions{
			UpdateID: updateID, UpdateName: ordersv1temporal.AddItemUpdateName, Args: []any{add},
			WaitForStage: sdkclient.WorkflowUpdateStageCompleted,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var added *ordersv1.AddItemResponse
	if err := h.Get(ctx, &added); err != nil || added.GetItemCount() != 2 {
		t.Errorf("update-with-start = %v, %v; want 2 items", added, err)
	}
	// The generated client finds the same update by its templated ID.
	ours := ordersv1temporal.NewOrdersClient(dialOurs(t, client.Options{})).GetProcessOrder(id, "")
	if got, err := ours.GetAddItem(updateID).Get(ctx); err != nil || got.GetItemCount() != 2 {
		t.Errorf("GetAddItem(%q) = %v, %v; want 2 items", updateID, got, err)
	}
	if err := official.SignalWorkflow(ctx, id, "", ordersv1temporal.CancelOrderSignalName, &ordersv1.CancelOrderRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ours.Get(ctx); err != nil {
		t.Error(err)
	}
}

// ---------------------------------------------------------------------------
// Children and activities across SDKs through generated calls.

const (
	wfGeneratedShipper  = "interop.GeneratedShipper"
	wfGeneratedCharger  = "interop.GeneratedCharger"
	wfOfficialShipper   = "interop.OfficialShipper"
	wfOfficialCharger   = "interop.OfficialCharger"
	officialStepsCharge = "interop.official-steps"
)

// generatedShipper runs ShipOrder as a child through the generated call on
// the task queue the request names in its first item's sku, confirms the
// delivery through the generated child run, and returns the child's
// result.
func generatedShipper(ctx workflow.Context, req *ordersv1.ShipOrderRequest) (*ordersv1.ShipOrderResponse, error) {
	child := ordersv1temporal.ShipOrderChildAsync(ctx, req, workflow.WithChildTaskQueue(req.GetItems()[0].GetSku()))
	if err := child.ConfirmDelivery(ctx, &ordersv1.ConfirmDeliveryRequest{TrackingId: orders.TrackingID(req.GetOrderId())}).Get(ctx, nil); err != nil {
		return nil, err
	}
	return child.Get(ctx)
}

// chargeOutcome is what generatedCharger saw of ChargeCard.
type chargeOutcome struct {
	ChargeID      string `json:"chargeId"`
	ErrType       string `json:"errType"`
	ErrMessage    string `json:"errMessage"`
	NonRetryable  bool   `json:"nonRetryable"`
	ActivityError bool   `json:"activityError"`
	RetryState    string `json:"retryState"`
}

// generatedCharger calls ChargeCard through the generated call on the task
// queue the request's customer ID names.
func generatedCharger(ctx workflow.Context, req *ordersv1.ChargeCardRequest) (chargeOutcome, error) {
	res, err := ordersv1temporal.ChargeCard(ctx, req, workflow.WithActivityTaskQueue(req.GetCustomerId()))
	if err == nil {
		return chargeOutcome{ChargeID: res.GetChargeId()}, nil
	}
	var out chargeOutcome
	var actErr *temporal.ActivityError
	if errors.As(err, &actErr) {
		out.ActivityError = true
		out.RetryState = actErr.RetryState().String()
	}
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		out.ErrType, out.ErrMessage, out.NonRetryable = appErr.Type(), appErr.Message(), appErr.NonRetryable()
	}
	return out, nil
}

// officialShipper and officialCharger are the official SDK's callers of
// the generated ShipOrder and ChargeCard, by their proto names.
func officialShipper(ctx sdkworkflow.Context, req *ordersv1.ShipOrderRequest) (*ordersv1.ShipOrderResponse, error) {
	cctx := sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{
		WorkflowID: "shipment-" + req.GetOrderId(), TaskQueue: req.GetItems()[0].GetSku(),
	})
	child := sdkworkflow.ExecuteChildWorkflow(cctx, ordersv1temporal.ShipOrderWorkflowName, req)
	if err := child.SignalChildWorkflow(ctx, ordersv1temporal.ConfirmDeliverySignalName, &ordersv1.ConfirmDeliveryRequest{TrackingId: orders.TrackingID(req.GetOrderId())}).Get(ctx, nil); err != nil {
		return nil, err
	}
	var res *ordersv1.ShipOrderResponse
	err := child.Get(ctx, &res)
	return res, err
}

func officialCharger(ctx sdkworkflow.Context, req *ordersv1.ChargeCardRequest) (chargeOutcome, error) {
	ctx = sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{
		TaskQueue: req.GetCustomerId(), StartToCloseTimeout: 30 * time.Second, HeartbeatTimeout: 5 * time.Second,
		RetryPolicy: &sdktemporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, MaximumAttempts: 5, NonRetryableErrorTypes: []string{"CardDeclined"}},
	})
	var res *ordersv1.ChargeCardResponse
	err := sdkworkflow.ExecuteActivity(ctx, ordersv1temporal.ChargeCardActivityName, req).Get(ctx, &res)
	if err == nil {
		return chargeOutcome{ChargeID: res.GetChargeId()}, nil
	}
	var out chargeOutcome
	var actErr *sdktemporal.ActivityError
	if errors.As(err, &actErr) {
		out.ActivityError = true
		out.RetryState = actErr.RetryState().String()
	}
	var appErr *sdktemporal.ApplicationError
	if errors.As(err, &appErr) {
		out.ErrType, out.ErrMessage, out.NonRetryable = appErr.Type(), appErr.Message(), appErr.NonRetryable()
	}
	return out, nil
}

// officialStepCharger is an official ChargeCard that, like the example's,
// heartbeats its progress (a proto message), fails its first attempt, and
// resumes from the last heartbeat.
func officialStepCharger(ctx context.Context, req *ordersv1.ChargeCardRequest) (*ordersv1.ChargeCardResponse, error) {
	if req.GetAmountCents() <= 0 {
		return nil, sdktemporal.NewApplicationErrorWithOptions(fmt.Sprintf("nothing to charge: %d cents", req.GetAmountCents()), "CardDeclined", sdktemporal.ApplicationErrorOptions{})
	}
	var last *ordersv1.ChargeCardResponse
	if sdkactivity.HasHeartbeatDetails(ctx) {
		if err := sdkactivity.GetHeartbeatDetails(ctx, &last); err != nil {
			return nil, err
		}
	}
	if sdkactivity.GetInfo(ctx).Attempt == 1 {
		sdkactivity.RecordHeartbeat(ctx, &ordersv1.ChargeCardResponse{ChargeId: "authorized"})
		return nil, errors.New("payment provider timed out")
	}
	return &ordersv1.ChargeCardResponse{ChargeId: "official-after-" + last.GetChargeId()}, nil
}

// TestGeneratedChildrenAcrossSDKs runs the generated ShipOrder child call
// and its generated ConfirmDelivery signal from our worker against the
// official twin of ShipOrder, and the official SDK's child call and signal
// against the generated ShipOrder on our worker.
func TestGeneratedChildrenAcrossSDKs(t *testing.T) {
	ctx := testContext(t)
	ours, ourQueue := startGeneratedOrdersWorker(t)
	ourCallerQueue := uniqueName(t, "tq-caller")
	startOurWorker(t, ours, ourCallerQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
		return w.RegisterWorkflowWithOptions(generatedShipper, ourworker.RegisterWorkflowOptions{Name: wfGeneratedShipper})
	})
	official, officialQueue := startOfficialWorker(t, sdkclient.Options{}, func(w sdkworker.Registry) {
		registerOfficialOrders(w)
		w.RegisterWorkflowWithOptions(officialShipper, sdkworkflow.RegisterOptions{Name: wfOfficialShipper})
	})
	for _, tc := range []struct{ name, callerType, callerQueue, childQueue string }{
		{"generated parent, official child", wfGeneratedShipper, ourCallerQueue, officialQueue},
		{"official parent, generated child", wfOfficialShipper, officialQueue, ourQueue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			orderID := uniqueName(t, "o")
			run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: tc.callerQueue}, tc.callerType,
				&ordersv1.ShipOrderRequest{OrderId: orderID, Items: []*ordersv1.Item{{Sku: tc.childQueue, Quantity: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			var res *ordersv1.ShipOrderResponse
			if err := run.Get(ctx, &res); err != nil || res.GetTrackingId() != orders.TrackingID(orderID) {
				t.Errorf("shipment = %v, %v; want tracking %s\nhistory:\n%s", res, err, orders.TrackingID(orderID), describeHistory(officialHistory(t, official, run.GetID(), "")))
			}
		})
	}
}

// TestGeneratedActivitiesAcrossSDKs calls ChargeCard through the generated
// call from our worker on an official activity worker, and the official
// SDK calls the generated ChargeCard on ours: retries resume from the
// previous attempt's heartbeat details, and a declined card, an
// ApplicationError type the generated retry policy lists as
// non-retryable, fails at once, naming its type, on either side.
func TestGeneratedActivitiesAcrossSDKs(t *testing.T) {
	ctx := testContext(t)
	ours, ourQueue := startGeneratedOrdersWorker(t)
	ourCallerQueue := uniqueName(t, "tq-caller")
	startOurWorker(t, ours, ourCallerQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
		return w.RegisterWorkflowWithOptions(generatedCharger, ourworker.RegisterWorkflowOptions{Name: wfGeneratedCharger})
	})
	official, officialQueue := startOfficialWorker(t, sdkclient.Options{}, func(w sdkworker.Registry) {
		w.RegisterWorkflowWithOptions(officialCharger, sdkworkflow.RegisterOptions{Name: wfOfficialCharger})
		w.RegisterActivityWithOptions(officialStepCharger, sdkactivity.RegisterOptions{Name: ordersv1temporal.ChargeCardActivityName})
	})
	for _, tc := range []struct {
		name, callerType, callerQueue, activityQueue string
		amount                                       int64
		want                                         chargeOutcome
	}{
		{"generated call, official activity", wfGeneratedCharger, ourCallerQueue, officialQueue, 100,
			chargeOutcome{ChargeID: "official-after-authorized"}},
		{"generated call, official activity declines", wfGeneratedCharger, ourCallerQueue, officialQueue, 0,
			chargeOutcome{ErrType: "CardDeclined", ErrMessage: "nothing to charge: 0 cents", ActivityError: true, RetryState: "NonRetryableFailure"}},
		{"official call, generated activity declines", wfOfficialCharger, officialQueue, ourQueue, 0,
			chargeOutcome{ErrType: "CardDeclined", ErrMessage: "nothing to charge: 0 cents", ActivityError: true, RetryState: "NonRetryableFailure"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: tc.callerQueue}, tc.callerType,
				&ordersv1.ChargeCardRequest{CustomerId: tc.activityQueue, AmountCents: tc.amount})
			if err != nil {
				t.Fatal(err)
			}
			var got chargeOutcome
			if err := run.Get(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s\nhistory:\n%s", diff, describeHistory(officialHistory(t, official, run.GetID(), "")))
			}
		})
	}

	// The generated ChargeCard on our worker, called by the official SDK,
	// resumes from its first attempt's heartbeat.
	run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: officialQueue}, wfOfficialCharger,
		&ordersv1.ChargeCardRequest{CustomerId: ourQueue, AmountCents: 100})
	if err != nil {
		t.Fatal(err)
	}
	var got chargeOutcome
	if err := run.Get(ctx, &got); err != nil || got.ChargeID == "" {
		t.Errorf("official call of the generated ChargeCard = %+v, %v; want a charge", got, err)
	}
}

// startedEvent returns the WorkflowExecutionStarted attributes of a run.
func startedEvent(t *testing.T, c sdkclient.Client, id, runID string) *historypb.WorkflowExecutionStartedEventAttributes {
	t.Helper()
	h := officialHistory(t, c, id, runID)
	return h.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes()
}

// TestGeneratedStartMatchesTheOfficialClientsStart starts ProcessOrder
// with the generated client, with the annotation's defaults, and with the
// official client given the same options by hand (as a user of
// cludden/protoc-gen-go-temporal's generated official-SDK client would
// have had them): the started events must agree on every option, the
// memo and search attributes decoding to the same values, for a request
// with no tags and a placed_at with sub-millisecond precision.
func TestGeneratedStartMatchesTheOfficialClientsStart(t *testing.T) {
	ctx := testContext(t)
	ours, taskQueue := startGeneratedOrdersWorker(t)
	official := dialOfficial(t, sdkclient.Options{})

	req := sampleOrderRequest(t, time.Hour)
	req.Tags = nil
	req.PlacedAt = timestamppb.New(time.Date(2025, 3, 14, 15, 9, 26, 535897123, time.UTC))
	run, err := ordersv1temporal.NewOrdersClient(ours).ProcessOrderAsync(ctx, req, client.WithTaskQueue(taskQueue))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = official.TerminateWorkflow(context.Background(), run.ID(), "", "test over") })

	officialReq := proto.CloneOf(req)
	officialReq.OrderId = uniqueName(t, "o")
	officialID, _ := ordersv1temporal.ProcessOrderWorkflowID(officialReq)
	officialRun, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{
		ID: officialID, TaskQueue: taskQueue,
		WorkflowExecutionTimeout: 24 * time.Hour, WorkflowRunTimeout: 12 * time.Hour, WorkflowTaskTimeout: 10 * time.Second,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		RetryPolicy: &sdktemporal.RetryPolicy{
			InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute, MaximumAttempts: 3,
			NonRetryableErrorTypes: []string{"InvalidOrder"},
		},
		Memo: map[string]any{"customer": officialReq.GetCustomer(), "summary": "order " + officialReq.GetOrderId() + " for Ana"},
		TypedSearchAttributes: sdktemporal.NewSearchAttributes(
			sdktemporal.NewSearchAttributeKeyKeyword("CustomerId").ValueSet(officialReq.GetCustomer().GetId()),
			sdktemporal.NewSearchAttributeKeyKeywordList("OrderTags").ValueSet(officialReq.GetTags()),
			sdktemporal.NewSearchAttributeKeyTime("OrderPlacedAt").ValueSet(officialReq.GetPlacedAt().AsTime()),
			sdktemporal.NewSearchAttributeKeyKeyword("OrderChannel").ValueSet("web"),
		),
		Priority: sdktemporal.Priority{PriorityKey: 2, FairnessKey: "gold", FairnessWeight: 1.5},
	}, ordersv1temporal.ProcessOrderWorkflowName, officialReq)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = official.TerminateWorkflow(context.Background(), officialRun.GetID(), "", "test over") })

	got, want := startedEvent(t, official, run.ID(), run.RunID()), startedEvent(t, official, officialRun.GetID(), officialRun.GetRunID())
	if diff := cmp.Diff(want.GetRetryPolicy(), got.GetRetryPolicy(), protocmp.Transform()); diff != "" {
		t.Errorf("retry policy (-official +generated):\n%s", diff)
	}
	if diff := cmp.Diff(want.GetPriority(), got.GetPriority(), protocmp.Transform()); diff != "" {
		t.Errorf("priority (-official +generated):\n%s", diff)
	}
	for _, d := range []struct {
		name      string
		got, want *durationpb.Duration
	}{
		{"execution timeout", got.GetWorkflowExecutionTimeout(), want.GetWorkflowExecutionTimeout()},
		{"run timeout", got.GetWorkflowRunTimeout(), want.GetWorkflowRunTimeout()},
		{"task timeout", got.GetWorkflowTaskTimeout(), want.GetWorkflowTaskTimeout()},
	} {
		if d.got.AsDuration() != d.want.AsDuration() {
			t.Errorf("%s = %v; the official client's is %v", d.name, d.got.AsDuration(), d.want.AsDuration())
		}
	}
	// Search attributes: the same names, each decoding to the same value.
	gotSA, wantSA := got.GetSearchAttributes().GetIndexedFields(), want.GetSearchAttributes().GetIndexedFields()
	for name, w := range wantSA {
		g, ok := gotSA[name]
		if !ok {
			t.Errorf("search attribute %s: missing; the official client's is %s", name, w)
			continue
		}
		var gv, wv any
		if err := sdkconverter.GetDefaultDataConverter().FromPayload(g, &gv); err != nil {
			t.Errorf("search attribute %s: %v", name, err)
		}
		_ = sdkconverter.GetDefaultDataConverter().FromPayload(w, &wv)
		if !cmp.Equal(gv, wv) || string(g.GetMetadata()["type"]) != string(w.GetMetadata()["type"]) {
			t.Errorf("search attribute %s = %v (type %s); the official client's is %v (type %s)", name, gv, g.GetMetadata()["type"], wv, w.GetMetadata()["type"])
		}
	}
	for name, g := range gotSA {
		if _, ok := wantSA[name]; !ok {
			t.Errorf("search attribute %s = %s; the official client sets none", name, g)
		}
	}
	// Memo: the same keys, with the same encodings.
	for name, w := range want.GetMemo().GetFields() {
		g := got.GetMemo().GetFields()[name]
		if string(g.GetMetadata()["encoding"]) != string(w.GetMetadata()["encoding"]) || string(g.GetMetadata()["messageType"]) != string(w.GetMetadata()["messageType"]) {
			t.Errorf("memo %s metadata = %v; the official client's is %v", name, g.GetMetadata(), w.GetMetadata())
		}
	}
	// The request: the same encoding.
	if g, w := got.GetInput().GetPayloads()[0], want.GetInput().GetPayloads()[0]; string(g.GetMetadata()["encoding"]) != string(w.GetMetadata()["encoding"]) || string(g.GetMetadata()["messageType"]) != string(w.GetMetadata()["messageType"]) {
		t.Errorf("request metadata = %v; the official client's is %v", g.GetMetadata(), w.GetMetadata())
	}
}

const (
	wfGeneratedOrderParent = "interop.GeneratedOrderParent"
	wfOfficialOrderParent  = "interop.OfficialOrderParent"
)

// generatedOrderParent starts ProcessOrder as a child through the
// generated call, on the task queue the request's first tag names, and
// returns once the child started.
func generatedOrderParent(ctx workflow.Context, req *ordersv1.ProcessOrderRequest) error {
	child := ordersv1temporal.ProcessOrderChildAsync(ctx, req, workflow.WithChildTaskQueue(req.GetTags()[0]))
	return child.Future().GetChildWorkflowExecution().Get(ctx, nil)
}

// officialOrderParent is its official twin, with the annotation's options
// written out by hand.
func officialOrderParent(ctx sdkworkflow.Context, req *ordersv1.ProcessOrderRequest) error {
	cctx := sdkworkflow.WithChildOptions(ctx, sdkworkflow.ChildWorkflowOptions{
		WorkflowID: "order-" + req.GetCustomer().GetId() + "-" + req.GetOrderId(), TaskQueue: req.GetTags()[0],
		WorkflowExecutionTimeout: 24 * time.Hour, WorkflowRunTimeout: 12 * time.Hour, WorkflowTaskTimeout: 10 * time.Second,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL, WaitForCancellation: true,
		RetryPolicy: &sdktemporal.RetryPolicy{
			InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute, MaximumAttempts: 3,
			NonRetryableErrorTypes: []string{"InvalidOrder"},
		},
		Memo: map[string]any{"customer": req.GetCustomer(), "summary": "order " + req.GetOrderId() + " for " + req.GetCustomer().GetName()},
		TypedSearchAttributes: sdktemporal.NewSearchAttributes(
			sdktemporal.NewSearchAttributeKeyKeyword("CustomerId").ValueSet(req.GetCustomer().GetId()),
			sdktemporal.NewSearchAttributeKeyKeywordList("OrderTags").ValueSet(req.GetTags()),
			sdktemporal.NewSearchAttributeKeyTime("OrderPlacedAt").ValueSet(req.GetPlacedAt().AsTime()),
			sdktemporal.NewSearchAttributeKeyKeyword("OrderChannel").ValueSet("web"),
		),
		Priority: sdktemporal.Priority{PriorityKey: 2, FairnessKey: req.GetCustomer().GetTier(), FairnessWeight: 1.5},
	})
	return sdkworkflow.ExecuteChildWorkflow(cctx, ordersv1temporal.ProcessOrderWorkflowName, req).GetChildWorkflowExecution().Get(ctx, nil)
}

// childInitiated returns the StartChildWorkflowExecutionInitiated
// attributes of a parent's history.
func childInitiated(t *testing.T, c sdkclient.Client, id, runID string) *historypb.StartChildWorkflowExecutionInitiatedEventAttributes {
	t.Helper()
	for _, ev := range officialHistory(t, c, id, runID).GetEvents() {
		if a := ev.GetStartChildWorkflowExecutionInitiatedEventAttributes(); a != nil {
			return a
		}
	}
	t.Fatalf("no child started in %s", id)
	return nil
}

// TestGeneratedChildStartMatchesTheOfficialSDK starts ProcessOrder as a
// child through the generated call, with the annotation's defaults, and
// through the official SDK with the same options by hand: the two
// StartChildWorkflowExecutionInitiated events must agree (policies,
// timeouts, priority; memo and search attributes decoding alike), and the
// official client reads the generated child's memo and search attributes.
func TestGeneratedChildStartMatchesTheOfficialSDK(t *testing.T) {
	ctx := testContext(t)
	ours, childQueue := startGeneratedOrdersWorker(t)
	ourParentQueue := uniqueName(t, "tq-parent")
	startOurWorker(t, ours, ourParentQueue, ourworker.Options{}, func(w *ourworker.Worker) error {
		return w.RegisterWorkflowWithOptions(generatedOrderParent, ourworker.RegisterWorkflowOptions{Name: wfGeneratedOrderParent})
	})
	official, officialParentQueue := startOfficialWorker(t, sdkclient.Options{}, func(w sdkworker.Registry) {
		w.RegisterWorkflowWithOptions(officialOrderParent, sdkworkflow.RegisterOptions{Name: wfOfficialOrderParent})
	})
	start := func(parentType, parentQueue string) (*historypb.StartChildWorkflowExecutionInitiatedEventAttributes, string) {
		req := sampleOrderRequest(t, time.Hour)
		req.Tags = []string{childQueue, "eu"}
		run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "parent"), TaskQueue: parentQueue}, parentType, req)
		if err != nil {
			t.Fatal(err)
		}
		if err := run.Get(ctx, nil); err != nil {
			t.Fatalf("%s: %v", parentType, err)
		}
		childID, _ := ordersv1temporal.ProcessOrderWorkflowID(req)
		return childInitiated(t, official, run.GetID(), run.GetRunID()), childID
	}
	got, childID := start(wfGeneratedOrderParent, ourParentQueue)
	want, _ := start(wfOfficialOrderParent, officialParentQueue)

	opts := []cmp.Option{
		protocmp.Transform(),
		protocmp.IgnoreFields(&historypb.StartChildWorkflowExecutionInitiatedEventAttributes{}, "workflow_id", "input", "memo", "search_attributes", "workflow_task_completed_event_id", "header", "namespace", "namespace_id"),
	}
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Errorf("child start (-official +generated):\n%s", diff)
	}
	decode := func(p *commonpb.Payload) any {
		var v any
		if err := sdkconverter.GetDefaultDataConverter().FromPayload(p, &v); err != nil {
			return err.Error()
		}
		return v
	}
	for name, w := range want.GetSearchAttributes().GetIndexedFields() {
		g := got.GetSearchAttributes().GetIndexedFields()[name]
		if !cmp.Equal(decode(g), decode(w)) || string(g.GetMetadata()["type"]) != string(w.GetMetadata()["type"]) {
			t.Errorf("search attribute %s = %v (type %s); the official SDK's is %v (type %s)", name, decode(g), g.GetMetadata()["type"], decode(w), w.GetMetadata()["type"])
		}
	}
	for name, w := range want.GetMemo().GetFields() {
		g := got.GetMemo().GetFields()[name]
		if string(g.GetMetadata()["encoding"]) != string(w.GetMetadata()["encoding"]) || string(g.GetMetadata()["messageType"]) != string(w.GetMetadata()["messageType"]) {
			t.Errorf("memo %s metadata = %v; the official SDK's is %v", name, g.GetMetadata(), w.GetMetadata())
		}
	}
	desc, err := official.DescribeWorkflow(ctx, childID, "")
	if err != nil {
		t.Fatal(err)
	}
	var customer *ordersv1.Customer
	if err := sdkconverter.GetDefaultDataConverter().FromPayload(desc.Memo.GetFields()["customer"], &customer); err != nil || customer.GetName() != "Ana" {
		t.Errorf("the generated child's memo customer = %v, %v; want Ana", customer, err)
	}
}

// generatedOrdersRegistry is the registry our replayer runs the generated
// workflows from.
func generatedOrdersRegistry(t *testing.T) *ourworker.Registry {
	t.Helper()
	r := ourworker.NewRegistry()
	if err := errors.Join(
		ordersv1temporal.RegisterOrdersWorkflows(r, orders.Workflows{}),
		ordersv1temporal.RegisterOrdersActivities(r, &orders.Activities{}),
	); err != nil {
		t.Fatal(err)
	}
	return r
}

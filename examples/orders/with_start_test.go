package orders_test

import (
	"context"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/runtime/client"
)

// TestUpdateWithStartKeepsTheRunWhenTheUpdateFails: when update-with-start
// started the workflow but waiting for the update then failed, the caller
// still gets the run it started, as client.UpdateWithStart returns it, so
// it can cancel or follow the workflow. A fake server answers: the start
// succeeds with the update only admitted, and the poll for its outcome
// fails.
func TestUpdateWithStartKeepsTheRunWhenTheUpdateFails(t *testing.T) {
	t.Parallel()
	fake := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		switch r := reply.(type) {
		case *workflowservice.GetSystemInfoResponse:
			return nil
		case *workflowservice.ExecuteMultiOperationResponse:
			upd := req.(*workflowservice.ExecuteMultiOperationRequest).GetOperations()[1].GetUpdateWorkflow()
			r.Responses = []*workflowservice.ExecuteMultiOperationResponse_Response{
				{Response: &workflowservice.ExecuteMultiOperationResponse_Response_StartWorkflow{StartWorkflow: &workflowservice.StartWorkflowExecutionResponse{RunId: "run-1", Started: true}}},
				{Response: &workflowservice.ExecuteMultiOperationResponse_Response_UpdateWorkflow{UpdateWorkflow: &workflowservice.UpdateWorkflowExecutionResponse{
					UpdateRef: &updatepb.UpdateRef{WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: upd.GetWorkflowExecution().GetWorkflowId(), RunId: "run-1"}, UpdateId: upd.GetRequest().GetMeta().GetUpdateId()},
					Stage:     enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
				}}},
			}
			return nil
		}
		return status.Error(codes.PermissionDenied, "the fake server refuses "+method)
	}
	c, err := client.Dial(t.Context(), client.Options{HostPort: "127.0.0.1:1", Namespace: "default", DisableRetries: true,
		DialOptions: []grpc.DialOption{grpc.WithChainUnaryInterceptor(fake)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	req := &ordersv1.ProcessOrderRequest{OrderId: "o-1", Customer: &ordersv1.Customer{Id: "c-1", Tier: "gold", Name: "Ada"}, PlacedAt: timestamppb.Now()}
	h, run, err := ordersv1temporal.NewOrdersClient(c).ProcessOrderWithAddItem(t.Context(), req, &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: "r1"})
	if err == nil || h != nil {
		t.Fatalf("got handle %v and error %v; want the poll's error and no handle", h, err)
	}
	if run == nil || run.ID() != "order-c-1-o-1" || run.RunID() != "run-1" {
		t.Fatalf("got run %v with error %v; want the run the call started (order-c-1-o-1, run-1)", run, err)
	}
}

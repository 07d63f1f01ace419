package interop_test

import (
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/protobuf/types/known/durationpb"
)

// representativeRequest is the message runtime/converter benchmarks encode
// (a copy of its representativeRequest), so the figures here line up with
// ours.
func representativeRequest() *workflowservice.StartWorkflowExecutionRequest {
	return &workflowservice.StartWorkflowExecutionRequest{
		Namespace:                "default",
		WorkflowId:               "order-customer-42-1001",
		WorkflowType:             &commonpb.WorkflowType{Name: "acme.orders.v1.OrderService.ProcessOrder"},
		TaskQueue:                &taskqueuepb.TaskQueue{Name: "orders", Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
		WorkflowExecutionTimeout: durationpb.New(24 * time.Hour),
		WorkflowTaskTimeout:      durationpb.New(10 * time.Second),
		Identity:                 "4242@worker-7.prod",
		RequestId:                "0b7c6a8e-3d1f-4d1b-9a7e-5f8d2c1b0a99",
		WorkflowIdReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
		RetryPolicy: &commonpb.RetryPolicy{
			InitialInterval:        durationpb.New(time.Second),
			BackoffCoefficient:     2,
			MaximumInterval:        durationpb.New(time.Minute),
			MaximumAttempts:        5,
			NonRetryableErrorTypes: []string{"InvalidOrder", "PaymentDeclined"},
		},
		Memo: &commonpb.Memo{Fields: map[string]*commonpb.Payload{
			"note": {Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"gift wrap, leave at door"`)},
		}},
		Header: &commonpb.Header{Fields: map[string]*commonpb.Payload{
			"traceparent": {Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"`)},
		}},
	}
}

// order is a plain Go struct, sent as json/plain by both SDKs.
type order struct {
	ID       string            `json:"id"`
	Customer string            `json:"customer"`
	Lines    []orderLine       `json:"lines"`
	Total    float64           `json:"total"`
	Placed   time.Time         `json:"placed"`
	Tags     map[string]string `json:"tags,omitempty"`
	Gift     bool              `json:"gift"`
}

type orderLine struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

func sampleOrder() order {
	return order{
		ID:       "o-1001",
		Customer: "customer-42",
		Lines:    []orderLine{{SKU: "tea-green-100g", Quantity: 2}, {SKU: "mug-blue", Quantity: 1}},
		Total:    31.5,
		Placed:   time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC),
		Tags:     map[string]string{"channel": "web", "promo": "SPRING25"},
		Gift:     true,
	}
}

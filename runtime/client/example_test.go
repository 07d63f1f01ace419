package client_test

import (
	"context"
	"fmt"
	"os"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// ExampleDial connects with the TEMPORAL_* settings and temporal.toml profile
// the Temporal CLI uses, starts a workflow and waits for its result.
func ExampleDial() {
	ctx := context.Background()
	opts, err := client.FromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	c, err := client.Dial(ctx, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()

	total, err := client.StartWorkflowAndWait[int](ctx, c, client.StartWorkflowOptions{
		ID:               "invoice-2026-11",
		TaskQueue:        "billing",
		ExecutionTimeout: time.Hour,
	}, "acme.billing.v1.Billing.MonthlyInvoice", "customer-42")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println("total:", total)
}

// ExampleClient_UpdateWorkflow sends an update, returns once the workflow
// accepted it, and collects the result later.
func ExampleClient_UpdateWorkflow() {
	ctx := context.Background()
	c, err := client.Dial(ctx, client.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: "cart-7",
		UpdateID:   "add-item-sku-123", // a retried call with this ID runs once
		UpdateName: "AddItem",
		Args:       []any{"sku-123"},
		// Return once the validator passed; Get waits for the handler.
		WaitForStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	var count int
	if err := h.Get(ctx, &count); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println("items in cart:", count)
}

// ExampleWithoutRetries makes one call without the client's own retries,
// for a caller that retries on its own terms and wants each failure at
// once.
func ExampleWithoutRetries() {
	ctx := context.Background()
	c, err := client.Dial(ctx, client.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()
	for attempt := 1; attempt <= 3; attempt++ {
		_, err = c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: c.Namespace()}, client.WithoutRetries())
		if err == nil {
			return
		}
		fmt.Fprintf(os.Stderr, "attempt %d: %v\n", attempt, err)
		time.Sleep(time.Duration(attempt) * time.Second)
	}
}

// Command direct runs an order through runtime/client with the names and
// options written by hand, for BenchmarkClientBinarySize: the program the
// generated client's should be about the size of.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/runtime/client"
)

func main() {
	ctx := context.Background()
	c, err := client.Dial(ctx, client.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer c.Close()
	req := &ordersv1.ProcessOrderRequest{OrderId: "1042", Customer: &ordersv1.Customer{Id: "c-7", Name: "Ada", Tier: "gold"}}
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{
		ID:               "order-" + req.GetCustomer().GetId() + "-" + req.GetOrderId(),
		TaskQueue:        "orders",
		ExecutionTimeout: 24 * time.Hour,
	}, "example.orders.v1.Orders.ProcessOrder", req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var res ordersv1.ProcessOrderResponse
	if err := run.Get(ctx, &res); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(res.GetTrackingId())
}

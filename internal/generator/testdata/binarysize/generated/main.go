// Command generated runs an order through the generated orders client, for
// BenchmarkClientBinarySize: it links what a program that only uses a
// generated client links.
package main

import (
	"context"
	"fmt"
	"os"

	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
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
	res, err := ordersv1temporal.NewOrdersClient(c).ProcessOrder(ctx, &ordersv1.ProcessOrderRequest{
		OrderId: "1042", Customer: &ordersv1.Customer{Id: "c-7", Name: "Ada", Tier: "gold"},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(res.GetTrackingId())
}

package orders_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/workflowdef/workflowdef/examples/orders"
	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// Example runs a worker for the Orders service and drives one order
// through the generated client: start it, add an item, read its status
// and wait for the result. It needs a Temporal server on localhost:7233
// that knows the search attributes the workflow's annotation sets: the
// keywords CustomerId and OrderChannel, the keyword list OrderTags and
// the datetime OrderPlacedAt (go run ./examples/orders/cmd/orders starts
// such a server).
func Example() {
	ctx := context.Background()
	c, err := client.Dial(ctx, client.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	// The worker: the hand-written code, registered under the proto's
	// names on the proto's task queue.
	w, err := worker.New(c, ordersv1temporal.OrdersTaskQueue, worker.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := errors.Join(
		ordersv1temporal.RegisterOrdersWorkflows(w.Registry, orders.Workflows{}),
		ordersv1temporal.RegisterOrdersActivities(w.Registry, &orders.Activities{}),
	); err != nil {
		log.Fatal(err)
	}
	if err := w.Start(ctx); err != nil {
		log.Fatal(err)
	}
	defer w.Stop(ctx)

	// The client: the workflow ID, timeouts, search attributes and memo
	// come from the annotations; options at the call override them.
	oc := ordersv1temporal.NewOrdersClient(c)
	run, err := oc.ProcessOrderAsync(ctx, &ordersv1.ProcessOrderRequest{
		OrderId:  "1001",
		Customer: &ordersv1.Customer{Id: "c-42", Name: "Ada Lovelace", Tier: "gold"},
		Items:    []*ordersv1.Item{{Sku: "book", Quantity: 1, PriceCents: orders.PriceCents("book")}},
		PlacedAt: timestamppb.Now(),
		OpenFor:  durationpb.New(time.Second),
	}, client.WithExecutionTimeout(time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	added, err := run.AddItem(ctx, &ordersv1.AddItemRequest{Sku: "pen", Quantity: 2, RequestId: "r1"})
	if err != nil {
		log.Fatal(err)
	}
	status, err := run.GetStatus(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(run.ID(), added.GetItemCount(), status.GetState())
	res, err := run.Get(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.GetStatus().GetState(), res.GetTrackingId())
}

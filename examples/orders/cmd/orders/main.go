package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/examples/orders"
	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "orders:", err)
		os.Exit(1)
	}
}

// run starts a server and a worker, drives two orders and prints to out
// what happens; the server's progress and the worker's warnings go to logs.
func run(ctx context.Context, out, logs io.Writer) (err error) {
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	server, err := devserver.FromEnv(ctx, devserver.Options{
		ToolModfile: toolModfile(),
		// The example's workflow sets these from its templates; the
		// server refuses a start with unknown search attributes.
		SearchAttributes: map[string]enumspb.IndexedValueType{
			"CustomerId":    enumspb.INDEXED_VALUE_TYPE_KEYWORD,
			"OrderTags":     enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
			"OrderPlacedAt": enumspb.INDEXED_VALUE_TYPE_DATETIME,
			"OrderChannel":  enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		},
		Logger: logger,
	})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, server.Stop(context.WithoutCancel(ctx))) }()
	fmt.Fprintf(out, "Temporal dev server on %s, namespace %s\n", server.Address(), server.Namespace())

	c, err := client.Dial(ctx, client.Options{HostPort: server.Address(), Namespace: server.Namespace(), Logger: logger})
	if err != nil {
		return err
	}
	defer c.Close()

	// One worker runs the whole service, on the task queue the proto names.
	w, err := worker.New(c, ordersv1temporal.OrdersTaskQueue, worker.Options{})
	if err != nil {
		return err
	}
	if err := errors.Join(
		ordersv1temporal.RegisterOrdersWorkflows(w.Registry, orders.Workflows{}),
		ordersv1temporal.RegisterOrdersActivities(w.Registry, &orders.Activities{}),
	); err != nil {
		return err
	}
	if err := w.Start(ctx); err != nil {
		return err
	}
	defer func() { err = errors.Join(err, w.Stop(context.WithoutCancel(ctx))) }()

	ordersClient := ordersv1temporal.NewOrdersClient(c)
	// Order numbers from the clock, so the demo runs again on a server
	// that keeps the orders of an earlier run (TEMPORAL_ADDRESS).
	orderNo := time.Now().Unix() % 1_000_000
	if err := shipAnOrder(ctx, out, ordersClient, fmt.Sprint(orderNo)); err != nil {
		return err
	}
	return cancelAnOrder(ctx, out, ordersClient, fmt.Sprint(orderNo+1_000_000))
}

// shipAnOrder takes an order from its start to its delivery: items added
// through updates (one refused by the validator), a query, a
// continue-as-new, and the result.
func shipAnOrder(ctx context.Context, out io.Writer, oc ordersv1temporal.OrdersClient, orderID string) error {
	req := &ordersv1.ProcessOrderRequest{
		OrderId:  orderID,
		Customer: &ordersv1.Customer{Id: "c-42", Name: "Ada Lovelace", Tier: "gold"},
		Items:    []*ordersv1.Item{{Sku: "book", Quantity: 1, PriceCents: orders.PriceCents("book")}},
		Tags:     []string{"gift", "express"},
		PlacedAt: timestamppb.Now(),
		OpenFor:  durationpb.New(3 * time.Second),
	}
	// The ID, search attributes, memo, timeouts and retry policy all come
	// from the annotation; the start asks for the first workflow task in
	// its response (enable_eager_start), which this process's worker runs.
	run, err := oc.ProcessOrderAsync(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nProcessOrder %s started (run %s); it takes items for %s\n", run.ID(), run.RunID(), req.GetOpenFor().AsDuration())

	// The validator refuses a zero quantity before the update is accepted:
	// nothing reaches the order's history.
	_, err = run.AddItem(ctx, &ordersv1.AddItemRequest{Sku: "pen", Quantity: 0, RequestId: "r0"})
	var refused *client.UpdateFailedError
	if !errors.As(err, &refused) {
		return fmt.Errorf("a zero quantity should be refused, got %v", err)
	}
	fmt.Fprintf(out, "AddItem pen×0 refused: %v\n", refused.Cause)

	// Items go in with updates; the update ID comes from the template
	// item-{sku}-{request_id}, so a retried call is answered, not repeated.
	added, err := run.AddItem(ctx, &ordersv1.AddItemRequest{Sku: "pen", Quantity: 2, RequestId: "r1"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "AddItem pen×2: the order has %d items\n", added.GetItemCount())
	// The async form returns once the workflow accepted the update.
	handle, err := run.AddItemAsync(ctx, &ordersv1.AddItemRequest{Sku: "lamp", Quantity: 1, RequestId: "r2"})
	if err != nil {
		return err
	}
	if added, err = handle.Get(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "AddItem lamp×1 (update %s): the order has %d items\n", handle.UpdateID(), added.GetItemCount())
	if added, err = run.AddItem(ctx, &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: "r3"}); err != nil {
		return err
	}
	fmt.Fprintf(out, "AddItem pen×1: the order has %d items; that was item %d of this run, so it continues as new\n", added.GetItemCount(), orders.ItemsPerRun)

	// The run handle addresses the workflow's latest run, so queries and
	// updates reach the run the continue-as-new started.
	desc, err := run.Describe(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Describe: now run %s, %s\n", desc.RunID, desc.Status)
	status, err := run.GetStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "GetStatus: %s, %d items, %s\n", status.GetState(), len(status.GetItems()), cents(status.GetTotalCents()))

	fmt.Fprintln(out, "Waiting for the window to close: reserve stock (local activity), charge the card (activity, retried once), ship (child workflow)...")
	res, err := run.Get(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ProcessOrder done: %s, %d items, %s, tracking %s\n",
		res.GetStatus().GetState(), len(res.GetStatus().GetItems()), cents(res.GetStatus().GetTotalCents()), res.GetTrackingId())

	// What visibility shows of the order: the annotation's search
	// attributes and memo, rendered from the request.
	if desc, err = run.Describe(ctx); err != nil {
		return err
	}
	customerID, _ := temporal.GetSearchAttribute(desc.SearchAttributes, temporal.NewSearchAttributeKeyKeyword("CustomerId"))
	tags, _ := temporal.GetSearchAttribute(desc.SearchAttributes, temporal.NewSearchAttributeKeyKeywordList("OrderTags"))
	var summary string
	if err := desc.Memo.Get("summary", &summary); err != nil {
		return err
	}
	fmt.Fprintf(out, "Search attributes: CustomerId=%s OrderTags=%s; memo summary: %q\n", customerID, strings.Join(tags, ","), summary)
	return nil
}

// cancelAnOrder starts an order and cancels it with the CancelOrder signal
// in the same request (signal-with-start).
func cancelAnOrder(ctx context.Context, out io.Writer, oc ordersv1temporal.OrdersClient, orderID string) error {
	req := &ordersv1.ProcessOrderRequest{
		OrderId:  orderID,
		Customer: &ordersv1.Customer{Id: "c-7", Name: "Charles Babbage", Tier: "standard"},
		Items:    []*ordersv1.Item{{Sku: "lamp", Quantity: 1, PriceCents: orders.PriceCents("lamp")}},
		PlacedAt: timestamppb.Now(),
		OpenFor:  durationpb.New(time.Hour),
	}
	run, err := oc.ProcessOrderWithCancelOrder(ctx, req, &ordersv1.CancelOrderRequest{Reason: "changed my mind"})
	if err != nil {
		return err
	}
	res, err := run.Get(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nProcessOrder %s started with a CancelOrder signal: %s\n", run.ID(), res.GetStatus().GetState())
	return nil
}

// cents formats an amount of cents as a price.
func cents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// toolModfile is tools/temporal/go.mod, which pins the Temporal CLI, when
// the demo runs from the repository root; empty lets devserver look for
// the CLI elsewhere (the module's tool directive, PATH).
func toolModfile() string {
	const path = "tools/temporal/go.mod"
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

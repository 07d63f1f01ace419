// Package orders is the reference implementation of the Orders service that
// proto/example/orders/v1/orders.proto declares: the code a user writes by
// hand against what protoc-gen-go-temporal generated into
// gen/example/orders/v1/ordersv1temporal.
//
// The generated package holds the names, the typed client, the worker
// registrations and the typed calls; this package holds only behaviour:
//
//   - [Workflows] implements ordersv1temporal.OrdersWorkflows. Its
//     ProcessOrder takes items through the validated AddItem update while
//     the order is open (the request's open_for), answers the GetStatus
//     query, stops on the CancelOrder signal, continues as new after
//     [ItemsPerRun] items, then reserves stock with a local activity,
//     charges the card with an activity that heartbeats and is retried, and
//     ships through the ShipOrder child workflow, which it signals with
//     ConfirmDelivery.
//   - [Activities] implements ordersv1temporal.OrdersActivities, with fakes
//     standing in for the payment provider and the warehouse.
//
// A worker runs both:
//
//	w, err := worker.New(c, ordersv1temporal.OrdersTaskQueue, worker.Options{})
//	err = errors.Join(
//		ordersv1temporal.RegisterOrdersWorkflows(w.Registry, orders.Workflows{}),
//		ordersv1temporal.RegisterOrdersActivities(w.Registry, &orders.Activities{}),
//	)
//
// and a client drives orders through ordersv1temporal.NewOrdersClient.
// examples/orders/cmd/orders runs all of it against a dev server.
package orders

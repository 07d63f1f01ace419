// Command orders runs the orders example end to end: it starts a Temporal
// dev server, a worker with the hand-written workflows and activities of
// package orders, and drives orders through the client that
// protoc-gen-go-temporal generated, printing what happens.
//
//	go run ./examples/orders/...
//
// Run it from the repository root: the dev server is the Temporal CLI
// pinned in tools/temporal/go.mod, built from Go's caches, so it works
// offline once the repository's tests have run. With TEMPORAL_ADDRESS set
// it uses that server instead, which must have the search attributes the
// example sets (CustomerId, OrderTags, OrderPlacedAt, OrderChannel).
package main

package main

import (
	"io"
	"strings"
	"testing"
)

// TestDemoShipsAnOrderAndCancelsAnother runs the demo as `go run` does,
// on a dev server of its own (or TEMPORAL_ADDRESS's), and checks that
// each step it narrates happened.
func TestDemoShipsAnOrderAndCancelsAnother(t *testing.T) {
	// From the repository root, as `go run ./examples/orders/...` runs.
	t.Chdir("../../../..")
	var out strings.Builder
	if err := run(t.Context(), &out, io.Discard); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"AddItem pen×0 refused: item \"pen\" has quantity 0",
		"the order has 4 items; that was item 3 of this run, so it continues as new",
		"GetStatus: STATE_OPEN, 4 items, 71.50",
		"ProcessOrder done: STATE_SHIPPED, 4 items, 71.50, tracking TRK-",
		"Search attributes: CustomerId=c-42 OrderTags=gift,express",
		"started with a CancelOrder signal: STATE_CANCELLED",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the demo's output lacks %q:\n%s", want, out.String())
		}
	}
}

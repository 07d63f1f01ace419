package workflow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// keyedConverter is a data converter held by value whose struct is not
// comparable (it holds a map), as a user's encrypting converter with its
// keys might be.
type keyedConverter struct {
	converter.DataConverter
	keys map[string][]byte
}

// TestLocalActivityWithAValueDataConverterThatIsNotComparable:
// startLocalActivity decides whether a request carries its own converter
// with `dc != x.params.DataConverter`, an interface comparison that panics
// at run time when both hold the same non-comparable type. Any worker
// whose DataConverter is such a value then fails every workflow task that
// calls a local activity; nothing in converter.DataConverter asks for a
// comparable type, and before workflow.WithDataConverter the same code
// ran.
func TestLocalActivityWithAValueDataConverterThatIsNotComparable(t *testing.T) {
	dc := keyedConverter{DataConverter: converter.Default(), keys: map[string][]byte{"k": []byte("secret")}}
	var got error
	_, c := runTask(t, engine.Params{DataConverter: dc}, firstTask(t), func(ctx workflow.Context) error {
		defer func() {
			if r := recover(); r != nil {
				got = fmt.Errorf("panicked: %v", r)
			}
		}()
		ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 1e9})
		workflow.ExecuteLocalActivity(ctx, func(context.Context) error { return nil })
		return workflow.Sleep(ctx, 3600e9)
	})
	if got != nil {
		t.Fatalf("ExecuteLocalActivity with a %T data converter %v", dc, got)
	}
	if len(c.LocalActivities) != 1 {
		t.Errorf("%d local activity requests, want 1", len(c.LocalActivities))
	}
}

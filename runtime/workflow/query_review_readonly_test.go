package workflow_test

import (
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// A query handler runs read-only, and the official SDK's guard covers
// reading channels and futures, not only recording commands:
// GetSignalChannel (workflow.go:2331), Future.Get
// (internal_workflow.go:364), Await (workflow.go:770) and NewSelector
// (workflow.go:912) call assertNotInReadOnlyState, and
// queryHandler.execute turns that panic into a failed query
// (internal_workflow.go:1968-1982). Ours answers such queries: a handler
// can take a signal off its channel with ReceiveAsync, so whether someone
// queried decides whether the workflow later sees the signal, which no
// replay reproduces.
func TestAQueryHandlerCannotReadChannelsFuturesOrAwait(t *testing.T) {
	calls := map[string]func(ctx workflow.Context){
		"signal": func(ctx workflow.Context) {
			var s string
			workflow.GetSignalChannel(ctx, "sig").ReceiveAsync(&s)
		},
		"future": func(ctx workflow.Context) {
			f, set := workflow.NewFuture(ctx)
			set.SetValue(1)
			var n int
			_ = f.Get(ctx, &n)
		},
		"await": func(ctx workflow.Context) {
			_ = workflow.Await(ctx, func() bool { return true })
		},
	}
	x, _ := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		for _, name := range []string{"signal", "future", "await"} {
			call := calls[name]
			if err := workflow.SetQueryHandler(ctx, name, func() (bool, error) { call(ctx); return true, nil }); err != nil {
				return err
			}
		}
		return workflow.Sleep(ctx, time.Hour)
	})
	args, _ := converter.Default().ToPayloads()
	for _, name := range []string{"signal", "future", "await"} {
		if _, err := x.Query(name, args, nil); err == nil {
			t.Errorf("query %q was answered; the official SDK fails a query whose handler calls it (assertNotInReadOnlyState)", name)
		}
	}
}

package worker_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

type priceRequest struct {
	SKU      string
	Quantity int
}

type priceResponse struct {
	SKU   string
	Cents int
}

func TestTypedRegistrationNeedsANameAndAFunction(t *testing.T) {
	r := worker.NewRegistry()
	wf := func(workflow.Context, priceRequest) (priceResponse, error) { return priceResponse{}, nil }
	act := func(context.Context, priceRequest) (priceResponse, error) { return priceResponse{}, nil }
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"workflow without a name", worker.RegisterWorkflowFunc(r, wf, worker.RegisterWorkflowOptions{}), "RegisterWorkflowOptions.Name"},
		{"nil workflow", worker.RegisterWorkflowFunc[priceRequest, priceResponse](r, nil, worker.RegisterWorkflowOptions{Name: "W"}), "nil"},
		{"activity without a name", worker.RegisterActivityFunc(r, act, worker.RegisterActivityOptions{}), "RegisterActivityOptions.Name"},
		{"nil activity", worker.RegisterActivityFunc[priceRequest, priceResponse](r, nil, worker.RegisterActivityOptions{Name: "A"}), "nil"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error naming %s", tc.name, tc.err, tc.want)
		}
	}
	must(t, worker.RegisterWorkflowFunc(r, wf, worker.RegisterWorkflowOptions{Name: "W", Aliases: []string{"OldW"}}))
	if err := worker.RegisterWorkflowFunc(r, wf, worker.RegisterWorkflowOptions{Name: "OldW"}); err == nil || !strings.Contains(err.Error(), `"OldW" is already registered`) {
		t.Errorf("a name taken by an alias: %v", err)
	}
	must(t, worker.RegisterActivityFunc(r, act, worker.RegisterActivityOptions{Name: "A", Aliases: []string{"OldA"}}))
	if err := worker.RegisterActivityFunc(r, act, worker.RegisterActivityOptions{Name: "OldA"}); err == nil || !strings.Contains(err.Error(), `"OldA" is already registered`) {
		t.Errorf("an activity name taken by an alias: %v", err)
	}
}

// TestTypedWorkflowAndActivityRunOnTheDevServer runs a workflow and an
// activity registered with the typed functions, under their names and
// aliases, and checks that a failure keeps its type across both hops and
// that an input the activity's parameter cannot hold is not retried.
func TestTypedWorkflowAndActivityRunOnTheDevServer(t *testing.T) {
	c := dialServer(t)
	var attempts atomic.Int32
	price := func(ctx context.Context, req priceRequest) (priceResponse, error) {
		if req.SKU == "" {
			return priceResponse{}, temporal.NewNonRetryableApplicationError("no SKU", "BadRequest", nil)
		}
		return priceResponse{SKU: req.SKU, Cents: 250 * req.Quantity}, nil
	}
	quote := func(ctx workflow.Context, req priceRequest) (priceResponse, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
		return workflow.Result[priceResponse](ctx, workflow.ExecuteActivity(ctx, "Price", req))
	}
	misfed := func(ctx workflow.Context, _ priceRequest) (priceResponse, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second,
			RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}})
		// A string where the activity takes a priceRequest.
		return workflow.Result[priceResponse](ctx, workflow.ExecuteActivity(ctx, "Counted", "not a request"))
	}
	counted := func(ctx context.Context, req priceRequest) (priceResponse, error) {
		attempts.Add(1)
		return priceResponse{}, nil
	}
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, worker.RegisterWorkflowFunc(w.Registry, quote, worker.RegisterWorkflowOptions{Name: "Quote", Aliases: []string{"QuoteV0"}}))
		must(t, worker.RegisterWorkflowFunc(w.Registry, misfed, worker.RegisterWorkflowOptions{Name: "Misfed"}))
		must(t, worker.RegisterActivityFunc(w.Registry, price, worker.RegisterActivityOptions{Name: "Price"}))
		must(t, worker.RegisterActivityFunc(w.Registry, counted, worker.RegisterActivityOptions{Name: "Counted"}))
	})
	for _, name := range []string{"Quote", "QuoteV0"} {
		got, err := execute[priceResponse](t, c, w, client.StartWorkflowOptions{}, name, priceRequest{SKU: "tea", Quantity: 3})
		if err != nil || got != (priceResponse{SKU: "tea", Cents: 750}) {
			t.Errorf("%s = %+v, %v; want tea at 750 cents", name, got, err)
		}
	}
	_, err := execute[priceResponse](t, c, w, client.StartWorkflowOptions{}, "Quote", priceRequest{})
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || appErr.Type() != "BadRequest" {
		t.Errorf("Quote without a SKU: %v, want the activity's BadRequest", err)
	}
	_, err = execute[priceResponse](t, c, w, client.StartWorkflowOptions{}, "Misfed", priceRequest{})
	// Retryable, as in the official SDK (another worker may take it).
	if !errors.As(err, &appErr) || appErr.Type() != "ActivityArgumentError" || !strings.Contains(err.Error(), "decoding the activity's arguments") {
		t.Errorf("an input the activity cannot decode: %v, want an ActivityArgumentError saying so", err)
	}
	if n := attempts.Load(); n != 0 {
		t.Errorf("the activity ran %d times on an input it cannot decode", n)
	}
}

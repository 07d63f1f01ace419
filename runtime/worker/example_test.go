package worker_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os/signal"
	"syscall"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func Greet(ctx context.Context, name string) (string, error) { return "Hello, " + name, nil }

func GreetingWorkflow(ctx workflow.Context, name string) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, Greet, name))
}

// A worker process: connection settings from TEMPORAL_ADDRESS and friends,
// worker knobs from TEMPORAL_TASK_QUEUE and friends, stopped gracefully by
// SIGTERM.
func Example() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	copts, err := client.FromEnv()
	if err != nil {
		log.Fatal(err)
	}
	c, err := client.Dial(ctx, copts)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	taskQueue, opts, err := worker.OptionsFromEnv("greetings", worker.Options{GracefulStopTimeout: 30 * time.Second})
	if err != nil {
		log.Fatal(err)
	}
	w, err := worker.New(c, taskQueue, opts)
	if err != nil {
		log.Fatal(err)
	}
	if err := w.RegisterWorkflow(GreetingWorkflow); err != nil {
		log.Fatal(err)
	}
	if err := w.RegisterActivity(Greet); err != nil {
		log.Fatal(err)
	}
	if err := w.Run(ctx); err != nil {
		log.Fatal(err)
	}
}

type QuoteRequest struct{ SKU string }
type QuoteResponse struct{ Cents int }

func Quote(ctx context.Context, req QuoteRequest) (QuoteResponse, error) {
	return QuoteResponse{Cents: 250}, nil
}

func QuoteWorkflow(ctx workflow.Context, req QuoteRequest) (QuoteResponse, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	return workflow.Result[QuoteResponse](ctx, workflow.ExecuteActivity(ctx, "acme.pricing.v1.Pricing.Quote", req))
}

// Typed registration, as generated code does it: the names are the proto
// names, so renaming the Go functions changes nothing on the wire, and each
// task calls the function without reflection. The long-running workflow is
// pinned to the Worker Deployment version that started it.
func ExampleRegisterWorkflowFunc() {
	r := worker.NewRegistry()
	err := errors.Join(
		worker.RegisterWorkflowFunc(r, QuoteWorkflow, worker.RegisterWorkflowOptions{
			Name:               "acme.pricing.v1.Pricing.QuoteWorkflow",
			VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_PINNED,
		}),
		worker.RegisterActivityFunc(r, Quote, worker.RegisterActivityOptions{Name: "acme.pricing.v1.Pricing.Quote"}),
	)
	fmt.Println("registered:", err == nil)

	// The name is required: a Go function name would change with a refactor.
	err = worker.RegisterActivityFunc(r, Quote, worker.RegisterActivityOptions{})
	fmt.Println(err != nil)
	// Output:
	// registered: true
	// true
}

// An activity registered under its proto name, dispatched without
// reflection; the generated Register…Activity functions call this.
func ExampleRegisterActivityFunc() {
	r := worker.NewRegistry()
	err := worker.RegisterActivityFunc(r, Greet, worker.RegisterActivityOptions{
		Name:    "acme.greeting.v1.Greeter.Greet",
		Aliases: []string{"Greet"}, // the name it had before the proto
	})
	fmt.Println(err)
	// A second registration under a name already taken is refused.
	err = worker.RegisterActivityFunc(r, Greet, worker.RegisterActivityOptions{Name: "Greet"})
	fmt.Println(err)
	// Output:
	// <nil>
	// worker: activity type "Greet" is already registered
}

// A variable declared but never set is refused when registered, rather
// than panic in every activity or run; the generated registrations check
// this way.
func ExampleIsNil() {
	type greeter struct{ greeting string }
	var unset *greeter
	fmt.Println(worker.IsNil(unset), worker.IsNil(&greeter{greeting: "hi"}))
	// Output:
	// true false
}

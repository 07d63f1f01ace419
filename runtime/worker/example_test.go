package worker_test

import (
	"context"
	"log"
	"os/signal"
	"syscall"
	"time"

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

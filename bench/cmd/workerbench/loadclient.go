package main

import (
	"context"
	"fmt"
	"log/slog"

	sdkclient "go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// loadClient is the client the parent generates load with: it starts
// workflows, waits for their results and signals them. Each SDK's client
// is one, so a worker is measured under the load either client puts on the
// server and the machine.
type loadClient interface {
	// StartWorkflow starts a workflow of workflowType on taskQueue with ID
	// id, bounded by executionTimeout.
	StartWorkflow(ctx context.Context, id, taskQueue, workflowType string, args ...any) (workflowRun, error)
	// SignalWorkflow sends run the signal name carrying arg.
	SignalWorkflow(ctx context.Context, run workflowRun, name string, arg any) error
	Close()
}

// workflowRun is a workflow a loadClient started.
type workflowRun interface {
	ID() string
	RunID() string
	// Get waits for the workflow's result and decodes it into valuePtr.
	Get(ctx context.Context, valuePtr any) error
}

// dialLoadClient dials the client of sdk.
func dialLoadClient(ctx context.Context, sdk, address, namespace string, logger *slog.Logger) (loadClient, error) {
	switch sdk {
	case sdkOurs:
		c, err := client.Dial(ctx, client.Options{HostPort: address, Namespace: namespace, Logger: logger})
		if err != nil {
			return nil, fmt.Errorf("dialling the workflowdef client: %w", err)
		}
		return oursLoad{c}, nil
	case sdkOfficial:
		// The official SDK's default logger writes to stdout, where the
		// report goes.
		c, err := sdkclient.DialContext(ctx, sdkclient.Options{HostPort: address, Namespace: namespace, Logger: sdklog.NewStructuredLogger(logger)})
		if err != nil {
			return nil, fmt.Errorf("dialling the official SDK's client: %w", err)
		}
		return officialLoad{c}, nil
	}
	return nil, fmt.Errorf("no load client for SDK %q", sdk)
}

// oursLoad is the workflowdef client.
type oursLoad struct{ c *client.Client }

func (l oursLoad) StartWorkflow(ctx context.Context, id, taskQueue, workflowType string, args ...any) (workflowRun, error) {
	run, err := l.c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: taskQueue, ExecutionTimeout: executionTimeout}, workflowType, args...)
	if err != nil {
		return nil, err
	}
	return run, nil
}

func (l oursLoad) SignalWorkflow(ctx context.Context, run workflowRun, name string, arg any) error {
	return l.c.SignalWorkflow(ctx, run.ID(), run.RunID(), name, arg)
}

func (l oursLoad) Close() { _ = l.c.Close() }

// officialLoad is the official SDK's client.
type officialLoad struct{ c sdkclient.Client }

func (l officialLoad) StartWorkflow(ctx context.Context, id, taskQueue, workflowType string, args ...any) (workflowRun, error) {
	run, err := l.c.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue, WorkflowExecutionTimeout: executionTimeout}, workflowType, args...)
	if err != nil {
		return nil, err
	}
	return officialRun{run}, nil
}

func (l officialLoad) SignalWorkflow(ctx context.Context, run workflowRun, name string, arg any) error {
	return l.c.SignalWorkflow(ctx, run.ID(), run.RunID(), name, arg)
}

func (l officialLoad) Close() { l.c.Close() }

// officialRun gives the official SDK's WorkflowRun the names of ours.
type officialRun struct{ run sdkclient.WorkflowRun }

func (r officialRun) ID() string    { return r.run.GetID() }
func (r officialRun) RunID() string { return r.run.GetRunID() }
func (r officialRun) Get(ctx context.Context, valuePtr any) error {
	return r.run.Get(ctx, valuePtr)
}

package orders_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/workflowdef/workflowdef/examples/orders"
	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// env is one test's client and worker: the worker polls a task queue of
// the test's own and runs the example's workflows and activities.
type env struct {
	t         *testing.T
	c         *client.Client
	orders    ordersv1temporal.OrdersClient
	taskQueue string
	requests  *requestLog
}

// newEnv starts a worker with activities for the test; it stops when the
// test ends, after the workflows the test tracked were checked.
func newEnv(t *testing.T, activities *orders.Activities) *env {
	t.Helper()
	log := &requestLog{}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{
		HostPort: server.Address(), Namespace: server.Namespace(),
		// Warnings only: a workflow task that fails says so here.
		Logger:      slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		DialOptions: []grpc.DialOption{grpc.WithChainUnaryInterceptor(log.intercept)},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	e := &env{t: t, c: c, orders: ordersv1temporal.NewOrdersClient(c), taskQueue: testenv.UniqueID(t), requests: log}
	// Its own identity, so history tells a task the start handed over
	// eagerly (started by the client's identity) from a polled one.
	startOrdersWorker(t, c, e.taskQueue, worker.Options{Identity: "worker-" + c.Identity()}, orders.Workflows{}, activities)
	return e
}

// startOrdersWorker starts a worker of taskQueue on c that runs wfs and
// acts. It stops when the test ends, and an error stopping it fails the
// test.
func startOrdersWorker(t *testing.T, c *client.Client, taskQueue string, opts worker.Options, wfs ordersv1temporal.OrdersWorkflows, acts ordersv1temporal.OrdersActivities) *worker.Worker {
	t.Helper()
	w, err := worker.New(c, taskQueue, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(
		ordersv1temporal.RegisterOrdersWorkflows(w.Registry, wfs),
		ordersv1temporal.RegisterOrdersActivities(w.Registry, acts),
	); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := w.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := w.Stop(ctx); err != nil {
			t.Errorf("stopping the worker: %v", err)
		}
	})
	return w
}

// fastCharges are activities whose fake payment provider answers at once.
func fastCharges() *orders.Activities { return &orders.Activities{ChargeStep: time.Millisecond} }

// ctx bounds a test's waits; it lives on in the test's cleanups, which
// check the workflows.
func (e *env) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	e.t.Cleanup(cancel)
	return ctx
}

// onQueue runs a start on the test's task queue instead of the
// annotation's "orders".
func (e *env) onQueue() client.StartOption { return client.WithTaskQueue(e.taskQueue) }

// start starts ProcessOrder for req on the test's queue and tracks it.
func (e *env) start(req *ordersv1.ProcessOrderRequest) *ordersv1temporal.ProcessOrderRun {
	e.t.Helper()
	run, err := e.orders.ProcessOrderAsync(e.ctx(), req, e.onQueue())
	if err != nil {
		e.t.Fatal(err)
	}
	e.track(run.ID())
	return run
}

// newOrder is a request for an order of one book, open for openFor, under
// an order ID of the test's own.
func newOrder(t *testing.T, openFor time.Duration) *ordersv1.ProcessOrderRequest {
	return &ordersv1.ProcessOrderRequest{
		OrderId:  testenv.UniqueID(t),
		Customer: &ordersv1.Customer{Id: "c-42", Name: "Ada Lovelace", Tier: "gold"},
		Items:    []*ordersv1.Item{{Sku: "book", Quantity: 1, PriceCents: 1500}},
		Tags:     []string{"gift", "express"},
		PlacedAt: timestamppb.New(time.Now().Truncate(time.Millisecond)),
		OpenFor:  durationpb.New(openFor),
	}
}

// track checks, when the test ends, every run of the workflow: no
// workflow task failed, and the history replays on the example's code.
// A run the test left open is terminated first.
func (e *env) track(workflowID string) {
	e.t.Cleanup(func() {
		t := e.t
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if desc, err := e.c.DescribeWorkflow(ctx, workflowID, ""); err == nil && desc.Status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
			e.settled(workflowID)
			_ = e.c.TerminateWorkflow(ctx, workflowID, "", "test over")
		}
		r := worker.NewRegistry()
		if err := errors.Join(
			ordersv1temporal.RegisterOrdersWorkflows(r, orders.Workflows{}),
			ordersv1temporal.RegisterOrdersActivities(r, fastCharges()),
		); err != nil {
			t.Fatal(err)
		}
		for runID, h := range e.histories(ctx, workflowID) {
			if n := countEvents(h, enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED); n > 0 {
				t.Errorf("workflow %s run %s: %d WorkflowTaskFailed events", workflowID, runID, n)
			}
			if err := replay.NewReplayer(r, replay.Options{}).ReplayHistory(h); err != nil {
				t.Errorf("workflow %s run %s does not replay: %v", workflowID, runID, err)
			}
		}
	})
}

// histories returns the history of every run of the workflow, latest
// first, following continue-as-new back to the first run.
func (e *env) histories(ctx context.Context, workflowID string) map[string]*historypb.History {
	e.t.Helper()
	all := map[string]*historypb.History{}
	for runID := ""; ; {
		h, err := replay.FetchHistory(ctx, e.c, workflowID, runID)
		if err != nil {
			e.t.Errorf("history of workflow %s run %q: %v", workflowID, runID, err)
			return all
		}
		started := h.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes()
		all[started.GetOriginalExecutionRunId()] = h
		if runID = started.GetContinuedExecutionRunId(); runID == "" {
			return all
		}
	}
}

// settled waits until the workflow has no workflow task in flight. A
// workflow terminated in the middle of one gets a WorkflowTaskFailed
// event from the server; tests that terminate wait for this first.
func (e *env) settled(workflowID string) {
	e.t.Helper()
	e.eventually("waiting for the workflow task to finish", func(ctx context.Context) error {
		desc, err := e.c.DescribeWorkflow(ctx, workflowID, "")
		if err != nil {
			return err
		}
		if desc.Response.GetPendingWorkflowTask() != nil {
			return errors.New("a workflow task is pending")
		}
		return nil
	})
}

// history is the latest run's history.
func (e *env) history(workflowID string) *historypb.History {
	e.t.Helper()
	h, err := replay.FetchHistory(e.ctx(), e.c, workflowID, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

func countEvents(h *historypb.History, typ enumspb.EventType) int {
	n := 0
	for _, ev := range h.GetEvents() {
		if ev.GetEventType() == typ {
			n++
		}
	}
	return n
}

// eventually retries check every 50ms until it returns nil or the test's
// minute is up.
func (e *env) eventually(what string, check func(context.Context) error) {
	e.t.Helper()
	ctx := e.ctx()
	for {
		err := check(ctx)
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			e.t.Fatalf("%s: %v", what, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// requestLog records the gRPC calls a client makes, and whether each
// workflow start asked for eager execution and got its first task back.
type requestLog struct {
	mu      sync.Mutex
	methods []string
	eager   []eagerStart
}

type eagerStart struct{ asked, given bool }

func (l *requestLog) intercept(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	err := invoker(ctx, method, req, reply, cc, opts...)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.methods = append(l.methods, method)
	if start, ok := req.(*workflowservice.StartWorkflowExecutionRequest); ok {
		l.eager = append(l.eager, eagerStart{start.GetRequestEagerExecution(), reply.(*workflowservice.StartWorkflowExecutionResponse).GetEagerWorkflowTask() != nil})
	}
	return err
}

// calls returns the methods called so far.
func (l *requestLog) calls() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.methods)
}

func (l *requestLog) lastStart() eagerStart {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.eager) == 0 {
		return eagerStart{}
	}
	return l.eager[len(l.eager)-1]
}

package orders_test

// The errors a user meets at run time through the generated code, for the
// mistakes users make: each must name what is wrong and where, be typed
// where the runtime has a type, and never panic or hang the caller.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/examples/orders"
	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// callNoPanic runs fn and turns a panic into an error, so a test reports
// it as a failure instead of taking the package's other tests down.
func callNoPanic(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("PANIC: %v", p)
		}
	}()
	return fn()
}

// TestRegisteringOnANilRegistryIsAnError: a nil *worker.Registry given to
// the generated registrations (a worker's Registry field read before
// worker.New succeeded, a registry never made with worker.NewRegistry) is
// refused with an error that names the registry, as a nil implementation
// is, rather than panic with a nil pointer dereference inside the runtime.
func TestRegisteringOnANilRegistryIsAnError(t *testing.T) {
	var r *worker.Registry
	for name, register := range map[string]func() error{
		"RegisterOrdersWorkflows":      func() error { return ordersv1temporal.RegisterOrdersWorkflows(r, orders.Workflows{}) },
		"RegisterOrdersActivities":     func() error { return ordersv1temporal.RegisterOrdersActivities(r, fastCharges()) },
		"RegisterProcessOrderWorkflow": func() error { return ordersv1temporal.RegisterProcessOrderWorkflow(r, orders.Workflows{}.ProcessOrder) },
		"RegisterChargeCardActivity":   func() error { return ordersv1temporal.RegisterChargeCardActivity(r, fastCharges().ChargeCard) },
	} {
		err := callNoPanic(register)
		if err == nil || strings.HasPrefix(err.Error(), "PANIC") || !strings.Contains(err.Error(), "registry") {
			t.Errorf("%s on a nil registry: %v; want an error naming the nil registry", name, err)
		}
	}
}

// TestRegisteringATypedNilImplementationIsAnError: a nil pointer in the
// interface (var acts *orders.Activities, never set) is as much "nothing"
// as a nil interface, and is refused when registered, as
// TestRegisteringNothingIsAnError expects of the nil interface, rather
// than make every run panic in the user's methods.
func TestRegisteringATypedNilImplementationIsAnError(t *testing.T) {
	var wfs *orders.Workflows
	var acts *orders.Activities
	for name, register := range map[string]func() error{
		"workflows":  func() error { return ordersv1temporal.RegisterOrdersWorkflows(worker.NewRegistry(), wfs) },
		"activities": func() error { return ordersv1temporal.RegisterOrdersActivities(worker.NewRegistry(), acts) },
	} {
		if err := callNoPanic(register); err == nil || !strings.Contains(err.Error(), "nil") {
			t.Errorf("registering a nil *orders.%s: %v; want an error saying the implementation is nil", strings.ToUpper(name[:1])+name[1:], err)
		}
	}
}

// nilWorkflows is an OrdersWorkflows whose constructors return no
// workflow and no error: a forgotten return value.
type nilWorkflows struct{}

func (nilWorkflows) ProcessOrder(workflow.Context, *ordersv1temporal.ProcessOrderWorkflowInput) (ordersv1temporal.ProcessOrderWorkflow, error) {
	return nil, nil
}

func (nilWorkflows) ShipOrder(workflow.Context, *ordersv1temporal.ShipOrderWorkflowInput) (ordersv1temporal.ShipOrderWorkflow, error) {
	return nil, nil
}

// startWorker starts a worker of its own task queue that runs wfs and
// acts, and returns its client, queue and worker.
func startWorker(t *testing.T, wfs ordersv1temporal.OrdersWorkflows, acts ordersv1temporal.OrdersActivities) (*client.Client, string, *worker.Worker) {
	t.Helper()
	c := testenv.Dial(t, server)
	tq := testenv.UniqueID(t)
	return c, tq, startOrdersWorker(t, c, tq, worker.Options{}, wfs, acts)
}

// terminateAtEnd terminates the workflow when the test ends.
func terminateAtEnd(t *testing.T, c *client.Client, workflowID string) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = c.TerminateWorkflow(ctx, workflowID, "", "test over")
	})
}

// whyItStopped waits, up to a minute, until the workflow's first workflow
// task failed or the workflow closed, and returns that failure's message.
func whyItStopped(t *testing.T, c *client.Client, workflowID string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		h, err := replay.FetchHistory(ctx, c, workflowID, "")
		if err != nil {
			t.Fatalf("history of %s: %v", workflowID, err)
		}
		for _, ev := range h.GetEvents() {
			switch ev.GetEventType() {
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
				return ev.GetWorkflowTaskFailedEventAttributes().GetFailure().GetMessage()
			case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
				f := ev.GetWorkflowExecutionFailedEventAttributes().GetFailure()
				return f.GetMessage() + ": " + f.GetCause().GetMessage()
			case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
				return "completed"
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("workflow %s neither failed a task nor closed within a minute", workflowID)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestAWorkflowConstructorThatReturnsNilSaysSo: an OrdersWorkflows method
// that returns (nil, nil) is a bug in the user's code the generated
// registration can see. The failed workflow task says so: that
// ProcessOrder (or ShipOrder) returned a nil workflow, not a nil pointer
// dereference in generated code.
func TestAWorkflowConstructorThatReturnsNilSaysSo(t *testing.T) {
	t.Parallel()
	c, tq, _ := startWorker(t, nilWorkflows{}, fastCharges())
	oc := ordersv1temporal.NewOrdersClient(c)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	order, err := oc.ProcessOrderAsync(ctx, newOrder(t, 0), client.WithTaskQueue(tq), client.WithEagerStart(false))
	if err != nil {
		t.Fatal(err)
	}
	terminateAtEnd(t, c, order.ID())
	ship, err := oc.ShipOrderAsync(ctx, &ordersv1.ShipOrderRequest{OrderId: testenv.UniqueID(t)}, client.WithTaskQueue(tq))
	if err != nil {
		t.Fatal(err)
	}
	terminateAtEnd(t, c, ship.ID())

	for name, id := range map[string]string{"ProcessOrder": order.ID(), "ShipOrder": ship.ID()} {
		msg := whyItStopped(t, c, id)
		if strings.Contains(msg, "nil pointer dereference") || !strings.Contains(msg, name) || !strings.Contains(msg, "nil") {
			t.Errorf("%s's constructor returned (nil, nil); the workflow stopped with %q; want a message that %s returned a nil workflow", name, msg, name)
		}
	}
}

// startUnpolled starts a ProcessOrder on a task queue no worker polls:
// what a caller meets while the workers are down or deploying.
func startUnpolled(t *testing.T) (*client.Client, *ordersv1temporal.ProcessOrderRun) {
	t.Helper()
	c := testenv.Dial(t, server)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run, err := ordersv1temporal.NewOrdersClient(c).ProcessOrderAsync(ctx, newOrder(t, time.Hour), client.WithTaskQueue("nobody-polls-"+testenv.UniqueID(t)))
	if err != nil {
		t.Fatal(err)
	}
	terminateAtEnd(t, c, run.ID())
	return c, run
}

// TestAnUpdateHandleWhoseContextEndsSaysTheUpdateMayStillRun: when an
// AddItemAsync call runs out of time it returns an
// *client.UpdateTimeoutOrCanceledError that names the update and says
// "GetUpdateHandle with its ID waits for its outcome". Waiting on that
// handle (GetAddItem(id).Get) with a deadline that ends first must say the
// same: the same type, so one errors.As covers both ways of waiting (as
// the official SDK's handle returns WorkflowUpdateServiceTimeoutOrCanceledError),
// naming the update and the workflow.
func TestAnUpdateHandleWhoseContextEndsSaysTheUpdateMayStillRun(t *testing.T) {
	t.Parallel()
	_, run := startUnpolled(t)
	accepted := client.WithWaitForStage(enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_, err := run.AddItemAsync(ctx, &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: "r1"}, accepted)
	cancel()
	var timedOut *client.UpdateTimeoutOrCanceledError
	if !errors.As(err, &timedOut) {
		t.Fatalf("AddItemAsync with no worker: %T %v; want a *client.UpdateTimeoutOrCanceledError", err, err)
	}

	// As the error advises: wait on the update's handle.
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = run.GetAddItem(timedOut.UpdateID).Get(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, context.DeadlineExceeded) is false", err)
	}
	if !errors.As(err, &timedOut) {
		t.Errorf("GetAddItem(%q).Get past its deadline: %T %q; want a *client.UpdateTimeoutOrCanceledError", timedOut.UpdateID, err, err)
	}
	if err != nil && (!strings.Contains(err.Error(), "item-pen-r1") || !strings.Contains(err.Error(), run.ID())) {
		t.Errorf("GetAddItem(...).Get past its deadline: %q does not name the update item-pen-r1 and workflow %s", err, run.ID())
	}
}

// TestAQueryWhoseContextEndsNamesTheWorkflowAndQuery: a GetStatus query to
// an order whose workers are down waits for a worker until the caller's
// deadline; it must then say which query of which workflow went
// unanswered, as an update in the same spot does
// (UpdateTimeoutOrCanceledError).
func TestAQueryWhoseContextEndsNamesTheWorkflowAndQuery(t *testing.T) {
	t.Parallel()
	_, run := startUnpolled(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := run.GetStatus(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, context.DeadlineExceeded) is false", err)
	}
	if err == nil || !strings.Contains(err.Error(), run.ID()) || !strings.Contains(err.Error(), ordersv1temporal.GetStatusQueryName) {
		t.Errorf("GetStatus with no worker, past its deadline: %q; want the workflow %s and query %s named", err, run.ID(), ordersv1temporal.GetStatusQueryName)
	}
}

// TestExecuteWhoseContextEndsNamesTheWorkflow: ProcessOrder (start and
// wait) whose context ends before the order closes has started a workflow
// that runs on; the error is all the caller has, since Execute returns no
// run, so it must name the workflow (ID, and run) it stopped waiting for,
// and still match context.DeadlineExceeded.
func TestExecuteWhoseContextEndsNamesTheWorkflow(t *testing.T) {
	t.Parallel()
	c := testenv.Dial(t, server)
	req := newOrder(t, time.Hour)
	id, err := ordersv1temporal.ProcessOrderWorkflowID(req)
	if err != nil {
		t.Fatal(err)
	}
	terminateAtEnd(t, c, id)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = ordersv1temporal.NewOrdersClient(c).ProcessOrder(ctx, req, client.WithTaskQueue("nobody-polls-"+testenv.UniqueID(t)))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, context.DeadlineExceeded) is false", err)
	}
	if err == nil || !strings.Contains(err.Error(), id) {
		t.Errorf("ProcessOrder past its deadline: %q; want the workflow %s it started named", err, id)
	}
}

// TestAMalformedRunIDIsNamed: GetProcessOrder with a run ID that is not a
// run ID (a workflow ID pasted in its place, a truncated copy) fails at
// the server; the error must say which run ID of which workflow is wrong.
func TestAMalformedRunIDIsNamed(t *testing.T) {
	t.Parallel()
	c, run := startUnpolled(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := ordersv1temporal.NewOrdersClient(c).GetProcessOrder(run.ID(), "order-run-1").Get(ctx)
	if err == nil || !strings.Contains(err.Error(), "order-run-1") || !strings.Contains(err.Error(), run.ID()) {
		t.Errorf("Get with run ID order-run-1: %q; want the run ID and workflow %s named", err, run.ID())
	}
}

// stuckCharges are activities whose ChargeCard ignores its context and
// returns only once release is closed, as code blocked in a call without
// a deadline does.
type stuckCharges struct {
	*orders.Activities
	started, release chan struct{}
	once             *sync.Once
}

func (s stuckCharges) ChargeCard(context.Context, *ordersv1.ChargeCardRequest) (*ordersv1.ChargeCardResponse, error) {
	s.once.Do(func() { close(s.started) })
	<-s.release
	return &ordersv1.ChargeCardResponse{ChargeId: "ch_late"}, nil
}

// TestAStopThatActivitiesOutliveNamesThem: Stop with a deadline returns
// when it passes even though an activity ignores its cancelled context
// (good), and its error says which activity is still running, so the
// user can find the code that ignores ctx.
func TestAStopThatActivitiesOutliveNamesThem(t *testing.T) {
	t.Parallel()
	acts := stuckCharges{Activities: fastCharges(), started: make(chan struct{}), release: make(chan struct{}), once: new(sync.Once)}
	t.Cleanup(func() { close(acts.release) })
	c, tq, w := startWorker(t, orders.Workflows{}, acts)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run, err := ordersv1temporal.NewOrdersClient(c).ProcessOrderAsync(ctx, newOrder(t, 0), client.WithTaskQueue(tq))
	if err != nil {
		t.Fatal(err)
	}
	terminateAtEnd(t, c, run.ID())
	select {
	case <-acts.started:
	case <-ctx.Done():
		t.Fatal("ChargeCard never started")
	}
	stopCtx, stopCancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer stopCancel()
	stopped := make(chan error, 1)
	go func() { stopped <- w.Stop(stopCtx) }()
	select {
	case err = <-stopped:
	case <-time.After(20 * time.Second):
		t.Fatal("Stop with a 2s deadline has not returned after 20s")
	}
	if err == nil || !strings.Contains(err.Error(), ordersv1temporal.ChargeCardActivityName) {
		t.Errorf("Stop while ChargeCard ignores its context: %v; want an error naming %s", err, ordersv1temporal.ChargeCardActivityName)
	}
}

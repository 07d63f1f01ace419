package worker_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The descriptors generated code would declare for a small service.
var (
	typedGreet = workflow.ActivityDef[string, string]{Name: "typed.v1.Greeter.Greet",
		Options: workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second},
		Local:   workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second}}
	typedChild = workflow.WorkflowDef[int, int]{Name: "typed.v1.Greeter.Child",
		ID: func(ctx workflow.Context, n int) (string, error) {
			return fmt.Sprintf("%s-child-%d", workflow.GetInfo(ctx).WorkflowID, n), nil
		}}
	typedBump     = workflow.SignalDef[int]{Name: "typed.v1.Greeter.Bump"}
	typedFinish   = workflow.SignalDef[string]{Name: "typed.v1.Greeter.Finish"}
	typedGreeting = workflow.QueryDef[string, string]{Name: "typed.v1.Greeter.Greeting"}
	typedRename   = workflow.UpdateDef[string, int]{Name: "typed.v1.Greeter.Rename"}
)

func typedGreetActivity(_ context.Context, name string) (string, error) { return "hello " + name, nil }

// typedChildWorkflow waits for a Bump signal and adds it to n.
func typedChildWorkflow(ctx workflow.Context, n int) (int, error) {
	v, _ := typedBump.Channel(ctx).Receive(ctx)
	return n + v, nil
}

// typedParentWorkflow uses every typed entry point: an activity three
// ways, a child it signals, a query and a validated update, and a signal
// it waits for with a timeout.
func typedParentWorkflow(ctx workflow.Context, name string) (string, error) {
	remote, err := typedGreet.Execute(ctx, name)
	if err != nil {
		return "", err
	}
	local, err := typedGreet.ExecuteLocal(ctx, name)
	if err != nil {
		return "", err
	}
	shout := func(_ context.Context, s string) (string, error) { return strings.ToUpper(s), nil }
	loud, err := typedGreet.ExecuteLocalFunc(ctx, shout, name)
	if err != nil {
		return "", err
	}
	run := typedChild.ExecuteChildAsync(ctx, 2)
	if err := typedBump.SignalChild(ctx, run, 40).Get(ctx, nil); err != nil {
		return "", err
	}
	sum, err := run.Get(ctx)
	if err != nil {
		return "", err
	}
	if err := typedGreeting.SetHandler(ctx, func(prefix string) (string, error) { return prefix + name, nil }); err != nil {
		return "", err
	}
	renames := 0
	if err := typedRename.SetHandler(ctx, func(ctx workflow.Context, to string) (int, error) {
		name = to
		renames++
		return renames, nil
	}, func(ctx workflow.Context, to string) error {
		if to == "" {
			return errors.New("a name is not empty")
		}
		return nil
	}); err != nil {
		return "", err
	}
	how, ok, _ := typedFinish.Channel(ctx).ReceiveWithTimeout(ctx, time.Minute)
	if !ok {
		return "", errors.New("no finish signal")
	}
	return fmt.Sprintf("%s|%s|%s|%d|%s|%s", remote, local, loud, sum, name, how), nil
}

func registerTyped(t *testing.T, r interface {
	RegisterWorkflowWithOptions(any, worker.RegisterWorkflowOptions) error
	RegisterActivityWithOptions(any, worker.RegisterActivityOptions) error
}) {
	must(t, r.RegisterWorkflowWithOptions(typedParentWorkflow, worker.RegisterWorkflowOptions{Name: "typed.v1.Greeter.Parent"}))
	must(t, r.RegisterWorkflowWithOptions(typedChildWorkflow, worker.RegisterWorkflowOptions{Name: typedChild.Name}))
	must(t, r.RegisterActivityWithOptions(typedGreetActivity, worker.RegisterActivityOptions{Name: typedGreet.Name}))
}

// TestTypedWorkflowAPIEndToEnd runs typedParentWorkflow on the dev server:
// typed activities (the local function recorded under the descriptor's
// name), a typed child signalled through its run, a typed query, a typed
// update whose validator refuses one request, and a typed signal.
func TestTypedWorkflowAPIEndToEnd(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) { registerTyped(t, w) })
	id := testenv.UniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "typed.v1.Greeter.Parent", "ada")
	if err != nil {
		t.Fatal(err)
	}
	// The handlers exist once the child is done; retry until the update lands.
	deadline := time.Now().Add(30 * time.Second)
	for {
		h, err := c.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: typedRename.Name, Args: []any{"grace"}})
		var n int
		if err == nil {
			err = h.Get(t.Context(), &n)
		}
		if err == nil {
			if n != 1 {
				t.Fatalf("rename count %d", n)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("update: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	refused, err := c.UpdateWorkflow(t.Context(), client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: typedRename.Name, Args: []any{""}})
	if err == nil {
		err = refused.Get(t.Context(), nil)
	}
	if err == nil || !strings.Contains(err.Error(), "a name is not empty") {
		t.Errorf("refused update: %v", err)
	}
	q, err := c.QueryWorkflow(t.Context(), client.QueryWorkflowOptions{WorkflowID: id, QueryType: typedGreeting.Name, Args: []any{"hi "}})
	var greeting string
	if err == nil {
		err = q.Get(&greeting)
	}
	if err != nil || greeting != "hi grace" {
		t.Errorf("query: %q, %v", greeting, err)
	}
	must(t, c.SignalWorkflow(t.Context(), id, "", typedFinish.Name, "bye"))
	var got string
	if err := run.Get(t.Context(), &got); err != nil {
		t.Fatal(err)
	}
	if want := "hello ada|hello ada|ADA|42|grace|bye"; got != want {
		t.Errorf("result %q, want %q", got, want)
	}
	markers := 0
	for _, e := range history(t, c, id).GetEvents() {
		if a := e.GetMarkerRecordedEventAttributes(); a != nil && a.GetMarkerName() == "LocalActivity" {
			markers++
			if data := a.GetDetails()["data"].GetPayloads(); len(data) == 0 || !bytes.Contains(data[0].GetData(), []byte(`"ActivityType":"`+typedGreet.Name+`"`)) {
				t.Errorf("local activity marker %s does not name %s", data, typedGreet.Name)
			}
		}
	}
	if markers != 2 {
		t.Errorf("%d local activity markers, want 2", markers)
	}
	if n := countEvents(t, c, id, "StartChildWorkflowExecutionInitiated"); n != 1 {
		t.Errorf("%d children", n)
	}
	replays(t, c, id, func(r *worker.Registry) { registerTyped(t, r) })
}

var typedCountdown = workflow.WorkflowDef[int, string]{Name: "typed.v1.Countdown"}

func typedCountdownWorkflow(ctx workflow.Context, n int) (string, error) {
	if n > 0 {
		return "", typedCountdown.NewContinueAsNewError(ctx, n-1, workflow.WithContinueAsNewRunTimeout(time.Hour),
			workflow.WithContinueAsNewMemo(map[string]any{"left": n - 1}))
	}
	return "done", nil
}

// TestTypedContinueAsNewCarriesItsOptions: the new run starts with the
// run timeout and memo the continue-as-new asked for.
func TestTypedContinueAsNewCarriesItsOptions(t *testing.T) {
	c := dialServer(t)
	register := func(r interface {
		RegisterWorkflowWithOptions(any, worker.RegisterWorkflowOptions) error
	}) {
		must(t, r.RegisterWorkflowWithOptions(typedCountdownWorkflow, worker.RegisterWorkflowOptions{Name: typedCountdown.Name}))
	}
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) { register(w) })
	got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: testenv.UniqueID(t)}, typedCountdown.Name, 2)
	if err != nil || got != "done" {
		t.Fatalf("result %q, %v", got, err)
	}
	id := testenv.UniqueID(t)
	_, _ = execute[string](t, c, w, client.StartWorkflowOptions{ID: id}, typedCountdown.Name, 1)
	start := history(t, c, id).GetEvents()[0].GetWorkflowExecutionStartedEventAttributes() // the latest run
	var left int
	if err := converter.Default().FromPayload(start.GetMemo().GetFields()["left"], &left); err != nil || left != 0 || start.GetContinuedExecutionRunId() == "" {
		t.Errorf("memo %v (%v), continued from %q", start.GetMemo(), err, start.GetContinuedExecutionRunId())
	}
	if start.GetWorkflowRunTimeout().AsDuration() != time.Hour {
		t.Errorf("run timeout %v, want 1h", start.GetWorkflowRunTimeout().AsDuration())
	}
	replays(t, c, id, func(r *worker.Registry) { register(r) })
}

var typedSleeper = workflow.WorkflowDef[int, int]{Name: "typed.v1.Sleeper"}

func typedSleeperWorkflow(ctx workflow.Context, _ int) (int, error) {
	return 0, workflow.Sleep(ctx, time.Hour)
}

// typedCancelChildWorkflow cancels a started child with the given
// cancellation type and reports how its future resolved.
func typedCancelChildWorkflow(ctx workflow.Context, ct workflow.ChildWorkflowCancellationType) (string, error) {
	cctx, cancel := workflow.WithCancel(ctx)
	run := typedSleeper.ExecuteChildAsync(cctx, 0, workflow.WithChildCancellationType(ct))
	if _, err := run.WaitStart(ctx); err != nil {
		return "", err
	}
	cancel()
	_, err := run.Get(ctx)
	return fmt.Sprintf("canceled %v, ErrCanceled %v", temporal.IsCanceledError(err), errors.Is(err, workflow.ErrCanceled)), nil
}

// TestChildCancellationTypesOnTheServer: a child cancelled under each type
// is cancelled on the server; the parent's future fails with ErrCanceled
// unless it waited for the child to close, and every history replays.
func TestChildCancellationTypesOnTheServer(t *testing.T) {
	c := dialServer(t)
	register := func(r interface {
		RegisterWorkflowWithOptions(any, worker.RegisterWorkflowOptions) error
	}) {
		must(t, r.RegisterWorkflowWithOptions(typedSleeperWorkflow, worker.RegisterWorkflowOptions{Name: typedSleeper.Name}))
		must(t, r.RegisterWorkflowWithOptions(typedCancelChildWorkflow, worker.RegisterWorkflowOptions{Name: "typed.v1.CancelChild"}))
	}
	w := startWorker(t, c, worker.Options{}, func(w *worker.Worker) { register(w) })
	for _, tc := range []struct {
		ct   workflow.ChildWorkflowCancellationType
		want string
	}{
		{workflow.ChildWorkflowCancellationWaitCompleted, "canceled true, ErrCanceled false"},
		{workflow.ChildWorkflowCancellationWaitRequested, "canceled true, ErrCanceled true"},
		{workflow.ChildWorkflowCancellationTryCancel, "canceled true, ErrCanceled true"},
	} {
		id := testenv.UniqueID(t) + fmt.Sprint(tc.ct)
		got, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: id}, "typed.v1.CancelChild", tc.ct)
		if err != nil || got != tc.want {
			t.Errorf("type %d: %q, %v; want %q", tc.ct, got, err, tc.want)
			continue
		}
		if n := countEvents(t, c, id, "RequestCancelExternalWorkflowExecutionInitiated"); n != 1 {
			t.Errorf("type %d: %d cancel requests", tc.ct, n)
		}
		replays(t, c, id, func(r *worker.Registry) { register(r) })
	}
}

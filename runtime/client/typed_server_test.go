package client_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The typed entry points against the dev server, with a worker of this
// process running the workflow. The client package knows nothing of
// workers; its tests may.

type orderRequest struct {
	Customer string
	Items    int
	// Done returns at once; ContinueAsNew continues as new once, first.
	Done          bool
	ContinueAsNew bool
}

type orderResponse struct {
	Items int
	Note  string
}

var (
	finishSignal  = client.SignalDef[string]{Name: "finish"}
	statusQuery   = client.QueryDef[string, string]{Name: "status"}
	addItemUpdate = client.UpdateDef[int, int]{Name: "addItem"}
)

// orderWorkflow counts items, changed by addItem updates (a validator
// refuses non-positive counts), read by status queries, and returns when
// a finish signal brings a note or the workflow is cancelled.
func orderWorkflow(ctx workflow.Context, req orderRequest) (orderResponse, error) {
	items := req.Items
	err := workflow.SetUpdateHandlerWithOptions(ctx, addItemUpdate.Name, func(ctx workflow.Context, n int) (int, error) {
		items += n
		return items, nil
	}, workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, n int) error {
		if n <= 0 {
			return fmt.Errorf("adding %d items refused: counts are positive", n)
		}
		return nil
	}})
	if err != nil {
		return orderResponse{}, err
	}
	err = workflow.SetQueryHandler(ctx, statusQuery.Name, func(prefix string) (string, error) {
		return fmt.Sprintf("%s%s: %d items", prefix, req.Customer, items), nil
	})
	if err != nil {
		return orderResponse{}, err
	}
	switch {
	case req.Done:
		return orderResponse{Items: items}, nil
	case req.ContinueAsNew:
		req.ContinueAsNew = false
		return orderResponse{}, workflow.NewContinueAsNewError(ctx, nil, req)
	}
	var note string
	workflow.NewSelector(ctx).
		AddReceive(workflow.GetSignalChannel(ctx, finishSignal.Name), func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, &note) }).
		AddReceive(ctx.Done(), func(workflow.ReceiveChannel, bool) {}).
		Select(ctx)
	if err := ctx.Err(); err != nil {
		return orderResponse{}, err
	}
	return orderResponse{Items: items, Note: note}, nil
}

// startOrderWorker starts a worker running orderWorkflow on a fresh task
// queue and returns the WorkflowDef of that queue: its defaults set the
// task queue and a one-hour execution timeout.
func startOrderWorker(t *testing.T, c *client.Client) client.WorkflowDef[orderRequest, orderResponse] {
	t.Helper()
	w, err := worker.New(c, uniqueID(t), worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflowWithOptions(orderWorkflow, worker.RegisterWorkflowOptions{Name: orderDef.Name}); err != nil {
		t.Fatal(err)
	}
	if err := w.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := w.Stop(ctx); err != nil {
			t.Errorf("stopping the worker: %v", err)
		}
	})
	return client.WorkflowDef[orderRequest, orderResponse]{
		Name: orderDef.Name,
		Defaults: func(orderRequest, func() string) (temporal.WorkflowDefaults, error) {
			return temporal.WorkflowDefaults{TaskQueue: w.TaskQueue(), ExecutionTimeout: time.Hour}, nil
		},
		ID: func(req orderRequest) (string, error) { return "order-" + req.Customer, nil },
	}
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestTypedStartSignalQueryUpdateAndGet(t *testing.T) {
	c := dial(t, nil)
	def := startOrderWorker(t, c)
	ctx := waitCtx(t)
	customer := uniqueID(t)
	run, err := def.Start(ctx, c, orderRequest{Customer: customer, Items: 2}, client.WithExecutionTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	if run.ID() != "order-"+customer || run.RunID() == "" || run.Client() != c || run.Untyped().ID() != run.ID() {
		t.Fatalf("run: ID %q, RunID %q", run.ID(), run.RunID())
	}

	// The explicit zero lifted the default one-hour execution timeout.
	desc, err := run.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := desc.Response.GetExecutionConfig().GetWorkflowExecutionTimeout().AsDuration(); got != 0 {
		t.Errorf("execution timeout = %v, want none: WithExecutionTimeout(0) overrides the default", got)
	}

	if status, err := statusQuery.Query(ctx, c, run.ID(), "", "order "); err != nil || status != "order "+customer+": 2 items" {
		t.Errorf("query: %q, %v", status, err)
	}
	if n, err := addItemUpdate.Execute(ctx, c, run.ID(), "", 3); err != nil || n != 5 {
		t.Errorf("sync update: %d, %v; want 5", n, err)
	}
	h, err := addItemUpdate.Start(ctx, c, run.ID(), "", 1, client.WithUpdateID("add-one"))
	if err != nil {
		t.Fatal(err)
	}
	if h.UpdateID() != "add-one" || h.WorkflowID() != run.ID() || h.RunID() != run.RunID() || h.Untyped().UpdateID() != "add-one" {
		t.Errorf("update handle: ID %q, workflow %q, run %q", h.UpdateID(), h.WorkflowID(), h.RunID())
	}
	if n, err := h.Get(ctx); err != nil || n != 6 {
		t.Errorf("async update: %d, %v; want 6", n, err)
	}
	if n, err := addItemUpdate.GetHandle(c, run.ID(), "", "add-one").Get(ctx); err != nil || n != 6 {
		t.Errorf("update handle by ID: %d, %v; want 6", n, err)
	}
	// Goroutines sharing a handle each get the result (-race checks them).
	shared := addItemUpdate.GetHandle(c, run.ID(), "", "add-one")
	results := make(chan error, 4)
	for range 4 {
		go func() {
			n, err := shared.Get(ctx)
			if err == nil && n != 6 {
				err = fmt.Errorf("result %d, want 6", n)
			}
			results <- err
		}()
	}
	for range 4 {
		if err := <-results; err != nil {
			t.Errorf("shared handle: %v", err)
		}
	}
	// The ID template makes a retried call run once.
	templated := addItemUpdate
	templated.ID = func(n int) (string, error) { return fmt.Sprintf("add-%d", n), nil }
	templated.WaitForStage = enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED
	for range 2 {
		h, err := templated.Start(ctx, c, run.ID(), "", 4)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := h.Get(ctx); err != nil || n != 10 || h.UpdateID() != "add-4" {
			t.Errorf("templated update: %d, %v, ID %q; want 10 once", n, err, h.UpdateID())
		}
	}
	var failed *client.UpdateFailedError
	if _, err := addItemUpdate.Execute(ctx, c, run.ID(), "", -1); !errors.As(err, &failed) || !strings.Contains(err.Error(), "adding -1 items refused") || failed.UpdateName != "addItem" {
		t.Errorf("rejected update: %v", err)
	}
	if _, err := addItemUpdate.Execute(ctx, c, run.ID(), "", 1, client.WithFirstExecutionRunID("not-the-first-run")); err == nil {
		t.Error("an update for another chain of runs reached this one")
	}

	if err := finishSignal.Send(ctx, c, run.ID(), "", "shipped"); err != nil {
		t.Fatal(err)
	}
	res, err := run.Get(ctx)
	if err != nil || res != (orderResponse{Items: 10, Note: "shipped"}) {
		t.Errorf("Get: %+v, %v", res, err)
	}
	if again, err := def.Get(c, run.ID(), "").Get(ctx); err != nil || again != res {
		t.Errorf("Get by ID: %+v, %v", again, err)
	}
}

func TestTypedExecuteReturnsTheResponse(t *testing.T) {
	c := dial(t, nil)
	def := startOrderWorker(t, c)
	res, err := def.Execute(waitCtx(t), c, orderRequest{Customer: uniqueID(t), Items: 7, Done: true})
	if err != nil || res.Items != 7 {
		t.Fatalf("Execute: %+v, %v", res, err)
	}
	if _, err := def.Execute(waitCtx(t), c, orderRequest{Customer: "x"}, client.WithTaskQueue("")); err == nil || !strings.Contains(err.Error(), "TaskQueue is empty") {
		t.Errorf("Execute without a task queue: %v", err)
	}
}

// continuedRun starts an order that continues as new and waits until its
// second run is the latest.
func continuedRun(t *testing.T, c *client.Client, def client.WorkflowDef[orderRequest, orderResponse]) *client.RunOf[orderResponse] {
	t.Helper()
	ctx := waitCtx(t)
	run, err := def.Start(ctx, c, orderRequest{Customer: uniqueID(t), Items: 1, ContinueAsNew: true})
	if err != nil {
		t.Fatal(err)
	}
	for {
		desc, err := run.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if desc.RunID != run.RunID() && desc.Status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
			return run
		}
		select {
		case <-ctx.Done():
			t.Fatal("the workflow did not continue as new")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func TestRunOfFollowsContinueAsNew(t *testing.T) {
	c := dial(t, nil)
	def := startOrderWorker(t, c)
	ctx := waitCtx(t)

	t.Run("signal and Get", func(t *testing.T) {
		run := continuedRun(t, c, def)
		if err := finishSignal.Send(ctx, c, run.ID(), "", "second run"); err != nil {
			t.Fatal(err)
		}
		if res, err := run.Get(ctx); err != nil || res.Note != "second run" {
			t.Errorf("Get from the first run: %+v, %v; want the second run's result", res, err)
		}
	})
	t.Run("Cancel", func(t *testing.T) {
		run := continuedRun(t, c, def)
		if err := run.Cancel(ctx, "customer changed their mind"); err != nil {
			t.Fatal(err)
		}
		var canceled *temporal.CanceledError
		if _, err := run.Get(ctx); !errors.As(err, &canceled) {
			t.Errorf("Get after Cancel: %v, want a CanceledError", err)
		}
	})
	t.Run("update", func(t *testing.T) {
		// The second run is in the chain the handle started.
		run := continuedRun(t, c, def)
		if n, err := addItemUpdate.ExecuteOn(ctx, run, 2); err != nil || n != 3 {
			t.Errorf("ExecuteOn after continue-as-new: %d, %v; want 3", n, err)
		}
		if err := finishSignal.SendTo(ctx, run, "updated"); err != nil {
			t.Fatal(err)
		}
		if res, err := run.Get(ctx); err != nil || res.Items != 3 {
			t.Errorf("Get: %+v, %v", res, err)
		}
	})
	t.Run("Terminate", func(t *testing.T) {
		run := continuedRun(t, c, def)
		if err := run.Terminate(ctx, "fraud", "detail"); err != nil {
			t.Fatal(err)
		}
		var terminated *temporal.TerminatedError
		if _, err := run.Get(ctx); !errors.As(err, &terminated) {
			t.Errorf("Get after Terminate: %v, want a TerminatedError", err)
		}
		desc, err := run.Describe(ctx)
		if err != nil || desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED || desc.RunID == run.RunID() {
			t.Errorf("Describe after Terminate: run %s, %v, %v", desc.RunID, desc.Status, err)
		}
	})
}

// TestRunOfStaysWithinItsChainOfRuns keeps the handle of an order that
// completed while a second order reuses its workflow ID: the old handle's
// cancel, terminate, describe and updates fail, naming what happened,
// and leave the new order alone; a handle by ID, and the new order's own,
// reach the new one.
func TestRunOfStaysWithinItsChainOfRuns(t *testing.T) {
	c := dial(t, nil)
	def := startOrderWorker(t, c)
	ctx := waitCtx(t)
	customer := uniqueID(t)
	old, err := def.Start(ctx, c, orderRequest{Customer: customer, Items: 1, Done: true})
	if err != nil {
		t.Fatal(err)
	}
	if old.Untyped().FirstExecutionRunID() != old.RunID() {
		t.Errorf("FirstExecutionRunID %q, want the started run %q", old.Untyped().FirstExecutionRunID(), old.RunID())
	}
	if _, err := old.Get(ctx); err != nil {
		t.Fatal(err)
	}
	newer, err := def.Start(ctx, c, orderRequest{Customer: customer, Items: 2})
	if err != nil {
		t.Fatal(err)
	}
	if newer.ID() != old.ID() {
		t.Fatalf("IDs %q and %q: the test needs one reused", old.ID(), newer.ID())
	}

	checks := map[string]error{}
	checks["Cancel"] = old.Cancel(ctx, "stale handle")
	checks["Terminate"] = old.Terminate(ctx, "stale handle")
	_, checks["Describe"] = old.Describe(ctx)
	_, checks["ExecuteOn"] = addItemUpdate.ExecuteOn(ctx, old, 5)
	_, checks["StartOn"] = addItemUpdate.StartOn(ctx, old, 5)
	for name, err := range checks {
		var other *client.OtherExecutionChainError
		if !errors.As(err, &other) || other.FirstExecutionRunID != old.RunID() || other.LatestFirstRunID != newer.RunID() || other.WorkflowID != old.ID() {
			t.Errorf("%s on the old handle: %v, want an OtherExecutionChainError", name, err)
		}
	}

	// The new order was neither cancelled, terminated nor updated.
	if status, err := statusQuery.QueryOn(ctx, newer, ""); err != nil || status != customer+": 2 items" {
		t.Errorf("the new order after the old handle's calls: %q, %v", status, err)
	}
	desc, err := def.Get(c, old.ID(), "").Describe(ctx)
	if err != nil || desc.RunID != newer.RunID() || desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Fatalf("Describe by ID: %+v, %v; want the new order, running", desc, err)
	}
	if n, err := addItemUpdate.ExecuteOn(ctx, newer, 3); err != nil || n != 5 {
		t.Errorf("ExecuteOn the new order: %d, %v; want 5", n, err)
	}
	h, err := addItemUpdate.StartOn(ctx, newer, 1, client.WithUpdateID("one-more"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := addItemUpdate.HandleOn(newer, h.UpdateID()).Get(ctx); err != nil || n != 6 {
		t.Errorf("HandleOn the new order: %d, %v; want 6", n, err)
	}
	if err := finishSignal.SendTo(ctx, newer, "done"); err != nil {
		t.Fatal(err)
	}
	if res, err := newer.Get(ctx); err != nil || res != (orderResponse{Items: 6, Note: "done"}) {
		t.Errorf("the new order's result: %+v, %v", res, err)
	}
	// A handle that did not start its run knows no chain: it acts on the
	// latest run, whatever chain that is.
	if err := def.Get(c, old.ID(), "").Terminate(ctx, "closed anyway"); err == nil {
		t.Error("Terminate of a closed workflow by ID succeeded")
	} else if errors.As(err, new(*client.OtherExecutionChainError)) {
		t.Errorf("a handle by ID reported another chain: %v", err)
	}
}

func TestTypedSignalWithStart(t *testing.T) {
	c := dial(t, nil)
	def := startOrderWorker(t, c)
	ctx := waitCtx(t)
	customer := uniqueID(t)
	run, err := client.SignalWithStart(ctx, c, def, orderRequest{Customer: customer, Items: 1}, finishSignal, "signalled")
	if err != nil {
		t.Fatal(err)
	}
	if run.ID() != "order-"+customer || !run.Untyped().Started() {
		t.Errorf("run %q started %v; want the ID template's, started", run.ID(), run.Untyped().Started())
	}
	if res, err := run.Get(ctx); err != nil || res.Note != "signalled" {
		t.Errorf("Get: %+v, %v", res, err)
	}

	// A definition whose plain starts fail on a running ID, or replace the
	// running workflow (as an annotation's id_conflict_policy FAIL or
	// TERMINATE_EXISTING makes them), still signals the running workflow;
	// FAIL asked for at the call is refused.
	var failing client.WorkflowDef[orderRequest, orderResponse]
	for _, policy := range []enumspb.WorkflowIdConflictPolicy{enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL, enumspb.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING} {
		plain := def
		plain.Defaults = func(req orderRequest, newUUID func() string) (temporal.WorkflowDefaults, error) {
			o, err := def.Defaults(req, newUUID)
			o.IDConflictPolicy = policy
			return o, err
		}
		customer = uniqueID(t)
		first, err := plain.Start(ctx, c, orderRequest{Customer: customer, Items: 1})
		if err != nil {
			t.Fatal(err)
		}
		again, err := client.SignalWithStart(ctx, c, plain, orderRequest{Customer: customer, Items: 1}, finishSignal, "second")
		if err != nil || again.RunID() != first.RunID() {
			t.Fatalf("signal-with-start of a running workflow whose definition says %s: %v; want run %s", policy, err, first.RunID())
		}
		if res, err := first.Get(ctx); err != nil || res.Note != "second" {
			t.Errorf("%s: Get: %+v, %v; want the signal's note", policy, res, err)
		}
		failing = plain
	}
	_, err = client.SignalWithStart(ctx, c, failing, orderRequest{Customer: customer}, finishSignal, "",
		client.WithIDConflictPolicy(enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL))
	if err == nil || !strings.Contains(err.Error(), "not FAIL") {
		t.Errorf("signal-with-start with conflict policy FAIL at the call: %v", err)
	}

	noTemplate := def
	noTemplate.ID = nil
	var idRequired *client.WorkflowIDRequiredError
	_, err = client.SignalWithStart(ctx, c, noTemplate, orderRequest{}, finishSignal, "")
	if !errors.As(err, &idRequired) || !strings.Contains(err.Error(), "signal-with-start of workflow typed.Order") {
		t.Errorf("signal-with-start without an ID: %v", err)
	}
}

func TestTypedUpdateWithStart(t *testing.T) {
	c := dial(t, nil)
	def := startOrderWorker(t, c)
	ctx := waitCtx(t)
	customer := uniqueID(t)
	h, run, err := client.UpdateWithStart(ctx, c, def, orderRequest{Customer: customer, Items: 1}, addItemUpdate, 2,
		client.WithUpdate(client.WithUpdateID("first")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := h.Get(ctx); err != nil || n != 3 || h.UpdateID() != "first" || !run.Untyped().Started() {
		t.Errorf("first update-with-start: %d, %v, ID %q, started %v", n, err, h.UpdateID(), run.Untyped().Started())
	}
	// The workflow runs now: the second call updates it, started by nobody.
	h, again, err := client.UpdateWithStart(ctx, c, def, orderRequest{Customer: customer, Items: 100}, addItemUpdate, 4)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := h.Get(ctx); err != nil || n != 7 || again.Untyped().Started() || again.RunID() != run.RunID() {
		t.Errorf("second update-with-start: %d, %v, started %v", n, err, again.Untyped().Started())
	}

	// A definition whose plain starts fail on a running ID (as an
	// annotation's id_conflict_policy FAIL makes it) still updates the
	// running workflow; FAIL asked for at the call is refused.
	failing := def
	failing.Defaults = func(req orderRequest, newUUID func() string) (temporal.WorkflowDefaults, error) {
		o, err := def.Defaults(req, newUUID)
		o.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL
		return o, err
	}
	h, again, err = client.UpdateWithStart(ctx, c, failing, orderRequest{Customer: customer}, addItemUpdate, 1)
	if err != nil || again.RunID() != run.RunID() {
		t.Fatalf("update-with-start of a running workflow whose definition says FAIL: %v; want run %s", err, run.RunID())
	}
	if n, err := h.Get(ctx); err != nil || n != 8 {
		t.Errorf("update through a definition that says FAIL: %d, %v; want 8", n, err)
	}
	_, _, err = client.UpdateWithStart(ctx, c, failing, orderRequest{Customer: customer}, addItemUpdate, 1,
		client.WithStart(client.WithIDConflictPolicy(enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL)))
	if err == nil || !strings.Contains(err.Error(), "not FAIL") {
		t.Errorf("update-with-start with conflict policy FAIL: %v", err)
	}
	noTemplate := def
	noTemplate.ID = nil
	var idRequired *client.WorkflowIDRequiredError
	_, _, err = client.UpdateWithStart(ctx, c, noTemplate, orderRequest{}, addItemUpdate, 1)
	if !errors.As(err, &idRequired) || !strings.Contains(err.Error(), "update-with-start of workflow typed.Order") {
		t.Errorf("update-with-start without an ID: %v", err)
	}
	// A call-site ID does instead of a template.
	h, _, err = client.UpdateWithStart(ctx, c, noTemplate, orderRequest{Customer: "y"}, addItemUpdate, 1, client.WithStart(client.WithID("order-"+customer)))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := h.Get(ctx); err != nil || n != 9 {
		t.Errorf("update-with-start by WithID: %d, %v; want 9", n, err)
	}
	if err := finishSignal.Send(ctx, c, "order-"+customer, "", "done"); err != nil {
		t.Fatal(err)
	}
}

// stageRecorder records the stage each update call waited for.
type stageRecorder struct {
	client.OutboundInterceptorBase
	stages []enumspb.UpdateWorkflowExecutionLifecycleStage
}

func (r *stageRecorder) InterceptClient(next client.OutboundInterceptor) client.OutboundInterceptor {
	r.Next = next
	return r
}

func (r *stageRecorder) UpdateWorkflow(ctx context.Context, in *client.UpdateWorkflowInput) (*client.UpdateHandle, error) {
	r.stages = append(r.stages, in.Options.WaitForStage)
	return r.Next.UpdateWorkflow(ctx, in)
}

// TestUpdateStagesFollowTheCallTheDefinitionAndTheOption: Execute waits
// for completion, Start for acceptance unless the definition says
// otherwise, and WithWaitForStage wins over both.
func TestUpdateStagesFollowTheCallTheDefinitionAndTheOption(t *testing.T) {
	rec := &stageRecorder{}
	c := dial(t, func(o *client.Options) { o.Interceptors = []client.Interceptor{rec} })
	def := startOrderWorker(t, c)
	ctx := waitCtx(t)
	run, err := def.Start(ctx, c, orderRequest{Customer: uniqueID(t), Items: 1})
	if err != nil {
		t.Fatal(err)
	}
	accepted := enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED
	completed := enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED
	if _, err := addItemUpdate.Execute(ctx, c, run.ID(), "", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := addItemUpdate.Start(ctx, c, run.ID(), "", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := addItemUpdate.Start(ctx, c, run.ID(), "", 1, client.WithWaitForStage(completed)); err != nil {
		t.Fatal(err)
	}
	onCompletion := addItemUpdate
	onCompletion.WaitForStage = completed
	if _, err := onCompletion.Start(ctx, c, run.ID(), "", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := onCompletion.Start(ctx, c, run.ID(), "", 1, client.WithWaitForStage(accepted)); err != nil {
		t.Fatal(err)
	}
	want := []enumspb.UpdateWorkflowExecutionLifecycleStage{completed, accepted, completed, completed, accepted}
	if !slices.Equal(rec.stages, want) {
		t.Errorf("stages waited for: %v, want %v", rec.stages, want)
	}
}

// TestQueryFailedErrorCarriesTheHandlersError: a query handler's error
// comes back as a QueryFailedError whose cause is that error, with its
// type, as the worker reported it.
func TestQueryFailedErrorCarriesTheHandlersError(t *testing.T) {
	c := dial(t, nil)
	w, err := worker.New(c, uniqueID(t), worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
		if err := workflow.SetQueryHandler(ctx, "audit", func() (string, error) {
			return "", temporal.NewApplicationError("audits are closed today", "Closed")
		}); err != nil {
			return err
		}
		return workflow.Await(ctx, func() bool { return false })
	}, worker.RegisterWorkflowOptions{Name: "audited"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = w.Stop(ctx)
	})
	ctx := waitCtx(t)
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: w.TaskQueue()}, "audited")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), run.ID(), "", "test over") })
	for range 2 { // the first query may ride on the first workflow task, the second is a query task
		_, err = client.Query[string](ctx, c, run.ID(), "", "audit")
		var failed *client.QueryFailedError
		var appErr *temporal.ApplicationError
		if !errors.As(err, &failed) || !errors.As(err, &appErr) || appErr.Type() != "Closed" || appErr.Message() != "audits are closed today" {
			t.Errorf("query: %v (cause %v); want a QueryFailedError caused by the handler's Closed error", err, failed)
		}
	}
}

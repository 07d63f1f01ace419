package client_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"google.golang.org/grpc"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// orderDef is a workflow whose annotation defaults set every field a
// StartOption can, so the tests can see each option override one.
var orderDef = client.WorkflowDef[orderRequest, orderResponse]{
	Name: "typed.Order",
	Defaults: func(req orderRequest, _ func() string) (temporal.WorkflowDefaults, error) {
		return temporal.WorkflowDefaults{
			TaskQueue:        "orders",
			ExecutionTimeout: time.Hour,
			RunTimeout:       30 * time.Minute,
			TaskTimeout:      20 * time.Second,
			RetryPolicy:      &temporal.RetryPolicy{MaximumAttempts: 3},
			IDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
			IDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
			Memo:             map[string]any{"customer": req.Customer},
			Priority:         &temporal.Priority{PriorityKey: 2},
			EnableEagerStart: true,
		}, nil
	},
	ID: func(req orderRequest) (string, error) {
		if req.Customer == "" {
			return "", errors.New("customer is empty")
		}
		return "order-" + req.Customer, nil
	},
}

func TestStartOptionsApplyCallSiteOptionsOverDefaultsIncludingExplicitZeros(t *testing.T) {
	sa := temporal.NewSearchAttributes(temporal.NewSearchAttributeKeyKeyword("CustomerId").ValueSet("c1"))
	o, err := orderDef.StartOptions(orderRequest{Customer: "c1"},
		client.WithTaskQueue("orders-eu"),
		client.WithExecutionTimeout(0),
		client.WithRunTimeout(0),
		client.WithTaskTimeout(0),
		client.WithRetryPolicy(nil),
		client.WithIDReusePolicy(enumspb.WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED),
		client.WithIDConflictPolicy(enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING),
		client.WithMemo(nil),
		client.WithSearchAttributes(sa),
		client.WithStartDelay(0),
		client.WithPriority(nil),
		client.WithRequestID("req-1"),
		client.WithStaticSummary(""),
		client.WithStaticDetails(""),
		client.WithEagerStart(false),
		nil, // ignored
	)
	if err != nil {
		t.Fatal(err)
	}
	want := client.StartWorkflowOptions{
		ID:               "order-c1", // from the template: no option set one
		TaskQueue:        "orders-eu",
		IDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		SearchAttributes: sa,
		RequestID:        "req-1",
	}
	if o.ID != want.ID || o.TaskQueue != want.TaskQueue || o.ExecutionTimeout != 0 || o.RunTimeout != 0 || o.TaskTimeout != 0 ||
		o.RetryPolicy != nil || o.IDReusePolicy != 0 || o.IDConflictPolicy != want.IDConflictPolicy || o.Memo != nil ||
		o.SearchAttributes.Len() != 1 || o.StartDelay != 0 || o.Priority != nil || o.RequestID != want.RequestID ||
		o.StaticSummary != "" || o.StaticDetails != "" || o.EnableEagerStart {
		t.Errorf("merged options = %+v, want %+v", o, want)
	}
}

func TestStartOptionsIDPrecedence(t *testing.T) {
	req := orderRequest{Customer: "c1"}
	for _, tc := range []struct {
		name string
		def  client.WorkflowDef[orderRequest, orderResponse]
		opts []client.StartOption
		want string
	}{
		{"template when nothing sets an ID", orderDef, nil, "order-c1"},
		{"call-site ID over the template", orderDef, []client.StartOption{client.WithID("mine")}, "mine"},
		{"escape hatch sets several fields", orderDef, []client.StartOption{client.WithStartWorkflowOptions(func(o *client.StartWorkflowOptions) { o.ID = "hatch" })}, "hatch"},
		{"no template, no ID", client.WorkflowDef[orderRequest, orderResponse]{}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := tc.def.StartOptions(req, tc.opts...)
			if err != nil || o.ID != tc.want {
				t.Errorf("ID = %q, %v; want %q", o.ID, err, tc.want)
			}
		})
	}
}

func TestStartOptionsWrapTemplateAndDefaultsErrors(t *testing.T) {
	if _, err := orderDef.StartOptions(orderRequest{}); err == nil || !strings.Contains(err.Error(), "workflow ID of workflow typed.Order: customer is empty") {
		t.Errorf("ID template error: %v", err)
	}
	cause := errors.New("no defaults today")
	def := client.WorkflowDef[orderRequest, orderResponse]{Name: "typed.Broken", Defaults: func(orderRequest, func() string) (temporal.WorkflowDefaults, error) {
		return temporal.WorkflowDefaults{}, cause
	}}
	if _, err := def.StartOptions(orderRequest{}); !errors.Is(err, cause) || !strings.Contains(err.Error(), "typed.Broken") {
		t.Errorf("Defaults error: %v", err)
	}
}

func TestTypedCallsRefuseANilClient(t *testing.T) {
	ctx := t.Context()
	checks := map[string]error{}
	_, checks["Start"] = orderDef.Start(ctx, nil, orderRequest{Customer: "c"})
	_, checks["Execute"] = orderDef.Execute(ctx, nil, orderRequest{Customer: "c"})
	checks["Send"] = finishSignal.Send(ctx, nil, "id", "", "note")
	_, checks["Query"] = statusQuery.Query(ctx, nil, "id", "", "")
	_, checks["Update.Execute"] = addItemUpdate.Execute(ctx, nil, "id", "", 1)
	_, checks["Update.Start"] = addItemUpdate.Start(ctx, nil, "id", "", 1)
	_, checks["SignalWithStart"] = client.SignalWithStart(ctx, nil, orderDef, orderRequest{}, finishSignal, "")
	_, _, checks["UpdateWithStart"] = client.UpdateWithStart(ctx, nil, orderDef, orderRequest{}, addItemUpdate, 1)
	// Handles made without a client fail their calls; they do not panic.
	run := orderDef.Get(nil, "id", "")
	_, checks["RunOf.Get"] = run.Get(ctx)
	checks["RunOf.Cancel"] = run.Cancel(ctx, "why")
	checks["RunOf.Terminate"] = run.Terminate(ctx, "why")
	_, checks["RunOf.Describe"] = run.Describe(ctx)
	_, checks["UpdateHandleOf.Get"] = addItemUpdate.GetHandle(nil, "id", "", "u").Get(ctx)
	checks["SendTo"] = finishSignal.SendTo(ctx, run, "note")
	_, checks["QueryOn"] = statusQuery.QueryOn(ctx, run, "")
	_, checks["ExecuteOn"] = addItemUpdate.ExecuteOn(ctx, run, 1)
	_, checks["StartOn"] = addItemUpdate.StartOn(ctx, run, 1)
	_, checks["HandleOn.Get"] = addItemUpdate.HandleOn(run, "u").Get(ctx)
	for name, err := range checks {
		if err == nil || !strings.Contains(err.Error(), "the client is nil") {
			t.Errorf("%s with a nil client: %v", name, err)
		}
	}
}

func TestCallsOnANilRunFailWithoutPanicking(t *testing.T) {
	ctx := t.Context()
	var typed *client.RunOf[orderResponse]
	for name, run := range map[string]client.Run{"nil interface": nil, "nil *RunOf": typed} {
		checks := map[string]error{}
		checks["SendTo"] = finishSignal.SendTo(ctx, run, "note")
		_, checks["QueryOn"] = statusQuery.QueryOn(ctx, run, "")
		_, checks["ExecuteOn"] = addItemUpdate.ExecuteOn(ctx, run, 1)
		_, checks["StartOn"] = addItemUpdate.StartOn(ctx, run, 1)
		for call, err := range checks {
			if err == nil || !strings.Contains(err.Error(), "the run handle is nil") {
				t.Errorf("%s on a %s: %v", call, name, err)
			}
		}
		if _, err := addItemUpdate.HandleOn(run, "u").Get(ctx); err == nil {
			t.Errorf("HandleOn(%s).Get: no error", name)
		}
	}
}

func TestOtherExecutionChainErrorSaysWhatHappenedAndWhatToDo(t *testing.T) {
	notFound := &client.NotFoundError{What: `workflow "order-1"`, Namespace: "default", Message: "workflow execution not found"}
	err := error(&client.OtherExecutionChainError{WorkflowID: "order-1", FirstExecutionRunID: "run-a", LatestFirstRunID: "run-b", Err: notFound})
	for _, want := range []string{`"order-1"`, "began with run run-b", "this handle started (run run-a)", "reused the ID", `Get(workflowID, "")`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	var nf *client.NotFoundError
	if !errors.As(err, &nf) {
		t.Error("the server's NotFoundError is not in the chain")
	}
}

func TestWorkflowIDRequiredErrorNamesTheWorkflowAndTheFix(t *testing.T) {
	err := (&client.WorkflowIDRequiredError{Operation: "signal-with-start", WorkflowType: "acme.Orders.Process"}).Error()
	for _, want := range []string{"signal-with-start of workflow acme.Orders.Process", "ID template", "client.WithID"} {
		if !strings.Contains(err, want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}

func TestUpdateIDTemplateErrorStopsTheCallBeforeAnyRequest(t *testing.T) {
	calls := &callCounter{}
	c := dial(t, func(o *client.Options) {
		o.DialOptions = append(o.DialOptions, grpc.WithChainUnaryInterceptor(calls.interceptor))
	})
	cause := errors.New("update ID template needs field sku, which is empty")
	def := client.UpdateDef[int, int]{Name: "addItem", ID: func(int) (string, error) { return "", cause }}
	_, err := def.Execute(t.Context(), c, "order-1", "", 1)
	if !errors.Is(err, cause) || !strings.Contains(err.Error(), "update ID of update addItem") {
		t.Errorf("Execute: %v", err)
	}
	_, _, err = client.UpdateWithStart(t.Context(), c, orderDef, orderRequest{Customer: "c1"}, def, 1)
	if !errors.Is(err, cause) {
		t.Errorf("UpdateWithStart: %v", err)
	}
	if n := calls.count("UpdateWorkflowExecution") + calls.count("ExecuteMultiOperation"); n != 0 {
		t.Errorf("%d requests sent after the template failed", n)
	}
}

// orderRun is a run type as generated code declares one: a RunOf and
// methods for the workflow's handlers.
type orderRun struct {
	*client.RunOf[orderResponse]
}

func TestRunAsKeepsTheRunAndItsError(t *testing.T) {
	r := &client.RunOf[orderResponse]{}
	got, err := client.RunAs[orderRun](r, nil)
	if err != nil || got == nil || got.RunOf != r {
		t.Errorf("RunAs(run, nil) = %v, %v", got, err)
	}
	cause := errors.New("refused")
	if got, err := client.RunAs[orderRun](nil, cause); got != nil || err != cause {
		t.Errorf("RunAs(nil, err) = %v, %v", got, err)
	}

	h := &client.UpdateHandleOf[int]{}
	// The workflow started and the update failed: both come back.
	gh, got, err := client.UpdateRunAs[orderRun](h, r, cause)
	if gh != h || got == nil || got.RunOf != r || err != cause {
		t.Errorf("UpdateRunAs(h, run, err) = %v, %v, %v", gh, got, err)
	}
	if gh, got, err := client.UpdateRunAs[orderRun, int, orderResponse](nil, nil, cause); gh != nil || got != nil || err != cause {
		t.Errorf("UpdateRunAs(nil, nil, err) = %v, %v, %v", gh, got, err)
	}
}

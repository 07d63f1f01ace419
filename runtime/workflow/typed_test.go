package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	protocolpb "go.temporal.io/api/protocol/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

type chargeRequest struct{ Cents int }
type chargeResponse struct{ Receipt string }

var charge = workflow.ActivityDef[*chargeRequest, *chargeResponse]{
	Name:    "acme.payments.v1.Payments.Charge",
	Options: workflow.ActivityOptions{TaskQueue: "payments", StartToCloseTimeout: time.Minute, HeartbeatTimeout: 10 * time.Second},
	Local:   workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second, ScheduleToCloseTimeout: time.Minute},
}

// TestActivityOptionPrecedence: annotation defaults, then the non-zero
// fields of the context's options, then the call's options, which can set
// a zero value.
func TestActivityOptionPrecedence(t *testing.T) {
	var got workflow.ActivityOptions
	var local workflow.LocalActivityOptions
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 2 * time.Minute, ScheduleToStartTimeout: time.Second})
		ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 7 * time.Second})
		opts := []workflow.ActivityOption{workflow.WithHeartbeatTimeout(0), workflow.WithScheduleToStartTimeout(3 * time.Second), nil}
		got = charge.ActivityOptions(ctx, opts...)
		local = charge.LocalActivityOptions(ctx, workflow.WithLocalScheduleToCloseTimeout(0))
		_ = charge.ExecuteAsync(ctx, &chargeRequest{Cents: 5}, opts...)
		return workflow.Sleep(ctx, time.Hour)
	})
	want := workflow.ActivityOptions{TaskQueue: "payments", StartToCloseTimeout: 2 * time.Minute, ScheduleToStartTimeout: 3 * time.Second}
	if got != want {
		t.Errorf("options %+v, want %+v", got, want)
	}
	if want := (workflow.LocalActivityOptions{StartToCloseTimeout: 7 * time.Second}); local != want {
		t.Errorf("local options %+v, want %+v", local, want)
	}
	a := c.Commands[0].GetScheduleActivityTaskCommandAttributes()
	if a.GetActivityType().GetName() != charge.Name || a.GetTaskQueue().GetName() != "payments" ||
		a.GetStartToCloseTimeout().AsDuration() != 2*time.Minute || a.GetHeartbeatTimeout().AsDuration() != 0 {
		t.Errorf("scheduled %v", a)
	}
}

// TestCallOptionsCannotChangeTheDefinitionsDefaults: an option that edits
// the retry policy or priority in place edits the call's copy, not the
// ActivityDef's, which every later call starts from.
func TestCallOptionsCannotChangeTheDefinitionsDefaults(t *testing.T) {
	def := workflow.ActivityDef[int, int]{
		Name:    "a",
		Options: workflow.ActivityOptions{StartToCloseTimeout: time.Minute, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 5, NonRetryableErrorTypes: make([]string, 1, 4)}, Priority: &temporal.Priority{PriorityKey: 3}},
		Local:   workflow.LocalActivityOptions{StartToCloseTimeout: time.Second, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 2}},
	}
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		got := def.ActivityOptions(ctx, func(o *workflow.ActivityOptions) {
			o.RetryPolicy.MaximumAttempts = 1
			o.RetryPolicy.NonRetryableErrorTypes = append(o.RetryPolicy.NonRetryableErrorTypes, "Fatal")
			o.Priority.PriorityKey = 1
		})
		local := def.LocalActivityOptions(ctx, func(o *workflow.LocalActivityOptions) { o.RetryPolicy.MaximumAttempts = 1 })
		if got.RetryPolicy.MaximumAttempts != 1 || got.Priority.PriorityKey != 1 || local.RetryPolicy.MaximumAttempts != 1 {
			t.Errorf("the call's options did not apply: %+v, %+v", got, local)
		}
		return nil
	})
	rp := def.Options.RetryPolicy
	if rp.MaximumAttempts != 5 || def.Options.Priority.PriorityKey != 3 || def.Local.RetryPolicy.MaximumAttempts != 2 || rp.NonRetryableErrorTypes[:2][1] != "" {
		t.Errorf("a call's options changed the definition: %+v, %+v, %+v", rp, def.Options.Priority, def.Local.RetryPolicy)
	}
}

// TestActivityOverlayCoversEveryField: the context's options override
// every field of the defaults they set, so a field added to the options
// must be added to the overlay too.
func TestActivityOverlayCoversEveryField(t *testing.T) {
	full := workflow.ActivityOptions{ActivityID: "id", TaskQueue: "q", ScheduleToCloseTimeout: 1, ScheduleToStartTimeout: 2, StartToCloseTimeout: 3,
		HeartbeatTimeout: 4, RetryPolicy: &temporal.RetryPolicy{}, WaitForCancellation: true, Priority: &temporal.Priority{}, DisableEagerExecution: true}
	fullLocal := workflow.LocalActivityOptions{ScheduleToCloseTimeout: 1, StartToCloseTimeout: 2, RetryPolicy: &temporal.RetryPolicy{}, LocalRetryThreshold: 3}
	// A field added to the options must be added above, or the overlay
	// could drop it unnoticed.
	for _, v := range []reflect.Value{reflect.ValueOf(full), reflect.ValueOf(fullLocal)} {
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Fatalf("%s.%s is zero in this test; set it so the overlay is checked for it", v.Type(), v.Type().Field(i).Name)
			}
		}
	}
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, full)
		ctx = workflow.WithLocalActivityOptions(ctx, fullLocal)
		var d workflow.ActivityDef[int, int]
		if got := d.ActivityOptions(ctx); got != full {
			t.Errorf("overlay lost fields: %+v", got)
		}
		if got := d.LocalActivityOptions(ctx); got != fullLocal {
			t.Errorf("local overlay lost fields: %+v", got)
		}
		return nil
	})
}

func TestActivityOptionHelpersSetTheirField(t *testing.T) {
	rp, pr := &temporal.RetryPolicy{MaximumAttempts: 2}, &temporal.Priority{PriorityKey: 1}
	var o workflow.ActivityOptions
	for _, opt := range []workflow.ActivityOption{workflow.WithActivityTaskQueue("q"), workflow.WithScheduleToCloseTimeout(1), workflow.WithScheduleToStartTimeout(2),
		workflow.WithStartToCloseTimeout(3), workflow.WithHeartbeatTimeout(4), workflow.WithActivityRetryPolicy(rp), workflow.WithWaitForCancellation(true), workflow.WithActivityPriority(pr),
		workflow.WithDisableEagerExecution(true)} {
		opt(&o)
	}
	if want := (workflow.ActivityOptions{TaskQueue: "q", ScheduleToCloseTimeout: 1, ScheduleToStartTimeout: 2, StartToCloseTimeout: 3, HeartbeatTimeout: 4,
		RetryPolicy: rp, WaitForCancellation: true, Priority: pr, DisableEagerExecution: true}); o != want {
		t.Errorf("%+v", o)
	}
	var l workflow.LocalActivityOptions
	for _, opt := range []workflow.LocalActivityOption{workflow.WithLocalStartToCloseTimeout(1), workflow.WithLocalScheduleToCloseTimeout(2), workflow.WithLocalRetryPolicy(rp)} {
		opt(&l)
	}
	if want := (workflow.LocalActivityOptions{StartToCloseTimeout: 1, ScheduleToCloseTimeout: 2, RetryPolicy: rp}); l != want {
		t.Errorf("%+v", l)
	}
}

// TestLocalActivityFuncIsRecordedUnderTheDescriptorsName: the request the
// worker runs names the proto's activity, whether the workflow passed a
// function or not; only the function differs.
func TestLocalActivityFuncIsRecordedUnderTheDescriptorsName(t *testing.T) {
	fn := func(context.Context, *chargeRequest) (*chargeResponse, error) { return &chargeResponse{}, nil }
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		a := charge.ExecuteLocalFuncAsync(ctx, fn, &chargeRequest{Cents: 1})
		b := charge.ExecuteLocalAsync(ctx, &chargeRequest{Cents: 2}, workflow.WithLocalStartToCloseTimeout(time.Second))
		_, errA := a.Get(ctx)
		_, errB := b.Get(ctx)
		return errors.Join(errA, errB)
	})
	if len(c.LocalActivities) != 2 {
		t.Fatalf("local activities %v", c.LocalActivities)
	}
	for i, la := range c.LocalActivities {
		if la.ActivityType != charge.Name {
			t.Errorf("local activity %d recorded as %q, want %q", i, la.ActivityType, charge.Name)
		}
		if (la.Function != nil) != (i == 0) {
			t.Errorf("local activity %d: function %v", i, la.Function)
		}
	}
	if c.LocalActivities[0].Options.StartToCloseTimeout != 5*time.Second || c.LocalActivities[1].Options.StartToCloseTimeout != time.Second {
		t.Errorf("options %+v, %+v", c.LocalActivities[0].Options, c.LocalActivities[1].Options)
	}
}

// TestTypedCallMistakesFailTheirFutureWithoutACommand: a descriptor
// without a name or a nil function fails the call, not the workflow task.
func TestTypedCallMistakesFailTheirFutureWithoutACommand(t *testing.T) {
	var errs []error
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		var noName workflow.ActivityDef[int, int]
		_, e1 := noName.Execute(ctx, 1)
		_, e2 := noName.ExecuteLocal(ctx, 1)
		_, e3 := charge.ExecuteLocalFunc(ctx, nil, &chargeRequest{})
		_, e4 := workflow.FutureOf[int]{}.Get(ctx)
		_, e5 := workflow.WorkflowDef[int, int]{}.ExecuteChild(ctx, 1)
		e6 := workflow.WorkflowDef[int, int]{}.NewContinueAsNewError(ctx, 1)
		var run *workflow.ChildRunOf[int]
		_, e7 := run.WaitStart(ctx)
		e8 := workflow.SignalDef[int]{Name: "s"}.SignalChild(ctx, run, 1).Get(ctx, nil)
		errs = []error{e1, e2, e3, e4, e5, e6, e7, e8}
		return nil
	})
	for i, err := range errs {
		if err == nil {
			t.Errorf("call %d did not fail", i+1)
		}
	}
	if len(c.Commands) != 1 || c.Commands[0].GetCompleteWorkflowExecutionCommandAttributes() == nil {
		t.Errorf("commands %v, want only the completion", c.Commands)
	}
}

func TestFutureOfReadsATypedValue(t *testing.T) {
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		f, set := workflow.NewFuture(ctx)
		typed := workflow.NewFutureOf[[]string](f)
		set.SetValue([]string{"a", "b"})
		got, err := typed.Get(ctx)
		if err != nil || strings.Join(got, ",") != "a,b" {
			t.Errorf("got %v, %v", got, err)
		}
		return nil
	})
}

var shipOrder = workflow.WorkflowDef[string, int]{
	Name: "acme.shipping.v1.Shipping.Ship",
	Defaults: func(req string, _ func() string) (temporal.WorkflowDefaults, error) {
		return temporal.WorkflowDefaults{TaskQueue: "shipping", RunTimeout: time.Hour}, nil
	},
	Child: workflow.ChildWorkflowOptions{ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_ABANDON},
	ID: func(ctx workflow.Context, req string) (string, error) {
		return "ship-" + req + "-" + workflow.NewUUID(ctx), nil
	},
}

// TestChildOptionPrecedenceAndID: declared defaults, then the context's
// non-zero fields, then the call's options; the ID template runs only
// when nothing set an ID, with the workflow's deterministic UUIDs.
func TestChildOptionPrecedenceAndID(t *testing.T) {
	var uuid string
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		ctx = workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{TaskQueue: "ctx-queue", WorkflowTaskTimeout: 5 * time.Second})
		_ = shipOrder.ExecuteChildAsync(ctx, "o1", workflow.WithChildRunTimeout(0), workflow.WithChildWaitForCancellation(false))
		_ = shipOrder.ExecuteChildAsync(ctx, "o2", workflow.WithChildID("fixed"))
		uuid = workflow.NewUUID(ctx) // the draw after the template's
		return workflow.Sleep(ctx, time.Hour)
	})
	if len(c.Commands) < 2 {
		t.Fatalf("commands %v", c.Commands)
	}
	first, second := c.Commands[0].GetStartChildWorkflowExecutionCommandAttributes(), c.Commands[1].GetStartChildWorkflowExecutionCommandAttributes()
	if !strings.HasPrefix(first.GetWorkflowId(), "ship-o1-") || first.GetWorkflowId() == "ship-o1-"+uuid || second.GetWorkflowId() != "fixed" {
		t.Errorf("IDs %q and %q", first.GetWorkflowId(), second.GetWorkflowId())
	}
	if first.GetTaskQueue().GetName() != "ctx-queue" || first.GetWorkflowRunTimeout().AsDuration() != 0 || first.GetWorkflowTaskTimeout().AsDuration() != 5*time.Second ||
		first.GetParentClosePolicy() != enumspb.PARENT_CLOSE_POLICY_ABANDON || first.GetWorkflowType().GetName() != shipOrder.Name {
		t.Errorf("first child %v", first)
	}
	if second.GetWorkflowRunTimeout().AsDuration() != time.Hour {
		t.Errorf("second child %v", second)
	}
}

// TestChildIDIsTheSameOnReplay: the ID template's UUID comes from the
// run's seed, so two runs of the same task give the same ID.
func TestChildIDIsTheSameOnReplay(t *testing.T) {
	ids := map[string]bool{}
	for range 2 {
		_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
			_ = shipOrder.ExecuteChildAsync(ctx, "o1")
			return workflow.Sleep(ctx, time.Hour)
		})
		ids[c.Commands[0].GetStartChildWorkflowExecutionCommandAttributes().GetWorkflowId()] = true
	}
	if len(ids) != 1 {
		t.Errorf("IDs %v", ids)
	}
}

// TestChildDefaultsUnderChildOptions: Defaults, shared with a client's
// start, apply first, the definition's Child over them, and a `{$uuid}`
// they draw is the workflow's deterministic one; a client-only default
// (conflict policy, eager start) has no field in a child's command.
func TestChildDefaultsUnderChildOptions(t *testing.T) {
	def := workflow.WorkflowDef[string, int]{
		Name: "Child",
		Defaults: func(req string, newUUID func() string) (temporal.WorkflowDefaults, error) {
			return temporal.WorkflowDefaults{
				TaskQueue: "from-defaults", ExecutionTimeout: time.Hour, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 2},
				IDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL, EnableEagerStart: true,
				Memo: map[string]any{"draw": req + "-" + newUUID()},
			}, nil
		},
		Child: workflow.ChildWorkflowOptions{TaskQueue: "from-child", ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_TERMINATE},
	}
	draws := map[string]bool{}
	for range 2 {
		var uuid string
		_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
			_ = def.ExecuteChildAsync(ctx, "o1")
			uuid = workflow.NewUUID(ctx)
			return workflow.Sleep(ctx, time.Hour)
		})
		a := c.Commands[0].GetStartChildWorkflowExecutionCommandAttributes()
		if a.GetTaskQueue().GetName() != "from-child" || a.GetWorkflowExecutionTimeout().AsDuration() != time.Hour ||
			a.GetRetryPolicy().GetMaximumAttempts() != 2 || a.GetParentClosePolicy() != enumspb.PARENT_CLOSE_POLICY_TERMINATE {
			t.Errorf("child command %v", a)
		}
		memo := a.GetMemo().GetFields()["draw"]
		if memo == nil || strings.Contains(string(memo.GetData()), uuid) {
			t.Errorf("memo %v: want the draw before %s", memo, uuid)
		}
		draws[string(memo.GetData())] = true
	}
	if len(draws) != 1 {
		t.Errorf("the defaults drew %v on two runs of one task", draws)
	}
}

// TestActivityPriorityRenderedOnlyWhenNoneIsSet: a definition's Priority
// function gives a call the priority its options left unset; a priority
// from the context or the call wins without calling it, so a request the
// template cannot render does not fail such a call; an error fails the
// future with no command.
func TestActivityPriorityRenderedOnlyWhenNoneIsSet(t *testing.T) {
	calls := 0
	def := workflow.ActivityDef[string, string]{
		Name:    "Ship",
		Options: workflow.ActivityOptions{StartToCloseTimeout: time.Minute},
		Priority: func(ctx workflow.Context, req string) (temporal.Priority, error) {
			calls++
			if req == "" {
				return temporal.Priority{}, &temporal.TemplateFieldError{Kind: "fairness key", Template: "{tenant}", Field: "tenant"}
			}
			return temporal.Priority{FairnessKey: "tenant-" + req, PriorityKey: 2}, nil
		},
	}
	var errEmpty error
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		_ = def.ExecuteAsync(ctx, "acme")
		_ = def.ExecuteAsync(ctx, "", workflow.WithActivityPriority(&temporal.Priority{PriorityKey: 5}))
		_ = def.ExecuteAsync(workflow.WithActivityOptions(ctx, workflow.ActivityOptions{Priority: &temporal.Priority{PriorityKey: 4}}), "")
		_, errEmpty = def.ExecuteAsync(ctx, "").Get(ctx)
		return workflow.Sleep(ctx, time.Hour)
	})
	var keys []string
	for _, cmd := range c.Commands {
		if a := cmd.GetScheduleActivityTaskCommandAttributes(); a != nil {
			keys = append(keys, fmt.Sprintf("%s/%d", a.GetPriority().GetFairnessKey(), a.GetPriority().GetPriorityKey()))
		}
	}
	if want := []string{"tenant-acme/2", "/5", "/4"}; !slices.Equal(keys, want) {
		t.Errorf("scheduled priorities %v, want %v", keys, want)
	}
	var tfe *temporal.TemplateFieldError
	if !errors.As(errEmpty, &tfe) || !strings.Contains(errEmpty.Error(), "priority of activity Ship") {
		t.Errorf("empty fairness field: %v", errEmpty)
	}
	if calls != 2 {
		t.Errorf("Priority called %d times, want 2 (not for calls that set a priority)", calls)
	}
}

func TestChildOptionHelpersSetTheirField(t *testing.T) {
	rp, pr := &temporal.RetryPolicy{MaximumAttempts: 2}, &temporal.Priority{PriorityKey: 1}
	sa := temporal.NewSearchAttributes(temporal.NewSearchAttributeKeyKeyword("K").ValueSet("v"))
	var o workflow.ChildWorkflowOptions
	for _, opt := range []workflow.ChildWorkflowOption{workflow.WithChildID("id"), workflow.WithChildTaskQueue("q"), workflow.WithChildExecutionTimeout(1),
		workflow.WithChildRunTimeout(2), workflow.WithChildTaskTimeout(3), workflow.WithChildRetryPolicy(rp),
		workflow.WithChildIDReusePolicy(enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE), workflow.WithParentClosePolicy(enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL),
		workflow.WithChildMemo(map[string]any{"m": 1}), workflow.WithChildSearchAttributes(sa), workflow.WithChildPriority(pr),
		workflow.WithChildCancellationType(workflow.ChildWorkflowCancellationTryCancel)} {
		opt(&o)
	}
	if o.WorkflowID != "id" || o.TaskQueue != "q" || o.WorkflowExecutionTimeout != 1 || o.WorkflowRunTimeout != 2 || o.WorkflowTaskTimeout != 3 ||
		o.RetryPolicy != rp || o.WorkflowIDReusePolicy != enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE ||
		o.ParentClosePolicy != enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL || o.Memo["m"] != 1 || o.SearchAttributes.Len() != 1 || o.Priority != pr ||
		o.CancellationType != workflow.ChildWorkflowCancellationTryCancel {
		t.Errorf("%+v", o)
	}
	for _, tc := range []struct {
		wait bool
		want workflow.ChildWorkflowCancellationType
	}{{true, workflow.ChildWorkflowCancellationWaitCompleted}, {false, workflow.ChildWorkflowCancellationWaitRequested}} {
		o := workflow.ChildWorkflowOptions{CancellationType: workflow.ChildWorkflowCancellationTryCancel}
		workflow.WithChildWaitForCancellation(tc.wait)(&o)
		if o.WaitForCancellation != tc.wait || o.CancellationType != tc.want {
			t.Errorf("WithChildWaitForCancellation(%v): %+v", tc.wait, o)
		}
	}
}

// TestChildDefFailuresSendNothing: an options or ID function that fails
// fails the child's futures, naming the workflow, with no command.
func TestChildDefFailuresSendNothing(t *testing.T) {
	boom := errors.New("boom")
	var errOpts, errID, errStart error
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		d := workflow.WorkflowDef[int, int]{Name: "W", Defaults: func(int, func() string) (temporal.WorkflowDefaults, error) {
			return temporal.WorkflowDefaults{}, boom
		}}
		_, errOpts = d.ExecuteChild(ctx, 1)
		d = workflow.WorkflowDef[int, int]{Name: "W", ID: func(workflow.Context, int) (string, error) { return "", boom }}
		run := d.ExecuteChildAsync(ctx, 1)
		_, errID = run.Get(ctx)
		_, errStart = run.WaitStart(ctx)
		if !run.Future().IsReady() {
			t.Error("the failed child's future is not ready")
		}
		return nil
	})
	if !errors.Is(errOpts, boom) || !strings.Contains(errOpts.Error(), "options of child workflow W") || !errors.Is(errID, boom) || !errors.Is(errStart, boom) {
		t.Errorf("errors %v, %v, %v", errOpts, errID, errStart)
	}
	if len(c.Commands) != 1 {
		t.Errorf("commands %v", c.Commands)
	}
}

// TestChildRunWaitsForStartBeforeSignalling: WaitStart and Signal of a
// child run, over the official history of a started child.
func TestChildRunWaitsForStartBeforeSignalling(t *testing.T) {
	events := history(t, "sdkgo-cancel-child.json")[:8]
	var exec workflow.Execution
	_, c := runTask(t, engine.Params{}, &engine.Task{Events: events, PreviousStartedEventID: 3, StartedEventID: 8}, func(ctx workflow.Context) error {
		run := workflow.WorkflowDef[string, string]{Name: "Child"}.ExecuteChildAsync(ctx, "x", workflow.WithChildWaitForCancellation(true))
		var err error
		if exec, err = run.WaitStart(ctx); err != nil {
			return err
		}
		_ = workflow.SignalDef[int]{Name: "poke"}.SignalChild(ctx, run, 7)
		return workflow.Sleep(ctx, time.Hour)
	})
	if exec.ID == "" || exec.RunID == "" {
		t.Errorf("execution %+v", exec)
	}
	var sig *commandpb.SignalExternalWorkflowExecutionCommandAttributes
	for _, cmd := range c.Commands {
		if a := cmd.GetSignalExternalWorkflowExecutionCommandAttributes(); a != nil {
			sig = a
		}
	}
	if sig == nil || sig.GetSignalName() != "poke" || !sig.GetChildWorkflowOnly() || sig.GetExecution().GetWorkflowId() != exec.ID {
		t.Errorf("signal %v", sig)
	}
}

func TestContinueAsNewThroughTheDescriptorCarriesItsOptions(t *testing.T) {
	rp := &temporal.RetryPolicy{MaximumAttempts: 4}
	sa := temporal.NewSearchAttributes(temporal.NewSearchAttributeKeyKeyword("CustomKeywordField").ValueSet("v"))
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		return shipOrder.NewContinueAsNewError(ctx, "o9", workflow.WithContinueAsNewTaskQueue("q2"), workflow.WithContinueAsNewRunTimeout(time.Hour),
			workflow.WithContinueAsNewTaskTimeout(3*time.Second), workflow.WithContinueAsNewRetryPolicy(rp), workflow.WithContinueAsNewBackoff(time.Minute),
			workflow.WithContinueAsNewMemo(map[string]any{"k": "v"}), workflow.WithContinueAsNewSearchAttributes(sa),
			workflow.WithContinueAsNewVersioningBehavior(enumspb.CONTINUE_AS_NEW_VERSIONING_BEHAVIOR_AUTO_UPGRADE), nil)
	})
	a := c.Commands[len(c.Commands)-1].GetContinueAsNewWorkflowExecutionCommandAttributes()
	var in string
	if err := converter.Default().FromPayloads(a.GetInput(), &in); err != nil || in != "o9" {
		t.Errorf("input %q %v", in, err)
	}
	if a.GetWorkflowType().GetName() != shipOrder.Name || a.GetTaskQueue().GetName() != "q2" || a.GetWorkflowRunTimeout().AsDuration() != time.Hour ||
		a.GetWorkflowTaskTimeout().AsDuration() != 3*time.Second || a.GetRetryPolicy().GetMaximumAttempts() != 4 || a.GetBackoffStartInterval().AsDuration() != time.Minute ||
		a.GetMemo().GetFields()["k"] == nil || a.GetSearchAttributes().GetIndexedFields()["CustomKeywordField"] == nil ||
		a.GetInitialVersioningBehavior() != enumspb.CONTINUE_AS_NEW_VERSIONING_BEHAVIOR_AUTO_UPGRADE {
		t.Errorf("continue-as-new %v", a)
	}
}

func TestNewContinueAsNewErrorWithOptionsNamesTheWorkflow(t *testing.T) {
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		if err := workflow.NewContinueAsNewErrorWithOptions(ctx, workflow.ContinueAsNewOptions{}, 42); err == nil {
			t.Error("a number was taken as a workflow")
		}
		return workflow.NewContinueAsNewErrorWithOptions(ctx, workflow.ContinueAsNewOptions{TaskQueue: "q3"}, "Other", 1)
	})
	a := c.Commands[len(c.Commands)-1].GetContinueAsNewWorkflowExecutionCommandAttributes()
	if a.GetWorkflowType().GetName() != "Other" || a.GetTaskQueue().GetName() != "q3" {
		t.Errorf("continue-as-new %v", a)
	}
}

// TestSignalChannelOfReceivesTypedValues covers every way to take a value,
// on a channel fed like a signal channel.
func TestSignalChannelOfReceivesTypedValues(t *testing.T) {
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		raw := workflow.NewBufferedChannel(ctx, 5)
		ch := workflow.NewSignalChannelOf[int](raw)
		if _, ok := ch.ReceiveAsync(); ok {
			t.Error("ReceiveAsync took a value from an empty channel")
		}
		for i := 1; i <= 4; i++ {
			raw.Send(ctx, i)
		}
		if ch.Len() != 4 || ch.Untyped() != raw || ch.Name() != raw.Name() {
			t.Errorf("Len %d", ch.Len())
		}
		v1, more := ch.Receive(ctx)
		v2, ok := ch.ReceiveAsync()
		v3, ok3, more3 := ch.ReceiveWithTimeout(ctx, time.Minute)
		var v4 int
		ch.AddToSelector(workflow.NewSelector(ctx), func(v int, more bool) { v4 = v }).Select(ctx)
		if v1 != 1 || !more || v2 != 2 || !ok || v3 != 3 || !ok3 || !more3 || v4 != 4 {
			t.Errorf("received %d %v, %d %v, %d %v %v, %d", v1, more, v2, ok, v3, ok3, more3, v4)
		}
		raw.Close()
		closed := true
		ch.AddToSelector(workflow.NewSelector(ctx), func(v int, more bool) { closed = !more }).Select(ctx)
		if !closed {
			t.Error("the selector case did not see the channel closed")
		}
		return nil
	})
}

// TestReceiveWithTimeoutStartsATimer: with nothing to receive, the wait is
// a timer in history, as in the official SDK.
func TestReceiveWithTimeoutStartsATimer(t *testing.T) {
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		_, _, _ = workflow.SignalDef[int]{Name: "s"}.Channel(ctx).ReceiveWithTimeout(ctx, time.Minute)
		return nil
	})
	if c.Commands[0].GetStartTimerCommandAttributes().GetStartToFireTimeout().AsDuration() != time.Minute {
		t.Errorf("commands %v", c.Commands)
	}
}

func TestSignalDefSendsAndReceivesItsSignal(t *testing.T) {
	task := firstTask(t)
	payload, _ := converter.Default().ToPayloads(chargeRequest{Cents: 9})
	task.Events = append(task.Events[:2:2], signalEvent("pay", payload), task.Events[2])
	task.Events[2].EventId, task.Events[3].EventId = 3, 4
	task.StartedEventID = 4
	var got *chargeRequest
	_, c := runTask(t, engine.Params{}, task, func(ctx workflow.Context) error {
		pay := workflow.SignalDef[*chargeRequest]{Name: "pay"}
		got, _ = pay.Channel(ctx).Receive(ctx)
		return pay.SignalExternal(ctx, "other", "", &chargeRequest{Cents: 3}).Get(ctx, nil)
	})
	if got == nil || got.Cents != 9 {
		t.Errorf("received %+v", got)
	}
	a := c.Commands[0].GetSignalExternalWorkflowExecutionCommandAttributes()
	if a.GetSignalName() != "pay" || a.GetExecution().GetWorkflowId() != "other" || a.GetChildWorkflowOnly() {
		t.Errorf("signal %v", a)
	}
}

func TestQueryDefAnswersThroughItsTypedHandler(t *testing.T) {
	status := workflow.QueryDef[*chargeRequest, string]{Name: "status"}
	x, _ := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		if err := status.SetHandler(ctx, nil); err == nil {
			t.Error("a nil handler was taken")
		}
		if err := (workflow.QueryDef[int, int]{Name: "__reserved"}).SetHandler(ctx, func(int) (int, error) { return 0, nil }); err == nil {
			t.Error("a reserved name was taken")
		}
		if err := status.SetHandler(ctx, func(req *chargeRequest) (string, error) {
			if req.Cents < 0 {
				return "", errors.New("negative")
			}
			return strings.Repeat("$", req.Cents), nil
		}); err != nil {
			return err
		}
		return workflow.Sleep(ctx, time.Hour)
	})
	args, _ := converter.Default().ToPayloads(&chargeRequest{Cents: 3})
	res, err := x.Query("status", args, nil)
	var answer string
	if err != nil || converter.Default().FromPayloads(res, &answer) != nil || answer != "$$$" {
		t.Errorf("answer %q, %v", answer, err)
	}
	bad, _ := converter.Default().ToPayloads(&chargeRequest{Cents: -1})
	if _, err := x.Query("status", bad, nil); err == nil || err.Error() != "negative" {
		t.Errorf("error %v", err)
	}
	if _, err := x.Query("status", &commonpb.Payloads{Payloads: []*commonpb.Payload{{Data: []byte("{")}}}, nil); err == nil {
		t.Error("an undecodable request was answered")
	}
}

// TestUpdateDefValidatesAndRunsItsTypedHandler: one update passes the
// validator and completes with the handler's result; one is rejected by
// it; one does not decode and is rejected.
func TestUpdateDefValidatesAndRunsItsTypedHandler(t *testing.T) {
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "ok", "add", 2), updateRequest(t, "refused", "add", -1), updateRequest(t, "garbled", "add", "x")}
	total := 0
	_, c := runTask(t, engine.Params{}, task, func(ctx workflow.Context) error {
		add := workflow.UpdateDef[int, int]{Name: "add"}
		if err := add.SetHandler(ctx, nil, nil); err == nil {
			t.Error("a nil handler was taken")
		}
		if err := add.SetHandler(ctx, func(ctx workflow.Context, n int) (int, error) {
			total += n
			return total, nil
		}, func(ctx workflow.Context, n int) error {
			if n < 0 {
				return errors.New("negative")
			}
			return nil
		}); err != nil {
			return err
		}
		return workflow.Sleep(ctx, time.Hour)
	})
	if got := messageIDs(c); got != "ok/accept ok/complete refused/reject garbled/reject" {
		t.Errorf("messages %q", got)
	}
	if total != 2 {
		t.Errorf("total %d", total)
	}
}

// signalEvent is a WorkflowExecutionSignaled event carrying input.
func signalEvent(name string, input *commonpb.Payloads) *historypb.HistoryEvent {
	return &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
		Attributes: &historypb.HistoryEvent_WorkflowExecutionSignaledEventAttributes{WorkflowExecutionSignaledEventAttributes: &historypb.WorkflowExecutionSignaledEventAttributes{
			SignalName: name, Input: input}}}
}

// TestSelectorsTakeChildFuturesAndTypedFutures: a child's future, and a
// FutureOf, go into a Selector like any future, the common way to wait for
// a child or an activity with a timeout.
func TestSelectorsTakeChildFuturesAndTypedFutures(t *testing.T) {
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		child := workflow.ExecuteChildWorkflow(ctx, "Child")
		var fired []string
		s := workflow.NewSelector(ctx)
		s.AddFuture(child, func(workflow.Future) { fired = append(fired, "child") })
		s.AddDefault(func() { fired = append(fired, "default") })
		s.Select(ctx)

		f, set := workflow.NewFuture(ctx)
		set.SetValue(42)
		typed := workflow.NewFutureOf[int](f)
		typed.AddToSelector(workflow.NewSelector(ctx), func(v int, err error) {
			fired = append(fired, fmt.Sprint("typed ", v, " ", err))
		}).Select(ctx)
		var zero workflow.FutureOf[int]
		zero.AddToSelector(workflow.NewSelector(ctx), func(v int, err error) {
			fired = append(fired, fmt.Sprint("zero ", v, " ", err != nil))
		}).Select(ctx)
		// A child that could not be asked for fails its case at once.
		workflow.NewSelector(ctx).AddFuture(workflow.ExecuteChildWorkflow(ctx, 42), func(f workflow.Future) {
			fired = append(fired, fmt.Sprint("not a workflow ", f.Get(ctx, nil) != nil))
		}).Select(ctx)
		run := shipOrder.ExecuteChildAsync(ctx, "o-1")
		s = run.AddToSelector(workflow.NewSelector(ctx), func(int, error) { fired = append(fired, "shipped") })
		s.AddDefault(func() { fired = append(fired, "not yet") })
		s.Select(ctx)
		if got := strings.Join(fired, ", "); got != "default, typed 42 <nil>, zero 0 true, not a workflow true, not yet" {
			t.Errorf("fired %q", got)
		}
		return nil
	})
}

// TestInvalidRetryPoliciesFailTheCallNotTheTask: a retry policy the
// server would refuse (here a maximum interval under its default initial
// interval of 1s) fails the activity's or child's future, naming the
// field, with no command sent: sent, it would fail every workflow task.
func TestInvalidRetryPoliciesFailTheCallNotTheTask(t *testing.T) {
	bad := &temporal.RetryPolicy{MaximumInterval: 500 * time.Millisecond}
	var errActivity, errChild error
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute, RetryPolicy: bad})
		errActivity = workflow.ExecuteActivity(actx, "A").Get(ctx, nil)
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{RetryPolicy: bad})
		errChild = workflow.ExecuteChildWorkflow(cctx, "C").Get(ctx, nil)
		return workflow.Sleep(ctx, time.Hour)
	})
	for what, err := range map[string]error{"activity": errActivity, "child": errChild} {
		if err == nil || !strings.Contains(err.Error(), "RetryPolicy.MaximumInterval (500ms) is shorter than the server's default InitialInterval") {
			t.Errorf("%s: %v", what, err)
		}
	}
	for _, cmd := range c.Commands {
		if cmd.GetCommandType() != enumspb.COMMAND_TYPE_START_TIMER {
			t.Errorf("command %v sent", cmd.GetCommandType())
		}
	}
}

// TestActivityPriorityNilAtTheCallSiteInheritsTheWorkflows: a call's
// WithActivityPriority(nil) leaves the activity with no priority of its
// own, so it inherits the workflow's, whether the definition's priority
// is fixed or rendered from the request by its Priority function; an
// option that fills the priority in place is kept, not rendered over.
func TestActivityPriorityNilAtTheCallSiteInheritsTheWorkflows(t *testing.T) {
	rendered := workflow.ActivityDef[string, string]{
		Name:    "Ship",
		Options: workflow.ActivityOptions{StartToCloseTimeout: time.Minute},
		Priority: func(ctx workflow.Context, req string) (temporal.Priority, error) {
			return temporal.Priority{FairnessKey: "tenant-" + req, PriorityKey: 2}, nil
		},
	}
	fixed := workflow.ActivityDef[string, string]{
		Name:    "Charge",
		Options: workflow.ActivityOptions{StartToCloseTimeout: time.Minute, Priority: &temporal.Priority{PriorityKey: 2}},
	}
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		_ = fixed.ExecuteAsync(ctx, "acme", workflow.WithActivityPriority(nil))
		_ = rendered.ExecuteAsync(ctx, "acme", workflow.WithActivityPriority(nil))
		_ = rendered.ExecuteAsync(ctx, "acme", func(o *workflow.ActivityOptions) { o.Priority.PriorityKey = 7 })
		return workflow.Sleep(ctx, time.Hour)
	})
	n := 0
	for _, cmd := range c.Commands {
		a := cmd.GetScheduleActivityTaskCommandAttributes()
		if a == nil {
			continue
		}
		n++
		if p := a.GetPriority(); n <= 2 && p != nil {
			t.Errorf("activity %s scheduled with priority %v after WithActivityPriority(nil); want none, so it inherits the workflow's", a.GetActivityType().GetName(), p)
		} else if n == 3 && (p.GetPriorityKey() != 7 || p.GetFairnessKey() != "") {
			t.Errorf("activity %s scheduled with priority %v after an option set its key in place; want priority_key 7 alone", a.GetActivityType().GetName(), p)
		}
	}
	if n != 3 {
		t.Fatalf("%d activities scheduled, want 3", n)
	}
}

package client_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// ExampleDial connects with the TEMPORAL_* settings and temporal.toml profile
// the Temporal CLI uses, starts a workflow and waits for its result.
func ExampleDial() {
	ctx := context.Background()
	opts, err := client.FromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	c, err := client.Dial(ctx, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()

	total, err := client.StartWorkflowAndWait[int](ctx, c, client.StartWorkflowOptions{
		ID:               "invoice-2026-11",
		TaskQueue:        "billing",
		ExecutionTimeout: time.Hour,
	}, "acme.billing.v1.Billing.MonthlyInvoice", "customer-42")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println("total:", total)
}

// ExampleClient_UpdateWorkflow sends an update, returns once the workflow
// accepted it, and collects the result later.
func ExampleClient_UpdateWorkflow() {
	ctx := context.Background()
	c, err := client.Dial(ctx, client.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: "cart-7",
		UpdateID:   "add-item-sku-123", // a retried call with this ID runs once
		UpdateName: "AddItem",
		Args:       []any{"sku-123"},
		// Return once the validator passed; Get waits for the handler.
		WaitForStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	var count int
	if err := h.Get(ctx, &count); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println("items in cart:", count)
}

// ExampleWithoutRetries makes one call without the client's own retries,
// for a caller that retries on its own terms and wants each failure at
// once.
func ExampleWithoutRetries() {
	ctx := context.Background()
	c, err := client.Dial(ctx, client.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()
	for attempt := 1; attempt <= 3; attempt++ {
		_, err = c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: c.Namespace()}, client.WithoutRetries())
		if err == nil {
			return
		}
		fmt.Fprintf(os.Stderr, "attempt %d: %v\n", attempt, err)
		time.Sleep(time.Duration(attempt) * time.Second)
	}
}

// The typed entry points. Generated code declares these descriptors for
// each workflow, signal, query and update of a proto service; written by
// hand they look like this.

type invoiceRequest struct {
	Customer string
	Month    string
}

type invoiceResponse struct{ Total int }

var (
	monthlyInvoice = client.WorkflowDef[invoiceRequest, invoiceResponse]{
		Name: "acme.billing.v1.Billing.MonthlyInvoice",
		// The defaults a proto's annotations would give, shared with
		// workflow.WorkflowDef for child calls.
		Defaults: func(invoiceRequest, func() string) (temporal.WorkflowDefaults, error) {
			return temporal.WorkflowDefaults{TaskQueue: "billing", ExecutionTimeout: time.Hour}, nil
		},
		// The ID template "invoice-{customer}-{month}".
		ID: func(req invoiceRequest) (string, error) {
			if req.Customer == "" {
				return "", errors.New("workflow ID template needs field customer, which is empty")
			}
			return "invoice-" + req.Customer + "-" + req.Month, nil
		},
	}
	addLine    = client.SignalDef[string]{Name: "AddLine"}
	totalSoFar = client.QueryDef[string, int]{Name: "TotalSoFar"}
	addCredit  = client.UpdateDef[int, int]{Name: "AddCredit"}
)

// withClient connects to the local dev server, as ExampleDial shows in
// full, runs f with the client and prints f's error.
func withClient(f func(ctx context.Context, c *client.Client) error) {
	ctx := context.Background()
	c, err := client.Dial(ctx, client.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer c.Close()
	if err := f(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

// printStart shows what a start of monthlyInvoice with opts would send.
func printStart(opts ...client.StartOption) {
	o, err := monthlyInvoice.StartOptions(invoiceRequest{Customer: "c42", Month: "2026-11"}, opts...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s on %s, execution timeout %v\n", o.ID, o.TaskQueue, o.ExecutionTimeout)
}

// ExampleWorkflowDef starts a workflow and waits for its response, typed:
// a wrong request or response type does not compile.
func ExampleWorkflowDef() {
	withClient(func(ctx context.Context, c *client.Client) error {
		res, err := monthlyInvoice.Execute(ctx, c, invoiceRequest{Customer: "c42", Month: "2026-11"})
		if err != nil {
			return err
		}
		fmt.Println("total:", res.Total)
		return nil
	})
}

// ExampleWorkflowDef_StartOptions shows the merge: the defaults, then the
// call-site options, then the ID template.
func ExampleWorkflowDef_StartOptions() {
	printStart()
	printStart(client.WithTaskQueue("billing-eu"))
	// Output:
	// invoice-c42-2026-11 on billing, execution timeout 1h0m0s
	// invoice-c42-2026-11 on billing-eu, execution timeout 1h0m0s
}

// ExampleWorkflowDef_Start starts a workflow, returns at once, and waits
// for the response later through the typed run.
func ExampleWorkflowDef_Start() {
	withClient(func(ctx context.Context, c *client.Client) error {
		run, err := monthlyInvoice.Start(ctx, c, invoiceRequest{Customer: "c42", Month: "2026-11"})
		if err != nil {
			return err
		}
		fmt.Println("started", run.ID(), run.RunID())
		res, err := run.Get(ctx)
		if err != nil {
			return err
		}
		fmt.Println("total:", res.Total)
		return nil
	})
}

// ExampleWorkflowDef_Get finds a running workflow by ID and cancels it.
func ExampleWorkflowDef_Get() {
	withClient(func(ctx context.Context, c *client.Client) error {
		run := monthlyInvoice.Get(c, "invoice-c42-2026-11", "") // the latest run
		return run.Cancel(ctx, "customer closed the account")
	})
}

// ExampleRunOf describes, signals and terminates a workflow through its
// typed run. Every call addresses the latest run, so the handle still
// works after the workflow continued as new.
func ExampleRunOf() {
	withClient(func(ctx context.Context, c *client.Client) error {
		run := monthlyInvoice.Get(c, "invoice-c42-2026-11", "")
		desc, err := run.Describe(ctx)
		if err != nil {
			return err
		}
		fmt.Println(desc.Status, "in run", desc.RunID)
		if err := addLine.Send(ctx, run.Client(), run.ID(), "", "late fee"); err != nil {
			return err
		}
		fmt.Println("terminating", run.Untyped().ID())
		return run.Terminate(ctx, "duplicate invoice")
	})
}

// ExampleSignalDef_Send signals a workflow with a typed payload.
func ExampleSignalDef_Send() {
	withClient(func(ctx context.Context, c *client.Client) error {
		return addLine.Send(ctx, c, "invoice-c42-2026-11", "", "consulting, 3h")
	})
}

// ExampleQueryDef_Query asks a workflow for its state, typed.
func ExampleQueryDef_Query() {
	withClient(func(ctx context.Context, c *client.Client) error {
		total, err := totalSoFar.Query(ctx, c, "invoice-c42-2026-11", "", "EUR")
		if err != nil {
			return err
		}
		fmt.Println("so far:", total)
		return nil
	})
}

// ExampleUpdateDef_Execute sends an update and waits for its result. The
// update ID makes a retried call run once.
func ExampleUpdateDef_Execute() {
	withClient(func(ctx context.Context, c *client.Client) error {
		total, err := addCredit.Execute(ctx, c, "invoice-c42-2026-11", "", 50, client.WithUpdateID("credit-note-17"))
		var failed *client.UpdateFailedError
		if errors.As(err, &failed) {
			fmt.Println("refused:", failed.Cause)
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Println("total:", total)
		return nil
	})
}

// ExampleUpdateDef_Start sends an update, returns once the workflow
// accepted it, and collects the result later, here from a handle found by
// the update's ID as another process would.
func ExampleUpdateDef_Start() {
	withClient(func(ctx context.Context, c *client.Client) error {
		h, err := addCredit.Start(ctx, c, "invoice-c42-2026-11", "", 50,
			client.WithWaitForStage(enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED))
		if err != nil {
			return err
		}
		later := addCredit.GetHandle(c, h.WorkflowID(), "", h.UpdateID())
		total, err := later.Get(ctx)
		if err != nil {
			return err
		}
		fmt.Println("total:", total, "update", h.UpdateID(), "in run", h.RunID(), later.Untyped().UpdateID())
		return nil
	})
}

// ExampleUpdateDef_GetHandle waits for an update sent by another process.
func ExampleUpdateDef_GetHandle() {
	withClient(func(ctx context.Context, c *client.Client) error {
		total, err := addCredit.GetHandle(c, "invoice-c42-2026-11", "", "credit-note-17").Get(ctx)
		if err != nil {
			return err
		}
		fmt.Println("total:", total)
		return nil
	})
}

// ExampleUpdateDef_ExecuteOn updates the invoice a start created, through
// its run handle: the update follows the invoice's continue-as-new runs,
// and fails with an *OtherExecutionChainError once the invoice closed and
// another start reused its ID.
func ExampleUpdateDef_ExecuteOn() {
	withClient(func(ctx context.Context, c *client.Client) error {
		run, err := monthlyInvoice.Start(ctx, c, invoiceRequest{Customer: "c42", Month: "2026-11"})
		if err != nil {
			return err
		}
		if err := addLine.SendTo(ctx, run, "consulting, 3h"); err != nil {
			return err
		}
		total, err := addCredit.ExecuteOn(ctx, run, 10)
		var other *client.OtherExecutionChainError
		if errors.As(err, &other) {
			return fmt.Errorf("invoice %s was closed and started again: %w", other.WorkflowID, err)
		}
		if err != nil {
			return err
		}
		fmt.Println("total:", total)
		return nil
	})
}

// ExampleWithFirstExecutionRunID sends an update only to the chain of runs
// a start created, never to a later workflow that reused the ID.
func ExampleWithFirstExecutionRunID() {
	withClient(func(ctx context.Context, c *client.Client) error {
		run, err := monthlyInvoice.Start(ctx, c, invoiceRequest{Customer: "c42", Month: "2026-11"})
		if err != nil {
			return err
		}
		_, err = addCredit.Execute(ctx, c, run.ID(), "", 10, client.WithFirstExecutionRunID(run.RunID()))
		return err
	})
}

// ExampleSignalWithStart adds a line to this month's invoice, starting the
// invoice workflow if it is not running yet. The ID template finds it.
func ExampleSignalWithStart() {
	withClient(func(ctx context.Context, c *client.Client) error {
		run, err := client.SignalWithStart(ctx, c, monthlyInvoice, invoiceRequest{Customer: "c42", Month: "2026-11"}, addLine, "consulting, 3h")
		var noID *client.WorkflowIDRequiredError
		if errors.As(err, &noID) {
			return fmt.Errorf("give %s an ID template: %w", noID.WorkflowType, err)
		}
		if err != nil {
			return err
		}
		fmt.Println("signalled", run.ID())
		return nil
	})
}

// ExampleUpdateWithStart credits this month's invoice, starting the
// invoice workflow first if needed, in one atomic request.
func ExampleUpdateWithStart() {
	withClient(func(ctx context.Context, c *client.Client) error {
		h, run, err := client.UpdateWithStart(ctx, c, monthlyInvoice, invoiceRequest{Customer: "c42", Month: "2026-11"}, addCredit, 50,
			client.WithStart(client.WithTaskQueue("billing-eu")),
			client.WithUpdate(client.WithUpdateID("credit-note-17")))
		if err != nil {
			return err
		}
		total, err := h.Get(ctx)
		if err != nil {
			return err
		}
		fmt.Println(run.ID(), "started now:", run.Untyped().Started(), "total:", total)
		return nil
	})
}

// invoiceRun is a run type with a method per handler, as generated code
// declares one.
type invoiceRun struct {
	*client.RunOf[invoiceResponse]
}

// AddLine sends the AddLine signal to the invoice.
func (r *invoiceRun) AddLine(ctx context.Context, line string) error {
	return addLine.SendTo(ctx, r, line)
}

// ExampleRunAs returns a start's run as a run type of one's own, in one
// line, as generated clients do.
func ExampleRunAs() {
	start := func(ctx context.Context, c *client.Client, req invoiceRequest) (*invoiceRun, error) {
		return client.RunAs[invoiceRun](monthlyInvoice.Start(ctx, c, req))
	}
	withClient(func(ctx context.Context, c *client.Client) error {
		run, err := start(ctx, c, invoiceRequest{Customer: "c42", Month: "2026-11"})
		if err != nil {
			return err
		}
		return run.AddLine(ctx, "consulting, 3h")
	})
}

// ExampleUpdateRunAs does the same for an update-with-start, whose run
// may come back with the update's error.
func ExampleUpdateRunAs() {
	withClient(func(ctx context.Context, c *client.Client) error {
		h, run, err := client.UpdateRunAs[invoiceRun](client.UpdateWithStart(ctx, c, monthlyInvoice, invoiceRequest{Customer: "c42", Month: "2026-11"}, addCredit, 50))
		if run != nil {
			fmt.Println("workflow", run.ID())
		}
		if err != nil {
			return err
		}
		total, err := h.Get(ctx)
		fmt.Println("total:", total)
		return err
	})
}

// ExampleWithStart and ExampleWithUpdate: the options of an
// update-with-start, each applied over its own defaults.
func ExampleWithStart() {
	opts := []client.UpdateWithStartOption{
		client.WithStart(client.WithID("invoice-c42-2026-11"), client.WithExecutionTimeout(0)),
		client.WithUpdate(client.WithUpdateID("credit-note-17")),
	}
	fmt.Println(len(opts), "options")
	// Output: 2 options
}

func ExampleWithUpdate() {
	opt := client.WithUpdate(client.WithUpdateID("credit-note-17"), client.WithWaitForStage(enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED))
	fmt.Println(opt != nil)
	// Output: true
}

// ExampleStartOption writes an option of one's own: any
// func(*StartWorkflowOptions) is a StartOption.
func ExampleStartOption() {
	inTest := client.StartOption(func(o *client.StartWorkflowOptions) {
		o.TaskQueue += "-test"
		o.ExecutionTimeout = time.Minute
	})
	printStart(inTest)
	// Output: invoice-c42-2026-11 on billing-test, execution timeout 1m0s
}

// ExampleWithID overrides the ID template.
func ExampleWithID() {
	printStart(client.WithID("invoice-rerun"))
	// Output: invoice-rerun on billing, execution timeout 1h0m0s
}

// ExampleWithTaskQueue sends the workflow to another task queue.
func ExampleWithTaskQueue() {
	printStart(client.WithTaskQueue("billing-canary"))
	// Output: invoice-c42-2026-11 on billing-canary, execution timeout 1h0m0s
}

// ExampleWithExecutionTimeout lifts the default timeout: an option sets
// even a zero value.
func ExampleWithExecutionTimeout() {
	printStart(client.WithExecutionTimeout(0))
	// Output: invoice-c42-2026-11 on billing, execution timeout 0s
}

// printField shows one field of the merged options.
func printField(field func(client.StartWorkflowOptions) any, opts ...client.StartOption) {
	o, err := monthlyInvoice.StartOptions(invoiceRequest{Customer: "c42", Month: "2026-11"}, opts...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(field(o))
}

func ExampleWithRunTimeout() {
	printField(func(o client.StartWorkflowOptions) any { return o.RunTimeout }, client.WithRunTimeout(10*time.Minute))
	// Output: 10m0s
}

func ExampleWithTaskTimeout() {
	printField(func(o client.StartWorkflowOptions) any { return o.TaskTimeout }, client.WithTaskTimeout(30*time.Second))
	// Output: 30s
}

func ExampleWithRetryPolicy() {
	printField(func(o client.StartWorkflowOptions) any { return o.RetryPolicy.MaximumAttempts },
		client.WithRetryPolicy(&temporal.RetryPolicy{MaximumAttempts: 3}))
	// Output: 3
}

func ExampleWithIDReusePolicy() {
	printField(func(o client.StartWorkflowOptions) any { return o.IDReusePolicy },
		client.WithIDReusePolicy(enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE))
	// Output: RejectDuplicate
}

func ExampleWithIDConflictPolicy() {
	printField(func(o client.StartWorkflowOptions) any { return o.IDConflictPolicy },
		client.WithIDConflictPolicy(enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING))
	// Output: UseExisting
}

func ExampleWithMemo() {
	printField(func(o client.StartWorkflowOptions) any { return o.Memo["region"] }, client.WithMemo(map[string]any{"region": "eu"}))
	// Output: eu
}

func ExampleWithSearchAttributes() {
	sa := temporal.NewSearchAttributes(temporal.NewSearchAttributeKeyKeyword("CustomerId").ValueSet("c42"))
	printField(func(o client.StartWorkflowOptions) any { return o.SearchAttributes.Names() }, client.WithSearchAttributes(sa))
	// Output: [CustomerId]
}

func ExampleWithStartDelay() {
	printField(func(o client.StartWorkflowOptions) any { return o.StartDelay }, client.WithStartDelay(time.Hour))
	// Output: 1h0m0s
}

func ExampleWithPriority() {
	printField(func(o client.StartWorkflowOptions) any { return o.Priority.PriorityKey }, client.WithPriority(&temporal.Priority{PriorityKey: 1}))
	// Output: 1
}

func ExampleWithRequestID() {
	printField(func(o client.StartWorkflowOptions) any { return o.RequestID }, client.WithRequestID("order-7-attempt-1"))
	// Output: order-7-attempt-1
}

func ExampleWithStaticSummary() {
	printField(func(o client.StartWorkflowOptions) any { return o.StaticSummary }, client.WithStaticSummary("Invoice for **c42**"))
	// Output: Invoice for **c42**
}

func ExampleWithStaticDetails() {
	printField(func(o client.StartWorkflowOptions) any { return o.StaticDetails }, client.WithStaticDetails("Monthly run"))
	// Output: Monthly run
}

func ExampleWithStartWorkflowOptions() {
	printField(func(o client.StartWorkflowOptions) any { return o.TaskQueue + " " + o.StaticSummary },
		client.WithStartWorkflowOptions(func(o *client.StartWorkflowOptions) {
			o.TaskQueue = "billing-eu"
			o.StaticSummary = "EU run"
		}))
	// Output: billing-eu EU run
}

// ExampleWithEagerStart starts a workflow whose first task runs on the
// worker of this process without a trip through the task queue: the
// worker registered itself with the client when it started.
func ExampleWithEagerStart() {
	withClient(func(ctx context.Context, c *client.Client) error {
		w, err := worker.New(c, "billing", worker.Options{})
		if err != nil {
			return err
		}
		// w.RegisterWorkflow(...) the workflows, then:
		if err := w.Start(ctx); err != nil {
			return err
		}
		defer func() { _ = w.Stop(context.WithoutCancel(ctx)) }()
		res, err := monthlyInvoice.Execute(ctx, c, invoiceRequest{Customer: "c42", Month: "2026-11"}, client.WithEagerStart(true))
		if err != nil {
			return err
		}
		fmt.Println("total:", res.Total)
		return nil
	})
}

// noSlots is an EagerWorkflowExecutor that never has room: what a worker
// implements to take eager starts' first tasks.
type noSlots struct{}

func (noSlots) TaskQueue() string                                 { return "billing" }
func (noSlots) ReserveWorkflowTaskSlot() client.EagerWorkflowSlot { return nil }

// ExampleClient_RegisterEagerWorkflowExecutor offers an executor for eager
// starts and withdraws it. runtime/worker does this for every worker that
// runs workflows, from Start to Stop.
func ExampleClient_RegisterEagerWorkflowExecutor() {
	withClient(func(ctx context.Context, c *client.Client) error {
		var e client.EagerWorkflowExecutor = noSlots{}
		c.RegisterEagerWorkflowExecutor(e)
		defer c.DeregisterEagerWorkflowExecutor(e)
		// A start with EnableEagerStart finds no free slot: a normal start.
		_, err := monthlyInvoice.Start(ctx, c, invoiceRequest{Customer: "c42", Month: "2026-11"}, client.WithEagerStart(true))
		return err
	})
}

// NewUUID makes the random IDs a client needs, such as a workflow ID when
// no template gives one.
func ExampleNewUUID() {
	id := client.NewUUID()
	fmt.Println(len(id), id[14])
	// Output: 36 52
}

// ExampleWorkflowDef_ScheduleAction runs the invoice workflow at six on the
// first of every month, New York time, with the workflow's own defaults:
// each run's ID is the template's "invoice-c42-monthly" with the scheduled
// time appended.
func ExampleWorkflowDef_ScheduleAction() {
	withClient(func(ctx context.Context, c *client.Client) error {
		action, err := monthlyInvoice.ScheduleAction(invoiceRequest{Customer: "c42", Month: "monthly"})
		if err != nil {
			return err
		}
		h, err := c.CreateSchedule(ctx, client.ScheduleOptions{
			ID: "invoice-c42",
			Spec: client.ScheduleSpec{
				Calendars: []client.ScheduleCalendarSpec{{
					Hour:       []client.ScheduleRange{{Start: 6}},
					DayOfMonth: []client.ScheduleRange{{Start: 1}},
				}},
				TimeZoneName: "America/New_York",
			},
			Action: action,
		})
		var exists *client.ScheduleAlreadyExistsError
		if errors.As(err, &exists) {
			h = c.GetSchedule(exists.ScheduleID)
		} else if err != nil {
			return err
		}
		d, err := h.Describe(ctx)
		if err != nil {
			return err
		}
		fmt.Println("next invoice run:", d.NextActionTimes[0])
		return nil
	})
}

// ExampleScheduleHandle_Pause pauses a schedule during maintenance and
// backfills the runs it missed once it is over.
func ExampleScheduleHandle_Pause() {
	withClient(func(ctx context.Context, c *client.Client) error {
		h := c.GetSchedule("invoice-c42")
		start := time.Now()
		if err := h.Pause(ctx, "database maintenance"); err != nil {
			return err
		}
		// ... maintenance ...
		if err := h.Unpause(ctx, ""); err != nil {
			return err
		}
		return h.Backfill(ctx, client.ScheduleBackfill{Start: start, End: time.Now()})
	})
}

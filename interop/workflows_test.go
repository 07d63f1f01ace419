package interop_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/activity"
	sdkconverter "go.temporal.io/sdk/converter"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/proto"
)

// Workflows and activities written with the official Go SDK, which the
// tests drive with our client. Their names are what our client sends.
const (
	wfEchoProto            = "interop.EchoProto"
	wfRejectOrder          = "interop.RejectOrder"
	wfContinueAsNewTwice   = "interop.ContinueAsNewTwice"
	wfInbox                = "interop.Inbox"
	wfAsyncActivities      = "interop.AsyncActivities"
	wfPanickingActivity    = "interop.PanickingActivity"
	wfReadSearchAttributes = "interop.ReadSearchAttributes"
	wfFailFirstAttempt     = "interop.FailFirstAttempt"
	wfCancelActivity       = "interop.CancelPendingActivity"
	wfHeaders              = "interop.Headers"
	wfDescribeSelf         = "interop.DescribeSelf"

	actPending = "interop.Pending"
	actPanic   = "interop.Panic"
)

// Signals, queries and updates of the inbox workflow.
const (
	signalAdd     = "add"
	signalRelease = "release"
	signalFinish  = "finish"

	queryItems  = "items"
	queryItemAt = "itemAt"
	queryRefuse = "refuse"

	updateAdd             = "addItem"
	updateAddAfterRelease = "addAfterRelease"

	signalCancelActivity = "cancelActivity"
	updateTenant         = "tenant"
)

// echoedIdentity is what the echo workflow writes into the request it
// returns, so a test sees the message went through the workflow.
const echoedIdentity = "echoed by the official Go SDK"

// registerOfficialWorkflows registers every official workflow and activity
// on w. pending receives the activities that complete asynchronously.
func registerOfficialWorkflows(w worker.Registry, pending *pendingActivities) {
	w.RegisterWorkflowWithOptions(echoProto, workflow.RegisterOptions{Name: wfEchoProto})
	w.RegisterWorkflowWithOptions(rejectOrder, workflow.RegisterOptions{Name: wfRejectOrder})
	w.RegisterWorkflowWithOptions(continueAsNewTwice, workflow.RegisterOptions{Name: wfContinueAsNewTwice})
	w.RegisterWorkflowWithOptions(inbox, workflow.RegisterOptions{Name: wfInbox})
	w.RegisterWorkflowWithOptions(asyncActivities, workflow.RegisterOptions{Name: wfAsyncActivities})
	w.RegisterWorkflowWithOptions(panickingActivity, workflow.RegisterOptions{Name: wfPanickingActivity})
	w.RegisterWorkflowWithOptions(readSearchAttributes, workflow.RegisterOptions{Name: wfReadSearchAttributes})
	w.RegisterWorkflowWithOptions(failFirstAttempt, workflow.RegisterOptions{Name: wfFailFirstAttempt})
	w.RegisterWorkflowWithOptions(cancelPendingActivity, workflow.RegisterOptions{Name: wfCancelActivity})
	w.RegisterWorkflowWithOptions(headers, workflow.RegisterOptions{Name: wfHeaders})
	w.RegisterWorkflowWithOptions(describeSelf, workflow.RegisterOptions{Name: wfDescribeSelf})
	w.RegisterActivityWithOptions(pending.Pending, activity.RegisterOptions{Name: actPending})
	w.RegisterActivityWithOptions(panicActivity, activity.RegisterOptions{Name: actPanic})
}

// echoProto returns its proto input with Identity rewritten.
func echoProto(_ workflow.Context, req *workflowservice.StartWorkflowExecutionRequest) (*workflowservice.StartWorkflowExecutionRequest, error) {
	out := proto.Clone(req).(*workflowservice.StartWorkflowExecutionRequest)
	out.Identity = echoedIdentity
	return out, nil
}

// rejection is the detail of the error rejectOrder fails with.
type rejection struct {
	OrderID string `json:"orderId"`
	Reason  string `json:"reason"`
}

// rejectOrder fails with a non-retryable application error with details
// and a cause.
func rejectOrder(_ workflow.Context, orderID string) error {
	return sdktemporal.NewApplicationErrorWithOptions("order "+orderID+" rejected", "OrderRejected", sdktemporal.ApplicationErrorOptions{
		NonRetryable: true,
		Details:      []any{rejection{OrderID: orderID, Reason: "out of stock"}, 3},
		Cause:        sdktemporal.NewApplicationError("warehouse is empty", "OutOfStock"),
	})
}

// continueAsNewTwice continues as new until its third run, which returns.
func continueAsNewTwice(ctx workflow.Context, run int) (string, error) {
	if run < 2 {
		return "", workflow.NewContinueAsNewError(ctx, wfContinueAsNewTwice, run+1)
	}
	return fmt.Sprintf("finished in run %d", run), nil
}

// inbox collects items sent by signal or update until it is told to
// finish, and answers queries about them. Cancelled, it closes as canceled
// with a detail saying how many items it held.
func inbox(ctx workflow.Context) ([]string, error) {
	items := []string{}
	released, finished := false, false

	if err := workflow.SetQueryHandler(ctx, queryItems, func() ([]string, error) { return items, nil }); err != nil {
		return nil, err
	}
	if err := workflow.SetQueryHandler(ctx, queryItemAt, func(i int) (string, error) {
		if i < 0 || i >= len(items) {
			return "", fmt.Errorf("no item at %d", i)
		}
		return items[i], nil
	}); err != nil {
		return nil, err
	}
	if err := workflow.SetQueryHandler(ctx, queryRefuse, func() (string, error) {
		return "", errors.New("the inbox refuses this query")
	}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, updateAdd,
		func(_ workflow.Context, item string) (int, error) {
			items = append(items, item)
			return len(items), nil
		},
		workflow.UpdateHandlerOptions{Validator: func(_ workflow.Context, item string) error {
			if item == "" {
				return sdktemporal.NewApplicationError("an item must not be empty", "InvalidItem", "send a name")
			}
			return nil
		}},
	); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandler(ctx, updateAddAfterRelease, func(ctx workflow.Context, item string) ([]string, error) {
		if err := workflow.Await(ctx, func() bool { return released }); err != nil {
			return nil, err
		}
		items = append(items, item)
		return items, nil
	}); err != nil {
		return nil, err
	}

	workflow.Go(ctx, func(ctx workflow.Context) {
		ch := workflow.GetSignalChannel(ctx, signalAdd)
		for {
			var item string
			ch.Receive(ctx, &item)
			items = append(items, item)
		}
	})
	workflow.Go(ctx, func(ctx workflow.Context) {
		var ignored string
		workflow.GetSignalChannel(ctx, signalRelease).Receive(ctx, &ignored)
		released = true
	})
	workflow.Go(ctx, func(ctx workflow.Context) {
		var ignored string
		workflow.GetSignalChannel(ctx, signalFinish).Receive(ctx, &ignored)
		finished = true
	})

	if err := workflow.Await(ctx, func() bool { return finished && workflow.AllHandlersFinished(ctx) }); err != nil {
		return nil, sdktemporal.NewCanceledError(fmt.Sprintf("inbox closed with %d items", len(items)))
	}
	return items, nil
}

// pendingActivity is what an asynchronously completed activity tells the
// test: how to complete it.
type pendingActivity struct {
	ActivityID string
	WorkflowID string
	RunID      string
	TaskToken  []byte
}

// pendingActivities publishes each started Pending activity and leaves it
// to be completed from outside the worker.
type pendingActivities struct{ started chan pendingActivity }

func newPendingActivities() *pendingActivities {
	return &pendingActivities{started: make(chan pendingActivity, 8)}
}

// Pending publishes its task token and returns ErrResultPending: the test
// completes it with our client.
func (a *pendingActivities) Pending(ctx context.Context) (string, error) {
	info := activity.GetInfo(ctx)
	select {
	case a.started <- pendingActivity{
		ActivityID: info.ActivityID,
		WorkflowID: info.WorkflowExecution.ID,
		RunID:      info.WorkflowExecution.RunID,
		TaskToken:  info.TaskToken,
	}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return "", activity.ErrResultPending
}

// Activity IDs of the asyncActivities workflow, in the order it runs them.
const (
	activityByToken = "complete-by-token"
	activityByID    = "complete-by-id"
	activityFailed  = "fail-by-token"
)

// asyncOutcome is what asyncActivities saw of its three activities.
type asyncOutcome struct {
	ByToken             string `json:"byToken"`
	ByID                string `json:"byId"`
	FailureType         string `json:"failureType"`
	FailureMessage      string `json:"failureMessage"`
	FailureNonRetryable bool   `json:"failureNonRetryable"`
	FailureDetail       string `json:"failureDetail"`
}

// asyncActivities runs three asynchronously completed activities in turn:
// two that the test completes, one that it fails.
func asyncActivities(ctx workflow.Context) (asyncOutcome, error) {
	var out asyncOutcome
	run := func(id string, result any) error {
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			ActivityID:          id,
			StartToCloseTimeout: time.Minute,
			HeartbeatTimeout:    time.Minute,
			RetryPolicy:         &sdktemporal.RetryPolicy{MaximumAttempts: 1},
		})
		return workflow.ExecuteActivity(actx, actPending).Get(actx, result)
	}
	if err := run(activityByToken, &out.ByToken); err != nil {
		return out, err
	}
	if err := run(activityByID, &out.ByID); err != nil {
		return out, err
	}
	err := run(activityFailed, nil)
	var appErr *sdktemporal.ApplicationError
	if !errors.As(err, &appErr) {
		return out, fmt.Errorf("activity %s: want an application error, got %v", activityFailed, err)
	}
	out.FailureType, out.FailureMessage, out.FailureNonRetryable = appErr.Type(), appErr.Message(), appErr.NonRetryable()
	if err := appErr.Details(&out.FailureDetail); err != nil {
		return out, fmt.Errorf("activity %s: details: %w", activityFailed, err)
	}
	return out, nil
}

// panicMessage is what panicActivity panics with.
const panicMessage = "inventory service returned garbage"

func panicActivity(context.Context) error { panic(panicMessage) }

// panickingActivity runs panicActivity once and fails with its error.
func panickingActivity(ctx workflow.Context) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         &sdktemporal.RetryPolicy{MaximumAttempts: 1},
	})
	return workflow.ExecuteActivity(ctx, actPanic).Get(ctx, nil)
}

// Search attributes the dev server registers, as the official SDK types
// them.
var (
	officialKeyword     = sdktemporal.NewSearchAttributeKeyKeyword("CustomKeywordField")
	officialText        = sdktemporal.NewSearchAttributeKeyString("CustomTextField")
	officialInt         = sdktemporal.NewSearchAttributeKeyInt64("CustomIntField")
	officialDouble      = sdktemporal.NewSearchAttributeKeyFloat64("CustomDoubleField")
	officialBool        = sdktemporal.NewSearchAttributeKeyBool("CustomBoolField")
	officialDatetime    = sdktemporal.NewSearchAttributeKeyTime("CustomDatetimeField")
	officialKeywordList = sdktemporal.NewSearchAttributeKeyKeywordList("CustomKeywordListField")
)

// searchAttributeValues holds one value of each search attribute type.
type searchAttributeValues struct {
	Keyword     string    `json:"keyword"`
	Text        string    `json:"text"`
	Int         int64     `json:"int"`
	Double      float64   `json:"double"`
	Bool        bool      `json:"bool"`
	Datetime    time.Time `json:"datetime"`
	KeywordList []string  `json:"keywordList"`
	// Count is how many search attributes were set, leaving out those the
	// server maintains itself (BuildIds, once a worker ran a task).
	Count int `json:"count"`
}

// serverMaintained are search attributes the server sets on executions.
var serverMaintained = map[string]bool{"BuildIds": true}

// officialSearchAttributeValues reads typed search attributes with the
// official SDK's API.
func officialSearchAttributeValues(sa sdktemporal.SearchAttributes) searchAttributeValues {
	var v searchAttributeValues
	v.Keyword, _ = sa.GetKeyword(officialKeyword)
	v.Text, _ = sa.GetString(officialText)
	v.Int, _ = sa.GetInt64(officialInt)
	v.Double, _ = sa.GetFloat64(officialDouble)
	v.Bool, _ = sa.GetBool(officialBool)
	v.Datetime, _ = sa.GetTime(officialDatetime)
	v.KeywordList, _ = sa.GetKeywordList(officialKeywordList)
	for k := range sa.GetUntypedValues() {
		if !serverMaintained[k.GetName()] {
			v.Count++
		}
	}
	return v
}

// readSearchAttributes returns the search attributes the workflow started
// with, as the official SDK reads them inside a workflow.
func readSearchAttributes(ctx workflow.Context) (searchAttributeValues, error) {
	return officialSearchAttributeValues(workflow.GetTypedSearchAttributes(ctx)), nil
}

// failFirstAttempt fails its first attempt and returns its attempt number
// from the next: with a retry policy, the server retries it in a new run.
func failFirstAttempt(ctx workflow.Context) (int, error) {
	attempt := workflow.GetInfo(ctx).Attempt
	if attempt < 2 {
		return 0, sdktemporal.NewApplicationError("the first attempt always fails", "Flaky")
	}
	return int(attempt), nil
}

// activityToCancel is the ID of the activity cancelPendingActivity cancels.
const activityToCancel = "to-cancel"

// cancelOutcome is what cancelPendingActivity saw of its activity.
type cancelOutcome struct {
	Canceled bool   `json:"canceled"`
	Detail   string `json:"detail"`
}

// cancelPendingActivity starts an asynchronously completed activity,
// cancels it when signalled, and waits for the activity to confirm.
func cancelPendingActivity(ctx workflow.Context) (cancelOutcome, error) {
	actx, cancel := workflow.WithCancel(ctx)
	actx = workflow.WithActivityOptions(actx, workflow.ActivityOptions{
		ActivityID:          activityToCancel,
		StartToCloseTimeout: time.Minute,
		HeartbeatTimeout:    time.Minute,
		WaitForCancellation: true,
		RetryPolicy:         &sdktemporal.RetryPolicy{MaximumAttempts: 1},
	})
	future := workflow.ExecuteActivity(actx, actPending)
	var ignored string
	workflow.GetSignalChannel(ctx, signalCancelActivity).Receive(ctx, &ignored)
	cancel()
	err := future.Get(ctx, nil)
	var out cancelOutcome
	var canceled *sdktemporal.CanceledError
	if !errors.As(err, &canceled) {
		return out, fmt.Errorf("want a canceled error from the activity, got %v", err)
	}
	out.Canceled = true
	if err := canceled.Details(&out.Detail); err != nil {
		return out, fmt.Errorf("canceled details: %w", err)
	}
	return out, nil
}

// tenantHeader is the header our client's interceptor sets and the official
// worker's context propagator reads.
const tenantHeader = "tenant"

type tenantKey struct{}

// tenantPropagator carries the tenant header into workflow contexts, as an
// official SDK user would propagate trace or auth context.
type tenantPropagator struct{}

var _ workflow.ContextPropagator = tenantPropagator{}

func (tenantPropagator) Inject(context.Context, workflow.HeaderWriter) error { return nil }

func (tenantPropagator) Extract(ctx context.Context, _ workflow.HeaderReader) (context.Context, error) {
	return ctx, nil
}

func (tenantPropagator) InjectFromWorkflow(workflow.Context, workflow.HeaderWriter) error { return nil }

func (tenantPropagator) ExtractToWorkflow(ctx workflow.Context, r workflow.HeaderReader) (workflow.Context, error) {
	p, ok := r.Get(tenantHeader)
	if !ok {
		return ctx, nil
	}
	var tenant string
	if err := sdkconverter.GetDefaultDataConverter().FromPayload(p, &tenant); err != nil {
		return nil, err
	}
	return workflow.WithValue(ctx, tenantKey{}, tenant), nil
}

func tenantOf(ctx workflow.Context) string {
	s, _ := ctx.Value(tenantKey{}).(string)
	return s
}

// headers returns the tenant header of its start and of the first update
// it receives.
func headers(ctx workflow.Context) (string, error) {
	atStart, inUpdate := tenantOf(ctx), ""
	if err := workflow.SetUpdateHandler(ctx, updateTenant, func(ctx workflow.Context) (string, error) {
		inUpdate = tenantOf(ctx)
		return inUpdate, nil
	}); err != nil {
		return "", err
	}
	if err := workflow.Await(ctx, func() bool { return inUpdate != "" }); err != nil {
		return "", err
	}
	return atStart + "," + inUpdate, nil
}

// selfDescription is what an official workflow knows of how it was
// started.
type selfDescription struct {
	WorkflowType     string        `json:"workflowType"`
	TaskQueue        string        `json:"taskQueue"`
	ExecutionTimeout time.Duration `json:"executionTimeout"`
	RunTimeout       time.Duration `json:"runTimeout"`
	TaskTimeout      time.Duration `json:"taskTimeout"`
	Attempt          int32         `json:"attempt"`
	RetryPolicy      *sdktemporal.RetryPolicy
	PriorityKey      int     `json:"priorityKey"`
	FairnessKey      string  `json:"fairnessKey"`
	FairnessWeight   float32 `json:"fairnessWeight"`
	MemoNote         string  `json:"memoNote"`
}

// describeSelf returns what the official SDK tells a workflow of its start.
func describeSelf(ctx workflow.Context) (selfDescription, error) {
	info := workflow.GetInfo(ctx)
	d := selfDescription{
		WorkflowType:     info.WorkflowType.Name,
		TaskQueue:        info.TaskQueueName,
		ExecutionTimeout: info.WorkflowExecutionTimeout,
		RunTimeout:       info.WorkflowRunTimeout,
		TaskTimeout:      info.WorkflowTaskTimeout,
		Attempt:          info.Attempt,
		RetryPolicy:      info.RetryPolicy,
		PriorityKey:      info.Priority.PriorityKey,
		FairnessKey:      info.Priority.FairnessKey,
		FairnessWeight:   info.Priority.FairnessWeight,
	}
	if p := info.Memo.GetFields()["note"]; p != nil {
		if err := sdkconverter.GetDefaultDataConverter().FromPayload(p, &d.MemoNote); err != nil {
			return d, err
		}
	}
	return d, nil
}

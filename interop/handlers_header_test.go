package interop_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdkconverter "go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
	ourworkflow "github.com/workflowdef/workflowdef/runtime/workflow"
)

// tenantInjector is an official-SDK user's context propagator: it writes
// the caller's tenant, from the Go context, into the header of every
// request the official client sends.
type tenantInjector struct{ tenantPropagator }

func (tenantInjector) Inject(ctx context.Context, w workflow.HeaderWriter) error {
	tenant, _ := ctx.Value(tenantKey{}).(string)
	if tenant == "" {
		return nil
	}
	p, err := sdkconverter.GetDefaultDataConverter().ToPayload(tenant)
	if err != nil {
		return err
	}
	w.Set(tenantHeader, p)
	return nil
}

// tenantAudit is our worker's handlers interceptor: it notes the tenant
// header of every signal, query and update a run receives.
type tenantAudit struct {
	interceptor.WorkflowInboundBase
	interceptor.ActivityInboundBase
	mu   *sync.Mutex
	seen *[]string
}

func (a tenantAudit) InterceptWorkflowHandlers(_ ourworkflow.Context, next interceptor.WorkflowHandlers) interceptor.WorkflowHandlers {
	return tenantAuditLink{WorkflowHandlersBase: interceptor.WorkflowHandlersBase{Next: next}, audit: a}
}

type tenantAuditLink struct {
	interceptor.WorkflowHandlersBase
	audit tenantAudit
}

func (l tenantAuditLink) note(ctx ourworkflow.Context, what string, header map[string]*commonpb.Payload) {
	if ourworkflow.IsReplaying(ctx) {
		return
	}
	var tenant string
	if p, ok := header[tenantHeader]; ok {
		_ = converter.Default().FromPayload(p, &tenant)
	}
	l.audit.mu.Lock()
	defer l.audit.mu.Unlock()
	*l.audit.seen = append(*l.audit.seen, what+" "+tenant)
}

func (l tenantAuditLink) HandleSignal(ctx ourworkflow.Context, in *interceptor.HandleSignalInput) error {
	l.note(ctx, "signal", in.Header)
	return l.Next.HandleSignal(ctx, in)
}

func (l tenantAuditLink) HandleQuery(ctx ourworkflow.Context, in *interceptor.HandleQueryInput) (*commonpb.Payloads, error) {
	l.note(ctx, "query", in.Header)
	return l.Next.HandleQuery(ctx, in)
}

func (l tenantAuditLink) ExecuteUpdate(ctx ourworkflow.Context, in *interceptor.UpdateInput) (*commonpb.Payloads, error) {
	l.note(ctx, "update", in.Header)
	return l.Next.ExecuteUpdate(ctx, in)
}

// answerUntilDone answers "state" and "set" until a "done" signal.
func answerUntilDone(ctx ourworkflow.Context) (string, error) {
	state := "new"
	if err := ourworkflow.SetQueryHandler(ctx, "state", func() (string, error) { return state, nil }); err != nil {
		return "", err
	}
	if err := ourworkflow.SetUpdateHandler(ctx, "set", func(ctx ourworkflow.Context, s string) (string, error) {
		state = s
		return s, nil
	}); err != nil {
		return "", err
	}
	ourworkflow.GetSignalChannel(ctx, "done").Receive(ctx, nil)
	return state, nil
}

// TestOfficialPropagatorHeadersReachOurHandlersInterceptor: the header an
// official client's context propagator writes on a signal, a query and an
// update reaches our worker's handlers interceptor.
func TestOfficialPropagatorHeadersReachOurHandlersInterceptor(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	ours := dialOurs(t, client.Options{})
	official := dialOfficial(t, sdkclient.Options{ContextPropagators: []workflow.ContextPropagator{tenantInjector{}}})
	taskQueue := uniqueName(t, "tq")
	startOurWorker(t, ours, taskQueue, ourworker.Options{Interceptors: []interceptor.Worker{tenantAudit{mu: &mu, seen: &seen}}}, func(w *ourworker.Worker) error {
		return w.RegisterWorkflowWithOptions(answerUntilDone, ourworker.RegisterWorkflowOptions{Name: "answerUntilDone"})
	})
	ctx := context.WithValue(testContext(t), tenantKey{}, "acme")
	run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: uniqueName(t, "wf"), TaskQueue: taskQueue}, "answerUntilDone")
	if err != nil {
		t.Fatal(err)
	}
	handle, err := official.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{WorkflowID: run.GetID(), UpdateName: "set", Args: []any{"set"}, WaitForStage: sdkclient.WorkflowUpdateStageCompleted})
	if err != nil {
		t.Fatal(err)
	}
	if err := handle.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := official.QueryWorkflow(ctx, run.GetID(), "", "state"); err != nil {
		t.Fatal(err)
	}
	if err := official.SignalWorkflow(ctx, run.GetID(), "", "done", nil); err != nil {
		t.Fatal(err)
	}
	var state string
	if err := run.Get(ctx, &state); err != nil || state != "set" {
		t.Fatalf("result %q, %v", state, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"update acme", "query acme", "signal acme"}; fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("our interceptor saw %q, want %q", seen, want)
	}
}

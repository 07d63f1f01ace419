package worker_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// callerHeader writes a "caller" header entry on the signals, queries and
// updates a client sends.
type callerHeader struct{ client.OutboundInterceptorBase }

func callerPayload() *commonpb.Payload {
	p, _ := converter.Default().ToPayload("ops-team")
	return p
}

func (i callerHeader) SignalWorkflow(ctx context.Context, in *client.SignalWorkflowInput) error {
	in.Header["caller"] = callerPayload()
	return i.Next.SignalWorkflow(ctx, in)
}

func (i callerHeader) QueryWorkflow(ctx context.Context, in *client.QueryWorkflowInput) (*client.QueryResult, error) {
	in.Header["caller"] = callerPayload()
	return i.Next.QueryWorkflow(ctx, in)
}

func (i callerHeader) UpdateWorkflow(ctx context.Context, in *client.UpdateWorkflowInput) (*client.UpdateHandle, error) {
	in.Header["caller"] = callerPayload()
	return i.Next.UpdateWorkflow(ctx, in)
}

type callerHeaderInterceptor struct{}

func (callerHeaderInterceptor) InterceptClient(next client.OutboundInterceptor) client.OutboundInterceptor {
	return callerHeader{client.OutboundInterceptorBase{Next: next}}
}

// handlerAudit notes every call into a run with its header, and, like an
// auth check, rejects updates that name no caller.
type handlerAudit struct {
	interceptor.WorkflowInboundBase
	interceptor.ActivityInboundBase
	log *interceptLog
}

func (a handlerAudit) InterceptWorkflowHandlers(ctx workflow.Context, next interceptor.WorkflowHandlers) interceptor.WorkflowHandlers {
	return auditedHandlers{WorkflowHandlersBase: interceptor.WorkflowHandlersBase{Next: next}, log: a.log, workflowType: workflow.GetInfo(ctx).WorkflowType}
}

type auditedHandlers struct {
	interceptor.WorkflowHandlersBase
	log          *interceptLog
	workflowType string
}

func (h auditedHandlers) note(ctx workflow.Context, what string, header map[string]*commonpb.Payload) {
	if workflow.IsReplaying(ctx) {
		return
	}
	h.log.mu.Lock()
	defer h.log.mu.Unlock()
	h.log.seen = append(h.log.seen, strings.TrimSpace(h.workflowType+" "+what+" "+headerSummary(header)))
}

func (h auditedHandlers) HandleSignal(ctx workflow.Context, in *interceptor.HandleSignalInput) error {
	h.note(ctx, "signal "+in.SignalName, in.Header)
	return h.Next.HandleSignal(ctx, in)
}

func (h auditedHandlers) HandleQuery(ctx workflow.Context, in *interceptor.HandleQueryInput) (*commonpb.Payloads, error) {
	h.note(ctx, "query "+in.QueryType, in.Header)
	return h.Next.HandleQuery(ctx, in)
}

func (h auditedHandlers) ValidateUpdate(ctx workflow.Context, in *interceptor.UpdateInput) error {
	h.note(ctx, "validate "+in.Name, in.Header)
	if _, ok := in.Header["caller"]; !ok {
		return errors.New("update refused: no caller in its header")
	}
	return h.Next.ValidateUpdate(ctx, in)
}

func (h auditedHandlers) ExecuteUpdate(ctx workflow.Context, in *interceptor.UpdateInput) (*commonpb.Payloads, error) {
	h.note(ctx, "execute "+in.Name, in.Header)
	return h.Next.ExecuteUpdate(ctx, in)
}

// auditedWorkflow answers "state", takes "set" updates, and returns once
// it received two "go" signals and one update.
func auditedWorkflow(ctx workflow.Context) (string, error) {
	state := "new"
	if err := workflow.SetQueryHandler(ctx, "state", func() (string, error) { return state, nil }); err != nil {
		return "", err
	}
	if err := workflow.SetUpdateHandler(ctx, "set", func(ctx workflow.Context, s string) (string, error) {
		state = s
		return "set to " + s, nil
	}); err != nil {
		return "", err
	}
	signals := workflow.GetSignalChannel(ctx, "go")
	for range 2 {
		signals.Receive(ctx, nil)
	}
	if err := workflow.Await(ctx, func() bool { return state != "new" }); err != nil {
		return "", err
	}
	return state, nil
}

func TestInterceptorsSeeSignalsQueriesAndUpdatesWithTheirHeaders(t *testing.T) {
	log := &interceptLog{}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	caller, err := client.Dial(ctx, client.Options{HostPort: worker.DevServer().Address(), Namespace: worker.DevServer().Namespace(),
		Interceptors: []client.Interceptor{callerHeaderInterceptor{}}})
	must(t, err)
	t.Cleanup(func() { _ = caller.Close() })
	anonymous := dialServer(t)
	w := startWorker(t, anonymous, worker.Options{Interceptors: []interceptor.Worker{handlerAudit{log: log}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(auditedWorkflow))
	})
	id := testenv.UniqueID(t)
	// The first signal comes with the start, in the run's first task.
	run, err := anonymous.SignalWithStartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "go", nil, "auditedWorkflow")
	must(t, err)
	must(t, caller.SignalWorkflow(ctx, id, "", "go", nil))
	if state, err := client.Query[string](ctx, caller, id, "", "state"); err != nil || state != "new" {
		t.Fatalf("query: %q, %v", state, err)
	}
	_, err = client.Update[string](ctx, anonymous, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "set", Args: []any{"intruder"}})
	if err == nil || !strings.Contains(err.Error(), "no caller in its header") {
		t.Fatalf("an update without a caller: %v, want the interceptor's refusal", err)
	}
	got, err := client.Update[string](ctx, caller, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "set", Args: []any{"done"}})
	if err != nil || got != "set to done" {
		t.Fatalf("update: %q, %v", got, err)
	}
	var result string
	must(t, run.Get(ctx, &result))
	if result != "done" {
		t.Errorf("result %q, want done", result)
	}
	want := []string{
		"auditedWorkflow signal go",
		"auditedWorkflow signal go caller=ops-team",
		"auditedWorkflow query state caller=ops-team",
		"auditedWorkflow validate set",
		"auditedWorkflow validate set caller=ops-team",
		"auditedWorkflow execute set caller=ops-team",
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	if fmt.Sprint(log.seen) != fmt.Sprint(want) {
		t.Errorf("the interceptor saw\n%q\nwant\n%q", log.seen, want)
	}
}

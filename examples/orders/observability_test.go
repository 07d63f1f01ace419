package orders_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/examples/orders"
	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// traceKey is the header entry a tracing interceptor would write
// (the official OpenTelemetry interceptor's is "_tracer-data").
const traceKey = "_tracer-data"

func tracePayload(v string) *commonpb.Payload {
	p, _ := converter.Default().ToPayload(v)
	return p
}

func traceOf(h map[string]*commonpb.Payload) string {
	p, ok := h[traceKey]
	if !ok {
		return "<none>"
	}
	var s string
	if err := converter.Default().FromPayload(p, &s); err != nil {
		return "<bad>"
	}
	return s
}

// traceLog records, per workflow ID, what each inbound link saw.
type traceLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *traceLog) add(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, fmt.Sprintf(format, args...))
}

func (l *traceLog) has(entry string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Contains(l.seen, entry)
}

func (l *traceLog) dump() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := slices.Clone(l.seen)
	sort.Strings(s)
	return strings.Join(s, "\n  ")
}

func (l *traceLog) want(t *testing.T, entries ...string) {
	t.Helper()
	for _, e := range entries {
		if !l.has(e) {
			t.Errorf("no %q; saw:\n  %s", e, l.dump())
		}
	}
}

// spanKey is where a tracing interceptor keeps the current span in the
// workflow context, as the official OpenTelemetry interceptor does.
type spanKey struct{}

// ctxTracer is a minimal tracing interceptor built like the official
// one: each inbound link puts its span into the context it passes on, and
// the outbound link writes the span of the context a call is made with
// into the call's header.
type ctxTracer struct{ log *traceLog }

func (w ctxTracer) InterceptWorkflow(next interceptor.WorkflowInbound) interceptor.WorkflowInbound {
	return interceptor.WorkflowFunc(func(ctx workflow.Context, in *interceptor.ExecuteWorkflowInput) (*commonpb.Payloads, error) {
		ctx = workflow.WithValue(ctx, spanKey{}, "RunWorkflow")
		in.Outbound = interceptor.WriteHeaders(in.Outbound, func(ctx workflow.Context, _ any, h map[string]*commonpb.Payload) {
			if s, ok := ctx.Value(spanKey{}).(string); ok {
				h[traceKey] = tracePayload(s)
			}
		})
		return next.ExecuteWorkflow(ctx, in)
	})
}

func (w ctxTracer) InterceptActivity(next interceptor.ActivityInbound) interceptor.ActivityInbound {
	return interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		w.log.add("activity %s: %s", in.ActivityType, traceOf(in.Header))
		return next.ExecuteActivity(ctx, in)
	})
}

func (w ctxTracer) InterceptWorkflowHandlers(ctx workflow.Context, next interceptor.WorkflowHandlers) interceptor.WorkflowHandlers {
	return ctxTracerHandlers{interceptor.WorkflowHandlersBase{Next: next}}
}

type ctxTracerHandlers struct {
	interceptor.WorkflowHandlersBase
}

func (h ctxTracerHandlers) ValidateUpdate(ctx workflow.Context, in *interceptor.UpdateInput) error {
	return h.Next.ValidateUpdate(workflow.WithValue(ctx, spanKey{}, "ValidateUpdate"), in)
}

func (h ctxTracerHandlers) ExecuteUpdate(ctx workflow.Context, in *interceptor.UpdateInput) (*commonpb.Payloads, error) {
	return h.Next.ExecuteUpdate(workflow.WithValue(ctx, spanKey{}, "HandleUpdate"), in)
}

// spanProbeWorkflows runs the example's ProcessOrder, but its AddItem
// validator and handler note the span their context carries, and the
// handler reserves stock through the generated local activity call.
type spanProbeWorkflows struct {
	orders.Workflows
	log *traceLog
}

func (w spanProbeWorkflows) ProcessOrder(ctx workflow.Context, in *ordersv1temporal.ProcessOrderWorkflowInput) (ordersv1temporal.ProcessOrderWorkflow, error) {
	inner, err := w.Workflows.ProcessOrder(ctx, in)
	if err != nil {
		return nil, err
	}
	return spanProbe{inner, w.log}, nil
}

type spanProbe struct {
	ordersv1temporal.ProcessOrderWorkflow
	log *traceLog
}

func (p spanProbe) ValidateAddItem(ctx workflow.Context, req *ordersv1.AddItemRequest) error {
	p.log.add("validator ctx: %v", ctx.Value(spanKey{}))
	return p.ProcessOrderWorkflow.ValidateAddItem(ctx, req)
}

func (p spanProbe) AddItem(ctx workflow.Context, req *ordersv1.AddItemRequest) (*ordersv1.AddItemResponse, error) {
	if !workflow.IsReplaying(ctx) {
		p.log.add("handler ctx: %v", ctx.Value(spanKey{}))
	}
	if _, err := ordersv1temporal.ReserveInventoryLocal(ctx, &ordersv1.ReserveInventoryRequest{Items: []*ordersv1.Item{{Sku: req.GetSku(), Quantity: req.GetQuantity()}}}); err != nil {
		return nil, err
	}
	return p.ProcessOrderWorkflow.AddItem(ctx, req)
}

// TestUpdateHandlerRunsInTheContextItsInterceptorPassed: the context a
// WorkflowHandlers link passes to next.ExecuteUpdate (and ValidateUpdate)
// is the one the generated update handler (and validator) runs with, so a
// tracing interceptor's HandleUpdate span parents what the handler does:
// the local activity it runs carries the update's span, not the run's.
// The official SDK calls the handler with the context its interceptors
// passed (internal/workflow.go, workflowEnvironmentInterceptor.ExecuteUpdate:
// handler.execute(ctx, in.Args)), and its OpenTelemetry interceptor relies
// on it: ExecuteUpdate starts the HandleUpdate span and calls
// t.Next.ExecuteUpdate(ctx, in) with the span's context.
func TestUpdateHandlerRunsInTheContextItsInterceptorPassed(t *testing.T) {
	t.Parallel()
	log := &traceLog{}
	e := newEnv(t, fastCharges())
	// A second worker on a queue of its own, with the tracer.
	taskQueue := testenv.UniqueID(t) + "-traced"
	startOrdersWorker(t, e.c, taskQueue, worker.Options{Interceptors: []interceptor.Worker{ctxTracer{log}}},
		spanProbeWorkflows{log: log}, fastCharges())
	run, err := e.orders.ProcessOrderAsync(e.ctx(), newOrder(t, time.Hour), client.WithTaskQueue(taskQueue))
	if err != nil {
		t.Fatal(err)
	}
	e.t.Cleanup(func() { _ = e.c.TerminateWorkflow(context.Background(), run.ID(), "", "test over") })
	if _, err := run.AddItem(e.ctx(), &ordersv1.AddItemRequest{Sku: "pen", Quantity: 1, RequestId: "1"}); err != nil {
		t.Fatal(err)
	}
	log.want(t,
		"validator ctx: ValidateUpdate",
		"handler ctx: HandleUpdate",
		"activity "+ordersv1temporal.ReserveInventoryActivityName+": HandleUpdate",
	)
}

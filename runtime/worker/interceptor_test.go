package worker_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// traceStart writes a "trace" header on every workflow the client starts.
type traceStart struct{ client.OutboundInterceptorBase }

func (i traceStart) StartWorkflow(ctx context.Context, in *client.StartWorkflowInput) (*client.WorkflowRun, error) {
	p, err := converter.Default().ToPayload("trace-7")
	if err != nil {
		return nil, err
	}
	in.Header["trace"] = p
	return i.Next.StartWorkflow(ctx, in)
}

type traceStartInterceptor struct{}

func (traceStartInterceptor) InterceptClient(next client.OutboundInterceptor) client.OutboundInterceptor {
	return traceStart{client.OutboundInterceptorBase{Next: next}}
}

// recorder notes what it saw, and tags activity results to prove it sits
// in the chain.
type recorder struct {
	name string
	log  *interceptLog
}

// interceptLog is what every recorder saw, in order.
type interceptLog struct {
	mu   sync.Mutex
	seen []string
}

func (r *recorder) note(s string) {
	r.log.mu.Lock()
	defer r.log.mu.Unlock()
	r.log.seen = append(r.log.seen, s)
}

func (r *recorder) InterceptWorkflow(next interceptor.WorkflowInbound) interceptor.WorkflowInbound {
	return interceptor.WorkflowFunc(func(ctx workflow.Context, in *interceptor.ExecuteWorkflowInput) (*commonpb.Payloads, error) {
		var trace string
		_ = converter.Default().FromPayload(in.Header["trace"], &trace)
		if !workflow.IsReplaying(ctx) {
			r.note(r.name + " workflow " + in.WorkflowType + " " + trace)
		}
		return next.ExecuteWorkflow(ctx, in)
	})
}

func (r *recorder) InterceptActivity(next interceptor.ActivityInbound) interceptor.ActivityInbound {
	return interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		r.note(r.name + " activity " + in.ActivityType)
		return next.ExecuteActivity(ctx, in)
	})
}

func TestInterceptorsWrapWorkflowsAndActivitiesInOrder(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{HostPort: worker.DevServer().Address(), Namespace: worker.DevServer().Namespace(),
		Interceptors: []client.Interceptor{traceStartInterceptor{}}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	log := &interceptLog{}
	outer, inner := &recorder{name: "outer", log: log}, &recorder{name: "inner", log: log}
	w := startWorker(t, c, worker.Options{Interceptors: []interceptor.Worker{outer, inner}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(retryingWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	if _, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(2)); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"outer workflow retryingWorkflow trace-7", "inner workflow retryingWorkflow trace-7",
		"outer activity flaky", "inner activity flaky", // attempt 1 fails
		"outer activity flaky", "inner activity flaky",
	}
	if fmt.Sprint(log.seen) != fmt.Sprint(want) {
		t.Errorf("interceptors saw\n%q\nwant\n%q", log.seen, want)
	}
}

package worker_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/replay"
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

// dialTracing dials the dev server with traceStartInterceptor.
func dialTracing(t *testing.T) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{HostPort: worker.DevServer().Address(), Namespace: worker.DevServer().Namespace(),
		Interceptors: []client.Interceptor{traceStartInterceptor{}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestInterceptorsWrapWorkflowsAndActivitiesInOrder(t *testing.T) {
	c := dialTracing(t)
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

// headerStamp writes, on every call a workflow makes out, a "from" header
// naming the workflow type and the call, and notes the headers workflow
// runs and activity attempts (local ones too) receive.
type headerStamp struct{ log *interceptLog }

func (s headerStamp) note(what string, header map[string]*commonpb.Payload) {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.seen = append(s.log.seen, what+" "+headerSummary(header))
}

// headerSummary prints a header's string entries as "key=value ...".
func headerSummary(header map[string]*commonpb.Payload) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(header)) {
		var v string
		_ = converter.Default().FromPayload(header[k], &v)
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, " ")
}

func (s headerStamp) InterceptWorkflow(next interceptor.WorkflowInbound) interceptor.WorkflowInbound {
	return interceptor.WorkflowFunc(func(ctx workflow.Context, in *interceptor.ExecuteWorkflowInput) (*commonpb.Payloads, error) {
		if !workflow.IsReplaying(ctx) {
			s.note("workflow "+in.WorkflowType, in.Header)
		}
		caller := in.WorkflowType
		in.Outbound = interceptor.WriteHeaders(in.Outbound, func(_ workflow.Context, call any, header map[string]*commonpb.Payload) {
			p, err := converter.Default().ToPayload(caller + "." + strings.TrimSuffix(reflect.TypeOf(call).Elem().Name(), "Input"))
			if err != nil {
				panic(err)
			}
			header["from"] = p
		})
		return next.ExecuteWorkflow(ctx, in)
	})
}

func (s headerStamp) InterceptActivity(next interceptor.ActivityInbound) interceptor.ActivityInbound {
	return interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		s.note("activity "+in.ActivityType, in.Header)
		return next.ExecuteActivity(ctx, in)
	})
}

func headerEcho(context.Context) error { return nil }

// headerParent makes every call that sends a header. Its first run
// continues as new; the new run runs an activity and a local activity,
// starts a child, and signals it as its child and as an external
// workflow.
func headerParent(ctx workflow.Context, continued bool) (string, error) {
	if !continued {
		return "", workflow.NewContinueAsNewError(ctx, headerParent, true)
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	if err := workflow.ExecuteActivity(actx, headerEcho).Get(ctx, nil); err != nil {
		return "", err
	}
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second})
	if err := workflow.ExecuteLocalActivity(lctx, headerEcho).Get(ctx, nil); err != nil {
		return "", err
	}
	childID := workflow.GetInfo(ctx).WorkflowID + "-child"
	child := workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: childID}), headerChild)
	if err := child.SignalChildWorkflow(ctx, "poke", "as child").Get(ctx, nil); err != nil {
		return "", err
	}
	if err := workflow.SignalExternalWorkflow(ctx, childID, "", "poke", "as external").Get(ctx, nil); err != nil {
		return "", err
	}
	return workflow.Result[string](ctx, child)
}

// headerChild returns the two signals it waits for.
func headerChild(ctx workflow.Context) (string, error) {
	var got []string
	for range 2 {
		var s string
		workflow.GetSignalChannel(ctx, "poke").Receive(ctx, &s)
		got = append(got, s)
	}
	return strings.Join(got, ", "), nil
}

// eventHeaders lists, in order, the headers of a history's events of type
// typ, read by header.
func eventHeaders(h *historypb.History, typ enumspb.EventType, header func(*historypb.HistoryEvent) *commonpb.Header) []string {
	var out []string
	for _, e := range h.GetEvents() {
		if e.GetEventType() == typ {
			out = append(out, headerSummary(header(e).GetFields()))
		}
	}
	return out
}

func TestOutboundInterceptorsHeaderReachesEveryCallOfTheWorkflow(t *testing.T) {
	c := dialTracing(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	log := &interceptLog{}
	w := startWorker(t, c, worker.Options{Interceptors: []interceptor.Worker{interceptor.PropagateHeaders("trace"), headerStamp{log: log}}}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(headerParent))
		must(t, w.RegisterWorkflow(headerChild))
		must(t, w.RegisterActivity(headerEcho))
	})
	id := testenv.UniqueID(t)
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "headerParent", false)
	if err != nil {
		t.Fatal(err)
	}
	var result string
	if err := run.Get(ctx, &result); err != nil {
		t.Fatal(err)
	}
	if result != "as child, as external" {
		t.Errorf("child returned %q", result)
	}

	// What the inbound interceptors received, in the worker.
	want := []string{
		"activity headerEcho from=headerParent.StartActivity trace=trace-7",
		"activity headerEcho from=headerParent.StartLocalActivity trace=trace-7",
		"workflow headerChild from=headerParent.StartChildWorkflow trace=trace-7",
		"workflow headerParent from=headerParent.ContinueAsNew trace=trace-7",
		"workflow headerParent trace=trace-7",
	}
	log.mu.Lock()
	seen := slices.Sorted(slices.Values(log.seen))
	log.mu.Unlock()
	if !slices.Equal(seen, want) {
		t.Errorf("interceptors saw\n%q\nwant\n%q", seen, want)
	}

	// What the server recorded.
	first, err := replay.FetchHistory(ctx, c, id, run.RunID())
	if err != nil {
		t.Fatal(err)
	}
	if got := eventHeaders(first, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, func(e *historypb.HistoryEvent) *commonpb.Header {
		return e.GetWorkflowExecutionContinuedAsNewEventAttributes().GetHeader()
	}); !slices.Equal(got, []string{"from=headerParent.ContinueAsNew trace=trace-7"}) {
		t.Errorf("continued-as-new headers %q", got)
	}
	second := history(t, c, id)
	if got := eventHeaders(second, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, func(e *historypb.HistoryEvent) *commonpb.Header {
		return e.GetActivityTaskScheduledEventAttributes().GetHeader()
	}); !slices.Equal(got, []string{"from=headerParent.StartActivity trace=trace-7"}) {
		t.Errorf("activity scheduled headers %q", got)
	}
	if got := eventHeaders(second, enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, func(e *historypb.HistoryEvent) *commonpb.Header {
		return e.GetSignalExternalWorkflowExecutionInitiatedEventAttributes().GetHeader()
	}); !slices.Equal(got, []string{"from=headerParent.SignalChildWorkflow trace=trace-7", "from=headerParent.SignalExternalWorkflow trace=trace-7"}) {
		t.Errorf("signal initiated headers %q", got)
	}
	if got := eventHeaders(history(t, c, id+"-child"), enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, func(e *historypb.HistoryEvent) *commonpb.Header {
		return e.GetWorkflowExecutionSignaledEventAttributes().GetHeader()
	}); !slices.Equal(got, []string{"from=headerParent.SignalChildWorkflow trace=trace-7", "from=headerParent.SignalExternalWorkflow trace=trace-7"}) {
		t.Errorf("child's signaled headers %q", got)
	}
	// Headers take no part in the determinism check: the histories replay
	// on the same code without the interceptors.
	replays(t, c, id, func(r *worker.Registry) {
		must(t, r.RegisterWorkflow(headerParent))
		must(t, r.RegisterActivity(headerEcho))
	})
	replays(t, c, id+"-child", func(r *worker.Registry) { must(t, r.RegisterWorkflow(headerChild)) })
}

package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/workflowservice/v1"
	"golang.org/x/net/http2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

var server *devserver.Server

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &server)) }

// dial connects to the package's server; extra options are applied on top.
func dial(t *testing.T, edit func(*client.Options)) *client.Client {
	t.Helper()
	opts := client.Options{HostPort: server.Address(), Namespace: server.Namespace()}
	if edit != nil {
		edit(&opts)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// uniqueID makes workflow IDs and task queues unique per test run, so tests
// sharing a server do not meet each other's workflows.
func uniqueID(t *testing.T) string {
	return fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "-"), time.Now().UnixNano())
}

// history returns a workflow's full history.
func history(t *testing.T, c *client.Client, workflowID, runID string) []*historypb.HistoryEvent {
	t.Helper()
	resp, err := c.WorkflowService().GetWorkflowExecutionHistory(t.Context(), &workflowservice.GetWorkflowExecutionHistoryRequest{
		Namespace: c.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: workflowID, RunId: runID},
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.GetHistory().GetEvents()
}

func TestDialUnreachableServerSaysWhatToCheck(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	// No deadline of the caller's: Dial bounds its first call itself,
	// rather than retrying a refused connection for a minute.
	began := time.Now()
	_, err = client.Dial(context.Background(), client.Options{HostPort: addr})
	if err == nil {
		t.Fatal("Dial succeeded against a closed port")
	}
	if took := time.Since(began); took > 20*time.Second {
		t.Errorf("Dial took %v to give up on a closed port", took)
	}
	for _, want := range []string{"cannot reach the Temporal server at " + addr, "TEMPORAL_ADDRESS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestDialRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		opts client.Options
		want string
	}{
		{client.Options{HostPort: "no-port"}, `Options.HostPort "no-port" is not host:port`},
		{client.Options{HostPort: server.Address(), Interceptors: []client.Interceptor{nil}}, "Options.Interceptors[0] is nil"},
		{client.Options{HostPort: server.Address(), Keepalive: client.KeepaliveOptions{Timeout: -time.Second}}, "Options.Keepalive.Timeout is negative"},
	} {
		if _, err := client.Dial(t.Context(), tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Dial(%+v): err = %v, want %q", tc.opts, err, tc.want)
		}
	}
}

// callCounter counts RPCs by method, as a gRPC interceptor.
type callCounter struct {
	mu    sync.Mutex
	calls map[string]int
}

func (cc *callCounter) interceptor(ctx context.Context, method string, req, reply any, conn *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	cc.mu.Lock()
	if cc.calls == nil {
		cc.calls = map[string]int{}
	}
	cc.calls[method[strings.LastIndexByte(method, '/')+1:]]++
	cc.mu.Unlock()
	return invoker(ctx, method, req, reply, conn, opts...)
}

func (cc *callCounter) count(method string) int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.calls[method]
}

func TestStartValidatesOptionsBeforeAnyRequest(t *testing.T) {
	var counter callCounter
	c := dial(t, func(o *client.Options) {
		o.DialOptions = []grpc.DialOption{grpc.WithChainUnaryInterceptor(counter.interceptor)}
	})
	valid := client.StartWorkflowOptions{TaskQueue: "q"}
	for _, tc := range []struct {
		name   string
		edit   func(*client.StartWorkflowOptions)
		wfType string
		want   string
	}{
		{"empty task queue", func(o *client.StartWorkflowOptions) { o.TaskQueue = "" }, "W", "StartWorkflowOptions.TaskQueue is empty"},
		{"negative timeout", func(o *client.StartWorkflowOptions) { o.RunTimeout = -time.Second }, "W", "StartWorkflowOptions.RunTimeout is negative"},
		{"unknown reuse policy", func(o *client.StartWorkflowOptions) { o.IDReusePolicy = 99 }, "W", "StartWorkflowOptions.IDReusePolicy 99 is not a WorkflowIdReusePolicy"},
		{"unknown conflict policy", func(o *client.StartWorkflowOptions) { o.IDConflictPolicy = 42 }, "W", "StartWorkflowOptions.IDConflictPolicy 42"},
		{"terminate-if-running with a conflict policy", func(o *client.StartWorkflowOptions) {
			o.IDReusePolicy = enumspb.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING //lint:ignore SA1019 the deprecated policy is what is checked
			o.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
		}, "W", "IDReusePolicy TERMINATE_IF_RUNNING cannot be combined with an IDConflictPolicy (WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING here; update-with-start always sets one): use IDConflictPolicy TERMINATE_EXISTING instead"},
		{"bad retry coefficient", func(o *client.StartWorkflowOptions) { o.RetryPolicy = &temporal.RetryPolicy{BackoffCoefficient: 0.5} }, "W",
			"StartWorkflowOptions.RetryPolicy.BackoffCoefficient is 0.5"},
		{"negative priority", func(o *client.StartWorkflowOptions) { o.Priority = &temporal.Priority{PriorityKey: -1} }, "W", "StartWorkflowOptions.Priority.PriorityKey is negative"},
		{"empty workflow type", func(*client.StartWorkflowOptions) {}, "", "workflow type is empty"},
		{"unencodable argument", func(*client.StartWorkflowOptions) {}, "chan", "encoding the arguments of workflow chan"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := valid
			tc.edit(&opts)
			var args []any
			if tc.wfType == "chan" {
				args = []any{make(chan int)}
			}
			_, err := c.StartWorkflow(t.Context(), opts, tc.wfType, args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if n := counter.count("StartWorkflowExecution"); n != 0 {
		t.Errorf("%d StartWorkflowExecution requests were sent for invalid options", n)
	}
}

var (
	keywordKey = temporal.NewSearchAttributeKeyKeyword("CustomKeywordField")
	intKey     = temporal.NewSearchAttributeKeyInt64("CustomIntField")
)

func TestStartDescribeTerminateAndGet(t *testing.T) {
	c := dial(t, nil)
	id := uniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{
		ID:               id,
		TaskQueue:        id,
		Memo:             map[string]any{"note": "gift wrap"},
		SearchAttributes: temporal.NewSearchAttributes(keywordKey.ValueSet("tenant-7"), intKey.ValueSet(42)),
		Priority:         &temporal.Priority{PriorityKey: 2},
		RetryPolicy:      &temporal.RetryPolicy{MaximumAttempts: 3},
		StaticSummary:    "order 1001",
	}, "acme.Process", "input")
	if err != nil {
		t.Fatal(err)
	}
	if run.ID() != id || run.RunID() == "" || !run.Started() {
		t.Fatalf("run = %q/%q started=%v", run.ID(), run.RunID(), run.Started())
	}

	desc, err := c.DescribeWorkflow(t.Context(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	if desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING || desc.RunID != run.RunID() || desc.WorkflowType != "acme.Process" || desc.TaskQueue != id {
		t.Errorf("describe: status %v run %q type %q queue %q", desc.Status, desc.RunID, desc.WorkflowType, desc.TaskQueue)
	}
	var note string
	if err := desc.Memo.Get("note", &note); err != nil || note != "gift wrap" {
		t.Errorf("memo note = %q, %v", note, err)
	}
	if v, ok := temporal.GetSearchAttribute(desc.SearchAttributes, keywordKey); !ok || v != "tenant-7" {
		t.Errorf("CustomKeywordField = %q, %v", v, ok)
	}
	if v, ok := temporal.GetSearchAttribute(desc.SearchAttributes, intKey); !ok || v != 42 {
		t.Errorf("CustomIntField = %d, %v", v, ok)
	}
	if got := desc.Response.GetExecutionConfig().GetWorkflowExecutionTimeout(); got != nil && got.AsDuration() != 0 {
		t.Errorf("execution timeout = %v, want unset", got.AsDuration())
	}

	if err := c.TerminateWorkflow(t.Context(), id, "", "test over", "detail"); err != nil {
		t.Fatal(err)
	}
	err = run.Get(t.Context(), nil)
	var execErr *temporal.WorkflowExecutionError
	var terminated *temporal.TerminatedError
	if !errors.As(err, &execErr) || !errors.As(err, &terminated) {
		t.Fatalf("Get after terminate: err = %v (%T), want WorkflowExecutionError wrapping TerminatedError", err, err)
	}
	if execErr.WorkflowID() != id {
		t.Errorf("WorkflowExecutionError.WorkflowID() = %q", execErr.WorkflowID())
	}
}

func TestGetReportsWorkflowTimeout(t *testing.T) {
	c := dial(t, nil)
	id := uniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: id, ExecutionTimeout: time.Second}, "acme.NeverRuns")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	err = run.Get(ctx, nil)
	var timeout *temporal.TimeoutError
	if !errors.As(err, &timeout) || timeout.TimeoutType() != enumspb.TIMEOUT_TYPE_START_TO_CLOSE {
		t.Fatalf("err = %v, want a START_TO_CLOSE TimeoutError", err)
	}
}

// TestAClosedRunsIDRefusedByTheReusePolicySaysSo: the server answers a
// start that its ID reuse policy refuses as it answers a running ID; the
// error says the run closed and the reuse policy is what to change.
func TestAClosedRunsIDRefusedByTheReusePolicySaysSo(t *testing.T) {
	c := dial(t, nil)
	id := uniqueID(t)
	opts := client.StartWorkflowOptions{ID: id, TaskQueue: id, IDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE}
	first, err := c.StartWorkflow(t.Context(), opts, "acme.W")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.TerminateWorkflow(t.Context(), id, "", "closed"); err != nil {
		t.Fatal(err)
	}
	_, err = c.StartWorkflow(t.Context(), opts, "acme.W")
	var already *client.WorkflowAlreadyStartedError
	if !errors.As(err, &already) || !already.Closed || already.RunID != first.RunID() {
		t.Fatalf("start after the run closed: %v, want a WorkflowAlreadyStartedError for the closed run %s", err, first.RunID())
	}
	if !strings.Contains(err.Error(), "IDReusePolicy") || strings.Contains(err.Error(), "already running") {
		t.Errorf("error %q should point at the reuse policy, not say the workflow runs", err)
	}
}

func TestStartConflictPolicies(t *testing.T) {
	c := dial(t, nil)
	id := uniqueID(t)
	opts := client.StartWorkflowOptions{ID: id, TaskQueue: id}
	first, err := c.StartWorkflow(t.Context(), opts, "acme.W")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), id, "", "cleanup") })

	_, err = c.StartWorkflow(t.Context(), opts, "acme.W")
	var already *client.WorkflowAlreadyStartedError
	if !errors.As(err, &already) || already.WorkflowID != id || already.RunID != first.RunID() {
		t.Fatalf("second start: err = %v, want WorkflowAlreadyStartedError for run %s", err, first.RunID())
	}
	if !strings.Contains(err.Error(), "USE_EXISTING") {
		t.Errorf("error does not say how to attach instead: %v", err)
	}

	opts.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
	existing, err := c.StartWorkflow(t.Context(), opts, "acme.W")
	if err != nil {
		t.Fatal(err)
	}
	if existing.RunID() != first.RunID() || existing.Started() {
		t.Errorf("USE_EXISTING: run %s started=%v, want the running %s", existing.RunID(), existing.Started(), first.RunID())
	}

	opts.IDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING
	replaced, err := c.StartWorkflow(t.Context(), opts, "acme.W")
	if err != nil {
		t.Fatal(err)
	}
	if replaced.RunID() == first.RunID() || !replaced.Started() {
		t.Errorf("TERMINATE_EXISTING: run %s, want a new run", replaced.RunID())
	}
	if err := first.Get(t.Context(), nil); !temporal.IsTerminatedError(err) {
		t.Errorf("the replaced run ended with %v, want terminated", err)
	}
}

func TestSignalWithStartSignalAndCancelReachHistory(t *testing.T) {
	c := dial(t, nil)
	id := uniqueID(t)
	run, err := c.SignalWithStartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: id}, "add", 1, "acme.Cart", "cart-input")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), id, "", "cleanup") })
	again, err := c.SignalWithStartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: id}, "add", 2, "acme.Cart")
	if err != nil {
		t.Fatal(err)
	}
	if again.RunID() != run.RunID() {
		t.Errorf("signal-with-start on a running workflow started run %s, want %s", again.RunID(), run.RunID())
	}
	if err := c.SignalWorkflow(t.Context(), id, run.RunID(), "add", 3); err != nil {
		t.Fatal(err)
	}
	if err := c.CancelWorkflow(t.Context(), id, "", "customer changed their mind"); err != nil {
		t.Fatal(err)
	}

	var signals []int
	var cancelReason string
	for _, e := range history(t, c, id, run.RunID()) {
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
			var n int
			if err := c.DataConverter().FromPayloads(e.GetWorkflowExecutionSignaledEventAttributes().GetInput(), &n); err != nil {
				t.Fatal(err)
			}
			signals = append(signals, n)
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
			cancelReason = e.GetWorkflowExecutionCancelRequestedEventAttributes().GetCause()
		}
	}
	if fmt.Sprint(signals) != "[1 2 3]" {
		t.Errorf("signals in history = %v, want [1 2 3]", signals)
	}
	if cancelReason != "customer changed their mind" {
		t.Errorf("cancel request cause = %q", cancelReason)
	}
}

func TestMissingWorkflowAndNamespaceAreTypedErrors(t *testing.T) {
	c := dial(t, nil)
	_, err := c.DescribeWorkflow(t.Context(), "no-such-workflow", "")
	var notFound *client.NotFoundError
	if !errors.As(err, &notFound) || !strings.Contains(err.Error(), `workflow "no-such-workflow"`) {
		t.Errorf("describe: err = %v, want NotFoundError naming the workflow", err)
	}
	if err := c.SignalWorkflow(t.Context(), "no-such-workflow", "", "s", nil); !errors.As(err, &notFound) {
		t.Errorf("signal: err = %v, want NotFoundError", err)
	}

	other := dial(t, func(o *client.Options) { o.Namespace = "no-such-namespace" })
	_, err = other.StartWorkflow(t.Context(), client.StartWorkflowOptions{TaskQueue: "q"}, "acme.W")
	var nsErr *client.NamespaceNotFoundError
	if !errors.As(err, &nsErr) || !strings.Contains(err.Error(), "temporal operator namespace create") {
		t.Errorf("err = %v, want NamespaceNotFoundError saying how to create it", err)
	}
}

func TestListAndCountWorkflowsByVisibilityQuery(t *testing.T) {
	c := dial(t, nil)
	tag := uniqueID(t)
	for i := range 3 {
		id := fmt.Sprintf("%s-%d", tag, i)
		if _, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: tag,
			SearchAttributes: temporal.NewSearchAttributes(keywordKey.ValueSet(tag))}, "acme.Listed"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), id, "", "cleanup") })
	}
	query := fmt.Sprintf("CustomKeywordField = %q", tag)
	deadline := time.Now().Add(20 * time.Second)
	for {
		n, err := c.CountWorkflows(t.Context(), query)
		if err != nil {
			t.Fatal(err)
		}
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("CountWorkflows = %d after 20s, want 3", n)
		}
		time.Sleep(200 * time.Millisecond)
	}
	seen := map[string]bool{}
	for info, err := range c.ListWorkflows(t.Context(), query) {
		if err != nil {
			t.Fatal(err)
		}
		seen[info.WorkflowID] = true
	}
	if len(seen) != 3 {
		t.Errorf("ListWorkflows returned %v, want 3 workflows", seen)
	}

	for _, err := range c.ListWorkflows(t.Context(), "NotAField ==== 1") {
		if err == nil || !strings.Contains(err.Error(), "visibility query") {
			t.Errorf("invalid query: err = %v", err)
		}
	}
}

// headerInterceptor adds a header to every start and records operations.
type headerInterceptor struct {
	client.OutboundInterceptorBase
	mu  sync.Mutex
	ops []string
}

func (h *headerInterceptor) InterceptClient(next client.OutboundInterceptor) client.OutboundInterceptor {
	h.Next = next
	return h
}

func (h *headerInterceptor) record(op string) {
	h.mu.Lock()
	h.ops = append(h.ops, op)
	h.mu.Unlock()
}

func (h *headerInterceptor) StartWorkflow(ctx context.Context, in *client.StartWorkflowInput) (*client.WorkflowRun, error) {
	h.record("start")
	in.Header["tenant"] = &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"acme"`)}
	return h.Next.StartWorkflow(ctx, in)
}

func (h *headerInterceptor) TerminateWorkflow(ctx context.Context, in *client.TerminateWorkflowInput) error {
	h.record("terminate")
	return h.Next.TerminateWorkflow(ctx, in)
}

func TestInterceptorsWrapOperationsAndPropagateHeaders(t *testing.T) {
	ic := &headerInterceptor{}
	c := dial(t, func(o *client.Options) { o.Interceptors = []client.Interceptor{ic} })
	id := uniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: id}, "acme.W")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.TerminateWorkflow(t.Context(), id, "", "done"); err != nil {
		t.Fatal(err)
	}
	started := history(t, c, id, run.RunID())[0].GetWorkflowExecutionStartedEventAttributes()
	if got := string(started.GetHeader().GetFields()["tenant"].GetData()); got != `"acme"` {
		t.Errorf("header tenant in history = %q", got)
	}
	if fmt.Sprint(ic.ops) != "[start terminate]" {
		t.Errorf("interceptor saw %v", ic.ops)
	}
}

// faults injects gRPC failures into chosen methods.
type faults struct {
	method string
	// before fails this many calls before they reach the server.
	before atomic.Int32
	// after lets this many calls reach the server, then loses their response.
	after atomic.Int32
	code  codes.Code
	msg   string
	calls atomic.Int32
}

func (f *faults) interceptor(ctx context.Context, method string, req, reply any, conn *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if !strings.HasSuffix(method, "/"+f.method) {
		return invoker(ctx, method, req, reply, conn, opts...)
	}
	f.calls.Add(1)
	if f.before.Add(-1) >= 0 {
		return status.Error(f.code, f.msg)
	}
	err := invoker(ctx, method, req, reply, conn, opts...)
	if err == nil && f.after.Add(-1) >= 0 {
		return status.Error(codes.Unavailable, "injected: response lost")
	}
	return err
}

func dialWithFaults(t *testing.T, f *faults) *client.Client {
	return dial(t, func(o *client.Options) {
		o.DialOptions = []grpc.DialOption{grpc.WithChainUnaryInterceptor(f.interceptor)}
	})
}

func TestTransientFailuresAreRetriedInsideTheDeadline(t *testing.T) {
	for _, code := range []codes.Code{codes.Unavailable, codes.ResourceExhausted} {
		t.Run(code.String(), func(t *testing.T) {
			f := &faults{method: "StartWorkflowExecution", code: code, msg: "injected"}
			f.before.Store(2)
			c := dialWithFaults(t, f)
			id := uniqueID(t)
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: id}, "acme.W")
			if err != nil {
				t.Fatalf("start with 2 injected %s failures: %v", code, err)
			}
			t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), id, "", "cleanup") })
			if got := f.calls.Load(); got != 3 {
				t.Errorf("%d attempts, want 3", got)
			}
			if run.RunID() == "" {
				t.Error("no run ID")
			}
		})
	}
}

func TestRetriesStopAtTheDeadlineWithTheRealError(t *testing.T) {
	f := &faults{method: "DescribeWorkflowExecution", code: codes.Unavailable, msg: "injected outage"}
	f.before.Store(1 << 30)
	c := dialWithFaults(t, f)
	ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.DescribeWorkflow(ctx, "any", "")
	elapsed := time.Since(start)
	var se *client.ServiceError
	if !errors.As(err, &se) || se.Code != codes.Unavailable || !strings.Contains(err.Error(), "injected outage") {
		t.Fatalf("err = %v, want the Unavailable ServiceError", err)
	}
	if elapsed > 5*time.Second {
		t.Errorf("gave up after %v, long past the 1.5s deadline", elapsed)
	}
	if f.calls.Load() < 2 {
		t.Errorf("only %d attempts before the deadline", f.calls.Load())
	}
}

func TestOversizedMessageIsNotRetried(t *testing.T) {
	f := &faults{method: "DescribeWorkflowExecution", code: codes.ResourceExhausted, msg: "grpc: received message larger than max (200 vs. 100)"}
	f.before.Store(1 << 30)
	c := dialWithFaults(t, f)
	_, err := c.DescribeWorkflow(t.Context(), "any", "")
	if status.Code(errors.Unwrap(err)) != codes.ResourceExhausted && !strings.Contains(fmt.Sprint(err), "larger than max") {
		t.Fatalf("err = %v", err)
	}
	if n := f.calls.Load(); n != 1 {
		t.Errorf("%d attempts for a message-too-large failure, want 1", n)
	}
}

func TestStartRetriedAfterLostResponseStartsOneWorkflow(t *testing.T) {
	f := &faults{method: "StartWorkflowExecution"}
	f.after.Store(1)
	c := dialWithFaults(t, f)
	id := uniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: id}, "acme.W")
	if err != nil {
		t.Fatalf("start whose first response was lost: %v", err)
	}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), id, "", "cleanup") })
	if f.calls.Load() != 2 {
		t.Fatalf("%d attempts, want 2 (one lost response, one retry)", f.calls.Load())
	}
	desc, err := c.DescribeWorkflow(t.Context(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	if desc.RunID != run.RunID() {
		t.Errorf("the retry returned run %s but the running one is %s", run.RunID(), desc.RunID)
	}
	n := 0
	for _, err := range c.ListWorkflows(t.Context(), fmt.Sprintf("WorkflowId = %q", id)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d executions with ID %s, want 1", n, id)
	}
}

func TestDialFromEnvironmentSendsAPIKeyAndHeaders(t *testing.T) {
	t.Setenv("TEMPORAL_CONFIG_FILE", "")
	t.Setenv("TEMPORAL_ADDRESS", server.Address())
	t.Setenv("TEMPORAL_NAMESPACE", server.Namespace())
	t.Setenv("TEMPORAL_API_KEY", "secret-key")
	t.Setenv("TEMPORAL_TLS", "false") // the dev server speaks plaintext
	t.Setenv("TEMPORAL_GRPC_META_X_TEAM", "payments")
	opts, err := client.LoadOptions(client.LoadOptionsRequest{DisableFile: true})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string][]string{}
	opts.DialOptions = []grpc.DialOption{grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, callOpts ...grpc.CallOption) error {
		md, _ := metadata.FromOutgoingContext(ctx)
		mu.Lock()
		for _, k := range []string{"authorization", "x-team", "temporal-namespace", "client-name"} {
			seen[k] = md.Get(k)
		}
		mu.Unlock()
		return invoker(ctx, method, req, reply, cc, callOpts...)
	})}
	c, err := client.Dial(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Namespace() != server.Namespace() {
		t.Errorf("namespace = %q", c.Namespace())
	}
	mu.Lock()
	want := map[string][]string{
		"authorization":      {"Bearer secret-key"},
		"x-team":             {"payments"},
		"temporal-namespace": {server.Namespace()},
		"client-name":        {client.Name},
	}
	for k, v := range want {
		if fmt.Sprint(seen[k]) != fmt.Sprint(v) {
			t.Errorf("header %s = %v, want %v", k, seen[k], v)
		}
	}
	mu.Unlock()

	// An authorization header of one's own replaces the API key's, as in
	// the official SDK, rather than go beside it.
	opts.Headers = map[string]string{"Authorization": "Basic own"}
	c2, err := client.Dial(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	mu.Lock()
	defer mu.Unlock()
	if got := seen["authorization"]; fmt.Sprint(got) != "[Basic own]" {
		t.Errorf("authorization = %v, want only the header's own value", got)
	}
}

// frameTap records the bytes a connection writes, so a test can read the
// HTTP/2 frames the client sent.
type frameTap struct {
	net.Conn
	mu      *sync.Mutex
	written *bytes.Buffer
}

func (c frameTap) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.written.Write(p)
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func TestFlowControlWindowsAreFixedSoNoBandwidthProbes(t *testing.T) {
	var mu sync.Mutex
	var written bytes.Buffer
	tap := grpc.WithContextDialer(func(ctx context.Context, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return frameTap{Conn: conn, mu: &mu, written: &written}, nil
	})
	c := dial(t, func(o *client.Options) { o.DialOptions = []grpc.DialOption{tap} })
	for range 20 {
		if _, err := c.WorkflowService().GetSystemInfo(t.Context(), &workflowservice.GetSystemInfoRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.Close()

	mu.Lock()
	defer mu.Unlock()
	sent := written.Bytes()
	if !bytes.HasPrefix(sent, []byte(http2.ClientPreface)) {
		t.Fatalf("the connection did not start with the HTTP/2 client preface: %q", sent[:min(len(sent), 32)])
	}
	framer := http2.NewFramer(nil, bytes.NewReader(sent[len(http2.ClientPreface):]))
	var streamWindow, pings uint32
	for {
		f, err := framer.ReadFrame()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			t.Fatalf("reading the client's frames: %v", err)
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if v, ok := f.Value(http2.SettingInitialWindowSize); ok {
				streamWindow = v
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				pings++
			}
		}
	}
	if streamWindow != 16<<20 {
		t.Errorf("the client announced a stream window of %d bytes, want %d", streamWindow, 16<<20)
	}
	// With dynamic windows gRPC pings after the first response data, and
	// again and again to measure the link; keepalive does not fire in a
	// test this short.
	if pings != 0 {
		t.Errorf("the client sent %d pings over 21 calls, want none", pings)
	}
}

// requestCounts is a metrics.Handler that counts requests by name and
// operation.
type requestCounts struct {
	mu   *sync.Mutex
	seen map[string]int
	tags map[string]string
}

func (r requestCounts) WithTags(tags map[string]string) metrics.Handler {
	merged := maps.Clone(r.tags)
	maps.Copy(merged, tags)
	return requestCounts{mu: r.mu, seen: r.seen, tags: merged}
}
func (r requestCounts) Counter(name string) metrics.Counter { return requestCounter{r, name} }
func (r requestCounts) Gauge(string) metrics.Gauge          { return metrics.Nop.Gauge("") }
func (r requestCounts) Timer(name string) metrics.Timer     { return metrics.Nop.Timer(name) }

type requestCounter struct {
	r    requestCounts
	name string
}

func (c requestCounter) Inc(d int64) {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	key := c.name + " " + c.r.tags["operation"]
	if code := c.r.tags["status_code"]; code != "" {
		key += " " + code
	}
	c.r.seen[key] += int(d)
}

// The client reports its requests as the official SDKs do, failures
// tagged with the canonical status code.
func TestTheClientReportsItsRequests(t *testing.T) {
	counts := requestCounts{mu: &sync.Mutex{}, seen: map[string]int{}, tags: map[string]string{}}
	c := dial(t, func(o *client.Options) { o.MetricsHandler = counts })
	if c.MetricsHandler() == nil {
		t.Fatal("the client does not hand its metrics handler on")
	}
	if _, err := c.DescribeWorkflow(t.Context(), "no-such-"+uniqueID(t), ""); err == nil {
		t.Fatal("described a workflow that does not exist")
	}
	counts.mu.Lock()
	defer counts.mu.Unlock()
	for _, key := range []string{"temporal_request GetSystemInfo", "temporal_request DescribeWorkflowExecution", "temporal_request_failure DescribeWorkflowExecution NOT_FOUND"} {
		if counts.seen[key] != 1 {
			t.Errorf("%q counted %d times; seen %v", key, counts.seen[key], counts.seen)
		}
	}
}

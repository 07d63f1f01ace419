package client_test

import (
	"context"
	"errors"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestGetReadsTheResultFromARawHistoryServer: a server configured with
// frontend.sendRawWorkflowHistory sends history pages as raw blobs; Get
// still finds the close event, in a few calls.
func TestGetReadsTheResultFromARawHistoryServer(t *testing.T) {
	opts, err := testenv.ServerOptions(os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	opts.DynamicConfig = map[string]any{"frontend.sendRawWorkflowHistory": true}
	s, err := devserver.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	var calls atomic.Int64
	count := grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, o ...grpc.CallOption) error {
		if method == "/temporal.api.workflowservice.v1.WorkflowService/GetWorkflowExecutionHistory" {
			calls.Add(1)
		}
		return invoker(ctx, method, req, reply, cc, o...)
	})
	c, err := client.Dial(t.Context(), client.Options{HostPort: s.Address(), Namespace: s.Namespace(), DialOptions: []grpc.DialOption{count}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{TaskQueue: "nobody-polls"}, "W")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.TerminateWorkflow(t.Context(), run.ID(), "", "done"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var terminated *temporal.TerminatedError
	if err := run.Get(ctx, nil); !errors.As(err, &terminated) {
		t.Errorf("Get = %v, want the run's TerminatedError", err)
	}
	if n := calls.Load(); n > 5 {
		t.Errorf("%d history calls to find the close event", n)
	}
}

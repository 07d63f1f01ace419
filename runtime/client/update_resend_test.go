package client_test

import (
	"context"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

var bumpUpdate = client.UpdateDef[int, int]{Name: "bumpOnce"}

// bumpWorkflow counts bump updates; its first run continues as new once it
// handled one, the second returns how many it handled itself within 3s.
func bumpWorkflow(ctx workflow.Context, run int) (int, error) {
	handled := 0
	if err := workflow.SetUpdateHandler(ctx, bumpUpdate.Name, func(ctx workflow.Context, n int) (int, error) {
		// Accepted in one workflow task, completed in a later one.
		if err := workflow.Sleep(ctx, time.Second); err != nil {
			return 0, err
		}
		handled++
		return handled, nil
	}); err != nil {
		return 0, err
	}
	if run == 0 {
		if err := workflow.Await(ctx, func() bool { return handled > 0 && workflow.AllHandlersFinished(ctx) }); err != nil {
			return 0, err
		}
		return 0, workflow.NewContinueAsNewError(ctx, nil, 1)
	}
	if _, err := workflow.AwaitWithTimeout(ctx, 3*time.Second, func() bool { return handled > 0 }); err != nil {
		return 0, err
	}
	return handled, nil
}

// The server answers an update early, at ACCEPTED, when its wait runs out,
// and the client asks again. If the workflow completed the update and
// continued as new in between, asking the latest run would have the new
// run take the same update ID as a new update and run the handler twice:
// the client must ask the run that accepted it.
func TestAnUpdateAcceptedBeforeContinueAsNewRunsOnce(t *testing.T) {
	var (
		mu       sync.Mutex
		calls    int
		waitRunA func(runID string)
	)
	// Simulates the server's wait running out right after acceptance: the
	// first UpdateWorkflowExecution waits only for ACCEPTED; before the
	// client's next attempt, the run continues as new.
	fake := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		if method != workflowservice.WorkflowService_UpdateWorkflowExecution_FullMethodName {
			return invoker(ctx, method, req, reply, cc, opts...)
		}
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n > 1 {
			return invoker(ctx, method, req, reply, cc, opts...)
		}
		r := proto.Clone(req.(proto.Message)).(*workflowservice.UpdateWorkflowExecutionRequest)
		r.WaitPolicy = &updatepb.WaitPolicy{LifecycleStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED}
		if err := invoker(ctx, method, r, reply, cc, opts...); err != nil {
			return err
		}
		waitRunA(reply.(*workflowservice.UpdateWorkflowExecutionResponse).GetUpdateRef().GetWorkflowExecution().GetRunId())
		return nil
	}
	c := dial(t, func(o *client.Options) { o.DialOptions = []grpc.DialOption{grpc.WithChainUnaryInterceptor(fake)} })
	plain := dial(t, nil)
	ctx := waitCtx(t)
	id := "bump-" + uniqueID(t)
	waitRunA = func(runID string) {
		eventually(t, ctx, "run A continued as new", func() error {
			d, err := plain.DescribeWorkflow(ctx, id, runID)
			if err != nil {
				return err
			}
			if d.Status != enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW {
				return context.DeadlineExceeded
			}
			return nil
		})
	}

	w, err := worker.New(plain, uniqueID(t), worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflowWithOptions(bumpWorkflow, worker.RegisterWorkflowOptions{Name: "bumpOnce"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Stop(context.Background()) })

	if _, err := plain.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: w.TaskQueue()}, "bumpOnce", 0); err != nil {
		t.Fatal(err)
	}
	if n, err := bumpUpdate.Execute(ctx, c, id, "", 1, client.WithUpdateID("the-one-update")); err != nil || n != 1 {
		t.Fatalf("Execute: %d, %v", n, err)
	}
	var second int
	if err := plain.GetWorkflow(id, "").Get(ctx, &second); err != nil {
		t.Fatal(err)
	}
	if second != 0 {
		t.Fatalf("the update with ID the-one-update ran again in the continued run (%d times there): one Execute call, two handler runs", second)
	}
}

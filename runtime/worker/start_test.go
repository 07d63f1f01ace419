package worker

import (
	"context"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
)

// stuckDeployments never answers DescribeWorkerDeployment: Start's check
// of the server hangs until its context ends.
type stuckDeployments struct {
	workflowservice.WorkflowServiceClient
	called chan struct{}
}

func (s *stuckDeployments) DescribeWorkerDeployment(ctx context.Context, _ *workflowservice.DescribeWorkerDeploymentRequest, _ ...grpc.CallOption) (*workflowservice.DescribeWorkerDeploymentResponse, error) {
	select {
	case s.called <- struct{}{}:
	default:
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestStopEndsAStartStillContactingTheServer(t *testing.T) {
	c := dial(t)
	w, err := New(c, "stop-during-start", Options{DeploymentName: "d", BuildID: "b", UseBuildIDVersioning: true, VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_PINNED})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterActivity(func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	stuck := &stuckDeployments{WorkflowServiceClient: w.service, called: make(chan struct{}, 1)}
	w.service = stuck
	started := make(chan error, 1)
	go func() { started <- w.Start(context.Background()) }()
	select {
	case <-stuck.called:
	case <-time.After(10 * time.Second):
		t.Fatal("Start never asked the server about the deployment")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := w.Stop(ctx); err != nil {
		t.Fatalf("Stop during Start: %v", err)
	}
	select {
	case err := <-started:
		if err == nil || !strings.Contains(err.Error(), "stopped while starting") {
			t.Errorf("Start = %v, want it to say the worker stopped while starting", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Start did not return after Stop")
	}
}

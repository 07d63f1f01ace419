package worker_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"google.golang.org/grpc"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// TestARegistrationRacingStartIsCheckedOrRefused: a workflow type
// registered from another goroutine while Start talks to the server
// (between Start's checks and the registry's freeze) either makes Start
// fail the versioning-behaviour check, as it does when registered before
// Start, or is refused with ErrRegistryFrozen. It must not slip past the
// check into a started versioned worker. The interceptor registers it
// while Start's namespace check is in flight, the window a concurrent
// registration hits.
func TestARegistrationRacingStartIsCheckedOrRefused(t *testing.T) {
	var w atomic.Pointer[worker.Worker]
	var once sync.Once
	var registerErr error
	c := dialWith(t, func(o *client.Options) {
		o.DialOptions = append(o.DialOptions, grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			if strings.HasSuffix(method, "/DescribeNamespace") {
				if w := w.Load(); w != nil {
					once.Do(func() {
						// Another goroutine registers while Start waits on the server.
						done := make(chan struct{})
						go func() {
							defer close(done)
							registerErr = w.RegisterWorkflowWithOptions(waitForSignal, worker.RegisterWorkflowOptions{Name: "Unversioned"})
						}()
						<-done
					})
				}
			}
			return invoker(ctx, method, req, reply, cc, opts...)
		}))
	})
	wk, err := worker.New(c, testenv.UniqueID(t), worker.Options{BuildID: "v1", DeploymentName: "d-" + testenv.UniqueID(t), UseBuildIDVersioning: true})
	must(t, err)
	must(t, worker.RegisterWorkflowFunc(wk.Registry, waitForSignal, worker.RegisterWorkflowOptions{Name: "Pinned", VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_PINNED}))
	w.Store(wk)
	startErr := wk.Start(t.Context())
	if startErr == nil {
		t.Cleanup(func() { _ = wk.Stop(context.Background()) })
	}
	if registerErr == nil && startErr == nil {
		t.Fatal("workflow type Unversioned, registered without a versioning behaviour while Start ran, was accepted and the versioned worker started anyway: Start's behaviour check ran before the registration and the freeze after it")
	}
	if registerErr != nil && !errors.Is(registerErr, worker.ErrRegistryFrozen) {
		t.Errorf("registration: %v", registerErr)
	}
}

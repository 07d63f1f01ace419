package worker

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
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

// refusingVersioning answers the versioning calls Start makes with err.
type refusingVersioning struct {
	workflowservice.WorkflowServiceClient
	err error
}

func (s *refusingVersioning) DescribeWorkerDeployment(context.Context, *workflowservice.DescribeWorkerDeploymentRequest, ...grpc.CallOption) (*workflowservice.DescribeWorkerDeploymentResponse, error) {
	return nil, s.err
}

func (s *refusingVersioning) UpdateWorkerBuildIdCompatibility(context.Context, *workflowservice.UpdateWorkerBuildIdCompatibilityRequest, ...grpc.CallOption) (*workflowservice.UpdateWorkerBuildIdCompatibilityResponse, error) {
	return nil, s.err
}

func TestStartRunsUnversionedOnlyWhereTheServerLacksVersioning(t *testing.T) {
	c := dial(t)
	for _, tc := range []struct {
		name string
		err  error
		// fails is what Start's error says; empty means Start runs the
		// worker unversioned with a warning.
		fails string
	}{
		{"unimplemented", status.Error(codes.Unimplemented, "unknown method"), ""},
		{"turned off", serviceerror.NewPermissionDenied("Worker versioning v0.1 (Version Set-based, deprecated) is disabled on this namespace.", ""), ""},
		{"credentials", serviceerror.NewPermissionDenied("Request unauthorized.", ""), "Request unauthorized"},
		{"conflicting rules", serviceerror.NewFailedPrecondition("update breaks requirement, target build ID is already a member of a version set"), "update breaks requirement"},
	} {
		for _, versioning := range []struct {
			name string
			opts Options
		}{
			{"build ID", Options{BuildID: "b", UseBuildIDVersioning: true}},
			{"deployment", Options{DeploymentName: "d", BuildID: "b", UseBuildIDVersioning: true, VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_PINNED}},
		} {
			t.Run(tc.name+"/"+versioning.name, func(t *testing.T) {
				var logs strings.Builder
				opts := versioning.opts
				opts.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
				w, err := New(c, "versioning-refused", opts)
				if err != nil {
					t.Fatal(err)
				}
				if err := w.RegisterActivity(func(context.Context) error { return nil }); err != nil {
					t.Fatal(err)
				}
				w.service = &refusingVersioning{WorkflowServiceClient: w.service, err: tc.err}
				err = w.Start(t.Context())
				if err == nil {
					ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
					defer cancel()
					if err := w.Stop(ctx); err != nil {
						t.Errorf("Stop: %v", err)
					}
				}
				switch {
				case tc.fails == "" && err != nil:
					t.Errorf("Start = %v, want the worker running unversioned", err)
				case tc.fails == "" && !strings.Contains(logs.String(), "running unversioned"):
					t.Errorf("no warning that the worker runs unversioned; log:\n%s", logs.String())
				case tc.fails != "" && (err == nil || !strings.Contains(err.Error(), tc.fails) || !strings.Contains(err.Error(), `"b"`)):
					t.Errorf("Start = %v, want an error naming the build ID and saying %q", err, tc.fails)
				}
			})
		}
	}
}

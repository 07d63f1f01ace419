package worker

import (
	"context"
	"fmt"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	deploymentpb "go.temporal.io/api/deployment/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc/codes"
)

// pollVersioning is what polls say about the worker's version; nil polls
// unversioned.
type pollVersioning struct {
	deployment *deploymentpb.WorkerDeploymentOptions
	buildID    *commonpb.WorkerVersionCapabilities
}

func (v *pollVersioning) deploymentOptions() *deploymentpb.WorkerDeploymentOptions {
	if v == nil {
		return nil
	}
	return v.deployment
}

func (v *pollVersioning) capabilities() *commonpb.WorkerVersionCapabilities {
	if v == nil {
		return nil
	}
	return v.buildID
}

// stamp is what completions of a build-ID versioned worker say about the
// code that made them; nil otherwise.
func (v *pollVersioning) stamp() *commonpb.WorkerVersionStamp {
	if v == nil || v.buildID == nil {
		return nil
	}
	return &commonpb.WorkerVersionStamp{BuildId: v.buildID.GetBuildId(), UseVersioning: v.buildID.GetUseVersioning()}
}

// versioning checks, when the worker is versioned, that the server
// supports it and registers the build ID. Transient failures are retried
// until ctx ends; where the server does not implement versioning the
// worker warns and runs unversioned; any other refusal fails Start.
func (w *Worker) versioning(ctx context.Context) (*pollVersioning, error) {
	switch {
	case w.opts.DeploymentName != "":
		return w.deploymentVersioning(ctx)
	case w.opts.UseBuildIDVersioning:
		return w.buildIDVersioning(ctx)
	}
	return nil, nil
}

// deploymentVersioning joins the worker to the Worker Deployment version
// DeploymentName.BuildID; polls register the version with the server.
func (w *Worker) deploymentVersioning(ctx context.Context) (*pollVersioning, error) {
	err := retryTransient(ctx, func(ctx context.Context) error {
		_, err := w.service.DescribeWorkerDeployment(ctx, &workflowservice.DescribeWorkerDeploymentRequest{
			Namespace: w.client.Namespace(), DeploymentName: w.opts.DeploymentName,
		})
		if grpcCode(err) == codes.NotFound {
			return nil // supported; the first poll creates it
		}
		return err
	})
	if unsupported(err) {
		w.logger.Warn("the server does not support Worker Deployments; running unversioned", "deployment", w.opts.DeploymentName, "build_id", w.opts.BuildID, "error", err)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("worker: checking Worker Deployment %q for build ID %q: %w%s", w.opts.DeploymentName, w.opts.BuildID, err, advice(err))
	}
	mode := enumspb.WORKER_VERSIONING_MODE_UNVERSIONED
	if w.opts.UseBuildIDVersioning {
		mode = enumspb.WORKER_VERSIONING_MODE_VERSIONED
	}
	return &pollVersioning{deployment: &deploymentpb.WorkerDeploymentOptions{
		DeploymentName: w.opts.DeploymentName, BuildId: w.opts.BuildID, WorkerVersioningMode: mode,
	}}, nil
}

// buildIDVersioning registers BuildID as the task queue's default with
// the build-ID compatibility API.
func (w *Worker) buildIDVersioning(ctx context.Context) (*pollVersioning, error) {
	err := retryTransient(ctx, func(ctx context.Context) error {
		_, err := w.service.UpdateWorkerBuildIdCompatibility(ctx, &workflowservice.UpdateWorkerBuildIdCompatibilityRequest{
			Namespace: w.client.Namespace(), TaskQueue: w.taskQueue,
			Operation: &workflowservice.UpdateWorkerBuildIdCompatibilityRequest_AddNewBuildIdInNewDefaultSet{AddNewBuildIdInNewDefaultSet: w.opts.BuildID},
		})
		return err
	})
	if unsupported(err) {
		w.logger.Warn("the server does not support build-ID versioning; running unversioned", "build_id", w.opts.BuildID, "error", err)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("worker: registering build ID %q on task queue %q: %w%s", w.opts.BuildID, w.taskQueue, err, advice(err))
	}
	return &pollVersioning{buildID: &commonpb.WorkerVersionCapabilities{BuildId: w.opts.BuildID, UseVersioning: true}}, nil
}

// checkVersioningBehaviors refuses a versioned Worker Deployment worker
// with a workflow type that has no versioning behaviour, its own or the
// worker's default: the server needs one for every workflow task such a
// worker completes, and would otherwise refuse the tasks one by one while
// the worker looked healthy.
func (w *Worker) checkVersioningBehaviors() error {
	if w.opts.DeploymentName == "" || !w.opts.UseBuildIDVersioning || w.opts.VersioningBehavior != enumspb.VERSIONING_BEHAVIOR_UNSPECIFIED {
		return nil
	}
	if missing := w.Registry.workflowsWithoutBehavior(); len(missing) != 0 {
		return fmt.Errorf("worker: a versioned Worker Deployment worker (%q) needs a versioning behaviour, PINNED or AUTO_UPGRADE, for every workflow type: set Options.VersioningBehavior, or RegisterWorkflowOptions.VersioningBehavior for %s",
			w.opts.DeploymentName, strings.Join(missing, ", "))
	}
	return nil
}

// unsupported reports a server that does not implement, or has turned
// off, a versioning API. A server with the API turned off answers
// PermissionDenied saying so ("… is disabled on this namespace"); any
// other PermissionDenied is the caller's credentials lacking a
// permission, which running unversioned would hide.
func unsupported(err error) bool {
	switch grpcCode(err) {
	case codes.Unimplemented:
		return true
	case codes.PermissionDenied:
		return strings.Contains(grpcMessage(err), "disabled")
	}
	return false
}

// advice says what to do about a versioning call the server refused.
func advice(err error) string {
	if grpcCode(err) == codes.PermissionDenied {
		return " (the worker's credentials need permission for versioning calls on this namespace)"
	}
	return ""
}

// retryTransient calls fn until it succeeds, fails for good, or ctx ends.
func retryTransient(ctx context.Context, fn func(context.Context) error) error {
	var delay time.Duration
	for {
		err := fn(ctx)
		switch grpcCode(err) {
		case codes.Unavailable, codes.ResourceExhausted, codes.Aborted, codes.DeadlineExceeded:
		default:
			return err
		}
		delay = nextPollBackoff(delay, err)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		case <-t.C:
		}
	}
}

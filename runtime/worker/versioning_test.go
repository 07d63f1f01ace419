package worker_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// syncBuffer is a bytes.Buffer safe for the worker's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestVersionedWorkersStartAndRun starts workers with build-ID versioning
// and with a Worker Deployment version on the dev server, which supports
// both: the worker polls as that version, with no warning, and history
// shows the version on every workflow task it completed.
func TestVersionedWorkersStartAndRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts worker.Options
	}{
		{"build ID", worker.Options{BuildID: "v1.2.3", UseBuildIDVersioning: true}},
		{"deployment", worker.Options{BuildID: "v1.2.3", DeploymentName: "orders-" + testenv.UniqueID(t), UseBuildIDVersioning: true,
			VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_AUTO_UPGRADE}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs syncBuffer
			tc.opts.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
			c := dialServer(t)
			w := startWorker(t, c, tc.opts, func(w *worker.Worker) {
				must(t, w.RegisterWorkflow(retryingWorkflow))
				must(t, w.RegisterActivity(flaky))
			})
			if tc.opts.DeploymentName != "" {
				// A versioned worker of a Worker Deployment takes new
				// workflows once its version is current, as an operator
				// (or a deploy pipeline) makes it.
				makeCurrent(t, c, tc.opts.DeploymentName, tc.opts.BuildID)
			}
			id := testenv.UniqueID(t)
			if _, err := execute[string](t, c, w, client.StartWorkflowOptions{ID: id}, "retryingWorkflow", int32(1)); err != nil {
				t.Fatalf("%v\nworker log:\n%s", err, logs.String())
			}
			if out := logs.String(); out != "" {
				t.Errorf("warnings from a versioned worker on a server that supports versioning:\n%s", out)
			}
			completed := 0
			for _, e := range history(t, c, id).GetEvents() {
				a := e.GetWorkflowTaskCompletedEventAttributes()
				if a == nil {
					continue
				}
				completed++
				if tc.opts.DeploymentName == "" {
					//lint:ignore SA1019 build-ID versioning without a Worker Deployment stamps only this field
					if v := a.GetWorkerVersion(); v.GetBuildId() != tc.opts.BuildID || !v.GetUseVersioning() {
						t.Errorf("event %d: worker version %v, want build ID %s with versioning on", e.GetEventId(), v, tc.opts.BuildID)
					}
					continue
				}
				if v := a.GetDeploymentVersion(); v.GetDeploymentName() != tc.opts.DeploymentName || v.GetBuildId() != tc.opts.BuildID || a.GetVersioningBehavior() != tc.opts.VersioningBehavior {
					t.Errorf("event %d: deployment version %v with behavior %v, want %s.%s with %v", e.GetEventId(), v, a.GetVersioningBehavior(), tc.opts.DeploymentName, tc.opts.BuildID, tc.opts.VersioningBehavior)
				}
			}
			if completed == 0 {
				t.Error("history has no completed workflow task")
			}
		})
	}
}

// makeCurrent makes a deployment version current once its worker's polls
// have registered it.
func makeCurrent(t *testing.T, c *client.Client, deployment, buildID string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := c.WorkflowService().SetWorkerDeploymentCurrentVersion(t.Context(), &workflowservice.SetWorkerDeploymentCurrentVersionRequest{
			Namespace: c.Namespace(), DeploymentName: deployment, BuildId: buildID, Identity: "versioning-test",
		})
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("making %s.%s current: %v", deployment, buildID, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitForSignal is a workflow that runs until signalled "done", so its
// versioning info can be read while it runs.
func waitForSignal(ctx workflow.Context, _ string) (string, error) {
	workflow.GetSignalChannel(ctx, "done").Receive(ctx, nil)
	return "done", nil
}

// TestWorkflowTypesReportTheirOwnVersioningBehavior runs a PINNED and an
// AUTO_UPGRADE workflow type on one versioned Worker Deployment worker
// whose own default is the other way round for one of them: the server
// records each run with its type's behaviour, and a type registered
// without one gets the worker's default.
func TestWorkflowTypesReportTheirOwnVersioningBehavior(t *testing.T) {
	c := dialServer(t)
	opts := worker.Options{BuildID: "v2", DeploymentName: "pricing-" + testenv.UniqueID(t), UseBuildIDVersioning: true,
		VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_AUTO_UPGRADE}
	w := startWorker(t, c, opts, func(w *worker.Worker) {
		must(t, worker.RegisterWorkflowFunc(w.Registry, waitForSignal, worker.RegisterWorkflowOptions{Name: "Pinned", VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_PINNED}))
		must(t, worker.RegisterWorkflowFunc(w.Registry, waitForSignal, worker.RegisterWorkflowOptions{Name: "Upgrading", VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_AUTO_UPGRADE}))
		must(t, w.RegisterWorkflowWithOptions(waitForSignal, worker.RegisterWorkflowOptions{Name: "Default"}))
	})
	makeCurrent(t, c, opts.DeploymentName, opts.BuildID)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for _, tc := range []struct {
		workflowType string
		want         enumspb.VersioningBehavior
	}{
		{"Pinned", enumspb.VERSIONING_BEHAVIOR_PINNED},
		{"Upgrading", enumspb.VERSIONING_BEHAVIOR_AUTO_UPGRADE},
		{"Default", enumspb.VERSIONING_BEHAVIOR_AUTO_UPGRADE},
	} {
		run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: testenv.UniqueID(t) + "-" + tc.workflowType, TaskQueue: w.TaskQueue()}, tc.workflowType, "")
		if err != nil {
			t.Fatal(err)
		}
		var got enumspb.VersioningBehavior
		for got == enumspb.VERSIONING_BEHAVIOR_UNSPECIFIED {
			d, err := c.WorkflowService().DescribeWorkflowExecution(ctx, &workflowservice.DescribeWorkflowExecutionRequest{
				Namespace: c.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: run.ID(), RunId: run.RunID()},
			})
			if err != nil {
				t.Fatal(err)
			}
			// Set once the run's first workflow task has completed.
			got = d.GetWorkflowExecutionInfo().GetVersioningInfo().GetBehavior()
			if got == enumspb.VERSIONING_BEHAVIOR_UNSPECIFIED {
				select {
				case <-ctx.Done():
					t.Fatalf("%s: no versioning behaviour recorded: %v", tc.workflowType, ctx.Err())
				case <-time.After(100 * time.Millisecond):
				}
			}
		}
		if got != tc.want {
			t.Errorf("%s: the server records versioning behaviour %v, want %v", tc.workflowType, got, tc.want)
		}
		must(t, c.SignalWorkflow(ctx, run.ID(), run.RunID(), "done", nil))
		var result string
		if err := run.Get(ctx, &result); err != nil {
			t.Errorf("%s: %v", tc.workflowType, err)
		}
	}
}

// TestAVersionedDeploymentWorkerRefusesAWorkflowTypeWithoutABehavior: with
// no default, every workflow type needs its own behaviour, and Start names
// those without one before the worker polls.
func TestAVersionedDeploymentWorkerRefusesAWorkflowTypeWithoutABehavior(t *testing.T) {
	c := dialServer(t)
	w, err := worker.New(c, testenv.UniqueID(t), worker.Options{BuildID: "v1", DeploymentName: "d-" + testenv.UniqueID(t), UseBuildIDVersioning: true})
	if err != nil {
		t.Fatalf("New without a default behaviour: %v", err)
	}
	must(t, worker.RegisterWorkflowFunc(w.Registry, waitForSignal, worker.RegisterWorkflowOptions{Name: "Pinned", VersioningBehavior: enumspb.VERSIONING_BEHAVIOR_PINNED}))
	must(t, w.RegisterWorkflowWithOptions(waitForSignal, worker.RegisterWorkflowOptions{Name: "Unversioned", Aliases: []string{"Legacy"}}))
	err = w.Start(t.Context())
	if err == nil {
		_ = w.Stop(t.Context())
		t.Fatal("Start succeeded with a workflow type that has no versioning behaviour")
	}
	if msg := err.Error(); !strings.Contains(msg, "Legacy, Unversioned") || strings.Contains(msg, "Pinned") || !strings.Contains(msg, "Options.VersioningBehavior") {
		t.Errorf("Start: %v, want it to name Legacy and Unversioned (not Pinned) and the options that fix it", err)
	}
}

// TestActivityResponsesSayWhichBuildAnswered: an activity's response
// carries the worker's version, as its workflow task completions do, and
// the server records it in the activity's started event.
func TestActivityResponsesSayWhichBuildAnswered(t *testing.T) {
	c := dialServer(t)
	w := startWorker(t, c, worker.Options{BuildID: "v4.5.6", UseBuildIDVersioning: true}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(failOrPanicWorkflow))
		must(t, w.RegisterActivityWithOptions(func(context.Context) error {
			return temporal.NewNonRetryableApplicationError("the ledger is locked", "LedgerLocked", nil)
		}, worker.RegisterActivityOptions{Name: "failsForGood"}))
	})
	id := testenv.UniqueID(t)
	if _, err := execute[any](t, c, w, client.StartWorkflowOptions{ID: id}, "failOrPanicWorkflow", "failsForGood"); err == nil {
		t.Fatal("the workflow succeeded")
	}
	started := 0
	for _, e := range history(t, c, id).GetEvents() {
		// The server writes the started event when the attempt ends, with
		// the version the response carried.
		if a := e.GetActivityTaskStartedEventAttributes(); a != nil {
			started++
			//lint:ignore SA1019 build-ID versioning without a Worker Deployment stamps only this field
			if v := a.GetWorkerVersion(); v.GetBuildId() != "v4.5.6" {
				t.Errorf("event %d: the activity ran on worker version %v, want build ID v4.5.6", e.GetEventId(), v)
			}
		}
	}
	if started != 1 {
		t.Errorf("%d ActivityTaskStarted events, want 1", started)
	}
}

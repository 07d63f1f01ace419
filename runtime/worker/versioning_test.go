package worker_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/internal/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
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
// and with a Worker Deployment version. Where the server supports the API
// the worker polls as that version; where it does not, the worker says so
// in a warning and runs unversioned. Either way workflows complete.
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
			if _, err := execute[string](t, c, w, client.StartWorkflowOptions{}, "retryingWorkflow", int32(1)); err != nil {
				t.Fatalf("%v\nworker log:\n%s", err, logs.String())
			}
			if out := logs.String(); out != "" {
				t.Logf("worker warnings:\n%s", out)
				if !strings.Contains(out, "running unversioned") {
					t.Errorf("unexpected warnings:\n%s", out)
				}
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

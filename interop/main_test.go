package interop_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sdkclient "go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
)

// server is the package's Temporal dev server, started by TestMain.
var server *devserver.Server

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &server)) }

// testTimeout bounds each test's calls to the server; a workflow that never
// closes fails the test instead of hanging the run.
const testTimeout = 90 * time.Second

// testContext returns a context that ends with the test or after
// testTimeout, whichever comes first.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// runPrefix keeps IDs unique across runs, for when TEMPORAL_ADDRESS points
// the tests at a long-lived server.
var runPrefix = func() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}()

var nameCounter atomic.Int64

// uniqueName returns a workflow ID or task queue name unique to this test
// and this run.
func uniqueName(t *testing.T, what string) string {
	t.Helper()
	name := strings.NewReplacer("/", ".", " ", "_").Replace(t.Name())
	return fmt.Sprintf("%s-%s-%s-%d", name, what, runPrefix, nameCounter.Add(1))
}

// dialOurs connects our client to the dev server; opts may set converters.
// The client is closed when the test ends.
func dialOurs(t *testing.T, opts client.Options) *client.Client {
	t.Helper()
	opts.HostPort = server.Address()
	opts.Namespace = server.Namespace()
	c, err := client.Dial(testContext(t), opts)
	if err != nil {
		t.Fatalf("dialing our client: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// officialLogger keeps the official SDK's logs to warnings and errors; go
// test shows them only when a test fails.
var officialLogger = sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

// dialOfficial connects the official SDK's client to the dev server; opts
// may set converters and context propagators. It is closed when the test
// ends, after any worker started on it.
func dialOfficial(t *testing.T, opts sdkclient.Options) sdkclient.Client {
	t.Helper()
	opts.HostPort = server.Address()
	opts.Namespace = server.Namespace()
	if opts.Logger == nil {
		opts.Logger = officialLogger
	}
	c, err := sdkclient.DialContext(testContext(t), opts)
	if err != nil {
		t.Fatalf("dialing the official client: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// startOfficialWorker starts an official SDK worker on a task queue of its
// own, with the workflows and activities register adds, and stops it when
// the test ends. It returns the official client it polls with, for
// cross-checks, and the task queue.
func startOfficialWorker(t *testing.T, opts sdkclient.Options, register func(worker.Registry)) (sdkclient.Client, string) {
	t.Helper()
	c := dialOfficial(t, opts)
	taskQueue := uniqueName(t, "tq")
	w := worker.New(c, taskQueue, worker.Options{})
	register(w)
	if err := w.Start(); err != nil {
		t.Fatalf("starting the official worker: %v", err)
	}
	t.Cleanup(w.Stop)
	return c, taskQueue
}

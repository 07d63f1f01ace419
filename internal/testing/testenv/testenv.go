package testenv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/runtime/client"
)

// toolModfile is the go.mod, relative to the repository root, that pins the
// Temporal CLI.
const toolModfile = "tools/temporal/go.mod"

// setupTimeout covers a first build of the CLI on a 2-core machine plus the
// server's startup.
const setupTimeout = 20 * time.Minute

// Main runs the package's tests with a shared server stored in *server, and
// returns the exit code for os.Exit. Without a server it fails the run with
// the reason: integration tests never skip.
func Main(m *testing.M, server **devserver.Server) int {
	if isFuzzWorker() {
		// A fuzzing worker process runs only the fuzz target, which needs
		// no server; starting one per worker would eat the fuzzing time.
		return m.Run()
	}
	out := os.Stderr
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	opts, err := ServerOptions(out)
	if err != nil {
		fmt.Fprintf(out, "FAIL: no Temporal server for the integration tests: %v\n", err)
		return 1
	}
	s, err := devserver.FromEnv(ctx, opts)
	if err != nil {
		fmt.Fprintf(out, "FAIL: no Temporal server for the integration tests: %v\n", err)
		return 1
	}
	*server = s
	code := m.Run()
	if code != 0 && s.Started() {
		fmt.Fprintf(out, "--- last lines of the Temporal dev server log (%s) ---\n%s\n", s.LogPath(), s.LogTail(60))
	}
	if err := s.Stop(context.Background()); err != nil {
		fmt.Fprintf(out, "FAIL: stopping the Temporal dev server: %v\n", err)
		code = 1
	}
	return code
}

// isFuzzWorker reports whether this test binary is a worker process that
// "go test -fuzz" started.
func isFuzzWorker() bool {
	for _, arg := range os.Args[1:] {
		if arg == "-test.fuzzworker" || arg == "-test.fuzzworker=true" || arg == "--test.fuzzworker" {
			return true
		}
	}
	return false
}

// ServerOptions returns devserver options that build the repository's pinned
// CLI and log progress to out.
func ServerOptions(out io.Writer) (devserver.Options, error) {
	root, err := RepoRoot()
	if err != nil {
		return devserver.Options{}, err
	}
	return devserver.Options{
		ToolModfile:      filepath.Join(root, toolModfile),
		Logger:           slog.New(slog.NewTextHandler(out, nil)),
		SearchAttributes: SearchAttributes(),
	}, nil
}

// SearchAttributes are the custom search attributes tests may use, one of
// each type, and those the orders example's workflow sets
// (proto/example/orders/v1/orders.proto), registered on every namespace of
// a started server. A server named by TEMPORAL_ADDRESS must have them too.
func SearchAttributes() map[string]enumspb.IndexedValueType {
	return map[string]enumspb.IndexedValueType{
		"CustomKeywordField":     enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		"CustomTextField":        enumspb.INDEXED_VALUE_TYPE_TEXT,
		"CustomIntField":         enumspb.INDEXED_VALUE_TYPE_INT,
		"CustomDoubleField":      enumspb.INDEXED_VALUE_TYPE_DOUBLE,
		"CustomBoolField":        enumspb.INDEXED_VALUE_TYPE_BOOL,
		"CustomDatetimeField":    enumspb.INDEXED_VALUE_TYPE_DATETIME,
		"CustomKeywordListField": enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,

		"CustomerId":    enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		"OrderTags":     enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
		"OrderPlacedAt": enumspb.INDEXED_VALUE_TYPE_DATETIME,
		"OrderChannel":  enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	}
}

// RepoRoot finds the repository root by walking up from the working
// directory to the folder that holds tools/temporal/go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, toolModfile)); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("testenv: no " + toolModfile + " above the working directory; run the tests from inside the workflowdef repository")
		}
		dir = parent
	}
}

// Dial connects a client to server for the length of the test.
func Dial(t testing.TB, server *devserver.Server) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Options{HostPort: server.Address(), Namespace: server.Namespace()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// UniqueID names a workflow or task queue for the test, apart from every
// other test and earlier run on a shared server.
func UniqueID(t testing.TB) string {
	return fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "-"), time.Now().UnixNano())
}

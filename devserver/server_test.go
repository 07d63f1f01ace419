package devserver_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
)

// shared is the package's server, used by tests that need one but do not
// test starting and stopping it.
var shared *devserver.Server

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &shared)) }

func describeNamespace(t *testing.T, address, namespace string) (*workflowservice.DescribeNamespaceResponse, error) {
	t.Helper()
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("dialing %s: %v", address, err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	return workflowservice.NewWorkflowServiceClient(conn).DescribeNamespace(ctx,
		&workflowservice.DescribeNamespaceRequest{Namespace: namespace})
}

func serverOptions(t *testing.T) devserver.Options {
	t.Helper()
	opts, err := testenv.ServerOptions(os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	return opts
}

// processGroupGone reports whether no process of group pgid is left.
func processGroupGone(pgid int) bool {
	return errors.Is(syscall.Kill(-pgid, 0), syscall.ESRCH)
}

func TestStartServesDefaultNamespaceAndStopLeavesNoProcess(t *testing.T) {
	opts := serverOptions(t)
	opts.Namespaces = []string{"second"}
	s, err := devserver.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop(context.Background()) })

	if !strings.HasPrefix(s.Address(), "127.0.0.1:") {
		t.Errorf("Address() = %q, want a 127.0.0.1 address", s.Address())
	}
	for _, ns := range []string{devserver.DefaultNamespace, "second"} {
		resp, err := describeNamespace(t, s.Address(), ns)
		if err != nil {
			t.Fatalf("DescribeNamespace(%q): %v", ns, err)
		}
		if got := resp.GetNamespaceInfo().GetName(); got != ns {
			t.Errorf("DescribeNamespace(%q) name = %q", ns, got)
		}
	}

	if body := fetchMetrics(t, s.MetricsAddress()); !strings.Contains(body, "service_requests") {
		t.Errorf("GET http://%s/metrics lacks the server's service_requests counter; got %d bytes", s.MetricsAddress(), len(body))
	}

	pid, logPath := s.PID(), s.LogPath()
	if pid <= 0 || !s.Started() {
		t.Fatalf("PID() = %d, Started() = %v for a started server", pid, s.Started())
	}
	if err := s.Stop(t.Context()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if !processGroupGone(pid) {
		t.Errorf("process group %d still has processes after Stop", pid)
	}
	if _, err := os.Stat(filepath.Dir(logPath)); !os.IsNotExist(err) {
		t.Errorf("temporary directory %s still exists after Stop (stat: %v)", filepath.Dir(logPath), err)
	}
	if _, err := describeNamespace(t, s.Address(), devserver.DefaultNamespace); err == nil {
		t.Errorf("the server still answers after Stop")
	}
	if err := s.Stop(t.Context()); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestStartKeepsDirAndRefusesReusedDatabase(t *testing.T) {
	opts := serverOptions(t)
	opts.Dir = t.TempDir()
	s, err := devserver.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(t.Context()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(opts.Dir, "temporal.log")); err != nil {
		t.Errorf("server log not kept in Options.Dir: %v", err)
	}
	_, err = devserver.Start(t.Context(), opts)
	if err == nil || !strings.Contains(err.Error(), "already holds a database") {
		t.Fatalf("Start on a used Dir: err = %v, want one saying it already holds a database", err)
	}
}

// TestStartWithDirRetriesWhenAnotherProcessTakesItsPort protects starts
// with Options.Dir from another process binding a chosen port before the
// server does.
func TestStartWithDirRetriesWhenAnotherProcessTakesItsPort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	takenPort := taken.Addr().(*net.TCPAddr).Port
	var choices int
	devserver.SetPortChooser(t, func(n int) ([]int, error) {
		choices++
		ports, err := devserver.FreeLoopbackPorts(n)
		if err == nil && choices == 1 {
			// The metrics port: the server refuses it at once, where a taken
			// gRPC port would hold each readiness call for its full timeout.
			ports[2] = takenPort
		}
		return ports, err
	})
	opts := serverOptions(t)
	opts.Dir = t.TempDir()
	s, err := devserver.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	if choices != 2 {
		t.Errorf("Start chose ports %d times, want 2: a start that lost port %d and one retry", choices, takenPort)
	}
	if s.MetricsAddress() == taken.Addr().String() {
		t.Errorf("MetricsAddress() = %s, the port another process holds", s.MetricsAddress())
	}
	if _, err := describeNamespace(t, s.Address(), devserver.DefaultNamespace); err != nil {
		t.Fatalf("DescribeNamespace: %v", err)
	}
}

// TestStartWithDirRetriesWithoutTheDatabaseALostStartLeft protects the
// promise that a server started in Options.Dir gets a fresh database, and
// the caller's other files, when a start loses a port after it created its
// database.
func TestStartWithDirRetriesWithoutTheDatabaseALostStartLeft(t *testing.T) {
	opts := serverOptions(t)
	cli, err := devserver.BuildCLI(t.Context(), opts.ToolModfile, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir, state := t.TempDir(), t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("the caller's\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lost, listing := filepath.Join(state, "lost"), filepath.Join(state, "listing")
	// The first start sets up its database and then loses a port, as a real
	// server does when its gRPC bind comes too late; the next one records
	// what it finds in the directory and runs the real server.
	opts.Executable = fakeCLI(t, fmt.Sprintf(`if [ ! -e %[1]q ]; then
	touch %[1]q
	echo stale > %[2]q/temporal.db
	echo stale > %[2]q/temporal.db-wal
	echo 'listen tcp 127.0.0.1:7233: bind: address already in use' >&2
	exit 1
fi
ls -A %[2]q > %[3]q
exec %[4]q "$@"`, lost, dir, listing, cli))
	opts.Dir = dir

	s, err := devserver.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	found, err := os.ReadFile(listing)
	if err != nil {
		t.Fatalf("the retry never ran: %v", err)
	}
	if got, want := strings.Fields(string(found)), []string{"notes.txt", "temporal.log"}; !slices.Equal(got, want) {
		t.Errorf("the retry found %v in Options.Dir, want %v: the lost start's database removed, nothing else", got, want)
	}
	if err := s.Stop(t.Context()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if data, err := os.ReadFile(notes); err != nil || string(data) != "the caller's\n" {
		t.Errorf("the caller's file after Start and Stop: %q, %v", data, err)
	}
	db, err := os.ReadFile(filepath.Join(dir, "temporal.db"))
	if err != nil || !bytes.HasPrefix(db, []byte("SQLite format 3")) {
		t.Errorf("Options.Dir does not keep the started server's SQLite database (read error %v, starts %q)", err, db[:min(len(db), 16)])
	}
}

// fakeCLI writes a shell script standing in for the temporal binary.
func fakeCLI(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "temporal")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStartReportsServerExitWithLogTail(t *testing.T) {
	exe := fakeCLI(t, `echo "fatal: cannot open sqlite database" >&2; exit 3`)
	_, err := devserver.Start(t.Context(), devserver.Options{Executable: exe})
	if err == nil {
		t.Fatal("Start succeeded with a server that exits at once")
	}
	for _, want := range []string{"exit status 3", "fatal: cannot open sqlite database"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestStartTimeoutKillsTheWholeProcessGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	// The fake server starts a child that outlives a plain kill of its parent,
	// and ignores SIGTERM, as a wedged server would.
	exe := fakeCLI(t, `trap '' TERM; sleep 600 & echo $$ > `+pidFile+`; wait`)
	_, err := devserver.Start(t.Context(), devserver.Options{Executable: exe, StartTimeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "did not come up") {
		t.Fatalf("Start with a server that never answers: err = %v", err)
	}
	data, readErr := os.ReadFile(pidFile)
	if readErr != nil {
		t.Fatalf("fake server did not record its pid: %v", readErr)
	}
	var pid int
	for _, c := range strings.TrimSpace(string(data)) {
		pid = pid*10 + int(c-'0')
	}
	if !processGroupGone(pid) {
		t.Errorf("process group %d still has processes after a failed Start", pid)
	}
}

func TestOptionsErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts devserver.Options
		want string
	}{
		{"log level", devserver.Options{LogLevel: "loud"}, "Options.LogLevel"},
		{"empty namespace", devserver.Options{Namespaces: []string{""}}, "Options.Namespaces[0]"},
		{"negative timeout", devserver.Options{StartTimeout: -time.Second}, "Options.StartTimeout"},
		{"missing executable", devserver.Options{Executable: "/nonexistent/temporal"}, "Options.Executable"},
		{"missing modfile", devserver.Options{ToolModfile: "/nonexistent/go.mod"}, "Options.ToolModfile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := devserver.Start(t.Context(), tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to name %s", err, tc.want)
			}
		})
	}
}

func TestStartWithoutAnyCLIExplainsTheFix(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("PATH", t.TempDir())
	_, err := devserver.Start(t.Context(), devserver.Options{})
	if !errors.Is(err, devserver.ErrCLINotFound) {
		t.Fatalf("err = %v, want ErrCLINotFound", err)
	}
	if !strings.Contains(err.Error(), "go get -tool github.com/temporalio/cli/cmd/temporal") {
		t.Errorf("error does not say how to pin the CLI:\n%v", err)
	}
}

func TestFromEnvAttachesToTemporalAddress(t *testing.T) {
	t.Setenv(devserver.EnvAddress, shared.Address())
	t.Setenv(devserver.EnvNamespace, shared.Namespace())
	s, err := devserver.FromEnv(t.Context(), serverOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if s.Started() || s.Address() != shared.Address() || s.PID() != 0 || s.MetricsAddress() != "" {
		t.Fatalf("FromEnv with TEMPORAL_ADDRESS: Started=%v Address=%q PID=%d MetricsAddress=%q, want the attached server",
			s.Started(), s.Address(), s.PID(), s.MetricsAddress())
	}
	if err := s.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := describeNamespace(t, shared.Address(), shared.Namespace()); err != nil {
		t.Fatalf("Stop of an attached server stopped the server: %v", err)
	}
}

func TestFromEnvFailsClearlyWhenTemporalAddressIsDown(t *testing.T) {
	t.Setenv(devserver.EnvAddress, "127.0.0.1:1")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	_, err := devserver.FromEnv(ctx, devserver.Options{})
	if err == nil {
		t.Fatal("FromEnv succeeded against a closed port")
	}
	for _, want := range []string{"127.0.0.1:1", "TEMPORAL_ADDRESS", "unset"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestAttachRejectsMalformedAddress(t *testing.T) {
	_, err := devserver.Attach(t.Context(), "no-port", devserver.DefaultNamespace)
	if err == nil || !strings.Contains(err.Error(), `"no-port" is not host:port`) {
		t.Fatalf("err = %v, want it to name the malformed address", err)
	}
}

// fetchMetrics returns the body of GET http://address/metrics.
func fetchMetrics(t *testing.T, address string) string {
	t.Helper()
	if !strings.HasPrefix(address, "127.0.0.1:") {
		t.Fatalf("MetricsAddress() = %q, want a 127.0.0.1 address", address)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+address+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET metrics: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET http://%s/metrics: status %d, read error %v", address, resp.StatusCode, err)
	}
	return string(body)
}

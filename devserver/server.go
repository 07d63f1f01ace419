package devserver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
)

// DefaultNamespace is the namespace every dev server has.
const DefaultNamespace = "default"

const (
	defaultStartTimeout = 2 * time.Minute
	// stopGrace is how long Stop lets the server shut down after SIGTERM before
	// it kills the process group.
	stopGrace = 10 * time.Second
	// portAttempts bounds retries when another process takes a port between
	// our probe and the server's bind.
	portAttempts = 3
	// logTailLines is how much of the server log an error quotes.
	logTailLines = 30
)

// Options configure [Start]. The zero value starts a server with the default
// namespace and the settings described in the package documentation.
type Options struct {
	// Executable is the path of the `temporal` CLI binary. Empty means look it
	// up as the package documentation describes.
	Executable string
	// ToolModfile is a go.mod file whose `tool` directive pins
	// github.com/temporalio/cli/cmd/temporal. Start builds the CLI from it
	// with `go tool`, reusing Go's build cache. Ignored when Executable is set.
	ToolModfile string
	// Namespaces are created at startup in addition to [DefaultNamespace].
	Namespaces []string
	// SearchAttributes are registered on every namespace at startup, by name.
	// The dev server already has the Custom*Field attributes.
	SearchAttributes map[string]enumspb.IndexedValueType
	// DynamicConfig holds dynamic config values, JSON-encodable, applied over
	// [DefaultDynamicConfig].
	DynamicConfig map[string]any
	// LogLevel is the server's log level: debug, info, warn or error. Empty
	// means warn.
	LogLevel string
	// Dir holds the database and the server log, and is kept after Stop. It
	// must not already hold a database. Empty means a fresh temporary
	// directory that Stop removes.
	Dir string
	// StartTimeout bounds startup, from launching the process until the
	// namespace answers. It does not include building the CLI. Zero means two
	// minutes.
	StartTimeout time.Duration
	// Logger receives progress: building the CLI, the server's address, stop.
	// Nil discards it.
	Logger *slog.Logger
}

// DefaultDynamicConfig returns the dynamic config a dev server started here
// runs with. Options.DynamicConfig overrides any of it.
func DefaultDynamicConfig() map[string]any {
	return map[string]any{
		// Without this, the dev server phones home to check for new releases.
		"frontend.enableServerVersionCheck": false,
		// Workers shut down at once instead of waiting out a 60s long poll.
		// Server 1.29.1 does not know the key yet and ignores it; newer
		// servers honour it.
		"frontend.enableCancelWorkerPollsOnShutdown":          true,
		"frontend.enableUpdateWorkflowExecution":              true,
		"frontend.enableUpdateWorkflowExecutionAsyncAccepted": true,
		"frontend.enableExecuteMultiOperation":                true,
		"frontend.workerVersioningDataAPIs":                   true,
		"frontend.workerVersioningRuleAPIs":                   true,
		"frontend.workerVersioningWorkflowAPIs":               true,
		"system.enableDeployments":                            true,
		"system.enableDeploymentVersions":                     true,
		"system.enableEagerWorkflowStart":                     true,
		"system.enableActivityEagerExecution":                 true,
		"system.forceSearchAttributesCacheRefreshOnRead":      true,
	}
}

// Server is a running Temporal server: one this package started, or one it
// attached to through [FromEnv] or [Attach].
type Server struct {
	address   string
	namespace string
	// metricsAddress serves the server's Prometheus metrics; "" for an
	// attached server.
	metricsAddress string
	logger         *slog.Logger

	// Set only for a server this package started.
	proc    *process
	dir     string
	ownsDir bool
	logPath string

	stopOnce sync.Once
	stopErr  error
}

// Address is the server's gRPC frontend as host:port.
func (s *Server) Address() string { return s.address }

// MetricsAddress is where a started server serves its Prometheus metrics
// (GET http://host:port/metrics), as host:port; "" for an attached server,
// whose metrics endpoint this package does not know. The server's own
// counters, such as matching's sync-match and task-write counts per task
// queue, show what a worker's polling costs the server.
func (s *Server) MetricsAddress() string { return s.metricsAddress }

// Namespace is the namespace tests should use: [DefaultNamespace] for a
// started server, TEMPORAL_NAMESPACE (or the default) for an attached one.
func (s *Server) Namespace() string { return s.namespace }

// LogPath is the file holding the server's output, or "" for an attached
// server. It is removed by Stop unless [Options.Dir] was set.
func (s *Server) LogPath() string { return s.logPath }

// Started reports whether this package started the server, as opposed to
// attaching to one that TEMPORAL_ADDRESS named.
func (s *Server) Started() bool { return s.proc != nil }

// PID is the process ID of a started server, which also leads its process
// group; 0 for an attached server.
func (s *Server) PID() int {
	if s.proc == nil {
		return 0
	}
	return s.proc.cmd.Process.Pid
}

// LogTail returns up to the last n lines of the server log, for failure
// reports. It returns "" for an attached server.
func (s *Server) LogTail(n int) string {
	if s.logPath == "" {
		return ""
	}
	return tailFile(s.logPath, n)
}

// Stop shuts a started server down: SIGTERM to its process group, then
// SIGKILL if it has not exited within ten seconds or before ctx is done.
// It returns once no process of the group is left, and removes the server's
// temporary directory. For an attached server it does nothing. Stop is safe
// to call more than once.
func (s *Server) Stop(ctx context.Context) error {
	s.stopOnce.Do(func() {
		if s.proc == nil {
			return
		}
		s.logger.Info("stopping Temporal dev server", "address", s.address)
		s.stopErr = s.proc.stop(ctx, stopGrace)
		if s.ownsDir {
			if err := os.RemoveAll(s.dir); err != nil && s.stopErr == nil {
				s.stopErr = fmt.Errorf("devserver: removing %s: %w", s.dir, err)
			}
		}
	})
	return s.stopErr
}

// Start launches a dev server and returns once its default namespace answers.
// When another process takes one of its ports before the server binds it,
// Start removes the database that start created and tries fresh ports.
// On failure it leaves no process behind and returns an error that quotes the
// end of the server log.
func Start(ctx context.Context, opts Options) (*Server, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	exe, err := resolveCLI(ctx, opts, logger)
	if err != nil {
		return nil, err
	}

	dir, ownsDir := opts.Dir, false
	if dir == "" {
		removeAbandonedDirs(logger)
		if dir, err = makeOwnedDir(); err != nil {
			return nil, fmt.Errorf("devserver: creating a directory for the database: %w", err)
		}
		ownsDir = true
	} else if err := checkFreshDir(dir); err != nil {
		return nil, err
	}
	// A start that loses a port may already have created its database; note
	// what the directory held, so a retry removes only that start's files.
	preexisting := existingFiles(databaseFiles(dir))

	for attempt := 1; ; attempt++ {
		s, err := launch(ctx, exe, dir, opts, logger)
		if err == nil {
			s.ownsDir = ownsDir
			return s, nil
		}
		if errors.Is(err, errPortTaken) {
			if attempt < portAttempts {
				logger.Info("another process took a port before the Temporal dev server bound it; retrying on fresh ports", "attempt", attempt, "error", err)
				if err = removeCreatedFiles(databaseFiles(dir), preexisting); err == nil {
					continue
				}
			} else {
				err = fmt.Errorf("%w\nall %d starts lost a port to another process between choosing and binding it; start again, or stop what is taking loopback ports", err, portAttempts)
			}
		}
		if ownsDir {
			_ = os.RemoveAll(dir)
		}
		return nil, err
	}
}

// errPortTaken marks a start that lost a port to another process; Start
// retries it on fresh ports.
var errPortTaken = errors.New("port already in use")

func launch(ctx context.Context, exe, dir string, opts Options, logger *slog.Logger) (*Server, error) {
	ports, err := choosePorts(3)
	if err != nil {
		return nil, err
	}
	address := "127.0.0.1:" + strconv.Itoa(ports[0])
	args, err := startDevArgs(opts, dir, ports)
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "temporal.log")
	proc, err := startProcess(exe, args, logPath)
	if err != nil {
		return nil, fmt.Errorf("devserver: running %s: %w", exe, err)
	}
	s := &Server{
		address:        address,
		metricsAddress: "127.0.0.1:" + strconv.Itoa(ports[2]),
		namespace:      DefaultNamespace,
		logger:         logger,
		proc:           proc,
		dir:            dir,
		logPath:        logPath,
	}

	timeout := opts.StartTimeout
	if timeout == 0 {
		timeout = defaultStartTimeout
	}
	readyCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := waitForNamespace(readyCtx, address, DefaultNamespace, proc.exited); err != nil {
		// Stop with a fresh context: the caller's may be the one that ended.
		_ = proc.stop(context.Background(), stopGrace)
		if errors.Is(err, errServerExited) {
			err = proc.exitError()
		}
		tail := tailFile(logPath, logTailLines)
		if strings.Contains(tail, "address already in use") {
			return nil, fmt.Errorf("devserver: %w: %s", errPortTaken, lastLine(tail))
		}
		return nil, fmt.Errorf("devserver: the Temporal dev server (%s) did not come up on %s: %w\n--- last lines of %s ---\n%s",
			exe, address, err, logPath, tail)
	}
	logger.Info("Temporal dev server ready", "address", address, "namespace", DefaultNamespace, "log", logPath)
	return s, nil
}

// startDevArgs builds the `temporal server start-dev` command line.
func startDevArgs(opts Options, dir string, ports []int) ([]string, error) {
	level := opts.LogLevel
	if level == "" {
		level = "warn"
	}
	args := []string{
		"server", "start-dev",
		"--headless",
		"--ip", "127.0.0.1",
		"--port", strconv.Itoa(ports[0]),
		"--http-port", strconv.Itoa(ports[1]),
		"--metrics-port", strconv.Itoa(ports[2]),
		"--db-filename", databasePath(dir),
		// WAL lets readers and the single writer proceed together; the
		// database is thrown away after the run, so durability is not needed.
		"--sqlite-pragma", "journal_mode=wal",
		"--sqlite-pragma", "synchronous=off",
		"--log-level", level,
	}
	for _, ns := range opts.Namespaces {
		args = append(args, "--namespace", ns)
	}
	for _, name := range sortedKeys(opts.SearchAttributes) {
		args = append(args, "--search-attribute", name+"="+searchAttributeTypeName(opts.SearchAttributes[name]))
	}
	config := DefaultDynamicConfig()
	for k, v := range opts.DynamicConfig {
		config[k] = v
	}
	for _, key := range sortedKeys(config) {
		value, err := json.Marshal(config[key])
		if err != nil {
			return nil, fmt.Errorf("devserver: Options.DynamicConfig[%q] is not JSON-encodable: %w", key, err)
		}
		args = append(args, "--dynamic-config-value", key+"="+string(value))
	}
	return args, nil
}

func (o Options) validate() error {
	switch o.LogLevel {
	case "", "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("devserver: Options.LogLevel %q is not one of debug, info, warn, error", o.LogLevel)
	}
	for i, ns := range o.Namespaces {
		if strings.TrimSpace(ns) == "" {
			return fmt.Errorf("devserver: Options.Namespaces[%d] is empty", i)
		}
	}
	for name, t := range o.SearchAttributes {
		if searchAttributeTypeName(t) == "" {
			return fmt.Errorf("devserver: Options.SearchAttributes[%q] has no indexed type (got %v)", name, t)
		}
	}
	if o.StartTimeout < 0 {
		return fmt.Errorf("devserver: Options.StartTimeout is negative (%v)", o.StartTimeout)
	}
	return nil
}

// searchAttributeTypeName gives the type names `temporal server start-dev
// --search-attribute` accepts, or "" for an unusable type.
func searchAttributeTypeName(t enumspb.IndexedValueType) string {
	switch t {
	case enumspb.INDEXED_VALUE_TYPE_TEXT:
		return "Text"
	case enumspb.INDEXED_VALUE_TYPE_KEYWORD:
		return "Keyword"
	case enumspb.INDEXED_VALUE_TYPE_INT:
		return "Int"
	case enumspb.INDEXED_VALUE_TYPE_DOUBLE:
		return "Double"
	case enumspb.INDEXED_VALUE_TYPE_BOOL:
		return "Bool"
	case enumspb.INDEXED_VALUE_TYPE_DATETIME:
		return "Datetime"
	case enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST:
		return "KeywordList"
	default:
		return ""
	}
}

func checkFreshDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("devserver: creating Options.Dir: %w", err)
	}
	db := databasePath(dir)
	if _, err := os.Stat(db); err == nil {
		return fmt.Errorf("devserver: Options.Dir %s already holds a database (%s); remove it or choose an empty directory", dir, db)
	}
	return nil
}

// databasePath is where the server keeps its SQLite database in dir.
func databasePath(dir string) string { return filepath.Join(dir, "temporal.db") }

// databaseFiles are the database and the files SQLite keeps beside it.
func databaseFiles(dir string) []string {
	db := databasePath(dir)
	return []string{db, db + "-wal", db + "-shm", db + "-journal"}
}

// existingFiles returns those of paths that exist.
func existingFiles(paths []string) map[string]bool {
	existing := make(map[string]bool)
	for _, path := range paths {
		if _, err := os.Lstat(path); err == nil {
			existing[path] = true
		}
	}
	return existing
}

// removeCreatedFiles removes those of paths that were not in preexisting.
func removeCreatedFiles(paths []string, preexisting map[string]bool) error {
	for _, path := range paths {
		if preexisting[path] {
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("devserver: removing %s, which a start that lost a port left behind, so that a retry gets a fresh database: %w; remove it and start again", path, err)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// tailFile returns the last n lines of a file, or a note saying why it could
// not be read.
func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	defer f.Close()
	// Server logs are line-oriented; the last 256 KiB hold far more than n lines.
	const window = 256 << 10
	if info, err := f.Stat(); err == nil && info.Size() > window {
		if _, err := f.Seek(-window, io.SeekEnd); err != nil {
			return fmt.Sprintf("(cannot read %s: %v)", path, err)
		}
	}
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	if len(lines) == 0 {
		return "(the log is empty)"
	}
	return strings.Join(lines, "\n")
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "workerbench:", err)
		os.Exit(1)
	}
}

// SDK names, as -sdk, -sdks and -load-clients take them.
const (
	sdkOurs     = "ours"
	sdkOfficial = "official"
)

// workerConfig configures one worker process. The parent passes it to the
// child as flags.
type workerConfig struct {
	SDK       string
	Address   string
	Namespace string
	TaskQueue string

	WorkflowPollers    int
	ActivityPollers    int
	WorkflowSlots      int
	ActivitySlots      int
	LocalActivitySlots int
	StickyCacheSize    int
	StickyTimeout      time.Duration
	// EagerActivities lets both workers ask for eager activity execution
	// (both SDKs' default).
	EagerActivities bool
	// TaskTimes makes the worker keep its own workflow-task execution
	// times (see taskTimer); only the latency phase asks for them, so the
	// drain's CPU figure carries no metrics handler.
	TaskTimes bool
}

// benchConfig configures the parent: what to measure and how much.
type benchConfig struct {
	Workflows        int
	LatencyWorkflows int
	LatencyWarmup    int
	Callers          int
	CachedWorkflows  int
	// CachedTimer is how long the timer-then-signal workflow sleeps
	// before it waits for the signal.
	CachedTimer time.Duration
	// GoroutineWait bounds the wait for the worker's goroutines to come
	// back to their baseline after the cached workflows completed.
	GoroutineWait   time.Duration
	Rounds          int
	SDKs            []string
	LoadClients     []string
	Starters        int
	PhaseTimeout    time.Duration
	TemporalModfile string
	// Partitions are the server configurations, one dev server each: task
	// queue partitions, 0 for the server's default.
	Partitions partitionList
	// ServerConfig is dynamic config for the dev servers started here, on
	// top of the partitions; for experiments with the server's matching.
	ServerConfig serverConfig
	Worker       workerConfig
	// Args are the command-line arguments, for the report.
	Args []string
}

func run(ctx context.Context, args []string) error {
	cfg := benchConfig{Args: args}
	fs, role := newFlagSet(&cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch *role {
	case "worker":
		return runWorker(ctx, cfg.Worker)
	case "bench":
		if err := cfg.validate(); err != nil {
			return err
		}
		return runBench(ctx, cfg)
	default:
		return fmt.Errorf("-role=%q: want bench or worker", *role)
	}
}

// newFlagSet defines the flags of both roles, filling cfg.
func newFlagSet(cfg *benchConfig) (fs *flag.FlagSet, role *string) {
	fs = flag.NewFlagSet("workerbench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: workerbench [flags]\n\nMeasures the workflowdef worker next to the official Go SDK worker and prints a markdown report.\nProgress goes to stderr, the report to stdout. TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) name a server to use instead of starting dev servers.\n\nflags:")
		fs.PrintDefaults()
	}
	role = fs.String("role", "bench", "bench: run the benchmark; worker: run one worker (internal, the benchmark starts these)")
	cfg.SDKs = []string{sdkOurs, sdkOfficial}
	fs.Var((*nameList)(&cfg.SDKs), "sdks", "comma-separated SDKs whose workers to measure: ours, official")
	cfg.LoadClients = []string{sdkOurs, sdkOfficial}
	fs.Var((*nameList)(&cfg.LoadClients), "load-clients", "comma-separated clients to generate the load with, each in turn: ours (workflowdef), official (go.temporal.io/sdk/client)")
	cfg.Partitions = partitionList{1, 0}
	fs.Var(&cfg.Partitions, "partitions", "comma-separated server configurations, a dev server each: task queue partitions, 0 for the server's default (4); ignored with TEMPORAL_ADDRESS")
	fs.IntVar(&cfg.Workflows, "workflows", 600, "drain: workflows started before the worker starts")
	fs.IntVar(&cfg.LatencyWorkflows, "latency-workflows", 300, "latency: measured workflows")
	fs.IntVar(&cfg.LatencyWarmup, "latency-warmup", 30, "latency: unmeasured warm-up workflows first")
	fs.IntVar(&cfg.Callers, "callers", 10, "latency: concurrent closed-loop callers")
	fs.IntVar(&cfg.CachedWorkflows, "cached-workflows", 300, "memory: workflows kept waiting in the sticky cache, of each kind")
	fs.DurationVar(&cfg.CachedTimer, "cached-timer", 50*time.Millisecond, "memory: the timer the timer-then-signal workflow fires before it waits")
	fs.DurationVar(&cfg.GoroutineWait, "goroutine-wait", 5*time.Second, "memory: how long to wait for the worker's goroutines to come back to their baseline after the cached workflows completed")
	fs.IntVar(&cfg.Rounds, "rounds", 3, "rounds of every measurement; the load client and the SDK that go first alternate, the tables show medians")
	fs.IntVar(&cfg.Starters, "starters", 16, "concurrent calls starting, describing and signalling workflows")
	fs.DurationVar(&cfg.PhaseTimeout, "phase-timeout", 5*time.Minute, "bound on each measurement of one SDK")
	fs.Var(&cfg.ServerConfig, "server-config", "key=value: dynamic config for the dev servers started here, the value JSON or a string (repeatable; e.g. matching.forwarderMaxRatePerSecond=1000); ignored with TEMPORAL_ADDRESS")
	fs.StringVar(&cfg.TemporalModfile, "temporal-modfile", "", "go.mod pinning the Temporal CLI for the dev server (default: tools/temporal/go.mod of the enclosing workflowdef checkout)")

	w := &cfg.Worker
	fs.StringVar(&w.SDK, "sdk", "", "worker role: which SDK's worker to run (ours or official)")
	fs.StringVar(&w.Address, "address", "", "worker role: the server's host:port")
	fs.StringVar(&w.Namespace, "namespace", "", "worker role: the namespace")
	fs.StringVar(&w.TaskQueue, "task-queue", "", "worker role: the task queue")
	fs.IntVar(&w.WorkflowPollers, "workflow-pollers", 2, "workflow task pollers (fixed)")
	fs.IntVar(&w.ActivityPollers, "activity-pollers", 2, "activity task pollers (fixed)")
	fs.IntVar(&w.WorkflowSlots, "workflow-slots", 1000, "concurrent workflow tasks")
	fs.IntVar(&w.ActivitySlots, "activity-slots", 1000, "concurrent activities")
	fs.IntVar(&w.LocalActivitySlots, "local-activity-slots", 1000, "concurrent local activities")
	fs.IntVar(&w.StickyCacheSize, "sticky-cache", 10000, "sticky workflow cache size (runs)")
	fs.DurationVar(&w.StickyTimeout, "sticky-timeout", 5*time.Second, "sticky schedule-to-start timeout")
	fs.BoolVar(&w.EagerActivities, "eager-activities", true, "let both workers request eager activity execution (both SDKs' default)")
	fs.BoolVar(&w.TaskTimes, "task-times", false, "worker role: keep the worker's own workflow-task execution times (internal, the latency phase sets it)")
	return fs, role
}

func (c benchConfig) validate() error {
	for _, n := range []struct {
		name string
		v    int
	}{
		{"workflows", c.Workflows}, {"latency-workflows", c.LatencyWorkflows}, {"callers", c.Callers},
		{"cached-workflows", c.CachedWorkflows}, {"rounds", c.Rounds}, {"starters", c.Starters},
		{"workflow-pollers", c.Worker.WorkflowPollers}, {"activity-pollers", c.Worker.ActivityPollers},
		{"workflow-slots", c.Worker.WorkflowSlots}, {"activity-slots", c.Worker.ActivitySlots},
		{"local-activity-slots", c.Worker.LocalActivitySlots}, {"sticky-cache", c.Worker.StickyCacheSize},
	} {
		if n.v < 1 {
			return fmt.Errorf("-%s=%d: want at least 1", n.name, n.v)
		}
	}
	if c.LatencyWarmup < 0 {
		return fmt.Errorf("-latency-warmup=%d is negative", c.LatencyWarmup)
	}
	if c.Worker.WorkflowSlots < 2 {
		return errors.New("-workflow-slots must be at least 2: the official SDK refuses 1")
	}
	if c.Worker.WorkflowPollers < 2 {
		return errors.New("-workflow-pollers must be at least 2: the official SDK refuses 1 (its pollers alternate between the normal and the sticky queue)")
	}
	if c.Worker.StickyCacheSize <= c.CachedWorkflows+cachedWarmup {
		return fmt.Errorf("-sticky-cache=%d must exceed -cached-workflows=%d plus the %d warm-up workflows, or the measured workflows are evicted", c.Worker.StickyCacheSize, c.CachedWorkflows, cachedWarmup)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"phase-timeout", c.PhaseTimeout}, {"cached-timer", c.CachedTimer}, {"goroutine-wait", c.GoroutineWait}} {
		if d.v <= 0 {
			return fmt.Errorf("-%s=%v: want a positive duration", d.name, d.v)
		}
	}
	if len(c.Partitions) == 0 {
		return errors.New("-partitions names no server configuration")
	}
	for _, list := range []struct {
		flag  string
		names []string
	}{{"sdks", c.SDKs}, {"load-clients", c.LoadClients}} {
		if err := checkSDKNames(list.flag, list.names); err != nil {
			return err
		}
	}
	return nil
}

// checkSDKNames checks a list of SDK names given to -flag.
func checkSDKNames(flag string, names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("-%s names no SDK", flag)
	}
	seen := map[string]bool{}
	for _, s := range names {
		if s != sdkOurs && s != sdkOfficial {
			return fmt.Errorf("-%s: unknown SDK %q (want ours, official)", flag, s)
		}
		if seen[s] {
			return fmt.Errorf("-%s names %q twice", flag, s)
		}
		seen[s] = true
	}
	return nil
}

// nameList is a comma-separated flag of names.
type nameList []string

func (l *nameList) String() string { return strings.Join(*l, ",") }

func (l *nameList) Set(s string) error {
	*l = nil
	for name := range strings.SplitSeq(s, ",") {
		if name = strings.TrimSpace(name); name != "" {
			*l = append(*l, name)
		}
	}
	return nil
}

// partitionList is the -partitions flag: task queue partitions per server
// configuration, 0 for the server's default.
type partitionList []int

func (l *partitionList) String() string {
	parts := make([]string, len(*l))
	for i, n := range *l {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func (l *partitionList) Set(s string) error {
	var list partitionList
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a number of partitions (0 for the server's default)", part)
		}
		if slices.Contains(list, n) {
			return fmt.Errorf("%d partitions named twice", n)
		}
		list = append(list, n)
	}
	*l = list
	return nil
}

// args are the flags that hand c to a worker process.
func (c workerConfig) args() []string {
	return []string{
		"-role=worker",
		"-sdk=" + c.SDK,
		"-address=" + c.Address,
		"-namespace=" + c.Namespace,
		"-task-queue=" + c.TaskQueue,
		fmt.Sprintf("-workflow-pollers=%d", c.WorkflowPollers),
		fmt.Sprintf("-activity-pollers=%d", c.ActivityPollers),
		fmt.Sprintf("-workflow-slots=%d", c.WorkflowSlots),
		fmt.Sprintf("-activity-slots=%d", c.ActivitySlots),
		fmt.Sprintf("-local-activity-slots=%d", c.LocalActivitySlots),
		fmt.Sprintf("-sticky-cache=%d", c.StickyCacheSize),
		fmt.Sprintf("-sticky-timeout=%s", c.StickyTimeout),
		fmt.Sprintf("-eager-activities=%t", c.EagerActivities),
		fmt.Sprintf("-task-times=%t", c.TaskTimes),
	}
}

// serverConfig is the -server-config flag: dynamic config keys and
// values, in the order given.
type serverConfig []serverConfigValue

type serverConfigValue struct {
	Key   string
	Value any
}

func (c *serverConfig) String() string {
	parts := make([]string, len(*c))
	for i, kv := range *c {
		parts[i] = fmt.Sprintf("%s=%v", kv.Key, kv.Value)
	}
	return strings.Join(parts, ", ")
}

// Set takes key=value; a value that is not JSON is a string.
func (c *serverConfig) Set(s string) error {
	key, raw, ok := strings.Cut(s, "=")
	if !ok || key == "" {
		return fmt.Errorf("%q is not key=value (e.g. matching.forwarderMaxRatePerSecond=1000)", s)
	}
	var value any
	if err := json.Unmarshal([]byte(raw), &value); err != nil {
		value = raw
	}
	*c = append(*c, serverConfigValue{Key: key, Value: value})
	return nil
}

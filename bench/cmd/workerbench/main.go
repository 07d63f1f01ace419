package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
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

// SDK names, as -sdk and -sdks take them.
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
}

// benchConfig configures the parent: what to measure and how much.
type benchConfig struct {
	Workflows        int
	LatencyWorkflows int
	LatencyWarmup    int
	Callers          int
	CachedWorkflows  int
	Rounds           int
	SDKs             []string
	Starters         int
	PhaseTimeout     time.Duration
	TemporalModfile  string
	Partitions       int
	// ServerConfig is dynamic config for the dev server started here, on
	// top of the partitions; for experiments with the server's matching.
	ServerConfig serverConfig
	Worker       workerConfig
}

func run(ctx context.Context, args []string) error {
	var cfg benchConfig
	fs, role, sdks := newFlagSet(&cfg)
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
		for s := range strings.SplitSeq(*sdks, ",") {
			if s = strings.TrimSpace(s); s != "" {
				cfg.SDKs = append(cfg.SDKs, s)
			}
		}
		if err := cfg.validate(); err != nil {
			return err
		}
		return runBench(ctx, cfg)
	default:
		return fmt.Errorf("-role=%q: want bench or worker", *role)
	}
}

// newFlagSet defines the flags of both roles, filling cfg.
func newFlagSet(cfg *benchConfig) (fs *flag.FlagSet, role, sdks *string) {
	fs = flag.NewFlagSet("workerbench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: workerbench [flags]\n\nMeasures the workflowdef worker next to the official Go SDK worker and prints a markdown table.\nProgress goes to stderr, the table to stdout. TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) name a server to use instead of starting a dev server.\n\nflags:")
		fs.PrintDefaults()
	}
	role = fs.String("role", "bench", "bench: run the benchmark; worker: run one worker (internal, the benchmark starts these)")
	sdks = fs.String("sdks", sdkOurs+","+sdkOfficial, "comma-separated SDKs to measure: ours, official")
	fs.IntVar(&cfg.Workflows, "workflows", 1000, "drain: workflows started before the worker starts")
	fs.IntVar(&cfg.LatencyWorkflows, "latency-workflows", 500, "latency: measured workflows")
	fs.IntVar(&cfg.LatencyWarmup, "latency-warmup", 50, "latency: unmeasured warm-up workflows first")
	fs.IntVar(&cfg.Callers, "callers", 10, "latency: concurrent closed-loop callers")
	fs.IntVar(&cfg.CachedWorkflows, "cached-workflows", 500, "memory: workflows kept waiting in the sticky cache")
	fs.IntVar(&cfg.Rounds, "rounds", 3, "rounds of every measurement; the SDK that goes first alternates, the table shows medians")
	fs.IntVar(&cfg.Starters, "starters", 16, "concurrent calls starting, describing and signalling workflows")
	fs.DurationVar(&cfg.PhaseTimeout, "phase-timeout", 5*time.Minute, "bound on each measurement of one SDK")
	fs.IntVar(&cfg.Partitions, "partitions", 1, "task queue partitions of the dev server started here (0: the server's default, 4); ignored with TEMPORAL_ADDRESS")
	fs.Var(&cfg.ServerConfig, "server-config", "key=value: dynamic config for the dev server started here, the value JSON or a string (repeatable; e.g. matching.forwarderMaxRatePerSecond=1000); ignored with TEMPORAL_ADDRESS")
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
	return fs, role, sdks
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
	if c.Partitions < 0 {
		return fmt.Errorf("-partitions=%d is negative", c.Partitions)
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
	if c.Worker.StickyCacheSize <= c.CachedWorkflows {
		return fmt.Errorf("-sticky-cache=%d must exceed -cached-workflows=%d, or the measured workflows are evicted", c.Worker.StickyCacheSize, c.CachedWorkflows)
	}
	if c.PhaseTimeout <= 0 {
		return fmt.Errorf("-phase-timeout=%v: want a positive duration", c.PhaseTimeout)
	}
	if len(c.SDKs) == 0 {
		return errors.New("-sdks names no SDK")
	}
	seen := map[string]bool{}
	for _, s := range c.SDKs {
		if s != sdkOurs && s != sdkOfficial {
			return fmt.Errorf("-sdks: unknown SDK %q (want ours, official)", s)
		}
		if seen[s] {
			return fmt.Errorf("-sdks names %q twice", s)
		}
		seen[s] = true
	}
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

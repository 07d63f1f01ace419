package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// These tests are quick and need no server: the benchmark itself is the
// program's end-to-end run (make bench).

func TestParseStatCPU(t *testing.T) {
	// The command name holds a space and a parenthesis; utime is 250 and
	// stime 37 ticks.
	stat := "4242 (worker (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 37 0 0 20 0 9 0 123456 1000000 2000 18446744073709551615"
	got, err := parseStatCPU(stat)
	if err != nil || got != 287 {
		t.Fatalf("parseStatCPU = %d, %v; want 287", got, err)
	}
	if _, err := parseStatCPU("4242 (short) S 1 2"); err == nil {
		t.Error("a truncated line parsed")
	}
	if _, err := parseStatCPU("no name"); err == nil {
		t.Error("a line without a command name parsed")
	}
}

func TestParseStatusField(t *testing.T) {
	status := "Name:\tworkerbench\nVmPeak:\t  900000 kB\nVmHWM:\t   34000 kB\nVmRSS:\t   30000 kB\n"
	got, err := parseStatusField(bufio.NewScanner(strings.NewReader(status)), "VmHWM")
	if err != nil || got != 34000<<10 {
		t.Fatalf("VmHWM = %d, %v; want %d", got, err, 34000<<10)
	}
	if _, err := parseStatusField(bufio.NewScanner(strings.NewReader(status)), "VmSwap"); err == nil {
		t.Error("a missing field parsed")
	}
}

func TestProcOfThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	if _, err := procCPU(os.Getpid()); err != nil {
		t.Error(err)
	}
	if peak, err := procStatusBytes(os.Getpid(), "VmHWM"); err != nil || peak <= 0 {
		t.Errorf("VmHWM = %d, %v", peak, err)
	}
}

func TestPercentilesNearestRank(t *testing.T) {
	var samples []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		samples = append(samples, time.Duration(i)*time.Millisecond)
	}
	got := percentiles(samples)
	want := [4]time.Duration{50 * time.Millisecond, 95 * time.Millisecond, 99 * time.Millisecond, 100 * time.Millisecond}
	if got != want {
		t.Errorf("percentiles = %v, want %v", got, want)
	}
	if samples[0] != 100*time.Millisecond {
		t.Error("percentiles sorted its argument")
	}
	if got := percentiles([]time.Duration{7}); got != [4]time.Duration{7, 7, 7, 7} {
		t.Errorf("one sample: %v", got)
	}
}

func TestRatioInterval(t *testing.T) {
	// Latencies spread like a queue's: most near 100 ms, a few far out.
	rng := rand.New(rand.NewPCG(1, 2))
	sample := func(n int, scale float64) []time.Duration {
		d := make([]time.Duration, n)
		for i := range d {
			d[i] = time.Duration(scale * (100 + rng.ExpFloat64()*50) * float64(time.Millisecond))
		}
		return d
	}
	official, half := sample(1500, 1), sample(1500, 0.5)

	lo, hi, ok := ratioInterval(half, official, 50)
	if !ok || lo > 0.5 || hi < 0.5 || hi-lo > 0.1 {
		t.Errorf("p50 of a half-as-slow SDK: interval %.3f–%.3f (ok %v), want a narrow one around 0.5", lo, hi, ok)
	}
	lo99, hi99, _ := ratioInterval(half, official, 99)
	if lo99 > 0.5 || hi99 < 0.5 || hi99-lo99 <= hi-lo {
		t.Errorf("p99 interval %.3f–%.3f: want one around 0.5, wider than p50's %.3f–%.3f", lo99, hi99, lo, hi)
	}
	if again, _, _ := ratioInterval(half, official, 99); again != lo99 {
		t.Errorf("the interval changed between two calls: %v then %v", lo99, again)
	}
	// Fewer samples, less certainty.
	if loFew, hiFew, _ := ratioInterval(half[:100], official[:100], 99); hiFew-loFew <= hi99-lo99 {
		t.Errorf("p99 from 100 samples: %.3f–%.3f, not wider than from 1,500: %.3f–%.3f", loFew, hiFew, lo99, hi99)
	}
	if _, _, ok := ratioInterval(nil, official, 99); ok {
		t.Error("an interval from no samples")
	}
}

func TestMedian(t *testing.T) {
	if got := median([]float64{3, 1, 2}); got != 2 {
		t.Errorf("median of 3 = %v", got)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median of 4 = %v", got)
	}
	if got := median(nil); !math.IsNaN(got) {
		t.Errorf("median of none = %v", got)
	}
}

func TestWorkerArgsRoundTrip(t *testing.T) {
	var parent benchConfig
	fs, _ := newFlagSet(&parent)
	if err := fs.Parse([]string{"-workflow-pollers=4", "-sticky-cache=77", "-eager-activities=false", "-sticky-timeout=3s"}); err != nil {
		t.Fatal(err)
	}
	sent := parent.Worker
	sent.SDK, sent.Address, sent.Namespace, sent.TaskQueue = sdkOfficial, "127.0.0.1:7233", "default", "tq"

	var child benchConfig
	fs, role := newFlagSet(&child)
	if err := fs.Parse(sent.args()); err != nil {
		t.Fatal(err)
	}
	if *role != "worker" {
		t.Errorf("role %q, want worker", *role)
	}
	if child.Worker != sent {
		t.Errorf("the worker got\n%+v\nwant\n%+v", child.Worker, sent)
	}
}

func defaultConfig(t *testing.T) benchConfig {
	t.Helper()
	var cfg benchConfig
	fs, _ := newFlagSet(&cfg)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestValidate(t *testing.T) {
	if err := defaultConfig(t).validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for name, change := range map[string]func(*benchConfig){
		"no workflows":            func(c *benchConfig) { c.Workflows = 0 },
		"one workflow poller":     func(c *benchConfig) { c.Worker.WorkflowPollers = 1 },
		"cache too small":         func(c *benchConfig) { c.Worker.StickyCacheSize = c.CachedWorkflows },
		"unknown SDK":             func(c *benchConfig) { c.SDKs = []string{"java"} },
		"SDK twice":               func(c *benchConfig) { c.SDKs = []string{sdkOurs, sdkOurs} },
		"no SDK":                  func(c *benchConfig) { c.SDKs = nil },
		"negative warm-up":        func(c *benchConfig) { c.LatencyWarmup = -1 },
		"no phase timeout":        func(c *benchConfig) { c.PhaseTimeout = 0 },
		"no server configuration": func(c *benchConfig) { c.Partitions = nil },
		"one workflow-task slot":  func(c *benchConfig) { c.Worker.WorkflowSlots = 1 },
		"no load client":          func(c *benchConfig) { c.LoadClients = nil },
		"unknown load client":     func(c *benchConfig) { c.LoadClients = []string{"python"} },
		"no cached timer":         func(c *benchConfig) { c.CachedTimer = 0 },
		"no goroutine wait":       func(c *benchConfig) { c.GoroutineWait = 0 },
		"cache holds no warm-up":  func(c *benchConfig) { c.Worker.StickyCacheSize = c.CachedWorkflows + cachedWarmup },
	} {
		cfg := defaultConfig(t)
		change(&cfg)
		if err := cfg.validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestAlternateReversesOddRounds(t *testing.T) {
	sdks := []string{sdkOurs, sdkOfficial}
	if got := alternate(sdks, 0); !slices.Equal(got, sdks) {
		t.Errorf("round 1: %v", got)
	}
	if got := alternate(sdks, 1); !slices.Equal(got, []string{sdkOfficial, sdkOurs}) {
		t.Errorf("round 2: %v", got)
	}
	if sdks[0] != sdkOurs {
		t.Error("alternate changed its argument")
	}
}

func TestDefaultsMeasureBothConfigurationsUnderBothLoadClients(t *testing.T) {
	cfg := defaultConfig(t)
	if !slices.Equal(cfg.Partitions, partitionList{1, 0}) {
		t.Errorf("-partitions defaults to %v, want 1 and the server's default", cfg.Partitions)
	}
	for name, got := range map[string][]string{"-sdks": cfg.SDKs, "-load-clients": cfg.LoadClients} {
		if !slices.Equal(got, []string{sdkOurs, sdkOfficial}) {
			t.Errorf("%s defaults to %v", name, got)
		}
	}
}

func TestListFlags(t *testing.T) {
	var cfg benchConfig
	fs, _ := newFlagSet(&cfg)
	fs.SetOutput(io.Discard)
	if err := fs.Parse([]string{"-partitions=0", "-load-clients= official ", "-sdks=ours"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.Partitions, partitionList{0}) || !slices.Equal(cfg.LoadClients, []string{sdkOfficial}) || !slices.Equal(cfg.SDKs, []string{sdkOurs}) {
		t.Errorf("parsed -partitions %v, -load-clients %v, -sdks %v", cfg.Partitions, cfg.LoadClients, cfg.SDKs)
	}
	if err := cfg.validate(); err != nil {
		t.Errorf("one SDK, one load client, one configuration: %v", err)
	}
	for _, bad := range []string{"-partitions=1,x", "-partitions=-1", "-partitions=4,4"} {
		if err := fs.Parse([]string{bad}); err == nil {
			t.Errorf("%s parsed", bad)
		}
	}
}

func TestForEach(t *testing.T) {
	var seen [100]atomic.Int32
	if err := forEach(t.Context(), len(seen), 7, func(_ context.Context, i int) error {
		seen[i].Add(1)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Fatalf("index %d ran %d times", i, n)
		}
	}

	boom := errors.New("boom")
	var ran atomic.Int32
	err := forEach(t.Context(), 1000, 4, func(ctx context.Context, i int) error {
		ran.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	if ran.Load() == 1000 {
		t.Error("the error did not stop the others")
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := forEach(ctx, 10, 2, func(context.Context, int) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("with a cancelled context: %v", err)
	}
}

func millis(values ...int) []time.Duration {
	var d []time.Duration
	for _, v := range values {
		d = append(d, time.Duration(v)*time.Millisecond)
	}
	return d
}

// reportResults are one round of both SDKs under loadClient: ours meets
// the goals but leaves goroutines behind, its timer-then-signal
// measurement failed.
func reportResults(loadClient string) []roundResult {
	cached := func(perWorkflowKiB int, g goroutineReturn) memResult {
		return memResult{Before: memStats{HeapInuse: 1 << 20}, Cached: memStats{HeapInuse: 1<<20 + uint64(500*perWorkflowKiB)<<10, Goroutines: 500}, n: 500, Goroutines: g}
	}
	return []roundResult{
		{LoadClient: loadClient, SDK: sdkOurs,
			Drain: drainResult{Elapsed: 10 * time.Second, CPU: time.Second, PeakRSS: 30 << 20, n: 1000, First: firstTaskWaits{Longest: 12 * time.Second, SinceReady: 9 * time.Second, Stall: 1500 * time.Millisecond}},
			Latency: latencyResult{Latencies: millis(10, 20, 30), Tasks: taskTimes{NormalWaits: millis(5, 7), StickyWaits: millis(2, 3), Processing: millis(10, 20, 30), Runs: millis(10, 20, 30)},
				WorkerCPU: 3 * time.Millisecond, ServerCPU: 60 * time.Millisecond, serverSeen: true,
				Matches: queueMatches{Normal: matchCount{Delivered: 3, Sync: 3}, Sticky: matchCount{Delivered: 3, Sync: 1}}},
			Cached:    [cachedKinds]memResult{cachedSignal: cached(5, goroutineReturn{Baseline: 14, AtCompletion: 20, AfterSecond: 17, Last: 17, Took: 5 * time.Second})},
			CachedErr: [cachedKinds]error{cachedTimer: errors.New("worker hung\nsecond line")}},
		{LoadClient: loadClient, SDK: sdkOfficial,
			Drain: drainResult{Elapsed: 20 * time.Second, CPU: 4 * time.Second, PeakRSS: 40 << 20, n: 1000, First: firstTaskWaits{Longest: 90 * time.Second, SinceReady: 80 * time.Second, Stall: 80 * time.Second}},
			Latency: latencyResult{Latencies: millis(20, 40, 60), Tasks: taskTimes{NormalWaits: millis(9, 12), StickyWaits: millis(4, 4), Processing: millis(20, 40, 60)},
				WorkerCPU: 6 * time.Millisecond, ServerCPU: 90 * time.Millisecond, serverSeen: true,
				Matches: queueMatches{Normal: matchCount{Delivered: 3}, Sticky: matchCount{Delivered: 3, Sync: 3}}},
			Cached: [cachedKinds]memResult{
				cachedSignal: cached(10, goroutineReturn{Baseline: 29, AtCompletion: 29, AfterSecond: 29, Last: 29, Returned: true}),
				cachedTimer:  cached(20, goroutineReturn{Baseline: 29, AtCompletion: 31, AfterSecond: 29, Last: 29, Returned: true, Took: 300 * time.Millisecond}),
			}},
	}
}

func TestReportMarkdown(t *testing.T) {
	cfg := defaultConfig(t)
	cfg.Rounds = 1
	cfg.Args = []string{"-rounds=1"}
	onePartition := configResult{Partitions: 1, Server: serverInfo{Address: "127.0.0.1:1", Started: true, Version: "1.29.1"},
		Results: slices.Concat(reportResults(sdkOurs), reportResults(sdkOfficial)), Took: time.Minute, Load: [2]string{"0.50", "1.50"}}
	// The default partitions, where our drain failed and the official
	// client's load did not run.
	defaultPartitions := configResult{Partitions: 0, Server: serverInfo{Address: "127.0.0.1:2", Started: true, Version: "1.29.1"}, Results: reportResults(sdkOurs)}
	defaultPartitions.Results[0].DrainErr = errors.New("drain timed out")
	r := newReport(cfg, machine{CPUs: 2, CPUModel: "Test CPU", GoVersion: "go1.26", OSArch: "linux/amd64", OfficialSD: "v1.51.0", Commit: "abc123"},
		[]configResult{onePartition, defaultPartitions}, time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), 2*time.Minute)
	md := r.markdown()
	for _, want := range []string{
		"| Date | 2026-01-02 03:04 UTC |",
		"| Machine | Test CPU, 2 CPUs (/proc/cpuinfo), linux/amd64 |",
		"| Commit | abc123 |",
		"| Command | `cd bench && go run ./cmd/workerbench -rounds=1` |",
		// The goals, every configuration and load client a column.
		"| Goal | target | 1 partition, workflowdef client | 1 partition, official client | 4 partitions (the server's default), workflowdef client | 4 partitions (the server's default), official client | met everywhere |",
		"| Worker CPU per workflow, drain | ≤ 0.4 | 0.250 | 0.250 | — | — | **no** |",
		"| Memory per cached workflow, signal only | ≤ 0.5 | 0.500 | 0.500 | 0.500 | — | **no** |",
		"| Memory per cached workflow, timer then signal | ≤ 0.5 | — | — | — | — | **no** |",
		"| Goroutines above the idle baseline 1 s after the cached workflows completed, signal only (ours, worst round) | ours ≤ 0 | **3** | **3** | **3** | — | **no** |",
		"| Workflow task started-to-completed p99, latency phase | ≤ 0.5 | 0.500 | 0.500 | 0.500 | — | **no** |",
		"| Sticky-queue schedule-to-start p99, latency phase | ≤ 1.0 | 0.750 | 0.750 | 0.750 | — | **no** |",
		"| Longest normal-queue stall while a first task waited (ours, worst drain, s) | ours ≤ 5 | 1.50 | 1.50 | — | — | **no** |",
		// A configuration's section and its tables.
		"### 1 partition\n\nTemporal 1.29.1, a dev server (Temporal CLI) started by workerbench on 127.0.0.1:1 with 1 partition, shared by both SDKs. Run time 1m0s; load average (1 min, whole machine) 0.50 before, 1.50 after.",
		"#### 1 partition, load from the official client",
		"#### 4 partitions (the server's default), load from the workflowdef client",
		"| Drain throughput (workflows/s) | 100.0 | 50.0 | 2.00 | — | ≥ 1.0 | yes |",
		"| Worker CPU per workflow, drain (ms) | 1.000 | 4.000 | 0.25 | — | ≤ 0.4 | yes |",
		"| Worker CPU per workflow, drain (ms) | failed | 4.000 | — | — | ≤ 0.4 | — |",
		"| Memory per cached workflow, signal only, heap+stack (KiB) | 5.00 | 10.00 | 0.50 | — | ≤ 0.5 | yes |",
		"| Memory per cached workflow, timer then signal, heap+stack (KiB) | failed | 20.00 | — | — | ≤ 0.5 | — |",
		"| Goroutines above the idle baseline 1 s after the cached workflows completed, signal only (worst round) | 3 | 0 | — | — | ours ≤ 0 | **no** |",
		"| … signal only: time until goroutines back at the baseline, worst round (s) | not in 5s (+3) | 0.0 | — | — | — | — |",
		"| … timer then signal: time until goroutines back at the baseline, worst round (s) | failed | 0.3 | — | — | — | — |",
		"| Longest normal-queue stall while a first task waited, worst drain (s) | 1.50 | 80.00 | 0.02 | — | ours ≤ 5 | yes |",
		"| Longest first-task wait counted from the worker's start, worst drain (s) | 9.00 | 80.00 | 0.11 | — | — | — |",
		"| Start-to-result latency, slowest (ms) | 30.0 | 60.0 | 0.50 | — | — | — |",
		"| Workflow tasks sync-matched to a waiting poll, sticky queue, latency phase (%) | 33 | 100 | 0.33 | — | — | — |",
		"| Workflow task waits for a poll, share of run time, latency phase (%) | 28 | failed | — | — | — | — |",
		"| 1 | ours | 100.0 | 1.000 | 30.0 | 1.50 | 20.0 | 30.0 | 30.0 | 3.0 | 5.00 | failed | +3 / failed | 0/0 |",
		"| 1 | official | 50.0 | 4.000 | 40.0 | 80.00 | 40.0 | 60.0 | 60.0 | 4.0 | 10.00 | 20.00 | +0 / +0 | 0/0 |",
		"- round 1, ours, cached memory, timer then signal: worker hung second line",
		"- round 1, ours, drain: drain timed out",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	// Rows with an interval: the figures, then an interval around the ratio.
	for _, want := range []string{
		`\| Workflow task started-to-completed p99, latency phase \(ms\) \| 30\.0 \| 60\.0 \| 0\.50 \| \d\.\d\d–\d\.\d\d \| ≤ 0\.5 \| yes \|`,
		`\| Sticky-queue schedule-to-start p99, latency phase \(ms\) \| 3\.0 \| 4\.0 \| 0\.75 \| \d\.\d\d–\d\.\d\d \| ≤ 1\.0 \| yes \|`,
		`\| Normal-queue schedule-to-start p99, latency phase \(ms\) \| 7\.0 \| 12\.0 \| 0\.58 \| \d\.\d\d–\d\.\d\d \| — \| — \|`,
	} {
		if !regexp.MustCompile(want).MatchString(md) {
			t.Errorf("the report lacks a row matching %s:\n%s", want, md)
		}
	}
	// 1 partition: a timer failure per load client; the default
	// partitions: that and the drain.
	if got := r.failures(); got != 4 {
		t.Errorf("failures = %d, want 4", got)
	}
}

func TestServerConfigFlag(t *testing.T) {
	var cfg benchConfig
	fs, _ := newFlagSet(&cfg)
	fs.SetOutput(io.Discard)
	if err := fs.Parse([]string{"-server-config", "matching.forwarderMaxRatePerSecond=1000", "-server-config=history.note=fast lane"}); err != nil {
		t.Fatal(err)
	}
	want := serverConfig{{"matching.forwarderMaxRatePerSecond", float64(1000)}, {"history.note", "fast lane"}}
	if !slices.Equal(cfg.ServerConfig, want) {
		t.Errorf("-server-config = %v, want %v", cfg.ServerConfig, want)
	}
	if err := fs.Parse([]string{"-server-config", "no-value"}); err == nil || !strings.Contains(err.Error(), "key=value") {
		t.Errorf("-server-config no-value: %v, want an error asking for key=value", err)
	}
}

func TestParseMatches(t *testing.T) {
	const exposition = `# HELP poll_success poll_success counter
# TYPE poll_success counter
poll_success{namespace="default",partition="0",service_name="matching",task_type="Workflow",taskqueue="wb_r1_latency_ours"} 600
poll_success{namespace="default",partition="1",service_name="matching",task_type="Workflow",taskqueue="wb_r1_latency_ours"} 40
poll_success{namespace="default",partition="__sticky__",service_name="matching",task_type="Workflow",taskqueue="wb_r1_latency_ours"} 637
poll_success{namespace="default",partition="0",service_name="matching",task_type="Activity",taskqueue="wb_r1_latency_ours"} 9
poll_success{namespace="default",partition="0",service_name="matching",task_type="Workflow",taskqueue="wb_r1_drain_ours"} 1000
poll_success_sync{namespace="default",partition="0",service_name="matching",task_type="Workflow",taskqueue="wb_r1_latency_ours"} 500
poll_success_sync{namespace="default",partition="__sticky__",service_name="matching",task_type="Workflow",taskqueue="wb_r1_latency_ours",note="a \"quoted\", value"} 112
poll_timeouts{namespace="default",partition="0",service_name="matching",task_type="Workflow",taskqueue="wb_r1_latency_ours"} 3
go_goroutines 12
`
	got, err := parseMatches(strings.NewReader(exposition), "wb-r1-latency-ours")
	if err != nil {
		t.Fatal(err)
	}
	want := queueMatches{Normal: matchCount{Delivered: 640, Sync: 500}, Sticky: matchCount{Delivered: 637, Sync: 112}}
	if got != want {
		t.Errorf("parseMatches = %+v, want %+v", got, want)
	}
	if share, ok := got.Normal.syncShare(); !ok || math.Abs(share-78.125) > 1e-9 {
		t.Errorf("normal sync share = %v, %v; want 78.125", share, ok)
	}
	if _, ok := (matchCount{}).syncShare(); ok {
		t.Error("a share of no tasks was reported")
	}
	for name, bad := range map[string]string{
		"unclosed value": `poll_success{taskqueue="wb_r1_latency_ours} 1`,
		"no brace":       `poll_success{taskqueue="x" 1`,
		"bad value":      `poll_success{task_type="Workflow",taskqueue="wb_r1_latency_ours"} many`,
	} {
		if _, err := parseMatches(strings.NewReader(bad), "wb-r1-latency-ours"); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%s: err = %v, want an error naming line 1", name, err)
		}
	}
}

func TestParseCPUInfo(t *testing.T) {
	cpuinfo := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n"
	model, cpus := parseCPUInfo(cpuinfo)
	if model != "AMD EPYC 7B13" || cpus != 2 {
		t.Errorf("parseCPUInfo = %q, %d; want AMD EPYC 7B13, 2", model, cpus)
	}
	if model, cpus := parseCPUInfo(""); model != "" || cpus != 0 {
		t.Errorf("empty cpuinfo: %q, %d", model, cpus)
	}
}

func TestGoroutineReturnString(t *testing.T) {
	back := goroutineReturn{Baseline: 29, AtCompletion: 31, AfterSecond: 29, Last: 29, Returned: true, Took: 320 * time.Millisecond}
	if got, want := back.String(), "baseline 29; +2 at completion, +0 a second later; back after 300ms"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	left := goroutineReturn{Baseline: 14, AtCompletion: 20, AfterSecond: 17, Last: 16, Took: 5 * time.Second}
	if got, want := left.String(), "baseline 14; +6 at completion, +3 a second later; not back within 5s (+2)"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestEveryGoalIsLabelledAndEveryRowNamedOnce(t *testing.T) {
	seen := map[string]bool{}
	goals := 0
	for _, m := range metrics(true, time.Second) {
		if seen[m.name] {
			t.Errorf("two rows named %q", m.name)
		}
		seen[m.name] = true
		if (m.value == nil) == (m.text == nil) {
			t.Errorf("row %q: want exactly one of value and text", m.name)
		}
		if m.goal != nil {
			goals++
			if m.goal.label == "" || m.goal.text == "" || m.goal.meets == nil {
				t.Errorf("row %q: goal %+v lacks a label, a target or a check", m.name, *m.goal)
			}
		}
	}
	// CPU, memory ×2, goroutines ×2, started-to-completed, sticky
	// schedule-to-start, the drain stall, throughput.
	if goals != 9 {
		t.Errorf("%d goals, want 9", goals)
	}
}

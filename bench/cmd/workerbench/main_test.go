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
	fs, _, _ := newFlagSet(&parent)
	if err := fs.Parse([]string{"-workflow-pollers=4", "-sticky-cache=77", "-eager-activities=false", "-sticky-timeout=3s"}); err != nil {
		t.Fatal(err)
	}
	sent := parent.Worker
	sent.SDK, sent.Address, sent.Namespace, sent.TaskQueue = sdkOfficial, "127.0.0.1:7233", "default", "tq"

	var child benchConfig
	fs, role, _ := newFlagSet(&child)
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
	fs, _, _ := newFlagSet(&cfg)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	cfg.SDKs = []string{sdkOurs, sdkOfficial}
	return cfg
}

func TestValidate(t *testing.T) {
	if err := defaultConfig(t).validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for name, change := range map[string]func(*benchConfig){
		"no workflows":           func(c *benchConfig) { c.Workflows = 0 },
		"one workflow poller":    func(c *benchConfig) { c.Worker.WorkflowPollers = 1 },
		"cache too small":        func(c *benchConfig) { c.Worker.StickyCacheSize = c.CachedWorkflows },
		"unknown SDK":            func(c *benchConfig) { c.SDKs = []string{"java"} },
		"SDK twice":              func(c *benchConfig) { c.SDKs = []string{sdkOurs, sdkOurs} },
		"no SDK":                 func(c *benchConfig) { c.SDKs = nil },
		"negative warm-up":       func(c *benchConfig) { c.LatencyWarmup = -1 },
		"no phase timeout":       func(c *benchConfig) { c.PhaseTimeout = 0 },
		"negative partitions":    func(c *benchConfig) { c.Partitions = -1 },
		"one workflow-task slot": func(c *benchConfig) { c.Worker.WorkflowSlots = 1 },
	} {
		cfg := defaultConfig(t)
		change(&cfg)
		if err := cfg.validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSDKOrderAlternates(t *testing.T) {
	sdks := []string{sdkOurs, sdkOfficial}
	if got := sdkOrder(sdks, 0); !slices.Equal(got, sdks) {
		t.Errorf("round 1: %v", got)
	}
	if got := sdkOrder(sdks, 1); !slices.Equal(got, []string{sdkOfficial, sdkOurs}) {
		t.Errorf("round 2: %v", got)
	}
	if sdks[0] != sdkOurs {
		t.Error("sdkOrder changed its argument")
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

func TestReportMarkdown(t *testing.T) {
	cfg := defaultConfig(t)
	cfg.Rounds = 1
	lat := func(ms ...int) []time.Duration {
		var d []time.Duration
		for _, m := range ms {
			d = append(d, time.Duration(m)*time.Millisecond)
		}
		return d
	}
	results := []roundResult{
		{SDK: sdkOurs,
			Drain: drainResult{Elapsed: 10 * time.Second, CPU: time.Second, PeakRSS: 30 << 20, n: 1000},
			Latency: latencyResult{Latencies: lat(10, 20, 30), Waits: taskWaits{Normal: lat(5, 7), Sticky: lat(2, 3), Runs: lat(10, 20, 30)},
				WorkerCPU: 3 * time.Millisecond, ServerCPU: 60 * time.Millisecond, serverSeen: true,
				Matches: queueMatches{Normal: matchCount{Delivered: 3, Sync: 3}, Sticky: matchCount{Delivered: 3, Sync: 1}}},
			MemErr: errors.New("worker hung\nsecond line")},
		{SDK: sdkOfficial,
			Drain: drainResult{Elapsed: 20 * time.Second, CPU: 4 * time.Second, PeakRSS: 40 << 20, n: 1000},
			Latency: latencyResult{Latencies: lat(20, 40, 60), Waits: taskWaits{Normal: lat(9, 12), Sticky: lat(4, 4)},
				WorkerCPU: 6 * time.Millisecond, ServerCPU: 90 * time.Millisecond, serverSeen: true,
				Matches: queueMatches{Normal: matchCount{Delivered: 3}, Sticky: matchCount{Delivered: 3, Sync: 3}}},
			Mem: memResult{Before: memStats{HeapInuse: 1 << 20}, Cached: memStats{HeapInuse: 1<<20 + 500*20<<10, Goroutines: 500}, n: 500}},
	}
	r := newReport(cfg, machine{CPUs: 2, CPUModel: "Test CPU", GoVersion: "go1.26", OSArch: "linux/amd64", OfficialSD: "v1.51.0"},
		serverInfo{Address: "127.0.0.1:1", Started: true, Version: "1.29.1"}, results, time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), time.Minute)
	md := r.markdown()
	for _, want := range []string{
		"| Date | 2026-01-02 03:04 UTC |",
		"| Machine | 2 CPUs, Test CPU, linux/amd64 |",
		"| Drain throughput (workflows/s) | 100.0 | 50.0 | 2.00 | — | ≥ 1.0 | yes |",
		"| Worker CPU per workflow, drain (ms) | 1.000 | 4.000 | 0.25 | — | ≤ 0.5 | yes |",
		"| Start-to-result latency, slowest (ms) | 30.0 | 60.0 | 0.50 | — | — | — |",
		"| Memory per cached workflow, heap+stack (KiB) | failed | 20.00 | — | — | ≤ 0.5 | — |",
		"| 1 | ours | 100.0 | 1.000 | 30.0 | 20.0 | 30.0 | 30.0 | 30.0 | failed | failed | 0/0 |",
		"- round 1, ours, cached memory: worker hung second line",
		"| … worker CPU per workflow, latency (ms) | 1.000 | 2.000 | 0.50 | — | — | — |",
		"| … workflow task waits for a poll, share of run time (%) | 28 | failed | — | — | — | — |",
		"| … server CPU per workflow, latency (ms) | 20.00 | 30.00 | 0.67 | — | — | — |",
		"| … workflow tasks sync-matched to a waiting poll, normal queue (%) | 100 | 0 | — | — | — | — |",
		"| … workflow tasks sync-matched to a waiting poll, sticky queue (%) | 33 | 100 | 0.33 | — | — | — |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	// Rows with an interval: the figures, then an interval around the ratio.
	for _, want := range []string{
		`\| Start-to-result latency p50 \(ms\) \| 20\.0 \| 40\.0 \| 0\.50 \| \d\.\d\d–\d\.\d\d \| ≤ 1\.0 \| yes \|`,
		`\| Start-to-result latency p99 \(ms\) \| 30\.0 \| 60\.0 \| 0\.50 \| \d\.\d\d–\d\.\d\d \| ≤ 0\.5 \| yes \|`,
		`\| … workflow task wait for a poll, normal queue, p99 \(ms\) \| 7\.0 \| 12\.0 \| 0\.58 \| \d\.\d\d–\d\.\d\d \| — \| — \|`,
	} {
		if !regexp.MustCompile(want).MatchString(md) {
			t.Errorf("the report lacks a row matching %s:\n%s", want, md)
		}
	}
	if r.failures() != 1 {
		t.Errorf("failures = %d, want 1", r.failures())
	}
}

func TestServerConfigFlag(t *testing.T) {
	var cfg benchConfig
	fs, _, _ := newFlagSet(&cfg)
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

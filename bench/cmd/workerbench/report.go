package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
)

// logf writes a progress line to stderr.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s workerbench: %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, args...))
}

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }

// percentiles returns p50, p95, p99 and the maximum of samples by the
// nearest-rank method: the smallest sample with at least p% of the
// samples at or below it.
func percentiles(samples []time.Duration) [4]time.Duration {
	sorted := slices.Sorted(slices.Values(samples))
	return [4]time.Duration{percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 100)}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// Bootstrap settings for the interval around a latency ratio.
const (
	bootstrapResamples = 2000
	// bootstrapSeed is fixed so the same samples render the same report.
	bootstrapSeed = 20261203
)

// ratioInterval is a 90% percentile-bootstrap interval for the ratio of
// percentile p of ours to that of official: both sample sets are drawn
// again with replacement, bootstrapResamples times, and the interval spans
// the middle 90% of the ratios those draws give. A p99 from 1,500 samples
// rests on its 15 largest, so two runs of the same code can land on either
// side of a goal; the interval says how far the figure can be trusted.
func ratioInterval(ours, official []time.Duration, p float64) (lo, hi float64, ok bool) {
	if len(ours) == 0 || len(official) == 0 {
		return 0, 0, false
	}
	rng := rand.New(rand.NewPCG(bootstrapSeed, uint64(p*1000)))
	draw := func(from, into []time.Duration) time.Duration {
		for i := range into {
			into[i] = from[rng.IntN(len(from))]
		}
		slices.Sort(into)
		return percentile(into, p)
	}
	a, b := make([]time.Duration, len(ours)), make([]time.Duration, len(official))
	ratios := make([]float64, 0, bootstrapResamples)
	for range bootstrapResamples {
		if d := draw(official, b); d > 0 {
			ratios = append(ratios, float64(draw(ours, a))/float64(d))
		}
	}
	if len(ratios) == 0 {
		return 0, 0, false
	}
	slices.Sort(ratios)
	at := func(q float64) float64 { return ratios[min(int(q*float64(len(ratios))), len(ratios)-1)] }
	return at(0.05), at(0.95), true
}

// median of values; NaN for none.
func median(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	s := slices.Clone(values)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// serverInfo describes the server the benchmark ran against.
type serverInfo struct {
	Address string
	Started bool
	Version string
}

// summary is one SDK's measurements over all rounds.
type summary struct {
	throughput, cpuMs, rssMiB, memKiB, goroutines []float64
	heapKiB, stackKiB                             []float64
	latencies                                     []time.Duration
	normalWaits, stickyWaits                      []time.Duration
	// Of the latency phase, per round.
	latWorkerCPUMs, latServerCPUMs []float64
	queuedPct                      []float64
	normalSyncPct, stickySyncPct   []float64
	// Set when any round's measurement failed: a median over the rest
	// would hide it.
	drainFailed, latencyFailed, memFailed bool
	measured                              bool
}

func summarize(results []roundResult, sdk string) *summary {
	s := &summary{}
	for _, r := range results {
		if r.SDK != sdk {
			continue
		}
		s.measured = true
		if r.DrainErr != nil {
			s.drainFailed = true
		} else {
			s.throughput = append(s.throughput, r.Drain.throughput())
			s.cpuMs = append(s.cpuMs, r.Drain.cpuPerWorkflowMs())
			s.rssMiB = append(s.rssMiB, mib(r.Drain.PeakRSS))
		}
		if r.LatencyErr != nil {
			s.latencyFailed = true
		} else {
			s.latencies = append(s.latencies, r.Latency.Latencies...)
			s.normalWaits = append(s.normalWaits, r.Latency.Waits.Normal...)
			s.stickyWaits = append(s.stickyWaits, r.Latency.Waits.Sticky...)
			l := r.Latency
			s.latWorkerCPUMs = append(s.latWorkerCPUMs, l.perWorkflowMs(l.WorkerCPU))
			if v, ok := l.Waits.queuedShare(); ok {
				s.queuedPct = append(s.queuedPct, v)
			}
			if l.serverSeen {
				s.latServerCPUMs = append(s.latServerCPUMs, l.perWorkflowMs(l.ServerCPU))
				if v, ok := l.Matches.Normal.syncShare(); ok {
					s.normalSyncPct = append(s.normalSyncPct, v)
				}
				if v, ok := l.Matches.Sticky.syncShare(); ok {
					s.stickySyncPct = append(s.stickySyncPct, v)
				}
			}
		}
		if r.MemErr != nil {
			s.memFailed = true
		} else {
			s.memKiB = append(s.memKiB, r.Mem.perWorkflowBytes()/1024)
			s.heapKiB = append(s.heapKiB, r.Mem.heapPerWorkflowBytes()/1024)
			s.stackKiB = append(s.stackKiB, r.Mem.stackPerWorkflowBytes()/1024)
			s.goroutines = append(s.goroutines, r.Mem.goroutinesPerWorkflow())
		}
	}
	return s
}

// metric is a row of the table.
type metric struct {
	name   string
	digits int
	// value returns the SDK's figure; ok false means it failed.
	value func(s *summary) (v float64, ok bool)
	// goal is the ours/official target, "" for none; meets checks it.
	goal  string
	meets func(ratio float64) bool
	// interval, when set, bounds the ratio (see ratioInterval).
	interval func(ours, official *summary) (lo, hi float64, ok bool)
}

func fromMedian(values func(s *summary) []float64, failed func(s *summary) bool) func(s *summary) (float64, bool) {
	return func(s *summary) (float64, bool) {
		if failed(s) || len(values(s)) == 0 {
			return 0, false
		}
		return median(values(s)), true
	}
}

// latencyRow is the row of percentile p (100 for the maximum) of the
// latency phase's pooled samples; below the maximum it carries a bootstrap
// interval for the ratio.
func latencyRow(name string, samples func(s *summary) []time.Duration, p float64) metric {
	m := metric{name: name, digits: 1, value: func(s *summary) (float64, bool) {
		if s.latencyFailed || len(samples(s)) == 0 {
			return 0, false
		}
		sorted := slices.Sorted(slices.Values(samples(s)))
		return ms(percentile(sorted, p)), true
	}}
	if p < 100 {
		m.interval = func(ours, official *summary) (float64, float64, bool) {
			if ours.latencyFailed || official.latencyFailed {
				return 0, 0, false
			}
			return ratioInterval(samples(ours), samples(official), p)
		}
	}
	return m
}

// withGoal sets m's goal.
func (m metric) withGoal(goal string, meets func(float64) bool) metric {
	m.goal, m.meets = goal, meets
	return m
}

func atMost(limit float64) func(float64) bool  { return func(r float64) bool { return r <= limit } }
func atLeast(limit float64) func(float64) bool { return func(r float64) bool { return r >= limit } }

// metrics are the table's rows; withServer adds those that need the
// server's process and metrics, known when the benchmark started it.
func metrics(withServer bool) []metric {
	drainFailed := func(s *summary) bool { return s.drainFailed }
	memFailed := func(s *summary) bool { return s.memFailed }
	latencyFailed := func(s *summary) bool { return s.latencyFailed }
	latencies := func(s *summary) []time.Duration { return s.latencies }
	var server []metric
	if withServer {
		server = []metric{
			{name: "… server CPU per workflow, latency (ms)", digits: 2, value: fromMedian(func(s *summary) []float64 { return s.latServerCPUMs }, latencyFailed)},
			{name: "… workflow tasks sync-matched to a waiting poll, normal queue (%)", digits: 0, value: fromMedian(func(s *summary) []float64 { return s.normalSyncPct }, latencyFailed)},
			{name: "… workflow tasks sync-matched to a waiting poll, sticky queue (%)", digits: 0, value: fromMedian(func(s *summary) []float64 { return s.stickySyncPct }, latencyFailed)},
		}
	}
	return slices.Concat([]metric{
		{name: "Drain throughput (workflows/s)", digits: 1, value: fromMedian(func(s *summary) []float64 { return s.throughput }, drainFailed), goal: "≥ 1.0", meets: atLeast(1.0)},
		{name: "Worker CPU per workflow, drain (ms)", digits: 3, value: fromMedian(func(s *summary) []float64 { return s.cpuMs }, drainFailed), goal: "≤ 0.5", meets: atMost(0.5)},
		{name: "Worker peak RSS, drain (MiB)", digits: 1, value: fromMedian(func(s *summary) []float64 { return s.rssMiB }, drainFailed)},
		latencyRow("Start-to-result latency p50 (ms)", latencies, 50).withGoal("≤ 1.0", atMost(1.0)),
		latencyRow("Start-to-result latency p95 (ms)", latencies, 95),
		latencyRow("Start-to-result latency p99 (ms)", latencies, 99).withGoal("≤ 0.5", atMost(0.5)),
		latencyRow("Start-to-result latency, slowest (ms)", latencies, 100),
		latencyRow("… workflow task wait for a poll, normal queue, p99 (ms)", func(s *summary) []time.Duration { return s.normalWaits }, 99),
		latencyRow("… workflow task wait for a poll, sticky queue, p99 (ms)", func(s *summary) []time.Duration { return s.stickyWaits }, 99),
		{name: "… workflow task waits for a poll, share of run time (%)", digits: 0, value: fromMedian(func(s *summary) []float64 { return s.queuedPct }, latencyFailed)},
		{name: "… worker CPU per workflow, latency (ms)", digits: 3, value: fromMedian(func(s *summary) []float64 { return s.latWorkerCPUMs }, latencyFailed)},
	}, server, []metric{
		{name: "Memory per cached workflow, heap+stack (KiB)", digits: 2, value: fromMedian(func(s *summary) []float64 { return s.memKiB }, memFailed), goal: "≤ 0.5", meets: atMost(0.5)},
		{name: "… of which heap (KiB)", digits: 2, value: fromMedian(func(s *summary) []float64 { return s.heapKiB }, memFailed)},
		{name: "… of which goroutine stacks (KiB)", digits: 2, value: fromMedian(func(s *summary) []float64 { return s.stackKiB }, memFailed)},
		{name: "Goroutines per cached workflow", digits: 2, value: fromMedian(func(s *summary) []float64 { return s.goroutines }, memFailed)},
	})
}

// report is the benchmark's outcome, rendered as markdown.
type report struct {
	cfg     benchConfig
	mach    machine
	srv     serverInfo
	results []roundResult
	date    time.Time
	took    time.Duration
	// load is the machine's 1-minute load average before and after.
	load [2]string
}

func newReport(cfg benchConfig, mach machine, srv serverInfo, results []roundResult, date time.Time, took time.Duration) *report {
	return &report{cfg: cfg, mach: mach, srv: srv, results: results, date: date, took: took}
}

// failures counts failed measurements.
func (r *report) failures() int {
	n := 0
	for _, res := range r.results {
		for _, err := range []error{res.DrainErr, res.LatencyErr, res.MemErr} {
			if err != nil {
				n++
			}
		}
	}
	return n
}

func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w := r.cfg.Worker

	p("## Worker benchmark: workflowdef vs the official Go SDK\n\n")
	p("| | |\n|---|---|\n")
	p("| Date | %s |\n", r.date.UTC().Format("2006-01-02 15:04 MST"))
	p("| Machine | %d CPUs, %s, %s |\n", r.mach.CPUs, r.mach.CPUModel, r.mach.OSArch)
	p("| Go | %s |\n", r.mach.GoVersion)
	p("| Official SDK | go.temporal.io/sdk %s |\n", r.mach.OfficialSD)
	if r.srv.Started {
		partitions := "the server's default task queue partitions"
		if r.cfg.Partitions > 0 {
			partitions = fmt.Sprintf("%d task queue partition(s)", r.cfg.Partitions)
		}
		if len(r.cfg.ServerConfig) > 0 {
			partitions += " and dynamic config " + r.cfg.ServerConfig.String()
		}
		p("| Server | Temporal %s, dev server (Temporal CLI) started by workerbench on %s with %s, shared by both SDKs |\n", r.srv.Version, r.srv.Address, partitions)
	} else {
		p("| Server | Temporal %s at %s (TEMPORAL_ADDRESS), shared by both SDKs |\n", r.srv.Version, r.srv.Address)
	}
	eager := "off"
	if w.EagerActivities {
		eager = "on"
	}
	p("| Workers | one process each; %d workflow + %d activity pollers (fixed; official: NewPollerBehaviorSimpleMaximum), %d workflow-task / %d activity / %d local-activity slots, sticky cache %d runs (official: SetStickyWorkflowCacheSize), sticky timeout %v; eager activities %s (both) |\n",
		w.WorkflowPollers, w.ActivityPollers, w.WorkflowSlots, w.ActivitySlots, w.LocalActivitySlots, w.StickyCacheSize, w.StickyTimeout, eager)
	p("| Load | drain %d one-activity workflows started before the worker; latency %d workflows (after %d warm-up) from %d closed-loop callers; %d workflows cached waiting for a signal; load generated with the workflowdef client |\n",
		r.cfg.Workflows, r.cfg.LatencyWorkflows, r.cfg.LatencyWarmup, r.cfg.Callers, r.cfg.CachedWorkflows)
	p("| Rounds | %d, the SDK going first alternating; medians over rounds, latency percentiles over all rounds' samples |\n", r.cfg.Rounds)
	p("| Run time | %v |\n", r.took.Round(time.Second))
	if r.load[0] != "" {
		p("| Load average (1 min, whole machine) | %s before, %s after |\n", r.load[0], r.load[1])
	}
	p("\n")

	ours, official := summarize(r.results, sdkOurs), summarize(r.results, sdkOfficial)
	p("| Metric | ours | official | ours/official | 90%% interval | goal | met |\n|---|--:|--:|--:|:-:|:-:|:-:|\n")
	for _, m := range metrics(r.srv.Started) {
		ov, ook := m.value(ours)
		fv, fok := m.value(official)
		ratio, interval, goal, met := "—", "—", "—", "—"
		if m.interval != nil && ours.measured && official.measured {
			if lo, hi, ok := m.interval(ours, official); ok {
				interval = fmt.Sprintf("%.2f–%.2f", lo, hi)
			}
		}
		if m.goal != "" {
			goal = m.goal
		}
		if ook && fok && fv != 0 {
			q := ov / fv
			ratio = fmt.Sprintf("%.2f", q)
			if m.meets != nil {
				met = "yes"
				if !m.meets(q) {
					met = "**no**"
				}
			}
		}
		p("| %s | %s | %s | %s | %s | %s | %s |\n", m.name, cell(ours, ov, ook, m.digits), cell(official, fv, fok, m.digits), ratio, interval, goal, met)
	}

	p("\nPer round:\n\n")
	p("| Round | SDK | Drain (wf/s) | CPU (ms/wf) | Peak RSS (MiB) | p50 (ms) | p95 (ms) | p99 (ms) | slowest (ms) | Cached (KiB/wf) | Goroutines/wf | WFT timed out/failed |\n")
	p("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, res := range r.results {
		var issues taskIssues
		drain := []string{"failed", "failed", "failed"}
		if res.DrainErr == nil {
			d := res.Drain
			drain = []string{f(d.throughput(), 1), f(d.cpuPerWorkflowMs(), 3), f(mib(d.PeakRSS), 1)}
			issues.TimedOut, issues.Failed = issues.TimedOut+d.Issues.TimedOut, issues.Failed+d.Issues.Failed
		}
		lat := []string{"failed", "failed", "failed", "failed"}
		if res.LatencyErr == nil {
			q := percentiles(res.Latency.Latencies)
			lat = []string{f(ms(q[0]), 1), f(ms(q[1]), 1), f(ms(q[2]), 1), f(ms(q[3]), 1)}
			issues.TimedOut, issues.Failed = issues.TimedOut+res.Latency.Issues.TimedOut, issues.Failed+res.Latency.Issues.Failed
		}
		mem := []string{"failed", "failed"}
		if res.MemErr == nil {
			mem = []string{f(res.Mem.perWorkflowBytes()/1024, 2), f(res.Mem.goroutinesPerWorkflow(), 2)}
		}
		p("| %d | %s | %s | %v |\n", res.Round+1, res.SDK, strings.Join(slices.Concat(drain, lat, mem), " | "), issues)
	}

	if r.failures() > 0 {
		p("\nFailures:\n\n")
		for _, res := range r.results {
			for _, e := range []struct {
				what string
				err  error
			}{{"drain", res.DrainErr}, {"latency", res.LatencyErr}, {"cached memory", res.MemErr}} {
				if e.err != nil {
					p("- round %d, %s, %s: %s\n", res.Round+1, res.SDK, e.what, strings.ReplaceAll(e.err.Error(), "\n", " "))
				}
			}
		}
	}
	return b.String()
}

func f(v float64, digits int) string { return fmt.Sprintf("%.*f", digits, v) }

// cell renders one SDK's figure: "—" when it was not measured, "failed"
// when a round failed.
func cell(s *summary, v float64, ok bool, digits int) string {
	switch {
	case !s.measured:
		return "—"
	case !ok:
		return "failed"
	}
	return f(v, digits)
}

package main

import (
	"fmt"
	"slices"
	"time"
)

// summary is one SDK's measurements over all rounds under one load client
// on one server.
type summary struct {
	measured bool
	// Of the drains, per round.
	throughput, cpuMs, rssMiB []float64
	// firstLongest, firstSinceReady and firstStall are the drains' first
	// task waits (firstTaskWaits), in seconds.
	firstLongest, firstSinceReady, firstStall []float64
	// Of the drains, pooled over rounds.
	drainProcessing []time.Duration
	// Of the latency phase, pooled over rounds.
	latencies, normalWaits, stickyWaits, processing []time.Duration
	// taskExecution are the workers' own workflow-task execution times.
	taskExecution []time.Duration
	// Of the latency phase, per round.
	latWorkerCPUMs, latServerCPUMs []float64
	queuedPct                      []float64
	normalSyncPct, stickySyncPct   []float64
	cached                         [cachedKinds]cachedSummary
	// Set when any round's measurement failed: a median over the rest
	// would hide it.
	drainFailed, latencyFailed bool
}

// cachedSummary is one kind's cached-memory measurements, per round.
type cachedSummary struct {
	memKiB, heapKiB, stackKiB, goroutinesPerWorkflow []float64
	// aboveAfterSecond is goroutines above the baseline a second after
	// the cached workflows completed.
	aboveAfterSecond []float64
	// backSeconds is how long the goroutines took to come back to the
	// baseline, in the rounds where they did; notBack counts the others,
	// notBackAbove is the most left above the baseline in those.
	backSeconds  []float64
	notBack      int
	notBackAbove int
	failed       bool
}

func summarize(results []roundResult, loadClient, sdk string) *summary {
	s := &summary{}
	for _, r := range results {
		if r.SDK != sdk || r.LoadClient != loadClient {
			continue
		}
		s.measured = true
		if r.DrainErr != nil {
			s.drainFailed = true
		} else {
			d := r.Drain
			s.throughput = append(s.throughput, d.throughput())
			s.cpuMs = append(s.cpuMs, d.cpuPerWorkflowMs())
			s.rssMiB = append(s.rssMiB, mib(d.PeakRSS))
			s.firstLongest = append(s.firstLongest, d.First.Longest.Seconds())
			s.firstSinceReady = append(s.firstSinceReady, d.First.SinceReady.Seconds())
			s.firstStall = append(s.firstStall, d.First.Stall.Seconds())
			s.drainProcessing = append(s.drainProcessing, d.Tasks.Processing...)
		}
		if r.LatencyErr != nil {
			s.latencyFailed = true
		} else {
			l := r.Latency
			s.latencies = append(s.latencies, l.Latencies...)
			s.normalWaits = append(s.normalWaits, l.Tasks.NormalWaits...)
			s.stickyWaits = append(s.stickyWaits, l.Tasks.StickyWaits...)
			s.processing = append(s.processing, l.Tasks.Processing...)
			s.taskExecution = append(s.taskExecution, l.TaskExecution...)
			s.latWorkerCPUMs = append(s.latWorkerCPUMs, l.perWorkflowMs(l.WorkerCPU))
			if v, ok := l.Tasks.queuedShare(); ok {
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
		for kind := range cachedKinds {
			c := &s.cached[kind]
			if r.CachedErr[kind] != nil {
				c.failed = true
				continue
			}
			m := r.Cached[kind]
			c.memKiB = append(c.memKiB, m.perWorkflowBytes()/1024)
			c.heapKiB = append(c.heapKiB, m.heapPerWorkflowBytes()/1024)
			c.stackKiB = append(c.stackKiB, m.stackPerWorkflowBytes()/1024)
			c.goroutinesPerWorkflow = append(c.goroutinesPerWorkflow, m.goroutinesPerWorkflow())
			g := m.Goroutines
			c.aboveAfterSecond = append(c.aboveAfterSecond, float64(g.AfterSecond-g.Baseline))
			if g.Returned {
				c.backSeconds = append(c.backSeconds, g.Took.Seconds())
			} else {
				c.notBack++
				c.notBackAbove = max(c.notBackAbove, g.Last-g.Baseline)
			}
		}
	}
	return s
}

// goal is a row's target.
type goal struct {
	// label names the figure in the goals table.
	label string
	// text states the target, e.g. "≤ 0.4".
	text string
	// absolute goals are on ours' figure itself; the others on the ratio
	// ours / official.
	absolute bool
	meets    func(v float64) bool
}

func atMost(limit float64) func(float64) bool  { return func(v float64) bool { return v <= limit } }
func atLeast(limit float64) func(float64) bool { return func(v float64) bool { return v >= limit } }

// metric is a row of the table.
type metric struct {
	name   string
	digits int
	// value returns the SDK's figure; ok false means it failed or was not
	// measured.
	value func(s *summary) (v float64, ok bool)
	// text, when set, renders the SDK's figure instead of value, and the
	// row has no ratio.
	text func(s *summary) (string, bool)
	goal *goal
	// interval, when set, bounds the ratio (see ratioInterval).
	interval func(ours, official *summary) (lo, hi float64, ok bool)
}

// check compares the two SDKs' figures with m's goal: the figure the goal
// is on, and whether it is met; ok is false when a figure is missing.
func (m metric) check(ours, official *summary) (v float64, met, ok bool) {
	if m.goal == nil || m.value == nil {
		return 0, false, false
	}
	ov, ook := m.value(ours)
	if m.goal.absolute {
		return ov, ook && m.goal.meets(ov), ook
	}
	fv, fok := m.value(official)
	if !ook || !fok || fv == 0 {
		return 0, false, false
	}
	return ov / fv, m.goal.meets(ov / fv), true
}

// withGoal sets m's goal.
func (m metric) withGoal(g goal) metric {
	m.goal = &g
	return m
}

// withDigits sets the decimals m's figures are shown with.
func (m metric) withDigits(digits int) metric {
	m.digits = digits
	return m
}

// fromRounds is the value of a per-round figure over the rounds, by of
// (median, or slices.Max for the worst round).
func fromRounds(values func(s *summary) []float64, failed func(s *summary) bool, of func([]float64) float64) func(s *summary) (float64, bool) {
	return func(s *summary) (float64, bool) {
		if failed(s) || len(values(s)) == 0 {
			return 0, false
		}
		return of(values(s)), true
	}
}

func worst(values []float64) float64 { return slices.Max(values) }

// pooledRow is the row of percentile p (100 for the maximum) of samples
// pooled over the rounds; below the maximum it carries a bootstrap
// interval for the ratio.
func pooledRow(name string, samples func(s *summary) []time.Duration, failed func(s *summary) bool, p float64) metric {
	m := metric{name: name, digits: 1, value: func(s *summary) (float64, bool) {
		if failed(s) || len(samples(s)) == 0 {
			return 0, false
		}
		sorted := slices.Sorted(slices.Values(samples(s)))
		return ms(percentile(sorted, p)), true
	}}
	if p < 100 {
		m.interval = func(ours, official *summary) (float64, float64, bool) {
			if failed(ours) || failed(official) {
				return 0, 0, false
			}
			return ratioInterval(samples(ours), samples(official), p)
		}
	}
	return m
}

// metrics are the table's rows, the goals first; withServer adds those
// that need the server's process and metrics, known when the benchmark
// started it.
func metrics(withServer bool, goroutineWait time.Duration) []metric {
	drainFailed := func(s *summary) bool { return s.drainFailed }
	latencyFailed := func(s *summary) bool { return s.latencyFailed }
	perRound := func(values func(s *summary) []float64, failed func(s *summary) bool) func(s *summary) (float64, bool) {
		return fromRounds(values, failed, median)
	}
	cachedRows := func(kind cachedKind) (mem metric, detail []metric, goroutines metric) {
		failed := func(s *summary) bool { return s.cached[kind].failed }
		of := func(values func(c *cachedSummary) []float64) func(s *summary) []float64 {
			return func(s *summary) []float64 { return values(&s.cached[kind]) }
		}
		mem = metric{name: fmt.Sprintf("Memory per cached workflow, %s, heap+stack (KiB)", kind), digits: 2,
			value: perRound(of(func(c *cachedSummary) []float64 { return c.memKiB }), failed)}.
			withGoal(goal{label: fmt.Sprintf("Memory per cached workflow, %s", kind), text: "≤ 0.5", meets: atMost(0.5)})
		detail = []metric{
			{name: fmt.Sprintf("… %s: of which heap (KiB)", kind), digits: 2, value: perRound(of(func(c *cachedSummary) []float64 { return c.heapKiB }), failed)},
			{name: fmt.Sprintf("… %s: of which goroutine stacks (KiB)", kind), digits: 2, value: perRound(of(func(c *cachedSummary) []float64 { return c.stackKiB }), failed)},
			{name: fmt.Sprintf("… %s: goroutines per cached workflow", kind), digits: 2, value: perRound(of(func(c *cachedSummary) []float64 { return c.goroutinesPerWorkflow }), failed)},
			{name: fmt.Sprintf("… %s: time until goroutines back at the baseline, worst round (s)", kind), text: func(s *summary) (string, bool) {
				c := s.cached[kind]
				switch {
				case c.failed || len(c.backSeconds)+c.notBack == 0:
					return "", false
				case c.notBack > 0:
					return fmt.Sprintf("not in %v (%+d)", goroutineWait, c.notBackAbove), true
				}
				return f(slices.Max(c.backSeconds), 1), true
			}},
		}
		goroutines = metric{name: fmt.Sprintf("Goroutines above the idle baseline 1 s after the cached workflows completed, %s (worst round)", kind), digits: 0,
			value: fromRounds(of(func(c *cachedSummary) []float64 { return c.aboveAfterSecond }), failed, worst)}.
			withGoal(goal{label: fmt.Sprintf("Goroutines above the idle baseline 1 s after the cached workflows completed, %s (ours, worst round)", kind), text: "ours ≤ 0", absolute: true, meets: atMost(0)})
		return mem, detail, goroutines
	}
	memSignal, detailSignal, goroutinesSignal := cachedRows(cachedSignal)
	memTimer, detailTimer, goroutinesTimer := cachedRows(cachedTimer)

	goals := []metric{
		metric{name: "Worker CPU per workflow, drain (ms)", digits: 3, value: perRound(func(s *summary) []float64 { return s.cpuMs }, drainFailed)}.
			withGoal(goal{label: "Worker CPU per workflow, drain", text: "≤ 0.4", meets: atMost(0.4)}),
		memSignal, memTimer, goroutinesSignal, goroutinesTimer,
		pooledRow("Workflow task started-to-completed p99, latency phase (ms)", func(s *summary) []time.Duration { return s.processing }, latencyFailed, 99).
			withGoal(goal{label: "Workflow task started-to-completed p99, latency phase", text: "≤ 0.5", meets: atMost(0.5)}),
		pooledRow("Sticky-queue schedule-to-start p99, latency phase (ms)", func(s *summary) []time.Duration { return s.stickyWaits }, latencyFailed, 99).
			withGoal(goal{label: "Sticky-queue schedule-to-start p99, latency phase", text: "≤ 1.0", meets: atMost(1.0)}),
		metric{name: "Longest normal-queue stall while a first task waited, worst drain (s)", digits: 2,
			value: fromRounds(func(s *summary) []float64 { return s.firstStall }, drainFailed, worst)}.
			withGoal(goal{label: "Longest normal-queue stall while a first task waited (ours, worst drain, s)", text: "ours ≤ 5", absolute: true, meets: atMost(5)}),
		metric{name: "Drain throughput (workflows/s)", digits: 1, value: perRound(func(s *summary) []float64 { return s.throughput }, drainFailed)}.
			withGoal(goal{label: "Drain throughput", text: "≥ 1.0", meets: atLeast(1.0)}),
	}

	var server []metric
	if withServer {
		server = []metric{
			{name: "Workflow tasks sync-matched to a waiting poll, normal queue, latency phase (%)", digits: 0, value: perRound(func(s *summary) []float64 { return s.normalSyncPct }, latencyFailed)},
			{name: "Workflow tasks sync-matched to a waiting poll, sticky queue, latency phase (%)", digits: 0, value: perRound(func(s *summary) []float64 { return s.stickySyncPct }, latencyFailed)},
			{name: "Server CPU per workflow, latency phase (ms)", digits: 2, value: perRound(func(s *summary) []float64 { return s.latServerCPUMs }, latencyFailed)},
		}
	}
	latencies := func(s *summary) []time.Duration { return s.latencies }
	taskExecution := func(s *summary) []time.Duration { return s.taskExecution }
	return slices.Concat(goals, []metric{
		pooledRow("Workflow task execution p50, the worker's own timer, latency phase (ms)", taskExecution, latencyFailed, 50).withDigits(2),
		pooledRow("Workflow task execution p99, the worker's own timer, latency phase (ms)", taskExecution, latencyFailed, 99).withDigits(2),
		{name: "Worker peak RSS, drain (MiB)", digits: 1, value: perRound(func(s *summary) []float64 { return s.rssMiB }, drainFailed)},
	}, detailSignal, detailTimer, []metric{
		pooledRow("Workflow task started-to-completed p50, latency phase (ms)", func(s *summary) []time.Duration { return s.processing }, latencyFailed, 50),
		pooledRow("Workflow task started-to-completed p99, drain (ms)", func(s *summary) []time.Duration { return s.drainProcessing }, drainFailed, 99),
		pooledRow("Sticky-queue schedule-to-start p50, latency phase (ms)", func(s *summary) []time.Duration { return s.stickyWaits }, latencyFailed, 50),
		pooledRow("Normal-queue schedule-to-start p50, latency phase (ms)", func(s *summary) []time.Duration { return s.normalWaits }, latencyFailed, 50),
		pooledRow("Normal-queue schedule-to-start p99, latency phase (ms)", func(s *summary) []time.Duration { return s.normalWaits }, latencyFailed, 99),
	}, server, []metric{
		{name: "Longest first-task wait counted from the worker's start, worst drain (s)", digits: 2, value: fromRounds(func(s *summary) []float64 { return s.firstSinceReady }, drainFailed, worst)},
		{name: "Longest first-task schedule-to-start, backlog included, worst drain (s)", digits: 2, value: fromRounds(func(s *summary) []float64 { return s.firstLongest }, drainFailed, worst)},
		pooledRow("Start-to-result latency p50 (ms)", latencies, latencyFailed, 50),
		pooledRow("Start-to-result latency p95 (ms)", latencies, latencyFailed, 95),
		pooledRow("Start-to-result latency p99 (ms)", latencies, latencyFailed, 99),
		pooledRow("Start-to-result latency, slowest (ms)", latencies, latencyFailed, 100),
		{name: "Workflow task waits for a poll, share of run time, latency phase (%)", digits: 0, value: perRound(func(s *summary) []float64 { return s.queuedPct }, latencyFailed)},
		{name: "Worker CPU per workflow, latency phase (ms)", digits: 3, value: perRound(func(s *summary) []float64 { return s.latWorkerCPUMs }, latencyFailed)},
	})
}

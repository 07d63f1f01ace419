package engine_test

import (
	"runtime"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// sleeper is a workflow blocked on a timer with a signal handler
// registered: the shape of most runs waiting in a sticky cache.
func sleeper(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
	if err := engine.SetQueryHandler(ctx, "state", func() (string, error) { return "sleeping", nil }); err != nil {
		return nil, err
	}
	return nil, engine.Sleep(ctx, time.Hour)
}

// BenchmarkFirstTask measures the engine's work for a run's first
// workflow task: a new execution, the start event, the workflow up to its
// first blocking call, the commands.
func BenchmarkFirstTask(b *testing.B) {
	events := loadHistory(b, "testdata/sdkgo-wait-cancel.json")[:3]
	b.ReportAllocs()
	for b.Loop() {
		x := engine.NewExecution(engine.Params{Workflow: sleeper, SdkMetadataCapable: true})
		if _, err := x.ProcessTask(&engine.Task{Events: events, StartedEventID: 3}); err != nil {
			b.Fatal(err)
		}
		_ = x.Close()
	}
}

// BenchmarkCachedRunMemory reports the heap a run holds while it waits in
// the sticky cache (its coroutine stack, state and command machines), as
// bytes per run over 1,000 runs. The runs share Sleep's encoded summary,
// as a worker's do: encoded for each run, it is the biggest thing a
// sleeping run would keep, and it grows the coroutine's stack.
func BenchmarkCachedRunMemory(b *testing.B) {
	events := loadHistory(b, "testdata/sdkgo-wait-cancel.json")[:3]
	summary, err := engine.SleepSummary(converter.Default())
	if err != nil {
		b.Fatal(err)
	}
	const runs = 1000
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		xs := make([]*engine.Execution, runs)
		for i := range xs {
			xs[i] = engine.NewExecution(engine.Params{Workflow: sleeper, SdkMetadataCapable: true, SleepSummary: summary})
			if _, err := xs[i].ProcessTask(&engine.Task{Events: events, StartedEventID: 3}); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		// Goroutine stacks are not heap: count them separately.
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/runs, "heap-B/run")
		b.ReportMetric(float64(after.StackInuse-before.StackInuse)/runs, "stack-B/run")
		for _, x := range xs {
			_ = x.Close()
		}
		b.StartTimer()
	}
}

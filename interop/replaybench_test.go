package interop_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdkconverter "go.temporal.io/sdk/converter"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/replay"
	ourworker "github.com/workflowdef/workflowdef/runtime/worker"
)

// The replay benchmark's official half: the workflow fixture.ReplayBench
// written against the official SDK, the test that records its history and
// checks that both SDKs replay it, and BenchmarkOfficialReplayHistory, to
// compare with BenchmarkReplayHistory in replay:
//
//	go test -run '^$' -bench ReplayHistory -benchmem ./...           (here)
//	go test -run '^$' -bench ReplayHistory -benchmem ./replay        (repository root)
//
// Re-record the history, from this directory, with
//
//	go test -run TestRecordReplayBenchmarkHistory -record-bench-history

var recordBenchHistory = flag.Bool("record-bench-history", false,
	"run the replay benchmark workflow on an official worker and write its history to "+fixture.ReplayBenchHistoryFile)

// officialReplayBench is fixture.ReplayBench written with the official SDK.
func officialReplayBench(ctx sdkworkflow.Context) (string, error) {
	ctx = sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	signals, signalSum := 0, 0
	sdkworkflow.Go(ctx, func(ctx sdkworkflow.Context) {
		ch := sdkworkflow.GetSignalChannel(ctx, fixture.ReplayBenchSignal)
		for {
			var n int
			ch.Receive(ctx, &n)
			signals++
			signalSum += n
		}
	})
	echoed, failed, sideSum := 0, 0, 0
	for round := range fixture.ReplayBenchRounds {
		activities := make([]sdkworkflow.Future, fixture.ReplayBenchBatch)
		timers := make([]sdkworkflow.Future, fixture.ReplayBenchBatch)
		for i := range fixture.ReplayBenchBatch {
			activities[i] = sdkworkflow.ExecuteActivity(ctx, "Echo", fmt.Sprintf("r%d-a%d", round, i))
			timers[i] = sdkworkflow.NewTimer(ctx, fixture.ReplayBenchTimer)
		}
		for _, f := range activities {
			var r string
			if err := f.Get(ctx, &r); err != nil {
				failed++
				continue
			}
			echoed += len(r)
		}
		for _, f := range timers {
			if err := f.Get(ctx, nil); err != nil {
				return "", err
			}
		}
		for i := range fixture.ReplayBenchSideEffects {
			var v int
			if err := sdkworkflow.SideEffect(ctx, func(sdkworkflow.Context) any { return round*fixture.ReplayBenchSideEffects + i }).Get(&v); err != nil {
				return "", err
			}
			sideSum += v
		}
	}
	if err := sdkworkflow.Await(ctx, func() bool { return signals >= fixture.ReplayBenchSignals }); err != nil {
		return "", err
	}
	return fmt.Sprintf("echoed %d failed %d side effects %d signals %d/%d", echoed, failed, sideSum, signals, signalSum), nil
}

// quietLogger drops the official replayer's logs, which would otherwise
// dominate its figures (a nil logger means the SDK's default, which prints).
type quietLogger struct{}

func (quietLogger) Debug(string, ...any)               {}
func (quietLogger) Info(string, ...any)                {}
func (quietLogger) Warn(string, ...any)                {}
func (quietLogger) Error(string, ...any)               {}
func (l quietLogger) With(...any) sdklog.Logger        { return l }
func (l quietLogger) WithCallerSkip(int) sdklog.Logger { return l }

func officialBenchReplayer() worker.WorkflowReplayer {
	rp := worker.NewWorkflowReplayer()
	rp.RegisterWorkflowWithOptions(officialReplayBench, sdkworkflow.RegisterOptions{Name: fixture.ReplayBenchWorkflow})
	return rp
}

func ourBenchReplayer(tb testing.TB) *replay.Replayer {
	tb.Helper()
	r := ourworker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(fixture.ReplayBench, ourworker.RegisterWorkflowOptions{Name: fixture.ReplayBenchWorkflow}); err != nil {
		tb.Fatal(err)
	}
	return replay.NewReplayer(r, replay.Options{})
}

func replayBenchHistoryPath(tb testing.TB) string {
	tb.Helper()
	root, err := testenv.RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(root, fixture.ReplayBenchHistoryFile)
}

func loadReplayBenchHistory(tb testing.TB) *historypb.History {
	tb.Helper()
	h, err := replay.LoadHistoryFile(replayBenchHistoryPath(tb))
	if err != nil {
		tb.Fatalf("%v (record it from interop/ with go test -run TestRecordReplayBenchmarkHistory -record-bench-history)", err)
	}
	return h
}

// TestRecordReplayBenchmarkHistory checks that the committed benchmark
// history is what the benchmark says it is and replays on both SDKs; with
// -record-bench-history it first records it afresh on an official worker.
func TestRecordReplayBenchmarkHistory(t *testing.T) {
	if *recordBenchHistory {
		recordReplayBenchHistory(t, replayBenchHistoryPath(t))
	}
	h := loadReplayBenchHistory(t)

	counts := map[enumspb.EventType]int{}
	for _, e := range h.GetEvents() {
		counts[e.GetEventType()]++
	}
	for typ, want := range map[enumspb.EventType]int{
		enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:             fixture.ReplayBenchRounds * fixture.ReplayBenchBatch,
		enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:             fixture.ReplayBenchRounds * fixture.ReplayBenchBatch,
		enumspb.EVENT_TYPE_TIMER_STARTED:                       fixture.ReplayBenchRounds * fixture.ReplayBenchBatch,
		enumspb.EVENT_TYPE_TIMER_FIRED:                         fixture.ReplayBenchRounds * fixture.ReplayBenchBatch,
		enumspb.EVENT_TYPE_MARKER_RECORDED:                     fixture.ReplayBenchRounds * fixture.ReplayBenchSideEffects,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:         fixture.ReplayBenchSignals,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:        1,
		enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:                0,
		enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:             0,
		enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED:                0,
		enumspb.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:             0,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: 0,
	} {
		if counts[typ] != want {
			t.Errorf("%d %s events, want %d", counts[typ], typ, want)
		}
	}
	t.Logf("%d events, %d workflow tasks", len(h.GetEvents()), counts[enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED])

	official := officialBenchReplayer()
	if err := official.ReplayWorkflowHistory(quietLogger{}, h); err != nil {
		t.Errorf("official replayer: %v", err)
	} else {
		// The official replayer keeps the result it replayed, though its
		// interface does not say so.
		var got, want string
		if err := official.(interface{ GetWorkflowResult(string, any) error }).GetWorkflowResult("", &got); err != nil {
			t.Error(err)
		}
		last := h.GetEvents()[len(h.GetEvents())-1].GetWorkflowExecutionCompletedEventAttributes()
		if err := sdkconverter.GetDefaultDataConverter().FromPayloads(last.GetResult(), &want); err != nil {
			t.Error(err)
		}
		if got != want {
			t.Errorf("official replay returned %q, the history %q", got, want)
		}
	}
	if err := ourBenchReplayer(t).ReplayHistory(h); err != nil {
		t.Errorf("our replayer: %v", err)
	}
}

// recordReplayBenchHistory runs officialReplayBench on an official worker,
// signalling it while it runs, and writes the history to path.
func recordReplayBenchHistory(t *testing.T, path string) {
	official, taskQueue := startOfficialWorker(t, sdkclient.Options{}, func(w worker.Registry) {
		registerScenarioActivities(w)
		w.RegisterWorkflowWithOptions(officialReplayBench, sdkworkflow.RegisterOptions{Name: fixture.ReplayBenchWorkflow})
	})
	ctx := testContext(t)
	id := uniqueName(t, "replay-bench")
	start := time.Now()
	run, err := official.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, fixture.ReplayBenchWorkflow)
	if err != nil {
		t.Fatal(err)
	}
	// Spread the signals over the rounds, which take about a second each
	// (the timers), so they land among the other events rather than in one
	// workflow task.
	for i := range fixture.ReplayBenchSignals {
		if err := official.SignalWorkflow(ctx, id, run.GetRunID(), fixture.ReplayBenchSignal, i); err != nil {
			t.Fatal(err)
		}
		time.Sleep(fixture.ReplayBenchRounds * time.Second / fixture.ReplayBenchSignals)
	}
	var result string
	if err := run.Get(ctx, &result); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded in %v: %s", time.Since(start).Round(time.Millisecond), result)
	h, err := replay.FetchHistory(ctx, dialOurs(t, clientOptionsForReplay()), id, run.GetRunID())
	if err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d events, %d bytes, to %s", len(h.GetEvents()), len(b), path)
}

func BenchmarkOfficialReplayHistory(b *testing.B) {
	h := loadReplayBenchHistory(b)
	rp := officialBenchReplayer()
	fixture.BenchmarkReplay(b, h, func(h *historypb.History) error {
		return rp.ReplayWorkflowHistory(quietLogger{}, h)
	})
}

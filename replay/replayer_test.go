package replay_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

const idsHistory = "testdata/regression/ids.json"

// registry registers each workflow under its name.
func registry(t *testing.T, workflows map[string]any) *worker.Registry {
	t.Helper()
	r := worker.NewRegistry()
	for name, fn := range workflows {
		if err := r.RegisterWorkflowWithOptions(fn, worker.RegisterWorkflowOptions{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestReplayHistoryNamesTheRunAndTheEventThatDiverged(t *testing.T) {
	h, err := replay.LoadHistoryFile(idsHistory)
	if err != nil {
		t.Fatal(err)
	}
	rp := replay.NewReplayer(registry(t, map[string]any{"IDs": fixture.IDsWith("Charge")}), replay.Options{})
	err = rp.ReplayHistory(h)
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) {
		t.Fatalf("err = %v, want a NondeterminismError", err)
	}
	start := h.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes()
	if nde.WorkflowType != "IDs" || nde.WorkflowID != start.GetWorkflowId() || nde.RunID != start.GetOriginalExecutionRunId() {
		t.Errorf("the error names workflow %s (ID %q, run %s), want IDs (ID %q, run %s)",
			nde.WorkflowType, nde.WorkflowID, nde.RunID, start.GetWorkflowId(), start.GetOriginalExecutionRunId())
	}
	for _, want := range []string{"event 7 ActivityTaskScheduled", "activity Echo", "activity Charge", "workflow.GetVersion"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
	if n := strings.Count(err.Error(), "workflow IDs"); n != 1 {
		t.Errorf("message names the workflow %d times, want once:\n%v", n, err)
	}
}

func TestReplayHistoryRefusesWhatItCannotReplay(t *testing.T) {
	h, err := replay.LoadHistoryFile(idsHistory)
	if err != nil {
		t.Fatal(err)
	}
	short, _ := replay.LoadHistoryFile(idsHistory)
	short.Events = short.Events[:2]
	corrupt, _ := replay.LoadHistoryFile(idsHistory)
	corrupt.Events[5].EventId = 60
	var isCorrupt *replay.CorruptHistoryError
	for _, tc := range []struct {
		name string
		rp   *replay.Replayer
		want string
	}{
		{"unregistered type", replay.NewReplayer(worker.NewRegistry(), replay.Options{}), `workflow type "IDs" is not registered`},
		{"no registry", replay.NewReplayer(nil, replay.Options{}), "has no registry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.rp.ReplayHistory(h); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
	rp := replay.NewReplayer(registry(t, map[string]any{"IDs": fixture.IDs}), replay.Options{})
	if err := rp.ReplayHistory(short); err == nil || !strings.Contains(err.Error(), "at least 3 events") {
		t.Errorf("short history: %v", err)
	}
	if err := rp.ReplayHistory(corrupt); !errors.As(err, &isCorrupt) || isCorrupt.EventID != 60 {
		t.Errorf("corrupt history: %v, want a CorruptHistoryError at event 60", err)
	}
}

func TestReplayerIsSafeForConcurrentUse(t *testing.T) {
	h, err := replay.LoadHistoryFile(idsHistory)
	if err != nil {
		t.Fatal(err)
	}
	rp := replay.NewReplayer(registry(t, map[string]any{"IDs": fixture.IDs}), replay.Options{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := rp.ReplayHistory(h); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

func TestReplayFileErrorsNameTheFile(t *testing.T) {
	rp := replay.NewReplayer(registry(t, map[string]any{"IDs": fixture.IDsWith("Charge")}), replay.Options{})
	err := rp.ReplayFile(idsHistory)
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) || !strings.HasPrefix(err.Error(), "replay: "+idsHistory+": workflow IDs") {
		t.Errorf("diverged: %v, want a NondeterminismError naming %s", err, idsHistory)
	}
	if err := rp.ReplayFile("testdata/corrupt/id_gap.json"); err == nil || !strings.Contains(err.Error(), "testdata/corrupt/id_gap.json") {
		t.Errorf("corrupt file: %v", err)
	}
	if err := rp.ReplayFile("testdata/absent.json"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("absent file: %v", err)
	}
	unregistered := replay.NewReplayer(worker.NewRegistry(), replay.Options{})
	if err := unregistered.ReplayFile(idsHistory); err == nil || !strings.HasPrefix(err.Error(), "replay: "+idsHistory+": workflow IDs") {
		t.Errorf("unregistered: %v", err)
	}
}

func TestReplayDirReportsEveryHistory(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"ids.json", "wait-cancel.json"} {
		data, err := os.ReadFile(filepath.Join("testdata/regression", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	forgetful := func(ctx workflow.Context) error { return workflow.Sleep(ctx, time.Hour) } // WaitCancel without its cleanup
	rp := replay.NewReplayer(registry(t, map[string]any{"IDs": fixture.IDs, "WaitCancel": forgetful}), replay.Options{})
	results, err := rp.ReplayDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 || results[0].Name != "ids.json" || results[1].Name != "wait-cancel.json" {
		t.Fatalf("results %+v, want ids.json then wait-cancel.json", results)
	}
	if results[0].Err != nil {
		t.Errorf("ids.json: %v", results[0].Err)
	}
	var nde *temporal.NondeterminismError
	if err := results[1].Err; !errors.As(err, &nde) || !strings.Contains(err.Error(), filepath.Join(dir, "wait-cancel.json")) {
		t.Errorf("wait-cancel.json: %v, want a NondeterminismError naming the file", err)
	}

	// A replay test must not pass by replaying nothing, or by skipping a
	// file it cannot read.
	if _, err := rp.ReplayDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no history files") {
		t.Errorf("empty directory: %v", err)
	}
	if _, err := rp.ReplayDir("testdata/corrupt"); err == nil {
		t.Error("a directory of corrupt histories replayed")
	}
}

// stuckThenSleep is timer_short.json's workflow when its code blocks the
// way workflow code must not, for wait, before it sleeps on a timer.
func stuckThenSleep(wait time.Duration) func(workflow.Context) error {
	return func(ctx workflow.Context) error {
		time.Sleep(wait)
		return workflow.Sleep(ctx, time.Second)
	}
}

func TestDeadlockDetectionTimeoutBoundsCodeThatDoesNotYield(t *testing.T) {
	const workflowType = "acme.orders.v1.OrderService.ProcessOrder"
	t.Run("exceeded", func(t *testing.T) {
		rp := replay.NewReplayer(registry(t, map[string]any{workflowType: stuckThenSleep(time.Second)}), replay.Options{DeadlockDetectionTimeout: 50 * time.Millisecond})
		err := rp.ReplayFile("testdata/timer_short.json")
		for _, want := range []string{"potential deadlock", "did not yield for over 50ms", "left running"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want it to say %q", err, want)
			}
		}
	})
	t.Run("off", func(t *testing.T) {
		// Longer than the default timeout of a second.
		rp := replay.NewReplayer(registry(t, map[string]any{workflowType: stuckThenSleep(1200 * time.Millisecond)}), replay.Options{DeadlockDetectionTimeout: -1})
		if err := rp.ReplayFile("testdata/timer_short.json"); err != nil {
			t.Errorf("with detection off: %v", err)
		}
	})
}

// Greet is the workflow of TestReplayExecutionReplaysWithTheWorkersOptions.
func Greet(ctx workflow.Context, name string) (string, error) {
	return "hello " + name, nil
}

// auditStamp is an interceptor that makes a workflow call of its own: a
// side effect, recorded in the history as a marker before the workflow's
// calls.
type auditStamp struct {
	interceptor.ActivityInboundBase
}

func (auditStamp) InterceptWorkflow(next interceptor.WorkflowInbound) interceptor.WorkflowInbound {
	return interceptor.WorkflowFunc(func(ctx workflow.Context, in *interceptor.ExecuteWorkflowInput) (*commonpb.Payloads, error) {
		var stamp string
		if err := workflow.SideEffect(ctx, func(workflow.Context) any { return "audited" }).Get(&stamp); err != nil {
			return nil, err
		}
		return next.ExecuteWorkflow(ctx, in)
	})
}

// TestReplayExecutionReplaysWithTheWorkersOptions runs a workflow on a
// worker whose client compresses payloads and whose interceptor records a
// side effect, then replays the run from the server: with the worker's
// converter and interceptors it replays; without the interceptor the code
// misses the marker; without the converter it cannot read the payloads.
func TestReplayExecutionReplaysWithTheWorkersOptions(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	dc := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	c, err := client.Dial(ctx, client.Options{HostPort: server.Address(), Namespace: server.Namespace(), DataConverter: dc})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	interceptors := []interceptor.Worker{auditStamp{}}
	id := uniqueID(t)
	w, err := worker.New(c, id, worker.Options{Interceptors: interceptors})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflow(Greet); err != nil {
		t.Fatal(err)
	}
	if err := w.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := w.Stop(context.WithoutCancel(ctx)); err != nil {
			t.Error(err)
		}
	}()
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: id}, "Greet", "replay")
	if err != nil {
		t.Fatal(err)
	}
	var greeting string
	if err := run.Get(ctx, &greeting); err != nil || greeting != "hello replay" {
		t.Fatalf("the run returned %q, %v", greeting, err)
	}

	// The worker's registry serves the replayer as it is.
	rp := replay.NewReplayer(w.Registry, replay.Options{DataConverter: dc, Interceptors: interceptors})
	for name, runID := range map[string]string{"latest run": "", "by run ID": run.RunID()} {
		if err := rp.ReplayExecution(ctx, c, id, runID); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}

	err = replay.NewReplayer(w.Registry, replay.Options{DataConverter: dc}).ReplayExecution(ctx, c, id, run.RunID())
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) || nde.WorkflowID != id || nde.RunID != run.RunID() || !strings.Contains(err.Error(), "SideEffect") {
		t.Errorf("without the interceptor: %v, want a NondeterminismError for the side effect of run %s", err, run.RunID())
	}

	err = replay.NewReplayer(w.Registry, replay.Options{Interceptors: interceptors}).ReplayExecution(ctx, c, id, run.RunID())
	if err == nil || errors.As(err, &nde) || !strings.Contains(err.Error(), `"binary/zlib"`) {
		t.Errorf("without the converter: %v, want an error that it cannot decode the compressed payloads", err)
	}

	if err := rp.ReplayExecution(ctx, c, id+"-absent", ""); err == nil {
		t.Error("replayed a workflow that does not exist")
	}
}

// Code that starts a timer where the history scheduled an activity is told
// which activity the history recorded: its ID and type, as the official
// SDK's message shows them.
func TestNondeterminismNamesTheRecordedActivity(t *testing.T) {
	h, err := replay.LoadHistoryFile("testdata/regression/ids.json")
	if err != nil {
		t.Fatal(err)
	}
	timerFirst := func(ctx workflow.Context) error { return workflow.Sleep(ctx, time.Hour) }
	err = replay.NewReplayer(registry(t, map[string]any{"IDs": timerFirst}), replay.Options{}).ReplayHistory(h)
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) {
		t.Fatalf("err = %v, want a NondeterminismError", err)
	}
	if !strings.Contains(err.Error(), `Activity "7" (type Echo)`) {
		t.Errorf("the error does not name the activity the history recorded at event 7:\n%v", err)
	}
}

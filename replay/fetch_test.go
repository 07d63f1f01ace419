package replay_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
)

func dial(t *testing.T) *client.Client { return testenv.Dial(t, server) }

func uniqueID(t *testing.T) string { return testenv.UniqueID(t) }

// signaledAndTerminated starts a workflow no worker runs, so it stays open
// with one workflow task scheduled, sends it signals signals and terminates
// it: a history of signals+3 events, one event per server write.
func signaledAndTerminated(ctx context.Context, t *testing.T, c *client.Client, id string, signals int) *client.WorkflowRun {
	t.Helper()
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: id}, "replay.test.Idle", "input")
	if err != nil {
		t.Fatal(err)
	}
	const senders = 4
	var wg sync.WaitGroup
	errs := make(chan error, senders)
	for s := range senders {
		wg.Go(func() {
			for i := s; i < signals; i += senders {
				if err := c.SignalWorkflow(ctx, id, run.RunID(), "poke", i); err != nil {
					errs <- fmt.Errorf("signal %d: %w", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := c.TerminateWorkflow(ctx, id, run.RunID(), "history complete"); err != nil {
		t.Fatal(err)
	}
	return run
}

func checkSignaledAndTerminated(t *testing.T, h *historypb.History, signals int) {
	t.Helper()
	events := h.GetEvents()
	if len(events) != signals+3 {
		t.Fatalf("got %d events, want %d", len(events), signals+3)
	}
	counts := map[enumspb.EventType]int{}
	for i, e := range events {
		if e.GetEventId() != int64(i)+1 {
			t.Fatalf("event at index %d has ID %d", i, e.GetEventId())
		}
		counts[e.GetEventType()]++
	}
	if got := counts[enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]; got != signals {
		t.Errorf("got %d signals, want %d", got, signals)
	}
	if first, last := events[0].GetEventType(), events[len(events)-1].GetEventType(); first != enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED || last != enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED {
		t.Errorf("history runs from %v to %v, want WorkflowExecutionStarted to WorkflowExecutionTerminated", first, last)
	}
}

func TestFetchHistoryFollowsEveryPageOfALongHistory(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	c := dial(t)
	id := uniqueID(t)
	// The server pages at 256 events: more than 512 make three pages.
	const signals = 600
	run := signaledAndTerminated(ctx, t, c, id, signals)

	// Check the premise: the server does page this history.
	var pages []int
	for token := []byte(nil); len(pages) == 0 || len(token) > 0; {
		resp, err := c.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
			Namespace: c.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: id, RunId: run.RunID()}, NextPageToken: token,
		})
		if err != nil {
			t.Fatal(err)
		}
		pages, token = append(pages, len(resp.GetHistory().GetEvents())), resp.GetNextPageToken()
	}
	if len(pages) < 3 {
		t.Fatalf("the server returned the history in pages of %v events: want at least three pages", pages)
	}

	for name, runID := range map[string]string{"by run ID": run.RunID(), "latest run": ""} {
		t.Run(name, func(t *testing.T) {
			h, err := replay.FetchHistory(ctx, c, id, runID)
			if err != nil {
				t.Fatal(err)
			}
			checkSignaledAndTerminated(t, h, signals)
		})
	}
}

func TestFetchHistoryReturnsOnlyTheRunAskedFor(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	c := dial(t)
	id := uniqueID(t)
	first := signaledAndTerminated(ctx, t, c, id, 2)
	second, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: id}, "replay.test.Idle")
	if err != nil {
		t.Fatal(err)
	}

	h, err := replay.FetchHistory(ctx, c, id, first.RunID())
	if err != nil {
		t.Fatal(err)
	}
	checkSignaledAndTerminated(t, h, 2)

	latest, err := replay.FetchHistory(ctx, c, id, "")
	if err != nil {
		t.Fatal(err)
	}
	events := latest.GetEvents()
	if len(events) != 2 || events[1].GetEventType() != enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED {
		t.Errorf("latest run: got %d events ending in %v, want the open second run's 2", len(events), events[len(events)-1].GetEventType())
	}
	if got := events[0].GetWorkflowExecutionStartedEventAttributes().GetFirstExecutionRunId(); got != second.RunID() {
		t.Errorf("latest run's first execution run ID = %q, want the second run %q", got, second.RunID())
	}
	if err := c.TerminateWorkflow(ctx, id, second.RunID(), "test over"); err != nil {
		t.Fatal(err)
	}
}

func TestFetchHistoryOfAMissingWorkflowIsNotFound(t *testing.T) {
	c := dial(t)
	_, err := replay.FetchHistory(t.Context(), c, "no-such-workflow", "")
	var notFound *serviceerror.NotFound
	if !errors.As(err, &notFound) {
		t.Fatalf("err = %v (%T), want a *serviceerror.NotFound", err, err)
	}
	if !strings.Contains(err.Error(), `workflow "no-such-workflow"`) {
		t.Errorf("err = %v, want it to name the workflow", err)
	}
}

func TestFetchHistoryNeedsAClientAndAWorkflowID(t *testing.T) {
	if _, err := replay.FetchHistory(t.Context(), nil, "w", ""); err == nil || !strings.Contains(err.Error(), "client") {
		t.Errorf("nil client: err = %v", err)
	}
	if _, err := replay.FetchHistory(t.Context(), dial(t), "", ""); err == nil || !strings.Contains(err.Error(), "workflow ID") {
		t.Errorf("empty workflow ID: err = %v", err)
	}
}

// TestReadHistoryReadsTemporalCLIWorkflowShow runs the pinned Temporal CLI's
// `workflow show --output json` and loads what it prints: a History object
// with canonical enum names and int64 values as strings.
func TestReadHistoryReadsTemporalCLIWorkflowShow(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	c := dial(t)
	id := uniqueID(t)
	const signals = 300 // two pages, which the CLI joins into one History
	run := signaledAndTerminated(ctx, t, c, id, signals)

	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	cli, err := devserver.BuildCLI(ctx, filepath.Join(root, "tools", "temporal", "go.mod"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, cli, "workflow", "show",
		"--workflow-id", id, "--run-id", run.RunID(), "--output", "json",
		"--address", server.Address(), "--namespace", server.Namespace(),
		// Ignore the machine's temporal.toml and TEMPORAL_* settings.
		"--disable-config-file", "--disable-config-env")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.String())
	}
	out := stdout.Bytes()
	if !bytes.HasPrefix(out, []byte("{\n  \"events\": [")) || !bytes.Contains(out, []byte(`"eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"`)) {
		t.Errorf("the CLI's JSON has changed shape; it starts:\n%s", out[:min(len(out), 300)])
	}

	h, err := replay.ReadHistory(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	checkSignaledAndTerminated(t, h, signals)
	fetched, err := replay.FetchHistory(ctx, c, id, run.RunID())
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(h, fetched) {
		t.Error("the CLI's history differs from FetchHistory's")
	}
}

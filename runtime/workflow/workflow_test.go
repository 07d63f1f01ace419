package workflow_test

import (
	"math"
	"os"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func history(t *testing.T, name string) []*historypb.HistoryEvent {
	t.Helper()
	data, err := os.ReadFile("../internal/engine/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var h historypb.History
	if err := (temporalproto.CustomJSONUnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	return h.GetEvents()
}

// replay runs a workflow written against this package over a whole history.
func replay(t *testing.T, wf func(ctx workflow.Context) (string, error), events []*historypb.HistoryEvent) (string, error) {
	t.Helper()
	dc := converter.Default()
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		out, err := wf(ctx)
		if err != nil {
			return nil, err
		}
		return dc.ToPayloads(out)
	}})
	defer x.Close()
	c, err := x.ProcessTask(&engine.Task{Events: events, PreviousStartedEventID: math.MaxInt64})
	if err != nil {
		return "", err
	}
	var out string
	if r := c.Commands[len(c.Commands)-1].GetCompleteWorkflowExecutionCommandAttributes().GetResult(); r != nil {
		err = dc.FromPayloads(r, &out)
	}
	return out, err
}

func TestWorkflowWrittenLikeTheOfficialSDKReplaysItsHistory(t *testing.T) {
	got, err := replay(t, fixture.IDs, history(t, "sdkgo-ids.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got != "1a42v12la" {
		t.Errorf("result %q, want the official run's %q", got, "1a42v12la")
	}
}

// firstTask is the first workflow task of a new run, taken from a real
// history: WorkflowExecutionStarted, WorkflowTaskScheduled and
// WorkflowTaskStarted.
func firstTask(t *testing.T) *engine.Task {
	return &engine.Task{Events: history(t, "sdkgo-wait-cancel.json")[:3], StartedEventID: 3}
}

// runTask runs wf, with p's other settings, over task and returns the run
// and its answer to the server. The run is closed when the test ends.
func runTask(t *testing.T, p engine.Params, task *engine.Task, wf func(ctx workflow.Context) error) (*engine.Execution, *engine.Completion) {
	t.Helper()
	p.SdkMetadataCapable = true
	p.Workflow = func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) { return nil, wf(ctx) }
	x := engine.NewExecution(p)
	t.Cleanup(func() { _ = x.Close() })
	c, err := x.ProcessTask(task)
	if err != nil {
		t.Fatal(err)
	}
	return x, c
}

// failure is the message of the failure c closes the workflow with.
func failure(t *testing.T, c *engine.Completion) string {
	t.Helper()
	if len(c.Commands) == 0 {
		t.Fatal("no commands: the workflow did not close")
	}
	f := c.Commands[len(c.Commands)-1].GetFailWorkflowExecutionCommandAttributes().GetFailure()
	if f == nil {
		t.Fatalf("the last command %v does not fail the workflow", c.Commands[len(c.Commands)-1])
	}
	return f.GetMessage()
}

package worker_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func loadHistory(t *testing.T, name string) *historypb.History {
	t.Helper()
	data, err := os.ReadFile("../internal/engine/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var h historypb.History
	if err := (temporalproto.CustomJSONUnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	return &h
}

func TestReplayerReplaysAnOfficialSDKHistory(t *testing.T) {
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(fixture.IDs, worker.RegisterWorkflowOptions{Name: "IDs"}); err != nil {
		t.Fatal(err)
	}
	if err := worker.NewReplayer(r, worker.ReplayerOptions{}).ReplayHistory(loadHistory(t, "sdkgo-ids.json")); err != nil {
		t.Fatal(err)
	}
}

func TestReplayerNamesTheWorkflowAndTheEventThatDiverged(t *testing.T) {
	r := worker.NewRegistry()
	if err := r.RegisterWorkflowWithOptions(fixture.IDsWith("Charge"), worker.RegisterWorkflowOptions{Name: "IDs"}); err != nil {
		t.Fatal(err)
	}
	err := worker.NewReplayer(r, worker.ReplayerOptions{}).ReplayHistory(loadHistory(t, "sdkgo-ids.json"))
	var nde *worker.NondeterminismError
	if !errors.As(err, &nde) {
		t.Fatalf("err = %v, want a NondeterminismError", err)
	}
	for _, want := range []string{"workflow IDs", `ID "`, "event 7 ActivityTaskScheduled", "activity Echo", "activity Charge", "workflow.GetVersion"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
	if nde.WorkflowID == "" || nde.RunID == "" {
		t.Errorf("workflow ID %q, run %q", nde.WorkflowID, nde.RunID)
	}
}

func TestReplayerRefusesUnregisteredTypesAndShortHistories(t *testing.T) {
	r := worker.NewRegistry()
	rp := worker.NewReplayer(r, worker.ReplayerOptions{})
	if err := rp.ReplayHistory(loadHistory(t, "sdkgo-ids.json")); err == nil || !strings.Contains(err.Error(), `workflow type "IDs" is not registered`) {
		t.Errorf("unregistered: %v", err)
	}
	short := loadHistory(t, "sdkgo-ids.json")
	short.Events = short.Events[:2]
	if err := rp.ReplayHistory(short); err == nil || !strings.Contains(err.Error(), "at least 3 events") {
		t.Errorf("short history: %v", err)
	}
}

func TestRegistryRejectsFunctionsThatAreNotWorkflows(t *testing.T) {
	r := worker.NewRegistry()
	for _, tc := range []struct {
		fn   any
		want string
	}{
		{42, "a workflow is a function"},
		{func(string) error { return nil }, "must take a workflow.Context first"},
		{func(workflow.Context) string { return "" }, "must return (R, error) or error"},
		{func(workflow.Context, ...int) error { return nil }, "must not be variadic"},
	} {
		if err := r.RegisterWorkflow(tc.fn); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("RegisterWorkflow(%T): %v, want %q", tc.fn, err, tc.want)
		}
	}
	ok := func(workflow.Context) error { return nil }
	if err := r.RegisterWorkflowWithOptions(ok, worker.RegisterWorkflowOptions{Name: "A", Aliases: []string{"B"}}); err != nil {
		t.Fatal(err)
	}
	if err := r.RegisterWorkflowWithOptions(ok, worker.RegisterWorkflowOptions{Name: "B"}); err == nil || !strings.Contains(err.Error(), `"B" is already registered`) {
		t.Errorf("duplicate alias: %v", err)
	}
	if err := worker.RegisterWorkflowFunc(r, "Typed", func(workflow.Context, string) (int, error) { return 0, nil }); err != nil {
		t.Errorf("typed registration: %v", err)
	}
}

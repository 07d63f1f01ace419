package worker_test

import (
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestRegistryRejectsFunctionsThatAreNotWorkflows(t *testing.T) {
	r := worker.NewRegistry()
	for _, tc := range []struct {
		fn   any
		want string
	}{
		{42, "a workflow is a function"},
		{nil, "the workflow is nil"},
		{(func(workflow.Context) error)(nil), "the workflow is nil"},
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
	if err := worker.RegisterWorkflowFunc(r, func(workflow.Context, string) (int, error) { return 0, nil }, worker.RegisterWorkflowOptions{Name: "Typed"}); err != nil {
		t.Errorf("typed registration: %v", err)
	}
}

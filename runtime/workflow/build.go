package workflow

import "fmt"

// NilWorkflowError is what [BuildWorkflow] panics with when a workflow's
// constructor returned neither a workflow nor an error.
type NilWorkflowError struct {
	// WorkflowType is the workflow whose run the constructor was building.
	WorkflowType string
}

func (e *NilWorkflowError) Error() string {
	return fmt.Sprintf("workflow: the constructor of workflow %s returned a nil workflow and no error: return the run's workflow, or an error to fail the run", e.WorkflowType)
}

// BuildWorkflow calls build with in at the start of a run of workflowType
// and returns the workflow it builds: what generated registrations call,
// with the constructor they were given (an OrdersWorkflows method, say)
// and the run's typed input.
//
// A constructor that returns neither a workflow nor an error has a bug no
// retry mends. BuildWorkflow then panics with a [*NilWorkflowError] naming
// the workflow, so the worker's panic policy applies as to any panic in
// workflow code: by default the workflow task fails, and the run goes on
// once fixed code is deployed. Calling the nil workflow would panic too,
// but with a nil pointer dereference in generated code.
func BuildWorkflow[In, W any](ctx Context, workflowType string, build func(Context, In) (W, error), in In) (W, error) {
	w, err := build(ctx, in)
	if err == nil && any(w) == nil {
		panic(&NilWorkflowError{WorkflowType: workflowType})
	}
	return w, err
}

package workflow_test

import (
	"fmt"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// generatedChildRun has the shape of a generated child run type
// (ProcessChildRun in the golden files): a struct embedding the run.
type generatedChildRun struct {
	*workflow.ChildRunOf[int]
}

// TestSignalChildOnANilGeneratedChildRunFailsItsFuture: SignalChild
// takes a ChildRun so that generated run types work, and fails its future
// for a nil *ChildRunOf. A nil generated run (a *ProcessChildRun never
// assigned, whose Abort method generated code calls SignalChild with)
// passes the nil check as a non-nil interface, and the promoted Future
// method dereferences it: the workflow panics instead of the call failing.
func TestSignalChildOnANilGeneratedChildRunFailsItsFuture(t *testing.T) {
	var got error
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				got = fmt.Errorf("panicked: %v", r)
			}
		}()
		var run *generatedChildRun
		if err := (workflow.SignalDef[int]{Name: "s"}).SignalChild(ctx, run, 1).Get(ctx, nil); err == nil {
			got = fmt.Errorf("succeeded")
		}
		return nil
	})
	if got != nil {
		t.Errorf("SignalChild on a nil generated child run %v; want its future to fail", got)
	}
}

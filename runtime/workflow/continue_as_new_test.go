package workflow_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestIsContinueAsNewErrorSeesThroughWrapping(t *testing.T) {
	var direct, wrapped, other bool
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		can := workflow.NewContinueAsNewError(ctx, "Orders", 1)
		direct = workflow.IsContinueAsNewError(can)
		wrapped = workflow.IsContinueAsNewError(fmt.Errorf("rolling over: %w", can))
		other = workflow.IsContinueAsNewError(errors.New("continue as new"))
		return nil
	})
	if !direct || !wrapped || other {
		t.Errorf("IsContinueAsNewError: direct %v, wrapped %v, another error %v; want true, true, false", direct, wrapped, other)
	}
	if workflow.IsContinueAsNewError(nil) {
		t.Error("IsContinueAsNewError(nil) = true")
	}
}

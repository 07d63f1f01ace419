//lint:file-ignore SA1019 The official SDK writes the deprecated Control field; the test checks a child cancel leaves it empty.

package engine_test

import (
	"errors"
	"testing"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// cancelChildThenWork is the official SDK's CancelChild probe
// (testdata/sdkgo-cancel-child.json) up to the child's result, with the
// child's cancellation type as a parameter: it cancels the started child
// between an activity and a timer, waits for the child's future, and then
// schedules an activity "After". Where "After" appears shows when the
// future resolved.
func cancelChildThenWork(ct engine.ChildWorkflowCancellationType, childErr *error) engine.WorkflowFunc {
	return func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		cctx, cancel := engine.WithCancel(ctx)
		cf := engine.ExecuteChildWorkflow(cctx, engine.ChildWorkflowOptions{WaitForCancellation: true, CancellationType: ct}, "Child")
		_ = cf.GetChildWorkflowExecution().Get(ctx, nil)
		af := engine.ExecuteActivity(ctx, tenSeconds, "Echo", "x")
		cancel()
		timer := engine.NewTimer(ctx, 10*time.Millisecond)
		*childErr = cf.Get(ctx, nil)
		_ = engine.ExecuteActivity(ctx, tenSeconds, "After")
		_ = af.Get(ctx, nil)
		_ = timer.Get(ctx, nil)
		return nil, engine.Sleep(ctx, time.Hour)
	}
}

func commandTypes(cmds []*commandpb.Command) []enumspb.CommandType {
	var out []enumspb.CommandType
	for _, c := range cmds {
		out = append(out, c.GetCommandType())
	}
	return out
}

func schedulesAfter(cmds []*commandpb.Command) bool {
	for _, c := range cmds {
		if c.GetScheduleActivityTaskCommandAttributes().GetActivityType().GetName() == "After" {
			return true
		}
	}
	return false
}

// TestChildCancellationTypesResolveTheFutureAtTheirEvent runs the
// official history task by task with each cancellation type. The cancel
// request is the same command in every case, where the official worker
// sent it; only the moment the child's future resolves differs: with
// WaitCompleted (the default, and the official Go SDK's only behaviour,
// which ignores WaitForCancellation) at ChildWorkflowExecutionCanceled
// (event 19), with WaitRequested at ExternalWorkflowExecutionCancelRequested
// (event 13), with TryCancel in the task that asks. (Past that task the
// workflow goes on where the official one waited, so its later tasks are
// not this history's.)
func TestChildCancellationTypesResolveTheFutureAtTheirEvent(t *testing.T) {
	events := loadHistory(t, "testdata/sdkgo-cancel-child.json")
	tasks := []struct{ previous, started int64 }{{3, 8}, {8, 15}, {15, 21}}
	for _, tc := range []struct {
		name       string
		ct         engine.ChildWorkflowCancellationType
		resolvedAt int64 // the task whose commands schedule "After"
	}{
		{"WaitCompleted", engine.ChildWorkflowCancellationWaitCompleted, 21},
		{"WaitRequested", engine.ChildWorkflowCancellationWaitRequested, 15},
		{"TryCancel", engine.ChildWorkflowCancellationTryCancel, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, task := range tasks {
				started, previous := task.started, task.previous
				if started > tc.resolvedAt {
					break // later tasks differ from the official worker's: the code went on sooner
				}
				var childErr error
				x := engine.NewExecution(engine.Params{Workflow: cancelChildThenWork(tc.ct, &childErr), SdkMetadataCapable: true})
				c, err := x.ProcessTask(&engine.Task{Events: events[:started], PreviousStartedEventID: previous, StartedEventID: started})
				_ = x.Close()
				if err != nil {
					t.Fatalf("task started at %d: %v", started, err)
				}
				cmds := c.Commands
				if schedulesAfter(cmds) != (started == tc.resolvedAt) {
					t.Errorf("task started at %d: commands %v; the future should resolve in the task started at %d", started, commandTypes(cmds), tc.resolvedAt)
				}
				if started == 8 {
					// The official worker's commands come first, in its order.
					want := []enumspb.CommandType{enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
						enumspb.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION, enumspb.COMMAND_TYPE_START_TIMER}
					if got := commandTypes(cmds); len(got) < 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
						t.Errorf("task started at 8: commands %v, want %v first", got, want)
					}
					if a := cmds[1].GetRequestCancelExternalWorkflowExecutionCommandAttributes(); !a.GetChildWorkflowOnly() || a.GetControl() != "" {
						t.Errorf("cancel request %v, want the official SDK's child-only request", a)
					}
				}
				if started != tc.resolvedAt {
					continue
				}
				if tc.ct == engine.ChildWorkflowCancellationWaitCompleted {
					var ce interface{ Unwrap() error }
					if !errors.As(childErr, &ce) || errors.Is(childErr, engine.ErrCanceled) {
						t.Errorf("child error %v, want the child's own cancellation", childErr)
					}
				} else if !errors.Is(childErr, engine.ErrCanceled) {
					t.Errorf("child error %v, want ErrCanceled", childErr)
				}
			}
		})
	}
}

// TestChildEventsAfterAnEarlyCancellationAreStillApplied: a future that
// TryCancel or WaitRequested resolved is left alone by the child's later
// events (cancel accepted, child cancelled), and a workflow that reads it
// only after them replays the official history unchanged.
func TestChildEventsAfterAnEarlyCancellationAreStillApplied(t *testing.T) {
	for _, ct := range []engine.ChildWorkflowCancellationType{engine.ChildWorkflowCancellationWaitRequested, engine.ChildWorkflowCancellationTryCancel} {
		c, err := replay(t, cancelChildWorkflowOf(ct), loadHistory(t, "testdata/sdkgo-cancel-child.json"))
		if err != nil {
			t.Fatalf("type %d: %v", ct, err)
		}
		if got := c.Commands[len(c.Commands)-1].GetCommandType(); got != enumspb.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION {
			t.Errorf("type %d closed with %v: %v", ct, got, c.Commands[len(c.Commands)-1])
		}
	}
}

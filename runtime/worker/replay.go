package worker

import (
	"cmp"
	"errors"
	"math"

	"github.com/workflowdef/workflowdef/internal/replayengine"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// The replayer is replay.Replayer; it reaches the engine through this
// function because replay/ cannot import runtime/internal.
func init() { replayengine.Replay = replayHistory }

// replayHistory runs a whole history on the engine as the replay tool reads
// it (see [replayengine.Replay]): every event is replayed, and the commands
// the code makes meet every command event, the close included.
func replayHistory(run replayengine.Run) (err error) {
	events := run.History.GetEvents()
	start := events[0].GetWorkflowExecutionStartedEventAttributes()
	workflowType := start.GetWorkflowType().GetName()
	registered, err := run.Registry.(*Registry).workflow(workflowType)
	if err != nil {
		return err
	}
	fn := registered.fn
	if len(run.Interceptors) != 0 {
		fn = interceptedWorkflow(run.Interceptors, workflowType, fn)
	}
	x := engine.NewExecution(engine.Params{
		Workflow:           fn,
		DataConverter:      run.DataConverter,
		FailureConverter:   run.FailureConverter,
		SdkMetadataCapable: true,
		DeadlockTimeout:    run.DeadlockDetectionTimeout,
		WorkflowID:         run.WorkflowID,
		RunID:              run.RunID,
		InterceptHandlers:  interceptedHandlers(run.Interceptors),
	})
	defer func() {
		// Code that never yielded is left running: the caller must know.
		if cerr := x.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()
	_, err = x.ProcessTask(&engine.Task{Events: events, PreviousStartedEventID: math.MaxInt64})
	return nondeterminism(err, workflowType, cmp.Or(run.WorkflowID, start.GetWorkflowId()), cmp.Or(run.RunID, start.GetOriginalExecutionRunId()))
}

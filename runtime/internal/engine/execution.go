package engine

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"runtime"
	"slices"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	protocolpb "go.temporal.io/api/protocol/v1"
	sdkpb "go.temporal.io/api/sdk/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/commands"
	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
	"github.com/workflowdef/workflowdef/runtime/internal/markers"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// WorkflowFunc is a workflow as the engine runs it: the registry adapts
// typed user functions to it.
type WorkflowFunc func(ctx Context, input *commonpb.Payloads) (*commonpb.Payloads, error)

// Params configure an Execution.
type Params struct {
	Workflow         WorkflowFunc
	DataConverter    converter.DataConverter
	FailureConverter temporal.FailureConverter
	// SdkMetadataCapable is the server's SdkMetadata capability: without it
	// no flag is recorded.
	SdkMetadataCapable bool
	// AllowedFlags are the flags new work may record; nil means
	// DefaultAllowedFlags.
	AllowedFlags    map[SDKFlag]bool
	DeadlockTimeout time.Duration
	// Namespace is the run's namespace, the default for children and
	// external signals.
	Namespace string
	// Logger receives GetLogger's records, outside replay. Nil discards them.
	Logger *slog.Logger
	// MetricsHandler receives GetMetricsHandler's metrics and the engine's
	// own (dropped signals), outside replay. Nil records nothing.
	MetricsHandler metrics.Handler
	// SleepSummary is the summary Sleep's timers carry (see SleepSummary),
	// encoded once by the worker and shared by its runs. Nil encodes it
	// for each timer.
	SleepSummary *sdkpb.UserMetadata
	// WorkflowID and RunID name the run when the start event does not (a
	// worker knows them from the task).
	WorkflowID string
	RunID      string
	// WorkflowType and TaskQueue are the worker's copies of the names of
	// its workflow types and task queue: a run whose start event names the
	// same keeps these instead of its own, one copy for all the worker's
	// runs. Empty for none.
	WorkflowType string
	TaskQueue    string
	// LocalActivityRegistered, when set, says whether a local activity
	// called by name runs on this worker: one that does not fails its
	// future at once, as in the official SDK, instead of every task.
	// Nil (the replayer) takes every name.
	LocalActivityRegistered func(activityType string) bool
	// InterceptHandlers, when set, builds the run's chain of signal,
	// query and update handlers around root when the run starts.
	InterceptHandlers func(ctx Context, root WorkflowHandlers) WorkflowHandlers
}

// runParams are the Params a run keeps for as long as it lives. The
// others are taken by NewExecution (flags, deadlock timeout), the start
// event (the workflow function) and Info (the run's names), so a run
// waiting in a sticky cache holds no copy it will not read again.
type runParams struct {
	DataConverter           converter.DataConverter
	FailureConverter        temporal.FailureConverter
	Namespace               string
	Logger                  *slog.Logger
	MetricsHandler          metrics.Handler
	SleepSummary            *sdkpb.UserMetadata
	LocalActivityRegistered func(activityType string) bool
	InterceptHandlers       func(ctx Context, root WorkflowHandlers) WorkflowHandlers
}

// Info describes the running workflow.
type Info struct {
	WorkflowID              string
	RunID                   string
	FirstRunID              string
	ContinuedExecutionRunID string
	WorkflowType            string
	TaskQueue               string
	Attempt                 int32
	StartTime               time.Time
	ExecutionTimeout        time.Duration
	RunTimeout              time.Duration
	TaskTimeout             time.Duration
	RetryPolicy             *temporal.RetryPolicy
	// HistoryLength, HistorySize and ContinueAsNewSuggested are as of the
	// current workflow task: a run whose history grows large should
	// continue as new.
	HistoryLength          int64
	HistorySize            int64
	ContinueAsNewSuggested bool
	// ParentNamespace, ParentWorkflowID and ParentRunID name the workflow
	// that started this run as its child; empty for a top-level run.
	ParentNamespace  string
	ParentWorkflowID string
	ParentRunID      string
	// RootWorkflowID and RootRunID name the run at the top of this run's
	// chain of parents; empty when this run is its own root.
	RootWorkflowID string
	RootRunID      string
	// CronSchedule is the run's cron schedule, empty for none.
	CronSchedule string
	// Header is the start request's header: what context propagators
	// carried into the run.
	Header map[string]*commonpb.Payload
}

// Task is one workflow task's history: every event up to and including
// its WorkflowTaskStarted (or, for the replay tool, a whole history).
type Task struct {
	Events []*historypb.HistoryEvent
	// PreviousStartedEventID is the last task this run completed: events up
	// to it are replayed. math.MaxInt64 replays everything (replay tool).
	PreviousStartedEventID int64
	// StartedEventID is this task's started event; 0 when unknown.
	StartedEventID int64
	// Messages are the protocol messages (update requests) the task
	// carries.
	Messages []*protocolpb.Message
	// ForQuery replays a whole history only to answer a query: the
	// commands the code makes are not checked against the history's, as
	// the official SDKs do not check them for a query. A run that ended
	// while a task was running (terminated, timed out) has that task's
	// commands in no event, and must still answer queries.
	ForQuery bool
}

// Completion is what a processed task answers the server.
type Completion struct {
	// Commands are the commands to send, the close command last.
	Commands []*commandpb.Command
	// Flags are SDK flags first used in this task.
	Flags []uint32
	// Closed reports that the workflow function returned.
	Closed bool
	// LocalActivities must run, and their results be applied, before the
	// task can complete.
	LocalActivities []LocalActivityRequest
	// CancelLocalActivities are the IDs of running local activities (handed
	// to the worker in an earlier answer) whose workflow context was
	// cancelled: the worker cancels their context, and each still reports
	// a result, which resolves its future.
	CancelLocalActivities []string
	// Messages are the protocol messages to send: update acceptances,
	// rejections and completions.
	Messages []*protocolpb.Message
}

// Execution is one workflow run in the engine: its coroutines, commands and
// state, rebuilt from history and advanced by new events. It is not safe for
// concurrent use.
//
// Thousands of runs wait in a worker's sticky cache, so what every run
// needs for as long as it lives (its dispatcher, command machines, flags,
// root context and the root coroutine's) is held by value: one allocation
// rather than a dozen small ones, each of which would pin a span of its
// size class among the garbage of the task that made it.
type Execution struct {
	params runParams
	// workflow is the workflow function, until the start event runs it.
	workflow   WorkflowFunc
	dispatcher coroutine.Dispatcher
	machines   commands.Machines
	flags      FlagSet
	info       Info

	root rootContext
	// rootCoroutine is the context the workflow function runs with.
	rootCoroutine coroutineContext
	clock         time.Time

	// signals are the run's signal channels, in the order they were first
	// used. A run uses a few signal names, so a slice searched in order
	// costs a cached run a word each where a map would cost hundreds of
	// bytes; signalIndex finds them once there are more than manySignals.
	signals     []*channel
	signalIndex map[string]*channel
	timers      lazymap.Small[string, *pendingTimer]
	activity    lazymap.Small[string, *pendingActivity]

	// intercepted holds the run's interceptor chains; nil, as for most
	// runs, delivers every call straight to the root. (Behind a pointer:
	// thousands of runs wait in a sticky cache.)
	intercepted *interception

	// previous is what the start event says of the runs before this one.
	previous previousRun
	// runningUpdates holds the update handlers that have not returned, by
	// update ID.
	runningUpdates map[string]*UpdateInfo

	currentRunID     string
	memo             *commonpb.Memo
	searchAttributes *commonpb.SearchAttributes
	randoms          map[string]*RandomStream
	children         map[string]*pendingChild
	updates          map[string]*updateInstance
	updateHandlers   map[string]UpdateFunc
	// currentDetails is what the workflow says it is doing now
	// (SetCurrentDetails), for the metadata query; made on first use, as
	// few runs set it.
	currentDetails *string
	queuedUpdates  map[string][]*updateInstance
	inbox          []*protocolpb.Message
	outbox         []outboxEntry
	checkOutbox    []outboxEntry
	externals      map[commands.Key]Settable
	queries        map[string]QueryFunc

	// marks and durations are made on first use: most runs record no
	// marker, and durations serve one task's commands (see durationProto).
	marks           *markerState
	durations       *sharedDurations
	localActivities map[string]*pendingLocalActivity
	// laCancels are the running local activities cancelled since the last
	// answer, for Completion.CancelLocalActivities.
	laCancels []string

	// failure is the first error raised where it could not be returned,
	// such as in a cancellation callback; the task fails with it.
	failure error

	// The flags sit together, in one word with laCounter.
	replaying bool
	started   bool
	closed    bool
	// inboxLive reports the inbox holds the task's own messages rather
	// than requests rebuilt from history: only those run validators.
	inboxLive bool
	// laCounter numbers the run's local activities.
	laCounter int32

	result      *commonpb.Payloads
	resultErr   error
	closeCmd    *commandpb.Command
	lastHandled int64
	// lastTaskStarted is the WorkflowTaskStarted event of the last task
	// applied: DiscardTask rewinds past it.
	lastTaskStarted int64
}

// NewExecution returns an Execution that has applied no history yet.
func NewExecution(p Params) *Execution {
	if p.DataConverter == nil {
		p.DataConverter = converter.Default()
	}
	if p.FailureConverter == nil {
		// The client's default: failures skip the data converter's codecs.
		p.FailureConverter = temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{})
	}
	x := &Execution{
		params: runParams{
			DataConverter: p.DataConverter, FailureConverter: p.FailureConverter, Namespace: p.Namespace,
			Logger: p.Logger, MetricsHandler: p.MetricsHandler, SleepSummary: p.SleepSummary,
			LocalActivityRegistered: p.LocalActivityRegistered, InterceptHandlers: p.InterceptHandlers,
		},
		workflow: p.Workflow,
		flags:    newFlagSet(p.SdkMetadataCapable, p.AllowedFlags),
		// The names the worker knows the run by, until the start event
		// says the rest (see setInfoFromStart).
		info: Info{WorkflowID: p.WorkflowID, RunID: p.RunID, WorkflowType: p.WorkflowType, TaskQueue: p.TaskQueue},
		// Maps are made on first write (see lazymap): a run waiting in a
		// sticky cache uses few of them, and thousands of runs wait.
	}
	x.dispatcher.Init(coroutine.Options{DeadlockTimeout: p.DeadlockTimeout})
	x.root.init(x)
	return x
}

type executionKey struct{}

// executionOf returns the Execution running ctx's workflow.
func executionOf(ctx Context) *Execution {
	x, _ := ctx.Value(executionKey{}).(*Execution)
	if x == nil {
		panic(errors.New("workflow: not a workflow context: this call needs the workflow.Context the workflow function received"))
	}
	if x.dispatcher.Abandoned() {
		if _, inCoroutine := ctx.Value(coroutineKey{}).(*coroutine.Coroutine); inCoroutine {
			// Workflow code left running after a deadlock, which must not
			// touch the run the worker is releasing.
			runtime.Goexit()
		}
	}
	return x
}

// Close ends the run's coroutines, as when it leaves the cache.
func (x *Execution) Close() error { return x.dispatcher.Close() }

// DiscardTask rewinds the run past the task it processed last, which the
// server discarded: a speculative task that only rejected updates leaves
// no trace in history (RespondWorkflowTaskCompletedResponse's
// ResetHistoryEventId), so its WorkflowTaskScheduled and
// WorkflowTaskStarted events will be written again, with the same IDs,
// when the next task comes. Everything else the task applied stays:
// rejecting an update changes no workflow state, and the command events
// before the task are in history. previousStartedEventID is the reset
// point the server named, the last task started event it kept.
//
// A run that cannot be rewound (it closed, or the task was not the
// speculative one the server describes) returns a *DiscardError; the
// caller then rebuilds the run from history.
func (x *Execution) DiscardTask(previousStartedEventID int64) error {
	// A speculative task's events are its scheduled event and, right
	// after it, its started event; nothing came after them.
	scheduled := x.lastHandled - 1
	if x.closed || x.lastTaskStarted != x.lastHandled || previousStartedEventID >= scheduled {
		return &DiscardError{LastHandledEventID: x.lastHandled, LastTaskStartedEventID: x.lastTaskStarted, ResetEventID: previousStartedEventID, Closed: x.closed}
	}
	x.lastHandled = scheduled - 1
	x.flags.Resend()
	return nil
}

// DiscardError reports a task the server discarded that the run cannot be
// rewound past.
type DiscardError struct {
	LastHandledEventID     int64
	LastTaskStartedEventID int64
	ResetEventID           int64
	Closed                 bool
}

func (e *DiscardError) Error() string {
	if e.Closed {
		return fmt.Sprintf("engine: the server discarded the task that closed the run (reset to event %d): the run must be rebuilt from history", e.ResetEventID)
	}
	return fmt.Sprintf("engine: the server discarded a task and reset history to event %d, but the run's last task started at event %d and it applied events up to %d: only a task's own scheduled and started events can be discarded; the run must be rebuilt from history",
		e.ResetEventID, e.LastTaskStartedEventID, e.LastHandledEventID)
}

// Info returns what the start event said about the run.
func (x *Execution) Info() Info { return x.info }

// Closed reports that the workflow function returned, as the last
// Completion did.
func (x *Execution) Closed() bool { return x.closed }

// ProcessTask applies a task's events and returns the answer to send. A
// *commands.ReplayMismatchError or *commands.IllegalTransitionError means
// the workflow code does not match its history; a *coroutine.PanicError or
// *coroutine.DeadlockError is a bug in the workflow.
func (x *Execution) ProcessTask(t *Task) (*Completion, error) {
	full := len(t.Events) > 0 && t.Events[0].GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
	if !full && !x.started {
		first := int64(0)
		if len(t.Events) > 0 {
			first = t.Events[0].GetEventId()
		}
		return nil, &PartialHistoryError{FirstEventID: first}
	}
	replayTool := t.PreviousStartedEventID == math.MaxInt64
	// For the determinism check: the commands replayed code made, the
	// events they must match, and the outgoing messages of replay in
	// x.checkOutbox.
	var replayCommands []*commandpb.Command
	var commandEvents []*historypb.HistoryEvent
	x.checkOutbox = nil
	liveMessages := t.Messages
	batcher := NewHistoryBatcher(t.Events, x.lastHandled, t.StartedEventID)
	next, err := batcher.Next()
	if err != nil {
		return nil, err
	}
	commandsBeforePrevious := 0
	// A worker stops at the close; the replay tool reads on, so the
	// determinism check sees every command event the history has.
	for next != nil && (!x.closed || replayTool) {
		batch := next
		if next, err = batcher.Next(); err != nil {
			return nil, err
		}
		last := batch.Last()
		if replayTool && next == nil && last.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED {
			// The history stops inside a workflow task (a running workflow):
			// the previous batch's commands have no events to meet yet, so
			// they are left out of the check, as the official replayer does.
			replayCommands = replayCommands[:commandsBeforePrevious]
			break
		}
		commandsBeforePrevious = len(replayCommands)
		replay := last.GetEventId() <= t.PreviousStartedEventID || isCommandEvent(last.GetEventType())
		if x.closed {
			// Only collecting command events for the check now.
			for _, e := range batch.Events {
				if full && isCommandEvent(e.GetEventType()) {
					commandEvents = append(commandEvents, e)
				}
			}
			continue
		}
		x.flags.AddFromHistory(batch.Flags)
		if replay {
			x.inbox, x.inboxLive = replayMessages(next, batch), false
		} else {
			x.inboxLive = true
			x.inbox = append(append([]*protocolpb.Message(nil), liveMessages...), batch.Admitted...)
			liveMessages = nil
		}
		var nextMarkers []*historypb.HistoryEvent
		if next != nil {
			nextMarkers = next.Markers
			if err := x.preloadMarkers(nextMarkers); err != nil {
				return nil, err
			}
		}
		for i, e := range batch.Events {
			if full && isCommandEvent(e.GetEventType()) {
				commandEvents = append(commandEvents, e)
			}
			x.lastHandled = e.GetEventId()
			if x.closed {
				continue
			}
			if e.GetEventType() == enumspb.EVENT_TYPE_MARKER_RECORDED {
				continue // markers are preloaded from the next batch, not applied here
			}
			isLast := !replay && i == len(batch.Events)-1
			if err := x.guard(func() error {
				// Messages sequenced before e see the previous event's replay
				// status, as in the official SDK.
				if err := x.deliverMessages(e.GetEventId() - 1); err != nil {
					return err
				}
				x.replaying = e.GetEventId() <= t.PreviousStartedEventID || isCommandEvent(e.GetEventType())
				x.flags.SetReplaying(x.replaying)
				if err := x.handleEvent(e, isLast); err != nil {
					return err
				}
				return x.deliverMessages(e.GetEventId())
			}); err != nil {
				return nil, err
			}
			if x.failure != nil {
				return nil, x.failure
			}
		}
		// Local activities resolved in the task this batch ran are applied
		// after its events, each running the workflow again.
		for _, e := range nextMarkers {
			if x.closed {
				break
			}
			a := e.GetMarkerRecordedEventAttributes()
			if a.GetMarkerName() != markers.LocalActivityName {
				continue
			}
			x.replaying = true
			x.flags.SetReplaying(true)
			if err := x.guard(func() error { return x.applyLocalActivityMarker(e.GetEventId(), a) }); err != nil {
				return nil, err
			}
		}
		if replay {
			replayCommands = append(replayCommands, x.machines.Emit()...)
			x.checkOutbox = append(x.checkOutbox, x.outbox...)
			x.outbox = nil
		}
	}
	if full && (replayTool || !x.closed) && !t.ForQuery {
		if err := commands.MatchReplay(replayCommands, commandEvents, commands.MatchOptions{
			ProtocolMessageCommands: x.flags.Has(FlagProtocolMessageCommand),
			MessageMatches:          x.messageMatches,
		}); err != nil {
			return nil, x.explainMismatch(err)
		}
	}
	if replayTool && !t.ForQuery {
		if err := x.checkCloseEvent(t.Events); err != nil {
			return nil, err
		}
	}
	// The check is done: a run waiting in the cache keeps none of this
	// task's messages.
	x.checkOutbox = nil
	return x.completion(), nil
}

// LiveCommands returns the commands the workflow code made in the live
// part of a task that then failed (a panic, say), which have not been
// sent: the official SDK sends them ahead of the failure when its
// WorkflowPanicPolicy fails the workflow. It returns none when the task
// failed while replaying, whose commands history already holds, or on a
// deadlock, whose code may still be running and making commands.
func (x *Execution) LiveCommands() []*commandpb.Command {
	if x.replaying || x.dispatcher.Abandoned() {
		return nil
	}
	return x.machines.Emit()
}

// completion gathers what the task answers: commands (the close last),
// new flags, outgoing messages and local activities still to run.
func (x *Execution) completion() *Completion {
	c := &Completion{Commands: x.machines.Emit(), Flags: x.flags.TakeNew(), Closed: x.closed, LocalActivities: x.PendingLocalActivities(),
		CancelLocalActivities: x.takeLocalActivityCancels()}
	// The commands are built: a run waiting in the cache keeps no wire
	// form of their durations but their own.
	x.durations = nil
	for _, o := range x.outbox {
		c.Messages = append(c.Messages, o.msg)
	}
	x.outbox = nil
	// Finished updates are forgotten once answered, as in the official SDK:
	// a rejected update ID may come again.
	for id, u := range x.updates {
		if u.state == updateCompleted {
			lazymap.Drop(&x.updates, id)
		}
	}
	if x.closeCmd != nil {
		c.Commands = append(c.Commands, x.closeCmd)
	}
	return c
}

// replayMessages rebuilds, for a replayed batch, the update requests the
// live task carried: from the next batch's UpdateAccepted events, each
// replaced by the batch's own UpdateAdmitted request when there is one.
func replayMessages(next, batch *HistoryBatch) []*protocolpb.Message {
	if next == nil {
		return nil
	}
	admitted := map[string]*protocolpb.Message{}
	for _, m := range batch.Admitted {
		admitted[m.GetProtocolInstanceId()] = m
	}
	out := make([]*protocolpb.Message, 0, len(next.Accepted))
	for _, m := range next.Accepted {
		if a, ok := admitted[m.GetProtocolInstanceId()]; ok {
			m = a
		}
		out = append(out, m)
	}
	return out
}

// checkCloseEvent makes the replay tool fail a history that closed one way
// when the code now closes another.
func (x *Execution) checkCloseEvent(events []*historypb.HistoryEvent) error {
	if len(events) == 0 {
		return nil
	}
	last := events[len(events)-1]
	want, closing := closeCommandFor[last.GetEventType()]
	if !closing {
		return nil
	}
	if x.closeCmd == nil || x.closeCmd.GetCommandType() != want {
		return &commands.ReplayMismatchError{Kind: commands.DifferentCommand, Event: last, Command: x.closeCmd}
	}
	return nil
}

var closeCommandFor = map[enumspb.EventType]enumspb.CommandType{
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:        enumspb.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:           enumspb.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:         enumspb.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
	enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: enumspb.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
}

// isCommandEvent reports events that commands produce.
func isCommandEvent(t enumspb.EventType) bool {
	switch t {
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
		enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
		enumspb.EVENT_TYPE_TIMER_STARTED, enumspb.EVENT_TYPE_TIMER_CANCELED, enumspb.EVENT_TYPE_MARKER_RECORDED,
		enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
		enumspb.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
		enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
		enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, enumspb.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED,
		enumspb.EVENT_TYPE_NEXUS_OPERATION_SCHEDULED, enumspb.EVENT_TYPE_NEXUS_OPERATION_CANCEL_REQUESTED:
		return true
	}
	return false
}

// PartialHistoryError reports a task whose history starts after event 1
// (a sticky task) given to an execution without the run's state: the
// worker must fetch the full history and process it on a fresh execution.
type PartialHistoryError struct {
	FirstEventID int64
}

func (e *PartialHistoryError) Error() string {
	return fmt.Sprintf("the task's history starts at event %d and this execution holds no state for the run: fetch the full history", e.FirstEventID)
}

// UnknownEventError reports an event this engine does not handle and the
// server did not mark as safe to ignore.
type UnknownEventError struct {
	EventID   int64
	EventType enumspb.EventType
}

func (e *UnknownEventError) Error() string {
	return fmt.Sprintf("history event %d has type %s, which this worker cannot handle: upgrade the SDK", e.EventID, e.EventType)
}

func (x *Execution) handleEvent(e *historypb.HistoryEvent, isLast bool) error {
	// HistoryLength moves at WorkflowTaskStarted only (onTaskStarted), as
	// in the official SDK: code and queries see the length at their task.
	switch e.GetEventType() {
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
		if err := x.start(e.GetWorkflowExecutionStartedEventAttributes()); err != nil {
			return err
		}
		x.setInfoFromStart(e, e.GetWorkflowExecutionStartedEventAttributes())
		if x.params.InterceptHandlers != nil {
			// Before any other event: a signal may come with the start.
			x.interception().handlers = x.params.InterceptHandlers(&x.root, rootHandlers{x})
		}
	case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
		x.onTaskStarted(e)
		x.lastTaskStarted = e.GetEventId()
		x.machines.OnTaskStarted(e.GetEventId())
		return x.run()
	case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
		if a := e.GetWorkflowTaskFailedEventAttributes(); a.GetCause() == enumspb.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW {
			// A reset: the run continues under a new run ID, and random
			// streams follow it, as in the official SDK.
			x.reseedRandoms(a.GetNewRunId())
		}
	case enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
		enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
		enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
		// Update events: requests come as messages, rebuilt from these on
		// replay by the batcher.
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
		enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
	case enumspb.EVENT_TYPE_TIMER_STARTED, enumspb.EVENT_TYPE_TIMER_FIRED, enumspb.EVENT_TYPE_TIMER_CANCELED:
		if err := x.handleTimerEvent(e); err != nil {
			return err
		}
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
		enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED, enumspb.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
		enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
		if err := x.handleActivityEvent(e); err != nil {
			return err
		}
	case enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
		enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
		enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED, enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
		enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED, enumspb.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
		if err := x.handleChildEvent(e); err != nil {
			return err
		}
	case enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
		enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
		enumspb.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
		enumspb.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
		if err := x.handleExternalEvent(e); err != nil {
			return err
		}
	case enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
		// On replay the code's own upserts are not rerun for GetVersion, so
		// the run's attributes come from the events, as in the official SDK.
		if x.replaying {
			x.upsertSearchAttributes(e.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields())
		}
	case enumspb.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED:
		if x.replaying {
			x.upsertMemo(e.GetWorkflowPropertiesModifiedEventAttributes().GetUpsertedMemo().GetFields())
		}
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
		a := e.GetWorkflowExecutionSignaledEventAttributes()
		in := &HandleSignalInput{SignalName: a.GetSignalName(), Args: a.GetInput(), Header: a.GetHeader().GetFields()}
		if err := x.inbound().HandleSignal(&x.root, in); err != nil {
			return fmt.Errorf("signal %s (event %d): an interceptor refused it: %w", a.GetSignalName(), e.GetEventId(), err)
		}
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
		// Cancellation callbacks run now, while events are applied: commands
		// they create are sent first in the next task, as in the official SDK.
		x.root.cancel(ErrCanceled)
	default:
		if !e.GetWorkerMayIgnore() {
			return &UnknownEventError{EventID: e.GetEventId(), EventType: e.GetEventType()}
		}
	}
	if isLast {
		// A history that ends mid-task (queries, the replay tool) still runs
		// the workflow up to its last event.
		return x.run()
	}
	return nil
}

func (x *Execution) start(a *historypb.WorkflowExecutionStartedEventAttributes) error {
	if x.started {
		return errors.New("engine: a second WorkflowExecutionStarted event")
	}
	x.started = true
	// The official SDK records flag 3 on every new run.
	x.flags.TryUse(FlagProtocolMessageCommand)
	input := a.GetInput()
	workflow := x.workflow
	x.workflow = nil
	x.dispatcher.Go("root", false, func(co *coroutine.Coroutine) {
		x.rootCoroutine = coroutineContext{Context: &x.root, co: co}
		ctx := &x.rootCoroutine
		// Yield once first, as the official SDK does, so that handlers and
		// signal channels the setup registers are in place before the
		// workflow function runs.
		co.Yield("yield before executing to setup state")
		co.Progress()
		x.result, x.resultErr = workflow(ctx, input)
		if undecodable := (*UndecodableInputError)(nil); x.replaying && errors.As(x.resultErr, &undecodable) {
			// The input decoded once, with the converter that wrote the
			// history; this one cannot read it, which no code change
			// fixes. The task fails, so a worker (or Replayer) given the
			// right converter takes over, rather than the workflow closing.
			undecodable.Replaying = true
			x.fail(x.resultErr)
			return
		}
		x.closed = true
		x.warnUnfinishedHandlers(ctx)
	})
	return nil
}

// UndecodableInputError is a workflow input the data converter cannot
// decode. Live, the workflow fails with it, as in the official SDK; while
// a history is replayed, the task fails instead (see Replaying).
type UndecodableInputError struct {
	WorkflowType string
	Err          error
	// Replaying is set when a replayed history's input did not decode:
	// it was written through a converter or codec this one lacks.
	Replaying bool
}

func (e *UndecodableInputError) Error() string {
	// The official SDK's message, which the workflow's failure carries.
	msg := fmt.Sprintf("unable to decode the workflow function input payload with error: %v, function name: %s", e.Err, e.WorkflowType)
	if e.Replaying {
		msg += "; the history was written through a data converter or codec that could read it: give this worker or Replayer the same one (codecs such as encryption included)"
	}
	return msg
}

func (e *UndecodableInputError) Unwrap() error { return e.Err }

// EventPanicError reports a panic while an event was applied: a history
// the state machines cannot follow, or workflow code (a future chained and
// then set by hand) resolving something twice.
type EventPanicError struct {
	EventID int64
	Value   any
}

func (e *EventPanicError) Error() string {
	return fmt.Sprintf("applying history event %d: %v", e.EventID, e.Value)
}

// guard runs part of event processing, turning a panic into an error: it
// runs on the worker's goroutine, which must never crash.
func (x *Execution) guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &EventPanicError{EventID: x.lastHandled, Value: r}
		}
	}()
	return f()
}

func (x *Execution) fail(err error) {
	if x.failure == nil {
		x.failure = err
	}
}

// run gives the workflow's coroutines the turn until all are blocked, and
// builds the close command once the workflow function returned.
func (x *Execution) run() error {
	for {
		if err := x.dispatcher.Run(); err != nil {
			return err
		}
		// All blocked: update requests still waiting for a handler get a
		// coroutine each, which runs on.
		if !x.drainUpdates() {
			break
		}
	}
	if x.closed && x.closeCmd == nil {
		x.closeCmd = x.buildCloseCommand()
	}
	return nil
}

func (x *Execution) buildCloseCommand() *commandpb.Command {
	var canceled *temporal.CanceledError
	var continueAsNew *ContinueAsNewError
	switch {
	case errors.As(x.resultErr, &continueAsNew):
		return x.continueAsNewCommand(continueAsNew)
	case errors.As(x.resultErr, &canceled):
		// Not a failure: the data converter writes the details, as the
		// official SDK does. Details it cannot encode are left out; the
		// workflow still closes as canceled.
		details, _ := canceled.EncodeDetails(x.params.DataConverter)
		return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
			Attributes: &commandpb.Command_CancelWorkflowExecutionCommandAttributes{CancelWorkflowExecutionCommandAttributes: &commandpb.CancelWorkflowExecutionCommandAttributes{
				Details: details,
			}}}
	case x.resultErr != nil:
		return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
			Attributes: &commandpb.Command_FailWorkflowExecutionCommandAttributes{FailWorkflowExecutionCommandAttributes: &commandpb.FailWorkflowExecutionCommandAttributes{
				Failure: x.params.FailureConverter.ErrorToFailure(x.resultErr),
			}}}
	}
	return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
		Attributes: &commandpb.Command_CompleteWorkflowExecutionCommandAttributes{CompleteWorkflowExecutionCommandAttributes: &commandpb.CompleteWorkflowExecutionCommandAttributes{
			Result: x.result,
		}}}
}

// warnUnfinishedHandlers logs, when the workflow function returned, the
// signals it never received and the update handlers still running: both
// are lost with the run, as the official SDKs warn.
func (x *Execution) warnUnfinishedHandlers(ctx Context) {
	if names := UnhandledSignalNames(ctx); len(names) > 0 {
		GetLogger(ctx).Warn("the workflow returned with signals it never received, which are lost with the run: receive them before returning, or, before continuing as new, drain them with ReceiveAsync and pass them on (GetUnhandledSignalNames lists them)",
			"signal_names", names)
	}
	// Updates are warned of, as by the official SDK, only when the
	// workflow completed, was cancelled or continued as new: a failed
	// workflow has graver news.
	var canceled *temporal.CanceledError
	var continued *ContinueAsNewError
	ended := x.resultErr == nil || errors.As(x.resultErr, &canceled) || errors.As(x.resultErr, &continued)
	if len(x.runningUpdates) > 0 && ended {
		ids := slices.Sorted(maps.Keys(x.runningUpdates))
		updates := make([]string, len(ids))
		for i, id := range ids {
			updates[i] = x.runningUpdates[id].Name + " (" + id + ")"
		}
		GetLogger(ctx).Warn("the workflow returned while update handlers ran: their callers get an error, not a result; to let them finish, wait before returning with workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })",
			"updates", updates)
	}
}

// UnhandledSignalNames returns, sorted, the names of signals that were
// delivered to the run and not yet received from their channels.
func UnhandledSignalNames(ctx Context) []string {
	x := executionOf(ctx)
	var names []string
	for _, ch := range x.signals {
		if len(ch.buffer) > 0 || ch.selected != nil {
			names = append(names, ch.name)
		}
	}
	slices.Sort(names)
	return names
}

func (x *Execution) signalChannel(name string) *channel {
	if x.signalIndex != nil {
		if ch, ok := x.signalIndex[name]; ok {
			return ch
		}
	} else {
		for _, ch := range x.signals {
			if ch.name == name {
				return ch
			}
		}
	}
	// Signals buffer without bound, as in the official SDK, so a burst of
	// signals never blocks event processing.
	ch := newChannel(name, math.MaxInt32, x.params.DataConverter)
	ch.signalsOf = x
	x.signals = append(x.signals, ch)
	switch {
	case x.signalIndex != nil:
		x.signalIndex[name] = ch
	case len(x.signals) > manySignals:
		x.signalIndex = make(map[string]*channel, len(x.signals))
		for _, ch := range x.signals {
			x.signalIndex[ch.name] = ch
		}
	}
	return ch
}

// manySignals is how many signal names a run looks up by searching its
// slice before it indexes them.
const manySignals = 16

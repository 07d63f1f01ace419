package engine

import (
	"fmt"
	"strconv"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/commands"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// This file holds the calls workflow code makes into its Execution; the
// public runtime/workflow package wraps them.

// Now returns the workflow's clock: the time of the workflow task being
// processed, the same on every replay.
func Now(ctx Context) time.Time { return executionOf(ctx).clock }

// GetInfo returns what the start event said about the run.
func GetInfo(ctx Context) Info { return executionOf(ctx).info }

// IsReplaying reports whether the workflow is replaying history it already
// made, so side effects such as logging can be skipped.
func IsReplaying(ctx Context) bool { return executionOf(ctx).replaying }

// GetSignalChannel returns the channel signals named name arrive on.
// Signals sent before the workflow asks for the channel wait in it.
func GetSignalChannel(ctx Context, name string) ReceiveChannel {
	assertWritable(ctx, "GetSignalChannel")
	return executionOf(ctx).signalChannel(name)
}

// nextCommandID is the event ID the next command will produce, which the
// official SDK uses as the default activity and timer ID.
func (x *Execution) nextCommandID() int64 {
	id, err := x.machines.Sequencer().Peek()
	if err != nil {
		// Workflow code runs only after a WorkflowTaskStarted event, so this
		// is an engine bug: fail the task rather than invent an ID.
		panic(err)
	}
	return id
}

// cancelWatch is a registration of watchCancel; its zero value watches
// nothing.
type cancelWatch struct {
	done *channel
	r    *receiver
}

// stop stops watching.
func (w cancelWatch) stop() {
	if w.done != nil {
		w.done.removeReceiver(w.r)
	}
}

// watchCancel calls onCancel when ctx is cancelled (at once if it already
// is) until the returned watch is stopped.
func watchCancel(ctx Context, onCancel func()) cancelWatch {
	if _, ok := ctx.Done().(*channel); !ok {
		return cancelWatch{}
	}
	return watchCancelWith(ctx, &receiver{taker: cancelFunc(onCancel)})
}

// watchCancelWith is watchCancel with the watcher's receiver given, which
// takes no value. Every activity and timer watches its context,
// embedding the receiver, so this allocates nothing.
func watchCancelWith(ctx Context, r *receiver) cancelWatch {
	done, ok := ctx.Done().(*channel)
	if !ok {
		return cancelWatch{}
	}
	if _, got, more := done.receiveAsync(r); got || !more {
		r.take(nil, false)
		return cancelWatch{}
	}
	return cancelWatch{done: done, r: r}
}

type pendingTimer struct {
	x            *Execution
	id           string
	machine      *commands.TimerMachine
	future       Future
	set          Settable
	stopWatching cancelWatch
	onCancel     receiver
}

// take is told the timer's context was cancelled.
func (p *pendingTimer) take(any, bool) bool {
	if !p.future.IsReady() {
		p.x.cancelTimer(p.id)
	}
	return false
}

// TimerOptions configure a timer.
type TimerOptions struct {
	// Summary is what the Temporal UI shows for the timer; empty for none.
	Summary string
}

// sleepSummary is the summary Sleep's timers carry, as the official SDK's
// do.
const sleepSummary = "Sleep"

// NewTimer returns a future that becomes ready after d of workflow time, or
// fails with a CanceledError when ctx is cancelled first.
func NewTimer(ctx Context, d time.Duration) Future {
	return NewTimerWithOptions(ctx, d, TimerOptions{})
}

// NewTimerWithOptions is NewTimer with options.
func NewTimerWithOptions(ctx Context, d time.Duration, opts TimerOptions) Future {
	if d <= 0 || opts.Summary == "" {
		return newTimer(ctx, d, nil)
	}
	x := executionOf(ctx)
	metadata, err := x.summary(opts.Summary)
	if err != nil {
		f, set := NewFuture(x.params.DataConverter)
		set.SetError(fmt.Errorf("workflow: timer summary: %w", err))
		return f
	}
	return newTimer(ctx, d, metadata)
}

// newTimer starts a timer whose command carries metadata (nil for none).
func newTimer(ctx Context, d time.Duration, metadata *sdkpb.UserMetadata) Future {
	assertWritable(ctx, "NewTimer")
	x := executionOf(ctx)
	f, set := NewFuture(x.params.DataConverter)
	if d <= 0 {
		set.Set(true, nil)
		return f
	}
	id := strconv.FormatInt(x.nextCommandID(), 10)
	m, err := x.machines.StartTimer(&commandpb.StartTimerCommandAttributes{TimerId: id, StartToFireTimeout: x.durationProto(d)}, metadata)
	if err != nil {
		set.SetError(err)
		return f
	}
	p := &pendingTimer{x: x, id: id, machine: m, future: f, set: set}
	x.timers.Put(id, p)
	p.onCancel.taker = p
	p.stopWatching = watchCancelWith(ctx, &p.onCancel)
	return f
}

// Sleep blocks for d of workflow time, or until ctx is cancelled. Its
// timer's summary is "Sleep", as the official SDK's is.
func Sleep(ctx Context, d time.Duration) error {
	x := executionOf(ctx)
	metadata := x.params.SleepSummary
	if metadata == nil {
		// Without the worker's shared copy (tests, tools), encode it here;
		// the summary is cosmetic, so a converter that cannot encode a
		// string costs the timer its summary, not the workflow its sleep.
		metadata, _ = x.summary(sleepSummary)
	}
	return newTimer(ctx, d, metadata).Get(ctx, nil)
}

// newTimerWithSummary starts a timer for one of the engine's own waits,
// with the summary the official SDK gives that wait. As with Sleep, a
// converter that cannot encode the summary costs the timer its summary,
// not the workflow its wait.
func (x *Execution) newTimerWithSummary(ctx Context, d time.Duration, summary string) Future {
	var metadata *sdkpb.UserMetadata
	if d > 0 {
		metadata, _ = x.summary(summary)
	}
	return newTimer(ctx, d, metadata)
}

// SleepSummary encodes the summary Sleep's timers carry, for
// Params.SleepSummary.
func SleepSummary(dc converter.DataConverter) (*sdkpb.UserMetadata, error) {
	p, err := dc.ToPayload(sleepSummary)
	if err != nil {
		return nil, err
	}
	return &sdkpb.UserMetadata{Summary: p}, nil
}

// summary encodes a command's summary for the Temporal UI, with the run's
// data converter as the official SDK does. It is not kept past its
// command: a run waiting in the cache holds no summary of a timer that
// fired. It runs on the workflow's goroutine, whose stack encoding grows
// and a cached run then keeps: Sleep's summary, the common one, comes
// encoded from Params.SleepSummary instead.
func (x *Execution) summary(s string) (*sdkpb.UserMetadata, error) {
	if s == "" {
		return nil, nil
	}
	p, err := x.params.DataConverter.ToPayload(s)
	if err != nil {
		return nil, err
	}
	return &sdkpb.UserMetadata{Summary: p}, nil
}

func (x *Execution) cancelTimer(id string) {
	p, ok := x.timers.Get(id)
	if !ok {
		return
	}
	if err := p.machine.Cancel(); err != nil {
		x.fail(err)
		return
	}
	// The timer's future fails at once; the TimerCanceled event that
	// follows only settles the machine.
	if !p.future.IsReady() {
		p.set.SetError(ErrCanceled)
	}
}

func (x *Execution) handleTimerEvent(e *historypb.HistoryEvent) error {
	m, err := x.machines.HandleTimerEvent(e)
	if err != nil || m == nil {
		return err
	}
	id := m.Key().ID
	p, _ := x.timers.Get(id)
	switch e.GetEventType() {
	case enumspb.EVENT_TYPE_TIMER_FIRED:
		if p != nil && !p.future.IsReady() {
			p.set.Set(nil, nil)
		}
		fallthrough
	case enumspb.EVENT_TYPE_TIMER_CANCELED:
		if p != nil {
			p.stopWatching.stop()
		}
		x.timers.Delete(id)
	}
	return nil
}

// ActivityOptions configure one activity call.
type ActivityOptions struct {
	// ActivityID is the activity's ID; empty means the predicted event ID,
	// as in the official SDK.
	ActivityID string
	// TaskQueue is where the activity runs; empty means the workflow's.
	TaskQueue              string
	ScheduleToCloseTimeout time.Duration
	ScheduleToStartTimeout time.Duration
	StartToCloseTimeout    time.Duration
	HeartbeatTimeout       time.Duration
	RetryPolicy            *temporal.RetryPolicy
	// WaitForCancellation makes a cancelled activity's future wait for the
	// activity to acknowledge; otherwise it fails at once.
	WaitForCancellation bool
	Priority            *temporal.Priority
	// DisableEagerExecution keeps the activity from being handed to this
	// worker in the answer to the workflow task that schedules it, as the
	// official SDK's option of that name does: it goes through its task
	// queue, to whichever worker polls first. The worker asks for eager
	// execution only for activities on its own task queue.
	DisableEagerExecution bool
}

// namedDuration is an option's name and value, for negativeDuration.
type namedDuration struct {
	name string
	d    time.Duration
}

// negativeDuration names the first of ds, in their order, that is
// negative. A list, not a map: the error is the same on every run, and
// nothing is allocated on the path every activity takes.
func negativeDuration(options string, ds ...namedDuration) error {
	for _, nd := range ds {
		if nd.d < 0 {
			return fmt.Errorf("%s.%s is negative (%v)", options, nd.name, nd.d)
		}
	}
	return nil
}

func (o *ActivityOptions) validate() error {
	if o.StartToCloseTimeout <= 0 && o.ScheduleToCloseTimeout <= 0 {
		return fmt.Errorf("ActivityOptions: set StartToCloseTimeout or ScheduleToCloseTimeout")
	}
	if err := negativeDuration("ActivityOptions",
		namedDuration{"ScheduleToCloseTimeout", o.ScheduleToCloseTimeout}, namedDuration{"ScheduleToStartTimeout", o.ScheduleToStartTimeout},
		namedDuration{"StartToCloseTimeout", o.StartToCloseTimeout}, namedDuration{"HeartbeatTimeout", o.HeartbeatTimeout}); err != nil {
		return err
	}
	if err := o.RetryPolicy.Validate("ActivityOptions.RetryPolicy"); err != nil {
		return err
	}
	return o.Priority.Validate("ActivityOptions.Priority")
}

type pendingActivity struct {
	x            *Execution
	id           string
	onCancel     receiver
	machine      *commands.ActivityMachine
	activityType string
	wait         bool
	handled      bool
	set          Settable
	stopWatching cancelWatch
	// dc is the call's converter (workflow.WithDataConverter, or the
	// run's), which decodes the details of a cancellation as it does the
	// result, as in the official SDK.
	dc converter.DataConverter
}

// ExecuteActivity schedules an activity, through the run's outbound chain,
// and returns its future. Invalid options fail the future without
// scheduling anything.
func ExecuteActivity(ctx Context, opts ActivityOptions, activityType string, args ...any) Future {
	out, header := executionOf(ctx).outbound()
	return out.StartActivity(ctx, &StartActivityInput{ActivityType: activityType, Options: opts, Args: args, Header: header})
}

func startActivity(ctx Context, in *StartActivityInput) Future {
	assertWritable(ctx, "ExecuteActivity")
	x := executionOf(ctx)
	opts, activityType := in.Options, in.ActivityType
	dc := x.callConverter(ctx)
	f, set := NewFuture(dc)
	if err := opts.validate(); err != nil {
		set.SetError(fmt.Errorf("workflow: activity %s: %w", activityType, err))
		return f
	}
	// The ID comes before the arguments are encoded, as in the official
	// SDK, so context-aware converters can see it.
	scheduleID := x.nextCommandID()
	id := opts.ActivityID
	if id == "" {
		id = strconv.FormatInt(scheduleID, 10)
	}
	input, err := dc.ToPayloads(in.Args...)
	if err != nil {
		// The official SDK fails the workflow task here: the workflow waits
		// for a fix instead of running on without the activity.
		panic(fmt.Errorf("workflow: encoding the arguments of activity %s: %w", activityType, err))
	}
	taskQueue := opts.TaskQueue
	if taskQueue == "" {
		taskQueue = x.info.TaskQueue
	}
	m, err := x.machines.ScheduleActivity(&commandpb.ScheduleActivityTaskCommandAttributes{
		ActivityId:             id,
		ActivityType:           &commonpb.ActivityType{Name: activityType},
		TaskQueue:              &taskqueuepb.TaskQueue{Name: taskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
		Input:                  input,
		Header:                 commandHeader(in.Header),
		ScheduleToCloseTimeout: x.durationProto(opts.ScheduleToCloseTimeout),
		ScheduleToStartTimeout: x.durationProto(opts.ScheduleToStartTimeout),
		StartToCloseTimeout:    x.durationProto(opts.StartToCloseTimeout),
		HeartbeatTimeout:       x.durationProto(opts.HeartbeatTimeout),
		RetryPolicy:            opts.RetryPolicy.ToProto(),
		Priority:               opts.Priority.ToProto(),
		// A request the worker grants or withdraws when it sends the
		// command, as it has a free slot and serves the task queue.
		RequestEagerExecution: !opts.DisableEagerExecution,
	})
	if err != nil {
		// Two activities in flight under one ID: the official SDK panics
		// adding the command, so the workflow task fails until the code
		// gives each its own ID, and the workflow does not go on with a
		// history that SDK could not replay.
		panic(fmt.Errorf("workflow: activity %s: %w; give each activity in flight its own ActivityID", activityType, err))
	}
	p := &pendingActivity{x: x, id: id, machine: m, activityType: activityType, wait: opts.WaitForCancellation, set: set, dc: dc}
	x.activity.Put(id, p)
	p.onCancel.taker = p
	p.stopWatching = watchCancelWith(ctx, &p.onCancel)
	return f
}

// take is told the activity's context was cancelled.
func (p *pendingActivity) take(any, bool) bool {
	p.x.cancelActivity(p.id)
	return false
}

// sharedDurations keeps the wire form of the last few durations a task's
// commands used, so commands share one value per duration: they are only
// ever marshalled, and a task may schedule many activities and timers
// with the same few timeouts. A handful of slots rather than a map cannot
// grow with a run that sleeps computed durations; they are dropped with
// each answer the task gives (see completion), so a run waiting in the
// cache keeps none (its pending commands keep their own).
type sharedDurations struct {
	slots [4]struct {
		d time.Duration
		p *durationpb.Duration
	}
	next int
}

// durationProto returns d's wire form, shared with earlier commands of the
// task when it is one of the last few durations used.
func (x *Execution) durationProto(d time.Duration) *durationpb.Duration {
	if x.durations == nil {
		x.durations = &sharedDurations{}
	}
	s := x.durations
	for _, slot := range s.slots {
		if slot.p != nil && slot.d == d {
			return slot.p
		}
	}
	p := durationpb.New(d)
	s.slots[s.next].d, s.slots[s.next].p = d, p
	s.next = (s.next + 1) % len(s.slots)
	return p
}

func (x *Execution) cancelActivity(id string) {
	p, ok := x.activity.Get(id)
	if !ok || p.handled {
		return
	}
	if err := p.machine.Cancel(); err != nil {
		x.fail(err)
		return
	}
	if p.machine.Done() || !p.wait {
		p.resolve(nil, ErrCanceled)
	}
}

func (p *pendingActivity) resolve(result *commonpb.Payloads, err error) {
	if p.handled {
		return
	}
	p.handled = true
	p.stopWatching.stop()
	if err != nil {
		p.set.SetError(err)
		return
	}
	p.set.SetValue(result)
}

func (x *Execution) handleActivityEvent(e *historypb.HistoryEvent) error {
	m, err := x.machines.HandleActivityEvent(e)
	if err != nil || m == nil {
		return err
	}
	id := m.Key().ID
	p, _ := x.activity.Get(id)
	if p == nil {
		return nil
	}
	activityErr := func(scheduled, started int64, identity string, retry enumspb.RetryState, cause error) error {
		return temporal.NewActivityError(temporal.ActivityErrorOptions{
			ScheduledEventID: scheduled, StartedEventID: started, Identity: identity,
			ActivityType: p.activityType, ActivityID: id, RetryState: retry, Cause: cause,
		})
	}
	fc := x.params.FailureConverter
	switch e.GetEventType() {
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
		p.resolve(e.GetActivityTaskCompletedEventAttributes().GetResult(), nil)
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED:
		a := e.GetActivityTaskFailedEventAttributes()
		p.resolve(nil, activityErr(a.GetScheduledEventId(), a.GetStartedEventId(), a.GetIdentity(), a.GetRetryState(), fc.FailureToError(a.GetFailure())))
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
		a := e.GetActivityTaskTimedOutEventAttributes()
		p.resolve(nil, activityErr(a.GetScheduledEventId(), a.GetStartedEventId(), "", a.GetRetryState(), fc.FailureToError(a.GetFailure())))
	case enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
		a := e.GetActivityTaskCanceledEventAttributes()
		if m.Done() || !p.wait {
			details := temporal.NewEncodedValues(a.GetDetails(), p.dc)
			p.resolve(nil, activityErr(a.GetScheduledEventId(), a.GetStartedEventId(), a.GetIdentity(), enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE, temporal.NewCanceledError(details)))
		}
	default:
		return nil
	}
	if p.handled {
		x.activity.Delete(id)
	}
	return nil
}

// NewChannelIn returns a channel whose payload values decode with the
// workflow's data converter.
func NewChannelIn(ctx Context, name string, size int) Channel {
	return newChannel(name, size, executionOf(ctx).params.DataConverter)
}

// NewFutureIn returns a future whose payload values decode with the
// workflow's data converter.
func NewFutureIn(ctx Context) (Future, Settable) {
	assertWritable(ctx, "NewFuture")
	return NewFuture(executionOf(ctx).params.DataConverter)
}

// DataConverter returns the workflow's data converter.
func DataConverter(ctx Context) converter.DataConverter { return executionOf(ctx).params.DataConverter }

// dataConverterKey is the context key of the converter WithDataConverter
// set.
type dataConverterKey struct{}

// WithDataConverter returns a context whose calls (activities, local
// activities, child workflows, external signals, continue-as-new) encode
// their arguments and decode their results with dc rather than the
// worker's converter, as the official SDK's workflow.WithDataConverter
// does. A nil dc restores the worker's converter.
func WithDataConverter(ctx Context, dc converter.DataConverter) Context {
	return WithValue(ctx, dataConverterKey{}, dc)
}

// callConverter is the converter a call made under ctx uses: the one
// WithDataConverter set, else the worker's.
func (x *Execution) callConverter(ctx Context) converter.DataConverter {
	if dc := contextConverter(ctx); dc != nil {
		return dc
	}
	return x.params.DataConverter
}

// contextConverter is the converter WithDataConverter set on ctx; nil when
// none was.
func contextConverter(ctx Context) converter.DataConverter {
	dc, _ := ctx.Value(dataConverterKey{}).(converter.DataConverter)
	return dc
}

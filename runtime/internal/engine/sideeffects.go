package engine

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
	"github.com/workflowdef/workflowdef/runtime/internal/markers"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// DefaultVersion is the version GetVersion returns for code that ran before
// the change: on replay of a history without the change's marker.
const DefaultVersion = -1

// markerState is what the markers of the next batch tell replay, preloaded
// before the batch runs (docs/engine.md §3.3).
type markerState struct {
	changeVersions    map[string]int
	sideEffects       map[int64]recordedSideEffect
	sideEffectCounter int64
	mutableValues     map[string]map[int]*commonpb.Payloads
	mutableRecorded   map[string]bool
	mutableCalls      map[string]int
}

// markerState returns the run's marker state, made on first use.
func (x *Execution) markerState() *markerState {
	if x.marks == nil {
		x.marks = &markerState{}
	}
	return x.marks
}

// recordedSideEffect is a side effect's marker from history, for replay.
type recordedSideEffect struct {
	data   *commonpb.Payloads
	marker *historypb.MarkerRecordedEventAttributes
}

// preloadMarkers reads the markers the next batch recorded: the results of
// the commands this batch is about to produce again.
func (x *Execution) preloadMarkers(events []*historypb.HistoryEvent) error {
	if x.marks != nil {
		clear(x.markerState().mutableRecorded)
	}
	for _, e := range events {
		a := e.GetMarkerRecordedEventAttributes()
		if a.GetMarkerName() == markers.LocalActivityName {
			continue // applied after the batch's events
		}
		m, err := markers.Decode(x.params.DataConverter, e.GetEventId(), a)
		if err != nil {
			return err
		}
		switch m := m.(type) {
		case markers.Version:
			lazymap.Put(&x.markerState().changeVersions, m.ChangeID, m.Version)
			if err := x.machines.Sequencer().AddVersionMarker(e.GetEventId(), m.SearchAttrUpdated); err != nil {
				return err
			}
		case markers.SideEffect:
			lazymap.Put(&x.markerState().sideEffects, m.ID, recordedSideEffect{data: m.Data, marker: a})
		case markers.MutableSideEffect:
			counter := m.Counter
			if !m.HasCounter {
				counter = x.markerState().mutableCalls[m.ID]
			}
			if x.markerState().mutableValues[m.ID] == nil {
				lazymap.Put(&x.markerState().mutableValues, m.ID, map[int]*commonpb.Payloads{})
			}
			x.markerState().mutableValues[m.ID][counter] = m.Data
			lazymap.Put(&x.markerState().mutableRecorded, m.RecordedID, true)
		}
	}
	return nil
}

// GetVersion returns the version of changeID this run follows: on a new
// run, maxSupported, recorded in history; on replay, what history recorded,
// or DefaultVersion if the run predates the change. A version outside
// [minSupported, maxSupported] means the code dropped support for a version
// running workflows still use: the workflow task fails until the code is
// fixed.
func GetVersion(ctx Context, changeID string, minSupported, maxSupported int) int {
	assertWritable(ctx, "GetVersion")
	x := executionOf(ctx)
	version, known := x.markerState().changeVersions[changeID]
	if !known {
		if x.replaying {
			version = DefaultVersion
		} else {
			version = maxSupported
			x.recordVersion(changeID, version)
		}
		lazymap.Put(&x.markerState().changeVersions, changeID, version)
	}
	if version < minSupported || version > maxSupported {
		panic(fmt.Errorf("workflow: version %d of change %q is not supported by this code (supported: %d to %d); running workflows still use it, so keep it until they finish",
			version, changeID, minSupported, maxSupported))
	}
	return version
}

func (x *Execution) recordVersion(changeID string, version int) {
	earlier := make(map[string]int, len(x.markerState().changeVersions))
	for id, v := range x.markerState().changeVersions {
		earlier[id] = v
	}
	sa, tooLarge, err := markers.ChangeVersions(changeID, version, earlier)
	if err != nil {
		panic(err)
	}
	// Asked first, as the official SDK does, so every recorded version
	// records flag 1.
	limit := x.flags.TryUse(FlagLimitChangeVersionSASize)
	skipUpsert := limit && tooLarge
	attrs, err := markers.Encode(x.params.DataConverter, markers.Version{ChangeID: changeID, Version: version, SearchAttrUpdated: !skipUpsert})
	if err != nil {
		panic(err)
	}
	if err := x.machines.RecordMarker(markers.VersionName+"_"+changeID, attrs); err != nil {
		panic(err)
	}
	if !skipUpsert {
		if err := x.machines.UpsertSearchAttributes(markers.ChangeVersionSearchAttribute+"_"+changeID, sa); err != nil {
			panic(err)
		}
		// The run's attributes include it, so continue-as-new carries it.
		x.upsertSearchAttributes(sa.GetIndexedFields())
	}
}

// SideEffect runs fn once, records its result in history, and on replay
// returns the recorded result without running fn.
func SideEffect(ctx Context, fn func(ctx Context) any) temporal.Values {
	assertWritable(ctx, "SideEffect")
	x := executionOf(ctx)
	x.markerState().sideEffectCounter++
	id := x.markerState().sideEffectCounter
	var (
		result *commonpb.Payloads
		attrs  *commandpb.RecordMarkerCommandAttributes
	)
	if x.replaying {
		recorded, ok := x.markerState().sideEffects[id]
		if !ok {
			panic(&MissingMarkerError{Marker: markers.SideEffectName, ID: strconv.FormatInt(id, 10)})
		}
		delete(x.markerState().sideEffects, id)
		result = recorded.data
		// The command to match is the marker history holds: no need to
		// encode it again.
		attrs = &commandpb.RecordMarkerCommandAttributes{MarkerName: recorded.marker.GetMarkerName(),
			Details: recorded.marker.GetDetails(), Header: recorded.marker.GetHeader(), Failure: recorded.marker.GetFailure()}
	} else {
		var err error
		// The result through the context's converter, the marker's own
		// fields through the worker's, as in the official SDK.
		if result, err = x.callConverter(ctx).ToPayloads(fn(ctx)); err != nil {
			panic(fmt.Errorf("workflow: encoding the result of side effect %d: %w", id, err))
		}
		if attrs, err = markers.Encode(x.params.DataConverter, markers.SideEffect{ID: id, Data: result}); err != nil {
			panic(err)
		}
	}
	if err := x.machines.RecordMarker(markers.SideEffectName+"_"+strconv.FormatInt(id, 10), attrs); err != nil {
		panic(err)
	}
	return temporal.NewEncodedValues(result, x.callConverter(ctx))
}

// MissingMarkerError reports a replayed call whose recorded result history
// does not have: the code calls it where the original run did not.
type MissingMarkerError struct {
	Marker string
	ID     string
}

func (e *MissingMarkerError) Error() string {
	return fmt.Sprintf("[TMPRL1100] nondeterministic workflow: no %s marker recorded for %s: the workflow code calls it where the original run did not", e.Marker, e.ID)
}

// MutableSideEffect runs fn and records its result when it differs
// (according to equals) from the last recorded value for id; on replay it
// returns the recorded values without running fn.
func MutableSideEffect(ctx Context, id string, fn func(ctx Context) any, equals func(a, b any) bool) temporal.Values {
	assertWritable(ctx, "MutableSideEffect")
	x := executionOf(ctx)
	dc := x.params.DataConverter
	lazymap.Put(&x.markerState().mutableCalls, id, x.markerState().mutableCalls[id]+1)
	calls := x.markerState().mutableCalls[id]
	recorded, hasRecorded := x.latestMutable(id, calls)
	if x.replaying {
		if !hasRecorded {
			panic(&MissingMarkerError{Marker: markers.MutableSideEffectName, ID: strconv.Quote(id)})
		}
		if recordedID := id + "_" + strconv.FormatInt(x.nextCommandID(), 10); x.markerState().mutableRecorded[recordedID] {
			x.recordMutable(id, recordedID, calls, recorded)
		}
		return temporal.NewEncodedValues(recorded, dc)
	}
	value := fn(ctx)
	payloads, err := dc.ToPayloads(value)
	if err != nil {
		panic(fmt.Errorf("workflow: encoding mutable side effect %q: %w", id, err))
	}
	if hasRecorded {
		if value == nil {
			// Nothing to decode into: compare the encodings, as the
			// official SDK does.
			if proto.Equal(payloads, recorded) {
				return temporal.NewEncodedValues(recorded, dc)
			}
		} else {
			old := reflect.New(reflect.TypeOf(value))
			if err := dc.FromPayloads(recorded, old.Interface()); err != nil {
				panic(fmt.Errorf("workflow: decoding the recorded value of mutable side effect %q: %w", id, err))
			}
			if equals(value, old.Elem().Interface()) {
				return temporal.NewEncodedValues(recorded, dc)
			}
		}
	}
	if x.markerState().mutableValues[id] == nil {
		lazymap.Put(&x.markerState().mutableValues, id, map[int]*commonpb.Payloads{})
	}
	x.markerState().mutableValues[id][calls] = payloads
	x.recordMutable(id, id+"_"+strconv.FormatInt(x.nextCommandID(), 10), calls, payloads)
	return temporal.NewEncodedValues(payloads, dc)
}

// latestMutable finds the value recorded for id at the greatest call count
// not after calls, and forgets older ones.
func (x *Execution) latestMutable(id string, calls int) (*commonpb.Payloads, bool) {
	values := x.markerState().mutableValues[id]
	best := -1
	for c := range values {
		if c <= calls && c > best {
			best = c
		}
	}
	if best < 0 {
		return nil, false
	}
	for c := range values {
		if c < best {
			delete(values, c)
		}
	}
	return values[best], true
}

func (x *Execution) recordMutable(id, recordedID string, calls int, data *commonpb.Payloads) {
	attrs, err := markers.Encode(x.params.DataConverter, markers.MutableSideEffect{ID: id, RecordedID: recordedID, Counter: calls, HasCounter: true, Data: data})
	if err != nil {
		panic(err)
	}
	if err := x.machines.RecordMarker(markers.MutableSideEffectName+"_"+recordedID, attrs); err != nil {
		panic(err)
	}
}

// LocalActivityOptions configure a local activity call.
type LocalActivityOptions struct {
	ScheduleToCloseTimeout time.Duration
	StartToCloseTimeout    time.Duration
	RetryPolicy            *temporal.RetryPolicy
	// LocalRetryThreshold is the longest retry backoff the worker waits out
	// itself, retrying inside the running workflow task (heartbeating the
	// task if the retries outlast it). A longer backoff is waited out on a
	// durable workflow timer, after which the activity is scheduled again:
	// the task completes meanwhile, so a long wait neither holds a
	// workflow task slot nor is lost if the worker goes away, at the cost
	// of a timer and a task in history. Zero or negative means the workflow
	// task timeout, as in the official Go SDK.
	LocalRetryThreshold time.Duration
}

// LocalActivityRequest is a local activity the worker must run before the
// workflow task can complete.
type LocalActivityRequest struct {
	ActivityID   string
	ActivityType string
	// Function is the function the workflow passed, if it passed one rather
	// than a registered type name.
	Function any
	Input    *commonpb.Payloads
	// DataConverter is the converter the workflow encoded Input with and
	// decodes the result with, when the call set one
	// (workflow.WithDataConverter); nil means the worker's.
	DataConverter converter.DataConverter
	// Header is what the workflow's outbound interceptors wrote; the
	// activity interceptors see it with every attempt.
	Header  map[string]*commonpb.Payload
	Attempt int32
	Options LocalActivityOptions
	// ScheduledTime is the workflow time the workflow asked for the
	// activity, kept across retries that wait on a timer: the
	// schedule-to-close timeout counts from it.
	ScheduledTime time.Time
	// Canceled reports that the workflow cancelled the call's context
	// before the worker started it. The worker reports the attempt
	// cancelled without running it, as the official SDK does, so its
	// marker records the cancellation.
	Canceled bool
}

type pendingLocalActivity struct {
	request LocalActivityRequest
	set     Settable
	// started: handed to the worker, which must now be told of a
	// cancellation (Completion.CancelLocalActivities).
	started  bool
	canceled bool
	// stopWatching ends the watch on the call's context once the marker
	// is applied.
	stopWatching cancelWatch
}

// localActivityBackoffSummary is the summary of the timer a retry waits
// on, as the official SDK writes it.
const localActivityBackoffSummary = "LocalActivity Backoff"

// needRetryError resolves a local activity attempt whose retry waits on a
// timer.
type needRetryError struct {
	attempt int32
	backoff time.Duration
	cause   error
}

func (e *needRetryError) Error() string { return "local activity needs retry" }

// ExecuteLocalActivity runs an activity in the worker, recording its result
// in a marker instead of scheduling it through the server. As in the
// official SDK, a helper coroutine requests it, so its ID is taken when that
// coroutine first runs; a retry whose backoff is longer than the worker
// retries in place waits on a durable timer and goes out under a new ID.
func ExecuteLocalActivity(ctx Context, opts LocalActivityOptions, activityType string, function any, args ...any) Future {
	out, header := executionOf(ctx).outbound()
	return out.StartLocalActivity(ctx, &StartLocalActivityInput{ActivityType: activityType, Function: function, Options: opts, Args: args, Header: header})
}

func startLocalActivity(ctx Context, in *StartLocalActivityInput) Future {
	assertWritable(ctx, "ExecuteLocalActivity")
	x := executionOf(ctx)
	opts, activityType := in.Options, in.ActivityType
	dc := x.callConverter(ctx)
	f, set := NewFuture(dc)
	if err := negativeDuration("LocalActivityOptions", namedDuration{"ScheduleToCloseTimeout", opts.ScheduleToCloseTimeout},
		namedDuration{"StartToCloseTimeout", opts.StartToCloseTimeout}, namedDuration{"LocalRetryThreshold", opts.LocalRetryThreshold}); err != nil {
		// As the official SDK refuses them, rather than take them as unset.
		set.SetError(fmt.Errorf("workflow: local activity %s: %w", activityType, err))
		return f
	}
	if opts.StartToCloseTimeout <= 0 && opts.ScheduleToCloseTimeout <= 0 {
		set.SetError(fmt.Errorf("workflow: local activity %s: set StartToCloseTimeout or ScheduleToCloseTimeout", activityType))
		return f
	}
	if in.Function == nil && x.params.LocalActivityRegistered != nil && !x.params.LocalActivityRegistered(activityType) {
		// The official SDK's words: a workflow that returns the error
		// fails the same way on either SDK.
		set.SetError(fmt.Errorf("local activity %s is not registered by the worker", activityType))
		return f
	}
	// The official SDK's defaults: either timeout stands in for the other,
	// so retries end once StartToCloseTimeout has passed since the call,
	// and both SDKs record the same attempts.
	if opts.ScheduleToCloseTimeout <= 0 {
		opts.ScheduleToCloseTimeout = opts.StartToCloseTimeout
	}
	if opts.StartToCloseTimeout <= 0 {
		opts.StartToCloseTimeout = opts.ScheduleToCloseTimeout
	}
	input, err := dc.ToPayloads(in.Args...)
	if err != nil {
		panic(fmt.Errorf("workflow: encoding the arguments of local activity %s: %w", activityType, err))
	}
	// The worker decodes the arguments and encodes the result with the
	// converter that encoded them; nil means its own. (Not a comparison
	// with the worker's: a converter may be a value that cannot be
	// compared.)
	requestDC := contextConverter(ctx)
	scheduled := x.clock
	Go(ctx, "local activity "+activityType, func(ctx Context) {
		attempt := int32(1)
		for {
			x.laCounter++
			id := strconv.FormatInt(int64(x.laCounter), 10)
			af, aset := NewFuture(dc)
			p := &pendingLocalActivity{set: aset, request: LocalActivityRequest{ActivityID: id, ActivityType: activityType,
				Function: in.Function, Input: input, DataConverter: requestDC, Header: in.Header, Attempt: attempt, Options: opts, ScheduledTime: scheduled}}
			lazymap.Put(&x.localActivities, id, p)
			// Watched after the request exists, as the official SDK does:
			// under a context already cancelled the attempt is still
			// requested, and resolves as cancelled without running.
			p.stopWatching = watchCancel(ctx, func() { x.cancelLocalActivity(p) })
			var result *commonpb.Payloads
			err := af.Get(ctx, &result)
			var retry *needRetryError
			if errors.As(err, &retry) {
				// Wait out the backoff on a durable timer, then try again
				// under a new ID. A cancellation ends the wait and, as in
				// the official SDK, the next attempt is still requested
				// under the cancelled context: it resolves as cancelled
				// without running, and its marker records the cancellation.
				_ = x.newTimerWithSummary(ctx, retry.backoff, localActivityBackoffSummary).Get(ctx, nil)
				attempt = retry.attempt + 1
				continue
			}
			set.Set(result, err)
			return
		}
	})
	return f
}

// cancelLocalActivity handles the cancellation of a local activity call's
// context. Nothing resolves now: an attempt not handed to the worker yet
// goes out marked cancelled, a running one is cancelled by the worker, and
// the future resolves when the marker the worker's result makes is
// applied, as in the official SDK.
func (x *Execution) cancelLocalActivity(p *pendingLocalActivity) {
	id := p.request.ActivityID
	if p.canceled || x.localActivities[id] != p {
		return
	}
	p.canceled = true
	if p.started {
		x.laCancels = append(x.laCancels, id)
	}
}

// takeLocalActivityCancels returns the running local activities the
// workflow cancelled since the last call and that are still running.
func (x *Execution) takeLocalActivityCancels() []string {
	var out []string
	for _, id := range x.laCancels {
		if _, running := x.localActivities[id]; running {
			out = append(out, id)
		}
	}
	x.laCancels = nil
	return out
}

// PendingLocalActivities returns the local activities the worker has to
// run: requested, not started yet. They are marked started.
func (x *Execution) PendingLocalActivities() []LocalActivityRequest {
	var out []LocalActivityRequest
	for _, p := range x.localActivities {
		if !p.started {
			p.started = true
			p.request.Canceled = p.canceled
			out = append(out, p.request)
		}
	}
	slices.SortFunc(out, func(a, b LocalActivityRequest) int {
		ai, _ := strconv.Atoi(a.ActivityID)
		bi, _ := strconv.Atoi(b.ActivityID)
		return ai - bi
	})
	return out
}

// applyLocalActivityMarker resolves a local activity from its marker, as
// replay does and as the worker's result does when it arrives: it records
// the marker again, resolves the future, moves the clock and runs the
// workflow.
func (x *Execution) applyLocalActivityMarker(eventID int64, a *historypb.MarkerRecordedEventAttributes) error {
	decoded, err := markers.Decode(x.params.DataConverter, eventID, a)
	if err != nil {
		return err
	}
	m := decoded.(markers.LocalActivity)
	p, ok := x.localActivities[m.ActivityID]
	if !ok {
		return nil // no such local activity pending: the matcher reports it
	}
	if m.ActivityType != "" && m.ActivityType != p.request.ActivityType {
		return &MissingMarkerError{Marker: markers.LocalActivityName,
			ID: fmt.Sprintf("%s of type %s (history has type %s)", m.ActivityID, p.request.ActivityType, m.ActivityType)}
	}
	x.nextCommandID() // steps over version slots first, as the official SDK does
	if err := x.machines.RecordMarker(markers.LocalActivityName+"_"+m.ActivityID, &commandpb.RecordMarkerCommandAttributes{
		MarkerName: a.GetMarkerName(), Details: a.GetDetails(), Failure: a.GetFailure(),
	}); err != nil {
		return err
	}
	lazymap.Drop(&x.localActivities, m.ActivityID)
	p.stopWatching.stop()
	// A failed local activity's error reaches the workflow as the activity
	// returned it, not wrapped in an ActivityError as a regular activity's
	// is: the official SDK's shape, which code branching on the error type
	// and the workflow's own failure depend on. A cancellation is never
	// retried.
	switch failed := m.Failure != nil; {
	case failed && m.Backoff > 0 && m.Failure.GetCanceledFailureInfo() == nil:
		p.set.SetError(&needRetryError{attempt: m.Attempt, backoff: m.Backoff, cause: x.params.FailureConverter.FailureToError(m.Failure)})
	case failed:
		p.set.SetError(x.params.FailureConverter.FailureToError(m.Failure))
	default:
		p.set.SetValue(m.Result)
	}
	if m.ReplayTime.After(x.clock) {
		x.clock = m.ReplayTime
	}
	return x.run()
}

// LocalActivityResult is the outcome of a local activity attempt the worker
// ran for a task.
type LocalActivityResult struct {
	ActivityID string
	// Attempt is the attempt that produced the outcome; the worker retries
	// short backoffs in place and reports the last one.
	Attempt int32
	Result  *commonpb.Payloads
	// Err is the activity's error; nil on success.
	Err error
	// Backoff, when positive, asks the workflow to wait this long on a
	// durable timer and schedule another attempt: the wait was too long to
	// hold the workflow task open. Zero or negative means no retry; it is
	// recorded in the marker as it is (the official SDK writes -1ns for a
	// failure it gave up on).
	Backoff time.Duration
	// ReplayTime is the workflow time the result applies at: the task's
	// clock plus the time the activity took. The engine reads no clock, so
	// the worker supplies it.
	ReplayTime time.Time
}

// ResolveLocalActivity applies a local activity's outcome during a live
// task: it records the LocalActivity marker the official SDK records, runs
// the workflow on, and returns the task's answer so far.
func (x *Execution) ResolveLocalActivity(r LocalActivityResult) (*Completion, error) {
	p, ok := x.localActivities[r.ActivityID]
	if !ok || !p.started {
		return nil, fmt.Errorf("engine: no local activity %q is running", r.ActivityID)
	}
	m := markers.LocalActivity{ActivityID: r.ActivityID, ActivityType: p.request.ActivityType, ReplayTime: r.ReplayTime,
		Attempt: r.Attempt, Backoff: r.Backoff, Result: r.Result}
	if r.Err != nil {
		m.Failure = x.params.FailureConverter.ErrorToFailure(r.Err)
		m.Result = nil
	}
	attrs, err := markers.Encode(x.params.DataConverter, m)
	if err != nil {
		return nil, fmt.Errorf("engine: recording local activity %q: %w", r.ActivityID, err)
	}
	x.replaying = false
	x.flags.SetReplaying(false)
	err = x.guard(func() error {
		return x.applyLocalActivityMarker(0, &historypb.MarkerRecordedEventAttributes{MarkerName: attrs.GetMarkerName(), Details: attrs.GetDetails(), Failure: attrs.GetFailure()})
	})
	if err != nil {
		return nil, err
	}
	if x.failure != nil {
		return nil, x.failure
	}
	return x.completion(), nil
}

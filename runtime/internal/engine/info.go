package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// This file holds what workflow code learns about its run and what it
// changes about it: info, search attributes and memo, continue-as-new, and
// deterministic randomness.

// setInfoFromStart fills Info from the start event. The run's names the
// worker gave NewExecution win over the event's (a reset run's event
// names the original run) or, when equal, are kept instead of its copies.
func (x *Execution) setInfoFromStart(e *historypb.HistoryEvent, a *historypb.WorkflowExecutionStartedEventAttributes) {
	known := x.info
	x.info = Info{
		WorkflowID:              a.GetWorkflowId(),
		RunID:                   a.GetOriginalExecutionRunId(),
		WorkflowType:            same(a.GetWorkflowType().GetName(), known.WorkflowType),
		TaskQueue:               same(a.GetTaskQueue().GetName(), known.TaskQueue),
		Attempt:                 a.GetAttempt(),
		StartTime:               e.GetEventTime().AsTime(),
		ExecutionTimeout:        a.GetWorkflowExecutionTimeout().AsDuration(),
		RunTimeout:              a.GetWorkflowRunTimeout().AsDuration(),
		TaskTimeout:             a.GetWorkflowTaskTimeout().AsDuration(),
		ContinuedExecutionRunID: a.GetContinuedExecutionRunId(),
		FirstRunID:              a.GetFirstExecutionRunId(),
		RetryPolicy:             temporal.RetryPolicyFromProto(a.GetRetryPolicy()),
		ParentNamespace:         a.GetParentWorkflowNamespace(),
		ParentWorkflowID:        a.GetParentWorkflowExecution().GetWorkflowId(),
		ParentRunID:             a.GetParentWorkflowExecution().GetRunId(),
		RootWorkflowID:          a.GetRootWorkflowExecution().GetWorkflowId(),
		RootRunID:               a.GetRootWorkflowExecution().GetRunId(),
		CronSchedule:            a.GetCronSchedule(),
		// The start event itself is not kept: a cached run would hold its
		// input and every other field for as long as it waits.
		Header: a.GetHeader().GetFields(),
	}
	if known.RunID != "" {
		x.info.RunID = known.RunID
	}
	if known.WorkflowID != "" {
		x.info.WorkflowID = known.WorkflowID
	}
	// A first run's IDs are all the same ID.
	x.info.FirstRunID = same(x.info.FirstRunID, x.info.RunID)
	x.currentRunID = same(a.GetOriginalExecutionRunId(), x.info.RunID)
	x.previous = previousRunOf(a)
	// Nil when the run started without: most runs never have either, and
	// each would be an allocation a cached run keeps (see upsertMemo and
	// upsertSearchAttributes).
	x.memo = proto.CloneOf(a.GetMemo())
	x.searchAttributes = proto.CloneOf(a.GetSearchAttributes())
}

// same returns s, or known when they are equal: the copy the run or the
// worker already holds, so a run waiting in the cache keeps one copy of a
// name however many fields hold it, not one per decoded message.
func same(s, known string) string {
	if s == known {
		return known
	}
	return s
}

// upsertMemo merges fields into the run's memo, made on first use.
func (x *Execution) upsertMemo(fields map[string]*commonpb.Payload) {
	if x.memo == nil {
		x.memo = &commonpb.Memo{}
	}
	mergeMemo(x.memo, fields)
}

// upsertSearchAttributes merges fields into the run's search attributes,
// made on first use.
func (x *Execution) upsertSearchAttributes(fields map[string]*commonpb.Payload) {
	if x.searchAttributes == nil {
		x.searchAttributes = &commonpb.SearchAttributes{}
	}
	mergeFields(x.searchAttributes.GetIndexedFields(), fields, &x.searchAttributes.IndexedFields)
}

// onTaskStarted updates what changes at every workflow task.
func (x *Execution) onTaskStarted(e *historypb.HistoryEvent) {
	if t := e.GetEventTime().AsTime(); t.After(x.clock) {
		x.clock = t // never backwards
	}
	a := e.GetWorkflowTaskStartedEventAttributes()
	x.info.HistoryLength = e.GetEventId()
	x.info.HistorySize = a.GetHistorySizeBytes()
	x.info.ContinueAsNewSuggested = a.GetSuggestContinueAsNew()
}

// SearchAttributes returns the run's search attributes: those it started
// with and every upsert since.
func SearchAttributes(ctx Context) (temporal.SearchAttributes, error) {
	return temporal.DecodeSearchAttributes(executionOf(ctx).searchAttributes)
}

// UpsertSearchAttributes sets or removes search attributes of the run.
func UpsertSearchAttributes(ctx Context, updates ...temporal.SearchAttributeUpdate) error {
	assertWritable(ctx, "UpsertSearchAttributes")
	x := executionOf(ctx)
	if len(updates) == 0 {
		return fmt.Errorf("workflow: UpsertSearchAttributes needs at least one update")
	}
	sa, err := temporal.EncodeSearchAttributeUpdates(updates...)
	if err != nil {
		return fmt.Errorf("workflow: %w", err)
	}
	id := "upsert-search-attributes-" + strconv.FormatInt(x.nextCommandID(), 10)
	if err := x.machines.UpsertSearchAttributes(id, sa); err != nil {
		return err
	}
	x.upsertSearchAttributes(sa.GetIndexedFields())
	return nil
}

// UpsertMemo sets memo entries of the run; a nil value removes the entry.
func UpsertMemo(ctx Context, memo map[string]any) error {
	assertWritable(ctx, "UpsertMemo")
	x := executionOf(ctx)
	if len(memo) == 0 {
		return fmt.Errorf("workflow: UpsertMemo needs at least one entry")
	}
	userDC := x.flags.TryUse(FlagMemoUserDCEncode)
	fields := make(map[string]*commonpb.Payload, len(memo))
	for k, v := range memo {
		p, err := encodeMemoValue(x.params.DataConverter, v, userDC)
		if err != nil {
			return fmt.Errorf("workflow: memo %q: %w", k, err)
		}
		fields[k] = p
	}
	upserted := &commonpb.Memo{Fields: fields}
	id := "upsert-memo-" + strconv.FormatInt(x.nextCommandID(), 10)
	if err := x.machines.ModifyProperties(id, upserted); err != nil {
		return err
	}
	x.upsertMemo(fields)
	return nil
}

// encodeMemoValue encodes a memo value as the official SDK does: with
// flag 7 through dc, the worker's converter (codecs included), falling back
// to the default converter when that one fails, so both SDKs send a
// command for the same values; before flag 7 through the default one.
func encodeMemoValue(dc converter.DataConverter, v any, userDC bool) (*commonpb.Payload, error) {
	if !userDC {
		return converter.Default().ToPayload(v)
	}
	p, err := dc.ToPayload(v)
	if err == nil {
		return p, nil
	}
	if p, fallbackErr := converter.Default().ToPayload(v); fallbackErr == nil {
		return p, nil
	}
	return nil, err
}

// mergeMemo applies a memo upsert: a nil value (binary/null) removes the
// key, as in the official SDK.
func mergeMemo(memo *commonpb.Memo, fields map[string]*commonpb.Payload) {
	if memo.Fields == nil {
		memo.Fields = map[string]*commonpb.Payload{}
	}
	for k, p := range fields {
		if string(p.GetMetadata()[converter.MetadataEncoding]) == converter.EncodingNull {
			delete(memo.Fields, k)
			continue
		}
		memo.Fields[k] = p
	}
}

func mergeFields(current, update map[string]*commonpb.Payload, dst *map[string]*commonpb.Payload) {
	if current == nil {
		current = map[string]*commonpb.Payload{}
	}
	for k, v := range update {
		current[k] = v
	}
	*dst = current
}

// ContinueAsNewOptions change what the new run of a continue-as-new gets.
// A zero field keeps the current run's value, as the official SDK does
// when its options leave them unset.
type ContinueAsNewOptions struct {
	// TaskQueue is where the new run's workflow tasks go.
	TaskQueue string
	// WorkflowRunTimeout and WorkflowTaskTimeout bound the new run and its
	// workflow tasks.
	WorkflowRunTimeout  time.Duration
	WorkflowTaskTimeout time.Duration
	// RetryPolicy is the new run's retry policy.
	RetryPolicy *temporal.RetryPolicy
	// BackoffStartInterval delays the new run's first workflow task; zero
	// starts it at once.
	BackoffStartInterval time.Duration
	// Memo, if not nil, is the new run's memo instead of the current one
	// with its upserts.
	Memo map[string]any
	// SearchAttributes, if not nil, are the new run's search attributes
	// instead of the current ones with their upserts.
	SearchAttributes *temporal.SearchAttributes
	// InitialVersioningBehavior is the versioning behavior of the new run's
	// first task (worker deployments); unspecified inherits.
	InitialVersioningBehavior enumspb.ContinueAsNewVersioningBehavior
}

// ContinueAsNewError, returned by a workflow, closes the run and starts a
// new one of the same workflow ID with fresh history. It lives with the
// typed errors, so the client can return it too.
type ContinueAsNewError = temporal.ContinueAsNewError

// NewContinueAsNewError returns, through the run's outbound chain, the
// error a workflow returns to continue as new with args, running
// workflowType (empty: the current type) with opts over the current run's
// settings.
func NewContinueAsNewError(ctx Context, opts ContinueAsNewOptions, workflowType string, args ...any) error {
	x := executionOf(ctx)
	if workflowType == "" {
		workflowType = x.info.WorkflowType
	}
	out, header := x.outbound()
	return out.ContinueAsNew(ctx, &ContinueAsNewInput{WorkflowType: workflowType, Options: opts, Args: args, Header: header})
}

func continueAsNewError(ctx Context, in *ContinueAsNewInput) error {
	x := executionOf(ctx)
	opts := in.Options
	if err := negativeDuration("ContinueAsNewOptions", namedDuration{"WorkflowRunTimeout", opts.WorkflowRunTimeout},
		namedDuration{"WorkflowTaskTimeout", opts.WorkflowTaskTimeout}, namedDuration{"BackoffStartInterval", opts.BackoffStartInterval}); err != nil {
		return fmt.Errorf("workflow: %w", err)
	}
	if err := opts.RetryPolicy.Validate("ContinueAsNewOptions.RetryPolicy"); err != nil {
		return fmt.Errorf("workflow: %w", err)
	}
	dc := x.callConverter(ctx)
	input, err := dc.ToPayloads(in.Args...)
	if err != nil {
		return fmt.Errorf("workflow: encoding the arguments to continue as new: %w", err)
	}
	e := &ContinueAsNewError{WorkflowType: in.WorkflowType, Input: input, Header: in.Header, TaskQueue: x.info.TaskQueue,
		RunTimeout: x.info.RunTimeout, TaskTimeout: x.info.TaskTimeout, RetryPolicy: opts.RetryPolicy,
		BackoffStartInterval: opts.BackoffStartInterval, InitialVersioningBehavior: opts.InitialVersioningBehavior}
	if opts.TaskQueue != "" {
		e.TaskQueue = opts.TaskQueue
	}
	if opts.WorkflowRunTimeout != 0 {
		e.RunTimeout = opts.WorkflowRunTimeout
	}
	if opts.WorkflowTaskTimeout != 0 {
		e.TaskTimeout = opts.WorkflowTaskTimeout
	}
	if opts.Memo != nil {
		// The workflow's converter, codecs included: the new run's memo is
		// read with it, as a client's memo is read with the client's.
		e.Memo = &commonpb.Memo{Fields: make(map[string]*commonpb.Payload, len(opts.Memo))}
		for k, v := range opts.Memo {
			if e.Memo.Fields[k], err = x.params.DataConverter.ToPayload(v); err != nil {
				return fmt.Errorf("workflow: continue-as-new memo %q: %w", k, err)
			}
		}
	}
	if opts.SearchAttributes != nil {
		if e.SearchAttributes, err = temporal.EncodeSearchAttributes(*opts.SearchAttributes); err != nil {
			return fmt.Errorf("workflow: continue-as-new search attributes: %w", err)
		}
		if e.SearchAttributes == nil {
			e.SearchAttributes = &commonpb.SearchAttributes{} // set, and empty: none
		}
	}
	return e
}

// continueAsNewAttributes fills the command as the official SDK does: memo
// and search attributes carry over with their upserts, removed attributes
// dropped, and the retry policy of the run.
func (x *Execution) continueAsNewAttributes(e *ContinueAsNewError) *commonpb.SearchAttributes {
	if e.SearchAttributes != nil {
		if len(e.SearchAttributes.GetIndexedFields()) == 0 {
			return nil
		}
		return e.SearchAttributes
	}
	kept := map[string]*commonpb.Payload{}
	for k, p := range x.searchAttributes.GetIndexedFields() {
		if string(p.GetMetadata()[converter.MetadataEncoding]) == converter.EncodingNull && len(p.GetData()) == 0 {
			continue
		}
		kept[k] = p
	}
	if len(kept) == 0 {
		return nil
	}
	return &commonpb.SearchAttributes{IndexedFields: kept}
}

func (x *Execution) continueAsNewCommand(e *ContinueAsNewError) *commandpb.Command {
	memo := x.memo
	if e.Memo != nil {
		memo = e.Memo
	}
	if len(memo.GetFields()) == 0 {
		memo = nil
	}
	retry := e.RetryPolicy
	if retry == nil {
		retry = x.info.RetryPolicy
	}
	var backoff *durationpb.Duration
	if e.BackoffStartInterval != 0 {
		backoff = durationpb.New(e.BackoffStartInterval) // unset, not zero, when not asked for: as the official SDK
	}
	return &commandpb.Command{CommandType: enumspb.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
		Attributes: &commandpb.Command_ContinueAsNewWorkflowExecutionCommandAttributes{ContinueAsNewWorkflowExecutionCommandAttributes: &commandpb.ContinueAsNewWorkflowExecutionCommandAttributes{
			WorkflowType:              &commonpb.WorkflowType{Name: e.WorkflowType},
			Input:                     e.Input,
			Header:                    commandHeader(e.Header),
			TaskQueue:                 &taskqueuepb.TaskQueue{Name: e.TaskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
			WorkflowRunTimeout:        durationpb.New(e.RunTimeout),
			WorkflowTaskTimeout:       durationpb.New(e.TaskTimeout),
			BackoffStartInterval:      backoff,
			Memo:                      memo,
			SearchAttributes:          x.continueAsNewAttributes(e),
			RetryPolicy:               retry.ToProto(),
			InitialVersioningBehavior: e.InitialVersioningBehavior,
		}}}
}

// RandomStream is a deterministic source of random bits: the same run and
// name give the same bits on every replay.
type RandomStream struct {
	source *rand.ChaCha8
}

// Uint64 returns 8 random bytes, little-endian, as the official SDK's
// streams do, so reads interleave the same way.
func (r *RandomStream) Uint64() uint64 {
	var buf [8]byte
	_, _ = r.source.Read(buf[:])
	return binary.LittleEndian.Uint64(buf[:])
}

// Read fills p with random bytes.
func (r *RandomStream) Read(p []byte) (int, error) { return r.source.Read(p) }

// randomSeed derives a stream's seed as the official SDK does, so a stream
// of the same name yields the same bits in both SDKs.
func randomSeed(runID, name string) [32]byte {
	return sha256.Sum256([]byte("temporal.sdk.random.v1\x00" + runID + "\x00" + name))
}

// GetRandomStream returns the run's random stream called name.
func GetRandomStream(ctx Context, name string) *RandomStream {
	x := executionOf(ctx)
	if r, ok := x.randoms[name]; ok {
		return r
	}
	r := &RandomStream{source: rand.NewChaCha8(randomSeed(x.currentRunID, name))}
	lazymap.Put(&x.randoms, name, r)
	return r
}

// reseedRandoms follows a reset to its new run ID, in place, so streams the
// workflow holds change too.
func (x *Execution) reseedRandoms(runID string) {
	x.currentRunID = runID
	for name, r := range x.randoms {
		r.source.Seed(randomSeed(runID, name))
	}
}

// uuidStream is the stream NewUUID reads. It is this SDK's own name: the
// official Go SDK has no UUID helper.
const uuidStream = "workflowdef.uuid"

// DefaultsUUIDStream is the stream NewDefaultsUUID reads.
const DefaultsUUIDStream = "workflowdef.defaults.uuid"

// NewUUID returns a random version 4 UUID that replays identically.
func NewUUID(ctx Context) string { return NewUUIDFrom(ctx, uuidStream) }

// NewUUIDFrom returns a random version 4 UUID read from the run's random
// stream called stream.
func NewUUIDFrom(ctx Context, stream string) string {
	var b [16]byte
	_, _ = GetRandomStream(ctx, stream).Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

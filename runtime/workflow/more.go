package workflow

import (
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// AwaitWithTimeout is Await that gives up after timeout of workflow time,
// reporting ok false.
func AwaitWithTimeout(ctx Context, timeout time.Duration, condition func() bool) (ok bool, err error) {
	return engine.AwaitWithTimeout(ctx, timeout, condition)
}

// ContinueAsNewError, returned by a workflow function, closes the run and
// starts a new run of the same workflow ID with a fresh history, carrying
// over memo, search attributes and retry policy.
type ContinueAsNewError = engine.ContinueAsNewError

// NewContinueAsNewError returns the error that continues the workflow as
// new with args. wf is the workflow type name or function; nil means the
// current workflow type.
func NewContinueAsNewError(ctx Context, wf any, args ...any) error {
	name := ""
	if wf != nil {
		var err error
		if name, err = activityName(wf); err != nil {
			return err
		}
	}
	return engine.NewContinueAsNewError(ctx, name, args...)
}

// UpsertTypedSearchAttributes sets or removes search attributes of the run,
// for visibility queries.
func UpsertTypedSearchAttributes(ctx Context, updates ...temporal.SearchAttributeUpdate) error {
	return engine.UpsertSearchAttributes(ctx, updates...)
}

// GetTypedSearchAttributes returns the run's search attributes.
func GetTypedSearchAttributes(ctx Context) (temporal.SearchAttributes, error) {
	return engine.SearchAttributes(ctx)
}

// UpsertMemo sets memo entries of the run.
func UpsertMemo(ctx Context, memo map[string]any) error { return engine.UpsertMemo(ctx, memo) }

// SetQueryHandler registers handler for queryType. handler has the shape
// func(args...) (R, error). It runs read-only: it may read workflow state
// but must not block or schedule anything.
func SetQueryHandler(ctx Context, queryType string, handler any) error {
	return engine.SetQueryHandler(ctx, queryType, handler)
}

// GetLogger returns the workflow's logger. Records carry the workflow's
// type and IDs and are dropped while the workflow replays, so each line is
// logged once.
func GetLogger(ctx Context) *slog.Logger { return engine.GetLogger(ctx) }

// RandomStream is a deterministic source of random bits for the run.
type RandomStream = engine.RandomStream

// GetRandomStream returns the run's random stream called name: the same
// bits on every replay, and the same bits as the official SDK's stream of
// that name.
func GetRandomStream(ctx Context, name string) *RandomStream {
	return engine.GetRandomStream(ctx, name)
}

// NewRandom returns a *rand.Rand over the run's default random stream.
func NewRandom(ctx Context) *rand.Rand { return rand.New(engine.GetRandomStream(ctx, "")) }

// NewUUID returns a random version 4 UUID that replays identically.
func NewUUID(ctx Context) string { return engine.NewUUID(ctx) }

package workflow

import (
	"math/rand/v2"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// RandomStream is a deterministic source of random bits for the run,
// seeded from its run ID: the same bits on every replay, with nothing
// recorded in history.
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

// NewDefaultsUUID returns a random version 4 UUID that replays
// identically, for a `{$uuid}` of a declared default that replay does not
// compare with history: a memo, a search attribute, a fairness key. It
// reads a stream of its own, so a default that gains a `{$uuid}` shifts
// no other draw: a child's ID made with NewUUID, say, still replays the
// same for running workflows. Generated code calls it; a workflow ID,
// which replay does compare, takes NewUUID.
func NewDefaultsUUID(ctx Context) string { return engine.NewUUIDFrom(ctx, engine.DefaultsUUIDStream) }

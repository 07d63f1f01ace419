package engine

import (
	"iter"
	"slices"

	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
)

// SDKFlag numbers a behaviour change recorded in history, so replay follows
// the behaviour the history was written with. The numbers are the official
// Go SDK's: histories carry them in WorkflowTaskCompleted's SDK metadata, and
// both SDKs must read each other's.
type SDKFlag int32

// The official Go SDK's flags (internal/internal_flags.go in sdk-go).
const (
	FlagLimitChangeVersionSASize       SDKFlag = 1
	FlagChildWorkflowErrorExecution    SDKFlag = 2
	FlagProtocolMessageCommand         SDKFlag = 3
	FlagPriorityUpdateHandling         SDKFlag = 4
	FlagBlockedSelectorSignalReceive   SDKFlag = 5
	FlagCancelAwaitTimerOnCondition    SDKFlag = 6
	FlagMemoUserDCEncode               SDKFlag = 7
	FlagWorkflowNewChannelLostMessages SDKFlag = 8
	FlagOrderedChildCancel             SDKFlag = 9
)

// Flags decides flag-gated behaviour. TryUse reports whether the flag's
// behaviour applies: on replay, whether the history recorded it; on new
// work, whether to adopt it (and record it).
type Flags interface {
	TryUse(flag SDKFlag) bool
}

type flagsKey struct{}

// WithFlags returns ctx carrying the workflow's flags.
func WithFlags(ctx Context, f Flags) Context { return WithValue(ctx, flagsKey{}, f) }

// tryUse asks ctx's flags; without any (unit tests of primitives) the
// current behaviour applies.
func tryUse(ctx Context, flag SDKFlag) bool {
	if f, ok := ctx.Value(flagsKey{}).(Flags); ok {
		return f.TryUse(flag)
	}
	return true
}

// DefaultAllowedFlags are the flags a new history may record, as in the
// official Go SDK v1.51.0: all but 6, which it never records.
func DefaultAllowedFlags() map[SDKFlag]bool {
	allowed := map[SDKFlag]bool{}
	for f := FlagLimitChangeVersionSASize; f <= maxKnownFlag; f++ {
		allowed[f] = f != FlagCancelAwaitTimerOnCondition
	}
	return allowed
}

// defaultAllowed is DefaultAllowedFlags shared, read-only, by every run
// that does not choose its own.
var defaultAllowed = DefaultAllowedFlags()

// FlagSet is a run's flags: those its history recorded, and those this
// worker records as it adopts new behaviour. Its TryUse answers as the
// official SDK's does, so code gated on a flag behaves the same on both.
type FlagSet struct {
	current flagBits // seen in history or already sent
	pending flagBits // recorded in this task, not yet sent
	// taken are the flags the last TakeNew sent, in case the server
	// discards that task (see Resend).
	taken flagBits
	// capable is the server's SdkMetadata capability: without it nothing
	// is recorded and only legacy behaviour runs.
	capable   bool
	allowed   map[SDKFlag]bool
	replaying bool
}

// NewFlagSet returns an empty set. allowed nil means DefaultAllowedFlags.
func NewFlagSet(capable bool, allowed map[SDKFlag]bool) *FlagSet {
	s := newFlagSet(capable, allowed)
	return &s
}

// newFlagSet is NewFlagSet by value, for the Execution that holds it.
func newFlagSet(capable bool, allowed map[SDKFlag]bool) FlagSet {
	if allowed == nil {
		allowed = defaultAllowed
	}
	return FlagSet{capable: capable, allowed: allowed}
}

// SetReplaying says whether the event being applied is replayed: replay
// never records a flag, it only follows what history says.
func (s *FlagSet) SetReplaying(replaying bool) { s.replaying = replaying }

// AddFromHistory adds the flags a history batch recorded.
func (s *FlagSet) AddFromHistory(flags []SDKFlag) {
	for _, f := range flags {
		s.current.add(f)
	}
}

// TryUse reports whether f's behaviour applies, recording f when new
// work adopts it.
func (s *FlagSet) TryUse(f SDKFlag) bool {
	if s.current.has(f) || s.pending.has(f) {
		return true
	}
	if !s.capable || s.replaying || !s.allowed[f] {
		return false
	}
	s.pending.add(f)
	return true
}

// Has reports whether f is in use without recording it, for checks that
// must not change what a task records.
func (s *FlagSet) Has(f SDKFlag) bool { return s.current.has(f) || s.pending.has(f) }

// TakeNew returns the flags recorded since the last call, sorted, for the
// task completion, and counts them as sent.
func (s *FlagSet) TakeNew() []uint32 {
	var out []uint32
	for f := range s.pending.all() {
		out = append(out, uint32(f))
		s.current.add(f)
	}
	s.taken, s.pending = s.pending, flagBits{}
	slices.Sort(out)
	return out
}

// Resend puts the flags the last TakeNew sent back into the next
// completion: the server discarded the task that carried them, and a flag
// history does not record would make a replay take the old behaviour.
func (s *FlagSet) Resend() {
	for f := range s.taken.all() {
		s.pending.add(f)
	}
	s.taken = flagBits{}
}

// flagBits is a set of flags: a bitmask for the small numbers flags have,
// and a map only for a larger one a history may carry. Every cached run
// keeps two, so they cost a word each.
type flagBits struct {
	low  uint64
	high map[SDKFlag]bool
}

func (b *flagBits) add(f SDKFlag) {
	if f >= 0 && f < 64 {
		b.low |= 1 << f
		return
	}
	lazymap.Put(&b.high, f, true)
}

func (b *flagBits) has(f SDKFlag) bool {
	if f >= 0 && f < 64 {
		return b.low&(1<<f) != 0
	}
	return b.high[f]
}

// all yields the flags in the set.
func (b *flagBits) all() iter.Seq[SDKFlag] {
	return func(yield func(SDKFlag) bool) {
		for f := SDKFlag(0); f < 64; f++ {
			if b.low&(1<<f) != 0 && !yield(f) {
				return
			}
		}
		for f := range b.high {
			if !yield(f) {
				return
			}
		}
	}
}

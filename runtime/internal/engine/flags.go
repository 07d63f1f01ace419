package engine

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

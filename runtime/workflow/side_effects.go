package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// EncodedValue holds a side effect's result until Get decodes it into a
// variable of the caller's type.
type EncodedValue = temporal.Values

// SideEffect runs f once and records its result in history; replay returns
// the recorded result without running f. Use it for small nondeterministic
// values such as random numbers or UUIDs; anything that can fail belongs in
// an activity.
func SideEffect(ctx Context, f func(ctx Context) any) EncodedValue {
	return engine.SideEffect(ctx, f)
}

// MutableSideEffect runs f each time and records its result when equals
// says it changed since the last recorded value for id; replay returns the
// recorded values. Use it for values that change rarely, such as
// configuration, without a marker per call.
func MutableSideEffect(ctx Context, id string, f func(ctx Context) any, equals func(a, b any) bool) EncodedValue {
	return engine.MutableSideEffect(ctx, id, f, equals)
}

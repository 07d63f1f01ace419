package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// Changing workflow code that has running executions must keep replay
// deterministic: runs that passed a point before the change replay the old
// code path there. A version marker in history records which path a run
// took; GetVersion and Patched read and write it.

// Version is a version of a change guarded by [GetVersion].
type Version int

// DefaultVersion is what [GetVersion] returns for a run that passed the
// call before the change existed.
const DefaultVersion Version = engine.DefaultVersion

// GetVersion returns the version of changeID this run follows: maxSupported
// for runs that reach the call for the first time, recorded in history;
// what history recorded on replay; DefaultVersion for runs that passed this
// point before the call existed. A recorded version outside
// [minSupported, maxSupported] fails the workflow task until the code
// supports it again.
func GetVersion(ctx Context, changeID string, minSupported, maxSupported Version) Version {
	return Version(engine.GetVersion(ctx, changeID, int(minSupported), int(maxSupported)))
}

// Patched reports whether this run follows the code after the change
// patchID guards: true for new runs, false for runs that passed this point
// before the change. It is GetVersion with versions DefaultVersion and 1,
// so histories stay readable by the official Go SDK.
func Patched(ctx Context, patchID string) bool {
	return GetVersion(ctx, patchID, DefaultVersion, 1) == 1
}

// DeprecatePatch marks a patch whose old code path is gone: every run still
// open went past the change. It keeps the marker so histories still replay.
func DeprecatePatch(ctx Context, patchID string) {
	GetVersion(ctx, patchID, 1, 1)
}

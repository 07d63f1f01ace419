// Package markers encodes and decodes the MarkerRecorded details the
// official Go SDK writes for SideEffect, GetVersion, MutableSideEffect and
// local activities, byte for byte, so histories move between the SDKs.
//
// A marker is how a workflow records a value that no command's outcome
// carries — a side effect's result, the version a GetVersion call chose, a
// local activity's result — so that replay reads the value back from
// history instead of computing it again, possibly differently. [Encode]
// turns a [SideEffect], [Version], [MutableSideEffect] or [LocalActivity]
// into the RecordMarker command the engine sends; [Decode] turns a
// MarkerRecorded event back into one of them, or into an [*Error] naming the
// event when its details are not what the official SDK writes.
// [ChangeVersions] builds the TemporalChangeVersion search attribute that
// GetVersion upserts, so visibility queries can find the runs that went
// through a change.
//
// docs/engine.md §4 gives the formats with references into the official
// SDK.
package markers

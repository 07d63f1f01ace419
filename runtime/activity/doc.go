// Package activity is the API activity code calls while a worker runs it:
// its Info, heartbeats with progress details, the details the previous
// attempt left, a logger tagged with the activity, and ErrResultPending
// for activities that complete later through the client.
//
// An activity is an ordinary Go function that takes a context.Context
// (optionally) and its arguments, and returns a result and an error. The
// context carries everything below and is cancelled when the server asks
// for cancellation, when the attempt's deadline passes, or when the
// worker stops and its graceful-stop timeout runs out. Unlike workflow
// code, activity code may do anything: call services, read clocks, block.
//
// Heartbeats are throttled the way the official SDKs throttle them: the
// first goes out at once, later ones at most every 0.8 × HeartbeatTimeout
// (30 s without a timeout, 60 s at most), always with the latest details.
// A cancellation requested by the server is seen only by an activity that
// heartbeats; so are a pause and a reset from the CLI or UI, which cancel
// the context with ErrActivityPaused or ErrActivityReset as its cause.
// GetWorkerStopChannel closes as soon as the worker begins to stop, before
// the grace period: a long activity can record a heartbeat and return, for
// a retry on another worker to resume from.
//
// Outside an activity (in a unit test calling the function directly) the
// helpers are harmless: GetInfo returns a zero Info, RecordHeartbeat does
// nothing and GetLogger returns a logger that discards.
package activity

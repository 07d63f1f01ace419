// Package activityenv carries a running activity's environment in its
// context.Context: the worker puts it there, package activity reads it.
//
// Activity code is plain Go that takes a context.Context, so everything it
// may ask about the attempt it runs in — its [Info] (IDs, attempt, deadline),
// the workflow's data converter, a logger tagged with the attempt, the
// heartbeat and the details the previous attempt recorded — has to travel in
// that context. The worker builds an [Env] per attempt and attaches it with
// [With]; the public activity package finds it with [From].
//
// It is a package of its own so that the dependency runs one way: the worker
// and package activity both import it, and package activity, which activity
// code imports, never imports the worker or the client.
package activityenv

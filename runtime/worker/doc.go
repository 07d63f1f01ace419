// Package worker runs workflows and activities.
//
// So far it holds the [Registry] of workflow types a worker runs, and the
// [Replayer], which runs registered workflows over recorded histories without
// a server: the check that code still matches the histories of the
// workflows it will meet in production. The polling worker itself (workflow
// and activity task pollers, the sticky cache, heartbeats, graceful
// shutdown) builds on both.
//
// A workflow is registered under a type name: its function's name by
// default, as the official Go SDK names them, or the name given in
// [RegisterWorkflowOptions], plus aliases so executions started under an old
// name keep running after a rename.
package worker

// Package worker runs workflows and activities.
//
// So far it holds the [Registry] of workflow types a worker runs, and the
// [Replayer], which runs registered workflows over recorded histories without
// a server: the check that code still matches the histories of the
// workflows it will meet in production. Inside, the workflow task handler
// answers one polled workflow task: it pages in the rest of the history,
// runs the engine, and sends the commands, or reports the failure (with
// cause NON_DETERMINISTIC_ERROR when code and history disagree) so the
// workflow waits for fixed code. The polling worker itself (pollers, the
// sticky cache, activities, heartbeats, graceful shutdown) builds on these.
//
// A workflow is registered under a type name: its function's name by
// default, as the official Go SDK names them, or the name given in
// [RegisterWorkflowOptions], plus aliases so executions started under an old
// name keep running after a rename.
package worker

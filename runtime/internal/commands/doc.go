// Package commands holds the engine's command state machines: one machine
// per command workflow code produces (schedule an activity, start a timer,
// and so on), driven first by the code that creates and cancels it, then by
// the history events the server writes in answer.
//
// A run's machines live in one [Machines]. The engine creates each command
// through it ([Machines.StartTimer], [Machines.ScheduleActivity], ...),
// hands it each command event of history to route to its machine, by
// command ID or by the event ID that scheduled or initiated the command
// ([Machines.HandleTimerEvent], ...), and takes the commands to send from
// [Machines.Emit], in the order the code produced them.
//
// The machines follow the official Go SDK's, state for state, because a
// history the official SDK wrote must replay here and the other way round:
// which commands a task sends, in which order, and which event IDs they are
// predicted to produce are all part of that contract. docs/engine.md §1–§2
// describes them with references into the official SDK.
//
// A transition the table does not allow — an event for a command the
// workflow no longer produces, or in the wrong state — is an
// [*IllegalTransitionError]; the engine reports it as nondeterminism.
//
// The [Sequencer] predicts the event ID each new command will produce. The
// official SDK uses those numbers as the default activity and timer IDs, so
// the prediction must match it exactly, version markers included.
package commands

// Package workflow is the API workflow code is written against.
//
// A workflow is deterministic code: given the same history it must make the
// same decisions, because Temporal rebuilds a workflow's state by running
// its code again over the events it already produced (replay) whenever a
// worker picks it up without the state in memory. So workflow code does not
// use goroutines, channels, select, time.Now, time.Sleep or the network
// directly; it uses their deterministic counterparts here:
//
//	go f()               workflow.Go(ctx, f)
//	make(chan T)         workflow.NewChannel(ctx)
//	select               workflow.NewSelector(ctx)
//	time.Now()           workflow.Now(ctx)
//	time.Sleep(d)        workflow.Sleep(ctx, d)
//	rand, uuid           workflow.SideEffect(ctx, ...)
//	I/O, RPCs            workflow.ExecuteActivity(ctx, ...)
//
// The names and semantics are the official Go SDK's (go.temporal.io/sdk/
// workflow), so Temporal Go users feel at home and histories move between
// the two SDKs: a workflow written here replays the history the official
// SDK wrote for the same workflow, and the other way round. Generics remove
// the casts where they can: [Result] reads a future into a typed value.
//
// Changing workflow code that has running executions must keep replay
// deterministic: guard the change with [GetVersion] so runs that started
// before it keep taking the old path.
//
// Workflow code never imports the worker or the client: the worker runs it,
// and calls out of it go through activities.
package workflow

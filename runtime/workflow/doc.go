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
//	sync.WaitGroup       workflow.NewWaitGroup(ctx)
//	sync.Mutex           workflow.NewMutex(ctx)
//	semaphore.Weighted   workflow.NewSemaphore(ctx, n)
//	time.Now()           workflow.Now(ctx)
//	time.Sleep(d)        workflow.Sleep(ctx, d)
//	rand, uuid           workflow.NewRandom(ctx), workflow.NewUUID(ctx)
//	other side effects   workflow.SideEffect(ctx, ...)
//	I/O, RPCs            workflow.ExecuteActivity(ctx, ...)
//
// The names and semantics are the official Go SDK's (go.temporal.io/sdk/
// workflow), so Temporal Go users feel at home and histories move between
// the two SDKs: a workflow written here replays the history the official
// SDK wrote for the same workflow, and the other way round. Generics remove
// the casts where they can: [Result] reads a future into a typed value.
//
// # Context and goroutines
//
// Every call that can block takes the [Context] the workflow function
// received, or one derived from it with [WithCancel], [WithValue] or
// [NewDisconnectedContext]. Cancelling the workflow cancels its context:
// its Err becomes [ErrCanceled], timers, activities and children started
// with it are cancelled, and blocking calls return a
// *temporal.CanceledError. Workflow goroutines
// ([Go]) run one at a time and switch only where they block: on a
// [Channel], a [Selector], a [Future] or [Await] (on which [WaitGroup],
// [Mutex] and [Semaphore] are built).
//
// # Timers, activities and children
//
// [Sleep] and [NewTimer] wait in workflow time, which [Now] reads.
// [ExecuteActivity] runs code that may fail or touch the outside world,
// with the options of [WithActivityOptions]; [ExecuteLocalActivity] runs
// short work in the same worker. [ExecuteChildWorkflow] starts another
// workflow as a child; [SignalExternalWorkflow] and
// [RequestCancelExternalWorkflow] reach workflows by ID. A workflow whose
// history grows long returns [NewContinueAsNewError] to go on in a fresh
// run.
//
// # Signals, queries and updates
//
// Signals arrive on the channel [GetSignalChannel] returns. Queries read
// state through handlers registered with [SetQueryHandler]; updates change
// it through handlers registered with [SetUpdateHandler], each in a
// goroutine of its own, and may be refused by a validator before they
// leave a trace in history. A workflow that returns while an update
// handler runs cuts it short and its caller gets an error (the worker logs
// a warning naming it); to let handlers finish, end with
// Await(ctx, func() bool { return AllHandlersFinished(ctx) }).
//
// # Typed calls
//
// Descriptors name an activity, workflow, signal, query or update together
// with its request and response types, so a wrong type does not compile:
// [ActivityDef], [WorkflowDef] (children and continue-as-new), [SignalDef],
// [QueryDef] and [UpdateDef]. Generated code declares them from annotated
// protos; they are as useful written by hand. Their calls return typed
// results: [FutureOf], [ChildRunOf], [SignalChannelOf]. A call's options
// apply over the descriptor's defaults and the non-zero fields of the
// options on the context ([ActivityDef] states the order).
//
// # Changing code that runs
//
// Changing workflow code that has running executions must keep replay
// deterministic: guard the change with [GetVersion] or [Patched] so runs
// that started before it keep taking the old path. Nondeterministic values
// (random numbers, configuration read once) go through [SideEffect] or
// [MutableSideEffect], which record them in history, or [GetRandomStream],
// which draws them from a seed that replays.
//
// # What a run knows and shows
//
// [GetInfo] describes the run. A run of a cron workflow or a schedule
// reads what the runs before it left with [GetLastCompletionResult] and
// [GetLastError]. Search attributes ([UpsertTypedSearchAttributes]) and
// memo ([UpsertMemo]) are what visibility queries and the Temporal UI show
// of it. [GetLogger] and [GetMetricsHandler] log and count without
// repeating anything on replay.
//
// Workflow code never imports the worker or the client: the worker runs it,
// and calls out of it go through activities.
package workflow

// Package worker runs workflows and activities: it polls a task queue on
// the Temporal server, runs what the server hands it, and answers.
//
// # Running a worker
//
// [New] makes a [Worker] for one task queue; register workflows and
// activities on it, then [Worker.Run] until the process is told to stop.
// [Options] has a documented default for every field, and [OptionsFromEnv]
// reads the knobs operators set per deployment (TEMPORAL_TASK_QUEUE,
// TEMPORAL_WORKFLOW_CONCURRENCY, TEMPORAL_STICKY_CACHE_SIZE, ...).
//
// # Workflow tasks
//
// A workflow task asks the worker for a run's next commands. The worker
// rebuilds the run from its history (paging in what the poll left out),
// or, with the sticky cache, goes on with the run it kept in memory from
// the run's last task; the server then sends that run's tasks to this
// worker's own sticky queue with only the new events. Each of the two
// queues always has a poll waiting, so neither waits on the other; further
// pollers go to the normal queue unless the sticky one reports more tasks
// waiting than polls. A task whose code no longer matches its history is
// reported as NON_DETERMINISTIC_ERROR and the workflow waits, unharmed, for
// fixed code; failures are reported on the first attempt only.
//
// Local activities run inside the worker while their workflow task is
// open: retried in place for short backoffs, through a durable timer for
// long ones, with the task completed early (a heartbeat) before it would
// time out.
//
// A workflow started through the worker's client with
// client.StartWorkflowOptions.EnableEagerStart has its first task handed
// to the worker in the start's response, on a workflow-task slot the
// client reserved, when the worker polls that task queue: the worker
// offers itself to the client from Start to Stop.
//
// # Activity tasks
//
// A workflow's activities on the worker's own task queue are requested
// eagerly: where the server enables eager activity execution (dynamic
// config system.enableActivityEagerExecution, off by default; package
// devserver turns it on), it hands them back in the workflow task's
// response, sparing an activity poll. Options.DisableEagerActivities stops
// asking.
//
// An activity runs with a context carrying package activity's environment:
// its Info, throttled heartbeats, the details its previous attempt
// recorded, and cancellation when the server asks for it. A panic fails
// the attempt with its stack.
//
// # Stopping
//
// [Worker.Stop] stops polling, tells the server the worker is gone (so its
// cached runs' tasks go elsewhere at once), lets workflow tasks finish and
// gives activities [Options.GracefulStopTimeout] before cancelling them.
// A workflow is never lost by stopping or killing a worker: its tasks time
// out on the server and run on the next worker.
//
// # Names and replay
//
// A workflow or activity is registered under a type name: its function's
// name by default, as the official Go SDK names them, or the name given in
// the options, plus aliases so executions started under an old name keep
// running after a rename. A [Registry] serves a
// [github.com/workflowdef/workflowdef/replay.Replayer] as it serves a
// worker: the replayer runs the registered workflows over recorded
// histories without a server, the check that code still matches the
// histories of the workflows it will meet in production. When a worker
// meets a run whose history the code no longer matches, the workflow task
// fails with a [*temporal.NondeterminismError] and the run waits for fixed
// code (or fails, under [FailWorkflow]).
//
// # Typed registration
//
// [Registry.RegisterWorkflow] and [Registry.RegisterActivity] take any
// function of the right shape and call it through reflection.
// [RegisterWorkflowFunc] and [RegisterActivityFunc] take a function of one
// input and one result, the shape generated code registers, under a name
// that must be given; the types are known at compile time, so every task
// decodes into the input type and calls the function directly, with fewer
// allocations (see BenchmarkWorkflowDispatch).
//
// # Worker Deployments
//
// A worker with [Options.DeploymentName], [Options.BuildID] and
// [Options.UseBuildIDVersioning] (or TEMPORAL_WORKER_DEPLOYMENT_NAME and
// TEMPORAL_WORKER_BUILD_ID) is a version of a Worker Deployment, and tells the server with every
// workflow task it completes how the run should move when the deployment's
// current version changes: its workflow type's
// [RegisterWorkflowOptions.VersioningBehavior], or else
// [Options.VersioningBehavior].
package worker

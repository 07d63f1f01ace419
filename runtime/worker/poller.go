package worker

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"go.temporal.io/api/serviceerror"
	"golang.org/x/time/rate"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Poll error backoff, as the official SDKs do it: quick retries for
// blips, slower ones when the server says it is overloaded.
const (
	pollBackoffInitial          = 200 * time.Millisecond
	pollBackoffInitialExhausted = time.Second
	pollBackoffMax              = 10 * time.Second
)

// fatalPollGrace is how long a poll error that says the worker can never
// poll must persist before the worker stops: as in the official SDK,
// proxies and load balancers sometimes answer with such codes for a while.
// A variable so tests can shorten it.
var fatalPollGrace = 2 * time.Minute

// pollerSpec is one kind of task a poller asks for.
type pollerSpec[T any] struct {
	// kind names the tasks in logs and errors ("activity tasks").
	kind string
	// slots bound the tasks of this kind running at once; a poller polls
	// only while holding a free slot, so the server never hands this
	// worker a task it has no room for.
	slots chan struct{}
	// workerType tags the kind's metrics ("WorkflowWorker").
	workerType string
	// tasks counts the goroutines running tasks, for Stop to wait on.
	tasks *taskGroup
	// executors run the tasks; pollers of one kind share them.
	executors *executors
	poll      func(ctx context.Context) (T, error)
	empty     func(T) bool
	handle    func(T)
	// limiter, if set, spaces the tasks' starts (Options.Worker…PerSecond).
	limiter *rate.Limiter
}

// startPollers starts n pollers of spec, owned by w.pollers, and one
// resident executor for each.
func startPollers[T any](w *Worker, n int, spec pollerSpec[T]) {
	spec.executors.startResidents(w.pollCtx, spec.tasks, n)
	for range n {
		w.pollers.Go(func() { runPoller(w, spec) })
	}
}

// runPoller polls until the worker stops polling or a fatal error ends
// it. Each task runs on its own goroutine, counted in spec.tasks, holding
// its slot until done.
func runPoller[T any](w *Worker, spec pollerSpec[T]) {
	var delay time.Duration
	var fatalSince time.Time // when the current run of fatal errors began
	for {
		select {
		case spec.slots <- struct{}{}:
		case <-w.pollCtx.Done():
			return
		}
		ctx, cancel := context.WithTimeout(w.pollCtx, pollTimeout)
		began := time.Now()
		task, err := spec.poll(ctx)
		cancel()
		got := err == nil && !spec.empty(task)
		if w.pollCtx.Err() == nil {
			w.metrics.poll(spec.workerType, got, err)
		}
		if !got {
			<-spec.slots
		}
		switch {
		case got:
			// A task that arrived runs even if polling stopped meanwhile:
			// the server has recorded it started, and dropping it would
			// leave it to wait out its timeout. Stop waits for it.
		case w.pollCtx.Err() != nil:
			return
		case err != nil && isFatal(err) && !fatalSince.IsZero() && time.Since(fatalSince) >= fatalPollGrace:
			w.logger.Error("polling stopped: the server refuses this worker", "task", spec.kind, "for", time.Since(fatalSince).Round(time.Second), "error", err)
			w.reportFatal(fmt.Errorf("worker: polling %s on task queue %q: %w (check the namespace and the task queue name)", spec.kind, w.taskQueue, err))
			return
		case err != nil && isDeadline(err) && time.Since(began) >= pollTimeout/2:
			// The server answers an idle poll, empty, before our deadline;
			// one that went unanswered that long says the server (or what
			// stands between) is in trouble. Poll again at once: a minute
			// has passed already.
			delay, fatalSince = 0, time.Time{}
			w.logger.Warn("the server did not answer a poll before its deadline; polling again", "task", spec.kind, "deadline", pollTimeout, "error", err)
			continue
		case err != nil:
			delay = nextPollBackoff(delay, err)
			if isFatal(err) {
				if fatalSince.IsZero() {
					fatalSince = time.Now()
				}
				w.logger.Error("the server refuses this worker's polls; retrying, then stopping if it goes on", "task", spec.kind, "stop_after", fatalPollGrace, "backoff", delay, "error", err)
			} else {
				fatalSince = time.Time{}
				w.logger.Warn("poll failed; retrying", "task", spec.kind, "backoff", delay, "error", err)
			}
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-w.pollCtx.Done():
				t.Stop()
				return
			}
			continue
		}
		// A poll the server answered ends any run of errors: the grace
		// counts from the last good answer, as in the official SDK.
		delay, fatalSince = 0, time.Time{}
		if !got {
			continue
		}
		if spec.limiter != nil {
			// The poller waits its turn before it runs the task and polls
			// again. The task is the worker's already (the server counts
			// it started): a stop ends the wait, never the task.
			_ = spec.limiter.Wait(w.pollCtx)
		}
		w.metrics.slot(spec.workerType, 1)
		spec.executors.run(w.pollCtx, spec.tasks, func() {
			defer func() {
				w.metrics.slot(spec.workerType, -1)
				<-spec.slots
			}()
			spec.handle(task)
		})
	}
}

// overflowIdle is how long an executor beyond the resident ones waits for
// another task before it exits: long enough to carry a burst, short
// enough that an idle worker is back to its resident goroutines within a
// second or so of its last task.
const overflowIdle = time.Second

// executors run tasks on goroutines kept between tasks. A fresh goroutine
// per task would grow its stack anew each time (a workflow task's stack is
// deep); a kept one has grown already. One resident executor per poller
// lives from Start to Stop, so steady load runs on warm goroutines and an
// idle worker has the same goroutines before and after a burst; executors
// a burst adds exit after overflowIdle without a task, or when polling
// stops.
type executors struct {
	handoff chan func()
}

func newExecutors() *executors { return &executors{handoff: make(chan func())} }

// startResidents starts n executors that wait for tasks until stop ends,
// counted in wg.
func (e *executors) startResidents(stop context.Context, wg *taskGroup, n int) {
	for range n {
		wg.Go(func() { e.loop(stop, nil, 0) })
	}
}

// run hands task to an idle executor, or starts an overflow one, counted
// in wg.
func (e *executors) run(stop context.Context, wg *taskGroup, task func()) {
	select {
	case e.handoff <- task:
	default:
		wg.Go(func() { e.loop(stop, task, overflowIdle) })
	}
}

// loop runs task, if any, then each task handed off, until stop ends or,
// for idle > 0, no task came for idle.
func (e *executors) loop(stop context.Context, task func(), idle time.Duration) {
	var timeout <-chan time.Time
	var timer *time.Timer
	if idle > 0 {
		timer = time.NewTimer(idle)
		defer timer.Stop()
		timeout = timer.C
	}
	for {
		if task != nil {
			task()
		}
		if timer != nil {
			timer.Reset(idle)
		}
		select {
		case task = <-e.handoff:
		case <-timeout:
			return
		case <-stop.Done():
			return
		}
	}
}

// nextPollBackoff doubles the wait up to the cap, with ±20% jitter.
func nextPollBackoff(prev time.Duration, err error) time.Duration {
	d := prev * 2
	if prev == 0 {
		d = pollBackoffInitial
		if grpcCode(err) == codes.ResourceExhausted {
			d = pollBackoffInitialExhausted
		}
	}
	d = min(d, pollBackoffMax)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// isFatal reports poll errors no retry can fix, those the official SDK
// stops on: the namespace does not exist, the request is invalid, the
// server does not support this client. Refused credentials are not among
// them: they come back when a token is rotated.
func isFatal(err error) bool {
	st, ok := grpcStatus(err)
	if !ok {
		return false
	}
	switch serviceerror.FromStatus(st).(type) {
	case *serviceerror.InvalidArgument, *serviceerror.NamespaceNotFound, *serviceerror.ClientVersionNotSupported:
		return true
	}
	return false
}

func isDeadline(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || grpcCode(err) == codes.DeadlineExceeded
}

// grpcCode is err's gRPC status code, whether err is a raw status or one
// of the serviceerror types.
func grpcCode(err error) codes.Code {
	if err == nil {
		return codes.OK
	}
	if s, ok := grpcStatus(err); ok {
		return s.Code()
	}
	return codes.Unknown
}

// grpcMessage is err's gRPC status message, or its text when it carries
// no status.
func grpcMessage(err error) string {
	if s, ok := grpcStatus(err); ok {
		return s.Message()
	}
	return err.Error()
}

func grpcStatus(err error) (*status.Status, bool) {
	if s, ok := status.FromError(err); ok {
		return s, true
	}
	var se serviceerror.ServiceError
	if errors.As(err, &se) {
		return se.Status(), true
	}
	return nil, false
}

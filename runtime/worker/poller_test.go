package worker

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestAPollThatFailsFastWithDeadlineExceededBacksOff: only a poll that
// ran to its deadline counts as empty. A server (or proxy) that answers
// DeadlineExceeded at once must not spin the poller.
func TestAPollThatFailsFastWithDeadlineExceededBacksOff(t *testing.T) {
	ctx, stop := context.WithCancel(t.Context())
	w := &Worker{pollCtx: ctx, logger: slog.New(slog.DiscardHandler), fatal: make(chan error, 1), taskQueue: "q"}
	polls, done := pollFailing(w, status.Error(codes.DeadlineExceeded, "proxy timeout"))
	time.Sleep(time.Second)
	stop()
	<-done
	// Backoff from 200 ms, doubling: about 3 polls in a second.
	if n := polls.Load(); n > 6 {
		t.Errorf("%d polls in one second against a server failing them at once; want a backoff", n)
	}
}

// TestAFatalPollErrorStopsTheWorkerOnlyOnceItPersists: an error that says
// the worker can never poll (here InvalidArgument) is retried for the
// grace period, as proxies answer such codes for a while, then stops the
// worker and reaches OnFatalError; refused credentials are retried for
// ever, since a rotated token brings them back.
func TestAFatalPollErrorStopsTheWorkerOnlyOnceItPersists(t *testing.T) {
	defer func(g time.Duration) { fatalPollGrace = g }(fatalPollGrace)
	fatalPollGrace = 500 * time.Millisecond
	run := func(code codes.Code, watch time.Duration) (polls int32, fatal error) {
		ctx, stop := context.WithCancel(t.Context())
		defer stop()
		reported := make(chan error, 2)
		w := fatalReportingWorker(ctx, reported)
		n, done := pollFailing(w, status.Error(code, "refused"))
		select {
		case err := <-reported:
			<-done
			select {
			case <-w.done: // the worker stopped itself
			case <-time.After(5 * time.Second):
				t.Errorf("%v: the worker did not stop after the fatal error", code)
			}
			return n.Load(), err
		case <-time.After(watch):
			stop()
			<-done
			return n.Load(), nil
		}
	}
	began := time.Now()
	polls, err := run(codes.InvalidArgument, 10*time.Second)
	if err == nil || !strings.Contains(err.Error(), "InvalidArgument") || time.Since(began) < fatalPollGrace || polls < 2 {
		t.Errorf("InvalidArgument: fatal %v after %v and %d polls; want it after the %v grace, retried meanwhile", err, time.Since(began), polls, fatalPollGrace)
	}
	if polls, err := run(codes.PermissionDenied, 2*time.Second); err != nil || polls < 3 {
		t.Errorf("PermissionDenied: fatal %v after %d polls; want it retried, never fatal", err, polls)
	}
}

// TestAGoodPollEndsTheFatalErrorsGrace: the grace counts from the last
// good answer, so a refusal long after an earlier one, with good polls
// between, is retried again.
func TestAGoodPollEndsTheFatalErrorsGrace(t *testing.T) {
	defer func(g time.Duration) { fatalPollGrace = g }(fatalPollGrace)
	fatalPollGrace = 300 * time.Millisecond
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	reported := make(chan error, 2)
	w := fatalReportingWorker(ctx, reported)
	began := time.Now()
	polls, done := pollWith(w, func() (int, error) {
		// A refusal at first and after a second; good, empty answers
		// between.
		if since := time.Since(began); since < 10*time.Millisecond || (since > time.Second && since < 1100*time.Millisecond) {
			return 0, status.Error(codes.InvalidArgument, "proxy hiccup")
		}
		time.Sleep(5 * time.Millisecond)
		return 0, nil
	})
	select {
	case err := <-reported:
		t.Errorf("fatal after %v and %d polls: %v; each refusal was brief", time.Since(began), polls.Load(), err)
	case <-time.After(2 * time.Second):
	}
	stop()
	<-done
}

// pollFailing runs a poller of w whose every poll fails with err; it
// counts the polls, and done closes when the poller returns.
func pollFailing(w *Worker, err error) (polls *atomic.Int32, done chan struct{}) {
	return pollWith(w, func() (int, error) { return 0, err })
}

// pollWith runs a poller of w whose polls poll answers, counting them;
// done closes when the poller returns.
func pollWith(w *Worker, poll func() (int, error)) (polls *atomic.Int32, done chan struct{}) {
	polls, done = new(atomic.Int32), make(chan struct{})
	var tasks taskGroup
	go func() {
		defer close(done)
		runPoller(w, pollerSpec[int]{
			kind: "test tasks", slots: make(chan struct{}, 1), tasks: &tasks, executors: newExecutors(),
			poll: func(context.Context) (int, error) {
				polls.Add(1)
				return poll()
			},
			empty:  func(int) bool { return true },
			handle: func(int) {},
		})
	}()
	return polls, done
}

// fatalReportingWorker is a worker with nothing but what a poller needs;
// OnFatalError sends to reported.
func fatalReportingWorker(ctx context.Context, reported chan error) *Worker {
	return &Worker{pollCtx: ctx, logger: slog.New(slog.DiscardHandler), fatal: make(chan error, 1), taskQueue: "q",
		stopping: make(chan struct{}), done: make(chan struct{}), opts: Options{OnFatalError: func(err error) { reported <- err }}}
}

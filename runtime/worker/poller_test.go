package worker

import (
	"context"
	"log/slog"
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
	var polls atomic.Int32
	var tasks taskGroup
	done := make(chan struct{})
	go func() {
		defer close(done)
		runPoller(w, pollerSpec[int]{
			kind: "test tasks", slots: make(chan struct{}, 1), tasks: &tasks, executors: newExecutors(),
			poll: func(context.Context) (int, error) {
				polls.Add(1)
				return 0, status.Error(codes.DeadlineExceeded, "proxy timeout")
			},
			empty:  func(int) bool { return true },
			handle: func(int) {},
		})
	}()
	time.Sleep(time.Second)
	stop()
	<-done
	// Backoff from 200 ms, doubling: about 3 polls in a second.
	if n := polls.Load(); n > 6 {
		t.Errorf("%d polls in one second against a server failing them at once; want a backoff", n)
	}
}

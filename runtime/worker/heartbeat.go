package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc/codes"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// maxHeartbeatInterval caps the heartbeat throttle, as the official SDKs
// do: a server that waits minutes for a heartbeat learns late that a
// worker died.
const maxHeartbeatInterval = 60 * time.Second

// Causes a heartbeat answer cancels an attempt with. Only errCancelRequested
// makes the outcome "cancelled"; the others fail the attempt, as the
// official SDK does, and the server decides what comes next.
var (
	errCancelRequested = temporal.NewCanceledError("cancellation requested")
	errActivityPaused  = activity.ErrActivityPaused
	errActivityReset   = activity.ErrActivityReset
	errAttemptGone     = temporal.NewCanceledError("the server no longer knows this activity attempt (it timed out, or its workflow closed)")
	// errHeartbeatUnreachable: heartbeats failed past the client's retries,
	// so the server has likely timed the attempt out and scheduled the
	// next; running on would only do the work twice.
	errHeartbeatUnreachable = errors.New("the activity's heartbeat cannot reach the server")
)

// heartbeater sends one activity attempt's heartbeats, throttled: the
// first goes out at once; later ones at most once per interval, carrying
// the latest details recorded in the window. One call is in flight at a
// time, so a slow or retried call never lands after a newer one and
// leaves the server older details. The server's answer can ask for
// cancellation, which cancels the attempt's context.
type heartbeater struct {
	service    workflowservice.WorkflowServiceClient
	namespace  string
	identity   string
	taskToken  []byte
	interval   time.Duration
	rpcTimeout time.Duration
	// logger returns the attempt's logger, built only if needed.
	logger func() *slog.Logger
	// ctx bounds heartbeat calls; it outlives the attempt's context so the
	// last details still go out after the activity returns.
	ctx context.Context
	// cancel cancels the attempt with the reason the server gave.
	cancel context.CancelCauseFunc
	// workerStop is closed when the worker begins to stop: the window open
	// then ends at once and later heartbeats go out unthrottled, so held
	// back details reach the server before the process may be killed.
	workerStop <-chan struct{}

	mu sync.Mutex
	// pending are the details recorded last, or the previous attempt's
	// before this one recorded any: what keepAlive sends again.
	pending  *commonpb.Payloads
	waiting  bool // a window is open: record only stores details
	inflight bool // a call is out: the next waits for its answer
	dirty    bool // details recorded since the last call are not sent yet
	draining bool // the worker is stopping: no more windows
	timer    *time.Timer
	// done stops the worker-stop watch, started with the first window.
	done    chan struct{}
	sends   sync.WaitGroup
	stopped bool
}

// heartbeatInterval is the throttle for an activity with the given
// heartbeat timeout: 0.8 × the timeout, fallback without one, capped.
func heartbeatInterval(timeout, fallback time.Duration) time.Duration {
	d := fallback
	if timeout > 0 {
		d = timeout * 4 / 5
	}
	return min(d, maxHeartbeatInterval)
}

// record notes details and sends them now, or at the end of the window.
func (h *heartbeater) record(details *commonpb.Payloads) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped {
		return
	}
	h.pending = details
	if h.waiting || h.inflight {
		h.dirty = true
		return
	}
	h.sendLocked()
}

// keepAlive sends a heartbeat with the details recorded last: what an
// activity's heartbeat sends when its new details cannot be encoded, so
// the server still hears from it and keeps the progress it had.
func (h *heartbeater) keepAlive() {
	h.mu.Lock()
	details := h.pending
	h.mu.Unlock()
	h.record(details)
}

// sendLocked sends the pending details and, unless the worker is
// stopping, opens a window.
func (h *heartbeater) sendLocked() {
	details := h.pending
	h.inflight, h.dirty = true, false
	h.sends.Go(func() {
		h.send(details)
		h.sent()
	})
	if h.draining {
		return
	}
	h.waiting = true
	h.timer = time.AfterFunc(h.interval, h.windowEnd)
	if h.done == nil && h.workerStop != nil {
		h.done = make(chan struct{})
		h.sends.Go(h.watchWorkerStop)
	}
}

func (h *heartbeater) windowEnd() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.windowEndLocked()
}

func (h *heartbeater) windowEndLocked() {
	h.waiting = false
	if !h.stopped && h.dirty && !h.inflight {
		h.sendLocked()
	}
}

// watchWorkerStop ends the open window when the worker begins to stop.
func (h *heartbeater) watchWorkerStop() {
	select {
	case <-h.workerStop:
	case <-h.done:
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.draining = true
	if h.timer != nil {
		h.timer.Stop()
	}
	h.windowEndLocked()
}

// sent ends a call; details recorded meanwhile go out now if the window
// has closed, or when it does.
func (h *heartbeater) sent() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.inflight = false
	if !h.stopped && h.dirty && !h.waiting {
		h.sendLocked()
	}
}

func (h *heartbeater) send(details *commonpb.Payloads) {
	// No longer than a window, as in the official SDK: a heartbeat that
	// cannot get through by then is as good as lost.
	ctx, cancel := context.WithTimeout(h.ctx, min(h.rpcTimeout, max(h.interval, time.Second)))
	defer cancel()
	resp, err := h.service.RecordActivityTaskHeartbeat(ctx, &workflowservice.RecordActivityTaskHeartbeatRequest{
		TaskToken: h.taskToken, Details: details, Identity: h.identity, Namespace: h.namespace,
	})
	switch {
	case grpcCode(err) == codes.NotFound:
		// The attempt timed out or the workflow closed: nobody waits for
		// its result any more.
		h.cancel(errAttemptGone)
	case err != nil && h.ctx.Err() != nil:
		// The worker gave up on the attempt; its context is cancelled.
	case err != nil && heartbeatUnreachable(err):
		h.logger().Warn("activity heartbeat cannot reach the server; cancelling the attempt, which the server has likely timed out", "error", err)
		h.cancel(fmt.Errorf("%w: %w", errHeartbeatUnreachable, err))
	case err != nil:
		h.logger().Warn("activity heartbeat failed; the next one retries", "error", err)
	case resp.GetCancelRequested():
		h.cancel(errCancelRequested)
	case resp.GetActivityPaused():
		h.cancel(errActivityPaused)
	case resp.GetActivityReset():
		h.cancel(errActivityReset)
	}
}

// heartbeatUnreachable reports whether a heartbeat's error means the
// server could not be reached (the codes the client retries, left after
// its retries), or its namespace no longer serves here. A call that only
// timed out is not: as in the official SDK it is logged, and the next
// heartbeat tries again.
func heartbeatUnreachable(err error) bool {
	switch grpcCode(err) {
	case codes.Unavailable, codes.Aborted, codes.ResourceExhausted, codes.Unknown, codes.Internal:
		return true
	}
	if st, ok := grpcStatus(err); ok {
		var notActive *serviceerror.NamespaceNotActive
		return errors.As(serviceerror.FromStatus(st), &notActive)
	}
	return false
}

// stop ends throttling and waits for the call in flight. It returns the
// details recorded but not sent, for the outcome to carry (see flush).
func (h *heartbeater) stop() *commonpb.Payloads {
	h.mu.Lock()
	h.stopped = true
	if h.timer != nil {
		h.timer.Stop()
	}
	if h.done != nil {
		close(h.done)
	}
	var unsent *commonpb.Payloads
	if h.dirty {
		unsent = h.pending
	}
	h.mu.Unlock()
	h.sends.Wait()
	return unsent
}

// flush sends details left unsent when an attempt ends without a failure
// response to carry them (its result is pending, or it was cancelled), so
// whoever completes it, or the next attempt, sees the latest ones.
func (h *heartbeater) flush(details *commonpb.Payloads) {
	if details != nil {
		h.send(details)
	}
}

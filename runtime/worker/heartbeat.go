package worker

import (
	"context"
	"log/slog"
	"sync"
	"time"

	commonpb "go.temporal.io/api/common/v1"
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

	mu       sync.Mutex
	pending  *commonpb.Payloads
	waiting  bool // a window is open: record only stores details
	inflight bool // a call is out: the next waits for its answer
	dirty    bool // details recorded since the last call are not sent yet
	timer    *time.Timer
	sends    sync.WaitGroup
	stopped  bool
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

// sendLocked sends the pending details and opens a window.
func (h *heartbeater) sendLocked() {
	details := h.pending
	h.waiting, h.inflight, h.dirty = true, true, false
	h.sends.Go(func() {
		h.send(details)
		h.sent()
	})
	h.timer = time.AfterFunc(h.interval, h.windowEnd)
}

func (h *heartbeater) windowEnd() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.waiting = false
	if !h.stopped && h.dirty && !h.inflight {
		h.sendLocked()
	}
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
	ctx, cancel := context.WithTimeout(h.ctx, h.rpcTimeout)
	defer cancel()
	resp, err := h.service.RecordActivityTaskHeartbeat(ctx, &workflowservice.RecordActivityTaskHeartbeatRequest{
		TaskToken: h.taskToken, Details: details, Identity: h.identity, Namespace: h.namespace,
	})
	switch {
	case grpcCode(err) == codes.NotFound:
		// The attempt timed out or the workflow closed: nobody waits for
		// its result any more.
		h.cancel(errAttemptGone)
	case err != nil:
		if h.ctx.Err() == nil {
			h.logger().Warn("activity heartbeat failed; the next one retries", "error", err)
		}
	case resp.GetCancelRequested():
		h.cancel(errCancelRequested)
	case resp.GetActivityPaused():
		h.cancel(errActivityPaused)
	case resp.GetActivityReset():
		h.cancel(errActivityReset)
	}
}

// stop ends throttling and waits for the call in flight. It returns the
// details recorded but not sent, for the outcome to carry (see flush).
func (h *heartbeater) stop() *commonpb.Payloads {
	h.mu.Lock()
	h.stopped = true
	if h.timer != nil {
		h.timer.Stop()
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

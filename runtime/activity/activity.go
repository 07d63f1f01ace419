package activity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/workflowdef/workflowdef/runtime/internal/activityenv"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Info describes the running activity attempt.
type Info = activityenv.Info

// ErrResultPending, returned by an activity, tells the worker the activity
// is not done: something else completes it later with the client's
// CompleteActivity, by task token (from GetInfo) or by ID.
var ErrResultPending = errors.New("activity: result pending, to be completed through the client")

// ErrNoHeartbeatDetails is GetHeartbeatDetails's error when the previous
// attempt recorded none.
var ErrNoHeartbeatDetails = errors.New("activity: the previous attempt recorded no heartbeat details")

// ErrActivityPaused is the cause of an activity's context
// (context.Cause) when a heartbeat's answer said the activity was paused,
// from the Temporal CLI or UI. The attempt should stop: whatever it
// returns fails it, and the server runs it again once unpaused.
var ErrActivityPaused error = temporal.NewCanceledError("activity paused")

// ErrActivityReset is the cause of an activity's context when a
// heartbeat's answer said the activity was reset: the attempt should stop,
// and the server starts it over from its first attempt.
var ErrActivityReset error = temporal.NewCanceledError("activity reset")

// GetWorkerStopChannel returns a channel closed when the worker running
// the activity begins to stop: the activity then has the worker's
// GracefulStopTimeout to finish, or to record a heartbeat a retry can
// resume from, before its context is cancelled. Outside an activity it
// returns nil, a channel that never closes.
func GetWorkerStopChannel(ctx context.Context) <-chan struct{} {
	if env := activityenv.From(ctx); env != nil {
		return env.WorkerStop
	}
	return nil
}

// IsActivity reports whether ctx belongs to an activity a worker runs.
func IsActivity(ctx context.Context) bool { return activityenv.From(ctx) != nil }

// GetInfo returns the running attempt's Info; a zero Info outside an
// activity.
func GetInfo(ctx context.Context) Info {
	if env := activityenv.From(ctx); env != nil {
		return env.Info
	}
	return Info{}
}

// GetLogger returns a logger tagged with the activity's identity.
func GetLogger(ctx context.Context) *slog.Logger {
	if env := activityenv.From(ctx); env != nil {
		return env.Logger()
	}
	return slog.New(slog.DiscardHandler)
}

// RecordHeartbeat tells the server the activity is alive, with progress
// details a retry can resume from. Calls are throttled (see the package
// documentation); only the latest details of a throttled window are sent.
// Details that cannot be encoded are logged, and the heartbeat carries the
// details recorded before them, so the server keeps that progress. A single nil,
// RecordHeartbeat(ctx, nil), reports liveness without progress: no details,
// as in the official SDK, so the next attempt's HasHeartbeatDetails is
// false. It does nothing for local activities and outside an activity.
func RecordHeartbeat(ctx context.Context, details ...any) {
	env := activityenv.From(ctx)
	if env == nil || env.Heartbeat == nil {
		return
	}
	if len(details) == 1 && details[0] == nil {
		env.Heartbeat(nil)
		return
	}
	payloads, err := env.DataConverter.ToPayloads(details...)
	if err != nil {
		// Sending none would erase the progress the server holds, and a
		// retry would start over: the heartbeat carries the last details.
		GetLogger(ctx).Error("activity heartbeat details cannot be encoded; heartbeat sent with the details recorded before", "error", err)
		if env.KeepAlive != nil {
			env.KeepAlive()
		}
		return
	}
	env.Heartbeat(payloads)
}

// HasHeartbeatDetails reports whether the previous attempt recorded
// heartbeat details.
func HasHeartbeatDetails(ctx context.Context) bool {
	env := activityenv.From(ctx)
	return env != nil && len(env.LastHeartbeatDetails.GetPayloads()) != 0
}

// GetHeartbeatDetails decodes the details the previous attempt recorded
// last into valuePtrs. It returns ErrNoHeartbeatDetails when there are
// none.
func GetHeartbeatDetails(ctx context.Context, valuePtrs ...any) error {
	env := activityenv.From(ctx)
	if env == nil || len(env.LastHeartbeatDetails.GetPayloads()) == 0 {
		return ErrNoHeartbeatDetails
	}
	if err := env.DataConverter.FromPayloads(env.LastHeartbeatDetails, valuePtrs...); err != nil {
		return fmt.Errorf("activity: decoding the previous attempt's heartbeat details: %w", err)
	}
	return nil
}

// HeartbeatDetails is GetHeartbeatDetails for a single typed value.
func HeartbeatDetails[T any](ctx context.Context) (T, error) {
	var v T
	err := GetHeartbeatDetails(ctx, &v)
	return v, err
}

package activityenv

import (
	"context"
	"log/slog"
	"sync"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Info describes the activity attempt a context belongs to.
type Info struct {
	// TaskToken identifies the attempt to the server; async completion
	// needs it.
	TaskToken         []byte
	WorkflowNamespace string
	WorkflowType      string
	WorkflowID        string
	WorkflowRunID     string
	ActivityID        string
	ActivityType      string
	TaskQueue         string
	// Namespace is the activity's own namespace, the worker's.
	Namespace string
	// HeartbeatTimeout is zero when the activity need not heartbeat.
	HeartbeatTimeout time.Duration
	// ScheduleToCloseTimeout and StartToCloseTimeout are the attempt's
	// timeouts as the server (or, for a local activity, the workflow)
	// set them.
	ScheduleToCloseTimeout time.Duration
	StartToCloseTimeout    time.Duration
	// RetryPolicy is the activity's retry policy; nil when none is known.
	RetryPolicy *temporal.RetryPolicy
	// Priority is the activity's priority; nil when it has none.
	Priority      *temporal.Priority
	ScheduledTime time.Time
	StartedTime   time.Time
	// Deadline is when the attempt times out: the earlier of its
	// start-to-close and schedule-to-close limits.
	Deadline time.Time
	// Attempt counts from 1.
	Attempt         int32
	IsLocalActivity bool
}

// Env is what the worker gives one activity attempt.
type Env struct {
	Info          Info
	DataConverter converter.DataConverter
	// BaseLogger is the worker's logger; Logger tags it with the activity
	// on first use, so attempts that never log pay nothing for it.
	BaseLogger *slog.Logger
	// Heartbeat records progress; nil for local activities, which do not
	// heartbeat.
	Heartbeat func(details *commonpb.Payloads)
	// KeepAlive heartbeats with the details recorded last (this attempt's,
	// or the previous attempt's before it recorded any); nil with
	// Heartbeat.
	KeepAlive func()
	// LastHeartbeatDetails are the details the previous attempt recorded
	// last.
	LastHeartbeatDetails *commonpb.Payloads
	// WorkerStop is closed when the worker running the attempt begins to
	// stop.
	WorkerStop <-chan struct{}

	logger     *slog.Logger
	loggerOnce sync.Once
}

// Logger returns BaseLogger tagged with the attempt's identity.
func (e *Env) Logger() *slog.Logger {
	e.loggerOnce.Do(func() {
		if e.BaseLogger == nil {
			e.logger = slog.New(slog.DiscardHandler)
			return
		}
		i := e.Info
		attrs := []any{"activity_type", i.ActivityType, "activity_id", i.ActivityID, "attempt", i.Attempt, "workflow_type", i.WorkflowType, "workflow_id", i.WorkflowID}
		if i.WorkflowRunID != "" {
			attrs = append(attrs, "run_id", i.WorkflowRunID)
		}
		if i.IsLocalActivity {
			attrs = append(attrs, "local", true)
		}
		e.logger = e.BaseLogger.With(attrs...)
	})
	return e.logger
}

type envKey struct{}

// With returns ctx carrying env.
func With(ctx context.Context, env *Env) context.Context {
	return context.WithValue(ctx, envKey{}, env)
}

// From returns the environment ctx carries, or nil outside an activity.
func From(ctx context.Context) *Env {
	env, _ := ctx.Value(envKey{}).(*Env)
	return env
}

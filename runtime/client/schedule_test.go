package client_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	schedulepb "go.temporal.io/api/schedule/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// eventually polls check until it returns nil or the test's minute ends.
func eventually(t *testing.T, ctx context.Context, what string, check func() error) {
	t.Helper()
	for {
		err := check()
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: %v", what, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestScheduleLifecycle creates a schedule of a typed workflow that acts at
// once, then pauses, triggers, backfills, updates, lists and deletes it,
// checking each through Describe.
func TestScheduleLifecycle(t *testing.T) {
	c := dial(t, nil)
	def := startOrderWorker(t, c)
	ctx := waitCtx(t)
	customer := uniqueID(t)
	action, err := def.ScheduleAction(orderRequest{Customer: customer, Items: 3, Done: true})
	if err != nil {
		t.Fatal(err)
	}
	if action.Workflow != def.Name || action.Options.ID != "order-"+customer {
		t.Fatalf("action %+v: want the definition's name and ID template", action)
	}
	id := "schedule-" + customer
	h, err := c.CreateSchedule(ctx, client.ScheduleOptions{
		ID:                 id,
		Spec:               client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: time.Hour}}},
		Action:             action,
		Overlap:            enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL,
		TriggerImmediately: true,
		Note:               "created by the test",
		Memo:               map[string]any{"team": "orders"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Delete(context.Background()) })
	if h.ID() != id {
		t.Errorf("handle ID %q", h.ID())
	}

	actions := func(n int64) func() error {
		return func() error {
			d, err := h.Describe(ctx)
			if err != nil {
				return err
			}
			if d.ActionCount < n || int64(len(d.RecentActions)) < n {
				return errors.New("fewer actions than expected")
			}
			return nil
		}
	}
	eventually(t, ctx, "the triggered action", actions(1))
	d, err := h.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := d.RecentActions[0].Workflow
	if !strings.HasPrefix(first.ID, "order-"+customer) || first.RunID == "" {
		t.Fatalf("started %+v: the ID should start with the action's", first)
	}
	if res, err := def.Get(c, first.ID, first.RunID).Get(ctx); err != nil || res.Items != 3 {
		t.Errorf("the scheduled workflow's result: %+v, %v", res, err)
	}
	if d.Note != "created by the test" || d.Paused || d.RemainingActions != -1 || len(d.NextActionTimes) == 0 || d.NextActionTimes[0].After(time.Now().Add(time.Hour+time.Minute)) {
		t.Errorf("description %+v", d)
	}

	if err := h.Pause(ctx, "maintenance"); err != nil {
		t.Fatal(err)
	}
	if d, err := h.Describe(ctx); err != nil || !d.Paused || d.Note != "maintenance" {
		t.Errorf("after Pause: %+v, %v", d, err)
	}
	if err := h.Unpause(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if d, err := h.Describe(ctx); err != nil || d.Paused {
		t.Errorf("after Unpause: %+v, %v", d, err)
	}

	if err := h.Trigger(ctx, enumspb.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED); err != nil {
		t.Fatal(err)
	}
	eventually(t, ctx, "the second triggered action", actions(2))
	now := time.Now().Truncate(time.Hour)
	if err := h.Backfill(ctx, client.ScheduleBackfill{Start: now.Add(-3 * time.Hour), End: now.Add(-time.Hour), Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL}); err != nil {
		t.Fatal(err)
	}
	eventually(t, ctx, "the backfilled actions", actions(4))

	if err := h.Update(ctx, func(s *schedulepb.Schedule) error {
		s.Spec.Interval[0].Interval = durationpb.New(2 * time.Hour)
		s.State.Notes = "every two hours"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if d, err := h.Describe(ctx); err != nil || d.Note != "every two hours" || d.Response.GetSchedule().GetSpec().GetInterval()[0].GetInterval().AsDuration() != 2*time.Hour {
		t.Errorf("after Update: %+v, %v", d, err)
	}
	refused := errors.New("not today")
	if err := h.Update(ctx, func(*schedulepb.Schedule) error { return refused }); !errors.Is(err, refused) {
		t.Errorf("Update whose edit fails: %v", err)
	}

	eventually(t, ctx, "the schedule in the list", func() error {
		for e, err := range c.ListSchedules(ctx, "") {
			if err != nil {
				return err
			}
			if e.ID == id {
				if e.WorkflowType != def.Name {
					t.Errorf("listed workflow type %q", e.WorkflowType)
				}
				return nil
			}
		}
		return errors.New("not listed yet")
	})

	var exists *client.ScheduleAlreadyExistsError
	if _, err := c.CreateSchedule(ctx, client.ScheduleOptions{ID: id, Spec: client.ScheduleSpec{CronStrings: []string{"@daily"}}, Action: action}); !errors.As(err, &exists) || exists.ScheduleID != id {
		t.Errorf("creating it again: %v", err)
	}
	if err := h.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	var notFound *client.NotFoundError
	if _, err := h.Describe(ctx); !errors.As(err, &notFound) || !strings.Contains(err.Error(), "ListSchedules") {
		t.Errorf("Describe after Delete: %v", err)
	}
}

func TestCreateScheduleChecksOptionsBeforeAnyRequest(t *testing.T) {
	var counter callCounter
	c := dial(t, func(o *client.Options) {
		o.DialOptions = []grpc.DialOption{grpc.WithChainUnaryInterceptor(counter.interceptor)}
	})
	valid := client.ScheduleOptions{
		ID:     "s",
		Spec:   client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: time.Hour}}},
		Action: client.ScheduleWorkflowAction{Workflow: "W", Options: client.StartWorkflowOptions{TaskQueue: "q"}},
	}
	now := time.Now()
	for _, tc := range []struct {
		name string
		edit func(*client.ScheduleOptions)
		want string
	}{
		{"no ID", func(o *client.ScheduleOptions) { o.ID = "" }, "ScheduleOptions.ID is empty"},
		{"zero interval", func(o *client.ScheduleOptions) { o.Spec.Intervals[0].Every = 0 }, "ScheduleSpec.Intervals[0]: Every must be positive"},
		{"negative jitter", func(o *client.ScheduleOptions) { o.Spec.Jitter = -time.Second }, "ScheduleSpec.Jitter is negative"},
		{"end before start", func(o *client.ScheduleOptions) { o.Spec.StartAt, o.Spec.EndAt = now, now.Add(-time.Hour) }, "ScheduleSpec.EndAt"},
		{"no workflow type", func(o *client.ScheduleOptions) { o.Action.Workflow = "" }, "the workflow type is empty"},
		{"no task queue", func(o *client.ScheduleOptions) { o.Action.Options.TaskQueue = "" }, "ScheduleWorkflowAction.Options.TaskQueue is empty"},
		{"negative remaining actions", func(o *client.ScheduleOptions) { o.RemainingActions = -1 }, "RemainingActions is negative"},
		{"backfill ending before it starts", func(o *client.ScheduleOptions) {
			o.Backfills = []client.ScheduleBackfill{{Start: now, End: now.Add(-time.Hour)}}
		}, "ScheduleOptions.Backfills: backfill window 0 ends"},
		{"negative catch-up window", func(o *client.ScheduleOptions) { o.CatchupWindow = -time.Hour }, "ScheduleOptions.CatchupWindow is negative"},
		{"unknown overlap policy", func(o *client.ScheduleOptions) { o.Overlap = 42 }, "ScheduleOptions.Overlap 42 is not a ScheduleOverlapPolicy"},
		{"backfill with an unknown overlap policy", func(o *client.ScheduleOptions) {
			o.Backfills = []client.ScheduleBackfill{{Start: now.Add(-time.Hour), End: now, Overlap: 42}}
		}, "backfill window 0: Overlap 42 is not a ScheduleOverlapPolicy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := valid
			o.Spec.Intervals = slices.Clone(valid.Spec.Intervals)
			tc.edit(&o)
			if _, err := c.CreateSchedule(t.Context(), o); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if n := counter.count("CreateSchedule"); n != 0 {
		t.Errorf("%d CreateSchedule requests were sent for invalid options", n)
	}
	if err := c.GetSchedule("s").Trigger(t.Context(), 42); err == nil || !strings.Contains(err.Error(), "overlap 42 is not a ScheduleOverlapPolicy") {
		t.Errorf("Trigger with overlap 42: %v", err)
	}
	if n := counter.count("PatchSchedule"); n != 0 {
		t.Errorf("%d PatchSchedule requests were sent for an invalid trigger", n)
	}
}

// A change someone else makes between Update's read and its write is
// overwritten, as with the official SDK; the server would drop a write
// with a stale conflict token without saying so, losing Update's change.
func TestScheduleUpdateLastWriterWins(t *testing.T) {
	c := dial(t, nil)
	ctx := t.Context()
	id := "conflict-" + uniqueID(t)
	h, err := c.CreateSchedule(ctx, client.ScheduleOptions{
		ID:     id,
		Spec:   client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: time.Hour}}},
		Action: client.ScheduleWorkflowAction{Workflow: "W", Options: client.StartWorkflowOptions{TaskQueue: "nobody-polls"}},
		Paused: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Delete(context.WithoutCancel(ctx)) })
	err = h.Update(ctx, func(s *schedulepb.Schedule) error {
		if err := c.GetSchedule(id).Unpause(ctx, "other writer"); err != nil {
			return err
		}
		s.State.Notes = "from update"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, ctx, "Update's note", func() error {
		d, err := h.Describe(ctx)
		if err != nil {
			return err
		}
		if d.Note != "from update" || !d.Paused {
			return fmt.Errorf("note %q, paused %v: Update's change was not written over the other writer's", d.Note, d.Paused)
		}
		return nil
	})
}

// TestScheduleCalendarDefaults: a calendar that names only hours and
// weekdays acts at the top of those hours (seconds and minutes default to
// 0, the other fields to any), and a Skip calendar takes its times out.
func TestScheduleCalendarDefaults(t *testing.T) {
	c := dial(t, nil)
	ctx := waitCtx(t)
	id := "calendar-" + uniqueID(t)
	h, err := c.CreateSchedule(ctx, client.ScheduleOptions{
		ID: id,
		Spec: client.ScheduleSpec{
			Calendars:    []client.ScheduleCalendarSpec{{Hour: []client.ScheduleRange{{Start: 9}, {Start: 17}}, DayOfWeek: []client.ScheduleRange{{Start: 1, End: 5}}}},
			Skip:         []client.ScheduleCalendarSpec{{Hour: []client.ScheduleRange{{Start: 17}}, DayOfWeek: []client.ScheduleRange{{Start: 5}}}},
			TimeZoneName: "UTC",
		},
		Action: client.ScheduleWorkflowAction{Workflow: "W", Options: client.StartWorkflowOptions{TaskQueue: "nobody-polls"}},
		Paused: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Delete(context.Background()) })
	d, err := h.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.NextActionTimes) < 5 {
		t.Fatalf("next action times %v", d.NextActionTimes)
	}
	for _, at := range d.NextActionTimes {
		at = at.UTC()
		weekday, hour := at.Weekday(), at.Hour()
		if at.Minute() != 0 || at.Second() != 0 || (hour != 9 && hour != 17) || weekday == time.Saturday || weekday == time.Sunday || (weekday == time.Friday && hour == 17) {
			t.Errorf("action at %v (%v): want 9:00 or 17:00 on weekdays, not Friday 17:00", at, weekday)
		}
	}
}

package worker

import (
	"errors"
	"testing"

	historypb "go.temporal.io/api/history/v1"
)

func eventsFrom(from, to int64) []*historypb.HistoryEvent {
	var out []*historypb.HistoryEvent
	for id := from; id <= to; id++ {
		out = append(out, &historypb.HistoryEvent{EventId: id})
	}
	return out
}

func eventIDs(events []*historypb.HistoryEvent) (first, last int64, n int) {
	if len(events) == 0 {
		return 0, 0, 0
	}
	return events[0].GetEventId(), events[len(events)-1].GetEventId(), len(events)
}

// TestJoinTaskEventsKeepsTheTasksOwnEvents: a fetched history that stops
// short of a speculative task's events is completed from the task.
func TestJoinTaskEventsKeepsTheTasksOwnEvents(t *testing.T) {
	for _, tc := range []struct {
		name          string
		fetched, task []*historypb.HistoryEvent
		started       int64
		wantLast      int64
		wantGap       bool
	}{
		{name: "history reaches the task", fetched: eventsFrom(1, 36), task: eventsFrom(28, 36), started: 36, wantLast: 36},
		{name: "speculative events only in the task", fetched: eventsFrom(1, 34), task: eventsFrom(28, 36), started: 36, wantLast: 36},
		{name: "task starts right after the history", fetched: eventsFrom(1, 27), task: eventsFrom(28, 36), started: 36, wantLast: 36},
		{name: "gap between them", fetched: eventsFrom(1, 20), task: eventsFrom(28, 36), started: 36, wantGap: true},
		{name: "task ends short of its started event", fetched: eventsFrom(1, 20), task: eventsFrom(15, 20), started: 36, wantGap: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := joinTaskEvents(tc.fetched, tc.task, tc.started)
			var gap *HistoryGapError
			if tc.wantGap {
				if !errors.As(err, &gap) {
					t.Fatalf("err = %v, want a HistoryGapError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			first, last, n := eventIDs(got)
			if first != 1 || last != tc.wantLast || int64(n) != tc.wantLast {
				t.Errorf("joined events %d..%d (%d of them), want 1..%d without gaps", first, last, n, tc.wantLast)
			}
		})
	}
}

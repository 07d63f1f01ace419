package activity_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/workflowdef/workflowdef/runtime/activity"
)

// An activity that resumes where its previous attempt stopped: it records
// its position in heartbeats, and a retry reads the last one.
func ExampleRecordHeartbeat() {
	copyFiles := func(ctx context.Context, files []string) (int, error) {
		start, err := activity.HeartbeatDetails[int](ctx)
		if err != nil {
			start = 0 // first attempt, or the previous one recorded nothing
		}
		for i := start; i < len(files); i++ {
			if err := ctx.Err(); err != nil {
				return i, err // cancelled, timed out, or the worker is stopping
			}
			// ... copy files[i] ...
			activity.RecordHeartbeat(ctx, i+1)
		}
		return len(files), nil
	}

	// Called directly, outside a worker, the helpers do nothing harmful.
	n, err := copyFiles(context.Background(), []string{"a", "b", "c"})
	fmt.Println(n, err)
	// Output: 3 <nil>
}

// A long activity that, when its worker begins to stop, records where it
// is and returns, so that a retry on another worker resumes from there
// instead of waiting out the grace period; and that tells a pause from
// the CLI or UI apart from other cancellations.
func ExampleGetWorkerStopChannel() {
	process := func(ctx context.Context, items []string) (int, error) {
		done, _ := activity.HeartbeatDetails[int](ctx)
		for ; done < len(items); done++ {
			select {
			case <-activity.GetWorkerStopChannel(ctx):
				activity.RecordHeartbeat(ctx, done)
				return done, errors.New("worker stopping; a retry resumes")
			case <-ctx.Done():
				if errors.Is(context.Cause(ctx), activity.ErrActivityPaused) {
					activity.GetLogger(ctx).Info("paused; once unpaused, a new attempt resumes from the last heartbeat")
				}
				return done, ctx.Err()
			default:
			}
			// ... process items[done] ...
			activity.RecordHeartbeat(ctx, done+1)
		}
		return done, nil
	}

	n, err := process(context.Background(), []string{"a", "b"})
	fmt.Println(n, err)
	// Output: 2 <nil>
}

package activity_test

import (
	"context"
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

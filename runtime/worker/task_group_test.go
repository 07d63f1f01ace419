package worker

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// TestTaskGroupWaitLeavesNoGoroutineWhenItsContextEnds: Stop waits for
// tasks twice with contexts that may end first; neither wait may leave a
// goroutine behind blocked on the tasks.
func TestTaskGroupWaitLeavesNoGoroutineWhenItsContextEnds(t *testing.T) {
	var g taskGroup
	release := make(chan struct{})
	g.Go(func() { <-release })
	before := runtime.NumGoroutine()
	for range 20 {
		ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
		if g.wait(ctx) {
			t.Fatal("wait returned true while a task runs")
		}
		cancel()
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines after 20 waits that timed out, %d before", after, before)
	}
	close(release)
	if !g.wait(t.Context()) {
		t.Fatal("wait did not see the task end")
	}
}

package worker

import (
	"bytes"
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
	for range 20 {
		ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
		if g.wait(ctx) {
			t.Fatal("wait returned true while a task runs")
		}
		cancel()
	}
	// Count only goroutines inside the group's wait: the package's other
	// tests start and stop goroutines of their own at any moment.
	if n := goroutinesIn("(*taskGroup).wait"); n > 0 {
		t.Errorf("%d goroutines still in taskGroup.wait after 20 waits that timed out", n)
	}
	close(release)
	if !g.wait(t.Context()) {
		t.Fatal("wait did not see the task end")
	}
}

// goroutinesIn counts the goroutines whose stack has a frame of fn.
func goroutinesIn(fn string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for stack := range bytes.SplitSeq(buf, []byte("\n\n")) {
		if bytes.Contains(stack, []byte(fn)) {
			count++
		}
	}
	return count
}

package coroutine_test

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
)

// waitFor yields until cond holds, as the workflow primitives do.
func waitFor(c *coroutine.Coroutine, status string, cond func() bool) {
	for !cond() {
		c.Yield(status)
	}
	c.Progress()
}

func run(t *testing.T, d *coroutine.Dispatcher) {
	t.Helper()
	if err := d.Run(); err != nil {
		t.Fatal(err)
	}
}

func closeOnCleanup(t *testing.T, d *coroutine.Dispatcher) {
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
}

func TestOnlyOneCoroutineRunsAtATime(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	var active atomic.Int32
	shared := 0 // plain int: the race detector flags any concurrent access
	for i := range 20 {
		d.Go(fmt.Sprint(i), false, func(c *coroutine.Coroutine) {
			for range 50 {
				if active.Add(1) != 1 {
					t.Error("two coroutines ran at once")
				}
				shared++
				active.Add(-1)
				c.Yield("looping")
				c.Progress()
			}
		})
	}
	run(t, d)
	if shared != 20*50 || !d.Done() {
		t.Errorf("shared = %d, done = %v", shared, d.Done())
	}
}

func TestOrderIsDeterministic(t *testing.T) {
	trace := func() string {
		d := coroutine.New(coroutine.Options{})
		defer d.Close()
		var log []string
		for _, name := range []string{"a", "b", "c"} {
			d.Go(name, false, func(c *coroutine.Coroutine) {
				for i := range 3 {
					log = append(log, fmt.Sprintf("%s%d", name, i))
					c.Yield("step")
					c.Progress()
				}
			})
		}
		if err := d.Run(); err != nil {
			t.Fatal(err)
		}
		return strings.Join(log, " ")
	}
	want := "a0 b0 c0 a1 b1 c1 a2 b2 c2"
	for range 20 {
		if got := trace(); got != want {
			t.Fatalf("order %q, want %q", got, want)
		}
	}
}

func TestRunReturnsWhenAllAreBlockedAndResumesOnNewInput(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	fired := false // set by "history" between runs
	finished := false
	d.Go("root", false, func(c *coroutine.Coroutine) {
		waitFor(c, "blocked on timer", func() bool { return fired })
		finished = true
	})
	run(t, d)
	if finished || d.Done() {
		t.Fatal("the coroutine ran past a condition that did not hold")
	}
	fired = true
	run(t, d)
	if !finished || !d.Done() {
		t.Fatal("the coroutine did not finish once its condition held")
	}
}

func TestProgressInOneCoroutineWakesAnotherInTheSameRun(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	var value *int
	got := 0
	d.Go("consumer", false, func(c *coroutine.Coroutine) {
		waitFor(c, "blocked on receive", func() bool { return value != nil })
		got = *value
	})
	d.Go("producer", false, func(c *coroutine.Coroutine) {
		c.Yield("working")
		v := 42
		value = &v
		c.Progress()
	})
	run(t, d)
	if got != 42 || !d.Done() {
		t.Errorf("got %d, done %v: one Run must carry the value across", got, d.Done())
	}
}

func TestHighPriorityCoroutineRunsRightAfterItsCreator(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	var log []string
	d.Go("root", false, func(c *coroutine.Coroutine) {
		log = append(log, "root")
		d.Go("update", true, func(*coroutine.Coroutine) { log = append(log, "update") })
		c.Yield("after creating")
		c.Progress()
		log = append(log, "root again")
	})
	d.Go("other", false, func(*coroutine.Coroutine) { log = append(log, "other") })
	run(t, d)
	if got := strings.Join(log, ","); got != "root,update,other,root again" {
		t.Errorf("order %s", got)
	}
}

func TestPanicEndsRunWithValueAndStack(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	d.Go("root", false, func(*coroutine.Coroutine) { panicInWorkflowCode() })
	err := d.Run()
	var pe *coroutine.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a PanicError", err)
	}
	if pe.Coroutine != "root" || fmt.Sprint(pe.Value) != "order total is negative" {
		t.Errorf("panic in %q with %v", pe.Coroutine, pe.Value)
	}
	if !strings.Contains(pe.Stack, "panicInWorkflowCode") || !strings.HasPrefix(pe.Stack, "coroutine root [panic]:") {
		t.Errorf("stack does not show where it panicked:\n%s", pe.Stack)
	}
}

func panicInWorkflowCode() { panic("order total is negative") }

func TestDeadlockIsReportedWithTheStuckStack(t *testing.T) {
	d := coroutine.New(coroutine.Options{DeadlockTimeout: 50 * time.Millisecond})
	release := make(chan struct{})
	d.Go("spinner", false, func(*coroutine.Coroutine) { blockOutsideTheWorkflowAPI(release) })
	err := d.Run()
	var de *coroutine.DeadlockError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a DeadlockError", err)
	}
	if de.Coroutine != "spinner" || !strings.Contains(de.Stack, "blockOutsideTheWorkflowAPI") {
		t.Errorf("deadlock report: %v\n%s", de, de.Stack)
	}
	if !strings.Contains(err.Error(), "move such work to an activity") {
		t.Errorf("message does not say what to do: %v", err)
	}
	// The __stack_trace query still answers: the stuck coroutine's stack is
	// read from outside.
	traces := make(chan string, 1)
	go func() { traces <- d.StackTraces() }()
	select {
	case tr := <-traces:
		if !strings.Contains(tr, "coroutine spinner [deadlocked]") {
			t.Errorf("stack traces after a deadlock:\n%s", tr)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("StackTraces hung on a deadlocked coroutine")
	}
	closeErr := d.Close()
	if closeErr == nil || !strings.Contains(closeErr.Error(), "spinner") {
		t.Errorf("Close = %v, want it to name the stuck coroutine", closeErr)
	}
	close(release) // the coroutine finishes and its goroutine ends
}

func blockOutsideTheWorkflowAPI(release chan struct{}) { <-release }

// TestADeadlockedCoroutineThatYieldsLaterIsEnded: a coroutine that held
// the turn past the deadlock timeout and then yields, long after its Run
// returned (released by a goroutine the dispatcher's does not wait for),
// yields cleanly, touching nothing another Run uses (the race detector
// watches), and the dispatcher's Close ends it.
func TestADeadlockedCoroutineThatYieldsLaterIsEnded(t *testing.T) {
	d := coroutine.New(coroutine.Options{DeadlockTimeout: 50 * time.Millisecond})
	release := make(chan struct{})
	time.AfterFunc(200*time.Millisecond, func() { close(release) })
	var panicked atomic.Value
	d.Go("spinner", false, func(c *coroutine.Coroutine) {
		defer func() {
			if r := recover(); r != nil {
				panicked.Store(fmt.Sprint(r))
			}
		}()
		blockOutsideTheWorkflowAPI(release)
		for {
			c.Yield("blocked on Future.Get")
		}
	})
	var de *coroutine.DeadlockError
	if err := d.Run(); !errors.As(err, &de) {
		t.Fatalf("err = %v, want a DeadlockError", err)
	}
	if err := d.Run(); err == nil {
		t.Error("Run after a deadlock succeeded")
	}
	var left *coroutine.LeftRunningError
	if err := d.Close(); !errors.As(err, &left) {
		t.Fatalf("Close = %v, want a LeftRunningError", err)
	}
	// Other dispatchers run meanwhile, borrowing what Runs borrow.
	other := coroutine.New(coroutine.Options{DeadlockTimeout: time.Second})
	closeOnCleanup(t, other)
	other.Go("other", false, func(c *coroutine.Coroutine) {
		for {
			// Blocks without progress, so each Run takes two turns; a
			// first Yield of a blocking call each time, so its callers are
			// taken.
			c.Yield("blocked on Future.Get")
			c.Progress()
			c.Yield("blocked on Future.Get")
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for !left.Ended() {
		if time.Now().After(deadline) {
			t.Fatal("the coroutine left running was not ended once it yielded")
		}
		run(t, other)
	}
	if p := panicked.Load(); p != nil {
		t.Errorf("the coroutine left running panicked when it yielded: %v", p)
	}
}

func TestCloseEndsBlockedCoroutinesRunningTheirDefers(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	var deferred atomic.Int32
	for range 3 {
		d.Go("", false, func(c *coroutine.Coroutine) {
			defer deferred.Add(1)
			for {
				c.Yield("forever")
			}
		})
	}
	run(t, d)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if deferred.Load() != 3 {
		t.Errorf("%d deferred calls ran, want 3", deferred.Load())
	}
	if err := d.Run(); err == nil {
		t.Error("Run on a closed dispatcher succeeded")
	}
}

func TestReadOnlyDispatcherRefusesToBlock(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	d.SetReadOnly(true)
	d.Go("query", false, func(c *coroutine.Coroutine) { c.Yield("blocked on Future.Get") })
	err := d.Run()
	var pe *coroutine.PanicError
	var ro *coroutine.ReadOnlyError
	if !errors.As(err, &pe) || !errors.As(asError(pe.Value), &ro) || ro.Status != "blocked on Future.Get" {
		t.Fatalf("err = %v, want a panic with a ReadOnlyError", err)
	}
}

func asError(v any) error {
	err, _ := v.(error)
	return err
}

func TestBlockingInADeferDuringPanicIsReported(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	d.Go("root", false, func(c *coroutine.Coroutine) {
		defer c.Yield("cleanup")
		panic("first")
	})
	err := d.Run()
	if err == nil || !strings.Contains(err.Error(), "deferred function blocked while the workflow was panicking") {
		t.Fatalf("err = %v", err)
	}
}

func TestStackTracesShowEveryBlockedCoroutine(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	d.Go("root", false, func(c *coroutine.Coroutine) {
		for {
			c.Yield("blocked on Selector.Select")
		}
	})
	d.Go("handler", false, func(c *coroutine.Coroutine) {
		for {
			c.Yield("blocked on Channel.Receive")
		}
	})
	run(t, d)
	traces := d.StackTraces()
	for _, want := range []string{"coroutine root [blocked on Selector.Select]:", "coroutine handler [blocked on Channel.Receive]:", "coroutine_test.go"} {
		if !strings.Contains(traces, want) {
			t.Errorf("stack traces lack %q:\n%s", want, traces)
		}
	}
	run(t, d) // still usable
}

// TestGoAfterAllBlocked is how the engine hands queued update requests to
// handlers once every coroutine is blocked: a coroutine created between
// runs runs at the next, a high-priority one before those blocked.
func TestGoAfterAllBlocked(t *testing.T) {
	d := coroutine.New(coroutine.Options{})
	closeOnCleanup(t, d)
	var order []string
	released := false
	d.Go("root", false, func(c *coroutine.Coroutine) {
		waitFor(c, "blocked", func() bool { return released })
		order = append(order, "root")
	})
	run(t, d)
	d.Go("update", true, func(*coroutine.Coroutine) {
		order = append(order, "update")
		released = true
	})
	run(t, d)
	if got := strings.Join(order, ","); got != "update,root" || !d.Done() {
		t.Errorf("ran %s (done %v), want update,root", got, d.Done())
	}
}

func BenchmarkYield(b *testing.B) {
	d := coroutine.New(coroutine.Options{})
	defer d.Close()
	n := 0
	d.Go("loop", false, func(c *coroutine.Coroutine) {
		for {
			n++
			c.Yield("bench")
			c.Progress()
			if n >= b.N {
				return
			}
		}
	})
	b.ReportAllocs()
	b.ResetTimer()
	if err := d.Run(); err != nil {
		b.Fatal(err)
	}
}

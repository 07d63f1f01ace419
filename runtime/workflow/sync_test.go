package workflow_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestWaitGroupJoinsGoroutines(t *testing.T) {
	var got []string
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		wg := workflow.NewWaitGroup(ctx)
		gate, open := workflow.NewFuture(ctx)
		for i := range 3 {
			wg.Go(ctx, func(ctx workflow.Context) {
				_ = gate.Get(ctx, nil) // block, so Wait has to wait
				got = append(got, fmt.Sprint("g", i))
			})
		}
		// One counted by hand, finished by another goroutine.
		wg.Add(1)
		workflow.Go(ctx, func(ctx workflow.Context) {
			_ = gate.Get(ctx, nil)
			got = append(got, "manual")
			wg.Done()
		})
		workflow.Go(ctx, func(workflow.Context) { open.Set(nil, nil) })
		wg.Wait(ctx)
		got = append(got, "joined")
		// The group can be used again once Wait has returned.
		wg.Go(ctx, func(ctx workflow.Context) { got = append(got, "again") })
		wg.Wait(ctx)
		got = append(got, "joined again")
		return nil
	})
	if !c.Closed {
		t.Fatal("the workflow did not finish in its first task")
	}
	want := []string{"g0", "g1", "g2", "manual", "joined", "again", "joined again"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

func TestWaitGroupWaitWithZeroCounterReturnsAtOnce(t *testing.T) {
	ran := false
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		wg := workflow.NewWaitGroup(ctx)
		workflow.Go(ctx, func(workflow.Context) { ran = true })
		wg.Wait(ctx) // must not yield: the goroutine has not run yet
		if ran {
			t.Error("Wait with a zero counter yielded to another goroutine")
		}
		wg.Add(2)
		wg.Add(-2)
		wg.Wait(ctx)
		return nil
	})
	if !c.Closed {
		t.Fatal("the workflow did not finish in its first task")
	}
}

// A negative counter is a bug in workflow code: it panics as in the
// official SDK, and the engine reports the panic for the worker's
// WorkflowPanicPolicy to handle.
func TestWaitGroupNegativeCounterIsAWorkflowPanic(t *testing.T) {
	x := engine.NewExecution(engine.Params{SdkMetadataCapable: true, Workflow: func(ctx engine.Context, _ *commonpb.Payloads) (*commonpb.Payloads, error) {
		wg := workflow.NewWaitGroup(ctx)
		wg.Add(1)
		wg.Done()
		wg.Done()
		return nil, nil
	}})
	defer x.Close()
	_, err := x.ProcessTask(firstTask(t))
	var p *coroutine.PanicError
	if !errors.As(err, &p) || !strings.Contains(fmt.Sprint(p.Value), "negative WaitGroup counter") {
		t.Fatalf("ProcessTask error %v, want a workflow panic about the negative counter", err)
	}
}

func TestWaitGroupSecondConcurrentWaitPanics(t *testing.T) {
	var recovered any
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		wg := workflow.NewWaitGroup(ctx)
		gate, open := workflow.NewFuture(ctx)
		wg.Go(ctx, func(ctx workflow.Context) { _ = gate.Get(ctx, nil) })
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer func() { recovered = recover(); open.Set(nil, nil) }()
			wg.Wait(ctx)
		})
		wg.Wait(ctx)
		return nil
	})
	if recovered == nil {
		t.Error("a second Wait while the first had not returned did not panic")
	}
}

// Two (three) goroutines contend for a mutex and hold it across a
// blocking call: they take turns, in the order they asked.
func TestMutexSerialisesGoroutinesInOrder(t *testing.T) {
	var log []string
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		m := workflow.NewMutex(ctx)
		wg := workflow.NewWaitGroup(ctx)
		opened := ""
		for _, name := range []string{"a", "b", "c"} {
			wg.Go(ctx, func(ctx workflow.Context) {
				if err := m.Lock(ctx); err != nil {
					t.Error(err)
					return
				}
				log = append(log, name+" in")
				_ = workflow.Await(ctx, func() bool { return opened == name })
				log = append(log, name+" out")
				m.Unlock()
			})
		}
		for i := range 3 {
			// The next holder may take the mutex as soon as the last lets
			// go, before this goroutine's turn: wait for counts, not parity.
			_ = workflow.Await(ctx, func() bool { return len(log) >= 2*i+1 })
			if !m.IsLocked() || m.TryLock(ctx) {
				t.Error("the mutex is free while a goroutine holds it")
			}
			opened = strings.TrimSuffix(log[len(log)-1], " in")
			_ = workflow.Await(ctx, func() bool { return len(log) >= 2*i+2 })
		}
		wg.Wait(ctx)
		if m.IsLocked() {
			t.Error("the mutex is still locked after every holder unlocked it")
		}
		return nil
	})
	if !c.Closed {
		t.Fatal("the workflow did not finish in its first task")
	}
	want := []string{"a in", "a out", "b in", "b out", "c in", "c out"}
	if !slices.Equal(log, want) {
		t.Errorf("order %q, want %q", log, want)
	}
}

func TestMutexTryLock(t *testing.T) {
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		m := workflow.NewMutex(ctx)
		if !m.TryLock(ctx) || !m.IsLocked() {
			t.Error("TryLock of a free mutex did not take it")
		}
		if m.TryLock(ctx) {
			t.Error("TryLock of a locked mutex took it")
		}
		m.Unlock()
		if m.IsLocked() || !m.TryLock(ctx) {
			t.Error("the mutex is not free after Unlock")
		}
		return nil
	})
}

// cancelWhileBlocked runs call in a goroutine on a cancellable context,
// checks that it blocks, cancels it and returns what call returned.
func cancelWhileBlocked(t *testing.T, ctx workflow.Context, call func(workflow.Context) error) error {
	t.Helper()
	cctx, cancel := workflow.WithCancel(ctx)
	started, done := false, false
	var err error
	workflow.Go(cctx, func(ctx workflow.Context) {
		started = true
		err = call(ctx)
		done = true
	})
	_ = workflow.Await(ctx, func() bool { return started })
	if done {
		t.Fatal("the call returned without blocking")
	}
	cancel()
	_ = workflow.Await(ctx, func() bool { return done })
	return err
}

func TestMutexLockReturnsCanceledErrorOnCancellation(t *testing.T) {
	var lockErr error
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		m := workflow.NewMutex(ctx)
		if err := m.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		lockErr = cancelWhileBlocked(t, ctx, m.Lock)
		m.Unlock()
		if m.IsLocked() {
			t.Error("a cancelled Lock took the mutex")
		}
		return nil
	})
	if !temporal.IsCanceledError(lockErr) {
		t.Errorf("Lock error %v, want a canceled error", lockErr)
	}
}

// Five goroutines share a semaphore of two: at most two hold it at once,
// and they get it in the order they asked.
func TestSemaphoreLimitsConcurrency(t *testing.T) {
	var order []int
	most := 0
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		s := workflow.NewSemaphore(ctx, 2)
		wg := workflow.NewWaitGroup(ctx)
		active, open := 0, false
		for i := range 5 {
			wg.Go(ctx, func(ctx workflow.Context) {
				if err := s.Acquire(ctx, 1); err != nil {
					t.Error(err)
					return
				}
				active++
				most = max(most, active)
				order = append(order, i)
				_ = workflow.Await(ctx, func() bool { return open })
				active--
				s.Release(1)
			})
		}
		_ = workflow.Await(ctx, func() bool { return active == 2 })
		if s.TryAcquire(ctx, 1) {
			t.Error("TryAcquire took more than the semaphore holds")
		}
		open = true
		wg.Wait(ctx)
		// All of it is free again.
		if !s.TryAcquire(ctx, 2) {
			t.Error("the semaphore is not whole after every holder released")
		}
		return nil
	})
	if !c.Closed {
		t.Fatal("the workflow did not finish in its first task")
	}
	if most != 2 {
		t.Errorf("at most %d held the semaphore at once, want 2", most)
	}
	if !slices.Equal(order, []int{0, 1, 2, 3, 4}) {
		t.Errorf("order %v, want 0 to 4", order)
	}
}

func TestSemaphoreTryAcquire(t *testing.T) {
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		s := workflow.NewSemaphore(ctx, 3)
		if s.TryAcquire(ctx, 4) {
			t.Error("TryAcquire took more than the size")
		}
		if !s.TryAcquire(ctx, 2) {
			t.Error("TryAcquire of 2 of a free 3 failed")
		}
		if s.TryAcquire(ctx, 2) {
			t.Error("TryAcquire took 2 with 1 free")
		}
		if !s.TryAcquire(ctx, 1) {
			t.Error("a failed TryAcquire took something: 1 is no longer free")
		}
		s.Release(3)
		if !s.TryAcquire(ctx, 3) {
			t.Error("Release did not free it all")
		}
		return nil
	})
}

func TestSemaphoreAcquireCancelled(t *testing.T) {
	var acquireErr error
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		s := workflow.NewSemaphore(ctx, 2)
		if err := s.Acquire(ctx, 1); err != nil {
			t.Fatal(err)
		}
		acquireErr = cancelWhileBlocked(t, ctx, func(ctx workflow.Context) error { return s.Acquire(ctx, 2) })
		// The cancelled Acquire took nothing: the free 1 is still free.
		if !s.TryAcquire(ctx, 1) || s.TryAcquire(ctx, 1) {
			t.Error("a cancelled Acquire changed the semaphore")
		}
		return nil
	})
	if !temporal.IsCanceledError(acquireErr) {
		t.Errorf("Acquire error %v, want a canceled error", acquireErr)
	}
}

// Misuse that needs no workflow to show: it panics like the official SDK's.
func TestMutexAndSemaphoreMisusePanics(t *testing.T) {
	for name, misuse := range map[string]func(){
		"unlock an unlocked mutex": func() { workflow.NewMutex(nil).Unlock() },
		"release more than held":   func() { workflow.NewSemaphore(nil, 2).Release(1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			misuse()
		}()
	}
}

package workflow

// Workflow goroutines must not use package sync: a sync.Mutex or
// sync.WaitGroup would block the one OS thread the engine runs them on and
// deadlock the run, and what it woke first would depend on the Go scheduler,
// not on history. The primitives here block the way the rest of this
// package does, by yielding the turn to the next workflow goroutine, so
// whoever waits is woken in the engine's goroutine order: the same on every
// replay, and the same as the official Go SDK's, whose implementations are
// built on Await and a Future just like these. Their names and methods are
// the official SDK's, so workflow code using them ports unchanged.
//
// They record nothing: no command, no marker. Adding one to a workflow or
// taking one out changes no history, only the order in which goroutines
// run, which must still produce the same commands on replay.
//
// Misuse panics, as in the official SDK: a negative WaitGroup counter,
// unlocking an unlocked Mutex, releasing more of a Semaphore than is held.
// These are bugs in workflow code, and a panic in workflow code is how the
// engine reports one: the worker's WorkflowPanicPolicy decides whether the
// task fails (and is retried, once the code is fixed) or the workflow does.

// WaitGroup waits for a set of workflow goroutines to finish: the
// workflow's sync.WaitGroup. Make one with [NewWaitGroup].
//
// As in the official SDK, one goroutine at a time may Wait: a second Wait
// while the first has not returned panics.
type WaitGroup interface {
	// Add adds delta, which may be negative, to the counter. When the
	// counter reaches zero, a goroutine blocked in Wait is released. A
	// negative counter panics. Prefer Go, which cannot get the count
	// wrong.
	Add(delta int)
	// Done is Add(-1): one task of the group has finished.
	Done()
	// Go runs f in a new workflow goroutine ([Go]) counted in the group
	// until f returns.
	Go(ctx Context, f func(Context))
	// Wait blocks until the counter is zero; at once if it already is.
	// Like the official SDK's, it does not return early when ctx is
	// cancelled: the goroutines it waits for see the cancellation and are
	// expected to finish.
	Wait(ctx Context)
}

// NewWaitGroup returns a WaitGroup with a zero counter.
func NewWaitGroup(ctx Context) WaitGroup {
	wg := &waitGroup{}
	wg.done, wg.release = NewFuture(ctx)
	return wg
}

// waitGroup releases its waiter through a Future, set when the counter
// drops to zero while someone waits, and replaced once the waiter has
// resumed so the group can be used again.
type waitGroup struct {
	n       int
	waiting bool // a goroutine is in Wait and has not yet returned
	done    Future
	release Settable
}

func (wg *waitGroup) Add(delta int) {
	wg.n += delta
	if wg.n < 0 {
		panic("workflow: negative WaitGroup counter")
	}
	// The waiter stays "waiting" until it resumes, so the counter may
	// rise and fall to zero again in between: the future is set once.
	if wg.n == 0 && wg.waiting && !wg.done.IsReady() {
		wg.release.Set(nil, nil)
	}
}

func (wg *waitGroup) Done() { wg.Add(-1) }

func (wg *waitGroup) Go(ctx Context, f func(Context)) {
	wg.Add(1)
	Go(ctx, func(ctx Context) {
		defer wg.Done()
		f(ctx)
	})
}

func (wg *waitGroup) Wait(ctx Context) {
	if wg.n <= 0 {
		return
	}
	if wg.waiting {
		panic("workflow: WaitGroup.Wait called while another Wait has not returned")
	}
	wg.waiting = true
	// Set only ever with a nil error, so Get cannot fail.
	_ = wg.done.Get(ctx, nil)
	wg.waiting = false
	wg.done, wg.release = NewFuture(ctx)
}

// Mutex is a mutual exclusion lock for workflow goroutines: the workflow's
// sync.Mutex. Make one with [NewMutex]. Only workflow goroutines run
// between blocking calls, so a Mutex is needed only to keep a section
// that blocks (an activity, a timer) to one goroutine at a time.
//
// When it is unlocked, the waiter that gets it is the first in the
// engine's goroutine order whose turn comes, as in the official SDK; it is
// not necessarily the one that called Lock first.
type Mutex interface {
	// Lock blocks until the mutex is free and takes it. If ctx is
	// cancelled first it returns a *temporal.CanceledError (see
	// [ErrCanceled]) without taking the mutex.
	Lock(ctx Context) error
	// TryLock takes the mutex if it is free and reports whether it did;
	// it never blocks.
	TryLock(ctx Context) bool
	// Unlock frees the mutex; unlocking a mutex that is not locked
	// panics. Any goroutine may unlock it, not only the one that locked
	// it, as with sync.Mutex.
	Unlock()
	// IsLocked reports whether the mutex is held.
	IsLocked() bool
}

// NewMutex returns an unlocked Mutex.
func NewMutex(ctx Context) Mutex { return &mutex{} }

type mutex struct{ locked bool }

func (m *mutex) Lock(ctx Context) error {
	if err := Await(ctx, func() bool { return !m.locked }); err != nil {
		return err
	}
	m.locked = true
	return nil
}

func (m *mutex) TryLock(Context) bool {
	if m.locked {
		return false
	}
	m.locked = true
	return true
}

func (m *mutex) Unlock() {
	if !m.locked {
		panic("workflow: Mutex.Unlock of an unlocked mutex")
	}
	m.locked = false
}

func (m *mutex) IsLocked() bool { return m.locked }

// Semaphore is a weighted semaphore for workflow goroutines, the
// workflow's golang.org/x/sync/semaphore.Weighted: it bounds how much
// work (how many activities, say) runs at once. Make one with
// [NewSemaphore].
//
// Waiters are served in the engine's goroutine order as the semaphore
// frees up, as in the official SDK: a small request may be granted while a
// larger one, made earlier, still waits.
type Semaphore interface {
	// Acquire blocks until n is free and takes it. If ctx is cancelled
	// first it returns a *temporal.CanceledError (see [ErrCanceled]) and
	// takes nothing.
	Acquire(ctx Context, n int64) error
	// TryAcquire takes n if it is free and reports whether it did; it
	// never blocks, and takes nothing when it fails.
	TryAcquire(ctx Context, n int64) bool
	// Release gives back n; releasing more than is held panics.
	Release(n int64)
}

// NewSemaphore returns a Semaphore of size n, all of it free.
func NewSemaphore(ctx Context, n int64) Semaphore { return &semaphore{size: n} }

type semaphore struct{ size, held int64 }

func (s *semaphore) Acquire(ctx Context, n int64) error {
	if err := Await(ctx, func() bool { return s.size-s.held >= n }); err != nil {
		return err
	}
	s.held += n
	return nil
}

func (s *semaphore) TryAcquire(_ Context, n int64) bool {
	if s.size-s.held < n {
		return false
	}
	s.held += n
	return true
}

func (s *semaphore) Release(n int64) {
	s.held -= n
	if s.held < 0 {
		panic("workflow: Semaphore.Release of more than is held")
	}
}

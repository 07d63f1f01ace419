package coroutine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultDeadlockTimeout is how long a coroutine may hold the turn before the
// dispatcher reports a deadlock, as in the official SDKs.
const DefaultDeadlockTimeout = time.Second

// resumeAction is what a parked coroutine does when it is handed the turn:
// go on running (keepParked false), or run a chore for the dispatcher and
// park again (keepParked true).
type resumeAction func(s status) (keepParked bool)

// resume is the action that hands a coroutine the turn to run.
func resume(status) bool { return false }

// status says what a parked coroutine waits for: op alone, or, with on
// set, "blocked on <on>.<op>". It is formatted only for a stack trace or
// an error, so a run waiting on a named channel keeps no string made for
// its wait.
type status struct{ on, op string }

func (s status) String() string {
	if s.on == "" {
		return s.op
	}
	return "blocked on " + s.on + "." + s.op
}

// Coroutine is one workflow goroutine.
type Coroutine struct {
	name       string
	dispatcher *Dispatcher

	// handoff passes the turn both ways, unbuffered: the dispatcher sends
	// an action to a parked coroutine (see waitForTurn), the coroutine
	// sends nil when it parks or ends. Exactly one side holds the turn at
	// any time, so the two never send at once. One channel, not one per
	// direction: every run waiting in a sticky cache holds it.
	handoff chan resumeAction

	// Written by the coroutine while it holds the turn, read by the
	// dispatcher after it got the turn back.
	panicErr *PanicError
	// label is the coroutine's profiler label value, unique in the
	// process while it lives: a deadlock report finds the goroutine by it.
	label string

	done        atomic.Bool
	keptBlocked bool // written with panicErr
	// stuck is set when the coroutine held the turn past the deadlock
	// timeout: it cannot be handed anything any more.
	stuck bool
}

// Name is the coroutine's name, as shown in stack traces and errors.
func (c *Coroutine) Name() string { return c.name }

// Dispatcher is the dispatcher the coroutine belongs to.
func (c *Coroutine) Dispatcher() *Dispatcher { return c.dispatcher }

// Yield hands the turn back to the dispatcher and returns when the
// coroutine gets it again. what says what the coroutine waits for
// ("blocked on Future.Get"); it appears in stack traces. Callers check their
// condition again after Yield returns and call Progress once it holds.
//
// Yield and YieldOn are never inlined: the panic check names the frames
// above yield, and naming a frame inlined into its caller allocates.
//
//go:noinline
func (c *Coroutine) Yield(what string) { c.yield(status{op: what}) }

// YieldOn is Yield with the status "blocked on <name>.<op>", as a channel
// or Select named name shows it.
//
//go:noinline
func (c *Coroutine) YieldOn(name, op string) { c.yield(status{on: name, op: op}) }

func (c *Coroutine) yield(s status) {
	if c.dispatcher.ReadOnly() {
		panic(&ReadOnlyError{Coroutine: c.name, Status: s.String()})
	}
	if cur := c.dispatcher.current; cur != c {
		// Only the coroutine holding the turn may give it back. Anything
		// else is workflow code blocking with another goroutine's context.
		name := "no coroutine"
		if cur != nil {
			name = "coroutine " + cur.name
		}
		panic(fmt.Errorf("coroutine: %s blocked (%s) with the workflow.Context of coroutine %s: pass each workflow.Go function its own ctx parameter", name, s, c.name))
	}
	// Only the first Yield of a blocking call looks for a panic in flight:
	// walking the stack is the costliest part of a turn, and a coroutine
	// cannot start panicking while it waits. The coroutine takes its
	// callers; the dispatcher names them, on its own stack, when it gets
	// the turn back (see turn): naming frames takes a deep stack, which a
	// coroutine would grow for it and keep, doubled, for as long as it
	// waits in a cache.
	if !c.keptBlocked {
		r := c.dispatcher.run
		r.callers = r.pcs[:runtime.Callers(2, r.pcs[:])]
	}
	c.park()
	c.waitForTurn(s)
	c.keptBlocked = true
}

// park hands the turn back to the dispatcher.
func (c *Coroutine) park() { c.handoff <- nil }

// parked waits, outside the coroutine, until it parks or ends.
func (c *Coroutine) parked() { <-c.handoff }

// Progress records that the coroutine got further than at its last Yield:
// a value arrived, a future resolved. The dispatcher runs another pass after
// any pass in which a coroutine made progress.
func (c *Coroutine) Progress() { c.keptBlocked = false }

// waitForTurn blocks until the dispatcher hands the coroutine the turn to
// run, doing any chores it is asked for meanwhile.
func (c *Coroutine) waitForTurn(s status) {
	for {
		action := <-c.handoff
		if !action(s) {
			return
		}
	}
}

func (c *Coroutine) run(fn func(*Coroutine)) {
	defer func() {
		c.done.Store(true)
		c.park()
	}()
	defer func() {
		if r := recover(); r != nil {
			c.panicErr = &PanicError{Coroutine: c.name, Value: r, Stack: ownStack(c.name, "panic")}
		}
	}()
	// A profiler label, not the goroutine ID: reading the ID means
	// formatting a stack (microseconds, for every coroutine), the label costs
	// a few allocations and is read only when a deadlock is reported. CPU
	// profiles of a worker show it too.
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(coroutineLabel, c.label)))
	c.waitForTurn(status{op: "created"})
	fn(c)
}

// Dispatcher runs coroutines one at a time. It is not safe for concurrent
// use: one worker goroutine drives it.
//
// Thousands of runs wait in a worker's sticky cache, most with one
// coroutine, so a dispatcher holds its first coroutine, and the slice slot
// for it, itself: neither is an allocation of its own.
type Dispatcher struct {
	coroutines []*Coroutine
	// current holds the turn, nil between turns. Written only by the
	// dispatcher's goroutine before and after a turn.
	current *Coroutine
	// eager holds high-priority coroutines created since the pass started.
	eager   []*Coroutine
	created int
	running bool
	closed  bool
	// flags holds readOnlyFlag and deadlockedFlag, which coroutines read
	// while the dispatcher's goroutine may write them; one word, as
	// thousands of dispatchers wait in a worker's cache.
	flags atomic.Uint32

	deadlockTimeout time.Duration
	// run is what a Run borrows for its turns; nil between Runs.
	run *runState

	// first is the first coroutine Go creates, and slot backs coroutines
	// until a second one is added.
	first Coroutine
	slot  [1]*Coroutine
}

const (
	// readOnlyFlag is set while query handlers and update validators run
	// (SetReadOnly).
	readOnlyFlag uint32 = 1 << iota
	// deadlockedFlag is set when a coroutine held the turn past the
	// deadlock timeout. It may still yield, and then writes its callers
	// to run, which is left to it; until then it may make workflow calls,
	// which end it (see Abandoned).
	deadlockedFlag
)

// runState is what a Run borrows for its turns, so that a run waiting in
// the sticky cache holds neither.
type runState struct {
	// deadlockTimer is reused across the turns; a turn is the hot path.
	deadlockTimer *time.Timer
	// callers are the return PCs of the coroutine holding the turn, taken
	// at its first Yield of a blocking call, for the dispatcher to look
	// for a panic in flight; empty otherwise.
	callers []uintptr
	pcs     [32]uintptr
}

// runStates are the runStates Runs borrow, their timers stopped. Since
// Go 1.23 a stopped or reset timer delivers nothing stale, so any may be
// reused.
var runStates = sync.Pool{New: func() any {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &runState{deadlockTimer: t}
}}

// Options configure a Dispatcher.
type Options struct {
	// DeadlockTimeout is how long a coroutine may hold the turn. Zero means
	// DefaultDeadlockTimeout; negative disables detection (for debuggers).
	DeadlockTimeout time.Duration
}

// New returns a Dispatcher with no coroutines.
func New(opts Options) *Dispatcher {
	d := &Dispatcher{}
	d.Init(opts)
	return d
}

// Init readies a zero Dispatcher, one a larger struct holds by value (a
// run's), as New does.
func (d *Dispatcher) Init(opts Options) {
	d.deadlockTimeout = opts.DeadlockTimeout
	if d.deadlockTimeout == 0 {
		d.deadlockTimeout = DefaultDeadlockTimeout
	}
	d.coroutines = d.slot[:0]
}

// Go creates a coroutine that runs fn when the dispatcher first gives it the
// turn. An empty name is replaced by a sequence number. A high-priority
// coroutine runs before those created earlier.
func (d *Dispatcher) Go(name string, highPriority bool, fn func(*Coroutine)) *Coroutine {
	d.created++
	if name == "" {
		name = strconv.Itoa(d.created)
	}
	c := &d.first
	if d.created > 1 {
		c = &Coroutine{}
	}
	c.name, c.dispatcher, c.handoff = name, d, make(chan resumeAction)
	c.label = fmt.Sprintf("%s@%p", name, c)
	if highPriority {
		d.eager = append(d.eager, c)
	} else {
		d.coroutines = append(d.coroutines, c)
	}
	go c.run(fn)
	return c
}

// Run gives coroutines the turn until all are blocked or done: until a
// pass in which none made progress and none was created. It returns the
// first coroutine panic or deadlock; the dispatcher must then be closed.
func (d *Dispatcher) Run() error {
	switch {
	case d.closed:
		return errors.New("coroutine: Run on a closed dispatcher")
	case d.running:
		return errors.New("coroutine: Run called from inside a coroutine")
	case d.Abandoned():
		return errors.New("coroutine: Run after a deadlock; the dispatcher must be closed")
	}
	d.running = true
	d.run = runStates.Get().(*runState)
	defer func() {
		d.running = false
		if d.Abandoned() {
			return // d.run stays the stuck coroutine's (see deadlockedFlag)
		}
		d.run.callers = nil
		runStates.Put(d.run)
		d.run = nil
	}()

	for {
		progress, err := d.pass()
		if err != nil || !progress {
			return err
		}
	}
}

// pass runs every live coroutine once and reports whether any progressed.
func (d *Dispatcher) pass() (progress bool, err error) {
	if len(d.eager) > 0 {
		d.coroutines = append(d.eager, d.coroutines...)
		d.eager = nil
	}
	createdBefore := d.created
	for i := 0; i < len(d.coroutines); i++ {
		c := d.coroutines[i]
		if err := d.turn(c); err != nil {
			return true, err
		}
		if c.done.Load() {
			d.coroutines = slices.Delete(d.coroutines, i, i+1) // clears the slot: no finished coroutine kept
			i--
			progress = true
		} else if !c.keptBlocked {
			progress = true
		}
		if len(d.eager) > 0 {
			// Handlers created by this coroutine run next.
			d.coroutines = slices.Insert(d.coroutines, i+1, d.eager...)
			d.eager = nil
		}
	}
	return progress || d.created != createdBefore, nil
}

// turn hands c the turn and waits for it back, within the deadlock timeout.
// A coroutine that blocked while panicking (see Yield) is handed the turn
// again, to raise the panic that says so, as if it had before parking.
func (d *Dispatcher) turn(c *Coroutine) error {
	d.current = c
	for action := resume; ; action = raiseBlockedWhilePanicking {
		c.handoff <- action
		if d.deadlockTimeout < 0 {
			c.parked()
		} else {
			t := d.run.deadlockTimer
			t.Reset(d.deadlockTimeout)
			select {
			case <-c.handoff:
				t.Stop()
			case <-t.C:
				c.stuck = true
				d.flags.Or(deadlockedFlag)
				return &DeadlockError{Coroutine: c.name, Timeout: d.deadlockTimeout, Stack: goroutineStack(c.label)}
			}
		}
		callers := d.run.callers
		d.run.callers = nil
		if !panicking(callers) {
			break
		}
	}
	d.current = nil
	if c.panicErr != nil {
		return c.panicErr
	}
	return nil
}

// raiseBlockedWhilePanicking is the action that makes a coroutine that
// blocked while panicking raise the panic that says so.
func raiseBlockedWhilePanicking(status) bool {
	panic(errors.New("coroutine: a deferred function blocked while the workflow was panicking"))
}

// Abandoned reports whether a coroutine held the turn past the deadlock
// timeout. The run is then given up, while the code that held the turn may
// still be running: it must not touch the run's state, which the worker
// reads and releases meanwhile, so the workflow API ends it (with
// runtime.Goexit) at its next call. Safe for concurrent use.
func (d *Dispatcher) Abandoned() bool { return d.flags.Load()&deadlockedFlag != 0 }

// Done reports whether every coroutine has finished.
func (d *Dispatcher) Done() bool { return len(d.coroutines) == 0 && len(d.eager) == 0 }

// SetReadOnly makes Yield panic with a *ReadOnlyError, for query handlers
// and update validators, which must not block.
func (d *Dispatcher) SetReadOnly(readOnly bool) {
	if readOnly {
		d.flags.Or(readOnlyFlag)
	} else {
		d.flags.And(^readOnlyFlag)
	}
}

// ReadOnly reports whether SetReadOnly(true) is in force.
func (d *Dispatcher) ReadOnly() bool { return d.flags.Load()&readOnlyFlag != 0 }

// StackTraces returns the stack of every live coroutine, for the
// __stack_trace query. Call it between runs, never after a deadlock.
func (d *Dispatcher) StackTraces() string {
	var out []string
	for _, c := range append(append([]*Coroutine(nil), d.eager...), d.coroutines...) {
		if c.done.Load() {
			continue
		}
		if c.stuck {
			out = append(out, fmt.Sprintf("coroutine %s [deadlocked]:\n%s", c.name, goroutineStack(c.label)))
			continue
		}
		trace := make(chan string, 1)
		c.handoff <- func(s status) bool {
			trace <- ownStack(c.name, s.String())
			return true
		}
		out = append(out, <-trace)
	}
	return strings.Join(out, "\n\n")
}

// Close ends every live coroutine with runtime.Goexit, running its deferred
// calls, and waits for them up to the deadlock timeout each. A coroutine
// that is still running (a deadlock) cannot be stopped and is left behind;
// Close reports it.
func (d *Dispatcher) Close() error {
	if d.closed {
		return nil
	}
	d.closed = true
	var stuck []*Coroutine
	wait := d.deadlockTimeout
	if wait <= 0 {
		wait = DefaultDeadlockTimeout
	}
	// One at a time, as they ran: their deferred calls share workflow state.
	for _, c := range append(d.eager, d.coroutines...) {
		if c.done.Load() {
			continue
		}
		if c.stuck {
			stuck = append(stuck, c)
			go reapWhenParked(c)
			continue
		}
		if !exitCoroutine(c, wait) {
			stuck = append(stuck, c)
		}
	}
	d.coroutines, d.eager = nil, nil
	if len(stuck) > 0 {
		return &LeftRunningError{left: stuck}
	}
	return nil
}

// LeftRunningError reports coroutines that Close could not end: they never
// yielded, so nothing outside them can stop them. Each holds a goroutine
// and whatever it references until it yields (and is then ended) or the
// process exits.
type LeftRunningError struct {
	left []*Coroutine
}

func (e *LeftRunningError) Error() string {
	return fmt.Sprintf("coroutine: %d coroutines never yielded and were left running: %s", len(e.left), strings.Join(e.Coroutines(), ", "))
}

// Coroutines names the coroutines left running.
func (e *LeftRunningError) Coroutines() []string {
	names := make([]string, len(e.left))
	for i, c := range e.left {
		names[i] = c.name
	}
	return names
}

// Ended reports whether every coroutine left running has ended since: one
// that finally yielded is ended as Close would have.
func (e *LeftRunningError) Ended() bool {
	for _, c := range e.left {
		if !c.done.Load() {
			return false
		}
	}
	return true
}

// exitCoroutine ends a parked coroutine with runtime.Goexit and waits,
// up to wait, until it is done. A deferred call that blocks again is ended
// the same way.
func exitCoroutine(c *Coroutine, wait time.Duration) bool {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for !c.done.Load() {
		select {
		case c.handoff <- exit:
		case <-timer.C:
			go reapWhenParked(c)
			return false
		}
		select {
		case <-c.handoff:
		case <-timer.C:
			// Its defers run on and on: left behind, and ended if they
			// ever park (the handoff is unbuffered: someone must take it).
			go reapWhenParked(c)
			return false
		}
	}
	return true
}

// exit is the action that ends a parked coroutine.
func exit(status) bool { runtime.Goexit(); return false }

// reapWhenParked ends a coroutine that held the turn when the dispatcher
// closed, if it ever yields; a loop that never does cannot be stopped from
// outside in Go.
func reapWhenParked(c *Coroutine) {
	for {
		c.parked()
		if c.done.Load() {
			return
		}
		c.handoff <- exit
	}
}

// PanicError is a panic in workflow code.
type PanicError struct {
	Coroutine string
	Value     any
	Stack     string
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("workflow panic in coroutine %q: %v", e.Coroutine, e.Value)
}

// Unwrap returns the panic value when it is an error, so errors.As finds
// errors the engine raised by panicking inside workflow code.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// DeadlockError reports a coroutine that held the turn past the deadlock
// timeout.
type DeadlockError struct {
	Coroutine string
	Timeout   time.Duration
	Stack     string
}

func (e *DeadlockError) Error() string {
	return fmt.Sprintf("potential deadlock: workflow goroutine %q did not yield for over %v; workflow code must not block outside the workflow API (no mutexes, sleeps, I/O or tight loops): move such work to an activity", e.Coroutine, e.Timeout)
}

// ReadOnlyError is the panic of a coroutine that tried to block while the
// dispatcher was read-only: a query handler or update validator that waited
// on something.
type ReadOnlyError struct {
	Coroutine string
	Status    string
}

func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("coroutine %q tried to block (%s) in a query handler or update validator, which must return without waiting", e.Coroutine, e.Status)
}

// Stack returns the stack of c's goroutine, which must be the caller's,
// under a header naming the coroutine and status: what a recovered panic's
// error carries.
func (c *Coroutine) Stack(status string) string { return ownStack(c.name, status) }

// ownStack returns the calling goroutine's stack under a header naming the
// coroutine.
func ownStack(name, status string) string {
	buf := make([]byte, 64<<10)
	buf = buf[:runtime.Stack(buf, false)]
	if _, rest, ok := bytes.Cut(buf, []byte("\n")); ok {
		buf = rest
	}
	return fmt.Sprintf("coroutine %s [%s]:\n%s", name, status, strings.TrimRight(string(buf), "\n"))
}

// coroutineLabel is the profiler label key under which each coroutine's
// goroutine carries its label.
const coroutineLabel = "workflowdef.coroutine"

// goroutineStack returns the stack of the coroutine labelled label, read
// from a goroutine profile: the only way to see where another goroutine is
// stuck. Goroutines a coroutine started inherit its label; the coroutine's
// own is the one running Coroutine.run.
func goroutineStack(label string) string {
	var dump bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&dump, 1); err != nil {
		return "(stack not available: " + err.Error() + ")"
	}
	want := "# labels: {" + strconv.Quote(coroutineLabel) + ":" + strconv.Quote(label) + "}"
	for block := range strings.SplitSeq(dump.String(), "\n\n") {
		lines := strings.Split(block, "\n")
		if len(lines) < 2 || lines[1] != want || !strings.Contains(block, ").run+") {
			continue
		}
		// "#\t0x4dc9a4\tpkg.fn+0x84\t\t/path/file.go:11" becomes the two
		// lines runtime.Stack would print for the frame.
		var out strings.Builder
		for _, line := range lines[2:] {
			f := strings.Fields(strings.TrimPrefix(line, "#"))
			if len(f) < 3 {
				continue
			}
			fn, _, _ := strings.Cut(f[1], "+0x")
			fmt.Fprintf(&out, "%s(...)\n\t%s\n", fn, f[len(f)-1])
		}
		return strings.TrimRight(out.String(), "\n")
	}
	return "(stack not found)"
}

// panicking reports whether callers, return PCs as runtime.Callers gives
// them, run during panic unwinding, where blocking would hide the panic.
func panicking(callers []uintptr) bool {
	for _, pc := range callers {
		// pc-1 is inside the call instruction, so FuncForPC names the caller.
		if fn := runtime.FuncForPC(pc - 1); fn != nil && fn.Name() == "runtime.gopanic" {
			return true
		}
	}
	return false
}

package worker

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// taskGroup counts the goroutines that run a worker's tasks. Unlike a
// sync.WaitGroup it can be waited on until a context ends, without a
// goroutine left blocked in Wait when the context wins: Stop waits with
// its graceful-stop timeout first, then with its caller's context.
type taskGroup struct {
	mu      sync.Mutex
	running int
	// idle is closed when running drops to zero; made by the first wait
	// that finds tasks running.
	idle chan struct{}
	// named counts running tasks by what they run (an activity's type),
	// for Stop to name the ones that outlive it.
	named map[string]int
}

// track counts a running task under name until the returned function is
// called. It names a task that add or Go counts; it counts none itself.
func (g *taskGroup) track(name string) (untrack func()) {
	g.mu.Lock()
	if g.named == nil {
		g.named = map[string]int{}
	}
	g.named[name]++
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.named[name]--; g.named[name] == 0 {
			delete(g.named, name)
		}
	}
}

// describe names the tracked tasks still running, sorted, with a count
// where there are several of one name: `acme.Charge (2), acme.Ship`.
func (g *taskGroup) describe() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	names := slices.Sorted(maps.Keys(g.named))
	for i, n := range names {
		if c := g.named[n]; c > 1 {
			names[i] = fmt.Sprintf("%s (%d)", n, c)
		}
	}
	return strings.Join(names, ", ")
}

// add counts one more task; done must follow.
func (g *taskGroup) add() {
	g.mu.Lock()
	g.running++
	g.mu.Unlock()
}

// Go runs f on a new goroutine counted in the group.
func (g *taskGroup) Go(f func()) {
	g.add()
	go func() {
		defer g.done()
		f()
	}()
}

func (g *taskGroup) done() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.running--
	if g.running == 0 && g.idle != nil {
		close(g.idle)
		g.idle = nil
	}
}

// wait returns true once no task runs, or false when ctx ends first.
func (g *taskGroup) wait(ctx context.Context) bool {
	g.mu.Lock()
	if g.running == 0 {
		g.mu.Unlock()
		return true
	}
	if g.idle == nil {
		g.idle = make(chan struct{})
	}
	idle := g.idle
	g.mu.Unlock()
	select {
	case <-idle:
		return true
	case <-ctx.Done():
		return false
	}
}

package worker

import (
	"context"
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

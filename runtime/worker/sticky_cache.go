package worker

import (
	"context"
	"sync"
	"time"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// cachedRun is a workflow run kept in memory between its workflow tasks,
// in 48 bytes.
type cachedRun struct {
	runID string
	x     *engine.Execution
	// lastStartedEventID is the started event of the last task this
	// execution completed. The next task is only for this execution when
	// the server names the same event as its previous started event;
	// otherwise a completion was lost and the run must be rebuilt.
	lastStartedEventID int64
	// newer and older link the cache's runs by use, while the run is in
	// the cache: in the run itself, not in a list element of its own, as
	// thousands of runs wait there.
	newer, older *cachedRun
}

// stickyCache keeps the most recently used workflow runs in memory so a
// run's next workflow task continues where the last one stopped instead of
// replaying the whole history. It is bounded by a count of runs; the least
// recently used run is closed when a new one needs room.
//
// A run is out of the cache while a task uses it, so two tasks of one run
// never share an execution.
type stickyCache struct {
	mu   sync.Mutex
	size int
	// newest and oldest are the ends of the runs' list by use (see
	// cachedRun.newer); runs finds them by run ID.
	newest, oldest *cachedRun
	runs           map[string]*cachedRun
	// cleared is set by clear: the worker stopped, and a run a late task
	// returns is closed, not kept.
	cleared bool
	// closer closes the runs the cache lets go.
	closer *runCloser
	// checkouts holds, by run ID, the runs a task is working on, whether
	// the run came from the cache or is being rebuilt.
	checkouts map[string]chan struct{}
}

// checkoutWait bounds how long a task waits for another task's run: the
// server sends a run's next task only once it has the last one's
// completion, so the wait is the moment between that and the run being
// put back.
const checkoutWait = 5 * time.Second

// checkout marks runID as being worked on by the calling task, and
// returns the function that ends that, which must be called once the task
// has put the run back or closed it. If another task is working on the
// run, checkout first waits for it to finish (up to checkoutWait, or until
// ctx ends): the server sends the next task of a run as soon as it has the
// last one's completion, before the task that sent it has put the run
// back, and taking the run then would miss it and rebuild it from history
// beside the cached one.
func (c *stickyCache) checkout(ctx context.Context, runID string) (done func()) {
	var timeout <-chan time.Time // made only by a task that must wait: every task checks out
	for {
		c.mu.Lock()
		busy, ok := c.checkouts[runID]
		if !ok {
			mine := make(chan struct{})
			if c.checkouts == nil {
				c.checkouts = make(map[string]chan struct{})
			}
			c.checkouts[runID] = mine
			c.mu.Unlock()
			return func() { c.checkin(runID, mine) }
		}
		c.mu.Unlock()
		if timeout == nil {
			timer := time.NewTimer(checkoutWait)
			defer timer.Stop()
			timeout = timer.C
		}
		select {
		case <-busy:
		case <-timeout:
			return func() {} // go ahead beside it: a rebuilt run is still correct
		case <-ctx.Done():
			return func() {}
		}
	}
}

// checkin ends the checkout mine of runID.
func (c *stickyCache) checkin(runID string, mine chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.checkouts[runID] == mine {
		delete(c.checkouts, runID)
	}
	close(mine)
}

// newStickyCache returns a cache of size runs; size 0 keeps none.
func newStickyCache(size int, closer *runCloser) *stickyCache {
	return &stickyCache{size: size, runs: make(map[string]*cachedRun), closer: closer}
}

// take removes and returns the run's cached execution, if any.
func (c *stickyCache) take(runID string) *cachedRun {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.runs[runID]
	if !ok {
		return nil
	}
	c.remove(r)
	return r
}

// remove unlinks r, which is in the cache. The caller holds c.mu.
func (c *stickyCache) remove(r *cachedRun) {
	delete(c.runs, r.runID)
	if r.newer != nil {
		r.newer.older = r.older
	} else {
		c.newest = r.older
	}
	if r.older != nil {
		r.older.newer = r.newer
	} else {
		c.oldest = r.newer
	}
	r.newer, r.older = nil, nil
}

// pushNewest adds r, which is not in the cache, as its most recently
// used run. The caller holds c.mu.
func (c *stickyCache) pushNewest(r *cachedRun) {
	c.runs[r.runID] = r
	r.older = c.newest
	if c.newest != nil {
		c.newest.newer = r
	} else {
		c.oldest = r
	}
	c.newest = r
}

// put returns a run to the cache after a completed task, closing the least
// recently used runs beyond the size. A closed workflow is not kept.
func (c *stickyCache) put(r *cachedRun) {
	c.mu.Lock()
	var evicted []*cachedRun
	forced := 0 // runs pushed out to make room
	if c.size > 0 && !c.cleared {
		if old, ok := c.runs[r.runID]; ok {
			c.remove(old)
			evicted = append(evicted, old)
		}
		c.pushNewest(r)
		for len(c.runs) > c.size {
			victim := c.oldest
			c.remove(victim)
			evicted = append(evicted, victim)
			forced++
		}
	} else {
		evicted = append(evicted, r)
	}
	c.mu.Unlock()
	if forced > 0 {
		c.closer.metrics.stickyEvictions(forced)
	}
	// Closing unwinds the run's coroutines; it happens outside the lock so
	// other tasks are not held up.
	for _, v := range evicted {
		c.closer.close(v.x)
	}
}

// count reports how many runs the cache holds.
func (c *stickyCache) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.runs)
}

// clear closes every cached run, and every run put back after it.
func (c *stickyCache) clear() {
	c.mu.Lock()
	c.cleared = true
	runs := make([]*cachedRun, 0, len(c.runs))
	for r := c.newest; r != nil; r = r.older {
		runs = append(runs, r)
	}
	for _, r := range runs {
		c.remove(r)
	}
	c.mu.Unlock()
	for _, r := range runs {
		c.closer.close(r.x)
	}
}

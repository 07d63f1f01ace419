package lazymap

import "slices"

// Small is a map for what a run keeps in flight, most often one or two
// things: up to smallMax entries live in a slice searched in order, a few
// words each, where a Go map would take two allocations of hundreds of
// bytes (and allocating them deep in a workflow's coroutine can double its
// stack); past smallMax they move to a map. The zero Small is empty, and
// an empty Small holds nothing.
type Small[K comparable, V any] struct {
	entries []smallEntry[K, V]
	// index holds every entry instead of entries once there were more
	// than smallMax, until it is empty again.
	index map[K]V
}

type smallEntry[K comparable, V any] struct {
	k K
	v V
}

// smallMax is how many entries a Small searches in order before it moves
// them to a map.
const smallMax = 8

// Get returns the value under k, and whether there is one.
func (s *Small[K, V]) Get(k K) (V, bool) {
	if s.index != nil {
		v, ok := s.index[k]
		return v, ok
	}
	for i := range s.entries {
		if s.entries[i].k == k {
			return s.entries[i].v, true
		}
	}
	var zero V
	return zero, false
}

// Put sets the value under k.
func (s *Small[K, V]) Put(k K, v V) {
	if s.index == nil {
		for i := range s.entries {
			if s.entries[i].k == k {
				s.entries[i].v = v
				return
			}
		}
		if len(s.entries) < smallMax {
			s.entries = append(s.entries, smallEntry[K, V]{k, v})
			return
		}
		s.moveToIndex()
	}
	s.index[k] = v
}

// moveToIndex moves the entries to the map, never inlined into Put: Put
// runs on workflow coroutines, deep in their stacks, and its frame stays
// small.
//
//go:noinline
func (s *Small[K, V]) moveToIndex() {
	s.index = make(map[K]V, 2*smallMax)
	for _, e := range s.entries {
		s.index[e.k] = e.v
	}
	s.entries = nil
}

// Delete removes the value under k, if any.
func (s *Small[K, V]) Delete(k K) {
	if s.index != nil {
		Drop(&s.index, k)
		return
	}
	for i := range s.entries {
		if s.entries[i].k == k {
			// Delete clears the freed slot: a cached run keeps nothing
			// it let go of.
			s.entries = slices.Delete(s.entries, i, i+1)
			if len(s.entries) == 0 {
				s.entries = nil
			}
			return
		}
	}
}

// Len is the number of entries.
func (s *Small[K, V]) Len() int {
	if s.index != nil {
		return len(s.index)
	}
	return len(s.entries)
}

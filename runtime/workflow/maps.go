package workflow

import (
	"cmp"
	"maps"
	"slices"
)

// Go randomizes the order of a range over a map, so workflow code that
// schedules activities, timers or children in map order issues its
// commands in a different order on replay, a nondeterminism. These give
// the keys in an order of their own.

// DeterministicKeys returns m's keys, sorted: range over them instead of
// over the map.
func DeterministicKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

// DeterministicKeysFunc returns m's keys, sorted by compare, for key
// types with no natural order.
func DeterministicKeysFunc[K comparable, V any](m map[K]V, compare func(a, b K) int) []K {
	return slices.SortedFunc(maps.Keys(m), compare)
}

package lazymap

// Put sets (*m)[k] = v, making the map on first use.
func Put[K comparable, V any](m *map[K]V, k K, v V) {
	if *m == nil {
		*m = make(map[K]V)
	}
	(*m)[k] = v
}

// Drop deletes (*m)[k], and the map itself once empty.
func Drop[K comparable, V any](m *map[K]V, k K) {
	delete(*m, k)
	if len(*m) == 0 {
		*m = nil
	}
}

// Package lazymap keeps maps that exist only while they hold something.
// A workflow run keeps a map for each kind of thing in flight (timers,
// activities, children, commands by key), and thousands of runs wait in a
// worker's sticky cache with none in flight: a map made on first write
// and dropped once empty costs a waiting run nothing, where an empty map
// would still hold its buckets.
//
// Reading, ranging over and deleting from a nil map are fine in Go; only
// writes need [Put].
//
// What a run most often has in flight is one thing (the timer or the
// activity it waits for): a [Small] holds a few entries without a map.
package lazymap

package engine

import (
	"testing"
	"unsafe"
)

// TestExecutionSize: an Execution is most of what a run waiting in a
// worker's sticky cache holds, and it fills the 1408-byte size class with
// the 8-byte header the runtime puts before an object of over 512 bytes
// that holds pointers. A field that pushes it past moves every cached run
// to the next class (1536 bytes, five to a page): make room, or put a
// field that few runs use behind a pointer made on first use, as marks
// and durations are.
func TestExecutionSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	const sizeClass, mallocHeader = 1408, 8
	if n := unsafe.Sizeof(Execution{}); n+mallocHeader > sizeClass {
		t.Errorf("an Execution is %d bytes, over the %d-byte size class with its %d-byte header", n, sizeClass, mallocHeader)
	}
}

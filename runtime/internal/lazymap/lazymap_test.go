package lazymap_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
)

func TestPutMakesTheMapAndDropRemovesItOnceEmpty(t *testing.T) {
	var m map[string]int
	lazymap.Put(&m, "a", 1)
	lazymap.Put(&m, "b", 2)
	lazymap.Drop(&m, "a")
	if m == nil || m["b"] != 2 {
		t.Fatalf("after dropping one of two entries: %v", m)
	}
	lazymap.Drop(&m, "b")
	if m != nil {
		t.Errorf("after dropping the last entry the map is %v, want nil", m)
	}
	lazymap.Drop(&m, "c") // dropping from a nil map is fine
}

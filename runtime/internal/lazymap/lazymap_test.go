package lazymap_test

import (
	"fmt"
	"reflect"
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

func TestSmallKeepsEntriesInASliceThenAMap(t *testing.T) {
	var s lazymap.Small[int, string]
	const n = 40
	for i := range n {
		s.Put(i, "v")
		s.Put(i, fmt.Sprint(i)) // again: replaces
		if s.Len() != i+1 {
			t.Fatalf("after %d puts Len is %d", i+1, s.Len())
		}
	}
	for i := range n + 1 {
		v, ok := s.Get(i)
		if want := fmt.Sprint(i); ok != (i < n) || (ok && v != want) {
			t.Errorf("Get(%d) = %q, %v", i, v, ok)
		}
	}
	for i := range n {
		s.Delete(i)
		s.Delete(i) // again: nothing
		if _, ok := s.Get(i); ok || s.Len() != n-i-1 {
			t.Fatalf("after deleting %d: Get finds it %v, Len %d", i, ok, s.Len())
		}
	}
	if !reflect.ValueOf(s).IsZero() {
		t.Errorf("an emptied Small holds %+v", s)
	}
	// Below the limit it never needs a map, and deleting from the middle
	// keeps the others.
	s.Put(1, "a")
	s.Put(2, "b")
	s.Put(3, "c")
	s.Delete(2)
	if v1, _ := s.Get(1); v1 != "a" || s.Len() != 2 {
		t.Errorf("after deleting the middle entry: Get(1) = %q, Len %d", v1, s.Len())
	}
	if v3, _ := s.Get(3); v3 != "c" {
		t.Errorf("after deleting the middle entry: Get(3) = %q", v3)
	}
}

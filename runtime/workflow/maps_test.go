package workflow_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestDeterministicKeysAreSorted(t *testing.T) {
	m := map[string]int{"c": 3, "a": 1, "b": 2, "": 0}
	for range 20 { // map order changes from one range to the next
		if got := workflow.DeterministicKeys(m); !slices.Equal(got, []string{"", "a", "b", "c"}) {
			t.Fatalf("DeterministicKeys = %q", got)
		}
	}
	type sku struct{ family, code string }
	skus := map[sku]bool{{"pen", "2"}: true, {"book", "9"}: true, {"pen", "1"}: true}
	got := workflow.DeterministicKeysFunc(skus, func(a, b sku) int {
		return strings.Compare(a.family+"/"+a.code, b.family+"/"+b.code)
	})
	if want := []sku{{"book", "9"}, {"pen", "1"}, {"pen", "2"}}; !slices.Equal(got, want) {
		t.Errorf("DeterministicKeysFunc = %v, want %v", got, want)
	}
	if got := workflow.DeterministicKeys(map[int]bool(nil)); len(got) != 0 {
		t.Errorf("keys of a nil map: %v", got)
	}
}

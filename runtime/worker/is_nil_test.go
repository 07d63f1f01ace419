package worker_test

import (
	"context"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/worker"
)

type activities struct{}

func (*activities) Charge(context.Context, string) (string, error) { return "", nil }

func TestIsNil(t *testing.T) {
	var unset *activities
	var fn func()
	for _, tc := range []struct {
		name string
		impl any
		want bool
	}{
		{"nil", nil, true},
		{"nil pointer", unset, true},
		{"nil func", fn, true},
		{"nil map", map[string]int(nil), true},
		{"pointer", &activities{}, false},
		{"struct", activities{}, false},
		{"func", func() {}, false},
		{"int", 0, false},
	} {
		if got := worker.IsNil(tc.impl); got != tc.want {
			t.Errorf("IsNil(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

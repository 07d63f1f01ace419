package model

import (
	"reflect"
	"slices"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// The methods a generated run handle inherits must all be known to
// validation, or a signal, query or update of the same name would shadow
// one silently: the lists follow the runtime types.
func TestEmbeddedMethodListsFollowTheRuntime(t *testing.T) {
	for _, tc := range []struct {
		embedded any
		listed   []string
	}{
		{&client.RunOf[int]{}, runOfMethods},
		{&workflow.ChildRunOf[int]{}, childRunOfMethods},
	} {
		typ := reflect.TypeOf(tc.embedded)
		for i := range typ.NumMethod() {
			if name := typ.Method(i).Name; !slices.Contains(tc.listed, name) {
				t.Errorf("%s has method %s, which the list of names it takes does not hold", typ.Elem().Name(), name)
			}
		}
	}
}

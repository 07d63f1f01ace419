package workflowdef_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	"google.golang.org/protobuf/reflect/protoreflect"

	workflowdefv1 "github.com/workflowdef/workflowdef/gen/temporal/workflowdef/v1"
)

// TestSchemaEnumsMatchTemporal guards the promise in the options schema that
// our enums carry Temporal's numbers, so the runtime converts them with a
// cast: every value of ours must name a Temporal value with the same number.
func TestSchemaEnumsMatchTemporal(t *testing.T) {
	for _, tc := range []struct {
		ours, theirs             protoreflect.EnumDescriptor
		oursPrefix, theirsPrefix string
	}{
		{workflowdefv1.WorkflowIdReusePolicy(0).Descriptor(), enumspb.WorkflowIdReusePolicy(0).Descriptor(), "WORKFLOW_ID_REUSE_POLICY_", "WORKFLOW_ID_REUSE_POLICY_"},
		{workflowdefv1.WorkflowIdConflictPolicy(0).Descriptor(), enumspb.WorkflowIdConflictPolicy(0).Descriptor(), "WORKFLOW_ID_CONFLICT_POLICY_", "WORKFLOW_ID_CONFLICT_POLICY_"},
		{workflowdefv1.ParentClosePolicy(0).Descriptor(), enumspb.ParentClosePolicy(0).Descriptor(), "PARENT_CLOSE_POLICY_", "PARENT_CLOSE_POLICY_"},
		{workflowdefv1.UpdateWaitStage(0).Descriptor(), enumspb.UpdateWorkflowExecutionLifecycleStage(0).Descriptor(), "UPDATE_WAIT_STAGE_", "UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_"},
		{workflowdefv1.VersioningBehavior(0).Descriptor(), enumspb.VersioningBehavior(0).Descriptor(), "VERSIONING_BEHAVIOR_", "VERSIONING_BEHAVIOR_"},
		{workflowdefv1.SearchAttributeType(0).Descriptor(), enumspb.IndexedValueType(0).Descriptor(), "SEARCH_ATTRIBUTE_TYPE_", "INDEXED_VALUE_TYPE_"},
	} {
		t.Run(string(tc.ours.Name()), func(t *testing.T) {
			ours := valuesBySuffix(t, tc.ours, tc.oursPrefix)
			theirs := valuesBySuffix(t, tc.theirs, tc.theirsPrefix)
			want := make(map[string]protoreflect.EnumNumber, len(ours))
			for suffix := range ours {
				if n, ok := theirs[suffix]; ok {
					want[suffix] = n
				}
			}
			if diff := cmp.Diff(want, ours); diff != "" {
				t.Errorf("%s values differ from Temporal's %s (-temporal +ours):\n%s", tc.ours.FullName(), tc.theirs.FullName(), diff)
			}
		})
	}
}

func valuesBySuffix(t *testing.T, e protoreflect.EnumDescriptor, prefix string) map[string]protoreflect.EnumNumber {
	t.Helper()
	out := map[string]protoreflect.EnumNumber{}
	values := e.Values()
	for i := range values.Len() {
		v := values.Get(i)
		suffix, ok := strings.CutPrefix(string(v.Name()), prefix)
		if !ok {
			t.Fatalf("%s does not start with %s", v.FullName(), prefix)
		}
		out[suffix] = v.Number()
	}
	return out
}

// TestSchemaExtensionsAvoidCluddenNumbers keeps our extension numbers clear of
// cludden/protoc-gen-go-temporal's (7233-7238), so one file can use both
// option sets during a migration.
func TestSchemaExtensionsAvoidCluddenNumbers(t *testing.T) {
	exts := workflowdefv1.File_temporal_workflowdef_v1_workflowdef_proto.Extensions()
	if exts.Len() == 0 {
		t.Fatal("the schema declares no extensions")
	}
	for i := range exts.Len() {
		x := exts.Get(i)
		if n := x.Number(); n >= 7233 && n <= 7238 {
			t.Errorf("extension %s uses %d, which cludden's temporal.v1 options use on %s", x.FullName(), n, x.ContainingMessage().FullName())
		}
	}
}

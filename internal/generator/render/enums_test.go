package render

import (
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"google.golang.org/protobuf/reflect/protoreflect"

	wd "github.com/workflowdef/workflowdef/gen/temporal/workflowdef/v1"
)

// TestSchemaEnumsMatchTemporals checks what the renderer relies on when it
// writes a schema enum value as the go.temporal.io/api constant of the same
// number: every value of the schema's enums has that number in Temporal's
// enum, with the same name after each enum's prefix.
func TestSchemaEnumsMatchTemporals(t *testing.T) {
	for _, tc := range []struct {
		schema   protoreflect.EnumDescriptor
		temporal map[int32]string
	}{
		{wd.WorkflowIdReusePolicy(0).Descriptor(), enumspb.WorkflowIdReusePolicy_name},
		{wd.WorkflowIdConflictPolicy(0).Descriptor(), enumspb.WorkflowIdConflictPolicy_name},
		{wd.ParentClosePolicy(0).Descriptor(), enumspb.ParentClosePolicy_name},
		{wd.UpdateWaitStage(0).Descriptor(), enumspb.UpdateWorkflowExecutionLifecycleStage_name},
		{wd.VersioningBehavior(0).Descriptor(), enumspb.VersioningBehavior_name},
	} {
		schemaPrefix := strings.TrimSuffix(string(tc.schema.Values().ByNumber(0).Name()), "UNSPECIFIED")
		temporalPrefix := strings.TrimSuffix(tc.temporal[0], "UNSPECIFIED")
		for i := range tc.schema.Values().Len() {
			v := tc.schema.Values().Get(i)
			want := strings.TrimPrefix(string(v.Name()), schemaPrefix)
			if got := strings.TrimPrefix(tc.temporal[int32(v.Number())], temporalPrefix); got != want {
				t.Errorf("%s = %d is rendered as enumspb.%s; its name says %s%s", v.FullName(), v.Number(), tc.temporal[int32(v.Number())], temporalPrefix, want)
			}
		}
	}
}

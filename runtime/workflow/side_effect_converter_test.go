package workflow_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestSideEffectUnderWithDataConverterEncodesWithIt: in the official SDK
// a side effect's result is encoded, and decoded, with the converter the
// context carries (workflowEnvironmentInterceptor.SideEffectWithOptions,
// internal/workflow.go:2461, GetDataConverterFromWorkflowContext), which
// workflow.WithDataConverter sets. Here SideEffect always uses the
// worker's converter, so a history an official worker wrote under
// WithDataConverter holds a marker this SDK reads with the wrong
// converter, and the marker this SDK writes is not what the official SDK
// writes for the same code.
func TestSideEffectUnderWithDataConverterEncodesWithIt(t *testing.T) {
	zlib := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		var s string
		return workflow.SideEffect(workflow.WithDataConverter(ctx, zlib), func(workflow.Context) any { return "drawn" }).Get(&s)
	})
	for _, cmd := range c.Commands {
		a := cmd.GetRecordMarkerCommandAttributes()
		if a.GetMarkerName() != "SideEffect" {
			continue
		}
		p := a.GetDetails()["data"].GetPayloads()
		if len(p) != 1 {
			t.Fatalf("the marker's data is %v", a.GetDetails()["data"])
		}
		if e := string(p[0].GetMetadata()[converter.MetadataEncoding]); e != converter.EncodingZlib {
			t.Errorf("the side effect's result is encoded %q, want %q (the context's converter)", e, converter.EncodingZlib)
		}
		return
	}
	t.Fatalf("no SideEffect marker among %v", c.Commands)
}

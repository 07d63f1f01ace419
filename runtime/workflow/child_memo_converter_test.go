package workflow_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestChildMemoUnderWithDataConverterUsesTheWorkersConverter: the official
// SDK encodes a child's arguments with the converter the context carries,
// but its memo with the workflow environment's (the worker's) converter:
// GetWorkflowMemo(params.Memo, wc.dataConverter, ...)
// (workflowEnvironmentImpl.ExecuteChildWorkflow,
// internal/internal_event_handlers.go:579), as a memo is read by clients
// and the UI with the client's converter. startChildWorkflow encodes the
// memo with the call's converter, so under workflow.WithDataConverter the
// child's memo is written in an encoding other readers do not expect, and
// differs from what the official SDK writes for the same code.
func TestChildMemoUnderWithDataConverterUsesTheWorkersConverter(t *testing.T) {
	zlib := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		cctx := workflow.WithChildOptions(workflow.WithDataConverter(ctx, zlib), workflow.ChildWorkflowOptions{Memo: map[string]any{"k": "v"}})
		workflow.ExecuteChildWorkflow(cctx, "Child", "arg")
		return workflow.Sleep(ctx, 3600e9)
	})
	for _, cmd := range c.Commands {
		a := cmd.GetStartChildWorkflowExecutionCommandAttributes()
		if a == nil {
			continue
		}
		if e := string(a.GetInput().GetPayloads()[0].GetMetadata()[converter.MetadataEncoding]); e != converter.EncodingZlib {
			t.Errorf("the child's argument is encoded %q, want %q (the context's converter)", e, converter.EncodingZlib)
		}
		if e := string(a.GetMemo().GetFields()["k"].GetMetadata()[converter.MetadataEncoding]); e != "json/plain" {
			t.Errorf("the child's memo is encoded %q, want json/plain (the worker's converter, as the official SDK writes it)", e)
		}
		return
	}
	t.Fatalf("no child started among %v", c.Commands)
}

package engine_test

import (
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestCloseCommandDetailsUnderACodecAreWrittenAsTheOfficialSDKWritesThem
// closes a run whose data converter compresses every payload, with the
// default failure converter: a cancellation's details are the data
// converter's and so compressed, while a failure's details are the failure
// converter's and stay plain JSON, as the official Go SDK writes them.
func TestCloseCommandDetailsUnderACodecAreWrittenAsTheOfficialSDKWritesThem(t *testing.T) {
	dc := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	closeWith := func(t *testing.T, err error) *engine.Completion {
		t.Helper()
		_, c := runFirstTask(t, engine.Params{DataConverter: dc, Workflow: func(engine.Context, *commonpb.Payloads) (*commonpb.Payloads, error) {
			return nil, err
		}})
		if !c.Closed || len(c.Commands) != 1 {
			t.Fatalf("the run did not close with one command: %v", c.Commands)
		}
		return c
	}

	t.Run("canceled", func(t *testing.T) {
		details := closeWith(t, temporal.NewCanceledError("stopped at 3 of 9")).Commands[0].GetCancelWorkflowExecutionCommandAttributes().GetDetails()
		if got := encodings(details); len(got) != 1 || got[0] != converter.EncodingZlib {
			t.Fatalf("cancellation details encoded as %v, want [%s]", got, converter.EncodingZlib)
		}
		var detail string
		if err := dc.FromPayloads(details, &detail); err != nil || detail != "stopped at 3 of 9" {
			t.Errorf("cancellation detail = %q, %v", detail, err)
		}
	})
	t.Run("failed", func(t *testing.T) {
		failure := closeWith(t, temporal.NewApplicationError("order rejected", "OrderRejected", "out of stock")).Commands[0].GetFailWorkflowExecutionCommandAttributes().GetFailure()
		details := failure.GetApplicationFailureInfo().GetDetails()
		if got := encodings(details); len(got) != 1 || got[0] != converter.EncodingJSON {
			t.Fatalf("failure details encoded as %v, want [%s]", got, converter.EncodingJSON)
		}
		var detail string
		if err := converter.Default().FromPayloads(details, &detail); err != nil || detail != "out of stock" {
			t.Errorf("failure detail = %q, %v", detail, err)
		}
	})
}

func encodings(ps *commonpb.Payloads) []string {
	var out []string
	for _, p := range ps.GetPayloads() {
		out = append(out, string(p.GetMetadata()[converter.MetadataEncoding]))
	}
	return out
}

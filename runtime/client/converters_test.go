package client_test

import (
	"context"
	"errors"
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestDefaultFailureConverterKeepsErrorDetailsOutOfTheCodec dials with a data
// converter that compresses every payload and no failure converter: error
// details are written as plain JSON, as the official Go SDK's default
// writes them, so official clients on their defaults read them.
func TestDefaultFailureConverterKeepsErrorDetailsOutOfTheCodec(t *testing.T) {
	dc := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	c := dial(t, func(o *client.Options) { o.DataConverter = dc })

	f := c.FailureConverter().ErrorToFailure(temporal.NewApplicationError("order rejected", "OrderRejected", "out of stock"))
	details := f.GetApplicationFailureInfo().GetDetails().GetPayloads()
	if len(details) != 1 {
		t.Fatalf("failure has %d details, want 1: %v", len(details), f)
	}
	if enc := string(details[0].GetMetadata()[converter.MetadataEncoding]); enc != converter.EncodingJSON {
		t.Errorf("detail encoded as %q, want %s, readable without the codec", enc, converter.EncodingJSON)
	}
	var appErr *temporal.ApplicationError
	var detail string
	if err := c.FailureConverter().FailureToError(f); !errors.As(err, &appErr) || appErr.Details(&detail) != nil || detail != "out of stock" {
		t.Errorf("read back: %v, detail %q", err, detail)
	}
}

// stringRefusingConverter is a user's converter that takes everything but
// plain strings.
type stringRefusingConverter struct{ converter.DataConverter }

func (c stringRefusingConverter) ToPayload(v any) (*commonpb.Payload, error) {
	if _, ok := v.(string); ok {
		return nil, errors.New("no plain strings here")
	}
	return c.DataConverter.ToPayload(v)
}

// TestAMemoValueTheConverterRefusesGoesThroughTheDefault: as the official
// client does, a memo value the client's converter refuses is encoded by
// the default converter instead of failing the start.
func TestAMemoValueTheConverterRefusesGoesThroughTheDefault(t *testing.T) {
	c := dial(t, func(o *client.Options) { o.DataConverter = stringRefusingConverter{converter.Default()} })
	id := uniqueID(t)
	run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: id, TaskQueue: id, Memo: map[string]any{"note": "hi"}}, "acme.W")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), run.ID(), "", "test over") })
	desc, err := c.DescribeWorkflow(t.Context(), run.ID(), "")
	if err != nil {
		t.Fatal(err)
	}
	var note string
	if err := desc.Memo.Get("note", &note); err != nil || note != "hi" {
		t.Errorf("memo note %q, %v", note, err)
	}
}

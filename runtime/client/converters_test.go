package client_test

import (
	"errors"
	"testing"

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

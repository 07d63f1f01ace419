package temporal

import (
	"fmt"

	failurepb "go.temporal.io/api/failure/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

// encodedMessage replaces the message of a failure whose message and stack
// trace moved into its encoded attributes. Every SDK writes this text.
const encodedMessage = "Encoded failure"

// commonAttributes is the JSON object every SDK stores in
// Failure.encoded_attributes: {"message": ..., "stack_trace": ...}.
type commonAttributes struct {
	Message    string `json:"message"`
	StackTrace string `json:"stack_trace"`
}

// encodeCommonAttributes moves f's message and stack trace into its encoded
// attributes, a payload written by dc, so a codec can encrypt them. If dc
// cannot encode them they are dropped rather than sent in clear, and the
// message says so.
func encodeCommonAttributes(dc converter.DataConverter, f *failurepb.Failure) {
	p, err := dc.ToPayload(commonAttributes{Message: f.GetMessage(), StackTrace: f.GetStackTrace()})
	f.StackTrace = ""
	if err != nil {
		f.Message = fmt.Sprintf("%s (message and stack trace could not be encoded: %v)", encodedMessage, err)
		return
	}
	f.EncodedAttributes = p
	f.Message = encodedMessage
}

// decodeCommonAttributes returns f's message and stack trace, read from its
// encoded attributes when it has them. Attributes dc cannot decode leave the
// message in clear, followed by why, and the stack trace as found.
func decodeCommonAttributes(dc converter.DataConverter, f *failurepb.Failure) (message, stackTrace string) {
	encoded := f.GetEncodedAttributes()
	if encoded == nil {
		return f.GetMessage(), f.GetStackTrace()
	}
	var attrs commonAttributes
	if err := dc.FromPayload(encoded, &attrs); err != nil {
		return fmt.Sprintf("%s (cannot decode its encoded attributes: %v)", f.GetMessage(), err), f.GetStackTrace()
	}
	return attrs.Message, attrs.StackTrace
}

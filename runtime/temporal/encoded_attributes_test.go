package temporal_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	failurepb "go.temporal.io/api/failure/v1"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

func encodingConverter(dc converter.DataConverter) *temporal.DefaultFailureConverter {
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: dc, EncodeCommonAttributes: true})
}

// TestEncodeCommonAttributesWritesWhatTheGoSDKWrites pins the encoded form to
// the one of go.temporal.io/sdk v1.51.0 (converter.EncodeCommonFailureAttributes)
// and of the temporalio/features data_converter/failure check: every level of
// the chain encoded, a json/plain {"message","stack_trace"} payload, the
// message replaced by "Encoded failure", the stack trace emptied.
func TestEncodeCommonAttributesWritesWhatTheGoSDKWrites(t *testing.T) {
	fc := encodingConverter(nil)
	for _, tc := range []struct {
		name string
		err  error
		want *failurepb.Failure
	}{
		{
			name: "application error and its cause",
			err:  temporal.NewApplicationErrorWithCause("main error", "customType", errors.New("cause error")),
			want: &failurepb.Failure{
				Message:           "Encoded failure",
				Source:            "GoSDK",
				EncodedAttributes: jsonPayload(`{"message":"main error","stack_trace":""}`),
				FailureInfo:       appInfo(&failurepb.ApplicationFailureInfo{Type: "customType"}),
				Cause: &failurepb.Failure{
					Message:           "Encoded failure",
					Source:            "GoSDK",
					EncodedAttributes: jsonPayload(`{"message":"cause error","stack_trace":""}`),
					FailureInfo:       appInfo(&failurepb.ApplicationFailureInfo{}),
				},
			},
		},
		{
			name: "panic with its stack trace",
			err:  temporal.NewPanicError("panic message", "long call stack"),
			want: &failurepb.Failure{
				Message:           "Encoded failure",
				Source:            "GoSDK",
				EncodedAttributes: jsonPayload(`{"message":"panic message","stack_trace":"long call stack"}`),
				FailureInfo:       appInfo(&failurepb.ApplicationFailureInfo{Type: "PanicError"}),
			},
		},
		{
			name: "details stay where they are",
			err:  temporal.NewApplicationError("message", "customType", "details", 2208),
			want: &failurepb.Failure{
				Message:           "Encoded failure",
				Source:            "GoSDK",
				EncodedAttributes: jsonPayload(`{"message":"message","stack_trace":""}`),
				FailureInfo:       appInfo(&failurepb.ApplicationFailureInfo{Type: "customType", Details: jsonPayloads(`"details"`, `2208`)}),
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := diffFailure(tc.want, fc.ErrorToFailure(tc.err)); d != "" {
				t.Errorf("ErrorToFailure mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestEncodedAttributesRoundTrip(t *testing.T) {
	fc := encodingConverter(nil)
	sub := temporal.NewNonRetryableApplicationError("sub message", "sub customType", errors.New("cause error"), "sub details")
	err := temporal.NewApplicationErrorWithCause("message", "customType", sub)

	got := fc.FailureToError(fc.ErrorToFailure(err))
	if got.Error() != err.Error() {
		t.Errorf("Error() = %q, want %q", got.Error(), err.Error())
	}
	subGot := as[*temporal.ApplicationError](t, errors.Unwrap(got))
	var details string
	if subGot.Message() != "sub message" || subGot.Details(&details) != nil || details != "sub details" {
		t.Errorf("cause = %q, details %q", subGot.Message(), details)
	}

	panicGot := as[*temporal.PanicError](t, fc.FailureToError(fc.ErrorToFailure(temporal.NewPanicError("oops", "stack"))))
	if panicGot.Value() != "oops" || panicGot.StackTrace() != "stack" {
		t.Errorf("panic = %q %q", panicGot.Value(), panicGot.StackTrace())
	}

	// A converter that does not encode still decodes: the option only says
	// how to write.
	plain := newConverter().FailureToError(fc.ErrorToFailure(err))
	if plain.Error() != err.Error() {
		t.Errorf("decoded without the option: %q, want %q", plain.Error(), err.Error())
	}

	// A decoded error is re-sent still encoded, never in clear.
	again := newConverter().ErrorToFailure(got)
	if again.GetMessage() != "Encoded failure" || again.GetCause().GetMessage() != "Encoded failure" {
		t.Errorf("re-sent failure has messages %q, %q", again.GetMessage(), again.GetCause().GetMessage())
	}
}

// TestEncodedAttributesGoThroughCodecs is why the option exists: with an
// encrypting codec, neither message nor stack trace may appear in the bytes
// sent to the server.
func TestEncodedAttributesGoThroughCodecs(t *testing.T) {
	aes, err := converter.NewAESGCMCodec(converter.AESGCMOptions{
		KeyID: "k1",
		Keys:  map[string][]byte{"k1": []byte("0123456789abcdef0123456789abcdef")},
	})
	if err != nil {
		t.Fatal(err)
	}
	fc := encodingConverter(converter.NewCodecDataConverter(converter.Default(), aes))
	f := fc.ErrorToFailure(temporal.NewApplicationErrorWithCause("card 4242 declined", "Declined",
		temporal.NewPanicError("customer alice", "stack of alice")))
	wire, err := proto.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"4242", "alice"} {
		if bytes.Contains(wire, []byte(secret)) {
			t.Errorf("%q is in clear in the failure sent", secret)
		}
	}

	got := fc.FailureToError(f)
	if want := "card 4242 declined (type: Declined, retryable: true): customer alice"; got.Error() != want {
		t.Errorf("Error() = %q, want %q", got.Error(), want)
	}
	if p := as[*temporal.PanicError](t, got); p.StackTrace() != "stack of alice" {
		t.Errorf("stack trace = %q", p.StackTrace())
	}

	// Without the key the error is still there, and says why its message is
	// missing.
	noKey := newConverter().FailureToError(f)
	appErr := as[*temporal.ApplicationError](t, noKey)
	if appErr.Type() != "Declined" || !strings.HasPrefix(appErr.Message(), "Encoded failure (cannot decode its encoded attributes: ") {
		t.Errorf("without the key: type %q message %q", appErr.Type(), appErr.Message())
	}
}

// failingConverter refuses to encode anything.
type failingConverter struct{ converter.DataConverter }

func (failingConverter) ToPayload(any) (*commonpb.Payload, error) {
	return nil, errors.New("codec offline")
}

func TestEncodeFailureDropsMessageRatherThanSendingItInClear(t *testing.T) {
	fc := encodingConverter(failingConverter{converter.Default()})
	f := fc.ErrorToFailure(temporal.NewPanicError("secret message", "secret stack"))
	if strings.Contains(f.GetMessage(), "secret") || f.GetStackTrace() != "" || f.GetEncodedAttributes() != nil {
		t.Errorf("failure leaks what it should encode: %v", f)
	}
	if f.GetMessage() != "Encoded failure (message and stack trace could not be encoded: codec offline)" {
		t.Errorf("message = %q", f.GetMessage())
	}
	if f.GetApplicationFailureInfo().GetType() != "PanicError" {
		t.Errorf("failure info lost: %v", f)
	}
}

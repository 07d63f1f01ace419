package temporal_test

import (
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// An activity fails with a typed error and details; the workflow, after the
// trip through the server, finds it under the ActivityError and reads the
// details back.
func ExampleNewApplicationError() {
	fc := temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{})

	// In the activity.
	activityErr := temporal.NewApplicationError("item out of stock", "OutOfStock", "sku-1042", 3)
	failure := fc.ErrorToFailure(activityErr)

	// In the workflow, wrapped by the runtime with what the history says
	// about the activity.
	err := temporal.NewActivityError(temporal.ActivityErrorOptions{
		ActivityType: "ReserveItem",
		RetryState:   enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE,
		Cause:        fc.FailureToError(failure),
	})

	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) && appErr.Type() == "OutOfStock" {
		var sku string
		var wanted int
		if err := appErr.Details(&sku, &wanted); err != nil {
			fmt.Println("details:", err)
			return
		}
		fmt.Println(appErr.Message(), sku, wanted)
	}
	// Output:
	// item out of stock sku-1042 3
}

// NonRetryable stops retries whatever the retry policy says; NextRetryDelay
// overrides the policy's next backoff.
func ExampleNewApplicationErrorWithOptions() {
	err := temporal.NewApplicationErrorWithOptions("rate limited", "RateLimited", temporal.ApplicationErrorOptions{
		NextRetryDelay: 30 * time.Second,
		Category:       temporal.ApplicationErrorCategoryBenign,
	})
	f := temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{}).ErrorToFailure(err)
	info := f.GetApplicationFailureInfo()
	fmt.Println(err)
	fmt.Println(info.GetNonRetryable(), info.GetNextRetryDelay().AsDuration(), info.GetCategory())
	// Output:
	// rate limited (type: RateLimited, retryable: true)
	// false 30s Benign
}

// Any Go error crosses the wire: it becomes a retryable application failure
// typed with its Go type name, and what it wraps becomes its cause.
func ExampleDefaultFailureConverter_ErrorToFailure() {
	fc := temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{})
	err := fmt.Errorf("charging card: %w", &coolError{})

	for f := fc.ErrorToFailure(err); f != nil; f = f.GetCause() {
		info := f.GetApplicationFailureInfo()
		fmt.Printf("%q type=%q nonRetryable=%t source=%s\n", f.GetMessage(), info.GetType(), info.GetNonRetryable(), f.GetSource())
	}
	// Output:
	// "charging card: cool error" type="wrapError" nonRetryable=false source=GoSDK
	// "cool error" type="coolError" nonRetryable=false source=GoSDK
}

// With EncodeCommonAttributes the message and stack trace travel in a
// payload, which the data converter's codecs can encrypt; the message left
// in clear is "Encoded failure".
func ExampleNewDefaultFailureConverter_encodeCommonAttributes() {
	fc := temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{EncodeCommonAttributes: true})

	f := fc.ErrorToFailure(temporal.NewApplicationError("card 4242 declined", "Declined"))
	fmt.Println(f.GetMessage())
	fmt.Println(string(f.GetEncodedAttributes().GetData()))

	fmt.Println(fc.FailureToError(f))
	// Output:
	// Encoded failure
	// {"message":"card 4242 declined","stack_trace":""}
	// card 4242 declined (type: Declined, retryable: true)
}

// Error details skip the data converter's codecs unless the failure
// converter is given that data converter, as in the official Go SDK: the
// client and worker default to the first converter below.
func ExampleNewDefaultFailureConverter_codec() {
	dc := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	err := temporal.NewApplicationError("card declined", "Declined", "card ending 4242")

	for _, fc := range []*temporal.DefaultFailureConverter{
		temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{}),
		temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: dc}),
	} {
		detail := fc.ErrorToFailure(err).GetApplicationFailureInfo().GetDetails().GetPayloads()[0]
		fmt.Println(string(detail.GetMetadata()[converter.MetadataEncoding]))
	}
	// Output:
	// json/plain
	// binary/zlib
}

// A workflow honouring a cancellation returns a CanceledError; callers test
// for it with IsCanceledError, however deeply it is wrapped.
func ExampleIsCanceledError() {
	err := temporal.NewChildWorkflowExecutionError(temporal.ChildWorkflowExecutionErrorOptions{
		WorkflowType: "Ship",
		Cause:        temporal.NewCanceledError("shipment recalled"),
	})
	fmt.Println(temporal.IsCanceledError(err), temporal.IsTimeoutError(err))
	// Output:
	// true false
}

// quotaError is an activity's own error type.
type quotaError struct{ limit int }

func (e *quotaError) Error() string { return fmt.Sprintf("quota of %d reached", e.limit) }

// A retry policy names the errors it never retries by ErrorType: an
// ApplicationError's type, or the Go type name of any other error.
func ExampleErrorType() {
	policy := temporal.RetryPolicy{NonRetryableErrorTypes: []string{"quotaError", "OutOfStock"}}
	fmt.Println(policy.NonRetryableErrorTypes)
	fmt.Println(temporal.ErrorType(&quotaError{limit: 10}))
	fmt.Println(temporal.ErrorType(fmt.Errorf("reserving: %w", temporal.NewApplicationError("none left", "OutOfStock"))))
	fmt.Printf("%q\n", temporal.ErrorType(errors.New("plain")))
	// Output:
	// [quotaError OutOfStock]
	// quotaError
	// OutOfStock
	// ""
}

// A template renderer, such as the code protoc-gen-go-temporal generates
// for an ID template, refuses an empty field; the caller finds which one
// with errors.As.
func ExampleTemplateFieldError() {
	render := func(customerID string) (string, error) {
		if customerID == "" {
			return "", &temporal.TemplateFieldError{Kind: "workflow ID", Template: "order-{customer.id}", Field: "customer.id"}
		}
		return "order-" + customerID, nil
	}
	_, err := render("")
	fmt.Println(err)
	var tf *temporal.TemplateFieldError
	if errors.As(err, &tf) {
		fmt.Println("fill in", tf.Field)
	}
	// Output:
	// workflow ID template "order-{customer.id}": field customer.id is empty
	// fill in customer.id
}

package interop_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	sdkconverter "go.temporal.io/sdk/converter"
	sdktemporal "go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Detail and error types the failure cases carry.
type cardDetail struct {
	Last4  string  `json:"last4"`
	Amount float64 `json:"amount"`
}

type progress struct {
	Done int `json:"done"`
	Of   int `json:"of"`
}

// quotaError is a custom error type: both SDKs name the failure after it.
type quotaError struct{ Limit int }

func (e *quotaError) Error() string { return fmt.Sprintf("quota of %d exceeded", e.Limit) }

// regionError is a custom error type used by value.
type regionError struct{ Region string }

func (e regionError) Error() string { return "region " + e.Region + " unavailable" }

// failureConverters are both SDKs' failure converters in one mode.
type failureConverters struct {
	name     string
	official sdkconverter.FailureConverter
	ours     temporal.FailureConverter
}

func failureConverterModes() []failureConverters {
	return []failureConverters{
		{
			name:     "plain",
			official: sdktemporal.GetDefaultFailureConverter(),
			ours:     temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{}),
		},
		{
			name: "encoded attributes",
			official: sdktemporal.NewDefaultFailureConverter(sdktemporal.DefaultFailureConverterOptions{
				DataConverter: sdkconverter.GetDefaultDataConverter(), EncodeCommonAttributes: true,
			}),
			ours: temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
				DataConverter: converter.Default(), EncodeCommonAttributes: true,
			}),
		},
	}
}

// failureCase builds the same error with each SDK.
type failureCase struct {
	name     string
	ours     func() error
	official func() error
}

func failureCases() []failureCase {
	card := cardDetail{Last4: "4242", Amount: 12.5}
	return []failureCase{
		{
			name: "application error with every field",
			ours: func() error {
				return temporal.NewApplicationErrorWithOptions("payment declined", "PaymentDeclined", temporal.ApplicationErrorOptions{
					NonRetryable: true, Details: []any{card, "second detail"}, NextRetryDelay: 3 * time.Second, Category: temporal.ApplicationErrorCategoryBenign,
				})
			},
			official: func() error {
				return sdktemporal.NewApplicationErrorWithOptions("payment declined", "PaymentDeclined", sdktemporal.ApplicationErrorOptions{
					NonRetryable: true, Details: []any{card, "second detail"}, NextRetryDelay: 3 * time.Second, Category: sdktemporal.ApplicationErrorCategoryBenign,
				})
			},
		},
		{
			name:     "retryable application error without details",
			ours:     func() error { return temporal.NewApplicationError("try again", "Transient") },
			official: func() error { return sdktemporal.NewApplicationError("try again", "Transient") },
		},
		{
			name:     "application error without a type",
			ours:     func() error { return temporal.NewApplicationError("untyped", "", 1, 2) },
			official: func() error { return sdktemporal.NewApplicationError("untyped", "", 1, 2) },
		},
		{
			name: "cause chain three deep",
			ours: func() error {
				return temporal.NewApplicationErrorWithCause("order failed", "OrderFailed",
					temporal.NewNonRetryableApplicationError("charge failed", "ChargeFailed", errors.New("card expired"), card))
			},
			official: func() error {
				return sdktemporal.NewApplicationErrorWithCause("order failed", "OrderFailed",
					sdktemporal.NewNonRetryableApplicationError("charge failed", "ChargeFailed", errors.New("card expired"), card))
			},
		},
		{
			name: "timeout inside a cause chain",
			ours: func() error {
				return temporal.NewApplicationErrorWithCause("step failed", "StepFailed",
					temporal.NewTimeoutError("Test timeout", enumspb.TIMEOUT_TYPE_START_TO_CLOSE, temporal.NewApplicationError("slow backend", "Slow"), progress{Done: 3, Of: 9}))
			},
			official: func() error {
				return sdktemporal.NewApplicationErrorWithCause("step failed", "StepFailed",
					sdktemporal.NewTimeoutError(enumspb.TIMEOUT_TYPE_START_TO_CLOSE, sdktemporal.NewApplicationError("slow backend", "Slow"), progress{Done: 3, Of: 9}))
			},
		},
		{
			name:     "canceled with details",
			ours:     func() error { return temporal.NewCanceledError("user asked", 7) },
			official: func() error { return sdktemporal.NewCanceledError("user asked", 7) },
		},
		{
			name: "canceled with message, details and cause",
			ours: func() error {
				return temporal.NewCanceledErrorWithOptions(temporal.CanceledErrorOptions{Message: "shutting down", Details: []any{"drain"}, Cause: errors.New("SIGTERM")})
			},
			official: func() error {
				return sdktemporal.NewCanceledErrorWithOptions(sdktemporal.CanceledErrorOptions{Message: "shutting down", Details: []any{"drain"}, Cause: errors.New("SIGTERM")})
			},
		},
		{
			name:     "heartbeat timeout with last heartbeat details",
			ours:     func() error { return temporal.NewHeartbeatTimeoutError(progress{Done: 40, Of: 100}, "file-7.csv") },
			official: func() error { return sdktemporal.NewHeartbeatTimeoutError(progress{Done: 40, Of: 100}, "file-7.csv") },
		},
		{
			name:     "errors.New",
			ours:     func() error { return errors.New("boom") },
			official: func() error { return errors.New("boom") },
		},
		{
			name: "fmt.Errorf wrapping an application error",
			ours: func() error {
				return fmt.Errorf("charging: %w", temporal.NewApplicationError("declined", "Declined", card))
			},
			official: func() error {
				return fmt.Errorf("charging: %w", sdktemporal.NewApplicationError("declined", "Declined", card))
			},
		},
		{
			name:     "custom pointer error type",
			ours:     func() error { return &quotaError{Limit: 10} },
			official: func() error { return &quotaError{Limit: 10} },
		},
		{
			name:     "custom value error type wrapped",
			ours:     func() error { return fmt.Errorf("routing: %w", regionError{Region: "eu-west-1"}) },
			official: func() error { return fmt.Errorf("routing: %w", regionError{Region: "eu-west-1"}) },
		},
		{
			name:     "errors.Join",
			ours:     func() error { return errors.Join(errors.New("a"), errors.New("b")) },
			official: func() error { return errors.Join(errors.New("a"), errors.New("b")) },
		},
		{
			name:     "fmt.Errorf with two %w",
			ours:     func() error { return fmt.Errorf("%w and %w", errors.New("a"), errors.New("b")) },
			official: func() error { return fmt.Errorf("%w and %w", errors.New("a"), errors.New("b")) },
		},
	}
}

// TestFailuresMatchTheOfficialSDK converts the same error with both SDKs
// and requires identical Failure protos; then each SDK decodes the other's
// failure, and both must see the same error.
func TestFailuresMatchTheOfficialSDK(t *testing.T) {
	for _, mode := range failureConverterModes() {
		for _, tc := range failureCases() {
			t.Run(mode.name+"/"+tc.name, func(t *testing.T) {
				official := mode.official.ErrorToFailure(tc.official())
				ours := mode.ours.ErrorToFailure(tc.ours())
				if diff := cmp.Diff(official, ours, protocmp.Transform()); diff != "" {
					t.Errorf("Failure differs (-official +ours):\n%s", diff)
				}
				if mode.name == "encoded attributes" {
					assertEncodedChain(t, ours)
				}

				want := officialView(mode.official.FailureToError(official))
				if diff := cmp.Diff(want, withoutKnownDivergences(ourView(mode.ours.FailureToError(official)))); diff != "" {
					t.Errorf("we decode the official failure differently from the official SDK (-official +ours):\n%s", diff)
				}
				if diff := cmp.Diff(want, officialView(mode.official.FailureToError(ours))); diff != "" {
					t.Errorf("the official SDK decodes our failure differently from its own (-own +ours):\n%s", diff)
				}

				// A decoded error crosses the wire again as the failure it
				// came from, in both SDKs.
				if diff := cmp.Diff(official, mode.ours.ErrorToFailure(mode.ours.FailureToError(official)), protocmp.Transform()); diff != "" {
					t.Errorf("we re-send the official failure changed (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(ours, mode.official.ErrorToFailure(mode.official.FailureToError(ours)), protocmp.Transform()); diff != "" {
					t.Errorf("the official SDK re-sends our failure changed (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestEncodedFailuresDecodeWithoutTheOption checks that failures with
// encoded attributes are read by converters that do not encode, in both
// SDKs, and give the same error as a failure sent in clear.
func TestEncodedFailuresDecodeWithoutTheOption(t *testing.T) {
	modes := failureConverterModes()
	plain, encoded := modes[0], modes[1]
	for _, tc := range failureCases() {
		t.Run(tc.name, func(t *testing.T) {
			want := officialView(plain.official.FailureToError(plain.official.ErrorToFailure(tc.official())))
			if diff := cmp.Diff(want, withoutKnownDivergences(ourView(plain.ours.FailureToError(encoded.official.ErrorToFailure(tc.official()))))); diff != "" {
				t.Errorf("we decode the official encoded failure as (-clear +encoded):\n%s", diff)
			}
			if diff := cmp.Diff(want, officialView(plain.official.FailureToError(encoded.ours.ErrorToFailure(tc.ours())))); diff != "" {
				t.Errorf("the official SDK decodes our encoded failure as (-clear +encoded):\n%s", diff)
			}
		})
	}
}

func assertEncodedChain(t *testing.T, f *failurepb.Failure) {
	t.Helper()
	for depth := 0; f != nil; depth, f = depth+1, f.GetCause() {
		if f.GetMessage() != "Encoded failure" || f.GetStackTrace() != "" || f.GetEncodedAttributes() == nil {
			t.Errorf("failure at depth %d is not encoded: message %q, stack trace %q, encoded attributes %v",
				depth, f.GetMessage(), f.GetStackTrace(), f.GetEncodedAttributes())
		}
	}
}

// jsonPayloads encodes values as the official SDK would, for hand-built
// failures.
func jsonPayloads(t *testing.T, values ...any) *commonpb.Payloads {
	t.Helper()
	p, err := sdkconverter.GetDefaultDataConverter().ToPayloads(values...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func applicationFailure(message, errType string, cause *failurepb.Failure) *failurepb.Failure {
	return &failurepb.Failure{
		Message: message, Source: "GoSDK", Cause: cause,
		FailureInfo: &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: errType}},
	}
}

const panicStack = "goroutine 7 [running]:\nmain.charge(...)\n\t/app/charge.go:42 +0x1d\n"

// TestFailuresDecodeAlikeInBothSDKs decodes failures of every kind a
// server or another SDK sends, including kinds only a worker or the server
// produce, and requires both SDKs to see the same error.
func TestFailuresDecodeAlikeInBothSDKs(t *testing.T) {
	cases := []struct {
		name    string
		failure *failurepb.Failure
	}{
		{"application with category and retry delay", &failurepb.Failure{
			Message: "rate limited", Source: "TypeScriptSDK", StackTrace: "at charge (charge.ts:12)",
			FailureInfo: &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{
				Type: "RateLimited", Details: jsonPayloads(t, "retry later"), NextRetryDelay: durationpb.New(90 * time.Second),
				Category: enumspb.APPLICATION_ERROR_CATEGORY_BENIGN,
			}},
		}},
		{"panic", &failurepb.Failure{
			Message: "assignment to entry in nil map", Source: "GoSDK", StackTrace: panicStack,
			FailureInfo: &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: "PanicError"}},
		}},
		{"terminated", &failurepb.Failure{
			Message:     "terminated",
			FailureInfo: &failurepb.Failure_TerminatedFailureInfo{TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{}},
		}},
		{"server", &failurepb.Failure{
			Message: "activity task timed out", Source: "Server",
			FailureInfo: &failurepb.Failure_ServerFailureInfo{ServerFailureInfo: &failurepb.ServerFailureInfo{NonRetryable: true}},
			Cause:       applicationFailure("last attempt", "Flaky", nil),
		}},
		{"schedule-to-close timeout", &failurepb.Failure{
			Message: "activity ScheduleToClose timeout",
			FailureInfo: &failurepb.Failure_TimeoutFailureInfo{TimeoutFailureInfo: &failurepb.TimeoutFailureInfo{
				TimeoutType: enumspb.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, LastHeartbeatDetails: jsonPayloads(t, progress{Done: 9, Of: 10}),
			}},
			Cause: applicationFailure("still slow", "Slow", nil),
		}},
		{"activity", &failurepb.Failure{
			Message: "activity error",
			FailureInfo: &failurepb.Failure_ActivityFailureInfo{ActivityFailureInfo: &failurepb.ActivityFailureInfo{
				ScheduledEventId: 5, StartedEventId: 6, Identity: "1@worker", ActivityType: &commonpb.ActivityType{Name: "Charge"},
				ActivityId: "5", RetryState: enumspb.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
			}},
			Cause: applicationFailure("card declined", "Declined", nil),
		}},
		{"child workflow", &failurepb.Failure{
			Message: "child workflow execution error",
			FailureInfo: &failurepb.Failure_ChildWorkflowExecutionFailureInfo{ChildWorkflowExecutionFailureInfo: &failurepb.ChildWorkflowExecutionFailureInfo{
				Namespace: "default", WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: "child-1", RunId: "r-1"},
				WorkflowType: &commonpb.WorkflowType{Name: "Ship"}, InitiatedEventId: 8, StartedEventId: 9, RetryState: enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE,
			}},
			Cause: &failurepb.Failure{Message: "canceled", FailureInfo: &failurepb.Failure_CanceledFailureInfo{CanceledFailureInfo: &failurepb.CanceledFailureInfo{Details: jsonPayloads(t, "by parent")}}},
		}},
		{"reset workflow", &failurepb.Failure{
			Message: "reset",
			FailureInfo: &failurepb.Failure_ResetWorkflowFailureInfo{ResetWorkflowFailureInfo: &failurepb.ResetWorkflowFailureInfo{
				LastHeartbeatDetails: jsonPayloads(t, progress{Done: 1, Of: 2}),
			}},
		}},
		{"no failure info", &failurepb.Failure{Message: "bare", Cause: applicationFailure("inner", "Inner", nil)}},
		{"encoded by another SDK", &failurepb.Failure{
			Message: "Encoded failure",
			EncodedAttributes: func() *commonpb.Payload {
				p, _ := sdkconverter.GetDefaultDataConverter().ToPayload(map[string]string{"message": "secret message", "stack_trace": "secret stack"})
				return p
			}(),
			FailureInfo: &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: "Secret"}},
		}},
	}
	official := sdktemporal.GetDefaultFailureConverter()
	ours := temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := officialView(official.FailureToError(tc.failure))
			got := ourView(ours.FailureToError(tc.failure))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-official +ours):\n%s", diff)
			}
			if info := tc.failure.GetServerFailureInfo(); info != nil {
				var se *temporal.ServerError
				if err := ours.FailureToError(tc.failure); !errors.As(err, &se) || se.NonRetryable() != info.GetNonRetryable() {
					t.Errorf("we decode %v, want a ServerError with NonRetryable %t", err, info.GetNonRetryable())
				}
			}
			if diff := cmp.Diff(tc.failure, ours.ErrorToFailure(ours.FailureToError(tc.failure)), protocmp.Transform()); diff != "" {
				t.Errorf("we re-send the failure changed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWorkerOnlyErrorsReadByTheOfficialSDK converts errors the official
// SDK has no public constructor for (panics, activity, child workflow,
// server and termination errors) and checks the official SDK reads our
// failures as the errors they stand for.
func TestWorkerOnlyErrorsReadByTheOfficialSDK(t *testing.T) {
	cause := temporal.NewNonRetryableApplicationError("card declined", "Declined", nil, cardDetail{Last4: "0005", Amount: 99})
	cases := []struct {
		name string
		err  error
		want *failurepb.Failure
	}{
		{"panic", temporal.NewPanicError("assignment to entry in nil map", panicStack), &failurepb.Failure{
			Message: "assignment to entry in nil map", Source: "GoSDK", StackTrace: panicStack,
			FailureInfo: &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: &failurepb.ApplicationFailureInfo{Type: "PanicError"}},
		}},
		{"activity", temporal.NewActivityError(temporal.ActivityErrorOptions{
			ScheduledEventID: 5, StartedEventID: 6, Identity: "1@worker", ActivityType: "Charge", ActivityID: "5",
			RetryState: enumspb.RETRY_STATE_NON_RETRYABLE_FAILURE, Cause: cause,
		}), nil},
		{"child workflow", temporal.NewChildWorkflowExecutionError(temporal.ChildWorkflowExecutionErrorOptions{
			Namespace: "default", WorkflowID: "child-1", RunID: "r-1", WorkflowType: "Ship", InitiatedEventID: 8, StartedEventID: 9,
			RetryState: enumspb.RETRY_STATE_TIMEOUT, Cause: temporal.NewTimeoutError("child timed out", enumspb.TIMEOUT_TYPE_START_TO_CLOSE, nil),
		}), nil},
		{"server", temporal.NewServerError("server says no", true, nil), &failurepb.Failure{
			Message: "server says no", Source: "GoSDK",
			FailureInfo: &failurepb.Failure_ServerFailureInfo{ServerFailureInfo: &failurepb.ServerFailureInfo{NonRetryable: true}},
		}},
		{"terminated", temporal.NewTerminatedError(), &failurepb.Failure{
			Message: "terminated", Source: "GoSDK",
			FailureInfo: &failurepb.Failure_TerminatedFailureInfo{TerminatedFailureInfo: &failurepb.TerminatedFailureInfo{}},
		}},
	}
	official := sdktemporal.GetDefaultFailureConverter()
	ours := temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := ours.ErrorToFailure(tc.err)
			if tc.want != nil {
				if diff := cmp.Diff(tc.want, f, protocmp.Transform()); diff != "" {
					t.Errorf("Failure (-want +got):\n%s", diff)
				}
			}
			// The official SDK must rebuild the error we started from: the
			// view of what it decodes equals the view of our own error.
			want := ourView(ours.FailureToError(proto.Clone(f).(*failurepb.Failure)))
			if diff := cmp.Diff(want, officialView(official.FailureToError(f))); diff != "" {
				t.Errorf("the official SDK reads our failure as (-ours +official):\n%s", diff)
			}
			if diff := cmp.Diff(ourView(tc.err), want); diff != "" {
				t.Errorf("we do not read our own failure back as the error we sent (-sent +read):\n%s", diff)
			}
		})
	}
}

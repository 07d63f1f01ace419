// Package temporal holds Temporal's typed errors and their conversion to and
// from temporal.api.failure.v1.Failure, the form every error takes on the
// wire.
//
// # Failures
//
// A Go error cannot cross a process boundary, so when an activity fails, a
// workflow fails or a child workflow fails, the SDK turns the error into a
// Failure message and the server stores it in the workflow's history. A
// Failure has a message, a source ("GoSDK" for this package and the official
// Go SDK), an optional stack trace, a cause (another Failure, so chains of
// wrapped errors survive) and one failure info saying what kind of failure it
// is: an application failure with a type and details, a cancellation, a
// timeout, a termination, a server failure, or a wrapper naming the activity
// or child workflow a failure came from.
//
// Whoever waits on the result turns the Failure back into an error. The
// errors a workflow sees are therefore layered:
//
//	err := <wait for an activity>
//	// *ActivityError                  which activity, its retry state
//	//   └─ *ApplicationError          what the activity returned
//	//        └─ *ApplicationError     what that error wrapped
//
// [errors.As] walks the layers, so code asks for the layer it cares about:
//
//	var appErr *temporal.ApplicationError
//	if errors.As(err, &appErr) && appErr.Type() == "OutOfStock" {
//		var sku string
//		_ = appErr.Details(&sku)
//	}
//
// The same holds for a child workflow ([*ChildWorkflowExecutionError]) and for
// a client waiting on a workflow ([*WorkflowExecutionError]).
//
// # Application errors and retries
//
// [*ApplicationError] is the error of application code. Its type is a string
// the retry policy can match: listing a type in the policy's non-retryable
// error types stops retries for it. An error built with
// [NewNonRetryableApplicationError] is never retried, whatever the policy
// says, and NextRetryDelay can override the policy's next backoff. Every
// other Go error becomes a retryable application failure whose type is the
// error's Go type name, so
//
//	return &InsufficientFundsError{...}
//
// arrives as an ApplicationError of type "InsufficientFundsError", and
// errors.New("boom") as one of type "". Cancellation ([*CanceledError]) and
// termination ([*TerminatedError]) are never retried; whether a timeout
// ([*TimeoutError]) is depends on its kind: an activity's start-to-close and
// heartbeat timeouts are, its schedule-to-close timeout is not.
//
// Details are values attached to an error, encoded with the failure
// converter's data converter like workflow arguments (see Failures and
// codecs). They stay encoded until read, into whatever types the reader
// chooses; see [Values].
//
// # Converting
//
// A [FailureConverter] does the conversion; the client and worker hold one.
// [NewDefaultFailureConverter] returns the standard one, which writes exactly
// the failures the official Go SDK writes and reads those of every SDK. An
// error it decoded keeps its Failure (see [ApplicationError.Failure]) and is
// sent as it came when a workflow returns it again, so failures from other
// SDKs or from encrypted payloads pass through untouched.
//
// # Failures and codecs
//
// Unless given a FailureConverter, the client and worker write failures
// with [converter.Default], not with their data converter: error details
// skip its codecs. The official Go SDK does the same, so an official client
// on its defaults reads the details of our workers' errors, and we read
// those of its workers, whatever codecs each side runs its other payloads
// through. To send failures through the codecs, to encrypt their details
// and, with EncodeCommonAttributes, their messages, give the failure
// converter the client's data converter:
//
//	dc := converter.NewCodecDataConverter(converter.Default(), encrypt)
//	c, err := client.Dial(ctx, client.Options{
//		DataConverter: dc,
//		FailureConverter: temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
//			DataConverter: dc, EncodeCommonAttributes: true,
//		}),
//	})
//
// Every client, worker and replayer that reads those failures needs the same
// failure converter, official SDK ones included. Two kinds of details are
// exceptions. A canceled workflow's or activity's details are not part of a
// failure and always go through the data converter
// ([CanceledError.EncodeDetails]). A heartbeat timeout's last heartbeat
// details are written through the codecs by the heartbeats but arrive inside
// a failure, so on the defaults they decode only where the codecs left them
// unchanged; a failure converter given the data converter reads them.
//
// # Encoded attributes
//
// Error messages and stack traces often contain customer data, yet a codec
// only encrypts payloads, and a Failure's message is a plain string. With
// [DefaultFailureConverterOptions.EncodeCommonAttributes], each failure's
// message and stack trace move into its encoded attributes, a JSON payload
// {"message": ..., "stack_trace": ...} written by the failure converter's
// data converter, and so through its codecs when it has them; the message
// left in clear is "Encoded failure". Every SDK uses this format and decodes
// it back; the Temporal UI shows the real message through a codec server.
//
// # Nondeterminism
//
// One error here never crosses the wire as itself: [*NondeterminismError],
// for workflow code that no longer makes the calls a run's history
// recorded. A replay.Replayer returns it when a change would break running
// workflows, and a worker logs it and fails the workflow task of such a run
// with it.
//
// # Generated code
//
// Code from protoc-gen-go-temporal imports this package in every file: it
// refers to [IsAtLeastVersion0_3_0], so a file generated for a newer runtime
// fails to compile against an older one with an error naming the version it
// needs, and its templates (workflow IDs, update IDs, fairness keys, search
// attributes, memos) fail with a [*TemplateFieldError] when a field they
// read is empty.
package temporal

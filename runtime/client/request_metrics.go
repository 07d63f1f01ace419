package client

import (
	"context"
	"strings"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/workflowdef/workflowdef/runtime/metrics"
)

// requestMetricsInterceptor reports every call attempt to h as the
// official SDKs do: temporal_request (or temporal_long_request for the
// calls that wait for the server to have something), its latency, and its
// failures tagged with the status code.
func requestMetricsInterceptor(h metrics.Handler) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		operation := method[strings.LastIndexByte(method, '/')+1:]
		namespace := "_unknown_"
		if r, ok := req.(interface{ GetNamespace() string }); ok {
			namespace = r.GetNamespace()
		}
		th := h.WithTags(map[string]string{"operation": operation, "namespace": namespace})
		count, latency, failure := metrics.Request, metrics.RequestLatency, metrics.RequestFailure
		if isLongPoll(req) {
			count, latency, failure = metrics.LongRequest, metrics.LongRequestLatency, metrics.LongRequestFailure
		}
		th.Counter(count).Inc(1)
		start := time.Now()
		err := invoker(ctx, method, req, reply, cc, opts...)
		th.Timer(latency).Record(time.Since(start))
		if err != nil {
			th.WithTags(map[string]string{"status_code": canonicalCode(status.Code(err))}).Counter(failure).Inc(1)
		}
		return err
	}
}

// isLongPoll reports the calls the server holds until it has something:
// task polls, a history read that waits for new events, and waiting for
// an update's outcome.
func isLongPoll(req any) bool {
	switch r := req.(type) {
	case *workflowservice.PollWorkflowTaskQueueRequest, *workflowservice.PollActivityTaskQueueRequest,
		*workflowservice.PollNexusTaskQueueRequest, *workflowservice.PollWorkflowExecutionUpdateRequest:
		return true
	case *workflowservice.GetWorkflowExecutionHistoryRequest:
		return r.GetWaitNewEvent()
	}
	return false
}

// canonicalCode is a status code as gRPC's specification writes it
// (NOT_FOUND), which is how the official SDKs tag failures.
func canonicalCode(c codes.Code) string {
	switch c {
	case codes.Canceled:
		return "CANCELLED"
	case codes.DeadlineExceeded:
		return "DEADLINE_EXCEEDED"
	case codes.InvalidArgument:
		return "INVALID_ARGUMENT"
	case codes.NotFound:
		return "NOT_FOUND"
	case codes.AlreadyExists:
		return "ALREADY_EXISTS"
	case codes.PermissionDenied:
		return "PERMISSION_DENIED"
	case codes.ResourceExhausted:
		return "RESOURCE_EXHAUSTED"
	case codes.FailedPrecondition:
		return "FAILED_PRECONDITION"
	case codes.OutOfRange:
		return "OUT_OF_RANGE"
	case codes.Unimplemented:
		return "UNIMPLEMENTED"
	case codes.DataLoss:
		return "DATA_LOSS"
	case codes.Unauthenticated:
		return "UNAUTHENTICATED"
	}
	// OK, UNKNOWN, ABORTED, INTERNAL, UNAVAILABLE: the name in capitals.
	return strings.ToUpper(c.String())
}

package client

import (
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// Internal is retried, as the official SDKs retry it, unless the server
// tells transient internal errors apart.
func TestInternalIsRetriedUnlessTheServerSaysItIsFinal(t *testing.T) {
	err := status.Error(codes.Internal, "boom")
	if !isTransient(err, false) {
		t.Error("Internal is not retried")
	}
	if isTransient(err, true) {
		t.Error("Internal is retried from a server that differentiates internal errors")
	}
}

// A server shedding load with a RetryInfo delay is left alone that long,
// whatever the backoff says.
func TestRetryInfoFloorsTheWait(t *testing.T) {
	s, err := status.New(codes.ResourceExhausted, "busy").WithDetails(
		&errdetails.RetryInfo{RetryDelay: durationpb.New(3 * time.Second)},
		&errdetails.RetryInfo{RetryDelay: durationpb.New(7 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if got := retryDelayFloor(s.Err()); got != 7*time.Second {
		t.Errorf("floor %v, want the longest delay asked, 7s", got)
	}
	if got := retryDelayFloor(status.Error(codes.Unavailable, "down")); got != 0 {
		t.Errorf("floor %v for a status without RetryInfo", got)
	}
}

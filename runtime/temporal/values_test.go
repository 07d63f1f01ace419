package temporal_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

type reason struct {
	Code  string `json:"code"`
	Retry bool   `json:"retry"`
}

// TestDetailsReadTheSameBeforeAndAfterTheWire checks that details read from
// an error built in Go give what the same error gives after a trip through
// a failure.
func TestDetailsReadTheSameBeforeAndAfterTheWire(t *testing.T) {
	local := temporal.NewApplicationError("m", "T", "text", 42, reason{Code: "E1", Retry: true}, nil)
	remote := as[*temporal.ApplicationError](t, newConverter().FailureToError(newConverter().ErrorToFailure(local)))

	for name, e := range map[string]*temporal.ApplicationError{"built in Go": as[*temporal.ApplicationError](t, local), "decoded": remote} {
		t.Run(name, func(t *testing.T) {
			if !e.HasDetails() {
				t.Fatal("HasDetails = false")
			}
			var (
				s   string
				n   int64 // an int read as int64
				r   reason
				m   map[string]any // a struct read as a map
				nul *reason
			)
			if err := e.Details(&s, &n, &r, &nul); err != nil {
				t.Fatal(err)
			}
			if s != "text" || n != 42 || r != (reason{Code: "E1", Retry: true}) || nul != nil {
				t.Errorf("got %q %d %+v %v", s, n, r, nul)
			}
			if err := e.Details(nil, nil, &m); err == nil {
				t.Error("Details into nil pointers succeeded")
			}
			if err := e.Details(new(string), new(int), &m); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(map[string]any{"code": "E1", "retry": true}, m); d != "" {
				t.Errorf("struct as map (-want +got):\n%s", d)
			}
			// Fewer pointers than values, and more, are both fine.
			var only string
			if err := e.Details(&only); err != nil || only != "text" {
				t.Errorf("first only: %q, %v", only, err)
			}
			extra := "untouched"
			if err := e.Details(new(string), new(int), new(reason), new(*reason), &extra); err != nil || extra != "untouched" {
				t.Errorf("extra pointer: %q, %v", extra, err)
			}
			var wrong int
			if err := e.Details(&wrong); err == nil {
				t.Error("a string decoded into an int")
			}
			if err := e.Details(new(string), new(string)); err == nil {
				t.Error("an int decoded into a string")
			}
		})
	}
}

func TestDetailsWithoutValuesReturnErrNoData(t *testing.T) {
	fc := newConverter()
	for name, err := range map[string]error{
		"application": temporal.NewApplicationError("m", "T"),
		"canceled":    temporal.NewCanceledError(),
		"timeout":     temporal.NewHeartbeatTimeoutError(),
	} {
		for _, e := range []error{err, fc.FailureToError(fc.ErrorToFailure(err))} {
			var got error
			var s string
			switch e := e.(type) {
			case *temporal.ApplicationError:
				got = e.Details(&s)
			case *temporal.CanceledError:
				got = e.Details(&s)
			case *temporal.TimeoutError:
				got = e.LastHeartbeatDetails(&s)
			}
			if !errors.Is(got, temporal.ErrNoData) {
				t.Errorf("%s (%T): got %v, want ErrNoData", name, e, got)
			}
		}
	}
	if err := (temporal.Values{}).Get(new(string)); !errors.Is(err, temporal.ErrNoData) {
		t.Errorf("zero Values: %v", err)
	}
	if temporal.NewEncodedValues(&commonpb.Payloads{}, nil).HasValues() {
		t.Error("empty payloads have values")
	}
}

func TestEncodedValuesDecodeWithTheirDataConverter(t *testing.T) {
	dc := converter.New(converter.Options{ProtoEncoding: converter.ProtoBinary})
	exec := &commonpb.WorkflowExecution{WorkflowId: "wf-1"}
	payloads, err := dc.ToPayloads(exec)
	if err != nil {
		t.Fatal(err)
	}
	var got *commonpb.WorkflowExecution
	if err := temporal.NewEncodedValues(payloads, dc).Get(&got); err != nil || got.GetWorkflowId() != "wf-1" {
		t.Errorf("Get = %v, %v", got, err)
	}
	bad := &commonpb.Payloads{Payloads: []*commonpb.Payload{{Metadata: map[string][]byte{"encoding": []byte("nope")}}}}
	var s string
	err = temporal.NewEncodedValues(bad, nil).Get(&s)
	var decodeErr *converter.DecodeError
	if !errors.As(err, &decodeErr) || decodeErr.Encoding != "nope" {
		t.Errorf("Get on an unknown encoding = %v, want a *converter.DecodeError naming it", err)
	}
}

func TestDetailsAreCopiedAtConstruction(t *testing.T) {
	details := []any{"before"}
	err := temporal.NewApplicationErrorWithOptions("m", "T", temporal.ApplicationErrorOptions{Details: details})
	details[0] = "after"
	var s string
	if derr := as[*temporal.ApplicationError](t, err).Details(&s); derr != nil || s != "before" {
		t.Errorf("Details = %q, %v", s, derr)
	}
}

func TestGoDetailsThatCannotBeConvertedReturnAnError(t *testing.T) {
	e := as[*temporal.ApplicationError](t, temporal.NewApplicationError("m", "T", make(chan int)))
	var n int
	err := e.Details(&n)
	var encodeErr *converter.EncodeError
	if !errors.As(err, &encodeErr) {
		t.Errorf("Details = %v, want a *converter.EncodeError", err)
	}
}

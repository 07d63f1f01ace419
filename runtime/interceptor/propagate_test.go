package interceptor_test

import (
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/interceptor"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// sent is the end of an outbound chain: it keeps the header of the
// activity call that reaches it.
type sent struct {
	interceptor.WorkflowOutboundBase
	header map[string]*commonpb.Payload
}

func (s *sent) StartActivity(_ workflow.Context, in *interceptor.StartActivityInput) workflow.Future {
	s.header = in.Header
	return nil
}

func payload(t *testing.T, s string) *commonpb.Payload {
	t.Helper()
	p, err := converter.Default().ToPayload(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPropagateHeadersCarriesNamedEntriesAndKeepsWrittenOnes: only the
// named entries of the start header travel, and one a link closer to the
// workflow already wrote wins.
func TestPropagateHeadersCarriesNamedEntriesAndKeepsWrittenOnes(t *testing.T) {
	end := &sent{}
	var outbound interceptor.WorkflowOutbound
	run := interceptor.ChainWorkflow([]interceptor.Worker{interceptor.PropagateHeaders("tenant", "trace")},
		interceptor.WorkflowFunc(func(_ workflow.Context, in *interceptor.ExecuteWorkflowInput) (*commonpb.Payloads, error) {
			outbound = in.Outbound
			return nil, nil
		}))
	start := map[string]*commonpb.Payload{"tenant": payload(t, "acme"), "trace": payload(t, "from-client"), "authorization": payload(t, "secret")}
	if _, err := run.ExecuteWorkflow(nil, &interceptor.ExecuteWorkflowInput{Header: start, Outbound: end}); err != nil {
		t.Fatal(err)
	}
	written := payload(t, "span-of-this-call")
	outbound.StartActivity(nil, &interceptor.StartActivityInput{Header: map[string]*commonpb.Payload{"trace": written}})
	if len(end.header) != 2 || end.header["tenant"] != start["tenant"] || end.header["trace"] != written {
		t.Errorf("sent header %v; want tenant from the start header, trace as written, nothing else", end.header)
	}
}

package interceptor

import (
	"slices"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// PropagateHeaders returns a Worker interceptor that copies the entries
// named keys of each workflow run's start header onto every call the run
// makes out: activities, local activities, children, signals and
// continue-as-new, whose new run then carries them on. An entry already in
// a call's header, written by a link that saw the call first, is kept.
//
// Nothing is copied without it. This is what the official SDK's context
// propagators do for the keys they own: a header meant for one workflow (a
// caller's credential, say) travels no further unless it is named here.
func PropagateHeaders(keys ...string) Worker {
	return headerPropagation{keys: slices.Clone(keys)}
}

type headerPropagation struct {
	ActivityInboundBase
	keys []string
}

func (p headerPropagation) InterceptWorkflow(next WorkflowInbound) WorkflowInbound {
	return WorkflowFunc(func(ctx workflow.Context, in *ExecuteWorkflowInput) (*commonpb.Payloads, error) {
		carried := map[string]*commonpb.Payload{}
		for _, k := range p.keys {
			if v, ok := in.Header[k]; ok {
				carried[k] = v
			}
		}
		if len(carried) != 0 {
			in.Outbound = WriteHeaders(in.Outbound, func(_ workflow.Context, _ any, header map[string]*commonpb.Payload) {
				for k, v := range carried {
					if _, ok := header[k]; !ok {
						header[k] = v
					}
				}
			})
		}
		return next.ExecuteWorkflow(ctx, in)
	})
}

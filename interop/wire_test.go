package interop_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestCodecAndEncodedFailuresAcrossTheWire runs our client and an official
// worker that both compress payloads with zlib and opt in to sending
// failures through it too, messages encoded: values and failures written by
// each side are read by the other.
func TestCodecAndEncodedFailuresAcrossTheWire(t *testing.T) {
	officialDC, ourDC := officialZlibConverter(), ourZlibConverter()
	env := newInteropEnvWith(t,
		client.Options{
			DataConverter:    ourDC,
			FailureConverter: temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: ourDC, EncodeCommonAttributes: true}),
		},
		sdkclient.Options{
			DataConverter:    officialDC,
			FailureConverter: sdktemporal.NewDefaultFailureConverter(sdktemporal.DefaultFailureConverterOptions{DataConverter: officialDC, EncodeCommonAttributes: true}),
		},
	)
	ctx := testContext(t)

	t.Run("proto input and result", func(t *testing.T) {
		run, err := env.ours.StartWorkflow(ctx, env.start(t), wfEchoProto, fixture.StartWorkflowRequest())
		if err != nil {
			t.Fatal(err)
		}
		var got *workflowservice.StartWorkflowExecutionRequest
		if err := run.Get(ctx, &got); err != nil {
			t.Fatal(err)
		}
		want := fixture.StartWorkflowRequest()
		want.Identity = echoedIdentity
		if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
			t.Errorf("result (-want +got):\n%s", diff)
		}
		events := env.history(t, run.ID(), run.RunID())
		input := findEvent(events, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()[0]
		result := findEvent(events, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED).GetWorkflowExecutionCompletedEventAttributes().GetResult().GetPayloads()[0]
		for name, p := range map[string]*commonpb.Payload{"our input": input, "the official result": result} {
			if enc, _ := payloadEncoding(p); enc != converter.EncodingZlib {
				t.Errorf("%s is stored as %q, want %s", name, enc, converter.EncodingZlib)
			}
		}
	})

	t.Run("official encoded failure read by us", func(t *testing.T) {
		run, _ := rejectOfficialOrder(t, env, "o-9")
		failure := findEvent(env.history(t, run.ID(), run.RunID()), enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED).GetWorkflowExecutionFailedEventAttributes().GetFailure()
		if enc, _ := payloadEncoding(failure.GetEncodedAttributes()); failure.GetMessage() != "Encoded failure" || enc != converter.EncodingZlib {
			t.Errorf("stored failure: message %q, encoded attributes %q; want them encoded and compressed", failure.GetMessage(), enc)
		}
	})

	t.Run("our encoded failure read by the official workflow", func(t *testing.T) {
		run, err := env.ours.StartWorkflow(ctx, env.start(t), wfAsyncActivities)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{activityByToken, activityByID, activityFailed} {
			var a pendingActivity
			select {
			case a = <-env.pending.started:
			case <-ctx.Done():
				t.Fatalf("activity %s never started", id)
			}
			if a.ActivityID != id {
				t.Fatalf("activity %s started, want %s", a.ActivityID, id)
			}
			ref := client.ActivityRef{TaskToken: a.TaskToken}
			var err error
			if id == activityFailed {
				err = env.ours.CompleteActivity(ctx, ref, nil, temporal.NewNonRetryableApplicationError("card declined", "PaymentDeclined", nil, "card ending 0005"))
			} else {
				err = env.ours.CompleteActivity(ctx, ref, "done "+id, nil)
			}
			if err != nil {
				t.Fatalf("completing %s: %v", id, err)
			}
		}
		var got asyncOutcome
		if err := run.Get(ctx, &got); err != nil {
			t.Fatal(err)
		}
		want := asyncOutcome{
			ByToken: "done " + activityByToken, ByID: "done " + activityByID,
			FailureType: "PaymentDeclined", FailureMessage: "card declined", FailureNonRetryable: true, FailureDetail: "card ending 0005",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("what the official workflow saw (-want +got):\n%s", diff)
		}
	})
}

// tenantInterceptor adds the tenant header to starts and updates, as a
// tracing or auth interceptor would.
type tenantInterceptor struct{}

func (tenantInterceptor) InterceptClient(next client.OutboundInterceptor) client.OutboundInterceptor {
	return tenantOutbound{client.OutboundInterceptorBase{Next: next}}
}

type tenantOutbound struct{ client.OutboundInterceptorBase }

func tenantPayload(tenant string) *commonpb.Payload {
	p, err := converter.Default().ToPayload(tenant)
	if err != nil {
		panic(err) // a string always encodes
	}
	return p
}

func (o tenantOutbound) StartWorkflow(ctx context.Context, in *client.StartWorkflowInput) (*client.WorkflowRun, error) {
	in.Header[tenantHeader] = tenantPayload("acme-start")
	return o.Next.StartWorkflow(ctx, in)
}

func (o tenantOutbound) UpdateWorkflow(ctx context.Context, in *client.UpdateWorkflowInput) (*client.UpdateHandle, error) {
	in.Header[tenantHeader] = tenantPayload("acme-update")
	return o.Next.UpdateWorkflow(ctx, in)
}

// TestHeadersFromOurInterceptorsReachOfficialPropagators sets headers in
// our client's interceptor and reads them with an official context
// propagator in the workflow and its update handler.
func TestHeadersFromOurInterceptorsReachOfficialPropagators(t *testing.T) {
	env := newInteropEnvWith(t,
		client.Options{Interceptors: []client.Interceptor{tenantInterceptor{}}},
		sdkclient.Options{ContextPropagators: []workflow.ContextPropagator{tenantPropagator{}}},
	)
	ctx := testContext(t)
	run, err := env.ours.StartWorkflow(ctx, env.start(t), wfHeaders)
	if err != nil {
		t.Fatal(err)
	}
	inUpdate, err := client.Update[string](ctx, env.ours, client.UpdateWorkflowOptions{WorkflowID: run.ID(), UpdateName: updateTenant})
	if err != nil || inUpdate != "acme-update" {
		t.Errorf("update saw tenant %q, %v; want acme-update", inUpdate, err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if got != "acme-start,acme-update" {
		t.Errorf("workflow saw tenants %q, want acme-start,acme-update", got)
	}
	started := findEvent(env.history(t, run.ID(), run.RunID()), enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
	if h := started.GetWorkflowExecutionStartedEventAttributes().GetHeader().GetFields()[tenantHeader]; !proto.Equal(h, tenantPayload("acme-start")) {
		t.Errorf("start header in history = %v", h)
	}
}

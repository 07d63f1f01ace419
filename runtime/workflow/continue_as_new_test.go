package workflow_test

import (
	"errors"
	"fmt"
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func TestIsContinueAsNewErrorSeesThroughWrapping(t *testing.T) {
	var direct, wrapped, other bool
	runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		can := workflow.NewContinueAsNewError(ctx, "Orders", 1)
		direct = workflow.IsContinueAsNewError(can)
		wrapped = workflow.IsContinueAsNewError(fmt.Errorf("rolling over: %w", can))
		other = workflow.IsContinueAsNewError(errors.New("continue as new"))
		return nil
	})
	if !direct || !wrapped || other {
		t.Errorf("IsContinueAsNewError: direct %v, wrapped %v, another error %v; want true, true, false", direct, wrapped, other)
	}
	if workflow.IsContinueAsNewError(nil) {
		t.Error("IsContinueAsNewError(nil) = true")
	}
}

// TestContinueAsNewUnderWithDataConverter: the next run's arguments are
// encoded with the converter the context carries; without one, with the
// worker's. The memo is the workflow's, read by anyone listing it: the
// worker's converter writes it either way, as a child's.
func TestContinueAsNewUnderWithDataConverter(t *testing.T) {
	zlib := converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
	for _, tc := range []struct {
		dc   converter.DataConverter
		want string
	}{{zlib, converter.EncodingZlib}, {nil, "json/plain"}} {
		_, c := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
			return workflow.NewContinueAsNewErrorWithOptions(workflow.WithDataConverter(ctx, tc.dc),
				workflow.ContinueAsNewOptions{Memo: map[string]any{"k": "v"}}, "Orders", "next")
		})
		a := c.Commands[len(c.Commands)-1].GetContinueAsNewWorkflowExecutionCommandAttributes()
		for what, w := range map[string]struct {
			p    *commonpb.Payload
			want string
		}{"argument": {a.GetInput().GetPayloads()[0], tc.want}, "memo": {a.GetMemo().GetFields()["k"], "json/plain"}} {
			if e := string(w.p.GetMetadata()[converter.MetadataEncoding]); e != w.want {
				t.Errorf("converter %v: the %s is encoded %q, want %q", tc.dc, what, e, w.want)
			}
		}
	}
}

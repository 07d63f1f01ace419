package worker_test

import (
	"context"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestWithDataConverterEncodesTheCallsMadeUnderIt: a workflow on a worker
// with the default converter calls, under workflow.WithDataConverter with
// a compressing converter, an activity and a child served by a worker
// that compresses everything, a local activity of its own, and signals
// the child. Each call's arguments go out compressed, and each result,
// written compressed, is read back: the worker's own converter could not
// read them.
func TestWithDataConverterEncodesTheCallsMadeUnderIt(t *testing.T) {
	zlib := zlibConverter()
	zc := dialWithConverter(t, zlib)
	compressing := startWorker(t, zc, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(_ context.Context, s string) (string, error) { return strings.ToUpper(s), nil },
			worker.RegisterActivityOptions{Name: "shout"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context, prefix string) (string, error) {
			var greeting string
			workflow.GetSignalChannel(ctx, "greet").Receive(ctx, &greeting)
			return prefix + ":" + greeting, nil
		}, worker.RegisterWorkflowOptions{Name: "echoChild"}))
	})

	c := dialServer(t)
	id := testenv.UniqueID(t)
	plain := startWorker(t, c, worker.Options{}, func(w *worker.Worker) {
		must(t, w.RegisterActivityWithOptions(func(_ context.Context, s string) (string, error) { return strings.ToUpper(s), nil },
			worker.RegisterActivityOptions{Name: "localShout"}))
		must(t, w.RegisterWorkflowWithOptions(func(ctx workflow.Context) (string, error) {
			zctx := workflow.WithDataConverter(ctx, zlib)
			var remote, local, child string
			actx := workflow.WithActivityOptions(zctx, workflow.ActivityOptions{TaskQueue: compressing.TaskQueue(), StartToCloseTimeout: time.Minute})
			if err := workflow.ExecuteActivity(actx, "shout", "hi").Get(actx, &remote); err != nil {
				return "", err
			}
			lctx := workflow.WithLocalActivityOptions(zctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
			if err := workflow.ExecuteLocalActivity(lctx, "localShout", "lo").Get(lctx, &local); err != nil {
				return "", err
			}
			cctx := workflow.WithChildOptions(zctx, workflow.ChildWorkflowOptions{TaskQueue: compressing.TaskQueue(), WorkflowID: id + "-child"})
			run := workflow.ExecuteChildWorkflow(cctx, "echoChild", "x")
			if err := run.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
				return "", err
			}
			if err := workflow.SignalExternalWorkflow(zctx, id+"-child", "", "greet", "hello").Get(ctx, nil); err != nil {
				return "", err
			}
			if err := run.Get(ctx, &child); err != nil {
				return "", err
			}
			return remote + "|" + local + "|" + child, nil
		}, worker.RegisterWorkflowOptions{Name: "callsWithItsOwnConverter"}))
	})
	got, err := execute[string](t, c, plain, client.StartWorkflowOptions{ID: id}, "callsWithItsOwnConverter")
	if err != nil || got != "HI|LO|x:hello" {
		t.Fatalf("result %q, %v; want HI|LO|x:hello", got, err)
	}

	compressed := func(what string, ps *commonpb.Payloads) {
		t.Helper()
		if len(ps.GetPayloads()) == 0 {
			t.Errorf("%s: no payload", what)
		}
		for _, p := range ps.GetPayloads() {
			if e := string(p.GetMetadata()[converter.MetadataEncoding]); e != converter.EncodingZlib {
				t.Errorf("%s: a payload encoded %q, want %q", what, e, converter.EncodingZlib)
			}
		}
	}
	seen := map[enumspb.EventType]bool{}
	for _, e := range history(t, c, id).GetEvents() {
		seen[e.GetEventType()] = true
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			compressed("activity arguments", e.GetActivityTaskScheduledEventAttributes().GetInput())
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			compressed("local activity result", e.GetMarkerRecordedEventAttributes().GetDetails()["result"])
		case enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
			compressed("child arguments", e.GetStartChildWorkflowExecutionInitiatedEventAttributes().GetInput())
		case enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
			compressed("signal argument", e.GetSignalExternalWorkflowExecutionInitiatedEventAttributes().GetInput())
		}
	}
	for _, want := range []enumspb.EventType{enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, enumspb.EVENT_TYPE_MARKER_RECORDED,
		enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED} {
		if !seen[want] {
			t.Errorf("no %v in the history", want)
		}
	}
}

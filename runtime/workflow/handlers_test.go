package workflow_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	protocolpb "go.temporal.io/api/protocol/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	updatepb "go.temporal.io/api/update/v1"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// updateRequest is the request message of update id, sent with the first
// task (sequenced after its WorkflowTaskScheduled event).
func updateRequest(t *testing.T, id, name string, args ...any) *protocolpb.Message {
	t.Helper()
	payloads, err := converter.Default().ToPayloads(args...)
	if err != nil {
		t.Fatal(err)
	}
	body, err := anypb.New(&updatepb.Request{Meta: &updatepb.Meta{UpdateId: id}, Input: &updatepb.Input{Name: name, Args: payloads}})
	if err != nil {
		t.Fatal(err)
	}
	return &protocolpb.Message{Id: id + "/request", ProtocolInstanceId: id, SequencingId: &protocolpb.Message_EventId{EventId: 2}, Body: body}
}

func messageIDs(c *engine.Completion) string {
	var ids []string
	for _, m := range c.Messages {
		ids = append(ids, m.GetId())
	}
	return strings.Join(ids, " ")
}

// TestAllHandlersFinishedWaitsForARunningUpdate: while an accepted
// update's handler is blocked, AllHandlersFinished is false, in the
// handler itself too; a workflow that awaits it before returning lets the
// handler complete, so the update's caller gets its result, and closes
// after the completion.
func TestAllHandlersFinishedWaitsForARunningUpdate(t *testing.T) {
	var inHandler, whileBlocked, afterAwait bool
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "u1", "work")}
	_, c := runTask(t, engine.Params{}, task, func(ctx workflow.Context) error {
		released := false
		if err := workflow.SetUpdateHandler(ctx, "work", func(ctx workflow.Context) (string, error) {
			inHandler = workflow.AllHandlersFinished(ctx)
			return "done", workflow.Await(ctx, func() bool { return released })
		}); err != nil {
			return err
		}
		// The request came with the task, so the handler ran as soon as it
		// was registered, and waits.
		whileBlocked = workflow.AllHandlersFinished(ctx)
		released = true
		if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
			return err
		}
		afterAwait = workflow.AllHandlersFinished(ctx)
		return nil
	})
	if inHandler || whileBlocked || !afterAwait {
		t.Errorf("AllHandlersFinished in the handler %v, while it was blocked %v, after the Await %v; want false, false, true", inHandler, whileBlocked, afterAwait)
	}
	if got := messageIDs(c); got != "u1/accept u1/complete" {
		t.Errorf("messages %q: the update must complete before the workflow closes", got)
	}
	if !c.Closed || c.Commands[len(c.Commands)-1].GetCompleteWorkflowExecutionCommandAttributes() == nil {
		t.Errorf("the workflow did not complete: %v", c.Commands)
	}
}

// TestRejectedUpdatesLeaveNoHandlerRunning: an update refused by its
// validator, or sent to a name without a handler, never leaves
// AllHandlersFinished false; nor does a workflow without updates. The
// unknown update is rejected only once the workflow blocks, so a query
// looks after the task.
func TestRejectedUpdatesLeaveNoHandlerRunning(t *testing.T) {
	var atStart, afterRefusal bool
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "refused", "work", -1), updateRequest(t, "unknown", "nothing")}
	x, c := runTask(t, engine.Params{}, task, func(ctx workflow.Context) error {
		atStart = workflow.AllHandlersFinished(ctx)
		if err := workflow.SetUpdateHandlerWithOptions(ctx, "work", func(ctx workflow.Context, n int) error {
			return workflow.Await(ctx, func() bool { return false })
		}, workflow.UpdateHandlerOptions{Validator: func(n int) error {
			if n < 0 {
				return errors.New("negative")
			}
			return nil
		}}); err != nil {
			return err
		}
		afterRefusal = workflow.AllHandlersFinished(ctx)
		if err := workflow.SetQueryHandler(ctx, "finished", func() (bool, error) { return workflow.AllHandlersFinished(ctx), nil }); err != nil {
			return err
		}
		return workflow.Sleep(ctx, time.Hour)
	})
	if got := messageIDs(c); got != "refused/reject unknown/reject" {
		t.Fatalf("messages %q, want both updates rejected", got)
	}
	var finished bool
	if res, err := x.Query("finished", nil, nil); err != nil || converter.Default().FromPayloads(res, &finished) != nil {
		t.Fatalf("query: %v", err)
	}
	if !atStart || !afterRefusal || !finished {
		t.Errorf("AllHandlersFinished at the start %v, after the refusal %v, after both rejections %v; want true each time", atStart, afterRefusal, finished)
	}
}

// TestGetCurrentUpdateInfoNamesTheUpdate: a handler, its validator and
// the goroutines the handler starts see their update's ID and name; the
// workflow's own code sees none.
func TestGetCurrentUpdateInfoNamesTheUpdate(t *testing.T) {
	var seen []string
	note := func(where string, info *workflow.UpdateInfo) {
		if info == nil {
			seen = append(seen, where+": none")
			return
		}
		seen = append(seen, where+": "+info.Name+" "+info.ID)
	}
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "u-7", "work", 1)}
	runTask(t, engine.Params{}, task, func(ctx workflow.Context) error {
		note("workflow", workflow.GetCurrentUpdateInfo(ctx))
		if err := workflow.SetUpdateHandlerWithOptions(ctx, "work", func(ctx workflow.Context, n int) error {
			note("handler", workflow.GetCurrentUpdateInfo(ctx))
			done := false
			workflow.Go(ctx, func(ctx workflow.Context) {
				note("goroutine", workflow.GetCurrentUpdateInfo(ctx))
				done = true
			})
			return workflow.Await(ctx, func() bool { return done })
		}, workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, n int) error {
			note("validator", workflow.GetCurrentUpdateInfo(ctx))
			return nil
		}}); err != nil {
			return err
		}
		return workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	})
	want := []string{"workflow: none", "validator: work u-7", "handler: work u-7", "goroutine: work u-7"}
	if strings.Join(seen, "; ") != strings.Join(want, "; ") {
		t.Errorf("seen %q, want %q", seen, want)
	}
}

// TestIsReadOnlyInQueriesAndValidators: query handlers and update
// validators run read-only; the workflow and update handlers do not.
func TestIsReadOnlyInQueriesAndValidators(t *testing.T) {
	readOnly := map[string]bool{}
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "u1", "work", 1)}
	x, _ := runTask(t, engine.Params{}, task, func(ctx workflow.Context) error {
		readOnly["workflow"] = workflow.IsReadOnly(ctx)
		if err := workflow.SetQueryHandler(ctx, "q", func() (bool, error) {
			readOnly["query"] = workflow.IsReadOnly(ctx)
			return true, nil
		}); err != nil {
			return err
		}
		if err := workflow.SetUpdateHandlerWithOptions(ctx, "work", func(ctx workflow.Context, n int) error {
			readOnly["update handler"] = workflow.IsReadOnly(ctx)
			return nil
		}, workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, n int) error {
			readOnly["validator"] = workflow.IsReadOnly(ctx)
			return nil
		}}); err != nil {
			return err
		}
		return workflow.Sleep(ctx, time.Hour)
	})
	if _, err := x.Query("q", nil, nil); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"workflow": false, "query": true, "update handler": false, "validator": true}
	for where, w := range want {
		if got, ok := readOnly[where]; !ok || got != w {
			t.Errorf("IsReadOnly in the %s: %v (ran: %v), want %v", where, got, ok, w)
		}
	}
}

// TestFailingWhileAnUpdateRunsDoesNotWarnOfIt: as in the official SDK, a
// workflow that fails has graver news than its unfinished updates.
func TestFailingWhileAnUpdateRunsDoesNotWarnOfIt(t *testing.T) {
	logger, logs := logsOf()
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "slow-1", "work")}
	runTask(t, engine.Params{Logger: logger}, task, func(ctx workflow.Context) error {
		if err := workflow.SetUpdateHandler(ctx, "work", func(ctx workflow.Context) error {
			return workflow.Await(ctx, func() bool { return false })
		}); err != nil {
			return err
		}
		return errors.New("the order cannot be shipped")
	})
	if strings.Contains(logs.String(), "slow-1") {
		t.Errorf("a failed workflow warned of its running update: %q", logs.String())
	}
}

// TestReturningWhileAnUpdateRunsWarns: a workflow that returns while an
// update handler is blocked cuts the update short; the log names the
// update and says how to let it finish.
func TestReturningWhileAnUpdateRunsWarns(t *testing.T) {
	logger, logs := logsOf()
	task := firstTask(t)
	task.Messages = []*protocolpb.Message{updateRequest(t, "slow-1", "work")}
	runTask(t, engine.Params{Logger: logger}, task, func(ctx workflow.Context) error {
		return workflow.SetUpdateHandler(ctx, "work", func(ctx workflow.Context) error {
			return workflow.Await(ctx, func() bool { return false })
		})
	})
	out := logs.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "work (slow-1)") || !strings.Contains(out, "AllHandlersFinished") {
		t.Errorf("log %q; want a warning naming the update and how to let it finish", out)
	}
}

// TestMetadataQueryListsHandlersAndCurrentDetails: the built-in
// __temporal_workflow_metadata query, which the Temporal UI and CLI read,
// lists the run's queries, signal channels and update handlers, each
// sorted, and what SetCurrentDetails last set, as the official SDK does.
func TestMetadataQueryListsHandlersAndCurrentDetails(t *testing.T) {
	x, _ := runTask(t, engine.Params{}, firstTask(t), func(ctx workflow.Context) error {
		for _, name := range []string{"rename", "add-item"} {
			if err := (workflow.UpdateDef[string, string]{Name: name}).SetHandler(ctx, func(_ workflow.Context, s string) (string, error) { return s, nil }, nil); err != nil {
				return err
			}
		}
		if err := (workflow.QueryDef[string, string]{Name: "status"}).SetHandler(ctx, func(s string) (string, error) { return s, nil }); err != nil {
			return err
		}
		workflow.GetSignalChannel(ctx, "cancel")
		workflow.SetCurrentDetails(ctx, "waiting for the carrier")
		if got := workflow.GetCurrentDetails(ctx); got != "waiting for the carrier" {
			t.Errorf("GetCurrentDetails = %q", got)
		}
		return workflow.Sleep(ctx, time.Hour)
	})
	res, err := x.Query("__temporal_workflow_metadata", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var md sdkpb.WorkflowMetadata
	if err := converter.Default().FromPayloads(res, &md); err != nil {
		t.Fatal(err)
	}
	names := func(defs []*sdkpb.WorkflowInteractionDefinition) (out []string) {
		for _, d := range defs {
			out = append(out, d.GetName())
		}
		return out
	}
	got := []any{names(md.GetDefinition().GetQueryDefinitions()), names(md.GetDefinition().GetSignalDefinitions()), names(md.GetDefinition().GetUpdateDefinitions()), md.GetCurrentDetails()}
	want := []any{[]string{"__open_sessions", "__stack_trace", "__temporal_workflow_metadata", "status"}, []string{"cancel"}, []string{"add-item", "rename"}, "waiting for the carrier"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
}

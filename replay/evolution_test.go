package replay_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// Tests of changes to a proto and its annotations under running workflows:
// each records a history with one version of a workflow on the dev server
// and replays it against the next version, as a user's replay test does.

// recordRun registers workflows (by name) on a worker of its own, starts
// name with input, lets drive talk to the run, waits for it to close and
// returns its history.
func recordRun(t *testing.T, workflows map[string]any, name string, input any, drive func(ctx context.Context, c *client.Client, run *client.WorkflowRun)) *historypb.History {
	t.Helper()
	return recordRunWithActivities(t, workflows, nil, name, input, drive)
}

// recordRunWithActivities is recordRun with activities (by name) too.
func recordRunWithActivities(t *testing.T, workflows, activities map[string]any, name string, input any, drive func(ctx context.Context, c *client.Client, run *client.WorkflowRun)) *historypb.History {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	c := dial(t)
	id := uniqueID(t)
	w, err := worker.New(c, id, worker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for n, wf := range workflows {
		if err := w.Registry.RegisterWorkflowWithOptions(wf, worker.RegisterWorkflowOptions{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	for n, a := range activities {
		if err := w.Registry.RegisterActivityWithOptions(a, worker.RegisterActivityOptions{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := w.Stop(context.WithoutCancel(ctx)); err != nil {
			t.Error(err)
		}
	}()
	run, err := c.StartWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: id}, name, input)
	if err != nil {
		t.Fatal(err)
	}
	if drive != nil {
		drive(ctx, c, run)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatalf("recording run: %v", err)
	}
	h, err := replay.FetchHistory(ctx, c, id, run.RunID())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// replayWith replays h with workflows registered by name.
func replayWith(t *testing.T, h *historypb.History, workflows map[string]any) error {
	t.Helper()
	r := worker.NewRegistry()
	for n, wf := range workflows {
		if err := r.RegisterWorkflowWithOptions(wf, worker.RegisterWorkflowOptions{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	return replay.NewReplayer(r, replay.Options{}).ReplayHistory(h)
}

// TestRenamedProtoMessageStillDecodesRecordedPayloads: renaming a request
// message (or moving it to another proto package, such as acme.v1 to
// acme.v2) while keeping its fields is a compatible proto change: neither
// the binary nor the JSON encoding carries the message's name. The
// official Go SDK's proto converters decode a payload into the target
// message whatever its "messageType" metadata says, so its running
// workflows replay after such a rename. Here temporal.api.common.v1's
// WorkflowType and ActivityType (both `string name = 1`) stand for a
// message before and after a rename: the workflow input and a signal of
// the old message decode into the new one.
func TestRenamedProtoMessageStillDecodesRecordedPayloads(t *testing.T) {
	t.Run("workflow input", func(t *testing.T) {
		h := recordRun(t, map[string]any{"acme.v1.Orders.Process": func(_ workflow.Context, in *commonpb.WorkflowType) (string, error) {
			return in.GetName(), nil
		}}, "acme.v1.Orders.Process", &commonpb.WorkflowType{Name: "order-1"}, nil)
		err := replayWith(t, h, map[string]any{"acme.v1.Orders.Process": func(_ workflow.Context, in *commonpb.ActivityType) (string, error) {
			return in.GetName(), nil
		}})
		if err != nil {
			t.Errorf("replay after renaming the input message (fields unchanged) failed:\n%v", err)
		}
	})
	t.Run("signal", func(t *testing.T) {
		const signal = "acme.v1.Orders.Cancel"
		h := recordRun(t, map[string]any{"acme.v1.Orders.Process": func(ctx workflow.Context, _ string) (string, error) {
			v, _ := workflow.SignalDef[*commonpb.WorkflowType]{Name: signal}.Channel(ctx).Receive(ctx)
			return v.GetName(), nil
		}}, "acme.v1.Orders.Process", "order-1", func(ctx context.Context, c *client.Client, run *client.WorkflowRun) {
			if err := c.SignalWorkflow(ctx, run.ID(), "", signal, &commonpb.WorkflowType{Name: "changed my mind"}); err != nil {
				t.Fatal(err)
			}
		})
		err := replayWith(t, h, map[string]any{"acme.v1.Orders.Process": func(ctx workflow.Context, _ string) (string, error) {
			v, _ := workflow.SignalDef[*commonpb.ActivityType]{Name: signal}.Channel(ctx).Receive(ctx)
			return v.GetName(), nil
		}})
		if err != nil {
			t.Errorf("replay after renaming the signal's message (fields unchanged) failed:\n%v", err)
		}
	})
}

// shipDef is a child workflow as the plugin generates it for
// `id: "ship-{name}-{$uuid}"`: the ID template draws its UUID from the
// parent's deterministic randomness, after Defaults rendered the
// annotation's other templates (generated code calls Defaults first).
func shipDef(defaults func(*commonpb.WorkflowType, func() string) (temporal.WorkflowDefaults, error)) workflow.WorkflowDef[*commonpb.WorkflowType, string] {
	return workflow.WorkflowDef[*commonpb.WorkflowType, string]{
		Name:     "acme.v1.Orders.Ship",
		Defaults: defaults,
		ID: func(ctx workflow.Context, req *commonpb.WorkflowType) (string, error) {
			return "ship-" + req.GetName() + "-" + workflow.NewUUID(ctx), nil
		},
	}
}

func shipWorkflow(_ workflow.Context, req *commonpb.WorkflowType) (string, error) {
	return "shipped " + req.GetName(), nil
}

// TestAddingAUUIDMemoToAChildsAnnotationKeepsItsIDReplaying: a memo is an
// option, which the official SDK never compares on replay and which
// draws nothing from the workflow's randomness, so adding a memo entry to
// a workflow's annotation is safe for running parents that already
// started it as a child. Here v2 adds `memo: [{key: "trace", value:
// "req-{$uuid}"}]` to the child's annotation. The memo's {$uuid} comes
// from a random stream of its own (workflow.NewDefaultsUUID), so the
// child's {$uuid} ID, drawn with workflow.NewUUID, is the same as before.
func TestAddingAUUIDMemoToAChildsAnnotationKeepsItsIDReplaying(t *testing.T) {
	parent := func(def workflow.WorkflowDef[*commonpb.WorkflowType, string]) func(workflow.Context, string) (string, error) {
		return func(ctx workflow.Context, order string) (string, error) {
			return def.ExecuteChild(ctx, &commonpb.WorkflowType{Name: order})
		}
	}
	v1 := shipDef(func(*commonpb.WorkflowType, func() string) (temporal.WorkflowDefaults, error) {
		return temporal.WorkflowDefaults{}, nil
	})
	v2 := shipDef(func(_ *commonpb.WorkflowType, newUUID func() string) (temporal.WorkflowDefaults, error) {
		return temporal.WorkflowDefaults{Memo: map[string]any{"trace": "req-" + newUUID()}}, nil
	})
	h := recordRun(t, map[string]any{"acme.v1.Orders.Process": parent(v1), "acme.v1.Orders.Ship": shipWorkflow}, "acme.v1.Orders.Process", "order-1", nil)
	if err := replayWith(t, h, map[string]any{"acme.v1.Orders.Process": parent(v2), "acme.v1.Orders.Ship": shipWorkflow}); err != nil {
		t.Errorf("replay after adding a memo entry to the child's annotation failed:\n%v", err)
	}
}

// TestReplayErrorForARemovedUpdateNamesTheUpdate: removing an update from
// a workflow's annotation (or its handler) breaks running workflows whose
// history accepted one: on replay the runtime rejects the update
// ("unknown update acme.v1.Orders.AddItem. KnownUpdates=[]") where history
// has it accepted. That is nondeterministic, but the error must say what
// changed so the user knows to keep the handler (or guard its removal with
// workflow.GetVersion): it names the update and why replay rejected it.
func TestReplayErrorForARemovedUpdateNamesTheUpdate(t *testing.T) {
	const update = "acme.v1.Orders.AddItem"
	v1 := func(ctx workflow.Context, _ string) (string, error) {
		var item string
		if err := (workflow.UpdateDef[string, string]{Name: update}).SetHandler(ctx, func(_ workflow.Context, req string) (string, error) {
			item = req
			return "added", nil
		}, nil); err != nil {
			return "", err
		}
		if err := workflow.Await(ctx, func() bool { return item != "" }); err != nil {
			return "", err
		}
		return item, nil
	}
	h := recordRun(t, map[string]any{"acme.v1.Orders.Process": v1}, "acme.v1.Orders.Process", "order-1", func(ctx context.Context, c *client.Client, run *client.WorkflowRun) {
		hd, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: run.ID(), UpdateName: update, Args: []any{"sku-1"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := hd.Get(ctx, nil); err != nil {
			t.Fatal(err)
		}
	})
	// v2 waits as v1 did, with the update's handler removed.
	v2 := func(ctx workflow.Context, _ string) (string, error) {
		return "", workflow.Await(ctx, func() bool { return false })
	}
	err := replayWith(t, h, map[string]any{"acme.v1.Orders.Process": v2})
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) {
		t.Fatalf("err = %v, want a NondeterminismError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, update) || !strings.Contains(msg, "unknown update") {
		t.Errorf("the error names neither the update %s nor why the code did not accept it (unknown update):\n%v", update, err)
	}
	// v3 no longer waits: whether the update reached it before it
	// returned depends on the task history accepted it in, and either way
	// the error names the update.
	v3 := func(ctx workflow.Context, _ string) (string, error) { return "sku-1", nil }
	if err := replayWith(t, h, map[string]any{"acme.v1.Orders.Process": v3}); err == nil || !strings.Contains(err.Error(), update) {
		t.Errorf("replaying a workflow that returns before the update: %v; want an error naming update %s", err, update)
	}
}

// TestOptionChangesReplay: replay compares the kind, order, IDs and names
// of commands, as the official SDK does, not options; so changing an
// activity's or a local activity's timeouts, retry policy, heartbeat
// timeout or task queue, or adding a query handler, leaves running
// workflows replaying. Renaming the activity does not: the error names
// the name history has and the one the code uses.
func TestOptionChangesReplay(t *testing.T) {
	const charge = "acme.v1.Orders.Charge"
	type version struct {
		activity    string
		options     workflow.ActivityOptions
		local       workflow.LocalActivityOptions
		statusQuery bool
	}
	process := func(v version) func(workflow.Context, int) (string, error) {
		return func(ctx workflow.Context, cents int) (string, error) {
			if v.statusQuery {
				if err := (workflow.QueryDef[string, string]{Name: "status"}).SetHandler(ctx, func(string) (string, error) { return "open", nil }); err != nil {
					return "", err
				}
			}
			def := workflow.ActivityDef[int, string]{Name: v.activity, Options: v.options, Local: v.local}
			remote, err := def.Execute(ctx, cents)
			if err != nil {
				return "", err
			}
			local, err := def.ExecuteLocal(ctx, cents)
			return remote + " " + local, err
		}
	}
	v1 := version{activity: charge, options: workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second}, local: workflow.LocalActivityOptions{StartToCloseTimeout: 5 * time.Second}}
	chargeCard := func(_ context.Context, cents int) (string, error) { return fmt.Sprintf("ch-%d", cents), nil }
	h := recordRunWithActivities(t, map[string]any{"acme.v1.Orders.Process": process(v1)}, map[string]any{charge: chargeCard}, "acme.v1.Orders.Process", 42, nil)

	changed := v1
	changed.options = workflow.ActivityOptions{StartToCloseTimeout: time.Minute, HeartbeatTimeout: 5 * time.Second, TaskQueue: "payments",
		RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 3}}
	changed.local = workflow.LocalActivityOptions{StartToCloseTimeout: 20 * time.Second, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 2}}
	withQuery := v1
	withQuery.statusQuery = true
	for name, v := range map[string]version{"activity and local activity options": changed, "a query added": withQuery} {
		if err := replayWith(t, h, map[string]any{"acme.v1.Orders.Process": process(v)}); err != nil {
			t.Errorf("replay after changing %s: %v", name, err)
		}
	}

	renamed := v1
	renamed.activity = "acme.v1.Orders.ChargeCard"
	err := replayWith(t, h, map[string]any{"acme.v1.Orders.Process": process(renamed)})
	var nde *temporal.NondeterminismError
	if !errors.As(err, &nde) || !strings.Contains(err.Error(), charge) || !strings.Contains(err.Error(), renamed.activity) {
		t.Errorf("replay after renaming the activity: %v; want a NondeterminismError naming %s and %s", err, charge, renamed.activity)
	}
}

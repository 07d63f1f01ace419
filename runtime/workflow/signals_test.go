package workflow_test

import (
	"bytes"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// signalledTask is the first task with a signal of each name delivered
// before the task started, in order.
func signalledTask(t *testing.T, names ...string) *engine.Task {
	t.Helper()
	task := firstTask(t)
	events := task.Events[:2:2]
	for _, name := range names {
		payload, err := converter.Default().ToPayloads(name + " payload")
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, signalEvent(name, payload))
	}
	events = append(events, task.Events[2])
	for i, e := range events {
		e.EventId = int64(i + 1)
	}
	task.Events = events
	task.StartedEventID = int64(len(events))
	return task
}

// TestGetUnhandledSignalNamesListsSignalsNotYetReceived: signals the
// workflow has not received are listed, sorted, once each whatever their
// count, including names it never asked a channel for; a receive takes a
// name off the list once its last signal is taken.
func TestGetUnhandledSignalNamesListsSignalsNotYetReceived(t *testing.T) {
	var before, afterOne, afterAll []string
	runTask(t, engine.Params{}, signalledTask(t, "b", "a", "b", "unasked"), func(ctx workflow.Context) error {
		before = workflow.GetUnhandledSignalNames(ctx)
		a := workflow.GetSignalChannel(ctx, "a")
		b := workflow.GetSignalChannel(ctx, "b")
		var v string
		a.Receive(ctx, &v)
		b.Receive(ctx, &v)
		afterOne = workflow.GetUnhandledSignalNames(ctx)
		b.ReceiveAsync(&v)
		workflow.GetSignalChannel(ctx, "unasked").ReceiveAsync(&v)
		afterAll = workflow.GetUnhandledSignalNames(ctx)
		return workflow.Await(ctx, func() bool { return false })
	})
	if !slices.Equal(before, []string{"a", "b", "unasked"}) || !slices.Equal(afterOne, []string{"b", "unasked"}) || len(afterAll) != 0 {
		t.Errorf("unhandled signals at the start %q, after one of a and b %q, after all %q", before, afterOne, afterAll)
	}
}

// logsOf returns a logger and the text it wrote.
func logsOf() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, nil)), &buf
}

// TestReturningWithUnreceivedSignalsWarns: the signals a workflow never
// received are lost when it closes; the worker's log says which, and how
// to keep them. A workflow that received everything logs nothing.
func TestReturningWithUnreceivedSignalsWarns(t *testing.T) {
	logger, logs := logsOf()
	runTask(t, engine.Params{Logger: logger}, signalledTask(t, "cancel", "approve"), func(ctx workflow.Context) error {
		var v string
		workflow.GetSignalChannel(ctx, "approve").Receive(ctx, &v)
		return nil
	})
	out := logs.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "signal_names=[cancel]") || !strings.Contains(out, "GetUnhandledSignalNames") {
		t.Errorf("log %q; want a warning naming the cancel signal and how to keep it", out)
	}

	logger, logs = logsOf()
	runTask(t, engine.Params{Logger: logger}, signalledTask(t, "approve"), func(ctx workflow.Context) error {
		var v string
		workflow.GetSignalChannel(ctx, "approve").Receive(ctx, &v)
		return nil
	})
	if logs.Len() != 0 {
		t.Errorf("a workflow that received its signals logged %q", logs.String())
	}
}

package engine_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/coroutine"
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// harness runs workflow-style code on a dispatcher, as the engine will.
type harness struct {
	t *testing.T
	d *coroutine.Dispatcher
}

func newHarness(t *testing.T) *harness {
	d := coroutine.New(coroutine.Options{})
	t.Cleanup(func() { _ = d.Close() })
	return &harness{t: t, d: d}
}

// start runs fn as the root coroutine.
func (h *harness) start(ctx engine.Context, fn func(engine.Context)) {
	h.d.Go("root", false, func(co *coroutine.Coroutine) { fn(engine.WithCoroutine(ctx, co)) })
}

func (h *harness) run() {
	h.t.Helper()
	if err := h.d.Run(); err != nil {
		h.t.Fatal(err)
	}
}

func TestUnbufferedChannelHandsValuesOverInOrder(t *testing.T) {
	h := newHarness(t)
	var got []int
	h.start(engine.Background(), func(ctx engine.Context) {
		ch := engine.NewChannel("numbers", nil)
		engine.Go(ctx, "producer", func(ctx engine.Context) {
			for i := range 3 {
				ch.Send(ctx, i)
			}
			ch.Close()
		})
		for {
			var v int
			if !ch.Receive(ctx, &v) {
				return
			}
			got = append(got, v)
		}
	})
	h.run()
	if fmt.Sprint(got) != "[0 1 2]" || !h.d.Done() {
		t.Errorf("got %v, done %v", got, h.d.Done())
	}
}

func TestBufferedChannelSendsWithoutBlockingUntilFull(t *testing.T) {
	ch := engine.NewBufferedChannel("buf", 2, nil)
	if !ch.SendAsync(1) || !ch.SendAsync(2) || ch.SendAsync(3) {
		t.Fatal("a 2-slot buffer must take exactly two values without a receiver")
	}
	if ch.Len() != 2 {
		t.Errorf("Len = %d", ch.Len())
	}
	var v int
	if ok, more := ch.ReceiveAsyncWithMoreFlag(&v); !ok || !more || v != 1 {
		t.Errorf("ReceiveAsync = %v %v %d", ok, more, v)
	}
	ch.Close()
	ch.ReceiveAsync(&v)
	if ok, more := ch.ReceiveAsyncWithMoreFlag(&v); ok || more {
		t.Errorf("closed and drained: ok %v more %v", ok, more)
	}
}

func TestChannelDecodesPayloadsAndDropsCorruptOnes(t *testing.T) {
	dc := converter.Default()
	good, _ := dc.ToPayloads("hello")
	corrupt := &commonpb.Payloads{Payloads: []*commonpb.Payload{{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte("{not json")}}}
	ch := engine.NewBufferedChannel("signal", 10, dc)
	ch.SendAsync(corrupt)
	ch.SendAsync(good)
	var s string
	if !ch.ReceiveAsync(&s) || s != "hello" {
		t.Errorf("received %q; a corrupt signal must be skipped, not block the good one", s)
	}
}

func TestChannelPanicsOnAGoValueOfTheWrongType(t *testing.T) {
	ch := engine.NewBufferedChannel("typed", 1, nil)
	ch.SendAsync("text")
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), "string cannot be stored in *int") {
			t.Errorf("recover() = %v", r)
		}
	}()
	var n int
	ch.ReceiveAsync(&n)
}

func TestFutureGetBlocksUntilSetAndChains(t *testing.T) {
	h := newHarness(t)
	f, set := engine.NewFuture(nil)
	chained, chainSet := engine.NewFuture(nil)
	chainSet.Chain(f)
	var got, gotChained string
	var gotErr error
	h.start(engine.Background(), func(ctx engine.Context) {
		gotErr = f.Get(ctx, &got)
		_ = chained.Get(ctx, &gotChained)
	})
	h.run()
	if f.IsReady() || got != "" {
		t.Fatal("Get returned before the future was set")
	}
	set.SetValue("done")
	h.run()
	if got != "done" || gotChained != "done" || gotErr != nil || !h.d.Done() {
		t.Errorf("got %q / %q, err %v", got, gotChained, gotErr)
	}
	defer func() {
		if recover() == nil {
			t.Error("setting a future twice did not panic")
		}
	}()
	set.SetError(errors.New("again"))
}

func TestFutureDecodesPayloadResults(t *testing.T) {
	h := newHarness(t)
	dc := converter.Default()
	f, set := engine.NewFuture(dc)
	p, _ := dc.ToPayloads(map[string]int{"n": 7})
	set.SetValue(p)
	var got map[string]int
	h.start(engine.Background(), func(ctx engine.Context) {
		if err := f.Get(ctx, &got); err != nil {
			t.Error(err)
		}
	})
	h.run()
	if got["n"] != 7 {
		t.Errorf("got %v", got)
	}
}

func TestCancelPropagatesToChildrenButNotToDisconnected(t *testing.T) {
	h := newHarness(t)
	root, cancel := engine.WithCancel(engine.Background())
	child, cancelChild := engine.WithCancel(engine.WithValue(root, "k", "v"))
	defer cancelChild()
	cleanup, cancelCleanup := engine.NewDisconnectedContext(child)
	defer cancelCleanup()
	var awaitErr error
	var log []string
	h.start(root, func(ctx engine.Context) {
		engine.Go(ctx, "child", func(ctx engine.Context) {
			var v any
			child.Done().Receive(ctx, &v)
			log = append(log, "child done")
		})
		awaitErr = engine.Await(ctx, func() bool { return false })
		log = append(log, "await returned")
	})
	h.run()
	cancel()
	h.run()
	var canceled *temporal.CanceledError
	if !errors.As(awaitErr, &canceled) {
		t.Errorf("Await after cancel = %v, want a CanceledError", awaitErr)
	}
	if !errors.Is(child.Err(), engine.ErrCanceled) {
		t.Errorf("child.Err() = %v", child.Err())
	}
	if cleanup.Err() != nil || cleanup.Value("k") != "v" {
		t.Errorf("disconnected context: err %v, value %v", cleanup.Err(), cleanup.Value("k"))
	}
	if strings.Join(log, ",") != "await returned,child done" { // root runs first in each pass
		t.Errorf("log %v", log)
	}
}

func TestSelectorFiresTheFirstReadyCaseInOrder(t *testing.T) {
	h := newHarness(t)
	a, b := engine.NewBufferedChannel("a", 1, nil), engine.NewBufferedChannel("b", 1, nil)
	f, set := engine.NewFuture(nil)
	var log []string
	h.start(engine.Background(), func(ctx engine.Context) {
		s := engine.NewSelector("s")
		s.AddReceive(a, func(c engine.ReceiveChannel, more bool) {
			var v string
			c.Receive(ctx, &v)
			log = append(log, "a:"+v)
		})
		s.AddReceive(b, func(c engine.ReceiveChannel, more bool) {
			var v string
			c.Receive(ctx, &v)
			log = append(log, "b:"+v)
		})
		s.AddFuture(f, func(engine.Future) { log = append(log, "future") })
		for range 3 {
			s.Select(ctx)
		}
	})
	b.SendAsync("1")
	a.SendAsync("2")
	h.run() // both ready: a (added first) wins, then b
	if strings.Join(log, " ") != "a:2 b:1" {
		t.Fatalf("log %v", log)
	}
	set.SetValue(nil)
	h.run()
	if strings.Join(log, " ") != "a:2 b:1 future" || !h.d.Done() {
		t.Errorf("log %v done %v", log, h.d.Done())
	}
}

func TestSelectorBlockedReceiveKeepsTheValueForTheCase(t *testing.T) {
	h := newHarness(t)
	ch := engine.NewChannel("signal", nil)
	var got string
	h.start(engine.Background(), func(ctx engine.Context) {
		s := engine.NewSelector("s")
		s.AddReceive(ch, func(c engine.ReceiveChannel, more bool) { c.Receive(ctx, &got) })
		s.Select(ctx)
	})
	h.run() // Select blocks
	if !ch.SendAsync("late") {
		t.Fatal("a blocked Select must take the value")
	}
	h.run()
	if got != "late" || !h.d.Done() {
		t.Errorf("got %q", got)
	}
}

func TestSelectorDefaultAndSend(t *testing.T) {
	h := newHarness(t)
	ch := engine.NewBufferedChannel("out", 1, nil)
	var log []string
	h.start(engine.Background(), func(ctx engine.Context) {
		s := engine.NewSelector("s")
		s.AddSend(ch, 1, func() { log = append(log, "sent") })
		s.AddDefault(func() { log = append(log, "default") })
		s.Select(ctx) // buffer has room: sends
		s.Select(ctx) // full: default
		if !s.HasPending() {
			log = append(log, "nothing pending")
		}
	})
	h.run()
	if strings.Join(log, ",") != "sent,default,nothing pending" {
		t.Errorf("log %v", log)
	}
}

// recordingFlags records which flags were asked for, answering as told.
type recordingFlags struct {
	answer map[engine.SDKFlag]bool
	asked  []engine.SDKFlag
}

func (f *recordingFlags) TryUse(flag engine.SDKFlag) bool {
	f.asked = append(f.asked, flag)
	return f.answer[flag]
}

// TestSelectorAsksBothSignalFlagsLikeTheOfficialSDK guards replay
// compatibility: the official SDK asks for flags 5 and 8 whenever a blocked
// receive case fires, so both SDKs record the same flags.
func TestSelectorAsksBothSignalFlagsLikeTheOfficialSDK(t *testing.T) {
	h := newHarness(t)
	flags := &recordingFlags{answer: map[engine.SDKFlag]bool{}}
	ch := engine.NewChannel("signal", nil)
	h.start(engine.WithFlags(engine.Background(), flags), func(ctx engine.Context) {
		s := engine.NewSelector("s")
		s.AddReceive(ch, func(c engine.ReceiveChannel, more bool) { c.Receive(ctx, nil) })
		s.Select(ctx)
	})
	h.run()
	ch.SendAsync("x")
	h.run()
	if fmt.Sprint(flags.asked) != "[5 8]" {
		t.Errorf("flags asked: %v, want [5 8]", flags.asked)
	}
}

func TestBlockingOutsideAWorkflowContextPanicsWithAnExplanation(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "not a workflow context") {
			t.Errorf("recover() = %v", r)
		}
	}()
	engine.NewChannel("c", nil).Receive(engine.Background(), nil)
}

func TestBlockingWithAnotherCoroutinesContextIsReported(t *testing.T) {
	h := newHarness(t)
	h.start(engine.Background(), func(root engine.Context) {
		engine.Go(root, "child", func(engine.Context) {
			engine.NewChannel("c", nil).Receive(root, nil) // the bug: root's ctx
		})
		engine.NewChannel("never", nil).Receive(root, nil)
	})
	err := h.d.Run()
	var pe *coroutine.PanicError
	if !errors.As(err, &pe) || pe.Coroutine != "child" || !strings.Contains(fmt.Sprint(pe.Value), "with the workflow.Context of coroutine root") {
		t.Fatalf("err = %v, want a panic in child naming root's context", err)
	}
}

func TestFlagSetRecordsOnlyNewAllowedFlagsWhenCapable(t *testing.T) {
	s := engine.NewFlagSet(true, nil)
	s.AddFromHistory([]engine.SDKFlag{engine.FlagProtocolMessageCommand})
	s.SetReplaying(true)
	if !s.TryUse(engine.FlagProtocolMessageCommand) || s.TryUse(engine.FlagMemoUserDCEncode) {
		t.Error("replay follows history: a recorded flag applies, a new one does not")
	}
	s.SetReplaying(false)
	if !s.TryUse(engine.FlagMemoUserDCEncode) || !s.TryUse(engine.FlagLimitChangeVersionSASize) {
		t.Error("new work adopts allowed flags")
	}
	if s.TryUse(engine.FlagCancelAwaitTimerOnCondition) {
		t.Error("flag 6 is never recorded by default, as in the official SDK")
	}
	if got := fmt.Sprint(s.TakeNew()); got != "[1 7]" {
		t.Errorf("new flags %s, want [1 7]", got)
	}
	if s.TakeNew() != nil || !s.TryUse(engine.FlagMemoUserDCEncode) {
		t.Error("sent flags stay in use and are not sent twice")
	}
	incapable := engine.NewFlagSet(false, nil)
	if incapable.TryUse(engine.FlagMemoUserDCEncode) {
		t.Error("without the server's SdkMetadata capability nothing is recorded")
	}
}

func TestCancellingSeveralChildContextsAsksForFlag9(t *testing.T) {
	flags := &recordingFlags{answer: map[engine.SDKFlag]bool{engine.FlagOrderedChildCancel: true}}
	root, cancel := engine.WithCancel(engine.WithFlags(engine.Background(), flags))
	one, _ := engine.WithCancel(root)
	lone, cancelLone := engine.WithCancel(one)
	_, _ = engine.WithCancel(root)
	cancelLone() // a single child: no flag
	if len(flags.asked) != 0 {
		t.Fatalf("flags asked for a context without several children: %v", flags.asked)
	}
	cancel()
	if fmt.Sprint(flags.asked) != "[9]" {
		t.Errorf("flags asked: %v, want [9] as the official SDK records it", flags.asked)
	}
	if lone.Err() == nil || one.Err() == nil {
		t.Error("children were not cancelled")
	}
}

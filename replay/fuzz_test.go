package replay_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// FuzzReadHistory feeds ReadHistory every fixture and mutations of them: it
// must never panic, and it must either return a valid history or one of the
// package's two error types.
func FuzzReadHistory(f *testing.F) {
	for _, pattern := range []string{"testdata/*.json", "testdata/*.bin", "testdata/*/*"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := replay.ReadHistory(bytes.NewReader(data))
		if err != nil {
			var corrupt *replay.CorruptHistoryError
			var format *replay.FormatError
			if !errors.As(err, &corrupt) && !errors.As(err, &format) {
				t.Fatalf("err = %v (%T), want a *CorruptHistoryError or a *FormatError", err, err)
			}
			if h != nil {
				t.Fatal("got a history with the error")
			}
			_ = err.Error()
			return
		}
		if err := replay.ValidateHistory(h); err != nil {
			t.Fatalf("ReadHistory returned a history ValidateHistory rejects: %v", err)
		}
	})
}

// FuzzReplay replays mutated regression histories on their workflows:
// truncated, reordered or corrupted events must give an error, never a
// panic, and replay must finish.
func FuzzReplay(f *testing.F) {
	files, err := filepath.Glob("testdata/regression/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		h, err := replay.LoadHistoryFile(file)
		if err != nil {
			f.Fatal(err)
		}
		data, err := proto.Marshal(h)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		// Truncated at every tenth event: a history cut short replays as
		// far as it goes.
		for n := 10; n < len(h.GetEvents()); n += 10 {
			cut, err := proto.Marshal(&historypb.History{Events: h.GetEvents()[:n]})
			if err != nil {
				f.Fatal(err)
			}
			f.Add(cut)
		}
	}
	r := worker.NewRegistry()
	for _, wf := range []any{fixture.IDs, fixture.WaitCancel, fixture.LARetry} {
		if err := r.RegisterWorkflow(wf); err != nil {
			f.Fatal(err)
		}
	}
	rp := replay.NewReplayer(r, replay.Options{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var h historypb.History
		if proto.Unmarshal(data, &h) != nil {
			return // not a history: ReadHistory's fuzz target covers decoding
		}
		done := make(chan error, 1)
		go func() { done <- rp.ReplayHistory(&h) }()
		select {
		case err := <-done:
			if err != nil {
				_ = err.Error()
			}
		case <-time.After(10 * time.Second):
			t.Fatal("replay did not finish in 10s")
		}
	})
}

package replay_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/workflowdef/workflowdef/replay"
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

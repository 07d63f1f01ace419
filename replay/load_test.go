package replay_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/replay"
)

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadHistoryDirLoadsJSONAndBinaryFilesSortedByName(t *testing.T) {
	histories, err := replay.LoadHistoryDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, h := range histories {
		names = append(names, h.Name)
		if len(h.History.GetEvents()) == 0 {
			t.Errorf("%s: no events", h.Name)
		}
	}
	// testdata/README.md is skipped, and so are the subdirectories.
	want := []string{"cli_show_terminated.json", "newer_server.json", "timer.bin", "timer_canonical.json", "timer_short.json"}
	if !slices.Equal(names, want) {
		t.Errorf("names = %q, want %q", names, want)
	}
}

func TestLoadHistoryDirMatchesExtensionsWithoutCase(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/timer_short.json", filepath.Join(dir, "B.JSON"))
	copyFile(t, "testdata/timer.bin", filepath.Join(dir, "a.Bin"))
	copyFile(t, "testdata/timer_short.json", filepath.Join(dir, "c.json.orig"))
	if err := os.Mkdir(filepath.Join(dir, "d.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	histories, err := replay.LoadHistoryDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(histories) != 2 || histories[0].Name != "B.JSON" || histories[1].Name != "a.Bin" {
		t.Errorf("loaded %v, want B.JSON and a.Bin", histories)
	}
}

func TestLoadHistoryDirNamesEveryBadFile(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/timer_short.json", filepath.Join(dir, "good.json"))
	copyFile(t, "testdata/corrupt/id_gap.json", filepath.Join(dir, "gap.json"))
	copyFile(t, "testdata/malformed/notes.bin", filepath.Join(dir, "notes.bin"))
	histories, err := replay.LoadHistoryDir(dir)
	if err == nil {
		t.Fatal("no error")
	}
	if histories != nil {
		t.Errorf("got %d histories with the error", len(histories))
	}
	for _, bad := range []string{"gap.json", "notes.bin"} {
		if !strings.Contains(err.Error(), filepath.Join(dir, bad)) {
			t.Errorf("error does not name %s:\n%v", bad, err)
		}
	}
	if strings.Contains(err.Error(), "good.json") {
		t.Errorf("error names the good file:\n%v", err)
	}
	var corrupt *replay.CorruptHistoryError
	var format *replay.FormatError
	if !errors.As(err, &corrupt) || !errors.As(err, &format) {
		t.Errorf("errors.As does not find both the *CorruptHistoryError and the *FormatError in %v", err)
	}
}

func TestLoadHistoryDirWithoutHistoriesIsAnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := replay.LoadHistoryDir(dir)
	if err == nil || !strings.Contains(err.Error(), "no history files") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("err = %v, want one saying %s has no history files", err, dir)
	}
}

func TestLoadHistoryDirReportsAMissingDir(t *testing.T) {
	_, err := replay.LoadHistoryDir("testdata/no-such-dir")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
}

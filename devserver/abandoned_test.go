package devserver_test

import (
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/workflowdef/workflowdef/devserver"
)

// TestAbandonedDirectoriesAreRemoved: a server directory whose program
// exited without removing it (a test binary killed by -timeout) is removed
// by the next Start; one whose program still runs, or whose owner is not
// recorded, is kept.
func TestAbandonedDirectoriesAreRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no way to tell an exited process there; nothing is removed")
	}
	exited := exec.Command("true")
	if err := exited.Run(); err != nil {
		t.Fatal(err)
	}
	mkdir := func(owner string) string {
		dir, err := os.MkdirTemp("", "workflowdef-devserver-*")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.RemoveAll(dir) })
		if owner != "" {
			if err := os.WriteFile(filepath.Join(dir, devserver.OwnerFile), []byte(owner), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	abandoned := mkdir(strconv.Itoa(exited.Process.Pid))
	ours := mkdir(strconv.Itoa(os.Getpid()))
	unknown := mkdir("")
	devserver.RemoveAbandonedDirs(slog.New(slog.DiscardHandler))
	for dir, wantKept := range map[string]bool{abandoned: false, ours: true, unknown: true} {
		if _, err := os.Stat(dir); (err == nil) != wantKept {
			t.Errorf("%s: stat %v; want kept %v", dir, err, wantKept)
		}
	}
}

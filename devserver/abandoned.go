package devserver

import (
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// dirPattern names the directories Start makes for a server's database
// and log when Options.Dir is empty.
const dirPattern = "workflowdef-devserver-*"

// ownerFile, in such a directory, holds the process ID of the program
// that made it, so a later Start can tell an abandoned directory from one
// in use.
const ownerFile = "owner.pid"

// makeOwnedDir makes a directory for a server and records this process as
// its owner.
func makeOwnedDir() (string, error) {
	dir, err := os.MkdirTemp("", dirPattern)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		_ = os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// removeAbandonedDirs removes the directories of earlier servers whose
// program has exited without removing them: a test binary killed by go
// test's -timeout, or by a signal, runs no cleanup, and its server's
// directory (a few megabytes) would otherwise stay in the temporary
// directory for good. A directory whose owner cannot be read or is still
// running is left alone.
func removeAbandonedDirs(logger *slog.Logger) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPattern))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid == os.Getpid() || !processGone(pid) {
			continue
		}
		if err := os.RemoveAll(dir); err == nil {
			logger.Info("removed the directory of a dev server whose program exited without removing it", "dir", dir, "pid", pid)
		}
	}
}

//go:build !unix

package devserver

import (
	"os"
	"os/exec"
)

type signal int

const (
	sigTerm signal = iota
	sigKill
)

// isolate has no process groups to use here; stop kills the server process.
func isolate(*exec.Cmd) {}

// signalGroup kills the server process: without Unix signals there is no
// graceful stop to ask for.
func signalGroup(p *os.Process, _ signal) error {
	if err := p.Kill(); err != nil && err != os.ErrProcessDone {
		return err
	}
	return nil
}

// groupExists is false: without process groups, the server process is all
// there is, and stop has already waited for it.
func groupExists(*os.Process) bool { return false }

// processGone is false: without Unix signals there is no cheap way to ask
// whether a process exists, so no directory counts as abandoned.
func processGone(int) bool { return false }

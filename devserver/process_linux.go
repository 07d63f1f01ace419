//go:build linux

package devserver

import (
	"os/exec"
	"syscall"
)

// isolate puts the server in its own process group, so stopping it reaches
// every process it started, and has the kernel kill it if we die first.
func isolate(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

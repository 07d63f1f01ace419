package devserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"time"
)

// process is the dev server's process group. Its waiter goroutine is the only
// one that calls Wait; it ends when the process exits, which stop guarantees.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed once the server process has exited
	waited error         // Wait's result, readable after exited is closed
}

func startProcess(exe string, args []string, logPath string) (*process, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("creating the server log: %w", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	// The server's default for its version-check setting comes from this
	// variable: set it as well, so no check leaves the machine even when a
	// caller overrides the dynamic config.
	cmd.Env = append(os.Environ(), "TEMPORAL_VERSION_CHECK_DISABLED=1")
	isolate(cmd)

	p := &process{cmd: cmd, exited: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		defer close(p.exited)
		defer logFile.Close()
		// On Linux the child gets SIGKILL when the OS thread that started it
		// exits (Pdeathsig), so that a crashed test binary leaves no server
		// behind. Keep that thread alive, and this goroutine on it, for as
		// long as the child runs.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.waited = cmd.Wait()
	}()
	if err := <-started; err != nil {
		<-p.exited
		return nil, err
	}
	return p, nil
}

// stop sends SIGTERM to the group, waits up to grace (or until ctx is done),
// then SIGKILLs the group. It returns once the server process has exited.
func (p *process) stop(ctx context.Context, grace time.Duration) error {
	select {
	case <-p.exited:
		// Already gone; still sweep the group for stragglers below.
	default:
		if err := signalGroup(p.cmd.Process, sigTerm); err != nil {
			return fmt.Errorf("devserver: stopping the server: %w", err)
		}
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case <-p.exited:
		case <-timer.C:
		case <-ctx.Done():
		}
	}
	// Kill whatever is left of the group, the server itself if it ignored
	// SIGTERM, and any child it may have started.
	if err := signalGroup(p.cmd.Process, sigKill); err != nil {
		return fmt.Errorf("devserver: killing the server: %w", err)
	}
	<-p.exited
	// Children killed with the group are reaped by init shortly after; wait
	// for that, so a caller that checks finds nothing left.
	deadline := time.Now().Add(groupReapTimeout)
	for groupExists(p.cmd.Process) {
		if time.Now().After(deadline) {
			return fmt.Errorf("devserver: process group %d still has processes %v after SIGKILL", p.cmd.Process.Pid, groupReapTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}

// groupReapTimeout bounds the wait for killed children to be reaped.
const groupReapTimeout = 5 * time.Second

// exitError describes why the server process ended, for startup errors.
func (p *process) exitError() error {
	if p.waited == nil {
		return errors.New("the server process exited with status 0")
	}
	return fmt.Errorf("the server process exited: %w", p.waited)
}

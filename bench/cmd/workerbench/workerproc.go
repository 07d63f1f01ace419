package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// workerProc is a worker process seen from the parent.
type workerProc struct {
	sdk   string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	// msgs carries the process's stdout lines; the reader closes it when
	// stdout ends, that is when the process has exited.
	msgs chan childMsg
	// readErr is the reader's error, read after msgs is closed.
	readErr error
	readyAt time.Time

	waitOnce sync.Once
	waitErr  error
}

// killGrace is how long stop waits for the process to exit after it
// answered stop or was killed.
const killGrace = 10 * time.Second

// startWorkerProc runs exe as a worker process for cfg and waits until its
// worker has started polling.
func startWorkerProc(ctx context.Context, exe string, cfg workerConfig) (*workerProc, error) {
	cmd := exec.Command(exe, cfg.args()...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the %s worker process: %w", cfg.SDK, err)
	}
	p := &workerProc{sdk: cfg.SDK, cmd: cmd, stdin: stdin, msgs: make(chan childMsg, 4)}
	go p.read(stdout) // ends when the process exits; stop and kill wait for it
	m, err := p.next(ctx)
	if err == nil && m.Event != eventReady {
		err = fmt.Errorf("the %s worker process said %q, want %q", cfg.SDK, m.Event, eventReady)
	}
	if err != nil {
		return nil, errors.Join(err, p.kill())
	}
	p.readyAt = time.Now()
	return p, nil
}

// pid is the worker process's ID.
func (p *workerProc) pid() int { return p.cmd.Process.Pid }

// read forwards stdout lines to msgs until the process closes stdout.
func (p *workerProc) read(stdout io.Reader) {
	defer close(p.msgs)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var m childMsg
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			p.readErr = fmt.Errorf("the %s worker process wrote %q to stdout: %w", p.sdk, sc.Text(), err)
			continue
		}
		p.msgs <- m
	}
	if err := sc.Err(); err != nil && p.readErr == nil {
		p.readErr = err
	}
}

// next returns the process's next message; an error message or the
// process's exit is an error.
func (p *workerProc) next(ctx context.Context) (childMsg, error) {
	select {
	case m, ok := <-p.msgs:
		switch {
		case !ok:
			return childMsg{}, fmt.Errorf("the %s worker process exited unexpectedly: %w", p.sdk, p.exitError())
		case m.Event == eventError:
			return m, fmt.Errorf("the %s worker process: %s", p.sdk, m.Error)
		}
		return m, nil
	case <-ctx.Done():
		return childMsg{}, fmt.Errorf("waiting for the %s worker process: %w", p.sdk, context.Cause(ctx))
	}
}

// wait waits for the process, whose stdout has ended, and returns how it
// ended: nil for exit status 0.
func (p *workerProc) wait() error {
	p.waitOnce.Do(func() { p.waitErr = p.cmd.Wait() })
	return errors.Join(p.waitErr, p.readErr)
}

// exitError describes how a process that was not told to stop ended.
func (p *workerProc) exitError() error {
	if err := p.wait(); err != nil {
		return err
	}
	return errors.New("exit status 0")
}

// mem asks the process for its memory statistics after a full GC.
func (p *workerProc) mem(ctx context.Context) (memStats, error) {
	if _, err := io.WriteString(p.stdin, cmdMem+"\n"); err != nil {
		return memStats{}, fmt.Errorf("asking the %s worker process for its memory: %w", p.sdk, err)
	}
	m, err := p.next(ctx)
	if err != nil {
		return memStats{}, err
	}
	if m.Event != eventMem || m.Mem == nil {
		return memStats{}, fmt.Errorf("the %s worker process answered %q to %q", p.sdk, m.Event, cmdMem)
	}
	return *m.Mem, nil
}

// stop stops the worker gracefully and waits for the process to exit. If
// it does not within the stop timeout, it is killed. It returns the
// worker's stop error, if any.
func (p *workerProc) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout+killGrace)
	defer cancel()
	_, werr := io.WriteString(p.stdin, cmdStop+"\n")
	_ = p.stdin.Close()
	if werr != nil {
		return errors.Join(fmt.Errorf("telling the %s worker process to stop: %w", p.sdk, werr), p.kill())
	}
	var stopErr error
	for {
		m, err := p.next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return errors.Join(err, p.kill())
			}
			if m.Event == eventError {
				stopErr = err
				continue
			}
			break // exited
		}
		if m.Event == eventStopped {
			continue // the exit follows
		}
	}
	if err := p.wait(); stopErr == nil && err != nil {
		stopErr = fmt.Errorf("the %s worker process: %w", p.sdk, err)
	}
	return stopErr
}

// kill ends the process at once and waits for it.
func (p *workerProc) kill() error {
	_ = p.stdin.Close()
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("killing the %s worker process %d: %w", p.sdk, p.pid(), err)
	}
	timer := time.NewTimer(killGrace)
	defer timer.Stop()
	for {
		select {
		case _, ok := <-p.msgs:
			if !ok {
				_ = p.wait() // killed: the exit status says so
				return nil
			}
		case <-timer.C:
			return fmt.Errorf("the %s worker process %d did not exit %v after SIGKILL", p.sdk, p.pid(), killGrace)
		}
	}
}

// goroutines asks the process for its goroutine count, read without a GC.
func (p *workerProc) goroutines(ctx context.Context) (int, error) {
	if _, err := io.WriteString(p.stdin, cmdGoroutines+"\n"); err != nil {
		return 0, fmt.Errorf("asking the %s worker process for its goroutines: %w", p.sdk, err)
	}
	m, err := p.next(ctx)
	if err != nil {
		return 0, err
	}
	if m.Event != eventGoroutines {
		return 0, fmt.Errorf("the %s worker process answered %q to %q", p.sdk, m.Event, cmdGoroutines)
	}
	return m.Goroutines, nil
}

// taskTimes asks the process for the workflow-task execution times its
// worker recorded since the last ask (a process started with TaskTimes).
func (p *workerProc) taskTimes(ctx context.Context) ([]time.Duration, error) {
	if _, err := io.WriteString(p.stdin, cmdTaskTimes+"\n"); err != nil {
		return nil, fmt.Errorf("asking the %s worker process for its task times: %w", p.sdk, err)
	}
	m, err := p.next(ctx)
	if err != nil {
		return nil, err
	}
	if m.Event != eventTaskTimes {
		return nil, fmt.Errorf("the %s worker process answered %q to %q", p.sdk, m.Event, cmdTaskTimes)
	}
	return m.TaskTimes, nil
}

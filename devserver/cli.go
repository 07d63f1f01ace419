package devserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// cliPackage is the import path of the Temporal CLI's main package, as a
// go.mod tool directive names it.
const cliPackage = "github.com/temporalio/cli/cmd/temporal"

// ErrCLINotFound is returned (wrapped) by [Start] when no Temporal CLI can be
// found or built; the message lists the ways to provide one.
var ErrCLINotFound = errors.New("devserver: no Temporal CLI found")

// resolveCLI finds the temporal binary in the order the package documentation
// gives.
func resolveCLI(ctx context.Context, opts Options, logger *slog.Logger) (string, error) {
	if opts.Executable != "" {
		info, err := os.Stat(opts.Executable)
		if err != nil {
			return "", fmt.Errorf("devserver: Options.Executable: %w", err)
		}
		if info.IsDir() || info.Mode().Perm()&0o111 == 0 {
			return "", fmt.Errorf("devserver: Options.Executable %s is not an executable file", opts.Executable)
		}
		return opts.Executable, nil
	}
	if opts.ToolModfile != "" {
		modfile, err := filepath.Abs(opts.ToolModfile)
		if err != nil {
			return "", fmt.Errorf("devserver: Options.ToolModfile: %w", err)
		}
		if _, err := os.Stat(modfile); err != nil {
			return "", fmt.Errorf("devserver: Options.ToolModfile: %w", err)
		}
		return BuildCLI(ctx, modfile, logger)
	}
	path, err := BuildCLI(ctx, "", logger)
	if err == nil {
		return path, nil
	}
	if !errors.Is(err, errNoTool) {
		return "", err
	}
	if path, err := exec.LookPath("temporal"); err == nil {
		return path, nil
	}
	return "", fmt.Errorf(`%w. Do one of:
  - pin it in your module: go get -tool %s@v1.5.1
  - set devserver.Options.ToolModfile to a go.mod that pins it
  - set devserver.Options.Executable to the binary, or put temporal on PATH`, ErrCLINotFound, cliPackage)
}

// errNoTool marks a module without a temporal tool directive, as opposed to
// a build that failed.
var errNoTool = errors.New("the module has no temporal tool")

// BuildCLI builds the Temporal CLI pinned by the `tool` directive of modfile
// (the current module's go.mod when modfile is "") and returns the path of
// the binary in Go's build cache. The first build compiles the Temporal server
// and takes minutes on a small machine, so it logs progress every half
// minute; later calls return in a second or two. A modfile is built with
// GOWORK=off, as go refuses -modfile inside a workspace.
func BuildCLI(ctx context.Context, modfile string, logger *slog.Logger) (string, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	args := []string{"tool"}
	var dir string
	var env []string
	if modfile != "" {
		// go needs a go.mod in the working directory tree to find a module
		// root: run where the tool module lives.
		args = append(args, "-modfile="+modfile)
		dir = filepath.Dir(modfile)
		// A go.work above the tool module, or GOWORK, would make go refuse
		// -modfile; the tool module stands alone.
		env = append(os.Environ(), "GOWORK=off")
	}
	args = append(args, "-n", "temporal")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	done := make(chan struct{})
	progressDone := make(chan struct{})
	go reportBuildProgress(logger, modfile, done, progressDone)
	err := cmd.Run()
	close(done)
	<-progressDone

	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if modfile == "" && (errors.Is(err, exec.ErrNotFound) || strings.Contains(msg, "no such tool") || strings.Contains(msg, "go.mod file not found")) {
			// No go command, no module, or a module without the tool: look
			// elsewhere.
			return "", errNoTool
		}
		where := "the current module"
		if modfile != "" {
			where = modfile
		}
		return "", fmt.Errorf("devserver: building the Temporal CLI from %s (go %s): %w\n%s",
			where, strings.Join(args, " "), err, msg)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	path := strings.TrimSpace(lines[len(lines)-1])
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("devserver: go tool -n temporal printed %q, which is not a file: %w", path, err)
	}
	return path, nil
}

// reportBuildProgress logs while a CLI build runs, so a first build that takes
// minutes does not look hung. A cached build finishes before the first line.
func reportBuildProgress(logger *slog.Logger, modfile string, done <-chan struct{}, finished chan<- struct{}) {
	defer close(finished)
	start := time.Now()
	first := time.NewTimer(3 * time.Second)
	defer first.Stop()
	select {
	case <-done:
		return
	case <-first.C:
	}
	logger.Info("building the Temporal CLI; the first build compiles the Temporal server and takes several minutes", "modfile", modfile)
	ticker := time.NewTicker(30 * time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-done:
			logger.Info("built the Temporal CLI", "took", time.Since(start).Round(time.Second))
			return
		case <-ticker.C:
			logger.Info("still building the Temporal CLI", "elapsed", time.Since(start).Round(time.Second))
		}
	}
}

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of utime and stime in /proc/<pid>/stat: USER_HZ,
// which Linux fixes at 100 for user space.
const clockTick = 10 * time.Millisecond

// procCPU is the CPU time (user + system, all threads) process pid has
// used, from /proc/<pid>/stat.
func procCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading the CPU time of process %d (the benchmark needs Linux's /proc): %w", pid, err)
	}
	ticks, err := parseStatCPU(string(data))
	if err != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return time.Duration(ticks) * clockTick, nil
}

// parseStatCPU returns utime + stime, in clock ticks, of a /proc/<pid>/stat
// line. The command name (field 2) may hold spaces and parentheses, so
// fields are counted from the last ')'.
func parseStatCPU(stat string) (uint64, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, fmt.Errorf("no command name in %q", stat)
	}
	// After ')': field 3 (state) onwards; utime and stime are fields 14
	// and 15.
	fields := strings.Fields(stat[end+1:])
	const utime, stime = 14 - 3, 15 - 3
	if len(fields) <= stime {
		return 0, fmt.Errorf("%d fields after the command name, want more than %d", len(fields), stime)
	}
	var total uint64
	for _, i := range []int{utime, stime} {
		v, err := strconv.ParseUint(fields[i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("field %d: %w", i+3, err)
		}
		total += v
	}
	return total, nil
}

// procStatusBytes reads a "kB" field of /proc/<pid>/status, such as VmHWM
// (peak resident set size) or VmRSS, in bytes.
func procStatusBytes(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("reading the memory of process %d (the benchmark needs Linux's /proc): %w", pid, err)
	}
	defer f.Close()
	v, err := parseStatusField(bufio.NewScanner(f), field)
	if err != nil {
		return 0, fmt.Errorf("/proc/%d/status: %w", pid, err)
	}
	return v, nil
}

// parseStatusField finds "field:   123 kB" and returns it in bytes.
func parseStatusField(sc *bufio.Scanner, field string) (int64, error) {
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		parts := strings.Fields(value)
		if len(parts) != 2 || parts[1] != "kB" {
			return 0, fmt.Errorf("%s is %q, want a number of kB", field, strings.TrimSpace(value))
		}
		kb, err := strconv.ParseInt(parts[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", field, err)
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no %s line", field)
}

// machine describes where the benchmark ran, and what.
type machine struct {
	// CPUs counts the processors /proc/cpuinfo lists (runtime.NumCPU
	// where it cannot be read).
	CPUs       int
	CPUModel   string
	GoVersion  string
	OSArch     string
	OfficialSD string // version of go.temporal.io/sdk built in
	// Commit is the workflowdef commit checked out, with a note when the
	// work tree has changes.
	Commit string
}

func machineInfo() machine {
	m := machine{
		CPUs:       runtime.NumCPU(),
		CPUModel:   "unknown CPU",
		GoVersion:  runtime.Version(),
		OSArch:     runtime.GOOS + "/" + runtime.GOARCH,
		OfficialSD: "unknown",
		Commit:     sourceCommit(),
	}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		model, cpus := parseCPUInfo(string(data))
		if model != "" {
			m.CPUModel = model
		}
		if cpus > 0 {
			m.CPUs = cpus
		}
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "go.temporal.io/sdk" {
				m.OfficialSD = dep.Version
			}
		}
	}
	return m
}

// parseCPUInfo returns the first "model name" of /proc/cpuinfo and how
// many processors it lists.
func parseCPUInfo(cpuinfo string) (model string, cpus int) {
	for line := range strings.SplitSeq(cpuinfo, "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(name) {
		case "processor":
			cpus++
		case "model name":
			if model == "" {
				model = strings.TrimSpace(value)
			}
		}
	}
	return model, cpus
}

// sourceCommit is the commit of the git work tree around the working
// directory ("go run" stamps no VCS information into the binary).
func sourceCommit() string {
	out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown (no git work tree)"
	}
	commit := strings.TrimSpace(string(out))
	if status, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(status)) > 0 {
		commit += " with uncommitted changes"
	}
	return commit
}

// loadAverage is the machine's 1-minute load average from /proc/loadavg,
// or "unknown".
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if fields := strings.Fields(string(data)); len(fields) > 0 {
		return fields[0]
	}
	return "unknown"
}

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }

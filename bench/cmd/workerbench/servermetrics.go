package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// queueMatches counts how the server's matching service gave one task
// queue's workflow tasks to the worker's polls, per queue kind.
type queueMatches struct {
	Normal, Sticky matchCount
}

// matchCount is tasks given to polls, and how many of them went straight
// to a poll already waiting (a sync match). The rest had no poll waiting
// when they arrived: the server wrote them to its task backlog and read
// them back for a later poll, which costs it persistence writes and
// reads and costs the task the time that takes.
type matchCount struct {
	Delivered, Sync float64
}

// minus is the counts since earlier.
func (q queueMatches) minus(earlier queueMatches) queueMatches {
	return queueMatches{Normal: q.Normal.minus(earlier.Normal), Sticky: q.Sticky.minus(earlier.Sticky)}
}

func (m matchCount) minus(earlier matchCount) matchCount {
	return matchCount{Delivered: m.Delivered - earlier.Delivered, Sync: m.Sync - earlier.Sync}
}

// syncShare is the percentage of delivered tasks that were sync-matched.
func (m matchCount) syncShare() (float64, bool) {
	if m.Delivered == 0 {
		return 0, false
	}
	return 100 * m.Sync / m.Delivered, true
}

// scrapeMatches reads the server's Prometheus counters for taskQueue's
// workflow tasks from metricsAddress (host:port): poll_success counts the
// polls that got a task, poll_success_sync those whose task was
// sync-matched, per partition; the sticky queue is partition
// "__sticky__".
func scrapeMatches(ctx context.Context, metricsAddress, taskQueue string) (queueMatches, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+metricsAddress+"/metrics", nil)
	if err != nil {
		return queueMatches{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return queueMatches{}, fmt.Errorf("reading the server's metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return queueMatches{}, fmt.Errorf("reading the server's metrics: GET %s: %s", req.URL, resp.Status)
	}
	m, err := parseMatches(resp.Body, taskQueue)
	if err != nil {
		return queueMatches{}, fmt.Errorf("the server's metrics at %s: %w", req.URL, err)
	}
	return m, nil
}

// parseMatches sums taskQueue's workflow-task poll counters from a
// Prometheus text exposition.
func parseMatches(r io.Reader, taskQueue string) (queueMatches, error) {
	// The server's Prometheus reporter turns every character of a label
	// value outside [A-Za-z0-9_] into '_'.
	wantQueue := strings.Map(func(r rune) rune {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, taskQueue)
	var m queueMatches
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		name, rest, ok := strings.Cut(text, "{")
		if !ok || (name != "poll_success" && name != "poll_success_sync") {
			continue
		}
		labelText, valueText, ok := strings.Cut(rest, "} ")
		if !ok {
			return m, fmt.Errorf("line %d: %q has no closing brace before its value", line, text)
		}
		labels, err := parseLabels(labelText)
		if err != nil {
			return m, fmt.Errorf("line %d: %w", line, err)
		}
		if labels["taskqueue"] != wantQueue || labels["task_type"] != "Workflow" {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(valueText), 64)
		if err != nil {
			return m, fmt.Errorf("line %d: value of %s: %w", line, name, err)
		}
		count := &m.Normal
		if labels["partition"] == "__sticky__" {
			count = &m.Sticky
		}
		if name == "poll_success" {
			count.Delivered += v
		} else {
			count.Sync += v
		}
	}
	if err := sc.Err(); err != nil {
		return m, err
	}
	return m, nil
}

// parseLabels parses `a="x",b="y"` with the exposition format's escapes
// (\\, \" and \n) in values.
func parseLabels(s string) (map[string]string, error) {
	labels := map[string]string{}
	for len(s) > 0 {
		key, rest, ok := strings.Cut(s, `="`)
		if !ok {
			return nil, fmt.Errorf("label list %q: no =\" after %q", s, key)
		}
		var value strings.Builder
		i := 0
		for ; i < len(rest) && rest[i] != '"'; i++ {
			if rest[i] == '\\' && i+1 < len(rest) {
				i++
				if rest[i] == 'n' {
					value.WriteByte('\n')
					continue
				}
			}
			value.WriteByte(rest[i])
		}
		if i == len(rest) {
			return nil, fmt.Errorf("label %s: value not closed", key)
		}
		labels[key] = value.String()
		s = strings.TrimPrefix(rest[i+1:], ",")
	}
	return labels, nil
}

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryLineOfTheGoldenCasesHasAnOwner: count fails on a line of code
// it cannot place, and every rpc the file names gets lines of its own, so
// the report cannot lose lines or rpcs as the generator changes.
func TestEveryLineOfTheGoldenCasesHasAnOwner(t *testing.T) {
	var files []string
	err := filepath.WalkDir("../../testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".temporal.go") {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) < 6 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c, err := count(path, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.rpcs) == 0 {
			t.Errorf("%s: no rpcs found", path)
		}
		for _, r := range c.rpcs {
			if sum(c.lines[r.name]) == 0 {
				t.Errorf("%s: rpc %s has no lines", path, r.name)
			}
		}
	}
}

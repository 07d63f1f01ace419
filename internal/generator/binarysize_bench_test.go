package generator_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkClientBinarySize builds two programs that start an order and
// wait for its result, stripped as a release would be (-trimpath -s -w):
// testdata/binarysize/generated through the generated orders client,
// testdata/binarysize/direct through runtime/client with the names written
// by hand. It reports both sizes and their ratio (the goal: at most 1.2);
// the difference is what the generated package links beyond the client.
//
//	go test -run '^$' -bench ClientBinarySize ./internal/generator/
func BenchmarkClientBinarySize(b *testing.B) {
	dir := b.TempDir()
	size := func(name string) float64 {
		out := filepath.Join(dir, name)
		cmd := exec.CommandContext(b.Context(), "go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./testdata/binarysize/"+name)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("go build %s: %v\n%s", name, err, stderr.String())
		}
		fi, err := os.Stat(out)
		if err != nil {
			b.Fatal(err)
		}
		return float64(fi.Size())
	}
	var generated, direct float64
	for b.Loop() {
		generated, direct = size("generated"), size("direct")
	}
	b.ReportMetric(generated, "generated-bytes")
	b.ReportMetric(direct, "direct-bytes")
	b.ReportMetric(generated/direct, "ratio")
}

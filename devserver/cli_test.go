package devserver_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
)

// TestStartBuildsTheToolModfileCLIInsideAGoWorkspace protects users whose
// module is part of a go.work: go refuses -modfile in workspace mode.
func TestStartBuildsTheToolModfileCLIInsideAGoWorkspace(t *testing.T) {
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(t.TempDir(), "go.work")
	content := "go " + goDirective(t, filepath.Join(root, "go.mod")) + "\n\nuse " + root + "\n"
	if err := os.WriteFile(work, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOWORK", work)
	// Refuse to pass unless go really runs in workspace mode here.
	list := exec.CommandContext(t.Context(), "go", "list", "-m")
	list.Dir = root
	if out, err := list.CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "github.com/workflowdef/workflowdef" {
		t.Fatalf("go list -m with GOWORK=%s: %v\n%s", work, err, out)
	}

	s, err := devserver.Start(t.Context(), serverOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	if _, err := describeNamespace(t, s.Address(), devserver.DefaultNamespace); err != nil {
		t.Fatalf("DescribeNamespace: %v", err)
	}
	if got := os.Getenv("GOWORK"); got != work {
		t.Errorf("GOWORK = %q after Start, want the caller's %q untouched", got, work)
	}
}

// goDirective returns the version in a go.mod's go line.
func goDirective(t *testing.T, gomod string) string {
	t.Helper()
	f, err := os.Open(gomod)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go "); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("%s has no go line", gomod)
	return ""
}

package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEQuickstart follows the README's "Generate" instructions in a
// fresh module, as a user would: the README's own `go get -tool` line and
// its buf.gen.yaml, with the schema copied where it says. The example's
// proto goes through them, and the example's workflows, activities and
// program, moved into the user's module, must then build and vet against
// what was generated. A README whose instructions stop working fails here.
//
// It needs no network: the runtime comes from this checkout through a
// replace directive, and every other module from the module cache.
func TestREADMEQuickstart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module and runs buf")
	}
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	steps := quickstartSteps(t, string(readme))

	dir := t.TempDir()
	const module = "example.com/acme"
	write(t, dir, "go.mod", "module "+module+"\n\ngo 1.26.0\n\n"+
		"require github.com/workflowdef/workflowdef v0.0.0\n\n"+
		"replace github.com/workflowdef/workflowdef => "+root+"\n")
	// The checkout's go.sum already holds every module the runtime needs.
	copyFile(t, filepath.Join(root, "go.sum"), filepath.Join(dir, "go.sum"))
	write(t, dir, "buf.yaml", "version: v2\nmodules:\n  - path: proto\n")
	write(t, dir, "buf.gen.yaml", steps.bufGen)
	copyFile(t, filepath.Join(root, "proto", "temporal", "workflowdef", "v1", "workflowdef.proto"),
		filepath.Join(dir, "proto", "temporal", "workflowdef", "v1", "workflowdef.proto"))
	copyFile(t, filepath.Join(root, "proto", "example", "orders", "v1", "orders.proto"),
		filepath.Join(dir, "proto", "example", "orders", "v1", "orders.proto"))

	goCmd(t, dir, strings.Fields(strings.TrimPrefix(steps.getTool, "go "))...)
	// protoc-gen-go the same way, at the version the runtime requires, so
	// that the module cache has it.
	version := strings.TrimSpace(goCmd(t, dir, "list", "-m", "-f", "{{.Version}}", "google.golang.org/protobuf"))
	goCmd(t, dir, "get", "-tool", "google.golang.org/protobuf/cmd/protoc-gen-go@"+version)
	// The user's buf is this repository's pinned one.
	goCmd(t, dir, "tool", "-modfile="+filepath.Join(root, "tools", "buf", "go.mod"), "buf", "generate")

	generated := filepath.Join(dir, "gen", "example", "orders", "v1", "ordersv1temporal", "orders.temporal.go")
	src, err := os.ReadFile(generated)
	if err != nil {
		t.Fatalf("buf generate did not write the sub-package the README promises: %v", err)
	}
	if !strings.Contains(string(src), "// source: example/orders/v1/orders.proto\n") {
		t.Errorf("%s does not name its source proto:\n%s", generated, src[:min(len(src), 400)])
	}
	if _, err := os.Stat(filepath.Join(dir, "gen", "temporal")); err == nil {
		t.Error("buf generated the schema's Go code, which ships with the runtime; exclude_paths should have kept it out")
	}

	// The example's code, moved into the user's module.
	rewrite := strings.NewReplacer(
		"github.com/workflowdef/workflowdef/gen/", module+"/gen/",
		"github.com/workflowdef/workflowdef/examples/orders", module+"/orders",
	)
	for _, name := range []string{"doc.go", "workflows.go", "activities.go", "cmd/orders/doc.go", "cmd/orders/main.go"} {
		b, err := os.ReadFile(filepath.Join(root, "examples", "orders", filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, "orders/"+name, rewrite.Replace(string(b)))
	}
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
}

// quickstart is what the README tells a user to run and write.
type quickstart struct {
	getTool string // the `go get -tool` line for the plugin
	bufGen  string // buf.gen.yaml, with the managed-mode block added
}

// quickstartSteps reads the README's "Generate" step: its first sh block
// (the plugin's `go get -tool`), its first yaml block (buf.gen.yaml) and
// the managed-mode block that follows.
func quickstartSteps(t *testing.T, readme string) quickstart {
	t.Helper()
	_, generate, ok := strings.Cut(readme, "**2. Generate.**")
	if !ok {
		t.Fatal(`README.md has no "**2. Generate.**" step`)
	}
	generate, _, _ = strings.Cut(generate, "**3. Use.**")
	blocks := regexp.MustCompile("(?s)```(sh|yaml)\n(.*?)```").FindAllStringSubmatch(generate, -1)
	var q quickstart
	var yamls []string
	for _, b := range blocks {
		switch {
		case b[1] == "sh" && q.getTool == "":
			q.getTool = strings.TrimSpace(b[2])
		case b[1] == "yaml":
			yamls = append(yamls, b[2])
		}
	}
	if !strings.HasPrefix(q.getTool, "go get -tool github.com/workflowdef/workflowdef/cmd/protoc-gen-go-temporal") || strings.Contains(q.getTool, "\n") {
		t.Fatalf("the README's Generate step should open with the plugin's one-line `go get -tool`; found %q", q.getTool)
	}
	if len(yamls) != 2 || !strings.HasPrefix(yamls[0], "version: v2\n") || !strings.HasPrefix(yamls[1], "managed:\n") {
		t.Fatalf("the README's Generate step should show buf.gen.yaml, then its managed-mode block; found %d yaml blocks:\n%s", len(yamls), strings.Join(yamls, "---\n"))
	}
	q.bufGen = yamls[0] + yamls[1]
	return q
}

// goCmd runs the go command in dir, offline, and returns its output.
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

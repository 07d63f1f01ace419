package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/workflowdef/workflowdef/internal/generator"
)

// repoRoot is the module's root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// buildPlugin builds the plugin into a temporary directory and returns the
// binary's path.
func buildPlugin(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "protoc-gen-go-temporal")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs the binary with stdin and returns stdout, stderr and the exit
// code.
func run(t *testing.T, dir string, stdin []byte, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return o.String(), e.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
	return o.String(), e.String(), 0
}

func TestPlugin(t *testing.T) {
	bin := buildPlugin(t)

	t.Run("version", func(t *testing.T) {
		out, errOut, code := run(t, ".", nil, bin, "--version")
		if want := "protoc-gen-go-temporal " + generator.Version + "\n"; out != want || errOut != "" || code != 0 {
			t.Errorf("--version: stdout %q, stderr %q, exit %d; want %q, nothing, 0", out, errOut, code, want)
		}
	})

	t.Run("unexpected argument", func(t *testing.T) {
		_, errOut, code := run(t, ".", nil, bin, "generate")
		if code != 2 || !strings.Contains(errOut, `unexpected argument "generate": this is a protoc plugin`) {
			t.Errorf("stderr %q, exit %d; want the plugin's usage and 2", errOut, code)
		}
	})

	// A bad parameter stops the plugin before it reads any file: protogen
	// prints the error, prefixed with the binary's name, and exits 1.
	for _, tc := range []struct{ param, want string }{
		{"package_suffix=a-b", `protoc-gen-go-temporal: package_suffix="a-b": a Go package name suffix is letters, digits and underscores (the default is "temporal"; empty writes into the messages' package)`},
		{"paths=source_relative,colour=blue", `protoc-gen-go-temporal: unknown option colour=blue: protoc-gen-go-temporal takes package_suffix, and protoc-gen-go's paths, module and M`},
	} {
		t.Run("parameter "+tc.param, func(t *testing.T) {
			req, err := proto.Marshal(&pluginpb.CodeGeneratorRequest{Parameter: proto.String(tc.param)})
			if err != nil {
				t.Fatal(err)
			}
			out, errOut, code := run(t, ".", req, bin)
			if code != 1 || strings.TrimSpace(errOut) != tc.want || out != "" {
				t.Errorf("stdout %q, stderr %q, exit %d;\nwant stderr %q and exit 1", out, errOut, code, tc.want)
			}
		})
	}

	t.Run("buf reports validation errors", func(t *testing.T) {
		if testing.Short() {
			t.Skip("runs buf")
		}
		testBufReportsValidationErrors(t, bin)
	})
}

// bad is an annotated proto with two mistakes on known lines.
const bad = `syntax = "proto3";
package acme.bad.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/bad/v1;badv1";
message Req { string id = 1; }
message Res {}
service Bad {
  rpc Process(Req) returns (Res) {
    option (temporal.workflowdef.v1.workflow) = {id: "order-{idd}" task_timeout: {seconds: 600}};
  }
}
`

// testBufReportsValidationErrors runs the built plugin through the pinned
// buf on a bad proto: buf must exit non-zero and print each problem as
// file.proto:line:column, and write nothing.
func testBufReportsValidationErrors(t *testing.T, bin string) {
	root := repoRoot(t)
	dir := t.TempDir()
	schema, err := os.ReadFile(filepath.Join(root, "proto", "temporal", "workflowdef", "v1", "workflowdef.proto"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"buf.yaml":     "version: v2\n",
		"buf.gen.yaml": "version: v2\nplugins:\n  - local: " + bin + "\n    out: gen\n    opt: paths=source_relative\n    strategy: all\n",
		"temporal/workflowdef/v1/workflowdef.proto": string(schema),
		"acme/bad/v1/bad.proto":                     bad,
	}
	for name, content := range files {
		write(t, dir, name, content)
	}
	// buf runs from the repository, where its pinned version is a tool,
	// on the temporary module.
	out, errOut, code := run(t, root, nil, "go", "tool", "-modfile="+filepath.Join(root, "tools", "buf", "go.mod"), "buf", "generate", dir, "--template", filepath.Join(dir, "buf.gen.yaml"), "--output", dir)
	if code == 0 {
		t.Fatalf("buf generate succeeded on a bad proto; stdout %q, stderr %q", out, errOut)
	}
	// buf's source info places a scalar field inside the option (id, at
	// its key) but not a message-valued one (task_timeout), which is
	// reported at the option.
	for _, want := range []string{
		`acme/bad/v1/bad.proto:9:50: rpc Bad.Process: workflow ID template "order-{idd}", column 8: message acme.bad.v1.Req has no field "idd" (its fields: id)`,
		`: acme/bad/v1/bad.proto:9:12: rpc Bad.Process: task_timeout is 10m0s; the server caps a workflow task at 2m0s: set at most {seconds: 120}, or leave it unset for the server's default 10s`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("buf's output lacks\n\t%s\nstderr:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "gen")); err == nil {
		t.Error("buf wrote gen/ although the plugin failed")
	}
}

package workflowdef_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/workflowdef/workflowdef"

// importRules are the dependency rules of docs/architecture.md: a package
// matching a prefix may not import anything matching one of its forbidden
// prefixes.
var importRules = []struct {
	packages  string
	forbidden []string
	why       string
}{
	{"", []string{"go.temporal.io/sdk"}, "the runtime is ours; the official SDK lives only in interop/ and bench/"},
	{"runtime/", []string{module + "/internal/generator", module + "/cmd/"}, "the runtime never depends on the plugin"},
	{"runtime/client", []string{module + "/runtime/worker", module + "/runtime/internal", module + "/runtime/workflow"}, "services that only start workflows import the client alone"},
	{"runtime/workflow", []string{module + "/runtime/worker", module + "/runtime/client"}, "workflow code never reaches the worker or the client"},
	{"runtime/interceptor", []string{module + "/runtime/worker", module + "/runtime/client"}, "interceptors are plugged into the worker, not the other way round"},
	{"runtime/activity", []string{module + "/runtime/worker", module + "/runtime/client", module + "/runtime/workflow"}, "activity code needs only its context"},
	{"runtime/internal", []string{module + "/runtime/worker", module + "/runtime/client"}, "the engine is pure: no I/O"},
	{"runtime/converter", []string{module + "/runtime/client", module + "/runtime/worker", module + "/runtime/workflow", module + "/runtime/activity", module + "/runtime/internal"}, "converters sit at the bottom"},
	{"runtime/temporal", []string{module + "/runtime/client", module + "/runtime/worker", module + "/runtime/workflow", module + "/runtime/activity", module + "/runtime/internal"}, "typed errors sit at the bottom"},
}

type listedPackage struct {
	ImportPath string
	Deps       []string
}

// TestDependencyRules checks every package of the module, with its
// transitive imports, against importRules.
func TestDependencyRules(t *testing.T) {
	out := run(t, "go", "list", "-json=ImportPath,Deps", module+"/...")
	dec := json.NewDecoder(bytes.NewReader(out))
	checked := 0
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list output: %v", err)
		}
		checked++
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, rule := range importRules {
			if !strings.HasPrefix(rel, rule.packages) {
				continue
			}
			for _, dep := range p.Deps {
				for _, bad := range rule.forbidden {
					if strings.HasPrefix(dep, bad) {
						t.Errorf("%s imports %s (directly or not): %s", p.ImportPath, dep, rule.why)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("go list returned no packages")
	}
}

// TestModuleGraphHasNoOfficialSDK keeps go.temporal.io/sdk out of the main
// module's build list, not just out of its imports.
func TestModuleGraphHasNoOfficialSDK(t *testing.T) {
	out := run(t, "go", "list", "-m", "all")
	for line := range strings.SplitSeq(string(out), "\n") {
		if strings.HasPrefix(line, "go.temporal.io/sdk ") || line == "go.temporal.io/sdk" {
			t.Errorf("go list -m all contains %q; only the interop/ and bench/ modules may require the official SDK", line)
		}
	}
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

package workflowdef_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The dependency rules of docs/architecture.md. Paths are relative to the
// module unless they name another module or the standard library; a path
// stands for that package and every package below it, "." for the root
// package alone and "..." for the whole module.

const module = "github.com/workflowdef/workflowdef"

// layers is ARCHITECTURE.md's picture as a list, bottom first. Every
// package of the module sits in exactly one layer and imports only packages
// of its own layer or of the layers below: nothing reaches up. A package
// added to the module must be placed here.
var layers = []struct {
	name     string
	packages []string
}{
	{"schema, messages and history paging: import nothing of this module", []string{"gen", "internal/historypage"}},
	{"converters, typed errors, the metrics interface", []string{"runtime/converter", "runtime/temporal", "runtime/metrics"}},
	{"engine", []string{"runtime/internal"}},
	{"workflow and activity APIs", []string{"runtime/workflow", "runtime/activity"}},
	{"interceptors, and the bridge replay/ takes to the engine through the worker", []string{"runtime/interceptor", "internal/replayengine"}},
	{"client", []string{"runtime/client"}},
	{"worker", []string{"runtime/worker"}},
	{"tools over the runtime", []string{"replay", "devserver", "internal/generator"}},
	{"generated Temporal code: the runtime and the messages", []string{generatedCode}},
	{"test harness", []string{"internal/testing"}},
	{"programs", []string{".", "cmd", "examples"}},
}

// importRules say what a package under packages may not depend on,
// directly or not, and why: edges the layering allows but the architecture
// does not (the client never reaches the engine, activity code never
// workflow code), and promises ARCHITECTURE.md makes in words, which the
// layering implies too but without the reason.
var importRules = []struct {
	packages  string
	forbidden []string
	why       string
}{
	{"...", []string{"go.temporal.io/sdk"}, "the runtime is ours; the official SDK lives only in interop/ and bench/"},
	{"runtime", []string{module + "/internal/generator", module + "/cmd"}, "the runtime never depends on the plugin"},
	{"gen", []string{module + "/runtime", module + "/internal"}, "a package of messages never links the Temporal runtime; generated Temporal code goes into its sub-package"},
	{"runtime", []string{module + "/devserver", module + "/replay", module + "/internal/testing", "testing"}, "the runtime ships to users: no dev server, no replay tool, nothing test-only"},
	{"runtime/client", []string{module + "/runtime/worker", module + "/runtime/internal", module + "/runtime/workflow"}, "services that only start workflows import the client alone"},
	{"runtime/workflow", []string{module + "/runtime/worker", module + "/runtime/client"}, "workflow code never reaches the worker or the client"},
	{"runtime/interceptor", []string{module + "/runtime/worker", module + "/runtime/client"}, "interceptors are plugged into the worker, not the other way round"},
	{"runtime/activity", []string{module + "/runtime/worker", module + "/runtime/client", module + "/runtime/workflow"}, "activity code needs only its context"},
	{"runtime/internal", []string{module + "/runtime/worker", module + "/runtime/client"}, "the engine is pure: no I/O"},
	{"runtime/converter", []string{module + "/runtime/client", module + "/runtime/worker", module + "/runtime/workflow", module + "/runtime/activity", module + "/runtime/internal"}, "converters sit at the bottom"},
	{"runtime/temporal", []string{module + "/runtime/client", module + "/runtime/worker", module + "/runtime/workflow", module + "/runtime/activity", module + "/runtime/internal"}, "typed errors sit at the bottom"},
}

// testHarness is for _test.go files only: no package of the module outside
// it depends on it. (The interop module imports it from its tests, which
// are all it holds.)
const testHarness = "internal/testing"

// The engine opens no network connection and no file. Two checks hold it
// to that, because a ban on "os" among all the engine's dependencies cannot
// hold: fmt, log/slog and runtime/pprof import os, and protobuf's
// internal/detrand opens the running executable to seed its randomness.
//
//   - engineNetwork: none of the engine's dependencies, direct or not, is a
//     network or RPC package, nor one that starts processes.
//   - engineFiles: no package of this module the engine is built from (its
//     own and those it imports: converters, typed errors, metrics) imports
//     a package that reaches files or the operating system. The standard
//     library and protobuf below them are trusted.
var (
	engineNetwork = []string{"net", "crypto/tls", "os/exec", "os/signal", "plugin", "log/syslog", "google.golang.org/grpc", "go.temporal.io/api/workflowservice", "go.temporal.io/api/operatorservice"}
	engineFiles   = []string{"os", "io/ioutil", "path/filepath", "syscall", "debug", "archive", "text/template", "html/template", "golang.org/x/sys"}
)

const engine = "runtime/internal"

// TestNoImportCycles checks that the module's packages import each other
// without a cycle. The go command refuses to build one, but says so only
// at build time; this names the cycle as part of the architecture.
func TestNoImportCycles(t *testing.T) {
	g := loadGraph(t, true)
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(p string)
	visit = func(p string) {
		state[p] = visiting
		stack = append(stack, p)
		for _, imp := range g.pkgs[p].Imports {
			if !inModule(imp) {
				continue
			}
			switch state[imp] {
			case visiting:
				cycle := append(slices.Clone(stack[slices.Index(stack, imp):]), imp)
				t.Errorf("import cycle: %s", chainString(cycle))
			case unvisited:
				visit(imp)
			}
		}
		stack = stack[:len(stack)-1]
		state[p] = done
	}
	for _, p := range g.module {
		if state[p] == unvisited {
			visit(p)
		}
	}
}

// TestLayering checks that every package of the module sits in one layer
// and imports nothing from a layer above its own.
func TestLayering(t *testing.T) {
	g := loadGraph(t, false)
	layerOf := map[string]int{}
	for _, p := range g.module {
		var in []int
		for i, l := range layers {
			if slices.ContainsFunc(l.packages, func(pat string) bool { return under(rel(p), pat) }) {
				in = append(in, i)
			}
		}
		switch len(in) {
		case 0:
			t.Errorf("package %s sits in no layer of arch_test.go: place it where ARCHITECTURE.md's picture puts it", rel(p))
			continue
		case 1:
		default:
			t.Errorf("package %s sits in %d layers of arch_test.go; make the patterns of layers disjoint", rel(p), len(in))
		}
		layerOf[p] = in[0]
	}
	for _, p := range g.module {
		from, ok := layerOf[p]
		if !ok {
			continue
		}
		for _, imp := range g.pkgs[p].Imports {
			to, ok := layerOf[imp]
			if ok && to > from {
				t.Errorf("%s imports %s, which sits above it: %q is layer %d, %q layer %d (docs/architecture.md)",
					rel(p), rel(imp), layers[from].name, from, layers[to].name, to)
			}
		}
	}
}

// generatedImports are what generated Temporal code may import directly:
// the runtime's public packages, messages (the user's, in gen/, and
// protobuf's well-known types), the enums the runtime's options are typed
// with, and the standard library.
var generatedImports = []string{
	module + "/runtime/client", module + "/runtime/workflow", module + "/runtime/worker", module + "/runtime/temporal",
	module + "/gen", "google.golang.org/protobuf/types/known", "go.temporal.io/api/enums/v1",
}

// TestGeneratedCodeImportsOnlyTheRuntimeAndMessages checks the direct
// imports of the generated packages in gen/: what users' generated code
// imports is what they must be able to depend on.
func TestGeneratedCodeImportsOnlyTheRuntimeAndMessages(t *testing.T) {
	g := loadGraph(t, false)
	found := 0
	for _, p := range g.module {
		if !isGeneratedCode(rel(p)) {
			continue
		}
		found++
		for _, imp := range g.pkgs[p].Imports {
			if !strings.Contains(strings.Split(imp, "/")[0], ".") || matchesAny(imp, generatedImports) {
				continue // the standard library, or allowed
			}
			t.Errorf("generated package %s imports %s: generated code imports only %s and the standard library (docs/architecture.md)", rel(p), imp, strings.Join(generatedImports, ", "))
		}
	}
	if found == 0 {
		t.Error("no generated Temporal package under gen/: the check has nothing to check (is gen/example generated?)")
	}
}

// TestDependencyRules checks every package of the module, with its
// transitive imports, against importRules.
func TestDependencyRules(t *testing.T) {
	g := loadGraph(t, false)
	for _, p := range g.module {
		for _, rule := range importRules {
			if under(rel(p), rule.packages) {
				g.forbid(t, p, rule.packages, rule.forbidden, rule.why)
			}
		}
	}
}

// TestEngineOpensNoConnectionOrFile checks the engine's purity: see
// engineNetwork and engineFiles.
func TestEngineOpensNoConnectionOrFile(t *testing.T) {
	g := loadGraph(t, false)
	built := map[string][]string{} // package of the module the engine is built from -> chain from the engine
	for _, p := range g.module {
		if !under(rel(p), engine) {
			continue
		}
		g.forbid(t, p, engine, engineNetwork, "the engine opens no network connection: the worker owns I/O")
		for _, dep := range append([]string{p}, g.pkgs[p].Deps...) {
			if _, seen := built[dep]; !seen && inModule(dep) {
				built[dep] = g.chain(p, dep)
			}
		}
	}
	if len(built) == 0 {
		t.Fatalf("no package under %s: update engine in arch_test.go", engine)
	}
	for _, p := range slices.Sorted(maps.Keys(built)) {
		chain := built[p]
		for _, imp := range g.pkgs[p].Imports {
			if matchesAny(imp, engineFiles) {
				t.Errorf("%s: the engine opens no file; the worker owns I/O", chainString(append(slices.Clone(chain), imp)))
			}
		}
	}
}

// TestTestHarnessOnlyInTests checks that nothing but _test.go files
// imports the test harness: no package outside it depends on it.
func TestTestHarnessOnlyInTests(t *testing.T) {
	g := loadGraph(t, false)
	for _, p := range g.module {
		if !under(rel(p), testHarness) {
			g.forbid(t, p, "...", []string{module + "/" + testHarness}, "the test harness is for _test.go files only")
		}
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

// TestEveryPackageHasDocGo checks that every package of every module of
// the repository keeps its package comment in a doc.go, and only there.
// gen/ is exempt: buf regenerates it from scratch (clean: true), and the
// options schema's comments live in its .proto file.
func TestEveryPackageHasDocGo(t *testing.T) {
	dirs := map[string][]string{} // directory -> its non-test Go files
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || path == "tools" || path == "gen") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			dirs[filepath.Dir(path)] = append(dirs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("found no Go package below the repository root")
	}
	fset := token.NewFileSet()
	for dir, files := range dirs {
		hasDoc := false
		for _, path := range files {
			f, err := parser.ParseFile(fset, path, nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			isDoc := filepath.Base(path) == "doc.go"
			switch {
			case isDoc && f.Doc == nil:
				t.Errorf("%s has no package comment: doc.go teaches the package's concept", path)
			case isDoc:
				hasDoc = true
			case f.Doc != nil:
				t.Errorf("%s carries a package comment: move it to %s", path, filepath.Join(dir, "doc.go"))
			}
		}
		if !hasDoc && !slices.Contains(files, filepath.Join(dir, "doc.go")) {
			t.Errorf("package in %s has no doc.go: write one that teaches its concept", dir)
		}
	}
}

type listedPackage struct {
	ImportPath string
	Imports    []string
	Deps       []string
	Error      *struct{ Err string }
}

// importGraph is the module's packages with everything they depend on.
type importGraph struct {
	pkgs   map[string]*listedPackage
	module []string // the module's own packages, in go list's order
}

// loadGraph lists the module's packages and their dependencies, without
// tests. Unless allowErrors, a package go list reports an error for fails
// the test.
func loadGraph(t *testing.T, allowErrors bool) importGraph {
	t.Helper()
	out := run(t, "go", "list", "-e", "-deps", "-json=ImportPath,Imports,Deps,Error", module+"/...")
	g := importGraph{pkgs: map[string]*listedPackage{}}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := &listedPackage{}
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list output: %v", err)
		}
		if p.Error != nil && !allowErrors {
			t.Fatalf("go list: %s: %s", p.ImportPath, p.Error.Err)
		}
		g.pkgs[p.ImportPath] = p
		if inModule(p.ImportPath) {
			g.module = append(g.module, p.ImportPath)
		}
	}
	if len(g.module) == 0 {
		t.Fatal("go list returned no packages of the module")
	}
	return g
}

// forbid reports each dependency of p under forbidden, with the chain of
// imports that brings it in. The rule covers every package under scope, so
// a chain through another such package, or through another forbidden
// dependency, is left out: that package's own report names the fix.
func (g importGraph) forbid(t *testing.T, p, scope string, forbidden []string, why string) {
	t.Helper()
	for _, dep := range g.pkgs[p].Deps {
		if !matchesAny(dep, forbidden) {
			continue
		}
		chain := g.chain(p, dep)
		if slices.ContainsFunc(chain[1:len(chain)-1], func(q string) bool {
			return matchesAny(q, forbidden) || (inModule(q) && under(rel(q), scope))
		}) {
			continue
		}
		t.Errorf("%s: %s", chainString(chain), why)
	}
}

// chain returns a shortest chain of imports from p to dep, both included.
func (g importGraph) chain(p, dep string) []string {
	prev := map[string]string{p: ""}
	queue := []string{p}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		if q == dep {
			var c []string
			for ; q != ""; q = prev[q] {
				c = append(c, q)
			}
			slices.Reverse(c)
			return c
		}
		if pkg := g.pkgs[q]; pkg != nil {
			for _, imp := range pkg.Imports {
				if _, seen := prev[imp]; !seen {
					prev[imp] = q
					queue = append(queue, imp)
				}
			}
		}
	}
	return []string{p, "…", dep}
}

func chainString(chain []string) string {
	short := make([]string, len(chain))
	for i, p := range chain {
		short[i] = rel(p)
	}
	return strings.Join(short, " → ")
}

func inModule(path string) bool { return path == module || strings.HasPrefix(path, module+"/") }

// rel names a package of the module by its path in the repository, "." for
// the root; other packages keep their import path.
func rel(path string) string {
	if path == module {
		return "."
	}
	if inModule(path) {
		return strings.TrimPrefix(path, module+"/")
	}
	return path
}

// under reports whether path, relative to the module, is pattern or below
// it.
func under(path, pattern string) bool {
	if pattern == generatedCode || isGeneratedCode(path) {
		return pattern == generatedCode && isGeneratedCode(path)
	}
	return pattern == "..." || path == pattern || (pattern != "." && strings.HasPrefix(path, pattern+"/"))
}

// generatedCode is the pattern of the packages protoc-gen-go-temporal
// writes into gen/: the sub-package of a package of messages named after
// it with the suffix "temporal" (ordersv1temporal). A package of messages
// sits in the bottom layer and never links the runtime; its Temporal
// sub-package sits above the worker, whose registry it fills.
const generatedCode = "gen/**/*temporal"

func isGeneratedCode(path string) bool {
	return strings.HasPrefix(path, "gen/") && strings.HasSuffix(path[strings.LastIndexByte(path, '/')+1:], "temporal")
}

func matchesAny(path string, patterns []string) bool {
	return slices.ContainsFunc(patterns, func(pat string) bool {
		return path == pat || strings.HasPrefix(path, pat+"/")
	})
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

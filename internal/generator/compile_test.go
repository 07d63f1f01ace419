package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/cmd/protoc-gen-go/internal_gengo"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/workflowdef/workflowdef/internal/generator/internal/prototest"
)

// TestGoldenCompiles type-checks every golden case as the compiler would:
// the messages protoc-gen-go writes for the case's protos and the
// committed code of the plugin (which TestGolden holds equal to what the
// plugin writes), against the runtime. The golden files are only compared
// as text elsewhere, so an odd name that makes the generated code not
// compile (a keyword, a name taken by an import or a parameter, a method
// the runtime's embedded types already have) shows up here.
func TestGoldenCompiles(t *testing.T) {
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			checkCompiles(t, "testdata/"+name)
		})
	}
}

// checkCompiles generates the messages of the case in dir, adds the
// plugin's committed output, and type-checks every package.
func checkCompiles(t *testing.T, dir string) {
	t.Helper()
	typeCheckPackages(t, caseRequest(t, dir), bufGenOpt(t, dir), readFiles(t, path.Join(dir, "gen")))
}

// checkPluginOutputCompiles runs the plugin on sources with param and
// type-checks what it writes, with the messages.
func checkPluginOutputCompiles(t *testing.T, sources map[string]string, param string) {
	t.Helper()
	resp := runPlugin(t, sources, param)
	if resp.Error != nil {
		t.Fatalf("the plugin refused: %s", resp.GetError())
	}
	generated := map[string]string{}
	for _, f := range resp.File {
		generated[f.GetName()] = f.GetContent()
	}
	req, err := prototest.Request(sources)
	if err != nil {
		t.Fatalf("compiling the protos: %v", err)
	}
	typeCheckPackages(t, req, param, generated)
}

// typeCheckPackages generates the messages of req's files, adds generated
// (the plugin's output, by file name), and type-checks every package.
func typeCheckPackages(t *testing.T, req *pluginpb.CodeGeneratorRequest, param string, generated map[string]string) {
	t.Helper()
	// The messages, as protoc-gen-go writes them.
	var gengoParams []string
	for p := range strings.SplitSeq(param, ",") {
		if k, _, _ := strings.Cut(p, "="); k == "paths" || k == "module" || strings.HasPrefix(k, "M") {
			gengoParams = append(gengoParams, p)
		}
	}
	plugin, err := protogen.Options{}.New(withParam(req, strings.Join(gengoParams, ",")))
	if err != nil {
		t.Fatalf("protogen: %v", err)
	}
	importPathOfDir := map[string]string{}
	for _, f := range plugin.Files {
		if f.Generate {
			internal_gengo.GenerateFile(plugin, f)
			importPathOfDir[path.Dir(f.GeneratedFilenamePrefix)] = string(f.GoImportPath)
		}
	}
	files := map[string]string{}
	for _, f := range plugin.Response().File {
		files[f.GetName()] = f.GetContent()
	}
	maps.Copy(files, generated)

	// Group the files into packages by directory; a sub-package's import
	// path is its parent's and its name.
	pkgFiles := map[string]map[string]string{}
	for name, content := range files {
		dir := path.Dir(name)
		ip, ok := importPathOfDir[dir]
		if !ok {
			parent, ok := importPathOfDir[path.Dir(dir)]
			if !ok {
				t.Fatalf("no import path for the directory of %s", name)
			}
			ip = parent + "/" + path.Base(dir)
		}
		if pkgFiles[ip] == nil {
			pkgFiles[ip] = map[string]string{}
		}
		pkgFiles[ip][name] = content
	}

	// External imports come from export data; generated ones are checked
	// here, in the order they import each other.
	external := map[string]bool{}
	fset := token.NewFileSet()
	parsed := map[string][]*ast.File{}
	for ip, fs := range pkgFiles {
		for _, name := range slices.Sorted(maps.Keys(fs)) {
			f, err := parser.ParseFile(fset, name, fs[name], parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("%s does not parse: %v", name, err)
			}
			parsed[ip] = append(parsed[ip], f)
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if _, ok := pkgFiles[p]; !ok {
					external[p] = true
				}
			}
		}
	}
	ext := exportDataImporter(t, slices.Sorted(maps.Keys(external))...)
	checked := map[string]*types.Package{}
	var check func(ip string) *types.Package
	imp := importerFunc(func(ip string) (*types.Package, error) {
		if _, ok := pkgFiles[ip]; ok {
			return check(ip), nil
		}
		return ext.Import(ip)
	})
	check = func(ip string) *types.Package {
		if p, ok := checked[ip]; ok {
			return p
		}
		var errs []string
		conf := types.Config{Importer: imp, Error: func(err error) { errs = append(errs, err.Error()) }}
		p, _ := conf.Check(ip, fset, parsed[ip], nil)
		if len(errs) > 0 {
			t.Errorf("package %s does not compile:\n\t%s", ip, strings.Join(errs, "\n\t"))
		}
		checked[ip] = p
		return p
	}
	for _, ip := range slices.Sorted(maps.Keys(pkgFiles)) {
		check(ip)
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// withParam returns a copy of req with the plugin parameter param.
func withParam(req *pluginpb.CodeGeneratorRequest, param string) *pluginpb.CodeGeneratorRequest {
	c := proto.Clone(req).(*pluginpb.CodeGeneratorRequest)
	c.Parameter = proto.String(param)
	return c
}

// With package_suffix empty, a ref to a signal of another Go package whose
// name is one of generated code's locals (req) must import that package
// under the same alias as its messages (reqpb), or the request parameter
// hides it inside the methods.
func TestSamePackageRefToAPackageNamedLikeALocalCompiles(t *testing.T) {
	checkPluginOutputCompiles(t, map[string]string{
		"acme/b/v1/b.proto": `syntax = "proto3";
package acme.b.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "google/protobuf/empty.proto";
option go_package = "example.com/acme/b/v1;req";
message Ping { string id = 1; }
service B {
  rpc Poke(Ping) returns (google.protobuf.Empty) { option (temporal.workflowdef.v1.signal) = {}; }
}
`,
		"acme/a/v1/a.proto": `syntax = "proto3";
package acme.a.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
import "acme/b/v1/b.proto";
option go_package = "example.com/acme/a/v1;av1";
message Req { string id = 1; }
message Res {}
service A {
  rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {signal: [{ref: "acme.b.v1.B.Poke"}]}; }
}
`,
	}, "paths=source_relative,package_suffix=")
}

// Option values protoc and buf accept but no Go code can write (numbers no
// enum declares, non-finite floats) are refused with the .proto place,
// never left to the renderer.
func TestValuesNoCodeCanWriteAreRefusedWithTheirPlace(t *testing.T) {
	const file = "acme/brk/v1/brk.proto"
	for name, opt := range map[string]string{
		"backoff inf":    `rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {retry_policy: {backoff_coefficient: inf}}; }`,
		"backoff nan":    `rpc A(Req) returns (Res) { option (temporal.workflowdef.v1.activity) = {retry_policy: {backoff_coefficient: nan}}; }`,
		"fairness nan":   `rpc A(Req) returns (Res) { option (temporal.workflowdef.v1.activity) = {priority: {fairness_weight: nan}}; }`,
		"double NaN":     `rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {search_attributes: [{key: "S" type: SEARCH_ATTRIBUTE_TYPE_DOUBLE value: "NaN"}]}; }`,
		"reuse policy 9": `rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {id_reuse_policy: 9}; }`,
		"parent close 8": `rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {parent_close_policy: 8}; }`,
		"versioning 9":   `rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {versioning_behavior: 9}; }`,
		"update conflict 7": `rpc W(Req) returns (Res) { option (temporal.workflowdef.v1.workflow) = {id: "{id}" update: [{ref: "U" start: true id_conflict_policy: 7}]}; }
  rpc U(Req) returns (Res) { option (temporal.workflowdef.v1.update) = {}; }`,
	} {
		t.Run(name, func(t *testing.T) {
			src := `syntax = "proto3";
package acme.brk.v1;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "example.com/acme/brk/v1;brkv1";
message Req { string id = 1; }
message Res {}
service S {
  ` + opt + "\n}\n"
			e := runPlugin(t, map[string]string{file: src}, "paths=source_relative").GetError()
			if !strings.HasPrefix(e, file+":") {
				t.Errorf("the plugin's error does not start with the .proto place:\n%.300s", e)
			}
		})
	}
}

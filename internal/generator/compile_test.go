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
	param := bufGenOpt(t, dir)
	req, err := prototest.Request(protoSources(t, dir))
	if err != nil {
		t.Fatalf("compiling the protos: %v", err)
	}
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
	maps.Copy(files, readFiles(t, path.Join(dir, "gen")))

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

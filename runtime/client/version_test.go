package client_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

var _ = temporal.IsAtLeastVersion0_3_0

// The handshake constant generated code refers to must exist for the
// version this runtime reports, or a file generated for this version would
// not compile against it; and a newer constant added without bumping
// client.Version would let generated code demand a release that does not
// exist yet.
func TestVersionHandshakeConstantFollowsClientVersion(t *testing.T) {
	want := "IsAtLeastVersion" + strings.ReplaceAll(client.Version, ".", "_")
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join("..", "temporal", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if strings.HasPrefix(n.Name, "IsAtLeastVersion") {
						found = append(found, n.Name)
					}
				}
			}
		}
	}
	if len(found) == 0 {
		t.Fatal("runtime/temporal declares no IsAtLeastVersion constant")
	}
	newest := found[0]
	for _, n := range found[1:] {
		if versionLess(newest, n) {
			newest = n
		}
	}
	if newest != want {
		t.Errorf("the newest handshake constant in runtime/temporal is %s, but client.Version is %q: add temporal.%s (and keep the older ones)", newest, client.Version, want)
	}
}

// versionLess orders IsAtLeastVersionX_Y_Z names by their numbers.
func versionLess(a, b string) bool {
	pa := strings.Split(strings.TrimPrefix(a, "IsAtLeastVersion"), "_")
	pb := strings.Split(strings.TrimPrefix(b, "IsAtLeastVersion"), "_")
	for i := range min(len(pa), len(pb)) {
		if len(pa[i]) != len(pb[i]) {
			return len(pa[i]) < len(pb[i])
		}
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}

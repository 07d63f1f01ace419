package generator_test

import (
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/workflowdef/workflowdef/internal/generator"
	"github.com/workflowdef/workflowdef/internal/generator/internal/prototest"
)

var update = flag.Bool("update", false, "write the plugin's output over the golden files instead of comparing")

// goldenCases are the directories under testdata: each holds protos, the
// buf.gen.yaml `make generate` runs the plugin with, and the output it
// wrote under gen/.
var goldenCases = []string{"everyoption", "casing", "imports", "optional", "editions", "editions2024", "samepackage", "oddnames", "xref"}

// TestGolden runs the plugin in-process on each case's protos, with the
// options its buf.gen.yaml gives, and compares what it writes with the
// committed output, which buf and the built plugin wrote. A difference is
// either a change to the generator (regenerate with `make generate` and
// review the diff) or the two runs disagreeing.
func TestGolden(t *testing.T) {
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			resp := runPluginOn(t, caseRequest(t, dir), bufGenOpt(t, dir))
			if resp.Error != nil {
				t.Fatalf("the plugin refused the case: %s", resp.GetError())
			}
			got := map[string]string{}
			for _, f := range resp.File {
				got[f.GetName()] = f.GetContent()
			}
			out := filepath.Join(dir, "gen")
			if *update {
				writeFiles(t, out, got)
			}
			if diff := cmp.Diff(readFiles(t, out), got); diff != "" {
				t.Errorf("generated code differs from %s (-committed +generated):\n%s", out, diff)
			}
		})
	}
}

// runPlugin runs the plugin as protoc would, with param as its parameter.
func runPlugin(t *testing.T, sources map[string]string, param string) *pluginpb.CodeGeneratorResponse {
	t.Helper()
	req, err := prototest.Request(sources)
	if err != nil {
		t.Fatalf("compiling the protos: %v", err)
	}
	return runPluginOn(t, req, param)
}

// runPluginOn runs the plugin on a compiled request, with param as its
// parameter.
func runPluginOn(t *testing.T, req *pluginpb.CodeGeneratorRequest, param string) *pluginpb.CodeGeneratorResponse {
	t.Helper()
	resp, err := generator.Run(withParam(req, param))
	if err != nil {
		return &pluginpb.CodeGeneratorResponse{Error: proto.String(err.Error())}
	}
	return resp
}

// caseRequest compiles a golden case's protos into the request buf sends
// the plugin: in-process, or with the pinned buf for an edition
// protocompile does not read yet.
func caseRequest(t *testing.T, dir string) *pluginpb.CodeGeneratorRequest {
	t.Helper()
	sources := protoSources(t, dir)
	var req *pluginpb.CodeGeneratorRequest
	var err error
	if slices.ContainsFunc(slices.Collect(maps.Values(sources)), func(src string) bool { return strings.Contains(src, `edition = "2024";`) }) {
		req, err = prototest.BufRequest(dir, slices.Collect(maps.Keys(sources)))
	} else {
		req, err = prototest.Request(sources)
	}
	if err != nil {
		t.Fatalf("compiling the protos of %s: %v", dir, err)
	}
	return req
}

// annotatedProto is a proto3 file of package pkg, importing the options
// schema, with Go package goPackage and messages Req and Res, followed by
// services: the usual shape of a test's one-file input.
func annotatedProto(pkg, goPackage, services string) string {
	return `syntax = "proto3";
package ` + pkg + `;
import "temporal/workflowdef/v1/workflowdef.proto";
option go_package = "` + goPackage + `";
message Req { string id = 1; }
message Res {}
` + services
}

// protoSources reads the .proto files under dir, keyed by their path
// relative to it: the import paths buf gives them.
func protoSources(t *testing.T, dir string) map[string]string {
	t.Helper()
	sources := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".proto" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		sources[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil || len(sources) == 0 {
		t.Fatalf("reading the case's protos from %s: %v (found %d)", dir, err, len(sources))
	}
	return sources
}

var optLine = regexp.MustCompile(`(?m)^\s+opt: (.*)$`)

// bufGenOpt returns the plugin options the case's buf.gen.yaml gives, so
// the in-process run and `make generate` cannot drift apart.
func bufGenOpt(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "buf.gen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := optLine.FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s/buf.gen.yaml has no `opt:` line for the plugin", dir)
	}
	return strings.TrimSpace(string(m[1]))
}

func readFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatalf("reading the committed output: %v (run `make generate`)", err)
	}
	return files
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

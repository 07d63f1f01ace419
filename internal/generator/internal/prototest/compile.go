package prototest

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

// GoPackagePrefix is the Go import path files without a go_package option
// get, followed by their directory.
const GoPackagePrefix = "example.com/gen/"

// Plugin compiles sources (path → content) and returns the plugin protoc
// would run for them, generating every file of sources. The test fails if
// they do not compile.
func Plugin(t testing.TB, sources map[string]string) *protogen.Plugin {
	t.Helper()
	req, err := Request(sources)
	if err != nil {
		t.Fatalf("compiling test protos: %v", err)
	}
	p, err := protogen.Options{}.New(req)
	if err != nil {
		t.Fatalf("protogen: %v", err)
	}
	return p
}

// Request compiles sources into the CodeGeneratorRequest protoc would send,
// with source info for the files to generate, round-tripped through the wire
// format so option extensions decode as they do in a real plugin run.
func Request(sources map[string]string) (*pluginpb.CodeGeneratorRequest, error) {
	schemaDir, err := protoDir()
	if err != nil {
		return nil, err
	}
	c := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: func(path string) (io.ReadCloser, error) {
				if src, ok := sources[path]; ok {
					return io.NopCloser(strings.NewReader(src)), nil
				}
				return os.Open(filepath.Join(schemaDir, filepath.FromSlash(path)))
			},
		}),
		SourceInfoMode: protocompile.SourceInfoStandard | protocompile.SourceInfoExtraOptionLocations,
	}
	names := slices.Sorted(maps.Keys(sources))
	files, err := c.Compile(context.Background(), names...)
	if err != nil {
		return nil, err
	}
	req := &pluginpb.CodeGeneratorRequest{FileToGenerate: names}
	seen := map[string]bool{}
	var add func(fd protoreflect.FileDescriptor)
	add = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		imports := fd.Imports()
		for i := range imports.Len() {
			add(imports.Get(i).FileDescriptor)
		}
		fdp := protodesc.ToFileDescriptorProto(fd)
		if fdp.GetOptions().GetGoPackage() == "" {
			if fdp.Options == nil {
				fdp.Options = &descriptorpb.FileOptions{}
			}
			dir := filepath.ToSlash(filepath.Dir(fd.Path()))
			fdp.Options.GoPackage = proto.String(GoPackagePrefix + dir)
		}
		req.ProtoFile = append(req.ProtoFile, fdp)
	}
	for _, f := range files {
		add(f)
	}
	wire, err := proto.Marshal(req)
	if err != nil {
		return nil, err
	}
	out := &pluginpb.CodeGeneratorRequest{}
	if err := proto.Unmarshal(wire, out); err != nil {
		return nil, err
	}
	return out, nil
}

// protoDir finds the repository's proto/ directory above the working
// directory.
func protoDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, "proto", "temporal", "workflowdef", "v1", "workflowdef.proto")
		if _, err := os.Stat(candidate); err == nil {
			return filepath.Join(dir, "proto"), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no proto/temporal/workflowdef/v1/workflowdef.proto above the working directory")
		}
		dir = parent
	}
}

package prototest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

// BufRequest builds the protos under dir (a directory below the
// repository root, as `make generate` names its inputs) with the pinned
// buf of tools/buf, and returns the CodeGeneratorRequest buf would send
// the plugin for files (paths relative to dir). It is for protos
// protocompile cannot read, such as edition 2024: building buf the first
// time takes a minute, which `make tools` does before the tests run.
func BufRequest(dir string, files []string) (*pluginpb.CodeGeneratorRequest, error) {
	schemaDir, err := protoDir()
	if err != nil {
		return nil, err
	}
	root := filepath.Dir(schemaDir)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return nil, err
	}
	image, err := os.CreateTemp("", "prototest-*.binpb")
	if err != nil {
		return nil, err
	}
	image.Close()
	defer os.Remove(image.Name())
	// An image is a FileDescriptorSet on the wire, in dependency order, with
	// source info; buf's own per-file fields decode as unknown fields.
	cmd := exec.Command("go", "tool", "-modfile="+filepath.Join(root, "tools", "buf", "go.mod"), "buf", "build", filepath.ToSlash(rel), "-o", image.Name())
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("buf build %s: %w\n%s", rel, err, stderr.Bytes())
	}
	wire, err := os.ReadFile(image.Name())
	if err != nil {
		return nil, err
	}
	set := &descriptorpb.FileDescriptorSet{}
	if err := proto.Unmarshal(wire, set); err != nil {
		return nil, fmt.Errorf("reading the image buf built from %s: %w", rel, err)
	}
	req := &pluginpb.CodeGeneratorRequest{FileToGenerate: slices.Sorted(slices.Values(files)), ProtoFile: set.GetFile()}
	for _, f := range files {
		if !slices.ContainsFunc(set.GetFile(), func(fd *descriptorpb.FileDescriptorProto) bool { return fd.GetName() == f }) {
			return nil, fmt.Errorf("buf build %s: the image has no file %s", rel, f)
		}
	}
	return req, nil
}

package main

import (
	"fmt"
	"io"
	"os"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/workflowdef/workflowdef/internal/generator"
)

func main() {
	if len(os.Args) == 2 && (os.Args[1] == "--version" || os.Args[1] == "-version") {
		fmt.Println("protoc-gen-go-temporal", generator.Version)
		return
	}
	if len(os.Args) > 1 {
		fmt.Fprintf(os.Stderr, "protoc-gen-go-temporal: unexpected argument %q: this is a protoc plugin, run by buf or protoc (see `go doc github.com/workflowdef/workflowdef/cmd/protoc-gen-go-temporal`)\n", os.Args[1])
		os.Exit(2)
	}
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "protoc-gen-go-temporal: %v\n", err)
		os.Exit(1)
	}
}

// run reads a CodeGeneratorRequest from in and writes the response to out,
// as protoc's plugin protocol asks.
func run(in io.Reader, out io.Writer) error {
	b, err := io.ReadAll(in)
	if err != nil {
		return fmt.Errorf("reading the request from protoc: %w", err)
	}
	req := &pluginpb.CodeGeneratorRequest{}
	if err := proto.Unmarshal(b, req); err != nil {
		return fmt.Errorf("the input is not a CodeGeneratorRequest (run the plugin through buf or protoc): %w", err)
	}
	resp, err := generator.Run(req)
	if err != nil {
		return err
	}
	if b, err = proto.Marshal(resp); err != nil {
		return fmt.Errorf("encoding the response: %w", err)
	}
	if _, err := out.Write(b); err != nil {
		return fmt.Errorf("writing the response to protoc: %w", err)
	}
	return nil
}

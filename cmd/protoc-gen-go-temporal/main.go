package main

import (
	"fmt"
	"os"

	"google.golang.org/protobuf/compiler/protogen"

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
	opts := generator.DefaultOptions()
	protogen.Options{ParamFunc: generator.ParamFunc(&opts)}.Run(func(plugin *protogen.Plugin) error {
		return generator.Generate(plugin, opts)
	})
}

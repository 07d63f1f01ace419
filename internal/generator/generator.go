package generator

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/workflowdef/workflowdef/internal/generator/read"
	"github.com/workflowdef/workflowdef/internal/generator/render"
	"github.com/workflowdef/workflowdef/internal/generator/validate"
)

// Version is the plugin's version, recorded in every generated file. It
// follows the runtime's: generated code refers to the runtime's handshake
// constant of the same version.
const Version = "v0.3.0"

// Options are the plugin's options, given as `opt:` in buf.gen.yaml.
type Options struct {
	// PackageSuffix names the sub-package generated code goes into, after
	// the messages' package name: `temporal` puts the code of package
	// ordersv1 into ordersv1temporal. Empty writes into the messages'
	// package.
	PackageSuffix string
	// Module is protoc-gen-go's module= option: an import path prefix
	// stripped from the names of the files written, so that with `out: .`
	// at the root of that module each file lands in its package's
	// directory. Empty keeps the full path.
	Module string
}

// DefaultOptions are the options when none are given.
func DefaultOptions() Options { return Options{PackageSuffix: "temporal"} }

// ParamFunc sets opts from the plugin's parameters, for
// protogen.Options.ParamFunc; protogen itself takes protoc-gen-go's
// (paths, module, M...).
func ParamFunc(opts *Options) func(name, value string) error {
	return func(name, value string) error {
		switch name {
		case "package_suffix":
			for _, r := range value {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
					return fmt.Errorf("package_suffix=%q: a Go package name suffix is letters, digits and underscores (the default is %q; empty writes into the messages' package)", value, DefaultOptions().PackageSuffix)
				}
			}
			opts.PackageSuffix = value
			return nil
		}
		return fmt.Errorf("unknown option %s=%s: protoc-gen-go-temporal takes package_suffix, and protoc-gen-go's paths, module and M", name, value)
	}
}

// Run answers one plugin request with the response protoc expects: the
// generated files, or, when the protos are wrong, an error listing each
// problem with its place (protoc and buf print it and exit non-zero, and
// no file is written). It returns an error of its own only when the request
// cannot be read as asked, such as an unknown plugin option.
//
// The files go into the response as the renderer formatted them: protogen's
// own GeneratedFile would parse and print each again, which was two thirds
// of the plugin's time.
func Run(req *pluginpb.CodeGeneratorRequest) (*pluginpb.CodeGeneratorResponse, error) {
	opts := DefaultOptions()
	p, err := protogen.Options{ParamFunc: ParamFunc(&opts)}.New(req)
	if err != nil {
		return nil, err
	}
	opts.Module = moduleParam(req.GetParameter())
	p.SupportedFeatures = uint64(pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL | pluginpb.CodeGeneratorResponse_FEATURE_SUPPORTS_EDITIONS)
	p.SupportedEditionsMinimum = descriptorpb.Edition_EDITION_PROTO2
	p.SupportedEditionsMaximum = descriptorpb.Edition_EDITION_2024
	files, err := generate(p, opts)
	resp := p.Response()
	if err != nil {
		resp.Error = proto.String(err.Error())
		return resp, nil
	}
	for _, f := range files {
		resp.File = append(resp.File, &pluginpb.CodeGeneratorResponse_File{Name: proto.String(f.Filename), Content: proto.String(string(f.Content))})
	}
	return resp, nil
}

// moduleParam returns the value of the module= parameter, the last one
// given, as protogen reads it. protogen takes the option itself and applies
// it only to the files written through it, never calling ParamFunc for it;
// this plugin writes its own files, so it reads the option too.
func moduleParam(param string) string {
	var module string
	for _, p := range strings.Split(param, ",") {
		if v, ok := strings.CutPrefix(p, "module="); ok {
			module = v
		}
	}
	return module
}

// generate reads the annotated services of the files p generates, checks
// them, and renders a Go file for each file that declares one.
func generate(p *protogen.Plugin, opts Options) ([]*render.Output, error) {
	req := read.Read(p)
	if err := validate.Validate(req, validate.Options{SamePackage: opts.PackageSuffix == ""}); err != nil {
		return nil, err
	}
	names := map[protogen.GoImportPath]protogen.GoPackageName{}
	for _, f := range p.Files {
		names[f.GoImportPath] = f.GoPackageName
	}
	ropts := render.Options{
		PackageSuffix:   opts.PackageSuffix,
		PluginVersion:   Version,
		CompilerVersion: compilerVersion(p.Request.GetCompilerVersion()),
		PackageNames:    names,
	}
	// One file per generated package carries the package's doc comment,
	// naming every .proto it comes from, so go doc shows one.
	sources := map[protogen.GoImportPath][]string{}
	for _, f := range req.Files {
		sources[f.GoImportPath()] = append(sources[f.GoImportPath()], f.Path)
	}
	var out []*render.Output
	var outside []string
	for _, f := range req.Files {
		ropts.PackageSources = nil
		if s := sources[f.GoImportPath()]; s[0] == f.Path {
			ropts.PackageSources = s
		}
		o, err := render.File(f, ropts)
		if err != nil {
			return nil, err
		}
		if opts.Module != "" {
			name, ok := strings.CutPrefix(o.Filename, opts.Module+"/")
			if !ok {
				outside = append(outside, fmt.Sprintf("%s: the generated file %s is outside module=%s: the file's Go import path %s does not start with %s/; set module to a prefix of the Go import path of every file generated, or give %s a go_package under %s", f.Path, o.Filename, opts.Module, string(f.GoImportPath()), opts.Module, f.Path, opts.Module))
			}
			o.Filename = name
		}
		out = append(out, o)
	}
	if len(outside) > 0 {
		return nil, errors.New(strings.Join(outside, "\n"))
	}
	return out, nil
}

// compilerVersion writes protoc's version as protoc-gen-go does; empty when
// the compiler did not say (buf does not).
func compilerVersion(v *pluginpb.Version) string {
	if v == nil {
		return ""
	}
	s := "v" + fmt.Sprintf("%d.%d.%d", v.GetMajor(), v.GetMinor(), v.GetPatch())
	if v.GetSuffix() != "" {
		s += "-" + v.GetSuffix()
	}
	return s
}

package read

import (
	"slices"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	wd "github.com/workflowdef/workflowdef/gen/temporal/workflowdef/v1"
	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// Field numbers of descriptor.proto used to find options in source info.
const (
	serviceOptionsField = 3 // ServiceDescriptorProto.options
	methodOptionsField  = 4 // MethodDescriptorProto.options
)

// Read returns the model of the files p generates. Annotated services of
// files p only imports are read too, so refs can name their rpcs, but only
// files to generate are in the result.
func Read(p *protogen.Plugin) *model.Request {
	r := &reader{rpcs: map[protoreflect.FullName]*model.RPC{}, methods: map[protoreflect.FullName]bool{}}
	req := &model.Request{Declared: map[protogen.GoImportPath][]model.Declared{}}
	for _, f := range p.Files {
		for _, s := range f.Services {
			for _, m := range s.Methods {
				r.methods[m.Desc.FullName()] = true
			}
		}
	}
	for _, f := range p.Files {
		file := r.file(f)
		if f.Generate && len(file.Services) > 0 {
			req.Files = append(req.Files, file)
		}
	}
	// The Go import graph of the messages' packages.
	req.Imports = map[protogen.GoImportPath][]protogen.GoImportPath{}
	for _, f := range p.Files {
		imports := f.Desc.Imports()
		for i := range imports.Len() {
			if dep, ok := p.FilesByPath[imports.Get(i).Path()]; ok && dep.GoImportPath != f.GoImportPath {
				req.Imports[f.GoImportPath] = append(req.Imports[f.GoImportPath], dep.GoImportPath)
			}
		}
	}
	// What protoc-gen-go declares in the packages code is generated for.
	for _, f := range req.Files {
		req.Declared[f.GoImportPath()] = nil
	}
	for _, f := range p.Files {
		if ds, ok := req.Declared[f.GoImportPath]; ok {
			req.Declared[f.GoImportPath] = append(ds, declared(f)...)
		}
	}
	for _, fn := range r.resolve {
		fn()
	}
	return req
}

type reader struct {
	// rpcs are the annotated rpcs of every file by full name; methods every
	// rpc, annotated or not, so a ref to an rpc without an option is told
	// apart from one to nothing.
	rpcs    map[protoreflect.FullName]*model.RPC
	methods map[protoreflect.FullName]bool
	// resolve are the ref lookups, run once every file is read.
	resolve []func()
}

func (r *reader) file(f *protogen.File) *model.File {
	file := &model.File{Proto: f, Path: f.Desc.Path()}
	for _, s := range f.Services {
		if svc := r.service(file, s); svc != nil {
			file.Services = append(file.Services, svc)
		}
	}
	return file
}

func (r *reader) service(file *model.File, s *protogen.Service) *model.Service {
	at := locator{file: file.Proto, base: s.Location.Path}
	svc := &model.Service{
		File:       file,
		ProtoName:  string(s.Desc.Name()),
		FullName:   string(s.Desc.FullName()),
		GoName:     s.GoName,
		Comments:   s.Comments,
		Deprecated: s.Desc.Options().(*descriptorpb.ServiceOptions).GetDeprecated(),
		Loc:        at.at(),
	}
	opts, hasOpts := extension[*wd.ServiceOptions](s.Desc.Options(), wd.E_Service)
	if hasOpts {
		o := at.sub(serviceOptionsField, fieldNumber(wd.E_Service))
		svc.TaskQueue = opts.GetTaskQueue()
		svc.TaskQueueLoc = o.at(1)
		svc.VersioningBehavior = model.VersioningBehavior(opts.GetVersioningBehavior())
		svc.UnknownEnums = unknownEnums(opts.ProtoReflect(), o, "")
		svc.UnknownFields = unknownFields(opts.ProtoReflect(), o, "")
	}
	for _, m := range s.Methods {
		if rpc := r.rpc(svc, s, m); rpc != nil {
			svc.RPCs = append(svc.RPCs, rpc)
		}
	}
	if !hasOpts && len(svc.RPCs) == 0 {
		return nil
	}
	return svc
}

// methodOptions are the method extensions in the order an rpc's kind is
// chosen when it wrongly carries several.
var methodOptions = []struct {
	kind model.Kind
	ext  protoreflect.ExtensionType
}{
	{model.KindWorkflow, wd.E_Workflow},
	{model.KindActivity, wd.E_Activity},
	{model.KindSignal, wd.E_Signal},
	{model.KindQuery, wd.E_Query},
	{model.KindUpdate, wd.E_Update},
}

func (r *reader) rpc(svc *model.Service, s *protogen.Service, m *protogen.Method) *model.RPC {
	at := locator{file: svc.File.Proto, base: m.Location.Path}
	rpc := &model.RPC{
		Service:         svc,
		ProtoName:       string(m.Desc.Name()),
		FullName:        string(m.Desc.FullName()),
		GoName:          m.GoName,
		Request:         m.Input,
		Response:        m.Output,
		Comments:        m.Comments,
		Deprecated:      m.Desc.Options().(*descriptorpb.MethodOptions).GetDeprecated(),
		ClientStreaming: m.Desc.IsStreamingClient(),
		ServerStreaming: m.Desc.IsStreamingServer(),
		Loc:             at.at(),
	}
	var first *locator
	var firstExt protoreflect.ExtensionType
	for _, o := range methodOptions {
		if !proto.HasExtension(m.Desc.Options(), o.ext) {
			continue
		}
		loc := at.sub(methodOptionsField, fieldNumber(o.ext))
		if first != nil {
			rpc.ExtraOptions = append(rpc.ExtraOptions, model.ExtraOption{Kind: o.kind, Loc: loc.at()})
			continue
		}
		first, firstExt = &loc, o.ext
		rpc.Kind, rpc.OptionLoc = o.kind, loc.at()
	}
	if first == nil {
		return nil
	}
	opts := m.Desc.Options()
	o := *first
	if x, ok := proto.GetExtension(opts, firstExt).(proto.Message); ok {
		rpc.UnknownEnums = unknownEnums(x.ProtoReflect(), o, "")
		rpc.UnknownFields = unknownFields(x.ProtoReflect(), o, "")
	}
	switch firstExt {
	case wd.E_Workflow:
		w, _ := extension[*wd.WorkflowOptions](opts, wd.E_Workflow)
		rpc.Workflow = r.workflow(rpc, s, o, w)
	case wd.E_Activity:
		a, _ := extension[*wd.ActivityOptions](opts, wd.E_Activity)
		rpc.Activity = activity(rpc, o, a)
		svc.Activities = append(svc.Activities, rpc.Activity)
	case wd.E_Signal:
		x, _ := extension[*wd.SignalOptions](opts, wd.E_Signal)
		rpc.Signal = &model.Signal{RPC: rpc}
		rpc.Signal.Name, rpc.Signal.NameLoc = name(rpc, o, x.GetName())
		svc.Signals = append(svc.Signals, rpc.Signal)
	case wd.E_Query:
		x, _ := extension[*wd.QueryOptions](opts, wd.E_Query)
		rpc.Query = &model.Query{RPC: rpc}
		rpc.Query.Name, rpc.Query.NameLoc = name(rpc, o, x.GetName())
		svc.Queries = append(svc.Queries, rpc.Query)
	case wd.E_Update:
		x, _ := extension[*wd.UpdateOptions](opts, wd.E_Update)
		u := &model.Update{
			RPC:             rpc,
			ID:              newTemplate("update ID", x.GetId(), rpc.Request, o.at(2)),
			Validate:        x.GetValidate(),
			WaitForStage:    model.UpdateWaitStage(x.GetWaitForStage()),
			WaitForStageLoc: o.at(4),
		}
		u.Name, u.NameLoc = name(rpc, o, x.GetName())
		rpc.Update = u
		svc.Updates = append(svc.Updates, u)
	}
	if rpc.Workflow != nil {
		svc.Workflows = append(svc.Workflows, rpc.Workflow)
	}
	r.rpcs[m.Desc.FullName()] = rpc
	return rpc
}

func (r *reader) workflow(rpc *model.RPC, s *protogen.Service, o locator, x *wd.WorkflowOptions) *model.Workflow {
	svc := rpc.Service
	w := &model.Workflow{
		RPC:                 rpc,
		Aliases:             x.GetAliases(),
		ID:                  newTemplate("workflow ID", x.GetId(), rpc.Request, o.at(4)),
		IDReusePolicy:       model.IDReusePolicy(x.GetIdReusePolicy()),
		IDReusePolicyLoc:    o.at(5),
		IDConflictPolicy:    model.IDConflictPolicy(x.GetIdConflictPolicy()),
		IDConflictPolicyLoc: o.at(6),
		ExecutionTimeout:    duration(x.GetExecutionTimeout(), o.at(7)),
		RunTimeout:          duration(x.GetRunTimeout(), o.at(8)),
		TaskTimeout:         duration(x.GetTaskTimeout(), o.at(9)),
		RetryPolicy:         retryPolicy(x.GetRetryPolicy(), o.sub(10)),
		ParentClosePolicy:   model.ParentClosePolicy(x.GetParentClosePolicy()),
		WaitForCancellation: x.WaitForCancellation,
		VersioningBehavior:  model.VersioningBehavior(x.GetVersioningBehavior()),
		EnableEagerStart:    x.GetEnableEagerStart(),
		Priority:            priority(x.GetPriority(), rpc.Request, o.sub(18)),
	}
	w.Name, w.NameLoc, w.AliasLocs, w.TaskQueue, w.TaskQueueLoc = identity(rpc, o, x)
	if w.VersioningBehavior == model.VersioningBehaviorUnspecified {
		w.VersioningBehavior = svc.VersioningBehavior
	}
	for i, sa := range x.GetSearchAttributes() {
		so := o.sub(19, int32(i))
		w.SearchAttributes = append(w.SearchAttributes, &model.SearchAttribute{
			Key:     sa.GetKey(),
			KeyLoc:  so.at(1),
			Type:    model.SearchAttributeType(sa.GetType()),
			TypeLoc: so.at(2),
			Value:   alwaysTemplate(keyed("search attribute", sa.GetKey()), sa.GetValue(), rpc.Request, so.at(3)),
			Loc:     so.at(),
		})
	}
	for i, mf := range x.GetMemo() {
		mo := o.sub(20, int32(i))
		w.Memo = append(w.Memo, &model.MemoField{
			Key:    mf.GetKey(),
			KeyLoc: mo.at(1),
			Value:  alwaysTemplate(keyed("memo", mf.GetKey()), mf.GetValue(), rpc.Request, mo.at(2)),
			Loc:    mo.at(),
		})
	}
	for i, ref := range x.GetSignal() {
		ro := o.sub(11, int32(i))
		sr := &model.SignalRef{Ref: r.ref(s, ref.GetRef(), ro), Start: ref.GetStart(), StartLoc: ro.at(2)}
		w.Signals = append(w.Signals, sr)
		r.resolve = append(r.resolve, func() {
			if t := r.target(&sr.Ref); t != nil && t.Signal != nil {
				sr.Signal = t.Signal
			}
		})
	}
	for i, ref := range x.GetQuery() {
		ro := o.sub(12, int32(i))
		qr := &model.QueryRef{Ref: r.ref(s, ref.GetRef(), ro)}
		w.Queries = append(w.Queries, qr)
		r.resolve = append(r.resolve, func() {
			if t := r.target(&qr.Ref); t != nil && t.Query != nil {
				qr.Query = t.Query
			}
		})
	}
	for i, ref := range x.GetUpdate() {
		ro := o.sub(13, int32(i))
		ur := &model.UpdateRef{
			Ref:                 r.ref(s, ref.GetRef(), ro),
			Start:               ref.GetStart(),
			StartLoc:            ro.at(2),
			IDConflictPolicy:    model.IDConflictPolicy(ref.GetIdConflictPolicy()),
			IDConflictPolicyLoc: ro.at(4),
		}
		if ref.Validate != nil {
			v := ref.GetValidate()
			ur.ValidateOverride = &v
		}
		w.Updates = append(w.Updates, ur)
		r.resolve = append(r.resolve, func() {
			if t := r.target(&ur.Ref); t != nil && t.Update != nil {
				ur.Update = t.Update
				ur.Validate = t.Update.Validate
				if ur.ValidateOverride != nil {
					ur.Validate = *ur.ValidateOverride
				}
			}
		})
	}
	return w
}

// ref records a ref as written; its Targets are filled in once every file is
// read. A name without a dot is an rpc of the same service; a dotted name
// is fully qualified, or relative to the file's package. Both readings are
// kept when both name an rpc, which makes the ref ambiguous.
func (r *reader) ref(s *protogen.Service, text string, o locator) model.Ref {
	ref := model.Ref{Text: text, Loc: o.at(1)}
	var names []protoreflect.FullName
	switch {
	case text == "":
	case !strings.Contains(text, "."):
		names = append(names, s.Desc.FullName()+"."+protoreflect.FullName(text))
	case strings.HasPrefix(text, "."):
		names = append(names, protoreflect.FullName(text[1:]))
	default:
		names = append(names, protoreflect.FullName(text))
		if pkg := s.Desc.ParentFile().Package(); pkg != "" {
			names = append(names, pkg+"."+protoreflect.FullName(text))
		}
	}
	for _, n := range names {
		if r.methods[n] && !slices.ContainsFunc(ref.Targets, func(t model.Target) bool { return t.FullName == string(n) }) {
			ref.Targets = append(ref.Targets, model.Target{FullName: string(n)})
		}
	}
	return ref
}

// target fills in the annotated rpcs of ref's targets and returns the one
// target's rpc when there is exactly one.
func (r *reader) target(ref *model.Ref) *model.RPC {
	for i := range ref.Targets {
		ref.Targets[i].RPC = r.rpcs[protoreflect.FullName(ref.Targets[i].FullName)]
	}
	if len(ref.Targets) != 1 {
		return nil
	}
	return ref.Targets[0].RPC
}

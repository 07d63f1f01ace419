package render

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"google.golang.org/protobuf/compiler/protogen"

	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// workflows renders the interface with a constructor per workflow and the
// function that registers them all.
func (g *gen) workflows() {
	if len(g.s.Workflows) == 0 {
		return
	}
	var methods, registrations []jen.Code
	for _, w := range g.s.Workflows {
		n := w.Names()
		methods = append(methods, docs(w.RPC, "%s builds the code of a new run of %s from its request and signal channels.", n.Execute, w.RPC.FullName),
			jen.Id(n.Execute).Params(wfCtxParam, jen.Id("input").Op("*").Id(n.Input)).Params(jen.Id(n.Interface), jen.Error()))
		registrations = append(registrations, jen.Id(n.Register).Call(jen.Id("r"), jen.Id("w").Dot(n.Execute)))
	}
	g.f.Add(serviceDocs(g.s, "%s builds each workflow of the %s service when a run starts. Register an implementation with %s.", g.sn.Workflows, g.s.FullName, g.sn.RegisterWorkflows))
	g.f.Type().Id(g.sn.Workflows).Interface(methods...)
	g.f.Add(serviceBrief(g.s, "%s registers every workflow of the %s service, under its Temporal name and aliases, on r: the registry a worker, or a replayer, runs.", g.sn.RegisterWorkflows, g.s.FullName))
	g.f.Func().Id(g.sn.RegisterWorkflows).Params(jen.Id("r").Op("*").Qual(workerPath, "Registry"), jen.Id("w").Id(g.sn.Workflows)).Error().Block(
		g.nilCheck("w", g.sn.RegisterWorkflows, "the implementation of "+g.sn.Workflows),
		jen.Return(jen.Qual("errors", "Join").Custom(multiline, registrations...)))
}

// nilCheck returns the error a registration gives for a nil param, or one
// holding a nil pointer: a nil interface would panic as its methods are
// taken, a nil pointer in every call that reads it, and a nil constructor
// in every run, failing its workflow tasks for ever.
func (g *gen) nilCheck(param, fn, what string) jen.Code {
	return jen.If(jen.Qual(workerPath, "IsNil").Call(jen.Id(param))).Block(jen.Return(jen.Qual("errors", "New").Call(
		jen.Lit(fmt.Sprintf("%s.%s: %s is nil; pass %s", g.file.Proto.GoPackageName+protogen.GoPackageName(g.suffix), fn, param, what)))))
}

// workflowInterface renders the input struct and the interface the user
// implements for one workflow.
func (g *gen) workflowInterface(w *model.Workflow) {
	n := w.Names()
	rpc := w.RPC
	fields := []jen.Code{jen.Comment("Req is the workflow's request."), jen.Id(model.InputRequest).Add(msg(rpc.Request))}
	for _, ref := range w.Signals {
		s := ref.Signal
		fields = append(fields, jen.Comment(fmt.Sprintf("%s receives the %s signals sent to the run.", s.Names().Method, s.RPC.FullName)),
			jen.Id(s.Names().Method).Qual(workflowPath, "SignalChannelOf").Types(msg(s.RPC.Request)))
	}
	g.f.Comment(fmt.Sprintf("%s is what each run of %s starts with: its request and a typed channel per signal it handles.", n.Input, rpc.FullName))
	g.f.Type().Id(n.Input).Struct(fields...)

	methods := []jen.Code{jen.Comment("Execute runs the workflow; its result or error closes the run."), jen.Id("Execute").Params(wfCtxParam).Params(msg(rpc.Response), jen.Error())}
	for _, ref := range w.Queries {
		q := ref.Query
		methods = append(methods, docs(q.RPC, "%s answers the %s query. It must not change the workflow's state or block.", q.Names().Method, q.RPC.FullName),
			jen.Id(q.Names().Method).Params(handlerParams(q.RPC)...).Params(msg(q.RPC.Response), jen.Error()))
	}
	for _, ref := range w.Updates {
		u := ref.Update
		un := u.Names()
		// As for queries, an update that takes google.protobuf.Empty takes
		// no request in the interface.
		params := append([]jen.Code{wfCtxParam}, handlerParams(u.RPC)...)
		methods = append(methods, docs(u.RPC, "%s handles the %s update; its result or error is the update's outcome.", un.Method, u.RPC.FullName),
			jen.Id(un.Method).Params(params...).Params(msg(u.RPC.Response), jen.Error()))
		if ref.Validate {
			methods = append(methods, jen.Comment(fmt.Sprintf("%s runs before %s is accepted: an error rejects the update, leaving no trace in the history. It must not change the workflow's state.", un.Validator, un.Method)),
				jen.Id(un.Validator).Params(params...).Error())
		}
	}
	g.f.Add(docs(rpc, "%s is the code of one run of %s: Execute, and a method per query and update it handles.", n.Interface, rpc.FullName))
	g.f.Type().Id(n.Interface).Interface(methods...)
}

// register renders Register<Workflow>Workflow: the typed workflow function
// the worker runs builds the user's workflow, sets its query and update
// handlers, and executes it.
func (g *gen) register(w *model.Workflow) {
	n := w.Names()
	rpc := w.RPC
	input := jen.Dict{jen.Id(model.InputRequest): jen.Id(request)}
	for _, ref := range w.Signals {
		s := ref.Signal
		input[jen.Id(s.Names().Method)] = jen.Qual(workflowPath, "SignalDef").Types(msg(s.RPC.Request)).Values(jen.Dict{jen.Id("Name"): g.ref(s.RPC, s.Names().NameConst)}).Dot("Channel").Call(jen.Id("ctx"))
	}
	body := []jen.Code{
		jen.List(jen.Id("wf"), jen.Err()).Op(":=").Qual(workflowPath, "BuildWorkflow").Call(jen.Id("ctx"), jen.Id(n.NameConst), jen.Id("newWorkflow"), jen.Op("&").Id(n.Input).Values(input)),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
	}
	for _, ref := range w.Queries {
		q := ref.Query
		handler := jen.Id("wf").Dot(q.Names().Method)
		if isEmpty(q.RPC.Request) {
			handler = jen.Func().Params(msg(q.RPC.Request)).Params(msg(q.RPC.Response), jen.Error()).Block(jen.Return(jen.Id("wf").Dot(q.Names().Method).Call()))
		}
		def := jen.Parens(jen.Qual(workflowPath, "QueryDef").Types(msg(q.RPC.Request), msg(q.RPC.Response)).Values(jen.Dict{jen.Id("Name"): g.ref(q.RPC, q.Names().NameConst)}))
		body = append(body, jen.If(jen.Err().Op(":=").Add(def).Dot("SetHandler").Call(jen.Id("ctx"), handler), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
	}
	for _, ref := range w.Updates {
		u := ref.Update
		un := u.Names()
		handler, validator := jen.Id("wf").Dot(un.Method), jen.Nil()
		if ref.Validate {
			validator = jen.Id("wf").Dot(un.Validator)
		}
		if isEmpty(u.RPC.Request) {
			in := []jen.Code{wfCtxParam, jen.Id("_").Add(msg(u.RPC.Request))}
			handler = jen.Func().Params(in...).Params(msg(u.RPC.Response), jen.Error()).Block(jen.Return(jen.Id("wf").Dot(un.Method).Call(jen.Id("ctx"))))
			if ref.Validate {
				validator = jen.Func().Params(in...).Error().Block(jen.Return(jen.Id("wf").Dot(un.Validator).Call(jen.Id("ctx"))))
			}
		}
		def := jen.Parens(jen.Qual(workflowPath, "UpdateDef").Types(msg(u.RPC.Request), msg(u.RPC.Response)).Values(jen.Dict{jen.Id("Name"): g.ref(u.RPC, un.NameConst)}))
		body = append(body, jen.If(jen.Err().Op(":=").Add(def).Dot("SetHandler").Call(jen.Id("ctx"), handler, validator), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
	}
	body = append(body, jen.Return(jen.Id("wf").Dot("Execute").Call(jen.Id("ctx"))))

	opts := jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)}
	if len(w.Aliases) > 0 {
		opts[jen.Id("Aliases")] = stringSlice(w.Aliases)
	}
	if w.VersioningBehavior != model.VersioningBehaviorUnspecified {
		opts[jen.Id("VersioningBehavior")] = versioningBehavior(w.VersioningBehavior)
	}
	ctor := jen.Func().Params(jen.Qual(workflowPath, "Context"), jen.Op("*").Id(n.Input)).Params(jen.Id(n.Interface), jen.Error())
	g.f.Comment(fmt.Sprintf("%s registers %s on r: each run builds its workflow with newWorkflow, then answers its queries and updates through it.", n.Register, rpc.FullName))
	g.f.Func().Id(n.Register).Params(jen.Id("r").Op("*").Qual(workerPath, "Registry"), jen.Id("newWorkflow").Add(ctor)).Error().Block(
		g.nilCheck("newWorkflow", n.Register, "the function that builds each run's "+n.Interface),
		jen.Return(jen.Qual(workerPath, "RegisterWorkflowFunc").Call(jen.Id("r"),
			jen.Func().Params(wfCtxParam, jen.Id(request).Add(msg(rpc.Request))).Params(msg(rpc.Response), jen.Error()).Block(body...),
			jen.Qual(workerPath, "RegisterWorkflowOptions").Values(opts))))
}

// stringSlice renders []string{...}.
func stringSlice(ss []string) jen.Code {
	var items []jen.Code
	for _, s := range ss {
		items = append(items, jen.Lit(s))
	}
	return jen.Index().String().Values(items...)
}

// childCalls renders the calls workflow code makes to a workflow as a
// child, and its typed continue-as-new.
func (g *gen) childCalls(w *model.Workflow) {
	n := w.Names()
	rpc := w.RPC
	opts := jen.Id("opts").Op("...").Qual(workflowPath, "ChildWorkflowOption")
	params := []jen.Code{wfCtxParam, jen.Id(request).Add(msg(rpc.Request)), opts}
	g.f.Add(brief(rpc, "%s runs %s as a child of the calling workflow and waits for its result.", n.Child, rpc.FullName))
	g.f.Func().Id(n.Child).Params(params...).Params(msg(rpc.Response), jen.Error()).Block(
		jen.Return(jen.Id(n.ChildDef).Dot("ExecuteChild").Call(jen.Id("ctx"), jen.Id(request), jen.Id("opts").Op("..."))))
	g.f.Add(brief(rpc, "%s starts %s as a child of the calling workflow; the run gives its result and takes its signals.", n.ChildAsync, rpc.FullName))
	g.f.Func().Id(n.ChildAsync).Params(params...).Op("*").Id(n.ChildRun).Block(
		jen.Return(jen.Op("&").Id(n.ChildRun).Values(jen.Id(n.ChildDef).Dot("ExecuteChildAsync").Call(jen.Id("ctx"), jen.Id(request), jen.Id("opts").Op("...")))))
	g.f.Comment(fmt.Sprintf("%s is a child run of %s, started by the calling workflow.", n.ChildRun, rpc.FullName))
	g.f.Type().Id(n.ChildRun).Struct(jen.Op("*").Qual(workflowPath, "ChildRunOf").Types(msg(rpc.Response)))
	for _, ref := range w.Signals {
		s := ref.Signal
		sn := s.Names()
		g.f.Add(brief(s.RPC, "%s sends %s to the child once it started; the future is ready when the server delivered it.", sn.Method, s.RPC.FullName))
		g.f.Func().Params(jen.Id("r").Op("*").Id(n.ChildRun)).Id(sn.Method).Params(append([]jen.Code{wfCtxParam}, handlerParams(s.RPC)...)...).Qual(workflowPath, "Future").Block(
			jen.Return(jen.Qual(workflowPath, "SignalDef").Types(msg(s.RPC.Request)).Values(jen.Dict{jen.Id("Name"): g.ref(s.RPC, sn.NameConst)}).
				Dot("SignalChild").Call(jen.Id("ctx"), jen.Id("r"), handlerArg(s.RPC))))
	}
	g.f.Add(brief(rpc, "%s returns the error that closes the calling %s run and continues it as a new run with req; return it from Execute. Query and update handlers are set again in the new run.", n.ContinueAsNew, rpc.FullName))
	g.f.Func().Id(n.ContinueAsNew).Params(wfCtxParam, jen.Id(request).Add(msg(rpc.Request)), jen.Id("opts").Op("...").Qual(workflowPath, "ContinueAsNewOption")).Error().Block(
		jen.Return(jen.Id(n.ChildDef).Dot("NewContinueAsNewError").Call(jen.Id("ctx"), jen.Id(request), jen.Id("opts").Op("..."))))
}

// activities renders the activities interface, its embeddable
// unimplemented version, registration, and the calls workflow code makes.
func (g *gen) activities() {
	if len(g.s.Activities) == 0 {
		return
	}
	var methods, registrations []jen.Code
	for _, a := range g.s.Activities {
		n := a.Names()
		rpc := a.RPC
		sig := []jen.Code{jen.Qual(contextPath, "Context"), msg(rpc.Request)}
		methods = append(methods, docs(rpc, "%s runs the %s activity.", n.Method, rpc.FullName), jen.Id(n.Method).Params(ctxParam, jen.Id(request).Add(msg(rpc.Request))).Params(msg(rpc.Response), jen.Error()))
		registrations = append(registrations, jen.Id(n.Register).Call(jen.Id("r"), jen.Id("a").Dot(n.Method)))

		g.f.Comment(fmt.Sprintf("%s fails %s without retries, naming it; embed %s to keep an implementation compiling as the service grows.", n.Method, rpc.FullName, g.sn.UnimplementedActivities))
		g.f.Func().Params(jen.Id(g.sn.UnimplementedActivities)).Id(n.Method).Params(sig...).Params(msg(rpc.Response), jen.Error()).Block(
			jen.Return(jen.Nil(), jen.Qual(temporalPath, "NewNonRetryableApplicationError").Call(jen.Lit("activity "+a.Name+" is not implemented: implement "+n.Method+" on the type registered with "+g.sn.RegisterActivities), jen.Lit("Unimplemented"), jen.Nil())))

		opts := jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)}
		if len(a.Aliases) > 0 {
			opts[jen.Id("Aliases")] = stringSlice(a.Aliases)
		}
		g.f.Comment(fmt.Sprintf("%s registers fn as %s on r.", n.Register, rpc.FullName))
		g.f.Func().Id(n.Register).Params(jen.Id("r").Op("*").Qual(workerPath, "Registry"), jen.Id("fn").Func().Params(sig...).Params(msg(rpc.Response), jen.Error())).Error().Block(
			jen.Return(jen.Qual(workerPath, "RegisterActivityFunc").Call(jen.Id("r"), jen.Id("fn"), jen.Qual(workerPath, "RegisterActivityOptions").Values(opts))))

		def := jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)}
		if o := g.activityOptions(a); len(o) > 0 {
			def[jen.Id("Options")] = jen.Qual(workflowPath, "ActivityOptions").Values(o)
		}
		if l := localActivityOptions(a); len(l) > 0 {
			def[jen.Id("Local")] = jen.Qual(workflowPath, "LocalActivityOptions").Values(l)
		}
		if a.Priority.PerCall() {
			g.activityPriority(a)
			def[jen.Id("Priority")] = jen.Id(n.Priority)
		}
		g.f.Add(docs(rpc, "%s calls %s from workflow code, with the annotation's defaults.", n.Def, rpc.FullName))
		g.f.Var().Id(n.Def).Op("=").Qual(workflowPath, "ActivityDef").Types(msg(rpc.Request), msg(rpc.Response)).Values(def)

		params := []jen.Code{wfCtxParam, jen.Id(request).Add(msg(rpc.Request)), jen.Id("opts").Op("...").Qual(workflowPath, "ActivityOption")}
		local := []jen.Code{wfCtxParam, jen.Id(request).Add(msg(rpc.Request)), jen.Id("opts").Op("...").Qual(workflowPath, "LocalActivityOption")}
		future := jen.Qual(workflowPath, "FutureOf").Types(msg(rpc.Response))
		args := []jen.Code{jen.Id("ctx"), jen.Id(request), jen.Id("opts").Op("...")}
		for _, call := range []struct {
			name, method, doc string
			params            []jen.Code
			results           []jen.Code
		}{
			{n.Call, "Execute", "runs %s and waits for its result.", params, []jen.Code{msg(rpc.Response), jen.Error()}},
			{n.CallAsync, "ExecuteAsync", "schedules %s; the future gives its result.", params, []jen.Code{future.Clone()}},
			{n.Local, "ExecuteLocal", "runs %s as a local activity, in this worker, and waits for its result.", local, []jen.Code{msg(rpc.Response), jen.Error()}},
			{n.LocalAsync, "ExecuteLocalAsync", "runs %s as a local activity; the future gives its result.", local, []jen.Code{future.Clone()}},
		} {
			g.f.Add(brief(rpc, "%s "+call.doc, call.name, rpc.FullName))
			g.f.Func().Id(call.name).Params(call.params...).Params(call.results...).Block(
				jen.Return(jen.Id(n.Def).Dot(call.method).Call(args...)))
		}
	}
	g.f.Add(serviceDocs(g.s, "%s are the activities of the %s service. Register an implementation with %s.", g.sn.Activities, g.s.FullName, g.sn.RegisterActivities))
	g.f.Type().Id(g.sn.Activities).Interface(methods...)
	g.f.Add(serviceBrief(g.s, "%s implements %s with methods that fail without retries. Embed it so an implementation keeps compiling when the service gains an activity.", g.sn.UnimplementedActivities, g.sn.Activities))
	g.f.Type().Id(g.sn.UnimplementedActivities).Struct()
	g.f.Add(serviceBrief(g.s, "%s registers every activity of the %s service, under its Temporal name and aliases, on r.", g.sn.RegisterActivities, g.s.FullName))
	g.f.Func().Id(g.sn.RegisterActivities).Params(jen.Id("r").Op("*").Qual(workerPath, "Registry"), jen.Id("a").Id(g.sn.Activities)).Error().Block(
		g.nilCheck("a", g.sn.RegisterActivities, "the implementation of "+g.sn.Activities),
		jen.Return(jen.Qual("errors", "Join").Custom(multiline, registrations...)))
}

// external renders the call workflow code makes to signal another
// workflow.
func (g *gen) external(s *model.Signal) {
	n := s.Names()
	params := append([]jen.Code{wfCtxParam, idParams}, handlerParams(s.RPC)...)
	g.f.Add(brief(s.RPC, "%s sends %s from workflow code to the run of workflowID (an empty runID: its latest run); the future is ready when the server delivered it.", n.External, s.RPC.FullName))
	g.f.Func().Id(n.External).Params(params...).Qual(workflowPath, "Future").Block(
		jen.Return(jen.Qual(workflowPath, "SignalDef").Types(msg(s.RPC.Request)).Values(jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)}).Dot("SignalExternal").Call(jen.Id("ctx"), jen.Id("workflowID"), jen.Id("runID"), handlerArg(s.RPC))))
}

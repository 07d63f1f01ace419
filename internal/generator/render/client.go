package render

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// Common parameters of generated functions.
var (
	ctxParam      = jen.Id("ctx").Qual(contextPath, "Context")
	wfCtxParam    = jen.Id("ctx").Qual(workflowPath, "Context")
	idParams      = jen.List(jen.Id("workflowID"), jen.Id("runID")).String()
	startOpts     = jen.Id("opts").Op("...").Qual(clientPath, "StartOption")
	updateOpts    = jen.Id("opts").Op("...").Qual(clientPath, "UpdateOption")
	withStartOpts = jen.Id("opts").Op("...").Qual(clientPath, "UpdateWithStartOption")
)

// workflowUUID is `{$uuid}` of a workflow ID in a workflow: its
// deterministic randomness, which replay compares.
func workflowUUID() jen.Code { return jen.Qual(workflowPath, "NewUUID").Call(jen.Id("ctx")) }

// defaultsUUID is `{$uuid}` of a default replay does not compare (a
// fairness key) in a workflow: a stream of its own, so a template that
// gains one shifts no ID's draw.
func defaultsUUID() jen.Code { return jen.Qual(workflowPath, "NewDefaultsUUID").Call(jen.Id("ctx")) }

// idFunc renders the exported function of an ID template. When the
// template draws a UUID the function takes where it comes from, since a
// client and a workflow draw them differently.
func (g *gen) idFunc(rpc *model.RPC, name, what string, t *model.Template) {
	params := []jen.Code{jen.Id(request).Add(msg(rpc.Request))}
	newUUID := func() jen.Code { return jen.Id("newUUID").Call() }
	if t.Parsed.UsesUUID() {
		params = append(params, jen.Id("newUUID").Func().Params().String())
	}
	cs, v := text(req, t, newUUID)
	body := append(cs.failure(jen.Lit("")), jen.Return(v, jen.Nil()))
	g.f.Add(brief(rpc, "%s renders the %s template %q of %s for req, or says which field it needs and found empty.", name, what, t.Source, rpc.FullName))
	g.f.Func().Id(name).Params(params...).Params(jen.String(), jen.Error()).Block(body...)
}

// idRef is the ID function to put in a descriptor: the function itself,
// given the UUID source it needs, wrapped to take the workflow context
// where params ask for it.
func idRef(rpc *model.RPC, name string, t *model.Template, uuidSource jen.Code, params ...jen.Code) jen.Code {
	if !t.Parsed.UsesUUID() && len(params) == 0 {
		return jen.Id(name)
	}
	if len(params) == 0 {
		return jen.Func().Params(jen.Id(request).Add(msg(rpc.Request))).Params(jen.String(), jen.Error()).Block(jen.Return(jen.Id(name).Call(jen.Id(request), uuidSource)))
	}
	args := []jen.Code{jen.Id(request)}
	if t.Parsed.UsesUUID() {
		args = append(args, uuidSource)
	}
	return jen.Func().Params(append(params, jen.Id(request).Add(msg(rpc.Request)))...).Params(jen.String(), jen.Error()).Block(jen.Return(jen.Id(name).Call(args...)))
}

// clientUUIDSource and workflowUUIDSource are the func() string a
// template's ID function draws `{$uuid}` from.
var clientUUIDSource = jen.Qual(clientPath, "NewUUID")

func workflowUUIDSource() jen.Code {
	return jen.Func().Params().String().Block(jen.Return(workflowUUID()))
}

func (g *gen) workflowDefs(w *model.Workflow) {
	n := w.Names()
	rpc := w.RPC
	types := jen.Types(msg(rpc.Request), msg(rpc.Response))
	if w.ID != nil {
		g.idFunc(rpc, n.IDFunc, "workflow ID", w.ID)
	}

	// The declared options, one function for a client's start and a
	// child's, so a template is rendered and checked in one place. Like an
	// ID function it takes where `{$uuid}` comes from, since a client and a
	// workflow draw them differently.
	newUUID := func() jen.Code { return jen.Id("newUUID").Call() }
	cs, defaults, childOnly := g.workflowOptions(w, newUUID)
	def := jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)}
	child := jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)}
	if len(defaults) > 0 {
		params := []jen.Code{jen.Id(request).Add(msg(rpc.Request)), jen.Id("newUUID").Func().Params().String()}
		g.optionsFunc(fmt.Sprintf("%s are the options %s's annotation gives a run with req, started by a client or as a child.", n.Defaults, rpc.FullName),
			n.Defaults, params, jen.Qual(temporalPath, "WorkflowDefaults"), cs, defaults)
		def[jen.Id("Defaults")] = jen.Id(n.Defaults)
		child[jen.Id("Defaults")] = jen.Id(n.Defaults)
	}
	if w.ID != nil {
		def[jen.Id("ID")] = idRef(rpc, n.IDFunc, w.ID, clientUUIDSource)
		child[jen.Id("ID")] = idRef(rpc, n.IDFunc, w.ID, workflowUUIDSource(), wfCtxParam)
	}
	g.f.Add(docs(rpc, "%s starts, runs and finds %s workflows from a client, with the annotation's defaults.", n.Def, rpc.FullName))
	g.f.Var().Id(n.Def).Op("=").Qual(clientPath, "WorkflowDef").Add(types).Values(def)

	if len(childOnly) > 0 {
		child[jen.Id("Child")] = jen.Qual(workflowPath, "ChildWorkflowOptions").Values(childOnly)
	}
	g.f.Add(docs(rpc, "%s runs %s as a child workflow, or continues as new into it, from workflow code.", n.ChildDef, rpc.FullName))
	g.f.Var().Id(n.ChildDef).Op("=").Qual(workflowPath, "WorkflowDef").Add(types).Values(child)
}

func (g *gen) signalDef(s *model.Signal) {
	n := s.Names()
	g.f.Add(docs(s.RPC, "%s sends %s from a client.", n.Def, s.RPC.FullName))
	g.f.Var().Id(n.Def).Op("=").Qual(clientPath, "SignalDef").Types(msg(s.RPC.Request)).Values(jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)})
}

func (g *gen) queryDef(q *model.Query) {
	n := q.Names()
	g.f.Add(docs(q.RPC, "%s sends %s from a client.", n.Def, q.RPC.FullName))
	g.f.Var().Id(n.Def).Op("=").Qual(clientPath, "QueryDef").Types(msg(q.RPC.Request), msg(q.RPC.Response)).Values(jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)})
}

func (g *gen) updateDef(u *model.Update) {
	n := u.Names()
	def := jen.Dict{jen.Id("Name"): jen.Id(n.NameConst)}
	if u.ID != nil {
		g.idFunc(u.RPC, n.IDFunc, "update ID", u.ID)
		def[jen.Id("ID")] = idRef(u.RPC, n.IDFunc, u.ID, clientUUIDSource)
	}
	if u.WaitForStage != model.UpdateWaitStageUnspecified {
		def[jen.Id("WaitForStage")] = updateStage(u.WaitForStage)
	}
	g.f.Add(docs(u.RPC, "%s sends %s from a client.", n.Def, u.RPC.FullName))
	g.f.Var().Id(n.Def).Op("=").Qual(clientPath, "UpdateDef").Types(msg(u.RPC.Request), msg(u.RPC.Response)).Values(def)
}

// method is one method of the client interface and its implementation.
type method struct {
	doc     jen.Code
	name    string
	params  []jen.Code
	results []jen.Code
	body    []jen.Code
}

func (g *gen) client() {
	var ms []method
	impl := g.sn.ClientImpl
	c := func() *jen.Statement { return jen.Id("x").Dot("c") }
	for _, w := range g.s.Workflows {
		n := w.Names()
		rpc := w.RPC
		run := jen.Op("*").Id(n.Run)
		// The runtime's starts return a client.RunOf; RunAs makes it the
		// workflow's own run type, with its handlers' methods.
		wrap := func(call jen.Code) jen.Code {
			return jen.Qual(clientPath, "RunAs").Types(jen.Id(n.Run)).Call(call)
		}
		ms = append(ms,
			method{docs(rpc, "%s starts %s and waits for its result.", n.Execute, rpc.FullName), n.Execute,
				[]jen.Code{ctxParam, jen.Id(request).Add(msg(rpc.Request)), startOpts}, []jen.Code{msg(rpc.Response), jen.Error()},
				[]jen.Code{jen.Return(jen.Id(n.Def).Dot("Execute").Call(jen.Id("ctx"), c(), jen.Id(request), jen.Id("opts").Op("...")))}},
			method{brief(rpc, "%s starts %s and returns its run without waiting.", n.Start, rpc.FullName), n.Start,
				[]jen.Code{ctxParam, jen.Id(request).Add(msg(rpc.Request)), startOpts}, []jen.Code{run.Clone(), jen.Error()},
				[]jen.Code{jen.Return(wrap(jen.Id(n.Def).Dot("Start").Call(jen.Id("ctx"), c(), jen.Id(request), jen.Id("opts").Op("..."))))}},
			method{brief(rpc, "%s returns the %s run of workflowID; an empty runID means its latest run.", n.Get, rpc.FullName), n.Get,
				[]jen.Code{idParams}, []jen.Code{run.Clone()},
				[]jen.Code{jen.Return(jen.Op("&").Id(n.Run).Values(jen.Id(n.Def).Dot("Get").Call(c(), jen.Id("workflowID"), jen.Id("runID"))))}},
		)
		for _, ref := range w.Signals {
			if !ref.Start {
				continue
			}
			s := ref.Signal
			name := w.WithStart(s.RPC)
			ms = append(ms, method{brief(rpc, "%s starts %s if it is not running and sends it %s, in one request (signal-with-start).", name, rpc.FullName, s.RPC.FullName), name,
				withStartParams(rpc, s.RPC, "signal", startOpts), []jen.Code{run.Clone(), jen.Error()},
				[]jen.Code{jen.Return(wrap(jen.Qual(clientPath, "SignalWithStart").Call(jen.Id("ctx"), c(), jen.Id(n.Def), jen.Id(request), g.ref(s.RPC, s.Names().Def), withStartArg(s.RPC, "signal"), jen.Id("opts").Op("..."))))}})
		}
		for _, ref := range w.Updates {
			if !ref.Start {
				continue
			}
			u := ref.Update
			name := w.WithStart(u.RPC)
			handle := jen.Op("*").Qual(clientPath, "UpdateHandleOf").Types(msg(u.RPC.Response))
			opts := []jen.Code{jen.Id("opts").Op("...")}
			if ref.IDConflictPolicy != model.IDConflictPolicyUnspecified {
				opts = []jen.Code{jen.Id("append").Call(jen.Index().Qual(clientPath, "UpdateWithStartOption").Values(
					jen.Qual(clientPath, "WithStart").Call(jen.Qual(clientPath, "WithIDConflictPolicy").Call(idConflictPolicy(ref.IDConflictPolicy)))), jen.Id("opts").Op("..."))}
				opts[0] = jen.Add(opts[0]).Op("...")
			}
			ms = append(ms, method{brief(rpc, "%s starts %s if it is not running and sends it %s, in one request (update-with-start); the handle's Get gives the update's result, or its rejection or failure, which leave the workflow started all the same. When the call itself fails after the workflow started, the run comes with the error.", name, rpc.FullName, u.RPC.FullName), name,
				withStartParams(rpc, u.RPC, "update", withStartOpts), []jen.Code{handle, run.Clone(), jen.Error()},
				[]jen.Code{jen.Return(jen.Qual(clientPath, "UpdateRunAs").Types(jen.Id(n.Run)).Call(
					jen.Qual(clientPath, "UpdateWithStart").Call(append([]jen.Code{jen.Id("ctx"), c(), jen.Id(n.Def), jen.Id(request), g.ref(u.RPC, u.Names().Def), withStartArg(u.RPC, "update")}, opts...)...)))}})
		}
	}
	if len(ms) == 0 {
		return
	}
	var iface []jen.Code
	for _, m := range ms {
		iface = append(iface, m.doc, jen.Id(m.name).Params(m.params...).Params(m.results...))
	}
	g.f.Add(serviceDocs(g.s, "%s starts and finds the %s service's workflows. Signals, queries and updates go through a workflow's run (Get<Workflow> for one already running), so a workflow can only be sent the ones it declares.", g.sn.Client, g.s.FullName))
	g.f.Type().Id(g.sn.Client).Interface(iface...)
	g.f.Add(serviceBrief(g.s, "%s returns the %s service's client on c.", g.sn.NewClient, g.s.FullName))
	g.f.Func().Id(g.sn.NewClient).Params(jen.Id("c").Op("*").Qual(clientPath, "Client")).Id(g.sn.Client).Block(jen.Return(jen.Op("&").Id(impl).Values(jen.Dict{jen.Id("c"): jen.Id("c")})))
	g.f.Type().Id(impl).Struct(jen.Id("c").Op("*").Qual(clientPath, "Client"))
	for _, m := range ms {
		g.f.Func().Params(jen.Id("x").Op("*").Id(impl)).Id(m.name).Params(m.params...).Params(m.results...).Block(m.body...)
	}
}

// withStartParams are the parameters of a signal- or update-with-start
// method: the workflow's request, the handler's under name (left out when
// it is google.protobuf.Empty, as on the run's methods), the options.
func withStartParams(wf, handler *model.RPC, name string, opts jen.Code) []jen.Code {
	params := []jen.Code{ctxParam, jen.Id(request).Add(msg(wf.Request))}
	if !isEmpty(handler.Request) {
		params = append(params, jen.Id(name).Add(msg(handler.Request)))
	}
	return append(params, opts)
}

// withStartArg is the handler's request a with-start method passes on:
// name, or a new Empty.
func withStartArg(handler *model.RPC, name string) jen.Code {
	if isEmpty(handler.Request) {
		return handlerArg(handler)
	}
	return jen.Id(name)
}

// handlerParams are the parameters a signal, query or update takes: its
// request, left out when it is google.protobuf.Empty.
func handlerParams(rpc *model.RPC) []jen.Code {
	if isEmpty(rpc.Request) {
		return nil
	}
	return []jen.Code{jen.Id(request).Add(msg(rpc.Request))}
}

// handlerArg is the request passed on: req, or a new Empty.
func handlerArg(rpc *model.RPC) jen.Code {
	if isEmpty(rpc.Request) {
		return jen.Op("&").Qual(string(rpc.Request.GoIdent.GoImportPath), rpc.Request.GoIdent.GoName).Values()
	}
	return jen.Id(request)
}

// run renders the typed run handle of a workflow, with a method per
// signal, query and update it declares.
func (g *gen) run(w *model.Workflow) {
	n := w.Names()
	rpc := w.RPC
	runOf := jen.Op("*").Qual(clientPath, "RunOf").Types(msg(rpc.Response))
	g.f.Comment(fmt.Sprintf("%s is a run of %s: its result, its signals, queries and updates, and cancel, terminate and describe. Every call but Get addresses the latest run of the workflow ID, so it follows continue-as-new; for a run this client started, cancel, terminate, describe and updates fail rather than reach a later workflow that reused the ID.", n.Run, rpc.FullName))
	g.f.Type().Id(n.Run).Struct(runOf.Clone())
	recv := jen.Id("r").Op("*").Id(n.Run)
	for _, ref := range w.Signals {
		s := ref.Signal
		sn := s.Names()
		g.f.Add(brief(s.RPC, "%s sends %s to the workflow.", sn.Method, s.RPC.FullName))
		g.f.Func().Params(recv.Clone()).Id(sn.Method).Params(append([]jen.Code{ctxParam}, handlerParams(s.RPC)...)...).Error().Block(
			jen.Return(g.ref(s.RPC, sn.Def).Dot("SendTo").Call(jen.Id("ctx"), jen.Id("r"), handlerArg(s.RPC))))
	}
	for _, ref := range w.Queries {
		q := ref.Query
		qn := q.Names()
		g.f.Add(brief(q.RPC, "%s asks the workflow %s.", qn.Method, q.RPC.FullName))
		g.f.Func().Params(recv.Clone()).Id(qn.Method).Params(append([]jen.Code{ctxParam}, handlerParams(q.RPC)...)...).Params(msg(q.RPC.Response), jen.Error()).Block(
			jen.Return(g.ref(q.RPC, qn.Def).Dot("QueryOn").Call(jen.Id("ctx"), jen.Id("r"), handlerArg(q.RPC))))
	}
	for _, ref := range w.Updates {
		u := ref.Update
		un := u.Names()
		handle := jen.Op("*").Qual(clientPath, "UpdateHandleOf").Types(msg(u.RPC.Response))
		params := append(append([]jen.Code{ctxParam}, handlerParams(u.RPC)...), updateOpts)
		args := []jen.Code{jen.Id("ctx"), jen.Id("r"), handlerArg(u.RPC), jen.Id("opts").Op("...")}
		g.f.Add(brief(u.RPC, "%s sends %s to the workflow and waits for its result.", un.Method, u.RPC.FullName))
		g.f.Func().Params(recv.Clone()).Id(un.Method).Params(params...).Params(msg(u.RPC.Response), jen.Error()).Block(
			jen.Return(g.ref(u.RPC, un.Def).Dot("ExecuteOn").Call(args...)))
		g.f.Add(brief(u.RPC, "%s sends %s to the workflow and returns %s.", un.Async, u.RPC.FullName, asyncReturns(u)))
		g.f.Func().Params(recv.Clone()).Id(un.Async).Params(params...).Params(handle.Clone(), jen.Error()).Block(
			jen.Return(g.ref(u.RPC, un.Def).Dot("StartOn").Call(args...)))
		g.f.Add(brief(u.RPC, "%s returns the handle of the %s with updateID.", un.GetHandle, u.RPC.FullName))
		g.f.Func().Params(recv.Clone()).Id(un.GetHandle).Params(jen.Id("updateID").String()).Add(handle.Clone()).Block(
			jen.Return(g.ref(u.RPC, un.Def).Dot("HandleOn").Call(jen.Id("r"), jen.Id("updateID"))))
	}
}

// asyncReturns says when an update's async call returns, by the stage its
// annotation waits for.
func asyncReturns(u *model.Update) string {
	if u.WaitForStage == model.UpdateWaitStageCompleted {
		return "once the handler finished (the annotation's wait_for_stage); the handle holds the result"
	}
	return "once the workflow accepted it; the handle waits for the result"
}

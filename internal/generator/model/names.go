package model

import (
	"unicode"
	"unicode/utf8"
)

// The Go identifiers generated code declares. The renderer takes every name
// from here, and validation checks the same names for collisions, so the two
// cannot drift apart. Names derive from the Go names protogen gives services
// and rpcs (GoName), never from Temporal names.

// PackageScope is the Scope of identifiers declared at package level.
const PackageScope = "package"

// runOfMethods are the methods a generated run handle gets from the
// embedded runtime client.RunOf, and the embedded field's own name; a
// signal, query or update method of the same name would shadow them.
var runOfMethods = []string{"RunOf", "ID", "RunID", "Client", "Untyped", "Get", "Cancel", "Terminate", "Describe"}

// childRunOfMethods are the same for a generated child run, which embeds
// workflow.ChildRunOf.
var childRunOfMethods = []string{"ChildRunOf", "Get", "WaitStart", "Future", "AddToSelector"}

// InputRequest is the field of a workflow's input struct that holds the
// request; the struct has a field per signal beside it.
const InputRequest = "Req"

// ServiceNames are the package-level identifiers generated per service.
type ServiceNames struct {
	TaskQueue               string // const: the service's task queue, `OrdersTaskQueue`
	Client                  string // interface: the typed client, `OrdersClient`
	NewClient               string // func: its constructor over *client.Client, `NewOrdersClient`
	ClientImpl              string // unexported struct implementing Client, `ordersClient`
	Workflows               string // interface: a constructor per workflow, `OrdersWorkflows`
	RegisterWorkflows       string // func: registers every workflow, `RegisterOrdersWorkflows`
	Activities              string // interface: a method per activity, `OrdersActivities`
	UnimplementedActivities string // struct to embed, `UnimplementedOrdersActivities`
	RegisterActivities      string // func: registers every activity, `RegisterOrdersActivities`
}

// Names returns the service's generated identifiers.
func (s *Service) Names() ServiceNames {
	n := s.GoName
	return ServiceNames{
		TaskQueue:               n + "TaskQueue",
		Client:                  n + "Client",
		NewClient:               "New" + n + "Client",
		ClientImpl:              unexported(n) + "Client",
		Workflows:               n + "Workflows",
		RegisterWorkflows:       "Register" + n + "Workflows",
		Activities:              n + "Activities",
		UnimplementedActivities: "Unimplemented" + n + "Activities",
		RegisterActivities:      "Register" + n + "Activities",
	}
}

// WorkflowNames are the identifiers generated per workflow.
type WorkflowNames struct {
	// Package level.
	NameConst     string // const: the workflow type, `ProcessOrderWorkflowName`
	Def           string // var: client.WorkflowDef, `ProcessOrderWorkflowDef`
	ChildDef      string // var: workflow.WorkflowDef for children and continue-as-new, `ProcessOrderChildDef`
	IDFunc        string // func: renders the ID template (only with an ID template), `ProcessOrderWorkflowID`
	Interface     string // interface the user implements: Execute, queries, updates, `ProcessOrderWorkflow`
	Input         string // struct: the request and typed signal channels, `ProcessOrderWorkflowInput`
	Register      string // func: registers one constructor, `RegisterProcessOrderWorkflow`
	Run           string // struct: typed run handle, `ProcessOrderRun`
	ChildRun      string // struct: typed child run, `ProcessOrderChildRun`
	Child         string // func: execute as a child, `ProcessOrderChild`
	ChildAsync    string // func: start as a child, `ProcessOrderChildAsync`
	ContinueAsNew string // func: typed continue-as-new error, `ProcessOrderContinueAsNew`
	// Unexported, package level too: they collide as any other name does.
	Defaults string // func: the declared options of a run with req, for a client's start and a child's, `processOrderDefaults`

	// Methods of the service's client interface.
	Execute string // `ProcessOrder`: start and wait for the result
	Start   string // `ProcessOrderAsync`: start, returning the run
	Get     string // `GetProcessOrder`: a run by workflow ID and run ID
}

// Names returns the workflow's generated identifiers.
func (w *Workflow) Names() WorkflowNames {
	n := w.RPC.GoName
	return WorkflowNames{
		NameConst:     n + "WorkflowName",
		Def:           n + "WorkflowDef",
		ChildDef:      n + "ChildDef",
		IDFunc:        n + "WorkflowID",
		Interface:     n + "Workflow",
		Input:         n + "WorkflowInput",
		Register:      "Register" + n + "Workflow",
		Run:           n + "Run",
		ChildRun:      n + "ChildRun",
		Child:         n + "Child",
		ChildAsync:    n + "ChildAsync",
		ContinueAsNew: n + "ContinueAsNew",
		Defaults:      unexported(n) + "Defaults",
		Execute:       n,
		Start:         n + "Async",
		Get:           "Get" + n,
	}
}

// WithStart returns the client method that starts the workflow together with
// a signal or update (signal-with-start, update-with-start):
// `ProcessOrderWithCancelOrder`.
func (w *Workflow) WithStart(handler *RPC) string {
	return w.RPC.GoName + "With" + handler.GoName
}

// ActivityNames are the identifiers generated per activity.
type ActivityNames struct {
	NameConst  string // const: the activity type, `ChargeCardActivityName`
	Def        string // var: workflow.ActivityDef, `ChargeCardActivityDef`
	Register   string // func: registers one implementation, `RegisterChargeCardActivity`
	Call       string // func: execute and wait, `ChargeCard`
	CallAsync  string // func: execute, returning a future, `ChargeCardAsync`
	Local      string // func: execute as a local activity, `ChargeCardLocal`
	LocalAsync string // func: local, returning a future, `ChargeCardLocalAsync`
	// Priority renders the priority of a call from its request, where the
	// fairness key is not a literal: `chargeCardActivityPriority`.
	Priority string
	// Method is the method of the service's activities interface.
	Method string // `ChargeCard`
}

// Names returns the activity's generated identifiers.
func (a *Activity) Names() ActivityNames {
	n := a.RPC.GoName
	return ActivityNames{
		NameConst:  n + "ActivityName",
		Def:        n + "ActivityDef",
		Register:   "Register" + n + "Activity",
		Call:       n,
		CallAsync:  n + "Async",
		Local:      n + "Local",
		LocalAsync: n + "LocalAsync",
		Priority:   unexported(n) + "ActivityPriority",
		Method:     n,
	}
}

// unexported makes a Go name unexported: ProcessOrder → processOrder.
func unexported(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// SignalNames are the identifiers generated per signal.
type SignalNames struct {
	NameConst string // const: `CancelOrderSignalName`
	Def       string // var: client.SignalDef, `CancelOrderSignalDef`
	External  string // func: signal another workflow from a workflow, `CancelOrderExternal`
	// Method sends the signal: on every run handle and child run of a
	// workflow that handles it. `CancelOrder`.
	Method string
}

// Names returns the signal's generated identifiers.
func (s *Signal) Names() SignalNames {
	n := s.RPC.GoName
	return SignalNames{NameConst: n + "SignalName", Def: n + "SignalDef", External: n + "External", Method: n}
}

// QueryNames are the identifiers generated per query.
type QueryNames struct {
	NameConst string // const: `GetStatusQueryName`
	Def       string // var: client.QueryDef, `GetStatusQueryDef`
	// Method sends the query (run handle) and answers it (workflow
	// interface): `GetStatus`.
	Method string
}

// Names returns the query's generated identifiers.
func (q *Query) Names() QueryNames {
	n := q.RPC.GoName
	return QueryNames{NameConst: n + "QueryName", Def: n + "QueryDef", Method: n}
}

// UpdateNames are the identifiers generated per update.
type UpdateNames struct {
	NameConst string // const: `AddItemUpdateName`
	Def       string // var: client.UpdateDef, `AddItemUpdateDef`
	IDFunc    string // func: renders the update ID template (only with one), `AddItemUpdateID`
	// Methods of the run handles: sync, async, handle by ID.
	Method    string // `AddItem`; also the workflow interface's handler
	Async     string // `AddItemAsync`
	GetHandle string // `GetAddItem`
	// Validator is the workflow interface's validator, where validation is on.
	Validator string // `ValidateAddItem`
}

// Names returns the update's generated identifiers.
func (u *Update) Names() UpdateNames {
	n := u.RPC.GoName
	return UpdateNames{
		NameConst: n + "UpdateName",
		Def:       n + "UpdateDef",
		IDFunc:    n + "UpdateID",
		Method:    n,
		Async:     n + "Async",
		GetHandle: "Get" + n,
		Validator: "Validate" + n,
	}
}

// Identifier is one Go identifier generated code declares.
type Identifier struct {
	// Scope is PackageScope or the generated type whose method it is
	// (`OrdersClient`, `ProcessOrderRun`, `ProcessOrderWorkflow`).
	Scope string
	Name  string
	// Owner says what generates it, for error messages:
	// `workflow acme.orders.v1.Orders.ProcessOrder`.
	Owner string
	// Service is the service that generates it, and RPC the rpc, nil for the
	// service's own identifiers.
	Service *Service
	RPC     *RPC
	// Loc is the declaration of the rpc or service, or the ref, that
	// generates it.
	Loc Location
	// Field is set when the identifier is a struct field of Scope, not a
	// method.
	Field bool
	// From is the declaration the name is built from, which renaming
	// renames it: `rpc acme.orders.v1.Orders.CancelOrder`, `service
	// acme.orders.v1.Orders`. Empty for a fixed name: the runtime's
	// methods of a run, a workflow input's Req, a workflow's Execute.
	From string
}

// Identifiers lists the identifiers generated for the service, in a
// deterministic order: the service's, then each rpc's in declaration order.
// Two equal (Scope, Name) pairs, from this service or from another generated
// into the same Go package, would not compile.
func (s *Service) Identifiers() []Identifier {
	var ids []Identifier
	var rpc *RPC
	add := func(scope, owner, from string, loc Location, names ...string) {
		for _, n := range names {
			ids = append(ids, Identifier{Scope: scope, Name: n, Owner: owner, Service: s, RPC: rpc, Loc: loc, From: from})
		}
	}
	addField := func(scope, owner, from string, loc Location, name string) {
		add(scope, owner, from, loc, name)
		ids[len(ids)-1].Field = true
	}
	sn := s.Names()
	svc := "service " + s.FullName
	// The service's own declarations exist only for what it has: a
	// service of signals alone declares none.
	if s.TaskQueue != "" {
		add(PackageScope, svc, svc, s.Loc, sn.TaskQueue)
	}
	if len(s.Workflows) > 0 {
		add(PackageScope, svc, svc, s.Loc, sn.Client, sn.NewClient, sn.ClientImpl, sn.Workflows, sn.RegisterWorkflows)
	}
	if len(s.Activities) > 0 {
		add(PackageScope, svc, svc, s.Loc, sn.Activities, sn.UnimplementedActivities, sn.RegisterActivities)
	}
	for _, r := range s.RPCs {
		rpc = r
		owner := r.Kind.String() + " " + r.FullName
		from := "rpc " + r.FullName
		switch {
		case r.Workflow != nil:
			w := r.Workflow
			n := w.Names()
			add(PackageScope, owner, from, r.Loc, n.NameConst, n.Def, n.ChildDef, n.Interface, n.Input, n.Register,
				n.Run, n.ChildRun, n.Child, n.ChildAsync, n.ContinueAsNew, n.Defaults)
			if w.ID != nil {
				add(PackageScope, owner, from, r.Loc, n.IDFunc)
			}
			add(sn.Client, owner, from, r.Loc, n.Execute, n.Start, n.Get)
			add(sn.Workflows, owner, from, r.Loc, n.Execute)
			add(n.Run, "client.RunOf", "", r.Loc, runOfMethods...)
			add(n.ChildRun, "workflow.ChildRunOf", "", r.Loc, childRunOfMethods...)
			addField(n.Input, owner, "", r.Loc, InputRequest)
			add(n.Interface, owner, "", r.Loc, "Execute")
			for _, ref := range w.Signals {
				if ref.Signal == nil {
					continue
				}
				m := ref.Signal.Names().Method
				owner, from := owner+" signal "+ref.Signal.RPC.FullName, "rpc "+ref.Signal.RPC.FullName
				add(n.Run, owner, from, ref.Loc, m)
				add(n.ChildRun, owner, from, ref.Loc, m)
				addField(n.Input, owner, from, ref.Loc, m)
				if ref.Start {
					add(sn.Client, owner, from, ref.Loc, w.WithStart(ref.Signal.RPC))
				}
			}
			for _, ref := range w.Queries {
				if ref.Query == nil {
					continue
				}
				m := ref.Query.Names().Method
				owner, from := owner+" query "+ref.Query.RPC.FullName, "rpc "+ref.Query.RPC.FullName
				add(n.Run, owner, from, ref.Loc, m)
				add(n.Interface, owner, from, ref.Loc, m)
			}
			for _, ref := range w.Updates {
				if ref.Update == nil {
					continue
				}
				un := ref.Update.Names()
				owner, from := owner+" update "+ref.Update.RPC.FullName, "rpc "+ref.Update.RPC.FullName
				add(n.Run, owner, from, ref.Loc, un.Method, un.Async, un.GetHandle)
				add(n.Interface, owner, from, ref.Loc, un.Method)
				if ref.Validate {
					add(n.Interface, owner, from, ref.Loc, un.Validator)
				}
				if ref.Start {
					add(sn.Client, owner, from, ref.Loc, w.WithStart(ref.Update.RPC))
				}
			}
		case r.Activity != nil:
			n := r.Activity.Names()
			add(PackageScope, owner, from, r.Loc, n.NameConst, n.Def, n.Register, n.Call, n.CallAsync, n.Local, n.LocalAsync)
			if r.Activity.Priority.PerCall() {
				add(PackageScope, owner, from, r.Loc, n.Priority)
			}
			add(sn.Activities, owner, from, r.Loc, n.Method)
		case r.Signal != nil:
			n := r.Signal.Names()
			add(PackageScope, owner, from, r.Loc, n.NameConst, n.Def, n.External)
		case r.Query != nil:
			n := r.Query.Names()
			add(PackageScope, owner, from, r.Loc, n.NameConst, n.Def)
		case r.Update != nil:
			u := r.Update
			n := u.Names()
			add(PackageScope, owner, from, r.Loc, n.NameConst, n.Def)
			if u.ID != nil {
				add(PackageScope, owner, from, r.Loc, n.IDFunc)
			}
		}
	}
	return ids
}

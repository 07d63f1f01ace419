package validate

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/workflowdef/workflowdef/internal/generator/model"
	"github.com/workflowdef/workflowdef/internal/generator/template"
)

// refs checks a workflow's signal, query and update refs, start requests and
// update-with-start conflict policies.
func (r *report) refs(w *model.Workflow) {
	sub := rpcSubject(w.RPC)
	if w.IDReusePolicy == model.IDReusePolicyTerminateIfRunning && w.IDConflictPolicy != model.IDConflictPolicyUnspecified {
		r.add(w.IDReusePolicyLoc, sub, "id_reuse_policy TERMINATE_IF_RUNNING cannot be combined with id_conflict_policy, and the server refuses every start that sets both; it is the older way to say id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING: use that and remove id_reuse_policy")
	}
	seen := map[string]model.Location{} // kind + target -> first ref
	names := map[string]*model.Ref{}    // kind + Temporal name -> first ref
	check := func(kind model.Kind, ref *model.Ref) {
		t := r.ref(sub, w.RPC.Service, kind, ref)
		if t == "" {
			return
		}
		key := kind.String() + " " + t
		if first, dup := seen[key]; dup {
			r.add(ref.Loc, sub, "%s ref %q repeats %s, already listed at %s; list each %s once", kind, ref.Text, t, first, kind)
			return
		}
		seen[key] = ref.Loc
		rpc := ref.Targets[0].RPC
		name, _ := rpc.Name()
		key = kind.String() + "\x00" + name
		first, dup := names[key]
		if !dup {
			names[key] = ref
			return
		}
		// Two of one Go package are reported where the second is
		// declared (temporalNames); only refs reach across packages.
		if other := first.Targets[0].RPC; other.Service.File.GoImportPath() != rpc.Service.File.GoImportPath() {
			r.add(ref.Loc, sub, "%s ref %q names %s, whose %s name %q is also that of %s (listed at %s); a workflow finds its %s handlers by name alone, so workflow %s cannot handle both: set name on one of the two rpcs so that the names differ, or list only one", kind, ref.Text, t, kind, name, other.FullName, first.Loc, kind, w.RPC.FullName)
		}
	}
	for _, s := range w.Signals {
		check(model.KindSignal, &s.Ref)
		if s.Start && s.Signal != nil {
			r.needsID(w, s.StartLoc, "signal", s.Ref.Text, "signal-with-start")
		}
	}
	for _, q := range w.Queries {
		check(model.KindQuery, &q.Ref)
	}
	for _, u := range w.Updates {
		check(model.KindUpdate, &u.Ref)
		if !u.Start && u.IDConflictPolicy != model.IDConflictPolicyUnspecified {
			r.add(u.IDConflictPolicyLoc, sub, "update %q sets id_conflict_policy without start: true; the policy applies only to update-with-start: set start: true, or remove id_conflict_policy", u.Ref.Text)
		}
		if !u.Start || u.Update == nil {
			continue
		}
		r.needsID(w, u.StartLoc, "update", u.Ref.Text, "update-with-start")
		if w.IDReusePolicy == model.IDReusePolicyTerminateIfRunning {
			r.add(u.StartLoc, sub, "update %q has start: true, but the workflow's id_reuse_policy is TERMINATE_IF_RUNNING, which the server refuses beside the conflict policy every update-with-start sends; use id_conflict_policy: WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING instead", u.Ref.Text)
		}
		if u.IDConflictPolicy == model.IDConflictPolicyFail {
			r.add(u.IDConflictPolicyLoc, sub, "update %q has start: true with id_conflict_policy FAIL; update-with-start must reach a running workflow: use WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING (the default when unset)", u.Ref.Text)
		}
	}
}

// needsID reports a with-start request on a workflow without an ID
// template, or with one that draws a UUID and so names a new workflow on
// every call.
func (r *report) needsID(w *model.Workflow, loc model.Location, kind, ref, what string) {
	switch {
	case w.ID == nil:
		r.add(loc, rpcSubject(w.RPC), "%s %q has start: true, but the workflow has no id template; %s finds the workflow by ID: set id, such as id: \"order-{order_id}\"", kind, ref, what)
	case w.ID.Parsed.UsesUUID():
		r.add(loc, rpcSubject(w.RPC), "%s %q has start: true, but the workflow's id template %q draws {$uuid}, so every call names a new workflow and %s never reaches a running one; build the id from request fields only", kind, ref, w.ID.Source, what)
	}
}

// ref reports a ref that does not name exactly one rpc of kind, and returns
// the rpc's full name when it does.
func (r *report) ref(sub string, svc *model.Service, kind model.Kind, ref *model.Ref) string {
	switch {
	case ref.Text == "":
		r.add(ref.Loc, sub, "%s ref is empty; name the %s's rpc: its name in this service or its fully qualified name", kind, kind)
		return ""
	case len(ref.Targets) == 0:
		var names []string
		for _, rpc := range svc.RPCs {
			if rpc.Kind == kind {
				names = append(names, rpc.ProtoName)
			}
		}
		example, known := ref.Text, ""
		if len(names) > 0 {
			example, known = names[0], fmt.Sprintf(" (its %ss: %s)", kind, strings.Join(names, ", "))
		} else if !protoreflect.Name(example).IsValid() {
			example = "Name"
		}
		r.add(ref.Loc, sub, "%s ref %q names no rpc; write the name of %s rpc of service %s%s, or a fully qualified name such as %s.%s", kind, ref.Text, template.Article(kind.String()), svc.ProtoName, known, svc.FullName, example)
		return ""
	case len(ref.Targets) > 1:
		r.add(ref.Loc, sub, "%s ref %q is ambiguous: it names both %s and %s; write the fully qualified name with a leading dot, such as \".%s\"", kind, ref.Text, ref.Targets[0].FullName, ref.Targets[1].FullName, ref.Targets[0].FullName)
		return ""
	}
	t := ref.Targets[0]
	switch {
	case t.RPC != nil && !t.RPC.Service.File.Proto.Generate:
		r.add(ref.Loc, sub, "%s ref %q names %s, declared in %s, which this run does not generate: the generated code reaches the %s through that file's generated package; generate %s in the same run: with buf, set `strategy: all` on protoc-gen-go-temporal's entry in buf.gen.yaml (the default strategy runs the plugin once per directory) and keep that file among the inputs; with protoc, name both files in one command", kind, ref.Text, t.FullName, t.RPC.Service.File.Path, kind, t.RPC.Service.File.Path)
		return ""
	case t.RPC == nil:
		r.add(ref.Loc, sub, "%s ref %q names rpc %s, which carries no Temporal option; mark it with option (temporal.workflowdef.v1.%s) = {}", kind, ref.Text, t.FullName, kind)
		return ""
	case t.RPC.Kind != kind:
		r.add(ref.Loc, sub, "%s ref %q names %s, which is %s, not %s; list it under %s, or name %s", kind, ref.Text, t.FullName, article(t.RPC.Kind), article(kind), t.RPC.Kind, article(kind))
		return ""
	}
	return t.FullName
}

// article returns the kind with its indefinite article: "a query", "an update".
func article(k model.Kind) string {
	if k == model.KindActivity || k == model.KindUpdate {
		return "an " + k.String()
	}
	return "a " + k.String()
}

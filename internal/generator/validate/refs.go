package validate

import (
	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// refs checks a workflow's signal, query and update refs, start requests and
// update-with-start conflict policies.
func (r *report) refs(w *model.Workflow) {
	sub := rpcSubject(w.RPC)
	seen := map[string]model.Location{} // kind + target -> first ref
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
		if !u.Start || u.Update == nil {
			continue
		}
		r.needsID(w, u.StartLoc, "update", u.Ref.Text, "update-with-start")
		if u.IDConflictPolicy == model.IDConflictPolicyFail {
			r.add(u.IDConflictPolicyLoc, sub, "update %q has start: true with id_conflict_policy FAIL; update-with-start must reach a running workflow: use WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING (the default when unset)", u.Ref.Text)
		}
	}
}

// needsID reports a with-start request on a workflow without an ID template.
func (r *report) needsID(w *model.Workflow, loc model.Location, kind, ref, what string) {
	if w.ID != nil {
		return
	}
	r.add(loc, rpcSubject(w.RPC), "%s %q has start: true, but the workflow has no id template; %s finds the workflow by ID: set id, such as id: \"order-{order_id}\"", kind, ref, what)
}

// ref reports a ref that does not name exactly one rpc of kind, and returns
// the rpc's full name when it does.
func (r *report) ref(sub string, svc *model.Service, kind model.Kind, ref *model.Ref) string {
	switch {
	case ref.Text == "":
		r.add(ref.Loc, sub, "%s ref is empty; name the %s's rpc: its name in this service or its fully qualified name", kind, kind)
		return ""
	case len(ref.Targets) == 0:
		r.add(ref.Loc, sub, "%s ref %q names no rpc; write the name of an rpc of service %s, or a fully qualified name such as %s.%s", kind, ref.Text, svc.ProtoName, svc.FullName, ref.Text)
		return ""
	case len(ref.Targets) > 1:
		r.add(ref.Loc, sub, "%s ref %q is ambiguous: it names both %s and %s; write the fully qualified name with a leading dot, such as \".%s\"", kind, ref.Text, ref.Targets[0].FullName, ref.Targets[1].FullName, ref.Targets[0].FullName)
		return ""
	}
	t := ref.Targets[0]
	switch {
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

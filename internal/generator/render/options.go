package render

import (
	"fmt"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// request is the name of the request parameter in generated functions.
const request = "req"

func req() *jen.Statement { return jen.Id(request) }

// optionsFunc renders a function that builds options from the annotation's
// defaults and the request's templates:
//
//	func name(req *Req) (T, error) {
//		switch { case <a template field is empty>: return T{}, &temporal.TemplateFieldError{...} }
//		return T{...}, nil
//	}
//
// params are all its parameters, req among them, in the order its callers
// pass them.
func (g *gen) optionsFunc(comment, name string, params []jen.Code, typ *jen.Statement, cs checks, dict jen.Dict) {
	body := cs.failure(typ.Clone().Values())
	body = append(body, jen.Return(typ.Clone().Values(dict), jen.Nil()))
	g.f.Comment(comment)
	g.f.Func().Id(name).Params(params...).Params(typ.Clone(), jen.Error()).Block(body...)
}

// workflowOptions returns the options w's annotation sets: the fields of
// the temporal.WorkflowDefaults a client's start and a child call share,
// the child-only workflow.ChildWorkflowOptions, and the checks the
// templates need.
func (g *gen) workflowOptions(w *model.Workflow, newUUID func() jen.Code) (cs checks, defaults, child jen.Dict) {
	defaults, child = jen.Dict{}, jen.Dict{}
	if w.TaskQueue != "" {
		defaults[jen.Id("TaskQueue")] = g.taskQueue(w.TaskQueue)
	}
	for _, d := range []struct {
		field string
		d     *model.Duration
	}{{"ExecutionTimeout", w.ExecutionTimeout}, {"RunTimeout", w.RunTimeout}, {"TaskTimeout", w.TaskTimeout}} {
		if d.d != nil {
			defaults[jen.Id(d.field)] = duration(d.d.Value)
		}
	}
	if w.RetryPolicy != nil {
		defaults[jen.Id("RetryPolicy")] = retryPolicy(w.RetryPolicy)
	}
	if w.IDReusePolicy != model.IDReusePolicyUnspecified {
		defaults[jen.Id("IDReusePolicy")] = idReusePolicy(w.IDReusePolicy)
	}
	if w.IDConflictPolicy != model.IDConflictPolicyUnspecified {
		defaults[jen.Id("IDConflictPolicy")] = idConflictPolicy(w.IDConflictPolicy)
	}
	if w.EnableEagerStart {
		defaults[jen.Id("EnableEagerStart")] = jen.True()
	}
	if w.ParentClosePolicy != model.ParentClosePolicyUnspecified {
		child[jen.Id("ParentClosePolicy")] = parentClosePolicy(w.ParentClosePolicy)
	}
	// As workflow.WithChildWaitForCancellation sets it; unset keeps the
	// runtime's default, which waits for the child to close.
	if wait := w.WaitForCancellation; wait != nil && *wait {
		child[jen.Id("CancellationType")] = jen.Qual(workflowPath, "ChildWorkflowCancellationWaitCompleted")
	} else if wait != nil {
		child[jen.Id("CancellationType")] = jen.Qual(workflowPath, "ChildWorkflowCancellationWaitRequested")
	}
	if w.Priority != nil {
		c, p := priority(w.Priority, newUUID)
		cs = append(cs, c...)
		defaults[jen.Id("Priority")] = p
	}
	if len(w.SearchAttributes) > 0 {
		var updates []jen.Code
		for _, sa := range w.SearchAttributes {
			c, u := searchAttribute(sa, newUUID)
			cs = append(cs, c...)
			updates = append(updates, u)
		}
		defaults[jen.Id("SearchAttributes")] = jen.Qual(temporalPath, "NewSearchAttributes").Custom(multiline, updates...)
	}
	if len(w.Memo) > 0 {
		memo := jen.Dict{}
		for _, m := range w.Memo {
			c, v := typedValue(req, m.Value, "any", newUUID)
			cs = append(cs, c...)
			memo[jen.Lit(m.Key)] = v
		}
		defaults[jen.Id("Memo")] = jen.Map(jen.String()).Any().Values(memo)
	}
	return cs, defaults, child
}

// multiline lays a call's arguments out one per line.
var multiline = jen.Options{Open: "(", Close: ")", Separator: ",", Multi: true}

// priority renders &temporal.Priority{...}; the fairness key is a
// template.
func priority(p *model.Priority, newUUID func() jen.Code) (checks, jen.Code) {
	cs, d := priorityFields(p, newUUID)
	return cs, jen.Op("&").Qual(temporalPath, "Priority").Values(d)
}

// priorityFields renders the fields of a temporal.Priority.
func priorityFields(p *model.Priority, newUUID func() jen.Code) (checks, jen.Dict) {
	d := jen.Dict{}
	var cs checks
	if p.PriorityKey != 0 {
		d[jen.Id("PriorityKey")] = jen.Lit(int(p.PriorityKey))
	}
	if p.FairnessKey != nil {
		c, v := text(req, p.FairnessKey, newUUID)
		cs = c
		d[jen.Id("FairnessKey")] = v
	}
	if p.FairnessWeight != 0 {
		d[jen.Id("FairnessWeight")] = jen.Lit(p.FairnessWeight)
	}
	return cs, d
}

// searchAttributeKinds maps a search attribute type to the runtime's key
// constructor and the Go type of its value.
var searchAttributeKinds = map[model.SearchAttributeType]struct{ key, value string }{
	model.SearchAttributeTypeText:        {"NewSearchAttributeKeyText", "string"},
	model.SearchAttributeTypeKeyword:     {"NewSearchAttributeKeyKeyword", "string"},
	model.SearchAttributeTypeInt:         {"NewSearchAttributeKeyInt64", "int64"},
	model.SearchAttributeTypeDouble:      {"NewSearchAttributeKeyFloat64", "float64"},
	model.SearchAttributeTypeBool:        {"NewSearchAttributeKeyBool", "bool"},
	model.SearchAttributeTypeDatetime:    {"NewSearchAttributeKeyTime", "time"},
	model.SearchAttributeTypeKeywordList: {"NewSearchAttributeKeyKeywordList", "[]string"},
}

// searchAttribute renders temporal.NewSearchAttributeKeyX("Key").ValueSet(v).
func searchAttribute(sa *model.SearchAttribute, newUUID func() jen.Code) (checks, jen.Code) {
	kind := searchAttributeKinds[sa.Type]
	var cs checks
	var v jen.Code
	if lit, ok, _ := sa.Literal(); ok {
		v = literal(lit)
	} else {
		cs, v = typedValue(req, sa.Value, kind.value, newUUID)
	}
	return cs, jen.Qual(temporalPath, kind.key).Call(jen.Lit(sa.Key)).Dot("ValueSet").Call(v)
}

// literal renders a search attribute's literal value, as
// model.SearchAttribute.Literal parsed it.
func literal(v any) jen.Code {
	switch x := v.(type) {
	case time.Time:
		return jen.Qual(timePath, "Unix").Call(jen.Lit(int(x.Unix())), jen.Lit(x.Nanosecond())).Dot("UTC").Call()
	case []string:
		var items []jen.Code
		for _, s := range x {
			items = append(items, jen.Lit(s))
		}
		return jen.Index().String().Values(items...)
	case int64:
		return jen.Lit(int(x))
	}
	return jen.Lit(v)
}

// activityOptions renders the fields of an activity's defaults, which are
// fixed values: a priority whose fairness key reads the request is left out
// here and rendered per call by activityPriority.
func (g *gen) activityOptions(a *model.Activity) jen.Dict {
	d := jen.Dict{}
	if a.TaskQueue != "" {
		d[jen.Id("TaskQueue")] = g.taskQueue(a.TaskQueue)
	}
	setDuration(d, "ScheduleToCloseTimeout", a.ScheduleToCloseTimeout)
	setDuration(d, "ScheduleToStartTimeout", a.ScheduleToStartTimeout)
	setDuration(d, "StartToCloseTimeout", a.StartToCloseTimeout)
	setDuration(d, "HeartbeatTimeout", a.HeartbeatTimeout)
	if a.RetryPolicy != nil {
		d[jen.Id("RetryPolicy")] = retryPolicy(a.RetryPolicy)
	}
	if a.WaitForCancellation {
		d[jen.Id("WaitForCancellation")] = jen.True()
	}
	if a.Priority != nil && !a.Priority.PerCall() {
		_, p := priority(a.Priority, nil)
		d[jen.Id("Priority")] = p
	}
	return d
}

// activityPriority renders the function that computes an activity call's
// priority from its request, where the fairness key is a template:
//
//	func chargeActivityPriority(ctx workflow.Context, req *Req) (temporal.Priority, error)
//
// `{$uuid}` draws on the workflow's deterministic randomness, from the
// stream of defaults replay does not compare.
func (g *gen) activityPriority(a *model.Activity) {
	cs, d := priorityFields(a.Priority, defaultsUUID)
	n := a.Names()
	g.optionsFunc(fmt.Sprintf("%s is the priority %s's annotation gives a call with req; its fairness key %q reads the request.", n.Priority, a.RPC.FullName, a.Priority.FairnessKey.Source),
		n.Priority, []jen.Code{wfCtxParam, jen.Id(request).Add(msg(a.RPC.Request))}, jen.Qual(temporalPath, "Priority"), cs, d)
}

// localActivityOptions renders the fields of an activity's local defaults.
// localActivityOptions are the defaults of a's local calls: its local
// block, with the activity's own timeouts when the block sets neither and
// its own retry policy when the block sets none, so that a local call of
// an activity annotated for the server runs as it would there.
func localActivityOptions(a *model.Activity) jen.Dict {
	d := jen.Dict{}
	l := a.Local
	if l == nil {
		l = &model.LocalActivity{}
	}
	scheduleToClose, startToClose, policy := l.ScheduleToCloseTimeout, l.StartToCloseTimeout, l.RetryPolicy
	if scheduleToClose == nil && startToClose == nil {
		scheduleToClose, startToClose = a.ScheduleToCloseTimeout, a.StartToCloseTimeout
	}
	if policy == nil {
		policy = a.RetryPolicy
	}
	setDuration(d, "ScheduleToCloseTimeout", scheduleToClose)
	setDuration(d, "StartToCloseTimeout", startToClose)
	setDuration(d, "LocalRetryThreshold", l.LocalRetryThreshold)
	if policy != nil {
		d[jen.Id("RetryPolicy")] = retryPolicy(policy)
	}
	return d
}

package validate

import (
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/workflowdef/workflowdef/internal/generator/model"
	"github.com/workflowdef/workflowdef/internal/generator/template"
)

// Options are what validation needs to know of the plugin's options.
type Options struct {
	// SamePackage says generated code goes into the messages' own package
	// (package_suffix empty), where it must not redeclare what
	// protoc-gen-go declares there.
	SamePackage bool
}

// Validate checks req, to be generated as opts say, and returns every
// problem as [Errors], or nil.
func Validate(req *model.Request, opts Options) error {
	r := &report{opts: opts}
	for _, f := range req.Files {
		if f.Proto.GoPackageName == "main" && !opts.SamePackage && len(f.Services) > 0 {
			// Go refuses to import a program, and the sub-package would
			// import the messages.
			s := f.Services[0]
			r.add(s.Loc, serviceSubject(s), "the messages' Go package is main, which no other package can import, and the generated code goes into a sub-package that imports them: give the file a go_package of a package that is not main, or generate into the messages' package with the plugin option package_suffix= (empty)")
		}
		for _, s := range f.Services {
			r.unknownEnums(serviceSubject(s), s.UnknownEnums)
			r.unknownFields(serviceSubject(s), "service", s.UnknownFields)
			for _, rpc := range s.RPCs {
				r.rpc(rpc)
			}
		}
	}
	r.packages(req)
	r.refCycles(req)
	if len(r.errs) == 0 {
		return nil
	}
	r.errs.sort()
	return r.errs
}

const empty protoreflect.FullName = "google.protobuf.Empty"

// unknownFields reports option fields the plugin's schema does not have,
// which generated code would silently go without: the protos import a
// newer workflowdef.proto than the plugin was built with.
func (r *report) unknownFields(sub, option string, us []model.UnknownField) {
	for _, u := range us {
		in := ""
		if u.In != "" {
			in = " in " + strings.TrimSuffix(u.In, ".")
		}
		r.add(u.Loc, sub, "the %s option sets field %d%s, which this protoc-gen-go-temporal does not know: the workflowdef.proto your protos import is newer than the plugin; upgrade the plugin and runtime together (go get -tool github.com/workflowdef/workflowdef/cmd/protoc-gen-go-temporal@<version>), or import the workflowdef.proto of the version you have", option, u.Number, in)
	}
}

// unknownEnums reports options set to numbers their enum does not
// declare, which no generated code could name.
func (r *report) unknownEnums(sub string, us []model.UnknownEnum) {
	for _, u := range us {
		r.add(u.Loc, sub, "%s is %d, which is not %s: use one of %s", u.Field, u.Value, template.Article(u.Enum), strings.Join(u.Declared, ", "))
	}
}

func (r *report) rpc(rpc *model.RPC) {
	sub := rpcSubject(rpc)
	r.unknownEnums(sub, rpc.UnknownEnums)
	r.unknownFields(sub, rpc.Kind.String(), rpc.UnknownFields)
	for _, x := range rpc.ExtraOptions {
		r.add(x.Loc, sub, "carries both the %s option and the %s option; an rpc declares one Temporal item: keep one option and declare the other item on an rpc of its own", rpc.Kind, x.Kind)
	}
	switch {
	case rpc.ClientStreaming && rpc.ServerStreaming:
		r.add(rpc.Loc, sub, "is a bidirectional streaming rpc; a Temporal %s takes one request and returns one response: remove both `stream` keywords", rpc.Kind)
	case rpc.ClientStreaming:
		r.add(rpc.Loc, sub, "is a client-streaming rpc; a Temporal %s takes one request: remove `stream` from the request", rpc.Kind)
	case rpc.ServerStreaming:
		r.add(rpc.Loc, sub, "is a server-streaming rpc; a Temporal %s returns one response: remove `stream` from the response", rpc.Kind)
	}
	switch {
	case rpc.Workflow != nil:
		r.workflow(rpc.Workflow)
	case rpc.Activity != nil:
		r.activity(rpc.Activity)
	case rpc.Signal != nil:
		if rpc.Response != nil && rpc.Response.Desc.FullName() != empty {
			r.add(rpc.Loc, sub, "is a signal but returns %s; signals return nothing: declare `returns (google.protobuf.Empty)`", rpc.Response.Desc.FullName())
		}
	case rpc.Update != nil:
		r.template(sub, rpc.Update.ID)
	}
}

func (r *report) workflow(w *model.Workflow) {
	sub := rpcSubject(w.RPC)
	r.template(sub, w.ID)
	r.durations(sub, map[string]*model.Duration{"execution_timeout": w.ExecutionTimeout, "run_timeout": w.RunTimeout, "task_timeout": w.TaskTimeout})
	r.workflowTimeouts(sub, w)
	r.retryPolicy(sub, "retry_policy", w.RetryPolicy)
	r.priority(sub, w.Priority)
	r.refs(w)
	r.searchAttributes(sub, w.SearchAttributes)
	r.memo(sub, w.Memo)
	r.startOneofs(sub, w)
}

// startOneofs reports two of the templates every start renders (search
// attributes, memo, the fairness key) that go through different members of
// one oneof: each needs its member set, so every start would fail. The ID
// template is left out, since a caller may give the ID instead. A pair
// inside one template is the oneofs check's.
func (r *report) startOneofs(sub string, w *model.Workflow) {
	var ts []*model.Template
	for _, a := range w.SearchAttributes {
		ts = append(ts, a.Value)
	}
	for _, m := range w.Memo {
		ts = append(ts, m.Value)
	}
	if w.Priority != nil {
		ts = append(ts, w.Priority.FairnessKey)
	}
	ts = slices.DeleteFunc(ts, func(t *model.Template) bool {
		if t == nil || t.Parsed == nil {
			return true
		}
		_, _, self := selfExclusive(t)
		return self != nil
	})
	for i, t := range ts {
		for _, earlier := range ts[:i] {
			for _, a := range earlier.Parsed.Paths() {
				for _, b := range t.Parsed.Paths() {
					if o := exclusiveOneof(a, b); o != nil {
						r.add(t.Loc, sub, "%s template %q reads {%s} and %s template %q reads {%s}, members of oneof %s; only one member can be set, and every start renders both, so every start would fail: read one member, or move one value to a field outside the oneof",
							t.Kind, t.Source, b.Source, earlier.Kind, earlier.Source, a.Source, o.FullName())
						return
					}
				}
			}
		}
	}
}

func (r *report) activity(a *model.Activity) {
	sub := rpcSubject(a.RPC)
	r.durations(sub, map[string]*model.Duration{
		"schedule_to_close_timeout": a.ScheduleToCloseTimeout, "schedule_to_start_timeout": a.ScheduleToStartTimeout,
		"start_to_close_timeout": a.StartToCloseTimeout, "heartbeat_timeout": a.HeartbeatTimeout,
	})
	r.retryPolicy(sub, "retry_policy", a.RetryPolicy)
	r.priority(sub, a.Priority)
	if l := a.Local; l != nil {
		r.durations(sub, map[string]*model.Duration{
			"local.schedule_to_close_timeout": l.ScheduleToCloseTimeout, "local.start_to_close_timeout": l.StartToCloseTimeout,
			"local.local_retry_threshold": l.LocalRetryThreshold,
		})
		r.retryPolicy(sub, "local.retry_policy", l.RetryPolicy)
	}
}

// template reports a template that does not parse, or whose lone path ends
// where a string is needed. Search attributes and memo check their own ends.
func (r *report) template(sub string, t *model.Template) {
	if t == nil {
		return
	}
	if t.Err != nil {
		r.templateError(sub, t)
		return
	}
	if p, ok := t.Parsed.Lone(); ok && p.End != template.EndScalar {
		r.add(t.Loc, sub, "%s template %q: path {%s} ends at %s; %s is text: end the path at a string, integer, bool or enum field", t.Kind, t.Source, p.Source, p.End, template.Article(t.Kind))
	}
	r.oneofs(sub, t)
}

// oneofs reports two paths of a template that go through different members
// of one oneof: only one member can be set, so the template could never
// render.
func (r *report) oneofs(sub string, t *model.Template) {
	if t == nil || t.Parsed == nil {
		return
	}
	if a, b, o := selfExclusive(t); o != nil {
		r.add(t.Loc, sub, "%s template %q: {%s} and {%s} go through members of oneof %s, and only one member can be set, so the template would always fail: keep one of them", t.Kind, t.Source, a.Source, b.Source, o.FullName())
	}
}

// selfExclusive returns two of t's own paths that go through different
// members of one oneof, and the oneof; nil when there are none.
func selfExclusive(t *model.Template) (a, b *template.Path, o protoreflect.OneofDescriptor) {
	paths := t.Parsed.Paths()
	for i, a := range paths {
		for _, b := range paths[i+1:] {
			if o := exclusiveOneof(a, b); o != nil {
				return a, b, o
			}
		}
	}
	return nil, nil, nil
}

// exclusiveOneof returns the oneof whose different members paths a and b
// take where they first part, if they part at one. proto3 optional fields
// sit in synthetic oneofs of their own and never exclude each other.
func exclusiveOneof(a, b *template.Path) protoreflect.OneofDescriptor {
	for i := 0; i < len(a.Fields) && i < len(b.Fields); i++ {
		fa, fb := a.Fields[i].Desc, b.Fields[i].Desc
		if fa == fb {
			continue
		}
		if o := fa.ContainingOneof(); o != nil && !o.IsSynthetic() && o == fb.ContainingOneof() {
			return o
		}
		return nil
	}
	return nil
}

func (r *report) templateError(sub string, t *model.Template) {
	if e, ok := t.Err.(*template.Error); ok {
		r.add(t.Loc, sub, "%s template %q, column %d: %s", t.Kind, t.Source, e.Column, e.Message)
		return
	}
	r.add(t.Loc, sub, "%s template %q: %v", t.Kind, t.Source, t.Err)
}

// durations reports negative durations and ones Go cannot hold; names are
// the option fields, checked in a fixed order.
func (r *report) durations(sub string, ds map[string]*model.Duration) {
	for _, name := range sortedKeys(ds) {
		switch d := ds[name]; {
		case d == nil:
		case d.Invalid != "":
			r.add(d.Loc, sub, "%s %s", name, d.Invalid)
		case d.Value < 0:
			r.add(d.Loc, sub, "%s is negative (%v); a duration is zero or more: leave it unset for the default", name, d.Value)
		}
	}
}

// maxTaskTimeout is the server's cap on a workflow task timeout.
const maxTaskTimeout = 120 * time.Second

// workflowTimeouts reports timeouts the server would not take as written:
// a run timeout longer than the execution's, which bounds every run, and a
// task timeout over the server's cap. The server shortens both silently;
// an annotation that says otherwise is a mistake.
func (r *report) workflowTimeouts(sub string, w *model.Workflow) {
	if run, exec := w.RunTimeout, w.ExecutionTimeout; run != nil && exec != nil && exec.Value > 0 && run.Value > exec.Value {
		r.add(run.Loc, sub, "run_timeout (%v) is longer than execution_timeout (%v), which bounds every run: the server cuts it to %v; lower run_timeout or raise execution_timeout", run.Value, exec.Value, exec.Value)
	}
	if t := w.TaskTimeout; t != nil && t.Value > maxTaskTimeout {
		r.add(t.Loc, sub, "task_timeout is %v; the server caps a workflow task at %v: set at most {seconds: %d}, or leave it unset for the server's default 10s", t.Value, maxTaskTimeout, int(maxTaskTimeout.Seconds()))
	}
}

// retryPolicy checks a retry policy named field (retry_policy, or
// local.retry_policy for a local activity's, which never reaches the
// server: the worker caps its waits at maximum_interval, so the server's
// rule against a maximum below the default initial interval does not
// apply to it).
func (r *report) retryPolicy(sub, field string, p *model.RetryPolicy) {
	if p == nil {
		return
	}
	local := field != "retry_policy"
	r.durations(sub, map[string]*model.Duration{field + ".initial_interval": p.InitialInterval, field + ".maximum_interval": p.MaximumInterval})
	if math.IsNaN(p.BackoffCoefficient) || math.IsInf(p.BackoffCoefficient, 0) {
		r.add(p.BackoffCoefficientLoc, sub, "%s.backoff_coefficient is %g; write a number of at least 1 (1 retries at a fixed interval), or 0 for the default 2", field, p.BackoffCoefficient)
	} else if p.BackoffCoefficient != 0 && p.BackoffCoefficient < 1 {
		r.add(p.BackoffCoefficientLoc, sub, "%s.backoff_coefficient is %g; it must be at least 1 (1 retries at a fixed interval), or 0 for the default 2", field, p.BackoffCoefficient)
	}
	if p.MaximumAttempts < 0 {
		r.add(p.MaximumAttemptsLoc, sub, "%s.maximum_attempts is %d; it is 0 for unlimited or a positive count", field, p.MaximumAttempts)
	}
	if maximum := p.MaximumInterval; maximum != nil && maximum.Value > 0 {
		switch initial := p.InitialInterval; {
		case initial != nil && initial.Value != 0:
			if maximum.Value < initial.Value {
				r.add(maximum.Loc, sub, "%s.maximum_interval (%v) is below initial_interval (%v); raise maximum_interval or lower initial_interval", field, maximum.Value, initial.Value)
			}
		case maximum.Value < defaultInitialInterval && !local:
			r.add(maximum.Loc, sub, "%s.maximum_interval (%v) is below initial_interval, which is %v when unset or zero, and Temporal refuses a policy whose maximum_interval is below its initial_interval; set initial_interval to at most %v, or raise maximum_interval to at least %v", field, maximum.Value, defaultInitialInterval, maximum.Value, defaultInitialInterval)
		}
	}
}

// defaultInitialInterval is retry_policy.initial_interval when it is unset
// or zero, as the schema says and the server and the worker apply it.
const defaultInitialInterval = time.Second

// maxFairnessKey is the server's limit on a fairness key, in bytes.
const maxFairnessKey = 64

func (r *report) priority(sub string, p *model.Priority) {
	if p == nil {
		return
	}
	if p.PriorityKey < 0 {
		r.add(p.PriorityKeyLoc, sub, "priority.priority_key is %d; it is 1 (highest) to the server's maximum (default 5), or 0 for the default", p.PriorityKey)
	}
	if w := float64(p.FairnessWeight); w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
		r.add(p.FairnessWeightLoc, sub, "priority.fairness_weight is %g; it is positive, or 0 for the default 1.0", p.FairnessWeight)
	}
	r.template(sub, p.FairnessKey)
	if k := p.FairnessKey; k != nil && k.Parsed != nil {
		if lit, ok := k.Parsed.Literal(); ok && len(lit) > maxFairnessKey {
			r.add(k.Loc, sub, "priority.fairness_key is %d bytes; the server takes at most %d", len(lit), maxFairnessKey)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

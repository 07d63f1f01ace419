package worker

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// RegisterWorkflowOptions configure a workflow registration.
type RegisterWorkflowOptions struct {
	// Name is the workflow type name. Empty means the function's name for
	// [Registry.RegisterWorkflow]; [RegisterWorkflowFunc] requires it.
	Name string
	// Aliases are more names the workflow answers to.
	Aliases []string
	// VersioningBehavior is what the server does with a running workflow of
	// this type when its Worker Deployment's current version changes:
	// PINNED keeps it on the version that started it, AUTO_UPGRADE moves it
	// to the new one. A workflow that finishes in seconds can upgrade
	// freely, while one that runs for months and would replay differently
	// on new code needs pinning, so the choice is per workflow type rather
	// than per worker. Unspecified means the worker's
	// [Options.VersioningBehavior]. Only a worker with deployment
	// versioning ([Options.DeploymentName] and
	// [Options.UseBuildIDVersioning]) reports it.
	VersioningBehavior enumspb.VersioningBehavior
}

// registeredWorkflow is a workflow type as the worker runs it.
type registeredWorkflow struct {
	fn       engine.WorkflowFunc
	behavior enumspb.VersioningBehavior
	// name is the name (or alias) it was found under, the registry's own
	// copy, which runs of the type keep rather than one each.
	name string
}

// Registry holds the workflows and activities a worker runs, by type name;
// a [github.com/workflowdef/workflowdef/replay.Replayer] takes one too, and
// needs only its workflows. It is safe for concurrent use, so a worker and
// replayers can share one.
//
// A worker's Start freezes its registry: the worker polls only for the
// kinds of task registered by then, so a later registration would be
// silently ignored, and is refused with an error instead.
type Registry struct {
	mu         sync.RWMutex
	workflows  map[string]registeredWorkflow
	activities map[string]activityFunc
	// frozenBy names the started worker that froze the registry; empty
	// while registrations are open.
	frozenBy string
}

// ErrRegistryFrozen is returned for a registration after the worker using
// the registry started: register everything before Start.
var ErrRegistryFrozen = errors.New("worker: the registry is frozen because a worker using it has started; register workflows and activities before Start")

// freeze refuses every later registration; by names the worker for errors.
func (r *Registry) freeze(by string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.frozenBy == "" {
		r.frozenBy = by
	}
}

// isEmpty reports that nothing is registered.
func (r *Registry) isEmpty() bool {
	workflows, activities := r.counts()
	return workflows == 0 && activities == 0
}

// counts returns how many workflow and activity names are registered.
func (r *Registry) counts() (workflows, activities int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.workflows), len(r.activities)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{workflows: map[string]registeredWorkflow{}, activities: map[string]activityFunc{}}
}

var (
	contextType = reflect.TypeFor[workflow.Context]()
	errorType   = reflect.TypeFor[error]()
)

// RegisterWorkflow registers fn under its function name. fn has the shape
// func(workflow.Context, args...) (R, error) or func(workflow.Context,
// args...) error.
func (r *Registry) RegisterWorkflow(fn any) error {
	return r.RegisterWorkflowWithOptions(fn, RegisterWorkflowOptions{})
}

// RegisterWorkflowWithOptions registers fn under opts.Name and its aliases.
func (r *Registry) RegisterWorkflowWithOptions(fn any, opts RegisterWorkflowOptions) error {
	adapted, err := adaptWorkflow(fn)
	if err != nil {
		return err
	}
	if opts.Name == "" {
		opts.Name = functionName(fn)
	}
	return r.addWorkflow(adapted, opts)
}

// RegisterWorkflowFunc registers a workflow taking one input and returning
// one result, the shape generated code registers, under opts.Name (which
// is required: generated code names every workflow by its proto name, and
// a function's Go name would change with a refactor). Unlike
// [Registry.RegisterWorkflow] it knows the types at compile time, so each
// task decodes the input straight into an In and calls fn without
// reflection.
func RegisterWorkflowFunc[In, Out any](r *Registry, fn func(workflow.Context, In) (Out, error), opts RegisterWorkflowOptions) error {
	if fn == nil {
		return fmt.Errorf("worker: workflow %q: the function is nil", opts.Name)
	}
	if opts.Name == "" {
		return fmt.Errorf("worker: RegisterWorkflowFunc needs RegisterWorkflowOptions.Name for %T", fn)
	}
	return r.addWorkflow(typedWorkflow(fn), opts)
}

// typedWorkflow is fn in the engine's form: the input decoded with the
// run's data converter, the result encoded.
func typedWorkflow[In, Out any](fn func(workflow.Context, In) (Out, error)) engine.WorkflowFunc {
	return func(ctx engine.Context, input *commonpb.Payloads) (*commonpb.Payloads, error) {
		dc := engine.DataConverter(ctx)
		var in In
		if err := dc.FromPayloads(input, &in); err != nil {
			return nil, &engine.UndecodableInputError{WorkflowType: engine.GetInfo(ctx).WorkflowType, Err: err}
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		return dc.ToPayloads(out)
	}
}

func (r *Registry) addWorkflow(fn engine.WorkflowFunc, opts RegisterWorkflowOptions) error {
	if r == nil {
		return errNilRegistry("workflow type", opts.Name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	names := append([]string{opts.Name}, opts.Aliases...)
	if err := register(r, r.workflows, "workflow type", registeredWorkflow{fn: fn, behavior: opts.VersioningBehavior}, names); err != nil {
		return err
	}
	for _, n := range names {
		w := r.workflows[n]
		w.name = n
		r.workflows[n] = w
	}
	return nil
}

// errNilRegistry is the error of registering on a nil *Registry, such as
// the Registry of a worker whose New failed.
func errNilRegistry(kind, name string) error {
	return fmt.Errorf("worker: registering %s %q: the registry is nil; register on the Registry of a worker from worker.New, or on one from worker.NewRegistry", kind, name)
}

// register adds fn under every name, or none of them when one is empty
// or taken, or the registry is frozen. The caller holds r.mu.
func register[F any](r *Registry, m map[string]F, kind string, fn F, names []string) error {
	if r.frozenBy != "" {
		return fmt.Errorf("%w: %s %q comes after %s started", ErrRegistryFrozen, kind, names[0], r.frozenBy)
	}
	for _, n := range names {
		if n == "" {
			return fmt.Errorf("worker: a %s name or alias is empty", kind)
		}
		if _, dup := m[n]; dup {
			return fmt.Errorf("worker: %s %q is already registered", kind, n)
		}
	}
	for _, n := range names {
		m[n] = fn
	}
	return nil
}

// workflowTypes lists the registered type names, sorted. The caller holds
// r.mu.
func (r *Registry) workflowTypes() []string {
	names := make([]string, 0, len(r.workflows))
	for n := range r.workflows {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (r *Registry) workflow(name string) (registeredWorkflow, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	w, ok := r.workflows[name]
	if !ok {
		return registeredWorkflow{}, fmt.Errorf("worker: workflow type %q is not registered (registered: %s)", name, strings.Join(r.workflowTypes(), ", "))
	}
	return w, nil
}

// versioningBehavior is the behaviour workflowType was registered with;
// unspecified for a type registered without one, or not registered.
func (r *Registry) versioningBehavior(workflowType string) enumspb.VersioningBehavior {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.workflows[workflowType].behavior
}

// workflowsWithoutBehavior lists, sorted, the workflow type names
// registered without a versioning behaviour.
func (r *Registry) workflowsWithoutBehavior() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var names []string
	for n, w := range r.workflows {
		if w.behavior == enumspb.VERSIONING_BEHAVIOR_UNSPECIFIED {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// adaptWorkflow turns a typed workflow function into the engine's form:
// arguments decoded from the input payloads, the result encoded.
func adaptWorkflow(fn any) (engine.WorkflowFunc, error) {
	v := reflect.ValueOf(fn)
	if !v.IsValid() || (v.Kind() == reflect.Func && v.IsNil()) {
		return nil, errors.New("worker: the workflow is nil; register a function that takes a workflow.Context first")
	}
	t := v.Type()
	if t.Kind() != reflect.Func {
		return nil, fmt.Errorf("worker: a workflow is a function, not %T", fn)
	}
	if t.NumIn() == 0 || t.In(0) != contextType {
		return nil, fmt.Errorf("worker: workflow %s must take a workflow.Context first", t)
	}
	if t.IsVariadic() {
		return nil, fmt.Errorf("worker: workflow %s must not be variadic", t)
	}
	switch {
	case t.NumOut() == 1 && t.Out(0) == errorType:
	case t.NumOut() == 2 && t.Out(1) == errorType:
	default:
		return nil, fmt.Errorf("worker: workflow %s must return (R, error) or error", t)
	}
	return func(ctx engine.Context, input *commonpb.Payloads) (*commonpb.Payloads, error) {
		args, err := engine.DecodeArguments(ctx, t, input)
		if err != nil {
			return nil, &engine.UndecodableInputError{WorkflowType: engine.GetInfo(ctx).WorkflowType, Err: err}
		}
		out := v.Call(args)
		errOut := out[len(out)-1]
		if !errOut.IsNil() {
			return nil, errOut.Interface().(error)
		}
		if len(out) == 1 {
			return nil, nil
		}
		return engine.DataConverter(ctx).ToPayloads(out[0].Interface())
	}, nil
}

// functionName is a function's name without its package path, as the
// official SDK names workflow types.
func functionName(fn any) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	name = name[strings.LastIndexByte(name, '.')+1:]
	return strings.TrimSuffix(name, "-fm")
}

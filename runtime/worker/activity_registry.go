package worker

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

// RegisterActivityOptions configure an activity registration.
type RegisterActivityOptions struct {
	// Name is the activity type name; empty means the function's name. For
	// a struct's methods it is a prefix put before each method name.
	// [RegisterActivityFunc] requires it.
	Name string
	// Aliases are more names a function activity answers to.
	Aliases []string
}

// activityFunc is an activity as the worker calls it: arguments decoded
// from payloads, the result encoded.
type activityFunc func(ctx context.Context, dc converter.DataConverter, input *commonpb.Payloads) (*commonpb.Payloads, error)

var stdContextType = reflect.TypeFor[context.Context]()

// RegisterActivity registers fn under its function name. fn has the shape
// func([context.Context,] args...) ([R,] error). A pointer to a struct
// registers each exported method of that shape under the method's name,
// so activities can share clients and configuration.
func (r *Registry) RegisterActivity(fn any) error {
	return r.RegisterActivityWithOptions(fn, RegisterActivityOptions{})
}

// RegisterActivityWithOptions registers fn under opts.Name and its aliases.
func (r *Registry) RegisterActivityWithOptions(fn any, opts RegisterActivityOptions) error {
	v := reflect.ValueOf(fn)
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
		return r.registerActivityMethods(v, opts)
	}
	adapted, err := adaptActivity(fn)
	if err != nil {
		return err
	}
	name := opts.Name
	if name == "" {
		name = functionName(fn)
	}
	return r.addActivity(adapted, append([]string{name}, opts.Aliases...))
}

// RegisterActivityFunc registers an activity taking one input and returning
// one result, the shape generated code registers, under opts.Name (which
// is required, as for [RegisterWorkflowFunc]). Each attempt decodes the
// input straight into an In and calls fn without reflection.
func RegisterActivityFunc[In, Out any](r *Registry, fn func(context.Context, In) (Out, error), opts RegisterActivityOptions) error {
	if fn == nil {
		return fmt.Errorf("worker: activity %q: the function is nil", opts.Name)
	}
	if opts.Name == "" {
		return fmt.Errorf("worker: RegisterActivityFunc needs RegisterActivityOptions.Name for %T", fn)
	}
	return r.addActivity(typedActivity(fn), append([]string{opts.Name}, opts.Aliases...))
}

// typedActivity is fn in the worker's form: the input decoded, the result
// encoded, with the same errors as [adaptActivity]'s.
func typedActivity[In, Out any](fn func(context.Context, In) (Out, error)) activityFunc {
	return func(ctx context.Context, dc converter.DataConverter, input *commonpb.Payloads) (*commonpb.Payloads, error) {
		var in In
		if err := dc.FromPayloads(input, &in); err != nil {
			return nil, &argumentError{err: err}
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		result, err := dc.ToPayloads(out)
		if err != nil {
			return nil, &resultError{err: err}
		}
		return result, nil
	}
}

func (r *Registry) registerActivityMethods(v reflect.Value, opts RegisterActivityOptions) error {
	if len(opts.Aliases) != 0 {
		return errors.New("worker: aliases apply to one activity function, not to a struct's methods")
	}
	t := v.Type()
	registered := 0
	for i := range t.NumMethod() {
		m := t.Method(i)
		adapted, err := adaptActivity(v.Method(i).Interface())
		if err != nil {
			continue // a helper method, not an activity
		}
		if err := r.addActivity(adapted, []string{opts.Name + m.Name}); err != nil {
			return err
		}
		registered++
	}
	if registered == 0 {
		return fmt.Errorf("worker: %s has no exported method shaped like an activity (func([context.Context,] args...) ([R,] error))", t)
	}
	return nil
}

func (r *Registry) addActivity(fn activityFunc, names []string) error {
	if r == nil {
		return errNilRegistry("activity type", names[0])
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return register(r, r.activities, "activity type", fn, names)
}

// activityTypes lists the registered activity names, sorted. The caller
// holds r.mu.
func (r *Registry) activityTypes() []string {
	names := make([]string, 0, len(r.activities))
	for n := range r.activities {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// hasActivity reports whether an activity type is registered.
func (r *Registry) hasActivity(name string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.activities[name]
	return ok
}

func (r *Registry) activity(name string) (activityFunc, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	fn, ok := r.activities[name]
	if !ok {
		return nil, fmt.Errorf("worker: activity type %q is not registered on this worker (registered: %s)", name, strings.Join(r.activityTypes(), ", "))
	}
	return fn, nil
}

// adaptActivity turns an activity function into the worker's form.
func adaptActivity(fn any) (activityFunc, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return nil, fmt.Errorf("worker: an activity is a function or a pointer to a struct, not %T", fn)
	}
	t := v.Type()
	if t.IsVariadic() {
		return nil, fmt.Errorf("worker: activity %s must not be variadic", t)
	}
	switch {
	case t.NumOut() == 1 && t.Out(0) == errorType:
	case t.NumOut() == 2 && t.Out(1) == errorType:
	default:
		return nil, fmt.Errorf("worker: activity %s must return (R, error) or error", t)
	}
	first := 0
	if t.NumIn() > 0 && t.In(0) == stdContextType {
		first = 1
	}
	return func(ctx context.Context, dc converter.DataConverter, input *commonpb.Payloads) (*commonpb.Payloads, error) {
		args := make([]reflect.Value, t.NumIn())
		ptrs := make([]any, 0, t.NumIn()-first)
		if first == 1 {
			args[0] = reflect.ValueOf(ctx)
		}
		for i := first; i < t.NumIn(); i++ {
			p := reflect.New(t.In(i))
			ptrs = append(ptrs, p.Interface())
			args[i] = p.Elem()
		}
		if err := dc.FromPayloads(input, ptrs...); err != nil {
			return nil, &argumentError{err: err}
		}
		out := v.Call(args)
		if errOut := out[len(out)-1]; !errOut.IsNil() {
			return nil, errOut.Interface().(error)
		}
		if len(out) == 1 {
			return nil, nil
		}
		result, err := dc.ToPayloads(out[0].Interface())
		if err != nil {
			return nil, &resultError{err: err}
		}
		return result, nil
	}, nil
}

// argumentError is an activity input the function's parameters cannot
// hold. Retrying cannot help, so the failure is non-retryable.
type argumentError struct{ err error }

func (e *argumentError) Error() string { return "decoding the activity's arguments: " + e.err.Error() }
func (e *argumentError) Unwrap() error { return e.err }

// resultError is a result the data converter cannot encode.
type resultError struct{ err error }

func (e *resultError) Error() string { return "encoding the activity's result: " + e.err.Error() }
func (e *resultError) Unwrap() error { return e.err }

package worker

import "reflect"

// IsNil reports whether impl is nil, or holds a nil pointer, map, slice,
// function or channel: an implementation whose every call would panic.
// Generated registrations refuse one, naming it, when it is registered
// rather than in every run; a variable declared but never set, such as
// `var acts *Activities`, is the usual cause.
func IsNil(impl any) bool {
	if impl == nil {
		return true
	}
	switch v := reflect.ValueOf(impl); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return v.IsNil()
	}
	return false
}

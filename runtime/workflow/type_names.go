package workflow

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
)

// typeName is the type name of an activity or workflow given as a string,
// or the name of a function, without its package path and receiver, as
// the official SDK names them. what says what the value names ("an
// activity", "a child workflow"), for the error.
func typeName(what string, fn any) (string, error) {
	if name, ok := fn.(string); ok {
		if name == "" {
			return "", fmt.Errorf("workflow: the type name of %s is empty", what)
		}
		return name, nil
	}
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return "", fmt.Errorf("workflow: %s is a type name or a function, not %T", what, fn)
	}
	name := runtime.FuncForPC(v.Pointer()).Name()
	name = name[strings.LastIndexByte(name, '.')+1:]
	return strings.TrimSuffix(name, "-fm"), nil
}

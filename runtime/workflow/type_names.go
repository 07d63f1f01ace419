package workflow

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
)

// activityName is a type name given as a string, or the name of a function,
// without its package path and receiver, as the official SDK names them.
// Activities, child workflows and continue-as-new all name their type so.
func activityName(activity any) (string, error) {
	if name, ok := activity.(string); ok {
		if name == "" {
			return "", fmt.Errorf("workflow: the activity type name is empty")
		}
		return name, nil
	}
	v := reflect.ValueOf(activity)
	if v.Kind() != reflect.Func || v.IsNil() {
		return "", fmt.Errorf("workflow: an activity is a type name or a function, not %T", activity)
	}
	name := runtime.FuncForPC(v.Pointer()).Name()
	name = name[strings.LastIndexByte(name, '.')+1:]
	return strings.TrimSuffix(name, "-fm"), nil
}

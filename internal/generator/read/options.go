package read

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/durationpb"

	wd "github.com/workflowdef/workflowdef/gen/temporal/workflowdef/v1"
	"github.com/workflowdef/workflowdef/internal/generator/model"
	"github.com/workflowdef/workflowdef/internal/generator/template"
)

// extension returns the extension ext of opts, and whether it is set. A
// value of another type (a schema the plugin was not built with) reads as
// unset rather than panicking.
func extension[T proto.Message](opts proto.Message, ext protoreflect.ExtensionType) (T, bool) {
	var zero T
	if opts == nil || !proto.HasExtension(opts, ext) {
		return zero, false
	}
	v, ok := proto.GetExtension(opts, ext).(T)
	return v, ok
}

func fieldNumber(ext protoreflect.ExtensionType) int32 {
	return int32(ext.TypeDescriptor().Number())
}

// name returns the Temporal name of rpc: the option's, or the rpc's fully
// qualified name, with where it comes from.
func name(rpc *model.RPC, o locator, option string) (string, model.Location) {
	if option == "" {
		return rpc.FullName, rpc.Loc
	}
	return option, o.at(1)
}

// registered is what workflow and activity options share as fields 1 to 3.
type registered interface {
	GetName() string
	GetAliases() []string
	GetTaskQueue() string
}

// identity resolves the name, the places of the aliases and the task queue
// (the option's, else the service's) of a workflow or activity.
func identity(rpc *model.RPC, o locator, x registered) (typeName string, nameLoc model.Location, aliasLocs []model.Location, taskQueue string, taskQueueLoc model.Location) {
	typeName, nameLoc = name(rpc, o, x.GetName())
	aliasLocs = make([]model.Location, len(x.GetAliases()))
	for i := range aliasLocs {
		aliasLocs[i] = o.at(2, int32(i))
	}
	taskQueue, taskQueueLoc = rpc.Service.TaskQueue, rpc.Service.TaskQueueLoc
	if x.GetTaskQueue() != "" {
		taskQueue, taskQueueLoc = x.GetTaskQueue(), o.at(3)
	}
	return typeName, nameLoc, aliasLocs, taskQueue, taskQueueLoc
}

// keyed names a search attribute's or memo entry's template for messages:
// `search attribute "CustomerId"`, or the kind alone without a key.
func keyed(kind, key string) string {
	if key == "" {
		return kind
	}
	return kind + " " + strconv.Quote(key)
}

func activity(rpc *model.RPC, o locator, x *wd.ActivityOptions) *model.Activity {
	a := &model.Activity{
		RPC:                    rpc,
		Aliases:                x.GetAliases(),
		ScheduleToCloseTimeout: duration(x.GetScheduleToCloseTimeout(), o.at(4)),
		ScheduleToStartTimeout: duration(x.GetScheduleToStartTimeout(), o.at(5)),
		StartToCloseTimeout:    duration(x.GetStartToCloseTimeout(), o.at(6)),
		HeartbeatTimeout:       duration(x.GetHeartbeatTimeout(), o.at(7)),
		RetryPolicy:            retryPolicy(x.GetRetryPolicy(), o.sub(8)),
		WaitForCancellation:    x.GetWaitForCancellation(),
		Priority:               priority(x.GetPriority(), rpc.Request, o.sub(10)),
	}
	a.Name, a.NameLoc, a.AliasLocs, a.TaskQueue, a.TaskQueueLoc = identity(rpc, o, x)
	if l := x.GetLocal(); l != nil {
		lo := o.sub(11)
		a.Local = &model.LocalActivity{
			ScheduleToCloseTimeout: duration(l.GetScheduleToCloseTimeout(), lo.at(1)),
			StartToCloseTimeout:    duration(l.GetStartToCloseTimeout(), lo.at(2)),
			RetryPolicy:            retryPolicy(l.GetRetryPolicy(), lo.sub(3)),
			LocalRetryThreshold:    duration(l.GetLocalRetryThreshold(), lo.at(4)),
			Loc:                    lo.at(),
		}
	}
	return a
}

// duration converts a set duration; nil stays nil, so unset and zero differ.
func duration(d *durationpb.Duration, loc model.Location) *model.Duration {
	if d == nil {
		return nil
	}
	if why := invalidDuration(d); why != "" {
		return &model.Duration{Loc: loc, Invalid: why}
	}
	return &model.Duration{Value: d.AsDuration(), Loc: loc}
}

// maxDurationSeconds is the longest time.Duration, in whole seconds (about
// 292 years); AsDuration saturates past it.
const maxDurationSeconds = math.MaxInt64 / int64(time.Second)

// invalidDuration says why d is not a duration Go can hold, or "".
func invalidDuration(d *durationpb.Duration) string {
	secs, nanos := d.GetSeconds(), int64(d.GetNanos())
	switch {
	case secs > maxDurationSeconds || secs < -maxDurationSeconds:
		return fmt.Sprintf("is %d seconds, longer than a Go time.Duration holds (about 292 years)", secs)
	case nanos <= -1e9 || nanos >= 1e9:
		return fmt.Sprintf("has nanos: %d, which is not under a second: move the whole seconds into seconds", nanos)
	case secs > 0 && nanos < 0 || secs < 0 && nanos > 0:
		return fmt.Sprintf("has seconds: %d and nanos: %d of opposite signs; a google.protobuf.Duration gives both the same sign", secs, nanos)
	}
	return ""
}

func retryPolicy(x *wd.RetryPolicy, o locator) *model.RetryPolicy {
	if x == nil {
		return nil
	}
	return &model.RetryPolicy{
		InitialInterval:        duration(x.GetInitialInterval(), o.at(1)),
		BackoffCoefficient:     x.GetBackoffCoefficient(),
		BackoffCoefficientLoc:  o.at(2),
		MaximumInterval:        duration(x.GetMaximumInterval(), o.at(3)),
		MaximumAttempts:        x.GetMaximumAttempts(),
		MaximumAttemptsLoc:     o.at(4),
		NonRetryableErrorTypes: x.GetNonRetryableErrorTypes(),
		Loc:                    o.at(),
	}
}

func priority(x *wd.Priority, req *protogen.Message, o locator) *model.Priority {
	if x == nil {
		return nil
	}
	return &model.Priority{
		PriorityKey:       x.GetPriorityKey(),
		PriorityKeyLoc:    o.at(1),
		FairnessKey:       newTemplate("fairness key", x.GetFairnessKey(), req, o.at(2)),
		FairnessWeight:    x.GetFairnessWeight(),
		FairnessWeightLoc: o.at(3),
		Loc:               o.at(),
	}
}

// newTemplate parses a template option; an empty one is unset (nil).
func newTemplate(kind, src string, req *protogen.Message, loc model.Location) *model.Template {
	if src == "" {
		return nil
	}
	return alwaysTemplate(kind, src, req, loc)
}

// alwaysTemplate parses a template option where empty is a value too.
func alwaysTemplate(kind, src string, req *protogen.Message, loc model.Location) *model.Template {
	t := &model.Template{Kind: kind, Source: src, Loc: loc}
	t.Parsed, t.Err = template.Parse(src, req)
	if t.Err != nil {
		t.Parsed = nil
	}
	return t
}

// locator finds places in a file's source info: base is the path of an
// element (an rpc, or an option inside it), sub-paths are field numbers and
// indexes below it, as descriptor.proto's SourceCodeInfo spells them.
type locator struct {
	file *protogen.File
	base protoreflect.SourcePath
}

func (l locator) sub(path ...int32) locator {
	return locator{file: l.file, base: append(append(protoreflect.SourcePath{}, l.base...), path...)}
}

// at returns the place of base followed by path or, when source info does
// not record it (protoc records an option but not the fields inside it), of
// the nearest enclosing element that it records.
func (l locator) at(path ...int32) model.Location {
	full := l.sub(path...).base
	locs := l.file.Desc.SourceLocations()
	for n := len(full); n > 0; n-- {
		sl := locs.ByPath(full[:n])
		if sl.Path != nil || sl.StartLine != 0 || sl.StartColumn != 0 {
			return model.Location{File: l.file.Desc.Path(), Line: sl.StartLine + 1, Column: sl.StartColumn + 1}
		}
	}
	return model.Location{File: l.file.Desc.Path()}
}

// unknownEnums finds the enum fields of an option message, nested ones
// included, set to numbers their enum does not declare; prefix names the
// message's own path and at locates it.
func unknownEnums(m protoreflect.Message, at locator, prefix string) []model.UnknownEnum {
	var out []model.UnknownEnum
	check := func(fd protoreflect.FieldDescriptor, v protoreflect.EnumNumber, field string, loc locator) {
		values := fd.Enum().Values()
		if values.ByNumber(v) != nil {
			return
		}
		u := model.UnknownEnum{Field: field, Value: int32(v), Enum: string(fd.Enum().Name()), Loc: loc.at()}
		for i := range values.Len() {
			u.Declared = append(u.Declared, string(values.Get(i).Name()))
		}
		out = append(out, u)
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		name := prefix + string(fd.Name())
		switch {
		case fd.IsMap():
			// No option map holds enums or messages with them.
		case fd.IsList():
			l := v.List()
			for i := range l.Len() {
				loc, field := at.sub(int32(fd.Number()), int32(i)), fmt.Sprintf("%s[%d]", name, i)
				switch fd.Kind() {
				case protoreflect.EnumKind:
					check(fd, l.Get(i).Enum(), field, loc)
				case protoreflect.MessageKind, protoreflect.GroupKind:
					out = append(out, unknownEnums(l.Get(i).Message(), loc, field+".")...)
				}
			}
		case fd.Kind() == protoreflect.EnumKind:
			check(fd, v.Enum(), name, at.sub(int32(fd.Number())))
		case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
			out = append(out, unknownEnums(v.Message(), at.sub(int32(fd.Number())), name+".")...)
		}
		return true
	})
	return out
}

// unknownFields lists the fields set in m, and in the messages within it,
// that the plugin's schema does not have: protobuf keeps them as unknown
// bytes, and generated code would silently lack them.
func unknownFields(m protoreflect.Message, at locator, in string) []model.UnknownField {
	var out []model.UnknownField
	for b := m.GetUnknown(); len(b) > 0; {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			break // not protobuf; the compiler would have said
		}
		size := protowire.ConsumeFieldValue(num, typ, b[n:])
		if size < 0 {
			break
		}
		b = b[n+size:]
		if len(out) > 0 && out[len(out)-1].Number == int32(num) {
			continue // a repeated field's next element
		}
		out = append(out, model.UnknownField{In: in, Number: int32(num), Loc: at.sub(int32(num)).at()})
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Message() == nil || fd.IsMap() {
			return true
		}
		name := in + string(fd.Name())
		if !fd.IsList() {
			out = append(out, unknownFields(v.Message(), at.sub(int32(fd.Number())), name+".")...)
			return true
		}
		for i := range v.List().Len() {
			out = append(out, unknownFields(v.List().Get(i).Message(), at.sub(int32(fd.Number()), int32(i)), fmt.Sprintf("%s[%d].", name, i))...)
		}
		return true
	})
	return out
}

package render

import (
	"time"

	"github.com/dave/jennifer/jen"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// duration renders d the way a person writes it: 30 * time.Second,
// 100 * time.Millisecond, or nanoseconds when nothing coarser divides it.
func duration(d time.Duration) jen.Code {
	units := []struct {
		unit time.Duration
		name string
	}{{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"}, {time.Millisecond, "Millisecond"}, {time.Microsecond, "Microsecond"}}
	if d == 0 {
		return jen.Lit(0)
	}
	for _, u := range units {
		if d%u.unit == 0 {
			if d == u.unit {
				return jen.Qual(timePath, u.name)
			}
			return jen.Lit(int(d/u.unit)).Op("*").Qual(timePath, u.name)
		}
	}
	return jen.Qual(timePath, "Duration").Call(jen.Lit(int64(d)))
}

// setDuration adds `field: d` to dict when the option was set.
func setDuration(dict jen.Dict, field string, d *model.Duration) {
	if d != nil {
		dict[jen.Id(field)] = duration(d.Value)
	}
}

// retryPolicy renders &temporal.RetryPolicy{...} with the fields written.
func retryPolicy(p *model.RetryPolicy) jen.Code {
	d := jen.Dict{}
	setDuration(d, "InitialInterval", p.InitialInterval)
	setDuration(d, "MaximumInterval", p.MaximumInterval)
	if p.BackoffCoefficient != 0 {
		d[jen.Id("BackoffCoefficient")] = jen.Lit(p.BackoffCoefficient)
	}
	if p.MaximumAttempts != 0 {
		d[jen.Id("MaximumAttempts")] = jen.Lit(int(p.MaximumAttempts))
	}
	if len(p.NonRetryableErrorTypes) > 0 {
		var types []jen.Code
		for _, t := range p.NonRetryableErrorTypes {
			types = append(types, jen.Lit(t))
		}
		d[jen.Id("NonRetryableErrorTypes")] = jen.Index().String().Values(types...)
	}
	return jen.Op("&").Qual(temporalPath, "RetryPolicy").Values(d)
}

// enum renders a Temporal enum value by its Go constant, which
// go.temporal.io/api names after the proto value.
func enum(names map[int32]string, v int32) jen.Code {
	return jen.Qual(enumsPath, names[v])
}

func idReusePolicy(v model.IDReusePolicy) jen.Code {
	return enum(enumspb.WorkflowIdReusePolicy_name, int32(v))
}

func idConflictPolicy(v model.IDConflictPolicy) jen.Code {
	return enum(enumspb.WorkflowIdConflictPolicy_name, int32(v))
}

func parentClosePolicy(v model.ParentClosePolicy) jen.Code {
	return enum(enumspb.ParentClosePolicy_name, int32(v))
}

func versioningBehavior(v model.VersioningBehavior) jen.Code {
	return enum(enumspb.VersioningBehavior_name, int32(v))
}

func updateStage(v model.UpdateWaitStage) jen.Code {
	return enum(enumspb.UpdateWorkflowExecutionLifecycleStage_name, int32(v))
}

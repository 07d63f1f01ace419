package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// Error is one problem: where, in which rpc or service, and what to do.
type Error struct {
	Loc model.Location
	// Subject is `rpc Orders.ProcessOrder` or `service Orders`.
	Subject string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.Loc, e.Subject, e.Message)
}

// Errors are every problem found, sorted by place, then text.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es Errors) sort() {
	slices.SortStableFunc(es, func(a, b *Error) int {
		if c := a.Loc.Compare(b.Loc); c != 0 {
			return c
		}
		return strings.Compare(a.Error(), b.Error())
	})
}

// report collects errors.
type report struct {
	opts Options
	errs Errors
}

func (r *report) add(loc model.Location, subject, format string, args ...any) {
	r.errs = append(r.errs, &Error{Loc: loc, Subject: subject, Message: fmt.Sprintf(format, args...)})
}

func rpcSubject(rpc *model.RPC) string {
	return "rpc " + rpc.Service.ProtoName + "." + rpc.ProtoName
}

func serviceSubject(s *model.Service) string { return "service " + s.ProtoName }

package workflow

import (
	"errors"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// QueryDef is a query as the workflow that answers it sees it: its name,
// request and response types.
type QueryDef[Req, Res any] struct {
	// Name is the query type.
	Name string
}

// SetHandler makes fn answer the query, replacing the handler it had. The
// request is decoded with the run's data converter straight into a Req
// and fn is called directly, with no reflection. fn runs read-only: it may
// read workflow state but not block or schedule anything; if it does, the
// query fails, not the workflow.
func (d QueryDef[Req, Res]) SetHandler(ctx Context, fn func(Req) (Res, error)) error {
	if fn == nil {
		return fmt.Errorf("workflow: query handler for %q is nil", d.Name)
	}
	dc := engine.DataConverter(ctx)
	return engine.SetQueryFunc(ctx, d.Name, func(args *commonpb.Payloads) (*commonpb.Payloads, error) {
		var req Req
		if err := dc.FromPayloads(args, &req); err != nil {
			return nil, fmt.Errorf("decoding the request of query %s: %w", d.Name, err)
		}
		res, err := fn(req)
		if err != nil {
			return nil, err
		}
		return dc.ToPayloads(res)
	})
}

// UpdateDef is an update as the workflow that handles it sees it: its
// name, request and response types.
type UpdateDef[Req, Res any] struct {
	// Name is the update name.
	Name string
}

// SetHandler makes fn handle the update, replacing the handler it had.
// Each accepted update runs fn in a workflow goroutine of its own; its
// result or error is the update's outcome. validate, if not nil, runs
// read-only before the update is accepted: an error rejects the update,
// which leaves no trace in history. It is not run on replay, where the
// update was already accepted. The request is decoded once, with the
// run's data converter, and both functions are called directly, with no
// reflection; a request that does not decode rejects the update.
func (d UpdateDef[Req, Res]) SetHandler(ctx Context, fn func(Context, Req) (Res, error), validate func(Context, Req) error) error {
	if fn == nil {
		return fmt.Errorf("workflow: update handler for %q is nil", d.Name)
	}
	if d.Name == "" {
		return errors.New("workflow: UpdateDef has no Name")
	}
	dc := engine.DataConverter(ctx)
	return engine.SetUpdateFunc(ctx, d.Name, func(ctx Context, args *commonpb.Payloads) (engine.UpdateCall, error) {
		var req Req
		if err := dc.FromPayloads(args, &req); err != nil {
			return engine.UpdateCall{}, err
		}
		call := engine.UpdateCall{Run: func(ctx Context) (*commonpb.Payloads, error) {
			res, err := fn(ctx, req)
			if err != nil {
				return nil, err
			}
			out, err := dc.ToPayloads(res)
			if err != nil {
				return nil, &engine.UnencodableResultError{Update: d.Name, Err: err}
			}
			return out, nil
		}}
		if validate != nil {
			call.Validate = func(ctx Context) error { return validate(ctx, req) }
		}
		return call, nil
	})
}

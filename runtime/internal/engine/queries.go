package engine

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	sdkpb "go.temporal.io/api/sdk/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
)

// Built-in queries every workflow answers, as in the official SDKs.
const (
	QueryStackTrace   = "__stack_trace"
	QueryOpenSessions = "__open_sessions"
	QueryMetadata     = "__temporal_workflow_metadata"
)

var builtInQueries = map[string]string{
	QueryStackTrace:   "Current stack trace",
	QueryOpenSessions: "Open sessions on the workflow",
	QueryMetadata:     "Metadata about the workflow",
}

var errorType = reflect.TypeFor[error]()

// QueryFunc answers a query: it decodes args, reads workflow state and
// encodes the answer. Typed handlers (workflow.QueryDef) are QueryFuncs
// built from closures, so answering them calls no function through reflect.
type QueryFunc func(args *commonpb.Payloads) (*commonpb.Payloads, error)

// SetQueryHandler registers handler for queryType. handler has the shape
// func(args...) (R, error); it runs read-only: it may read workflow state
// but must not block or start anything.
func SetQueryHandler(ctx Context, queryType string, handler any) error {
	v := reflect.ValueOf(handler)
	if !v.IsValid() || v.Kind() != reflect.Func || v.IsNil() {
		return fmt.Errorf("workflow: query handler for %q must be func(args...) (R, error), not %T", queryType, handler)
	}
	t := v.Type()
	if t.NumOut() != 2 || t.Out(1) != errorType || t.IsVariadic() {
		return fmt.Errorf("workflow: query handler for %q must be func(args...) (R, error), not %T", queryType, handler)
	}
	dc := executionOf(ctx).params.DataConverter
	return SetQueryFunc(ctx, queryType, func(args *commonpb.Payloads) (*commonpb.Payloads, error) {
		in := make([]reflect.Value, t.NumIn())
		ptrs := make([]any, t.NumIn())
		for i := range in {
			p := reflect.New(t.In(i))
			ptrs[i], in[i] = p.Interface(), p.Elem()
		}
		if err := dc.FromPayloads(args, ptrs...); err != nil {
			return nil, fmt.Errorf("decoding the arguments of query %s: %w", queryType, err)
		}
		out := v.Call(in)
		if e := out[1]; !e.IsNil() {
			return nil, e.Interface().(error)
		}
		return dc.ToPayloads(out[0].Interface())
	})
}

// SetQueryFunc registers fn for queryType, replacing the handler it had.
// fn runs read-only, like every query handler.
func SetQueryFunc(ctx Context, queryType string, fn QueryFunc) error {
	assertWritable(ctx, "SetQueryHandler")
	x := executionOf(ctx)
	if queryType == "" || strings.HasPrefix(queryType, "__") {
		return fmt.Errorf("workflow: query type %q is empty or reserved (names starting with __ are built in)", queryType)
	}
	if fn == nil {
		return fmt.Errorf("workflow: query handler for %q is nil", queryType)
	}
	lazymap.Put(&x.queries, queryType, fn)
	return nil
}

// Query answers a query from the workflow's current state, through the
// run's handler chain (built-in queries bypass it). Handlers run with the
// dispatcher read-only; a handler that blocks or panics fails the query,
// not the workflow. header is the header the client sent.
func (x *Execution) Query(queryType string, args *commonpb.Payloads, header map[string]*commonpb.Payload) (result *commonpb.Payloads, err error) {
	dc := x.params.DataConverter
	switch queryType {
	case QueryStackTrace:
		return dc.ToPayloads(x.dispatcher.StackTraces())
	case QueryOpenSessions:
		return dc.ToPayloads([]string{})
	case QueryMetadata:
		p, err := converter.Default().ToPayload(x.metadata())
		if err != nil {
			return nil, err
		}
		return dc.ToPayloads(converter.NewRawValue(p))
	}
	if _, ok := x.queries[queryType]; !ok && !x.interceptsHandlers() {
		return nil, x.unknownQuery(queryType)
	}
	x.dispatcher.SetReadOnly(true)
	defer x.dispatcher.SetReadOnly(false)
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, fmt.Errorf("query handler panic: %v", r)
		}
	}()
	return x.inbound().HandleQuery(&x.root, &HandleQueryInput{QueryType: queryType, Args: args, Header: header})
}

func (x *Execution) unknownQuery(queryType string) error {
	// The official SDK's message: the built-in queries in its order, then
	// the workflow's own (sorted here, where it has map order).
	known := []string{QueryStackTrace, QueryOpenSessions, QueryMetadata}
	known = append(known, slices.Sorted(maps.Keys(x.queries))...)
	return fmt.Errorf("unknown queryType %s. KnownQueryTypes=[%s]", queryType, strings.Join(known, " "))
}

func (x *Execution) queryTypes() []string {
	names := make([]string, 0, len(x.queries)+len(builtInQueries))
	for n := range builtInQueries {
		names = append(names, n)
	}
	for n := range x.queries {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// metadata is the answer to __temporal_workflow_metadata: the queries and
// signals the workflow handles, sorted by name.
func (x *Execution) metadata() *sdkpb.WorkflowMetadata {
	def := &sdkpb.WorkflowDefinition{Type: x.info.WorkflowType}
	for _, name := range x.queryTypes() {
		def.QueryDefinitions = append(def.QueryDefinitions, &sdkpb.WorkflowInteractionDefinition{Name: name, Description: builtInQueries[name]})
	}
	signals := make([]string, 0, len(x.signals))
	for _, ch := range x.signals {
		signals = append(signals, ch.name)
	}
	slices.Sort(signals)
	for _, name := range signals {
		def.SignalDefinitions = append(def.SignalDefinitions, &sdkpb.WorkflowInteractionDefinition{Name: name})
	}
	for _, name := range slices.Sorted(maps.Keys(x.updateHandlers)) {
		def.UpdateDefinitions = append(def.UpdateDefinitions, &sdkpb.WorkflowInteractionDefinition{Name: name})
	}
	md := &sdkpb.WorkflowMetadata{Definition: def}
	if x.currentDetails != nil {
		md.CurrentDetails = *x.currentDetails
	}
	return md
}

// SetCurrentDetails sets what the workflow says it is doing now, which the
// built-in metadata query returns and the Temporal UI shows.
func SetCurrentDetails(ctx Context, details string) {
	executionOf(ctx).currentDetails = &details
}

// GetCurrentDetails returns what SetCurrentDetails last set.
func GetCurrentDetails(ctx Context) string {
	if d := executionOf(ctx).currentDetails; d != nil {
		return *d
	}
	return ""
}

// GetLogger returns the workflow's logger: records carry the workflow's
// type and IDs, and are dropped while the workflow replays history, so each
// line is logged once however often the code runs.
func GetLogger(ctx Context) *slog.Logger {
	x := executionOf(ctx)
	return slog.New(&replayAwareHandler{inner: x.logger().Handler(), x: x}).With(
		"workflow_type", x.info.WorkflowType, "workflow_id", x.info.WorkflowID, "run_id", x.info.RunID)
}

func (x *Execution) logger() *slog.Logger {
	if x.params.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return x.params.Logger
}

type replayAwareHandler struct {
	inner slog.Handler
	x     *Execution
}

func (h *replayAwareHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return !h.x.replaying && h.inner.Enabled(ctx, level)
}

func (h *replayAwareHandler) Handle(ctx context.Context, r slog.Record) error {
	if h.x.replaying {
		return nil
	}
	return h.inner.Handle(ctx, r)
}

func (h *replayAwareHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &replayAwareHandler{inner: h.inner.WithAttrs(attrs), x: h.x}
}

func (h *replayAwareHandler) WithGroup(name string) slog.Handler {
	return &replayAwareHandler{inner: h.inner.WithGroup(name), x: h.x}
}

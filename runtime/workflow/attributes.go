package workflow

import (
	"github.com/workflowdef/workflowdef/runtime/internal/engine"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Search attributes are indexed fields of a run that visibility queries
// filter on (the Temporal UI's search, client.ListWorkflows); memo is
// unindexed data shown with the run. A run starts with what its start
// request set, and changes them with upserts recorded in its history.
// Both carry over to a run that continues as new.

// UpsertTypedSearchAttributes sets or removes search attributes of the run.
// The attributes must be registered with the namespace.
func UpsertTypedSearchAttributes(ctx Context, updates ...temporal.SearchAttributeUpdate) error {
	return engine.UpsertSearchAttributes(ctx, updates...)
}

// GetTypedSearchAttributes returns the run's search attributes: those it
// started with and every upsert since.
func GetTypedSearchAttributes(ctx Context) (temporal.SearchAttributes, error) {
	return engine.SearchAttributes(ctx)
}

// UpsertMemo sets memo entries of the run; a nil value removes the entry.
func UpsertMemo(ctx Context, memo map[string]any) error { return engine.UpsertMemo(ctx, memo) }

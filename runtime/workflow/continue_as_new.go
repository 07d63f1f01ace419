package workflow

import (
	"errors"

	"github.com/workflowdef/workflowdef/runtime/internal/engine"
)

// ContinueAsNewError, returned by a workflow function, closes the run and
// starts a new run of the same workflow ID with a fresh history, carrying
// over memo, search attributes and retry policy. A workflow whose history
// grows long continues as new ([Info].ContinueAsNewSuggested says when).
type ContinueAsNewError = engine.ContinueAsNewError

// NewContinueAsNewError returns the error that continues the workflow as
// new with args. wf is the workflow type name or function; nil means the
// current workflow type.
func NewContinueAsNewError(ctx Context, wf any, args ...any) error {
	return NewContinueAsNewErrorWithOptions(ctx, ContinueAsNewOptions{}, wf, args...)
}

// IsContinueAsNewError reports whether err, or an error it wraps, is a
// *ContinueAsNewError: a workflow function that gets one from a child
// call or helper returns it as it is, so that the run continues as new.
func IsContinueAsNewError(err error) bool {
	var can *ContinueAsNewError
	return errors.As(err, &can)
}

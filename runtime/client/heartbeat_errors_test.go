package client_test

import (
	"testing"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// TestOnlyACancelRequestIsACanceledErrorFromRecordActivityHeartbeat: the
// official client's RecordActivityHeartbeat returns NewCanceledError() when
// cancellation was requested, but ErrActivityPaused and ErrActivityReset
// are plain errors (errors.New("activity paused") and
// errors.New("activity reset"), internal/internal_task_handlers.go:53-58;
// recordActivityHeartbeat, :2728-2735). The package says all three are
// CanceledErrors "as the official SDK returns them", so a completer that
// reports a cancellation on temporal.IsCanceledError reports one for a
// pause or reset too, which the server refuses (the cancel was never
// requested).
func TestOnlyACancelRequestIsACanceledErrorFromRecordActivityHeartbeat(t *testing.T) {
	if !temporal.IsCanceledError(client.ErrActivityCancelRequested) {
		t.Error("ErrActivityCancelRequested is not a CanceledError")
	}
	for name, err := range map[string]error{"ErrActivityPaused": client.ErrActivityPaused, "ErrActivityReset": client.ErrActivityReset} {
		if temporal.IsCanceledError(err) {
			t.Errorf("%s is a CanceledError; the official client's is a plain error", name)
		}
	}
}

package replay_test

import (
	"errors"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/internal/testing/fixture"
	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/temporal"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// TestReplayOfUndecodableInputSaysTheInputCannotBeDecoded: a history whose
// input the replayer's data converter cannot decode (commonly: written
// through an encryption codec, replayed without it) fails with an error
// saying the input could not be decoded and what to give the Replayer, as
// ReplayHistory's documentation promises, not with a NondeterminismError
// that tells the user to change code that is fine. (The official
// replayer surfaces a TMPRL1100 lookup error here.)
func TestReplayOfUndecodableInputSaysTheInputCannotBeDecoded(t *testing.T) {
	h, err := replay.LoadHistoryFile(idsHistory)
	if err != nil {
		t.Fatal(err)
	}
	h.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes().Input = &commonpb.Payloads{Payloads: []*commonpb.Payload{{
		Metadata: map[string][]byte{"encoding": []byte("binary/encrypted"), "encryption-key-id": []byte("k1")},
		Data:     []byte("ciphertext"),
	}}}
	type input struct{ A int }
	rp := replay.NewReplayer(registry(t, map[string]any{
		"IDs": func(ctx workflow.Context, _ input) (string, error) { return fixture.IDs(ctx) },
	}), replay.Options{})
	err = rp.ReplayHistory(h)
	if err == nil {
		t.Fatal("replay of an undecodable input succeeded")
	}
	var nde *temporal.NondeterminismError
	if errors.As(err, &nde) {
		t.Errorf("err is a NondeterminismError, blaming the code for a payload it cannot decode:\n%v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "binary/encrypted") || !strings.Contains(msg, "input") {
		t.Errorf("err does not say the input's binary/encrypted payload cannot be decoded:\n%v", err)
	}
}

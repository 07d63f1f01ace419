package worker_test

import (
	"context"
	"strings"
	"testing"
	"time"

	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/replay"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// zlibConverter compresses every payload it writes.
func zlibConverter() converter.DataConverter {
	return converter.NewCodecDataConverter(converter.Default(), converter.NewZlibCodec(converter.ZlibOptions{AlwaysEncode: true}))
}

// dialWith connects to the dev server with the options edit makes, such
// as a data or failure converter of the client's, and its workers', own.
// The client closes when the test ends, after the workers started later
// have stopped.
func dialWith(t *testing.T, edit func(*client.Options)) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	opts := client.Options{HostPort: worker.DevServer().Address(), Namespace: worker.DevServer().Namespace()}
	edit(&opts)
	c, err := client.Dial(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// dialWithConverter is dialWith that sets the data converter.
func dialWithConverter(t *testing.T, dc converter.DataConverter) *client.Client {
	return dialWith(t, func(o *client.Options) { o.DataConverter = dc })
}

// history fetches a closed or running workflow's whole history.
func history(t *testing.T, c *client.Client, workflowID string) *historypb.History {
	t.Helper()
	h, err := replay.FetchHistory(t.Context(), c, workflowID, "")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// replays checks that the workflow's history, written by our worker,
// replays on the registered code without nondeterminism.
func replays(t *testing.T, c *client.Client, workflowID string, register func(*worker.Registry)) {
	t.Helper()
	r := worker.NewRegistry()
	register(r)
	if err := replay.NewReplayer(r, replay.Options{}).ReplayHistory(history(t, c, workflowID)); err != nil {
		t.Errorf("replaying %s: %v", workflowID, err)
	}
}

// countEvents counts the workflow's history events of a type, named as in
// the Temporal UI ("TimerStarted").
func countEvents(t *testing.T, c *client.Client, workflowID, eventType string) int {
	t.Helper()
	n := 0
	for _, e := range history(t, c, workflowID).GetEvents() {
		// The API's enums print short names ("TimerStarted"); the proto
		// name is EVENT_TYPE_TIMER_STARTED.
		name := strings.ReplaceAll(strings.TrimPrefix(e.GetEventType().String(), "EVENT_TYPE_"), "_", "")
		if strings.EqualFold(name, eventType) {
			n++
		}
	}
	return n
}

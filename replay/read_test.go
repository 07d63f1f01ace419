package replay_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"google.golang.org/protobuf/proto"

	"github.com/workflowdef/workflowdef/replay"
)

var update = flag.Bool("update", false, "rewrite testdata/timer.bin from testdata/timer_canonical.json")

// unmarshalFixture decodes a JSON fixture the way the official SDKs do,
// without validating it, so tests can compare against it and re-encode
// corrupt fixtures in other formats.
func unmarshalFixture(t testing.TB, path string) *historypb.History {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := &historypb.History{}
	if err := (temporalproto.CustomJSONUnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, h); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return h
}

func marshalBinary(t testing.TB, h *historypb.History) []byte {
	t.Helper()
	data, err := proto.MarshalOptions{Deterministic: true}.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBinaryFixtureMatchesJSON keeps testdata/timer.bin, which cannot be
// written by hand, the binary form of testdata/timer_canonical.json.
// Regenerate it with: go test ./replay -run TestBinaryFixtureMatchesJSON -update
func TestBinaryFixtureMatchesJSON(t *testing.T) {
	want := marshalBinary(t, unmarshalFixture(t, "testdata/timer_canonical.json"))
	if *update {
		if err := os.WriteFile("testdata/timer.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("testdata/timer.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("testdata/timer.bin is not the binary form of testdata/timer_canonical.json; run go test ./replay -run TestBinaryFixtureMatchesJSON -update")
	}
}

func TestLoadHistoryFileReadsEveryFormatToTheSameHistory(t *testing.T) {
	want := unmarshalFixture(t, "testdata/timer_canonical.json")
	if n := len(want.GetEvents()); n != 10 {
		t.Fatalf("fixture has %d events, want 10", n)
	}
	for _, file := range []string{
		"timer_short.json",     // short enum names, numbers, as sdk-go's fixtures
		"timer_canonical.json", // canonical enum names, int64 as strings, as the CLI prints
		"timer.bin",            // binary protobuf, as Core's test histories
	} {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", file)
			h, err := replay.LoadHistoryFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(h, want) {
				t.Errorf("%s decodes to\n%v\nwant\n%v", file, h, want)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			h, err = replay.ReadHistory(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("ReadHistory: %v", err)
			}
			if !proto.Equal(h, want) {
				t.Errorf("ReadHistory of %s differs from LoadHistoryFile", file)
			}
		})
	}
}

func TestLoadHistoryFileReadsCapturedCLIOutput(t *testing.T) {
	// Captured from `temporal workflow show --output json` of CLI v1.5.1;
	// TestReadHistoryReadsTemporalCLIWorkflowShow makes a fresh one.
	h, err := replay.LoadHistoryFile("testdata/cli_show_terminated.json")
	if err != nil {
		t.Fatal(err)
	}
	events := h.GetEvents()
	if len(events) != 4 {
		t.Fatalf("got %d events, want 4", len(events))
	}
	if got := events[3].GetWorkflowExecutionTerminatedEventAttributes().GetReason(); got != "done" {
		t.Errorf("termination reason = %q, want %q", got, "done")
	}
	if got := events[0].GetWorkflowExecutionStartedEventAttributes().GetTaskQueue().GetKind(); got != enumspb.TASK_QUEUE_KIND_NORMAL {
		t.Errorf("task queue kind = %v, want Normal", got)
	}
}

// TestHistoryFromANewerServerLoads: unknown fields are dropped, and an event
// type these protos do not know loads when the server marked it ignorable.
func TestHistoryFromANewerServerLoads(t *testing.T) {
	h, err := replay.LoadHistoryFile("testdata/newer_server.json")
	if err != nil {
		t.Fatal(err)
	}
	events := h.GetEvents()
	if len(events) != 6 {
		t.Fatalf("got %d events, want 6", len(events))
	}
	if e := events[4]; e.GetEventType() != enumspb.EVENT_TYPE_UNSPECIFIED || !e.GetWorkerMayIgnore() {
		t.Errorf("event 5 = %v, want an ignorable event of unknown type", e)
	}
	if events[5].GetWorkflowExecutionCompletedEventAttributes().GetWorkflowTaskCompletedEventId() != 4 {
		t.Errorf("event 6 lost its known fields: %v", events[5])
	}
}

func TestFormatIsDetectedByContentNotExtension(t *testing.T) {
	want := unmarshalFixture(t, "testdata/timer_canonical.json")
	dir := t.TempDir()
	for from, to := range map[string]string{"timer.bin": "binary.json", "timer_short.json": "json.bin", "timer_canonical.json": "history.txt"} {
		data, err := os.ReadFile(filepath.Join("testdata", from))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, to)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		h, err := replay.LoadHistoryFile(path)
		if err != nil {
			t.Errorf("%s as %s: %v", from, to, err)
			continue
		}
		if !proto.Equal(h, want) {
			t.Errorf("%s as %s decodes to a different history", from, to)
		}
	}
}

func TestReadHistoryReadsJSONAfterWhiteSpaceAndByteOrderMark(t *testing.T) {
	data, err := os.ReadFile("testdata/timer_short.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, prefix := range map[string]string{"white space": " \r\n\t\n", "byte order mark": "\xEF\xBB\xBF", "both": "\xEF\xBB\xBF\n  "} {
		if _, err := replay.ReadHistory(strings.NewReader(prefix + string(data))); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestBinaryHistoryThatLooksLikeJSONLoads covers a binary history whose first
// event is 123 bytes long: it starts with "\n{", white space then a brace.
func TestBinaryHistoryThatLooksLikeJSONLoads(t *testing.T) {
	h := unmarshalFixture(t, "testdata/timer_canonical.json")
	attrs := &historypb.WorkflowExecutionStartedEventAttributes{WorkflowType: &commonpb.WorkflowType{Name: "Demo"}}
	h.GetEvents()[0].Attributes = &historypb.HistoryEvent_WorkflowExecutionStartedEventAttributes{WorkflowExecutionStartedEventAttributes: attrs}
	for proto.Size(h.GetEvents()[0]) < '{' {
		attrs.Identity += "x"
	}
	data := marshalBinary(t, h)
	if !bytes.HasPrefix(data, []byte("\n{")) {
		t.Fatalf("test setup: binary history starts with %q, want \"\\n{\"", data[:2])
	}
	got, err := replay.ReadHistory(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(got, h) {
		t.Error("decoded history differs")
	}
}

func TestLoadHistoryFileRejectsInputThatIsNotAHistory(t *testing.T) {
	tests := []struct {
		file       string
		wantFormat string
		wantText   string // in the message, after the file name
	}{
		{"truncated.json", "JSON", "not a JSON history"},
		{"duplicate_field.json", "JSON", "duplicate field"},
		{"array.json", "binary protobuf", `found "[{\"eventId\": 1, \"eventTy"…`},
		{"notes.bin", "binary protobuf", `not JSON (it does not start with '{')`},
		{"empty.bin", "", "the input is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "malformed", tt.file)
			h, err := replay.LoadHistoryFile(path)
			if h != nil {
				t.Errorf("got a history with the error")
			}
			var formatErr *replay.FormatError
			if !errors.As(err, &formatErr) {
				t.Fatalf("err = %v (%T), want a *replay.FormatError", err, err)
			}
			if formatErr.Source != path || formatErr.Format != tt.wantFormat {
				t.Errorf("Source, Format = %q, %q; want %q, %q", formatErr.Source, formatErr.Format, path, tt.wantFormat)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "replay: "+path+": ") || !strings.Contains(msg, tt.wantText) {
				t.Errorf("message %q does not name the file and say %q", msg, tt.wantText)
			}
		})
	}
}

func TestReadHistoryRejectsInputThatIsNotAHistory(t *testing.T) {
	tests := []struct {
		name, input, wantText string
	}{
		{"nothing", "", "the input is empty"},
		{"white space", " \n\t", `the input is empty but for white space (" \n\t")`},
		{"protobuf of another message", "\x10\x05", "decode to a History without events"},
		{"invalid wire format", "\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", "cannot parse"},
		{"JSON with the wrong shape", `{"events": {"eventId": 1}}`, "not a JSON history"},
		{"long garbage", strings.Repeat("garbage ", 10), `"garbage garbage garbage "…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := replay.ReadHistory(strings.NewReader(tt.input))
			var formatErr *replay.FormatError
			if !errors.As(err, &formatErr) {
				t.Fatalf("err = %v (%T), want a *replay.FormatError", err, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "replay: not ") || !strings.Contains(msg, tt.wantText) {
				t.Errorf("message %q does not say %q", msg, tt.wantText)
			}
		})
	}
}

func TestReadHistoryReturnsTheReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := replay.ReadHistory(iotest.ErrReader(boom))
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap %v", err, boom)
	}
}

func TestLoadHistoryFileReportsAMissingFile(t *testing.T) {
	_, err := replay.LoadHistoryFile("testdata/no-such-history.json")
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "no-such-history.json") {
		t.Fatalf("err = %v, want a not-exist error naming the file", err)
	}
}

// corruptFixtures are the files in testdata/corrupt, one corruption each, with
// the event and reason ValidateHistory must report.
var corruptFixtures = []struct {
	file       string
	wantID     int64
	wantReason string
}{
	{"empty_events.json", 0, "the history has no events"},
	{"first_not_started.json", 1, "the first event is WorkflowTaskScheduled, not WorkflowExecutionStarted"},
	{"starts_at_2.json", 2, "the history starts at event 2, not 1: it is partial"},
	{"missing_event_id.json", 0, "event ID 0 at index 0: event IDs start at 1"},
	{"id_gap.json", 5, "event 4 is missing (the previous event is 3)"},
	{"id_duplicate.json", 3, "duplicate event ID 3 (want 4 after event 3)"},
	{"id_out_of_order.json", 4, "events out of order: event 4 comes before event 3"},
	{"attributes_missing.json", 6, "event type TimerFired has no attributes: want timerFiredEventAttributes"},
	{"attributes_mismatch.json", 6, "event type TimerFired carries timerStartedEventAttributes: want timerFiredEventAttributes"},
	{"unknown_event_type.json", 5, "unknown event type 999, and the event is not marked workerMayIgnore"},
	{"unknown_event_type_name.json", 5, "the event has no event type"},
	{"event_after_close.json", 6, "WorkflowExecutionSignaled follows the run's close event 5 (WorkflowExecutionCompleted)"},
}

func TestLoadHistoryFileRejectsCorruptHistoriesInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range corruptFixtures {
		t.Run(tt.file, func(t *testing.T) {
			jsonPath := filepath.Join("testdata", "corrupt", tt.file)
			binPath := filepath.Join(dir, strings.TrimSuffix(tt.file, ".json")+".bin")
			binary := marshalBinary(t, unmarshalFixture(t, jsonPath))
			if err := os.WriteFile(binPath, binary, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{jsonPath, binPath} {
				h, err := replay.LoadHistoryFile(path)
				if h != nil {
					t.Errorf("%s: got a history with the error", path)
				}
				if len(binary) == 0 && path == binPath {
					// An empty History encodes to no bytes at all.
					var formatErr *replay.FormatError
					if !errors.As(err, &formatErr) {
						t.Errorf("%s: err = %v, want a *replay.FormatError", path, err)
					}
					continue
				}
				var corrupt *replay.CorruptHistoryError
				if !errors.As(err, &corrupt) {
					t.Fatalf("%s: err = %v (%T), want a *replay.CorruptHistoryError", path, err, err)
				}
				if corrupt.Source != path || corrupt.EventID != tt.wantID || !strings.Contains(corrupt.Reason, tt.wantReason) {
					t.Errorf("%s: got Source %q, EventID %d, Reason %q; want %q, %d, %q",
						path, corrupt.Source, corrupt.EventID, corrupt.Reason, path, tt.wantID, tt.wantReason)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("message %q does not name the file", err)
				}
			}
		})
	}
}

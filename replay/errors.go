package replay

import (
	"fmt"
	"strings"
)

// CorruptHistoryError reports a history that decoded but cannot be a real
// workflow history: no events, event IDs that are not 1, 2, 3, …, an event
// whose attributes do not match its type, an unknown event type the server
// did not mark as ignorable, or events after the workflow closed. Replaying
// such a history would blame the workflow code for a fault in the file, so
// every loader rejects it with this error.
type CorruptHistoryError struct {
	// Source says where the history came from: the file path for
	// [LoadHistoryFile] and [LoadHistoryDir], the workflow and run for
	// [FetchHistory], empty for [ReadHistory] and [ValidateHistory].
	Source string
	// EventID is the ID the faulty event carries, as it appears in the file,
	// or 0 when the fault is not one event's (an empty history, an event
	// that is nil).
	EventID int64
	// Reason says what is wrong.
	Reason string
}

// Error says where, which event and what is wrong, for example
// "replay: corrupt history in testdata/order.json: event 6: event type
// TimerFired has no attributes: want timerFiredEventAttributes".
func (e *CorruptHistoryError) Error() string {
	var b strings.Builder
	b.WriteString("replay: corrupt history")
	if e.Source != "" {
		b.WriteString(" in ")
		b.WriteString(e.Source)
	}
	if e.EventID != 0 {
		fmt.Fprintf(&b, ": event %d", e.EventID)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// FormatError reports input that is not a history in any format this
// package reads: neither a JSON History nor a binary protobuf History.
type FormatError struct {
	// Source is the file path, or empty for [ReadHistory].
	Source string
	// Format is the format the input was decoded as: "JSON" when its first
	// character other than white space is '{', "binary protobuf" otherwise,
	// and empty when the input was empty or only white space.
	Format string
	// Found is the start of the input, as read, so the message can show
	// what the file holds instead of a history.
	Found []byte
	// Err is the decoder's error, or nil when the input was empty.
	Err error
}

// foundPrefixLen bounds how much of the input a FormatError shows.
const foundPrefixLen = 24

// Error names the source, the format tried and the decoder's complaint, and
// shows how non-JSON input starts.
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("replay: ")
	if e.Source != "" {
		b.WriteString(e.Source)
		b.WriteString(": ")
	}
	switch {
	case e.Format == "":
		b.WriteString("not a history: the input is empty")
		if len(e.Found) > 0 {
			fmt.Fprintf(&b, " but for white space (%q)", e.Found)
		}
		return b.String()
	case e.Format == "JSON":
		b.WriteString("not a JSON history (a temporal.api.history.v1.History object, as `temporal workflow show --output json` prints)")
	default:
		b.WriteString("not a history: not JSON (it does not start with '{') and not a binary protobuf temporal.api.history.v1.History")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Format == "JSON" {
		// The JSON decoder's error already gives a line and column.
		return b.String()
	}
	found := e.Found
	ellipsis := ""
	if len(found) > foundPrefixLen {
		found, ellipsis = found[:foundPrefixLen], "…"
	}
	fmt.Fprintf(&b, "; found %q%s", found, ellipsis)
	return b.String()
}

// Unwrap returns the decoder's error.
func (e *FormatError) Unwrap() error { return e.Err }

package replay

import (
	"bytes"
	"fmt"
	"io"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"google.golang.org/protobuf/proto"
)

// jsonOptions read the JSON the official SDKs' replay fixtures and the
// Temporal CLI write. Enum values may be short
// ("WorkflowExecutionStarted", "Normal") or canonical
// ("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"); plain protojson rejects the short
// form. DiscardUnknown matches the official SDKs: a history written by a newer
// server, with fields or enum names these protos do not know, still loads.
// What is dropped cannot hide corruption: an unknown event type decodes as
// EVENT_TYPE_UNSPECIFIED without attributes, which [ValidateHistory] rejects
// unless the server marked the event WorkerMayIgnore.
var jsonOptions = temporalproto.CustomJSONUnmarshalOptions{DiscardUnknown: true}

// utf8BOM is skipped before format detection: some editors write it at the
// start of a saved JSON file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// jsonSpace is the white space JSON allows before a value.
const jsonSpace = " \t\r\n"

// ReadHistory reads one history from r, in any format this package loads
// (see the package documentation), and checks it with [ValidateHistory]. The
// format is detected from the content: JSON when its first character other
// than white space is '{', binary protobuf otherwise.
//
// Input that is not a history in either format is a [*FormatError]; a history
// that decodes but is corrupt is a [*CorruptHistoryError].
func ReadHistory(r io.Reader) (*historypb.History, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("replay: reading the history: %w", err)
	}
	return decodeHistory(data, "")
}

// decodeHistory decodes data and validates the result; source names the
// input in errors.
func decodeHistory(data []byte, source string) (*historypb.History, error) {
	h, err := decodeHistoryFormat(data, source)
	if err != nil {
		return nil, err
	}
	if err := validateHistory(h, source); err != nil {
		return nil, err
	}
	return h, nil
}

// decodeHistoryFormat decodes data as JSON or binary protobuf without
// validating the events.
func decodeHistoryFormat(data []byte, source string) (*historypb.History, error) {
	text := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), jsonSpace)
	if len(text) == 0 {
		return nil, &FormatError{Source: source, Found: foundPrefix(data)}
	}
	if text[0] == '{' {
		h := &historypb.History{}
		jsonErr := jsonOptions.Unmarshal(text, h)
		if jsonErr == nil {
			return h, nil
		}
		// A binary History starts with 0x0A ('\n', the tag of its events
		// field) followed by the first event's length; a length of 123 is
		// '{'. So a binary history can look like JSON after white space:
		// try it before giving up.
		if data[0] != '{' {
			if b, err := decodeBinary(data); err == nil && len(b.GetEvents()) > 0 {
				return b, nil
			}
		}
		return nil, &FormatError{Source: source, Format: "JSON", Found: foundPrefix(data), Err: jsonErr}
	}
	h, err := decodeBinary(data)
	if err != nil {
		return nil, &FormatError{Source: source, Format: "binary protobuf", Found: foundPrefix(data), Err: err}
	}
	if len(h.GetEvents()) == 0 {
		// Bytes that parse as protobuf but hold no events field are some
		// other message, or not protobuf at all.
		return nil, &FormatError{Source: source, Format: "binary protobuf", Found: foundPrefix(data),
			Err: fmt.Errorf("the %d bytes decode to a History without events", len(data))}
	}
	return h, nil
}

func decodeBinary(data []byte) (*historypb.History, error) {
	h := &historypb.History{}
	// Unknown fields are kept, not rejected: an event type added by a newer
	// server decodes with its attributes among them, and ValidateHistory
	// decides whether the event may be ignored.
	if err := proto.Unmarshal(data, h); err != nil {
		return nil, err
	}
	return h, nil
}

// foundPrefix copies the start of data for a FormatError, one byte more than
// it shows so the message can mark a cut.
func foundPrefix(data []byte) []byte {
	return bytes.Clone(data[:min(len(data), foundPrefixLen+1)])
}

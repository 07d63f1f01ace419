package replay

import (
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
)

// TestEveryEventTypeHasItsAttributesField guards the naming convention
// attributesField relies on: when go.temporal.io/api adds an event type whose
// attributes field is named otherwise, this fails instead of ValidateHistory
// rejecting real histories.
func TestEveryEventTypeHasItsAttributesField(t *testing.T) {
	paired := map[string]bool{}
	for number, name := range enumspb.EventType_name {
		eventType := enumspb.EventType(number)
		if eventType == enumspb.EVENT_TYPE_UNSPECIFIED {
			continue
		}
		fd, ok := attributesField[eventType]
		if !ok {
			t.Errorf("event type %s has no attributes field", name)
			continue
		}
		paired[string(fd.Name())] = true
	}
	fields := attributesOneof.Fields()
	for i := range fields.Len() {
		if name := string(fields.Get(i).Name()); !paired[name] {
			t.Errorf("attributes field %s has no event type", name)
		}
	}
	if len(paired) < 50 {
		t.Errorf("only %d event types paired; the table is not being built", len(paired))
	}
}

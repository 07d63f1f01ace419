package commands

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"
)

// Helper owns a workflow run's command machines: their order (the order the
// commands are sent in), lookup by key and by the event IDs history refers
// to them with, and the event-ID sequencer.
type Helper struct {
	seq     Sequencer
	order   []Machine
	byKey   map[Key]Machine
	byEvent map[int64]string // scheduled event ID -> activity ID
	// initiated event ID -> Control of signal-external and cancel-external
	signalByEvent map[int64]string
	cancelByEvent map[int64]string
}

// NewHelper returns a Helper with no commands. Its maps are made on first
// write and dropped once empty: thousands of cached runs wait with no
// command in flight, and an empty map still holds its buckets.
func NewHelper() *Helper {
	return &Helper{}
}

// put sets m[k] = v, making the map on first use.
func put[K comparable, V any](m *map[K]V, k K, v V) {
	if *m == nil {
		*m = make(map[K]V)
	}
	(*m)[k] = v
}

// drop deletes m[k], and the map itself once empty.
func drop[K comparable, V any](m *map[K]V, k K) {
	delete(*m, k)
	if len(*m) == 0 {
		*m = nil
	}
}

// Sequencer predicts event IDs; see [Sequencer].
func (h *Helper) Sequencer() *Sequencer { return &h.seq }

// OnTaskStarted sets the prediction at a WorkflowTaskStarted event, after
// the commands not sent yet.
func (h *Helper) OnTaskStarted(startedEventID int64) {
	h.seq.OnTaskStarted(startedEventID, h.Unsent())
}

// Unsent counts machines with a command to send.
func (h *Helper) Unsent() int {
	n := 0
	for _, m := range h.order {
		if m.Command() != nil {
			n++
		}
	}
	return n
}

// Get returns the machine with key.
func (h *Helper) Get(key Key) (Machine, bool) {
	m, ok := h.byKey[key]
	return m, ok
}

// Emit returns the commands to send, in order, and moves every machine on
// as sent; machines that completed by being sent leave.
func (h *Helper) Emit() []*commandpb.Command {
	var out []*commandpb.Command
	// Sending may complete a machine, which removes it from h.order; walk
	// a snapshot of the length and skip what moved.
	for i := 0; i < len(h.order); {
		m := h.order[i]
		if c := m.Command(); c != nil {
			out = append(out, c)
		}
		_ = m.sent() // sending is legal in every state
		if i < len(h.order) && h.order[i] == m {
			i++
		}
	}
	return out
}

func (h *Helper) add(m Machine) error {
	key := m.Key()
	if _, dup := h.byKey[key]; dup {
		return fmt.Errorf("commands: a %s command with ID %q already exists in this run", key.Kind, key.ID)
	}
	h.order = append(h.order, m)
	put(&h.byKey, key, m)
	h.seq.consume()
	return nil
}

func (h *Helper) remove(key Key) {
	m, ok := h.byKey[key]
	if !ok {
		return
	}
	drop(&h.byKey, key)
	if i := slices.Index(h.order, m); i >= 0 {
		h.order = slices.Delete(h.order, i, i+1)
		if len(h.order) == 0 {
			h.order = nil
		}
	}
}

func (h *Helper) newMachine(key Key) machine {
	return machine{key: key, helper: h}
}

// MissingCommandError reports a history event for which the workflow code
// produced no command: the code changed since the history was written.
type MissingCommandError struct {
	EventID   int64
	EventType enumspb.EventType
	Key       Key
	// Produced are the commands the code produced that no event has
	// recorded yet: what it does instead, at this point of the history.
	Produced []Key
}

func (e *MissingCommandError) Error() string {
	instead := "no command still waiting for its event"
	if len(e.Produced) != 0 {
		names := make([]string, len(e.Produced))
		for i, k := range e.Produced {
			names[i] = k.String()
		}
		instead = strings.Join(names, ", ")
	}
	return fmt.Sprintf("[TMPRL1100] nondeterministic workflow: history event %d (%s) is for %s, but the workflow code produced no such command; at this point it produced %s instead",
		e.EventID, e.EventType, e.Key, instead)
}

// missing reports an event for key that no machine of the code answers.
func (h *Helper) missing(eventID int64, t enumspb.EventType, key Key) *MissingCommandError {
	var produced []Key
	for _, m := range h.order {
		if s := m.State(); s == Created || s == CommandSent {
			produced = append(produced, m.Key())
		}
	}
	return &MissingCommandError{EventID: eventID, EventType: t, Key: key, Produced: produced}
}

func (h *Helper) machine(eventID int64, t enumspb.EventType, key Key) (Machine, error) {
	m, ok := h.byKey[key]
	if !ok {
		return nil, h.missing(eventID, t, key)
	}
	return m, nil
}

// scheduledActivity finds the activity an event refers to by the event ID
// of its ActivityTaskScheduled.
func (h *Helper) scheduledActivity(eventID int64, t enumspb.EventType, scheduledEventID int64) (Machine, error) {
	id, ok := h.byEvent[scheduledEventID]
	if !ok {
		return nil, h.missing(eventID, t, Key{KindActivity, "scheduled at event " + strconv.FormatInt(scheduledEventID, 10)})
	}
	return h.machine(eventID, t, Key{KindActivity, id})
}

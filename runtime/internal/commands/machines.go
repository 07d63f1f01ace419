package commands

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	commandpb "go.temporal.io/api/command/v1"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/workflowdef/workflowdef/runtime/internal/lazymap"
)

// Machines is the set of a workflow run's command state machines. It keeps
// them in the order their commands are sent in, finds them by [Key] and by
// the event IDs history refers to them with, and owns the event-ID
// [Sequencer] every new command takes its number from. Temporal's other
// SDKs name it alike (sdk-core's WorkflowMachines, the Java SDK's
// WorkflowStateMachines); the official Go SDK calls it commandsHelper.
type Machines struct {
	seq     Sequencer
	order   []Machine
	byKey   lazymap.Small[Key, Machine]
	byEvent lazymap.Small[int64, string] // scheduled event ID -> activity ID
	// initiated event ID -> Control of signal-external and cancel-external
	signalByEvent map[int64]string
	cancelByEvent map[int64]string
}

// NewMachines returns a run's machines before any command; the zero
// Machines is the same, for a run that holds them by value. Its maps are
// made on first write and dropped once empty: thousands of cached runs
// wait with no command in flight, and an empty map still holds its
// buckets.
func NewMachines() *Machines {
	return &Machines{}
}

// Sequencer predicts event IDs; see [Sequencer].
func (ms *Machines) Sequencer() *Sequencer { return &ms.seq }

// OnTaskStarted sets the prediction at a WorkflowTaskStarted event, after
// the commands not sent yet.
func (ms *Machines) OnTaskStarted(startedEventID int64) {
	ms.seq.OnTaskStarted(startedEventID, ms.Unsent())
}

// Unsent counts machines with a command to send.
func (ms *Machines) Unsent() int {
	n := 0
	for _, m := range ms.order {
		if m.Command() != nil {
			n++
		}
	}
	return n
}

// Get returns the machine with key.
func (ms *Machines) Get(key Key) (Machine, bool) {
	return ms.byKey.Get(key)
}

// Emit returns the commands to send, in order, and moves every machine on
// as sent; machines that completed by being sent leave.
func (ms *Machines) Emit() []*commandpb.Command {
	var out []*commandpb.Command
	// Sending may complete a machine, which removes it from ms.order; walk
	// a snapshot of the length and skip what moved.
	for i := 0; i < len(ms.order); {
		m := ms.order[i]
		if c := m.Command(); c != nil {
			out = append(out, c)
		}
		_ = m.sent() // sending is legal in every state
		if i < len(ms.order) && ms.order[i] == m {
			i++
		}
	}
	return out
}

func (ms *Machines) add(m Machine) error {
	key := m.Key()
	if _, dup := ms.byKey.Get(key); dup {
		return &DuplicateIDError{Key: key}
	}
	ms.order = append(ms.order, m)
	ms.byKey.Put(key, m)
	ms.seq.consume()
	return nil
}

func (ms *Machines) remove(key Key) {
	m, ok := ms.byKey.Get(key)
	if !ok {
		return
	}
	ms.byKey.Delete(key)
	if i := slices.Index(ms.order, m); i >= 0 {
		ms.order = slices.Delete(ms.order, i, i+1)
		if len(ms.order) == 0 {
			ms.order = nil
		}
	}
}

func (ms *Machines) newMachine(key Key) machine {
	return machine{key: key, machines: ms}
}

// DuplicateIDError refuses a command whose ID another command of its kind
// already has in this run.
type DuplicateIDError struct{ Key Key }

func (e *DuplicateIDError) Error() string {
	return fmt.Sprintf("commands: a %s command with ID %q already exists in this run", e.Key.Kind, e.Key.ID)
}

// MissingCommandError reports a history event for which the workflow code
// produced no command: the code changed since the history was written.
type MissingCommandError struct {
	EventID   int64
	EventType enumspb.EventType
	Key       Key
	// Recorded adds what the event recorded beyond its key, such as an
	// activity's type, when the key alone would not say.
	Recorded string
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
	recorded := e.Key.String()
	if e.Recorded != "" {
		recorded += " (" + e.Recorded + ")"
	}
	return fmt.Sprintf("[TMPRL1100] nondeterministic workflow: history event %d (%s) is for %s, but the workflow code produced no such command; at this point it produced %s instead",
		e.EventID, e.EventType, recorded, instead)
}

// missing reports an event for key that no machine of the code answers.
func (ms *Machines) missing(eventID int64, t enumspb.EventType, key Key) *MissingCommandError {
	var produced []Key
	for _, m := range ms.order {
		if s := m.State(); s == Created || s == CommandSent {
			produced = append(produced, m.Key())
		}
	}
	return &MissingCommandError{EventID: eventID, EventType: t, Key: key, Produced: produced}
}

func (ms *Machines) machine(eventID int64, t enumspb.EventType, key Key) (Machine, error) {
	m, ok := ms.byKey.Get(key)
	if !ok {
		return nil, ms.missing(eventID, t, key)
	}
	return m, nil
}

// scheduledActivity finds the activity an event refers to by the event ID
// of its ActivityTaskScheduled.
func (ms *Machines) scheduledActivity(eventID int64, t enumspb.EventType, scheduledEventID int64) (Machine, error) {
	id, ok := ms.byEvent.Get(scheduledEventID)
	if !ok {
		return nil, ms.missing(eventID, t, Key{KindActivity, "scheduled at event " + strconv.FormatInt(scheduledEventID, 10)})
	}
	return ms.machine(eventID, t, Key{KindActivity, id})
}

package commands

import (
	"errors"
	"fmt"
)

// Sequencer predicts the event ID the next command will produce: the
// server writes WorkflowTaskCompleted right after the task's started event,
// then one event per command, in order. Commands still unsent at the start
// of a task (created while events were applied) take the first slots.
//
// On replay, a GetVersion call takes one or two slots (its marker, and the
// TemporalChangeVersion upsert unless that was skipped) without producing a
// command; AddVersionMarker tells the sequencer where those slots are, and
// it steps over them.
type Sequencer struct {
	next int64
	// versionSlots maps the event ID of a preloaded Version marker to
	// whether its search-attribute upsert follows it.
	versionSlots map[int64]bool
}

// ErrNoTaskStarted is returned by Peek before any workflow task started:
// commands cannot be numbered yet.
var ErrNoTaskStarted = errors.New("commands: a command was created before the first WorkflowTaskStarted event")

// OnTaskStarted sets the prediction at a WorkflowTaskStarted event.
func (s *Sequencer) OnTaskStarted(startedEventID int64, unsent int) {
	s.next = startedEventID + 2 + int64(unsent)
}

// AddVersionMarker records a Version marker found in history at eventID.
func (s *Sequencer) AddVersionMarker(eventID int64, searchAttributeUpdated bool) error {
	if s.versionSlots == nil {
		s.versionSlots = map[int64]bool{}
	}
	if _, dup := s.versionSlots[eventID]; dup {
		return fmt.Errorf("commands: two Version markers at event %d", eventID)
	}
	s.versionSlots[eventID] = searchAttributeUpdated
	return nil
}

// Peek returns the event ID the next command will produce.
func (s *Sequencer) Peek() (int64, error) {
	s.skipVersions()
	if s.next == 0 {
		return 0, ErrNoTaskStarted
	}
	return s.next, nil
}

// consume advances past the command just added.
func (s *Sequencer) consume() {
	s.skipVersions()
	s.next++
}

// Bump advances one slot without a new command: a cancelled started child
// moves its command to the back of the list.
func (s *Sequencer) Bump() { s.next++ }

func (s *Sequencer) skipVersions() {
	for {
		updated, ok := s.versionSlots[s.next]
		if !ok {
			return
		}
		delete(s.versionSlots, s.next)
		s.next++
		if updated {
			s.next++
		}
	}
}

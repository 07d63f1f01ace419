package markers

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	commandpb "go.temporal.io/api/command/v1"
	commonpb "go.temporal.io/api/common/v1"
	failurepb "go.temporal.io/api/failure/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

// Marker names.
const (
	SideEffectName        = "SideEffect"
	VersionName           = "Version"
	MutableSideEffectName = "MutableSideEffect"
	LocalActivityName     = "LocalActivity"
)

// Detail keys.
const (
	keySideEffectID       = "side-effect-id"
	keyData               = "data"
	keyChangeID           = "change-id"
	keyVersion            = "version"
	keyVersionSAUpdated   = "version-search-attribute-updated"
	keyMutableCallCounter = "mutable-side-effect-call-counter"
	keyResult             = "result"
)

// ChangeVersionSearchAttribute lists the GetVersion changes a run went
// through, for visibility queries.
const ChangeVersionSearchAttribute = "TemporalChangeVersion"

// changeVersionLimit is the size at which the official SDK stops upserting
// TemporalChangeVersion (flag 1).
const changeVersionLimit = 2048

// SideEffect is a SideEffect marker: the result of call number ID.
type SideEffect struct {
	ID   int64
	Data *commonpb.Payloads
}

// Version is a GetVersion marker.
type Version struct {
	ChangeID string
	Version  int
	// SearchAttrUpdated is false when the TemporalChangeVersion upsert was
	// skipped because it grew too large; then the marker says so, and takes
	// one history slot instead of two.
	SearchAttrUpdated bool
}

// MutableSideEffect is a MutableSideEffect marker.
type MutableSideEffect struct {
	// ID is the user's ID; RecordedID is "<ID>_<event ID>", unique per
	// marker.
	ID         string
	RecordedID string
	// Counter is the ID's call count when recorded; HasCounter is false for
	// markers written before the official SDK recorded it.
	Counter    int
	HasCounter bool
	// Data is the value, as the payloads the call returned.
	Data *commonpb.Payloads
}

// LocalActivity is a LocalActivity marker: one attempt's outcome.
type LocalActivity struct {
	ActivityID   string
	ActivityType string
	// ReplayTime is the workflow time at which the result applies.
	ReplayTime time.Time
	Attempt    int32
	// Backoff, when positive, asks the workflow to wait on a timer and
	// schedule the activity again.
	Backoff time.Duration
	Result  *commonpb.Payloads
	Failure *failurepb.Failure
}

// localActivityData is the JSON the official SDK writes in a LocalActivity
// marker's data: its field names, without tags.
type localActivityData struct {
	ActivityID   string
	ActivityType string
	ReplayTime   time.Time
	Attempt      int32
	Backoff      time.Duration
}

// Error reports a marker whose details do not decode.
type Error struct {
	Marker  string
	EventID int64
	Reason  string
	Err     error
}

func (e *Error) Error() string {
	s := fmt.Sprintf("marker %q", e.Marker)
	if e.EventID != 0 {
		s += " at event " + strconv.FormatInt(e.EventID, 10)
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Encode returns the RecordMarker command attributes for m (a SideEffect,
// Version, MutableSideEffect or LocalActivity), with details encoded by dc,
// the workflow's data converter.
func Encode(dc converter.DataConverter, m any) (*commandpb.RecordMarkerCommandAttributes, error) {
	details := map[string]*commonpb.Payloads{}
	put := func(key string, values ...any) error {
		p, err := dc.ToPayloads(values...)
		if err != nil {
			return fmt.Errorf("markers: encoding %q: %w", key, err)
		}
		details[key] = p
		return nil
	}
	attrs := &commandpb.RecordMarkerCommandAttributes{Details: details}
	var err error
	switch m := m.(type) {
	case SideEffect:
		attrs.MarkerName = SideEffectName
		err = put(keySideEffectID, m.ID)
		details[keyData] = m.Data
	case Version:
		attrs.MarkerName = VersionName
		err = errors.Join(put(keyChangeID, m.ChangeID), put(keyVersion, m.Version))
		if !m.SearchAttrUpdated {
			err = errors.Join(err, put(keyVersionSAUpdated, false))
		}
	case MutableSideEffect:
		attrs.MarkerName = MutableSideEffectName
		err = errors.Join(put(keySideEffectID, m.RecordedID), put(keyData, m.ID, m.Data), put(keyMutableCallCounter, m.Counter))
	case LocalActivity:
		attrs.MarkerName = LocalActivityName
		err = put(keyData, localActivityData{ActivityID: m.ActivityID, ActivityType: m.ActivityType, ReplayTime: m.ReplayTime, Attempt: m.Attempt, Backoff: m.Backoff})
		if m.Result != nil {
			details[keyResult] = m.Result
		}
		attrs.Failure = m.Failure
	default:
		return nil, fmt.Errorf("markers: cannot encode %T", m)
	}
	if err != nil {
		return nil, err
	}
	return attrs, nil
}

// Decode reads a MarkerRecorded event's details with dc. It returns a
// SideEffect, Version, MutableSideEffect or LocalActivity, or an *Error.
func Decode(dc converter.DataConverter, eventID int64, a *historypb.MarkerRecordedEventAttributes) (any, error) {
	name := a.GetMarkerName()
	fail := func(reason string, err error) error {
		return &Error{Marker: name, EventID: eventID, Reason: reason, Err: err}
	}
	details := a.GetDetails()
	if details == nil {
		return nil, fail("marker details are nil", nil)
	}
	get := func(key string, ptrs ...any) error {
		p, ok := details[key]
		if !ok {
			return fail(fmt.Sprintf("detail %q is missing", key), nil)
		}
		if err := dc.FromPayloads(p, ptrs...); err != nil {
			return fail(fmt.Sprintf("detail %q does not decode", key), err)
		}
		return nil
	}
	switch name {
	case SideEffectName:
		var m SideEffect
		if err := get(keySideEffectID, &m.ID); err != nil {
			return nil, err
		}
		m.Data = details[keyData]
		return m, nil
	case VersionName:
		m := Version{SearchAttrUpdated: true}
		if err := errors.Join(get(keyChangeID, &m.ChangeID), get(keyVersion, &m.Version)); err != nil {
			return nil, err
		}
		if _, ok := details[keyVersionSAUpdated]; ok {
			if err := get(keyVersionSAUpdated, &m.SearchAttrUpdated); err != nil {
				return nil, err
			}
		}
		return m, nil
	case MutableSideEffectName:
		var m MutableSideEffect
		m.Data = &commonpb.Payloads{}
		if err := errors.Join(get(keySideEffectID, &m.RecordedID), get(keyData, &m.ID, &m.Data)); err != nil {
			return nil, err
		}
		if _, ok := details[keyMutableCallCounter]; ok {
			if err := get(keyMutableCallCounter, &m.Counter); err != nil {
				return nil, err
			}
			m.HasCounter = true
		}
		return m, nil
	case LocalActivityName:
		var d localActivityData
		if err := get(keyData, &d); err != nil {
			return nil, err
		}
		return LocalActivity{ActivityID: d.ActivityID, ActivityType: d.ActivityType, ReplayTime: d.ReplayTime,
			Attempt: d.Attempt, Backoff: d.Backoff, Result: details[keyResult], Failure: a.GetFailure()}, nil
	}
	return nil, fail("unknown marker name", nil)
}

// ChangeVersions returns the TemporalChangeVersion upsert after a
// GetVersion call that chose version for changeID, given the versions the
// run chose before. It is encoded with the default converter, as the
// official SDK does, whatever the workflow's converter. tooLarge reports
// that the list reached the size at which the official SDK stops upserting
// it (flag 1).
func ChangeVersions(changeID string, version int, earlier map[string]int) (sa *commonpb.SearchAttributes, tooLarge bool, err error) {
	list := []string{changeID + "-" + strconv.Itoa(version)}
	others := make([]string, 0, len(earlier))
	for id, v := range earlier {
		if id != changeID {
			others = append(others, id+"-"+strconv.Itoa(v))
		}
	}
	// The official SDK lists earlier changes in map order; the order is
	// never compared, so sort for stable bytes.
	slices.Sort(others)
	list = append(list, others...)
	p, err := converter.Default().ToPayload(list)
	if err != nil {
		return nil, false, err
	}
	return &commonpb.SearchAttributes{IndexedFields: map[string]*commonpb.Payload{ChangeVersionSearchAttribute: p}},
		len(p.GetData()) >= changeVersionLimit, nil
}

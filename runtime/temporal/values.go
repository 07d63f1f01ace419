package temporal

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

// ErrNoData is returned when details are asked for but an error carries none.
var ErrNoData = errors.New("temporal: no data available")

// Values holds the details of an error: either Go values given to a
// constructor, or payloads received on the wire together with the
// [converter.DataConverter] that decodes them. Payloads are decoded only when
// [Values.Get] asks for them, into whatever types the caller chooses.
//
// The zero Values holds nothing. Values built from payloads are re-sent as the
// same payloads, never decoded and encoded again, so details written by
// another SDK, or encrypted with a key this process lacks, travel on intact.
type Values struct {
	values        []any
	payloads      *commonpb.Payloads
	dataConverter converter.DataConverter
	encoded       bool
}

// NewEncodedValues returns Values holding payloads that dc decodes. A nil dc
// means [converter.Default]. Pass the result as the only detail of an error
// constructor to forward payloads without decoding them.
func NewEncodedValues(payloads *commonpb.Payloads, dc converter.DataConverter) Values {
	return Values{payloads: payloads, dataConverter: dc, encoded: true}
}

// valuesOf turns the details given to a constructor into Values. A single
// Values is taken as is: that is how details received from the wire are
// passed on unchanged.
func valuesOf(details []any) Values {
	if len(details) == 1 {
		if v, ok := details[0].(Values); ok {
			return v
		}
	}
	return Values{values: slices.Clone(details)}
}

// HasValues reports whether v holds at least one value.
func (v Values) HasValues() bool {
	if v.encoded {
		return len(v.payloads.GetPayloads()) > 0
	}
	return len(v.values) > 0
}

// Get stores the values, in order, into the variables valuePtrs point to. It
// returns [ErrNoData] if there are none. As with workflow arguments, extra
// values and extra pointers are left alone.
//
// Payloads are decoded with the data converter they came with. Go values are
// assigned directly when their type fits the target, as in the official
// SDK; otherwise they go through [converter.Default], so a typed target
// receives what it would have received had the error crossed the wire. An
// interface target (*any) fits every value, so it receives the Go value
// itself (an int, a struct) where, after the wire, it would receive what
// JSON decodes into (a float64, a map): decode into typed targets.
func (v Values) Get(valuePtrs ...any) error {
	if !v.HasValues() {
		return ErrNoData
	}
	if v.encoded {
		dc := v.dataConverter
		if dc == nil {
			dc = converter.Default()
		}
		if err := dc.FromPayloads(v.payloads, valuePtrs...); err != nil {
			return fmt.Errorf("temporal: decoding details: %w", err)
		}
		return nil
	}
	for i := 0; i < len(v.values) && i < len(valuePtrs); i++ {
		if err := assign(v.values[i], valuePtrs[i]); err != nil {
			return fmt.Errorf("temporal: detail %d: %w", i, err)
		}
	}
	return nil
}

// encode encodes v with dc, or returns the payloads v was built from.
func (v Values) encode(dc converter.DataConverter) (*commonpb.Payloads, error) {
	if v.encoded {
		return v.payloads, nil
	}
	return dc.ToPayloads(v.values...)
}

// assign stores value into the variable valuePtr points to.
func assign(value, valuePtr any) error {
	target := reflect.ValueOf(valuePtr)
	if target.Kind() != reflect.Pointer || target.IsNil() {
		return fmt.Errorf("need a non-nil pointer, got %T", valuePtr)
	}
	if src := reflect.ValueOf(value); src.IsValid() && src.Type().AssignableTo(target.Elem().Type()) {
		target.Elem().Set(src)
		return nil
	}
	// Types differ (an int read as int64, a struct read as a map): convert
	// as the wire would.
	dc := converter.Default()
	p, err := dc.ToPayload(value)
	if err != nil {
		return err
	}
	return dc.FromPayload(p, valuePtr)
}

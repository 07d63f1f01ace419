package model

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Literal returns the value of a search attribute written without braces,
// parsed for its type: int64 for Int, float64 for Double, bool for Bool,
// time.Time for Datetime (RFC 3339), []string of one keyword for
// KeywordList, the text itself for Text and Keyword. ok is false when the
// value is a template with a path or `{$uuid}`; err says why a literal does
// not parse for the type.
func (a *SearchAttribute) Literal() (v any, ok bool, err error) {
	if a.Value == nil || a.Value.Parsed == nil {
		return nil, false, nil
	}
	text, ok := a.Value.Parsed.Literal()
	if !ok {
		return nil, false, nil
	}
	switch a.Type {
	case SearchAttributeTypeText, SearchAttributeTypeKeyword:
		return text, true, nil
	case SearchAttributeTypeKeywordList:
		return []string{text}, true, nil
	case SearchAttributeTypeInt:
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, true, fmt.Errorf("%q is not an integer; write one such as 42, or a lone {path} to an integer field", text)
		}
		return n, true, nil
	case SearchAttributeTypeDouble:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, true, fmt.Errorf("%q is not a number; write one such as 2.5, or a lone {path} to a float or integer field", text)
		}
		return f, true, nil
	case SearchAttributeTypeBool:
		b, err := strconv.ParseBool(text)
		if err != nil || (text != "true" && text != "false") {
			return nil, true, fmt.Errorf("%q is not a bool; write true or false, or a lone {path} to a bool field", text)
		}
		return b, true, nil
	case SearchAttributeTypeDatetime:
		t, err := time.Parse(time.RFC3339Nano, text)
		if err != nil {
			return nil, true, fmt.Errorf("%q is not an RFC 3339 time; write one such as 2026-01-02T15:04:05Z, or a lone {path} to a google.protobuf.Timestamp field", text)
		}
		return t, true, nil
	}
	return nil, true, fmt.Errorf("a search attribute of type %s takes no value", a.Type)
}

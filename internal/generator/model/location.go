package model

import "fmt"

// Location is a place in a .proto file: the file's path as the compiler
// names it and a 1-based line and column. A zero Line means the place is not
// known (the request carried no source info).
type Location struct {
	File   string
	Line   int
	Column int
}

// String returns `file.proto:line:column`, or the file alone when the line is
// not known.
func (l Location) String() string {
	if l.Line == 0 {
		return l.File
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
}

// Compare orders locations by file, line and column, for sorting errors.
func (l Location) Compare(m Location) int {
	switch {
	case l.File != m.File:
		return cmpString(l.File, m.File)
	case l.Line != m.Line:
		return l.Line - m.Line
	default:
		return l.Column - m.Column
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

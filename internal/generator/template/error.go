package template

import "fmt"

// Error is a template that does not parse or whose path does not resolve.
type Error struct {
	// Template is the template as written.
	Template string
	// Column is the 1-based column in Template where the problem starts.
	Column int
	// Message says what is wrong and what to write instead.
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("template %q, column %d: %s", e.Template, e.Column, e.Message)
}

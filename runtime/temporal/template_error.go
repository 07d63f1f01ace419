package temporal

import "fmt"

// TemplateFieldError reports that a template could not be rendered because
// a field on one of its paths is empty: a string with no characters, a
// field that tracks presence (proto3 optional, a oneof member) and is not
// set, or a message that is not set. Generated code renders workflow IDs, update IDs,
// fairness keys, search attributes and memos from templates over the
// request; an empty field would silently produce an ID such as "order-",
// which collides across requests, so rendering fails before anything is
// sent and the error names the template and the field to fill in.
type TemplateFieldError struct {
	// Kind says what the template renders: "workflow ID", "update ID",
	// "fairness key", `search attribute "CustomerId"`, `memo "note"`.
	Kind string
	// Template is the template as written in the proto, such as
	// "order-{customer.id}".
	Template string
	// Field is the path of the empty field, such as "customer.id".
	Field string
}

// Error names the template and the empty field, as in
//
//	workflow ID template "order-{customer.id}": field customer.id is empty
func (e *TemplateFieldError) Error() string {
	kind := e.Kind
	if kind == "" {
		kind = "a"
	}
	return fmt.Sprintf("%s template %q: field %s is empty", kind, e.Template, e.Field)
}

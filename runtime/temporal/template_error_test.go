package temporal_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/workflowdef/workflowdef/runtime/temporal"
)

func TestTemplateFieldErrorNamesKindTemplateAndField(t *testing.T) {
	for _, tc := range []struct {
		err  *temporal.TemplateFieldError
		want string
	}{
		{&temporal.TemplateFieldError{Kind: "workflow ID", Template: "order-{customer.id}", Field: "customer.id"},
			`workflow ID template "order-{customer.id}": field customer.id is empty`},
		{&temporal.TemplateFieldError{Kind: `search attribute "CustomerId"`, Template: "{customer.id}", Field: "customer"},
			`search attribute "CustomerId" template "{customer.id}": field customer is empty`},
		{&temporal.TemplateFieldError{Template: "{a}", Field: "a"}, `a template "{a}": field a is empty`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q; want %q", got, tc.want)
		}
	}
}

func TestTemplateFieldErrorIsFoundThroughWrapping(t *testing.T) {
	err := fmt.Errorf("starting ProcessOrder: %w", &temporal.TemplateFieldError{Kind: "update ID", Template: "{item.sku}", Field: "item.sku"})
	var tf *temporal.TemplateFieldError
	if !errors.As(err, &tf) || tf.Field != "item.sku" || tf.Kind != "update ID" {
		t.Fatalf("errors.As(%v) = %v, %+v; want the TemplateFieldError for item.sku", err, tf != nil, tf)
	}
}

package generator_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The typing claim: code that passes the generated package a wrong
// request, signal payload, update result, activity argument or workflow
// implementation does not compile. Each misuse is one snippet swapped
// into a file that compiles as it stands (the control), so the test
// cannot pass because the file is broken some other way: the swapped
// file must have exactly one error, on the swapped line, naming both
// types.

// generatedPackage is what the misuse files import, besides the messages
// and the runtime.
const generatedPackage = "github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"

// misuseFrame is the control file: every %s is one case's snippet, the
// right one in the control and the wrong one in that case's file.
const misuseFrame = `package misuse

import (
	"context"

	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

func useClient(ctx context.Context, c *client.Client) error {
	orders := ordersv1temporal.NewOrdersClient(c)
	var err error
	%s
	%s
	%s
	%s
	return err
}

func useWorkflow(ctx workflow.Context, in *ordersv1temporal.ProcessOrderWorkflowInput) error {
	var err error
	%s
	%s
	%s
	return err
}

type orderWorkflow struct{ ordersv1temporal.ProcessOrderWorkflow }

%s

func register(r *worker.Registry) error {
	return ordersv1temporal.RegisterProcessOrderWorkflow(r, func(ctx workflow.Context, in *ordersv1temporal.ProcessOrderWorkflowInput) (ordersv1temporal.ProcessOrderWorkflow, error) {
		return &orderWorkflow{}, nil
	})
}
`

// misuses are the cases, in the order of misuseFrame's %s.
var misuses = []struct {
	name        string
	right       string
	wrong       string
	errorSays   []string
	lineOfWrong string // a piece of the line the error must be on
}{
	{
		name:      "wrong request to a client method",
		right:     `_, err = orders.ProcessOrder(ctx, &ordersv1.ProcessOrderRequest{OrderId: "1"})`,
		wrong:     `_, err = orders.ProcessOrder(ctx, &ordersv1.ShipOrderRequest{OrderId: "1"})`,
		errorSays: []string{"*ordersv1.ShipOrderRequest", "*ordersv1.ProcessOrderRequest", "argument to orders.ProcessOrder"},
	},
	{
		name:      "wrong signal payload",
		right:     `err = orders.GetProcessOrder("order-1", "").CancelOrder(ctx, &ordersv1.CancelOrderRequest{Reason: "late"})`,
		wrong:     `err = orders.GetProcessOrder("order-1", "").CancelOrder(ctx, &ordersv1.AddItemRequest{Sku: "late"})`,
		errorSays: []string{"*ordersv1.AddItemRequest", "*ordersv1.CancelOrderRequest", "argument to orders.GetProcessOrder(\"order-1\", \"\").CancelOrder"},
	},
	{
		name:      "signal the workflow does not declare",
		right:     `err = orders.GetShipOrder("ship-1", "").ConfirmDelivery(ctx, &ordersv1.ConfirmDeliveryRequest{})`,
		wrong:     `err = orders.GetShipOrder("ship-1", "").CancelOrder(ctx, &ordersv1.CancelOrderRequest{Reason: "late"})`,
		errorSays: []string{"CancelOrder undefined", "*ordersv1temporal.ShipOrderRun"},
	},
	{
		name:      "wrong update result",
		right:     `var res *ordersv1.AddItemResponse; res, err = orders.GetProcessOrder("order-1", "").AddItem(ctx, &ordersv1.AddItemRequest{Sku: "a"}); _ = res`,
		wrong:     `var res *ordersv1.OrderStatus; res, err = orders.GetProcessOrder("order-1", "").AddItem(ctx, &ordersv1.AddItemRequest{Sku: "a"}); _ = res`,
		errorSays: []string{"*ordersv1.AddItemResponse", "*ordersv1.OrderStatus"},
	},
	{
		name:      "wrong activity argument in workflow code",
		right:     `_, err = ordersv1temporal.ChargeCard(ctx, &ordersv1.ChargeCardRequest{AmountCents: 5})`,
		wrong:     `_, err = ordersv1temporal.ChargeCard(ctx, &ordersv1.ReserveInventoryRequest{})`,
		errorSays: []string{"*ordersv1.ReserveInventoryRequest", "*ordersv1.ChargeCardRequest", "argument to ordersv1temporal.ChargeCard"},
	},
	{
		name:      "wrong type from a typed signal channel",
		right:     `var cancel *ordersv1.CancelOrderRequest; cancel, _ = in.CancelOrder.Receive(ctx); _ = cancel`,
		wrong:     `var cancel *ordersv1.AddItemRequest; cancel, _ = in.CancelOrder.Receive(ctx); _ = cancel`,
		errorSays: []string{"*ordersv1.CancelOrderRequest", "*ordersv1.AddItemRequest"},
	},
	{
		name:      "untyped signal to a child run",
		right:     `err = ordersv1temporal.ShipOrderChildAsync(ctx, &ordersv1.ShipOrderRequest{}).ConfirmDelivery(ctx, &ordersv1.ConfirmDeliveryRequest{}).Get(ctx, nil)`,
		wrong:     `err = ordersv1temporal.ShipOrderChildAsync(ctx, &ordersv1.ShipOrderRequest{}).Signal(ctx, "confirm-delivery", 42).Get(ctx, nil)`,
		errorSays: []string{"Signal undefined", "*ordersv1temporal.ShipOrderChildRun"},
	},
	{
		name:        "workflow implementation with a wrong method signature",
		right:       `func (*orderWorkflow) AddItem(workflow.Context, *ordersv1.AddItemRequest) (*ordersv1.AddItemResponse, error) { return nil, nil }`,
		wrong:       `func (*orderWorkflow) AddItem(workflow.Context, *ordersv1.AddItemRequest) (*ordersv1.OrderStatus, error) { return nil, nil }`,
		errorSays:   []string{"*orderWorkflow does not implement ordersv1temporal.ProcessOrderWorkflow", "wrong type for method AddItem", "*ordersv1.OrderStatus", "*ordersv1.AddItemResponse"},
		lineOfWrong: "return &orderWorkflow{}, nil",
	},
}

// TestGeneratedCodeRejectsMistypedCalls type-checks the control file and
// each misuse against the generated package of the orders example, from
// the export data `go build` writes, as the compiler would.
func TestGeneratedCodeRejectsMistypedCalls(t *testing.T) {
	imp := exportDataImporter(t, generatedPackage, "github.com/workflowdef/workflowdef/runtime/worker", "context")
	snippets := func(wrong int) []any {
		var s []any
		for i, m := range misuses {
			if i == wrong {
				s = append(s, m.wrong)
			} else {
				s = append(s, m.right)
			}
		}
		return s
	}

	t.Run("control", func(t *testing.T) {
		if errs := typeCheck(t, imp, fmt.Sprintf(misuseFrame, snippets(-1)...)); len(errs) > 0 {
			t.Fatalf("the control file does not compile, so the misuses prove nothing:\n%s", joinErrors(errs))
		}
	})
	for i, m := range misuses {
		t.Run(m.name, func(t *testing.T) {
			src := fmt.Sprintf(misuseFrame, snippets(i)...)
			errs := typeCheck(t, imp, src)
			if len(errs) != 1 {
				t.Fatalf("want exactly one error for %s, got %d:\n%s", m.wrong, len(errs), joinErrors(errs))
			}
			err := errs[0]
			for _, want := range m.errorSays {
				if !strings.Contains(err.Msg, want) {
					t.Errorf("the error does not name %q:\n%s", want, err.Msg)
				}
			}
			on := m.lineOfWrong
			if on == "" {
				on = m.wrong
			}
			if line := strings.Split(src, "\n")[err.Fset.Position(err.Pos).Line-1]; !strings.Contains(line, on) {
				t.Errorf("the error is on %q, not on the line with %q", strings.TrimSpace(line), on)
			}
			t.Logf("%s", err.Msg)
		})
	}
}

func joinErrors(errs []types.Error) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\t%s\n", e)
	}
	return b.String()
}

// typeCheck type-checks src as a package of its own and returns its
// errors.
func typeCheck(t *testing.T, imp types.Importer, src string) []types.Error {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "misuse.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("the test's file does not parse: %v\n%s", err, src)
	}
	var errs []types.Error
	conf := types.Config{Importer: imp, Error: func(err error) { errs = append(errs, err.(types.Error)) }}
	_, _ = conf.Check("example.com/misuse", fset, []*ast.File{f}, nil)
	return errs
}

// exportDataImporter imports pkgs and their dependencies from the export
// data `go list -export` builds, the compiler's own view of them.
func exportDataImporter(t *testing.T, pkgs ...string) types.Importer {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", append([]string{"list", "-export", "-deps", "-f", "{{if .Export}}{{.ImportPath}}={{.Export}}{{end}}"}, pkgs...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.String())
	}
	exports := map[string]string{}
	for line := range strings.Lines(string(out)) {
		path, file, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok {
			exports[path] = file
		}
	}
	return importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s: add it to the packages the test lists", path)
		}
		return os.Open(file)
	})
}

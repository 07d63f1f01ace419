package devserver_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/workflowdef/workflowdef/devserver"
)

// ExampleStart starts a dev server from the Temporal CLI pinned in a tool
// module and stops it.
func ExampleStart() {
	ctx := context.Background()
	s, err := devserver.Start(ctx, devserver.Options{
		ToolModfile: "tools/temporal/go.mod",
		Logger:      slog.New(slog.NewTextHandler(os.Stderr, nil)),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer s.Stop(ctx)
	fmt.Println("Temporal is listening on", s.Address())
}

// ExampleFromEnv is the TestMain of a package whose tests share one server,
// or use the one TEMPORAL_ADDRESS names.
func ExampleFromEnv() {
	ctx := context.Background()
	s, err := devserver.FromEnv(ctx, devserver.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Run the tests here, handing them s.Address() and s.Namespace().
	if err := s.Stop(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

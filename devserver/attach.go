package devserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Environment variables read by [FromEnv]; they are the names the Temporal CLI
// and SDKs use.
const (
	EnvAddress   = "TEMPORAL_ADDRESS"
	EnvNamespace = "TEMPORAL_NAMESPACE"
)

const (
	attachTimeout = 30 * time.Second
	pollInterval  = 100 * time.Millisecond
	callTimeout   = 5 * time.Second
)

// FromEnv returns the server tests should use. With TEMPORAL_ADDRESS set it
// attaches to that server (namespace TEMPORAL_NAMESPACE, or "default");
// otherwise it starts one with opts.
func FromEnv(ctx context.Context, opts Options) (*Server, error) {
	address := os.Getenv(EnvAddress)
	if address == "" {
		return Start(ctx, opts)
	}
	namespace := os.Getenv(EnvNamespace)
	if namespace == "" {
		namespace = DefaultNamespace
	}
	s, err := Attach(ctx, address, namespace)
	if err != nil {
		return nil, fmt.Errorf("%w\n%s is set, so tests use that server instead of starting one: start a server there (temporal server start-dev), or unset %s to let the tests start their own",
			err, EnvAddress, EnvAddress)
	}
	if opts.Logger != nil {
		opts.Logger.Info("using the Temporal server named by "+EnvAddress, "address", address, "namespace", namespace)
	}
	return s, nil
}

// Attach returns a [Server] for a Temporal server that is already running,
// once namespace answers on address. It connects without TLS, as to a dev
// server. Stop leaves that server running.
func Attach(ctx context.Context, address, namespace string) (*Server, error) {
	if _, _, err := net.SplitHostPort(address); err != nil {
		return nil, fmt.Errorf("devserver: address %q is not host:port: %w", address, err)
	}
	if namespace == "" {
		return nil, errors.New("devserver: Attach needs a namespace")
	}
	ctx, cancel := context.WithTimeout(ctx, attachTimeout)
	defer cancel()
	if err := waitForNamespace(ctx, address, namespace, nil); err != nil {
		return nil, fmt.Errorf("devserver: the Temporal server at %s does not answer for namespace %q: %w", address, namespace, err)
	}
	return &Server{address: address, namespace: namespace, logger: slog.New(slog.DiscardHandler)}, nil
}

// errServerExited reports a server process that ended during startup.
var errServerExited = errors.New("the server process exited before it answered")

// waitForNamespace calls DescribeNamespace until it succeeds, ctx ends, or
// exited (the server process) is closed.
func waitForNamespace(ctx context.Context, address, namespace string, exited <-chan struct{}) error {
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return fmt.Errorf("dialing %s: %w", address, err)
	}
	defer conn.Close()
	service := workflowservice.NewWorkflowServiceClient(conn)

	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	var lastErr error
	for {
		callCtx, cancel := context.WithTimeout(ctx, callTimeout)
		_, err := service.DescribeNamespace(callCtx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace})
		cancel()
		if err == nil {
			return nil
		}
		lastErr = err
		select {
		case <-exited:
			return errServerExited
		case <-ctx.Done():
			return fmt.Errorf("%w (last answer: %v)", context.Cause(ctx), lastErr)
		case <-ticker.C:
		}
	}
}

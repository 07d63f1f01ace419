package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Name and Version identify this SDK to the server in the client-name and
// client-version headers.
const (
	Name    = "workflowdef-go"
	Version = "0.3.0"
)

// maxMessageSize matches the official SDKs: the server limits payloads
// itself, and history pages can be large.
const maxMessageSize = 128 << 20

// flowControlWindow fixes gRPC's HTTP/2 flow-control windows, per stream and
// per connection, at the size gRPC's own bandwidth-delay estimation grows
// them to at most. Fixed windows switch that estimation off: it pings the
// server on every burst of response data, one write and one read more per
// RPC, which in a worker's steady stream of small RPCs was a sixth of its
// syscalls and several percent of its CPU. Every call here is unary and is
// read whole as it arrives, so a large window costs no memory.
const flowControlWindow = 16 << 20

// Client talks to the Temporal server on behalf of one namespace. It is safe
// for concurrent use; create one per process and share it.
type Client struct {
	conn      *grpc.ClientConn
	service   workflowservice.WorkflowServiceClient
	namespace string
	hostPort  string
	identity  string
	dc        converter.DataConverter
	fc        temporal.FailureConverter
	logger    *slog.Logger
	metrics   metrics.Handler
	// outbound is the interceptor chain every operation enters.
	outbound OutboundInterceptor
	// capabilities reported by the server at Dial.
	capabilities *workflowservice.GetSystemInfoResponse_Capabilities
	// internalIsFinal is the capability internal_error_differentiation:
	// the retries then leave Internal alone.
	internalIsFinal atomic.Bool
	// eagerWorkflows are the workers of this process that run the first
	// task of workflows started with EnableEagerStart.
	eagerWorkflows eagerWorkflowExecutors
}

// Dial validates opts, connects to the server and checks it answers, so a
// wrong address or bad credentials fail here with a clear error rather than
// on first use. Close the client when done.
//
// An unreachable server is retried until ctx ends, so a deadline on ctx is
// how long a process starting beside its server waits for it; without a
// deadline Dial gives up after 10 seconds.
func Dial(ctx context.Context, opts Options) (*Client, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	tlsConfig, err := buildTLSConfig(opts)
	if err != nil {
		return nil, err
	}
	creds := insecure.NewCredentials()
	if tlsConfig != nil {
		creds = credentials.NewTLS(tlsConfig)
	}
	c := &Client{
		namespace: opts.Namespace,
		hostPort:  opts.HostPort,
		identity:  opts.Identity,
		dc:        opts.DataConverter,
		fc:        opts.FailureConverter,
		logger:    opts.Logger,
		metrics:   opts.MetricsHandler,
	}
	dialOpts := []grpc.DialOption{
		grpc.WithTransportCredentials(creds),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessageSize), grpc.MaxCallSendMsgSize(maxMessageSize)),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: opts.Keepalive.Time, Timeout: opts.Keepalive.Timeout, PermitWithoutStream: true}),
		grpc.WithUserAgent(Name + "/" + Version),
		grpc.WithStaticStreamWindowSize(flowControlWindow),
		grpc.WithStaticConnWindowSize(flowControlWindow),
		// Outermost first: headers on every attempt, then retries around
		// whatever the caller's DialOptions add (so injected faults are
		// retried like real ones).
		grpc.WithChainUnaryInterceptor(headersInterceptor(opts)),
	}
	if opts.Keepalive.Time < 0 {
		dialOpts[2] = grpc.EmptyDialOption{}
	}
	if opts.Authority != "" {
		dialOpts = append(dialOpts, grpc.WithAuthority(opts.Authority))
	}
	if !opts.DisableRetries {
		dialOpts = append(dialOpts, grpc.WithChainUnaryInterceptor(retryInterceptor(defaultRetryPolicy, c.logger, &c.internalIsFinal)))
	}
	if opts.MetricsHandler != nil {
		// Inside the retries: each attempt counts, as in the official SDKs.
		dialOpts = append(dialOpts, grpc.WithChainUnaryInterceptor(requestMetricsInterceptor(opts.MetricsHandler)))
	}
	dialOpts = append(dialOpts, opts.DialOptions...)
	conn, err := grpc.NewClient(opts.HostPort, dialOpts...)
	if err != nil {
		return nil, fmt.Errorf("client: Options.HostPort %q: %w", opts.HostPort, err)
	}
	c.conn = conn
	c.service = workflowservice.NewWorkflowServiceClient(conn)
	c.outbound = chainInterceptors(opts.Interceptors, &rootOutbound{c: c})

	infoCtx := ctx
	if _, ok := ctx.Deadline(); !ok {
		// A wrong address or TLS setting fails with Unavailable, which the
		// retry interceptor would retry for a minute.
		var cancel context.CancelFunc
		infoCtx, cancel = context.WithTimeout(ctx, dialCheckTimeout)
		defer cancel()
	}
	info, err := c.service.GetSystemInfo(infoCtx, &workflowservice.GetSystemInfoRequest{})
	if status.Code(err) == codes.Unimplemented {
		// An older server, or a proxy that forwards only what it knows:
		// no capabilities, as in the official SDK.
		info, err = nil, nil
	}
	if err != nil && ctx.Err() != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("client: dialing the Temporal server at %s: %w (last error: %w)", opts.HostPort, ctx.Err(), err)
	}
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("client: cannot reach the Temporal server at %s: %w (check Options.HostPort / TEMPORAL_ADDRESS, TLS settings and credentials, and that the server is running)",
			opts.HostPort, err)
	}
	c.capabilities = info.GetCapabilities()
	c.internalIsFinal.Store(c.capabilities.GetInternalErrorDifferentiation())
	c.logger.Debug("connected to Temporal", "address", opts.HostPort, "namespace", opts.Namespace, "server", info.GetServerVersion())
	return c, nil
}

// dialCheckTimeout bounds Dial's first call to the server when the context
// sets no deadline of its own.
const dialCheckTimeout = 10 * time.Second

// Close closes the connection. Calls in flight fail.
func (c *Client) Close() error { return c.conn.Close() }

// Namespace is the namespace the client addresses.
func (c *Client) Namespace() string { return c.namespace }

// Identity is the identity the client reports to the server.
func (c *Client) Identity() string { return c.identity }

// DataConverter is the converter the client encodes and decodes values with.
func (c *Client) DataConverter() converter.DataConverter { return c.dc }

// FailureConverter is the converter the client turns errors and failures
// into each other with.
func (c *Client) FailureConverter() temporal.FailureConverter { return c.fc }

// Logger is the logger the client writes to; workers built on the client
// default to it.
func (c *Client) Logger() *slog.Logger { return c.logger }

// MetricsHandler is the handler the client reports its requests to, and
// workers built on it their metrics unless they set their own; nil when
// Options.MetricsHandler was not set.
func (c *Client) MetricsHandler() metrics.Handler { return c.metrics }

// ServerCapabilities are the capabilities the server reported at Dial.
func (c *Client) ServerCapabilities() *workflowservice.GetSystemInfoResponse_Capabilities {
	return c.capabilities
}

// WorkflowService is the raw gRPC client, for calls the typed API does not
// cover. Calls through it get the client's headers and retries.
func (c *Client) WorkflowService() workflowservice.WorkflowServiceClient { return c.service }

func (o Options) withDefaults() (Options, error) {
	if o.HostPort == "" {
		o.HostPort = DefaultHostPort
	}
	if scheme, endpoint := splitTarget(o.HostPort); scheme == "" || scheme == "dns" || scheme == "passthrough" {
		if _, _, err := net.SplitHostPort(endpoint); err != nil {
			return o, fmt.Errorf("client: Options.HostPort %q is not host:port (it comes from TEMPORAL_ADDRESS, or address in the profile, when loaded): write one such as localhost:7233 or dns:///frontend.example.com:7233: %w", o.HostPort, err)
		}
	}
	if o.APIKey != "" && !printableHeaderValue(o.APIKey) {
		return o, errors.New("client: Options.APIKey (TEMPORAL_API_KEY, api_key in the profile) holds a character gRPC cannot send, such as a trailing newline; remove it")
	}
	for k, v := range o.Headers {
		if !validHeaderName(strings.ToLower(k)) {
			return o, fmt.Errorf("client: Options.Headers key %q (TEMPORAL_GRPC_META_*, grpc_meta) is not a valid gRPC header name; use letters, digits, '_', '-' and '.'", k)
		}
		if !strings.HasSuffix(strings.ToLower(k), "-bin") && !printableHeaderValue(v) {
			return o, fmt.Errorf("client: the value of Options.Headers[%q] (TEMPORAL_GRPC_META_*, grpc_meta) holds a character gRPC cannot send, such as a trailing newline; remove it", k)
		}
	}
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	if o.Identity == "" {
		host, _ := os.Hostname()
		o.Identity = fmt.Sprintf("%d@%s", os.Getpid(), host)
	}
	if o.DataConverter == nil {
		o.DataConverter = converter.Default()
	}
	if o.FailureConverter == nil {
		// Not with o.DataConverter: like the official SDK's default, error
		// details skip its codecs, so official clients on their defaults
		// read them.
		o.FailureConverter = temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{})
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Keepalive.Time == 0 {
		o.Keepalive.Time = 30 * time.Second
	}
	if o.Keepalive.Timeout == 0 {
		o.Keepalive.Timeout = 15 * time.Second
	}
	if o.Keepalive.Timeout < 0 {
		return o, fmt.Errorf("client: Options.Keepalive.Timeout is negative (%v)", o.Keepalive.Timeout)
	}
	for i, ic := range o.Interceptors {
		if ic == nil {
			return o, fmt.Errorf("client: Options.Interceptors[%d] is nil", i)
		}
	}
	return o, nil
}

// headersInterceptor adds the headers every call carries: SDK identity, the
// namespace for routing, the API key, and the caller's own.
func headersInterceptor(opts Options) grpc.UnaryClientInterceptor {
	pairs := []string{
		"client-name", Name,
		"client-version", Version,
		"temporal-namespace", opts.Namespace,
		// Without this the server disguises a failed or timed-out run that
		// is retried as continued-as-new, hiding that run's own outcome.
		"supported-features", "follows-next-run-id",
	}
	ownAuthorization := false
	for k, v := range opts.Headers {
		pairs = append(pairs, k, v)
		ownAuthorization = ownAuthorization || strings.EqualFold(k, "authorization")
	}
	if opts.APIKey != "" && !ownAuthorization {
		// An authorization header of one's own wins, as in the official
		// SDK: the server would see two otherwise.
		pairs = append(pairs, "authorization", "Bearer "+opts.APIKey)
	}
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, callOpts ...grpc.CallOption) error {
		return invoker(metadata.AppendToOutgoingContext(ctx, pairs...), method, req, reply, cc, callOpts...)
	}
}

// splitTarget splits a gRPC target "scheme:///endpoint" (or
// "scheme://authority/endpoint"); a plain host:port has no scheme.
func splitTarget(target string) (scheme, endpoint string) {
	scheme, rest, ok := strings.Cut(target, "://")
	if !ok || scheme == "" || strings.ContainsAny(scheme, ":/[") {
		return "", target
	}
	_, endpoint, _ = strings.Cut(rest, "/")
	return scheme, endpoint
}

// printableHeaderValue reports whether gRPC sends v as a header value.
func printableHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return false
		}
	}
	return true
}

package client

import (
	"crypto/tls"
	"log/slog"
	"time"

	"google.golang.org/grpc"

	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/metrics"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Defaults applied by [Dial] to zero-valued [Options] fields.
const (
	DefaultHostPort  = "localhost:7233"
	DefaultNamespace = "default"
)

// Options configure a [Client]. The zero value connects to a local dev server
// on localhost:7233, namespace "default", without TLS.
type Options struct {
	// HostPort is the frontend address as host:port. Empty means
	// localhost:7233.
	HostPort string
	// Namespace is the namespace every call addresses. Empty means "default".
	Namespace string
	// Identity names this process in workflow histories and the Temporal UI.
	// Empty means "<pid>@<hostname>".
	Identity string

	// TLS configures transport security. Nil means plaintext, unless APIKey
	// is set, which turns TLS on with the system's roots.
	TLS *TLSOptions
	// APIKey is sent as a bearer token with every call (Temporal Cloud API
	// keys), unless Headers carries an authorization header of its own.
	APIKey string
	// Headers are gRPC metadata sent with every call.
	Headers map[string]string
	// Authority overrides the :authority pseudo-header (the virtual host),
	// for servers behind a proxy that routes on it. When TLS.ServerName is
	// empty it is also the name checked against the server's certificate.
	// Empty means HostPort. Temporal's config calls it authority
	// (TEMPORAL_CLIENT_AUTHORITY).
	Authority string

	// DataConverter converts values to payloads. Nil means
	// converter.Default().
	DataConverter converter.DataConverter
	// FailureConverter converts errors to Temporal failures and back. Nil
	// means temporal.NewDefaultFailureConverter with its defaults, as in the
	// official Go SDK: error details are written with converter.Default(),
	// not DataConverter, so they skip its codecs and official clients on
	// their defaults read them. To send them through the codecs, set
	// DefaultFailureConverterOptions.DataConverter to DataConverter (see
	// "Failures and codecs" in package temporal).
	FailureConverter temporal.FailureConverter

	// Logger receives the client's logs, and those of workers built on
	// the client unless they set their own. Nil means slog.Default(), so a
	// new program shows what goes wrong; slog.New(slog.DiscardHandler)
	// silences it.
	Logger *slog.Logger
	// Interceptors wrap the client's workflow and activity operations and
	// CreateSchedule (the methods of OutboundInterceptor), outermost
	// first. Reading a history, the schedule handle's operations and
	// ListSchedules go straight to the server, as with the official SDK.
	Interceptors []Interceptor

	// Keepalive pings an idle connection so load balancers do not drop it.
	// Zero fields mean 30s between pings and 15s to wait for the answer.
	Keepalive KeepaliveOptions
	// DialOptions are appended to the gRPC dial options the client builds,
	// so they override its choices: 128 MiB messages, keepalive, and fixed
	// 16 MiB flow-control windows (grpc.WithStaticStreamWindowSize and
	// grpc.WithStaticConnWindowSize set others).
	DialOptions []grpc.DialOption
	// DisableRetries turns off the retrying of transient gRPC failures.
	DisableRetries bool
	// MetricsHandler receives the client's request metrics, named as the
	// official SDKs name them (temporal_request, temporal_long_request,
	// their _failure and _latency), each attempt counted; workers built
	// on the client report to it too unless they set their own. Nil
	// records none.
	MetricsHandler metrics.Handler
}

// TLSOptions configure transport security. Paths and inline data are
// alternatives: set at most one of each pair.
type TLSOptions struct {
	// ServerCACertPath / ServerCACertData hold the PEM CA certificates that
	// sign the server's certificate. Empty means the system's roots.
	ServerCACertPath string
	ServerCACertData []byte
	// ClientCertPath / ClientCertData and ClientKeyPath / ClientKeyData hold
	// the PEM client certificate and key for mutual TLS.
	ClientCertPath string
	ClientCertData []byte
	ClientKeyPath  string
	ClientKeyData  []byte
	// ServerName overrides the name checked against the server's
	// certificate. Empty means the host of HostPort.
	ServerName string
	// DisableHostVerification skips checking the server's certificate. Only
	// for tests.
	DisableHostVerification bool
	// Disabled turns TLS off even when APIKey is set, for a plaintext server
	// such as a local proxy. The other fields are then ignored; setting
	// Config as well is an error. Temporal's config calls it tls.disabled
	// (TEMPORAL_TLS=false).
	Disabled bool
	// Config, when set, is used as is and every other field is ignored.
	Config *tls.Config
}

// KeepaliveOptions tune gRPC keepalive pings.
type KeepaliveOptions struct {
	// Time between pings on an idle connection. Zero means 30s; negative
	// turns keepalive off.
	Time time.Duration
	// Timeout for a ping's answer before the connection is closed. Zero
	// means 15s.
	Timeout time.Duration
}

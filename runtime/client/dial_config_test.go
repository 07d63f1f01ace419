package client_test

// Connection settings (config, TLS, Dial) as a Temporal user expects them
// from the official SDK and the CLI, or from this package's documentation.

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// The official SDK and the Temporal CLI accept a gRPC target with a
// resolver scheme as the address ("dns:///host:port" re-resolves DNS and
// round-robins, the documented way to reach several frontends), so
// TEMPORAL_ADDRESS=dns:///... works for them. Dial refuses it as "not
// host:port".
func TestDialAcceptsAResolverSchemeAddress(t *testing.T) {
	for _, scheme := range []string{"dns:///", "passthrough:///"} {
		addr := scheme + server.Address()
		ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
		c, err := client.Dial(ctx, client.Options{HostPort: addr, Namespace: server.Namespace()})
		cancel()
		if err != nil {
			t.Errorf("Dial(HostPort %q): %v", addr, err)
			continue
		}
		_ = c.Close()
	}
}

// An API key with a trailing newline (a Kubernetes secret file read into
// TEMPORAL_API_KEY) or a header name gRPC refuses is a mistake in the
// options, found before any byte reaches the server. Dial reports it as
// "cannot reach the Temporal server ... code = Internal", naming neither the
// field nor the variable and not saying what to do.
func TestDialNamesBadAPIKeyAndHeaderValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts client.Options
		want []string // any one of them
	}{
		{"API key with trailing newline", client.Options{APIKey: "s3cr3t-key\n"}, []string{"APIKey", "TEMPORAL_API_KEY"}},
		{"header name with a space", client.Options{Headers: map[string]string{"my header": "v"}}, []string{"Headers", "TEMPORAL_GRPC_META", "grpc_meta"}},
		{"header value with a newline", client.Options{Headers: map[string]string{"x-team": "payments\n"}}, []string{"Headers", "TEMPORAL_GRPC_META", "grpc_meta"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.HostPort = server.Address()
			tc.opts.Namespace = server.Namespace()
			tc.opts.TLS = &client.TLSOptions{Disabled: true}
			c, err := client.Dial(t.Context(), tc.opts)
			if err == nil {
				_ = c.Close()
				t.Fatal("Dial succeeded")
			}
			if strings.Contains(err.Error(), "cannot reach the Temporal server") {
				t.Errorf("a bad option is reported as an unreachable server:\n%v", err)
			}
			named := false
			for _, w := range tc.want {
				named = named || strings.Contains(err.Error(), w)
			}
			if !named {
				t.Errorf("error names none of %q:\n%v", tc.want, err)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error prints the API key:\n%v", err)
			}
		})
	}
}

// A value written without quotes is a TOML syntax error; the parser's
// message quotes what it found, so LoadOptions prints (a prefix of) the API
// key it was meant to keep secret.
func TestConfigSyntaxErrorDoesNotPrintTheSecret(t *testing.T) {
	for _, content := range []string{
		"[profile.default]\napi_key = abcSECRET123xyz\n",
		"[profile.default.tls]\nclient_key_data = MIIEvQIBADANBgkqSECRET\n",
	} {
		file := writeFile(t, t.TempDir(), "temporal.toml", content)
		_, err := client.LoadOptions(fakeEnv{}.request(client.LoadOptionsRequest{ConfigFile: file}))
		if err == nil {
			t.Fatalf("LoadOptions accepted %q", content)
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the error prints the secret value:\n%v", err)
		}
	}
}

// grpc_meta must be a table. Written as a string or an array (a natural
// slip: grpc_meta = "authorization=Bearer ...") it is dropped without a
// word, so the headers, perhaps the credentials, are silently not sent,
// although LoadOptions documents that mistakes are errors rather than
// silently dropped settings.
func TestGRPCMetaThatIsNotATableIsAnError(t *testing.T) {
	for _, content := range []string{
		"[profile.default]\ngrpc_meta = \"authorization=Bearer x\"\n",
		"[profile.default]\ngrpc_meta = [\"authorization: Bearer x\"]\n",
		"[profile.default]\ngrpc_meta = 5\n",
	} {
		file := writeFile(t, t.TempDir(), "temporal.toml", content)
		opts, err := client.LoadOptions(fakeEnv{}.request(client.LoadOptionsRequest{ConfigFile: file}))
		if err == nil {
			t.Errorf("LoadOptions(%q) = Headers %v, nil error; want an error naming grpc_meta", content, opts.Headers)
		} else if !strings.Contains(err.Error(), "grpc_meta") {
			t.Errorf("LoadOptions(%q): error does not name grpc_meta: %v", content, err)
		}
	}
}

// A Dial that ends with the caller's context says so to errors.Is, as
// every other call of the client does (TestCallsEndedByTheContextMatchItsError),
// and does not blame the server.
func TestDialEndedByTheContextMatchesItsError(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := client.Dial(ctx, client.Options{HostPort: server.Address(), Namespace: server.Namespace()})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Dial with a canceled context: %v: errors.Is(err, context.Canceled) is false", err)
	}

	// A server that accepts the connection and never answers.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	ctx, cancel = context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	_, err = client.Dial(ctx, client.Options{HostPort: l.Addr().String()})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Dial past the caller's deadline: %v: errors.Is(err, context.DeadlineExceeded) is false", err)
	}
}

// The official SDK treats Unimplemented from GetSystemInfo as a server
// without capabilities (older servers, proxies that forward only the
// calls they know) and connects; Dial fails.
func TestDialToleratesUnimplementedGetSystemInfo(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer() // no services: every method is Unimplemented
	go func() { _ = s.Serve(l) }()
	defer s.Stop()
	c, err := client.Dial(t.Context(), client.Options{HostPort: l.Addr().String()})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	_ = c.Close()
}

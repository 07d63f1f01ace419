package client

import (
	"bufio"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testCA is a certificate authority made up for one test.
type testCA struct {
	cert *x509.Certificate
	key  crypto.Signer
	pem  []byte
}

// leafSpec describes a certificate for testCA.issue.
type leafSpec struct {
	commonName string
	dnsNames   []string
	ips        []net.IP
	client     bool
	notBefore  time.Time // zero means an hour ago
	notAfter   time.Time // zero means in a day
	key        crypto.Signer
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &testCA{cert: cert, key: key, pem: pemEncode("CERTIFICATE", der)}
}

// issue returns a PEM certificate and PEM PKCS #8 key signed by the CA.
func (ca *testCA) issue(t *testing.T, spec leafSpec) (certPEM, keyPEM []byte) {
	t.Helper()
	key := spec.key
	if key == nil {
		key = newKey(t)
	}
	usage := x509.ExtKeyUsageServerAuth
	if spec.client {
		usage = x509.ExtKeyUsageClientAuth
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: spec.commonName},
		DNSNames:              spec.dnsNames,
		IPAddresses:           spec.ips,
		NotBefore:             spec.notBefore,
		NotAfter:              spec.notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{usage},
		BasicConstraintsValid: true,
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = time.Now().Add(-time.Hour)
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = time.Now().Add(24 * time.Hour)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemEncode("CERTIFICATE", der), pemEncode("PRIVATE KEY", keyDER)
}

func newKey(t *testing.T) crypto.Signer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func serial(t *testing.T) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func pemEncode(blockType string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
}

func writeTemp(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBuildTLSConfigChoosesPlaintextOrTLS(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		// want is nil for plaintext.
		want *tls.Config
	}{
		{"no TLS and no API key is plaintext", Options{}, nil},
		{"an API key alone turns TLS on with the system roots", Options{APIKey: "k"},
			&tls.Config{MinVersion: tls.VersionTLS12, ServerName: "localhost"}},
		{"Disabled keeps an API key in plaintext", Options{APIKey: "k", TLS: &TLSOptions{Disabled: true, ServerName: "ignored"}}, nil},
		{"an empty TLSOptions turns TLS on", Options{HostPort: "temporal.example:7233", TLS: &TLSOptions{}},
			&tls.Config{MinVersion: tls.VersionTLS12, ServerName: "temporal.example"}},
		{"server name from an IPv6 HostPort", Options{HostPort: "[::1]:7233", TLS: &TLSOptions{}},
			&tls.Config{MinVersion: tls.VersionTLS12, ServerName: "::1"}},
		{"server name from a HostPort without port", Options{HostPort: "temporal.example", TLS: &TLSOptions{}},
			&tls.Config{MinVersion: tls.VersionTLS12, ServerName: "temporal.example"}},
		{"server name from Authority before HostPort", Options{HostPort: "10.0.0.1:7233", Authority: "frontend.example:443", TLS: &TLSOptions{}},
			&tls.Config{MinVersion: tls.VersionTLS12, ServerName: "frontend.example"}},
		{"ServerName wins", Options{HostPort: "10.0.0.1:7233", Authority: "frontend.example", TLS: &TLSOptions{ServerName: "override.example"}},
			&tls.Config{MinVersion: tls.VersionTLS12, ServerName: "override.example"}},
		{"DisableHostVerification skips verification", Options{TLS: &TLSOptions{DisableHostVerification: true}},
			&tls.Config{MinVersion: tls.VersionTLS12, ServerName: "localhost", InsecureSkipVerify: true}},
		{"Config is used as is", Options{HostPort: "ignored:7233", TLS: &TLSOptions{ServerName: "ignored", Config: &tls.Config{ServerName: "mine", MinVersion: tls.VersionTLS13}}},
			&tls.Config{ServerName: "mine", MinVersion: tls.VersionTLS13}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := buildTLSConfig(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.want == nil && got != nil:
				t.Fatalf("buildTLSConfig = %+v, want nil (plaintext)", got)
			case tc.want == nil:
				return
			case got == nil:
				t.Fatal("buildTLSConfig = nil (plaintext), want TLS")
			}
			if got.MinVersion != tc.want.MinVersion || got.ServerName != tc.want.ServerName || got.InsecureSkipVerify != tc.want.InsecureSkipVerify {
				t.Errorf("MinVersion, ServerName, InsecureSkipVerify = %#x, %q, %v; want %#x, %q, %v",
					got.MinVersion, got.ServerName, got.InsecureSkipVerify, tc.want.MinVersion, tc.want.ServerName, tc.want.InsecureSkipVerify)
			}
			if got.RootCAs != nil || len(got.Certificates) != 0 {
				t.Errorf("RootCAs = %v, %d certificates; want the system roots and no client certificate", got.RootCAs, len(got.Certificates))
			}
			if tc.opts.TLS != nil && got == tc.opts.TLS.Config {
				t.Error("buildTLSConfig returned the caller's Config itself, want a clone")
			}
		})
	}
}

func TestLoadedOptionsWithAPIKeyDialWithTLS(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		wantTLS bool
	}{
		{"API key from the environment", map[string]string{"TEMPORAL_API_KEY": "k"}, true},
		{"API key with TEMPORAL_TLS=false", map[string]string{"TEMPORAL_API_KEY": "k", "TEMPORAL_TLS": "false"}, false},
		{"no API key", map[string]string{"TEMPORAL_ADDRESS": "a:7233"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := LoadOptions(LoadOptionsRequest{
				DisableFile: true,
				LookupEnv:   func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok },
				Environ:     func() []string { return nil },
			})
			if err != nil {
				t.Fatal(err)
			}
			conf, err := buildTLSConfig(opts)
			if err != nil {
				t.Fatal(err)
			}
			if gotTLS := conf != nil; gotTLS != tc.wantTLS {
				t.Errorf("TLS on = %v, want %v (options %+v)", gotTLS, tc.wantTLS, opts)
			}
		})
	}
}

func TestBuildTLSConfigReadsPathsAndDataAlike(t *testing.T) {
	ca := newTestCA(t, "Test CA")
	certPEM, keyPEM := ca.issue(t, leafSpec{commonName: "client", client: true})
	dir := t.TempDir()
	fromPaths := &TLSOptions{
		ServerCACertPath: writeTemp(t, dir, "ca.pem", ca.pem),
		ClientCertPath:   writeTemp(t, dir, "client.pem", certPEM),
		ClientKeyPath:    writeTemp(t, dir, "client.key", keyPEM),
	}
	fromData := &TLSOptions{ServerCACertData: ca.pem, ClientCertData: certPEM, ClientKeyData: keyPEM}
	wantRoots := x509.NewCertPool()
	wantRoots.AddCert(ca.cert)
	for name, t1 := range map[string]*TLSOptions{"paths": fromPaths, "data": fromData} {
		conf, err := buildTLSConfig(Options{TLS: t1})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !conf.RootCAs.Equal(wantRoots) {
			t.Errorf("%s: RootCAs do not hold exactly the test CA", name)
		}
		if len(conf.Certificates) != 1 || conf.Certificates[0].Leaf == nil || conf.Certificates[0].Leaf.Subject.CommonName != "client" {
			t.Errorf("%s: Certificates = %+v, want the client certificate", name, conf.Certificates)
		}
	}
}

func TestBuildTLSConfigErrorsSayWhatWhereAndWhatToDo(t *testing.T) {
	dir := t.TempDir()
	ca := newTestCA(t, "Test CA")
	certPEM, keyPEM := ca.issue(t, leafSpec{commonName: "client", client: true})
	_, otherKeyPEM := ca.issue(t, leafSpec{commonName: "other", client: true})
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edKeyDER, err := x509.MarshalPKCS8PrivateKey(edKey)
	if err != nil {
		t.Fatal(err)
	}
	expiredPEM, expiredKeyPEM := ca.issue(t, leafSpec{commonName: "expired", client: true,
		notBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), notAfter: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	futurePEM, futureKeyPEM := ca.issue(t, leafSpec{commonName: "future", client: true,
		notBefore: time.Now().Add(240 * time.Hour), notAfter: time.Now().Add(480 * time.Hour)})
	serverPEM, _ := ca.issue(t, leafSpec{commonName: "server", dnsNames: []string{"localhost"}})
	missing := filepath.Join(dir, "missing.pem")
	certPath := writeTemp(t, dir, "client.pem", certPEM)
	keyPath := writeTemp(t, dir, "client.key", keyPEM)
	keyBlock, _ := pem.Decode(keyPEM)

	for _, tc := range []struct {
		name   string
		tls    TLSOptions
		want   []string
		target error
	}{
		{"missing client certificate file", TLSOptions{ClientCertPath: missing, ClientKeyPath: keyPath},
			[]string{`TLS client certificate file "` + missing + `" from TLSOptions.ClientCertPath (TEMPORAL_TLS_CLIENT_CERT_PATH, tls.client_cert_path) does not exist; fix the path`}, fs.ErrNotExist},
		{"missing client key file", TLSOptions{ClientCertPath: certPath, ClientKeyPath: missing},
			[]string{`TLS client key file "` + missing + `" from TLSOptions.ClientKeyPath (TEMPORAL_TLS_CLIENT_KEY_PATH, tls.client_key_path) does not exist`}, fs.ErrNotExist},
		{"missing CA file", TLSOptions{ServerCACertPath: missing},
			[]string{`TLS server CA certificate file "` + missing + `" from TLSOptions.ServerCACertPath (TEMPORAL_TLS_SERVER_CA_CERT_PATH, tls.server_ca_cert_path) does not exist`}, fs.ErrNotExist},
		{"path and data both set", TLSOptions{ClientCertPath: certPath, ClientCertData: certPEM, ClientKeyData: keyPEM},
			[]string{"TLS client certificate is set twice, by TLSOptions.ClientCertPath (TEMPORAL_TLS_CLIENT_CERT_PATH, tls.client_cert_path) and by TLSOptions.ClientCertData (TEMPORAL_TLS_CLIENT_CERT_DATA, tls.client_cert_data); keep one"}, nil},
		{"CA path and data both set", TLSOptions{ServerCACertPath: certPath, ServerCACertData: ca.pem},
			[]string{"TLSOptions.ServerCACertPath", "TLSOptions.ServerCACertData", "keep one"}, nil},
		{"certificate without key", TLSOptions{ClientCertData: certPEM},
			[]string{"client certificate is set but no client key; set TLSOptions.ClientKeyPath (TEMPORAL_TLS_CLIENT_KEY_PATH, tls.client_key_path) or TLSOptions.ClientKeyData"}, nil},
		{"key without certificate", TLSOptions{ClientKeyPath: keyPath},
			[]string{"client key is set but no client certificate; set TLSOptions.ClientCertPath"}, nil},
		{"key file given as the certificate", TLSOptions{ClientCertPath: keyPath, ClientKeyPath: keyPath},
			[]string{`TLS client certificate file "` + keyPath + `"`, "holds no certificate, only PEM blocks of type PRIVATE KEY; it is a private key: are the certificate and key swapped?"}, nil},
		{"certificate given as the key", TLSOptions{ClientCertData: certPEM, ClientKeyData: certPEM},
			[]string{"TLS client key from TLSOptions.ClientKeyData", "holds no private key, only PEM blocks of type CERTIFICATE; are the certificate and key swapped?"}, nil},
		{"key of another certificate", TLSOptions{ClientCertPath: certPath, ClientKeyData: otherKeyPEM},
			[]string{`TLS client key from TLSOptions.ClientKeyData (TEMPORAL_TLS_CLIENT_KEY_DATA, tls.client_key_data) does not belong to the client certificate for "CN=client" file "` + certPath + `"`, "holds an ECDSA P-256 public key, the key is a different ECDSA P-256 key; use the key the certificate was issued for"}, nil},
		{"key of another algorithm", TLSOptions{ClientCertData: certPEM, ClientKeyData: pemEncode("PRIVATE KEY", edKeyDER)},
			[]string{"does not belong to the client certificate", "the key is an Ed25519 key"}, nil},
		{"expired certificate", TLSOptions{ClientCertData: expiredPEM, ClientKeyData: expiredKeyPEM},
			[]string{`TLS client certificate for "CN=expired" from TLSOptions.ClientCertData (TEMPORAL_TLS_CLIENT_CERT_DATA, tls.client_cert_data) expired at 2021-01-01T00:00:00Z (it was valid from 2020-01-01T00:00:00Z); renew it`}, nil},
		{"certificate not valid yet", TLSOptions{ClientCertData: futurePEM, ClientKeyData: futureKeyPEM},
			[]string{`TLS client certificate for "CN=future" from TLSOptions.ClientCertData`, "is not valid yet: it is valid from ", "check this machine's clock"}, nil},
		{"CA file holding a leaf certificate", TLSOptions{ServerCACertData: serverPEM},
			[]string{`TLS server CA certificate from TLSOptions.ServerCACertData (TEMPORAL_TLS_SERVER_CA_CERT_DATA, tls.server_ca_cert_data) holds no CA certificate, only "CN=server" issued by "CN=Test CA"; point it at the CA that issued the server's certificate`}, nil},
		{"text that is not PEM", TLSOptions{ServerCACertPath: writeTemp(t, dir, "garbage.pem", []byte("hello, I am not a certificate\n"))},
			[]string{"garbage.pem", "is not PEM", "BEGIN"}, nil},
		{"truncated PEM", TLSOptions{ServerCACertData: ca.pem[:len(ca.pem)/2]},
			[]string{"is not PEM", "check that the file is whole"}, nil},
		{"binary DER", TLSOptions{ServerCACertData: ca.cert.Raw},
			[]string{"is binary DER, not PEM; convert it"}, nil},
		{"empty file", TLSOptions{ClientCertPath: writeTemp(t, dir, "empty.pem", nil), ClientKeyPath: keyPath},
			[]string{"empty.pem", "is empty"}, nil},
		{"certificate block that does not parse", TLSOptions{ServerCACertData: pemEncode("CERTIFICATE", []byte("not DER"))},
			[]string{"certificate 1 cannot be parsed"}, nil},
		{"key block that does not parse", TLSOptions{ClientCertData: certPEM, ClientKeyData: pemEncode("EC PRIVATE KEY", []byte("not DER"))},
			[]string{"the EC PRIVATE KEY block cannot be parsed as PKCS #8, PKCS #1 or SEC 1"}, nil},
		{"encrypted key", TLSOptions{ClientCertData: certPEM, ClientKeyData: pemEncode("ENCRYPTED PRIVATE KEY", keyBlock.Bytes)},
			[]string{"is encrypted, and TLS needs it in the clear; decrypt it"}, nil},
		{"Disabled with Config", TLSOptions{Disabled: true, Config: &tls.Config{}},
			[]string{"TLSOptions.Disabled and TLSOptions.Config are both set"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conf, err := buildTLSConfig(Options{TLS: &tc.tls})
			if err == nil {
				t.Fatalf("buildTLSConfig = %v, want an error containing %q", conf, tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
			if tc.target != nil && !errors.Is(err, tc.target) {
				t.Errorf("error %q does not wrap %v", err, tc.target)
			}
		})
	}
}

// startMutualTLSServer listens on loopback, requires a client certificate
// signed by ca, and answers each verified client with its common name.
func startMutualTLSServer(t *testing.T, ca *testCA, certPEM, keyPEM []byte) string {
	t.Helper()
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	clientCAs := x509.NewCertPool()
	clientCAs.AddCert(ca.cert)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{pair},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    clientCAs,
		MinVersion:   tls.VersionTLS12,
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return // the listener was closed
			}
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			tlsConn := conn.(*tls.Conn)
			if tlsConn.Handshake() == nil {
				_, _ = tlsConn.Write([]byte(tlsConn.ConnectionState().PeerCertificates[0].Subject.CommonName + "\n"))
			}
			_ = conn.Close()
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

func TestMutualTLSHandshakeOnLoopback(t *testing.T) {
	dir := t.TempDir()
	ca := newTestCA(t, "Test CA")
	other := newTestCA(t, "Other CA")
	serverCert, serverKey := ca.issue(t, leafSpec{commonName: "server", dnsNames: []string{"localhost"}, ips: []net.IP{net.IPv4(127, 0, 0, 1)}})
	clientCert, clientKey := ca.issue(t, leafSpec{commonName: "client", client: true})
	addr := startMutualTLSServer(t, ca, serverCert, serverKey)
	caPath := writeTemp(t, dir, "ca.pem", ca.pem)
	otherCAPath := writeTemp(t, dir, "other-ca.pem", other.pem)
	certPath := writeTemp(t, dir, "client.pem", clientCert)
	keyPath := writeTemp(t, dir, "client.key", clientKey)

	for _, tc := range []struct {
		name string
		opts Options
		// check judges the outcome: the server's answer, or the error of
		// the handshake or of reading the answer.
		check func(t *testing.T, answer string, err error)
	}{
		{"mutual TLS succeeds, verifying the server's IP", Options{HostPort: addr, TLS: &TLSOptions{ServerCACertPath: caPath, ClientCertPath: certPath, ClientKeyPath: keyPath}},
			func(t *testing.T, answer string, err error) {
				if err != nil || answer != "client" {
					t.Errorf("answer %q, err %v; want the server to have verified %q", answer, err, "client")
				}
			}},
		{"mutual TLS succeeds, verifying the server's DNS name", Options{HostPort: addr, Authority: "localhost", TLS: &TLSOptions{ServerCACertData: ca.pem, ClientCertData: clientCert, ClientKeyData: clientKey}},
			func(t *testing.T, answer string, err error) {
				if err != nil || answer != "client" {
					t.Errorf("answer %q, err %v; want the server to have verified %q", answer, err, "client")
				}
			}},
		{"a server outside the CA file is refused", Options{HostPort: addr, TLS: &TLSOptions{ServerCACertPath: otherCAPath, ClientCertPath: certPath, ClientKeyPath: keyPath}},
			func(t *testing.T, _ string, err error) {
				var unknown x509.UnknownAuthorityError
				var verify *tls.CertificateVerificationError
				if !errors.As(err, &verify) || !errors.As(err, &unknown) || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
					t.Errorf("err = %v; want a certificate verification error naming an unknown authority", err)
				}
			}},
		{"a server certificate for another name is refused", Options{HostPort: addr, TLS: &TLSOptions{ServerCACertPath: caPath, ServerName: "elsewhere.example", ClientCertPath: certPath, ClientKeyPath: keyPath}},
			func(t *testing.T, _ string, err error) {
				var hostname x509.HostnameError
				if !errors.As(err, &hostname) {
					t.Errorf("err = %v; want a hostname mismatch", err)
				}
			}},
		{"the server refuses a client without a certificate", Options{HostPort: addr, TLS: &TLSOptions{ServerCACertPath: caPath}},
			func(t *testing.T, _ string, err error) {
				if err == nil || !strings.Contains(err.Error(), "certificate required") {
					t.Errorf("err = %v; want the server to require a client certificate", err)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conf, err := buildTLSConfig(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			dialer := &tls.Dialer{NetDialer: &net.Dialer{Timeout: 5 * time.Second}, Config: conf}
			conn, err := dialer.DialContext(t.Context(), "tcp", addr)
			var answer string
			if err == nil {
				_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
				// TLS 1.3 clients finish the handshake before the server has
				// checked their certificate; the answer shows it did.
				answer, err = bufio.NewReader(conn).ReadString('\n')
				answer = strings.TrimSuffix(answer, "\n")
				_ = conn.Close()
			}
			tc.check(t, answer, err)
		})
	}
}

package client

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"time"
)

// buildTLSConfig returns the TLS configuration for dialing with opts, or nil
// for plaintext. It reads and checks the certificate files, so a wrong file
// fails here with its name rather than later as a handshake error.
func buildTLSConfig(opts Options) (*tls.Config, error) {
	t := opts.TLS
	switch {
	case t == nil && opts.APIKey == "":
		return nil, nil
	case t == nil:
		// An API key is a bearer secret; it must not travel in plaintext.
		t = &TLSOptions{}
	case t.Disabled && t.Config != nil:
		return nil, errors.New("client: TLSOptions.Disabled and TLSOptions.Config are both set; clear Disabled to use Config, or clear Config for plaintext")
	case t.Disabled:
		return nil, nil
	case t.Config != nil:
		return t.Config.Clone(), nil
	}

	conf := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		ServerName:         t.ServerName,
		InsecureSkipVerify: t.DisableHostVerification,
	}
	if conf.ServerName == "" {
		conf.ServerName = defaultServerName(opts)
	}

	ca := pemInput{what: "server CA certificate", field: "ServerCACert", env: "TEMPORAL_TLS_SERVER_CA_CERT", key: "server_ca_cert", path: t.ServerCACertPath, data: t.ServerCACertData}
	if ca.isSet() {
		pool, err := loadServerCAs(ca)
		if err != nil {
			return nil, err
		}
		conf.RootCAs = pool
	}

	cert := pemInput{what: "client certificate", field: "ClientCert", env: "TEMPORAL_TLS_CLIENT_CERT", key: "client_cert", path: t.ClientCertPath, data: t.ClientCertData}
	key := pemInput{what: "client key", field: "ClientKey", env: "TEMPORAL_TLS_CLIENT_KEY", key: "client_key", path: t.ClientKeyPath, data: t.ClientKeyData}
	switch {
	case cert.isSet() && key.isSet():
		pair, err := loadClientCertificate(cert, key, time.Now())
		if err != nil {
			return nil, err
		}
		conf.Certificates = []tls.Certificate{pair}
	case cert.isSet():
		return nil, fmt.Errorf("client: TLS client certificate is set but no client key; set %s or %s to the certificate's private key", key.pathSource(), key.dataSource())
	case key.isSet():
		return nil, fmt.Errorf("client: TLS client key is set but no client certificate; set %s or %s to the certificate the key belongs to", cert.pathSource(), cert.dataSource())
	}
	return conf, nil
}

// defaultServerName is the name the server's certificate must carry when
// TLSOptions.ServerName is empty: the host gRPC addresses, as in the
// official SDK (Authority when set, else HostPort).
func defaultServerName(opts Options) string {
	addr := opts.Authority
	if addr == "" {
		addr = opts.HostPort
	}
	if addr == "" {
		addr = DefaultHostPort
	}
	_, addr = splitTarget(addr)
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")
}

// pemInput is one PEM input of TLSOptions: a path field and a data field
// that are alternatives, with the variables and file keys that fill them,
// so errors can tell the user where to look.
type pemInput struct {
	what  string // "client certificate"
	field string // "ClientCert": TLSOptions.ClientCertPath and ClientCertData
	env   string // "TEMPORAL_TLS_CLIENT_CERT": _PATH and _DATA
	key   string // "client_cert": tls.client_cert_path and tls.client_cert_data
	path  string
	data  []byte
}

func (in pemInput) isSet() bool { return in.path != "" || len(in.data) > 0 }

func (in pemInput) pathSource() string {
	return fmt.Sprintf("TLSOptions.%sPath (%s_PATH, tls.%s_path)", in.field, in.env, in.key)
}

func (in pemInput) dataSource() string {
	return fmt.Sprintf("TLSOptions.%sData (%s_DATA, tls.%s_data)", in.field, in.env, in.key)
}

// read returns the input's bytes and where they came from, for messages.
func (in pemInput) read() (data []byte, origin string, err error) {
	switch {
	case in.path != "" && len(in.data) > 0:
		return nil, "", fmt.Errorf("client: TLS %s is set twice, by %s and by %s; keep one", in.what, in.pathSource(), in.dataSource())
	case in.path == "":
		return in.data, "from " + in.dataSource(), nil
	}
	origin = fmt.Sprintf("file %q from %s", in.path, in.pathSource())
	data, err = os.ReadFile(in.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, "", fmt.Errorf("client: TLS %s %s does not exist; fix the path (a relative path starts at the working directory): %w", in.what, origin, err)
	case err != nil:
		return nil, "", fmt.Errorf("client: reading TLS %s %s: %w", in.what, origin, err)
	}
	return data, origin, nil
}

// blocks reads the input and splits it into PEM blocks.
func (in pemInput) blocks() (blocks []*pem.Block, origin string, err error) {
	data, origin, err := in.read()
	if err != nil {
		return nil, "", err
	}
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		blocks = append(blocks, b)
	}
	if len(blocks) > 0 {
		return blocks, origin, nil
	}
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return nil, "", fmt.Errorf("client: TLS %s %s is empty; it should hold PEM text", in.what, origin)
	case trimmed[0] == 0x30: // an ASN.1 SEQUENCE: binary DER
		return nil, "", fmt.Errorf("client: TLS %s %s is binary DER, not PEM; convert it, e.g. with openssl x509 -inform der -outform pem (openssl pkey for a key)", in.what, origin)
	}
	return nil, "", fmt.Errorf(`client: TLS %s %s is not PEM: it holds no complete "-----BEGIN ...-----" to "-----END ...-----" block; check that the file is whole and is the right one`, in.what, origin)
}

// certificates parses the CERTIFICATE blocks of the input.
func (in pemInput) certificates() (certs []*x509.Certificate, origin string, err error) {
	blocks, origin, err := in.blocks()
	if err != nil {
		return nil, "", err
	}
	var others []string
	for _, b := range blocks {
		if b.Type != "CERTIFICATE" {
			others = append(others, b.Type)
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, "", fmt.Errorf("client: TLS %s %s: certificate %d cannot be parsed: %w", in.what, origin, len(certs)+1, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		msg := fmt.Sprintf("client: TLS %s %s holds no certificate, only PEM blocks of type %s", in.what, origin, strings.Join(others, ", "))
		if containsKey(others) {
			msg += "; it is a private key: are the certificate and key swapped?"
		}
		return nil, "", errors.New(msg)
	}
	return certs, origin, nil
}

// privateKey parses the first private key block of the input.
func (in pemInput) privateKey() (key crypto.Signer, origin string, err error) {
	blocks, origin, err := in.blocks()
	if err != nil {
		return nil, "", err
	}
	var others []string
	for _, b := range blocks {
		switch {
		case b.Type == "ENCRYPTED PRIVATE KEY" || strings.Contains(b.Headers["Proc-Type"], "ENCRYPTED"):
			return nil, "", fmt.Errorf("client: TLS %s %s is encrypted, and TLS needs it in the clear; decrypt it, e.g. with openssl pkey -in KEY -out PLAIN_KEY", in.what, origin)
		case b.Type == "PRIVATE KEY" || strings.HasSuffix(b.Type, " PRIVATE KEY"):
			key, err := parsePrivateKey(b)
			if err != nil {
				return nil, "", fmt.Errorf("client: TLS %s %s: %w", in.what, origin, err)
			}
			return key, origin, nil
		}
		others = append(others, b.Type)
	}
	msg := fmt.Sprintf("client: TLS %s %s holds no private key, only PEM blocks of type %s", in.what, origin, strings.Join(others, ", "))
	if !containsKey(others) {
		msg += "; are the certificate and key swapped?"
	}
	return nil, "", errors.New(msg)
}

func containsKey(blockTypes []string) bool {
	for _, t := range blockTypes {
		if strings.HasSuffix(t, "PRIVATE KEY") {
			return true
		}
	}
	return false
}

// parsePrivateKey reads the key formats crypto/tls reads, trusting the block
// type first and trying the others after, as some tools mislabel keys.
func parsePrivateKey(b *pem.Block) (crypto.Signer, error) {
	parsers := []func([]byte) (any, error){
		func(der []byte) (any, error) { return x509.ParsePKCS8PrivateKey(der) },
		func(der []byte) (any, error) { return x509.ParsePKCS1PrivateKey(der) },
		func(der []byte) (any, error) { return x509.ParseECPrivateKey(der) },
	}
	switch b.Type {
	case "RSA PRIVATE KEY":
		parsers[0], parsers[1] = parsers[1], parsers[0]
	case "EC PRIVATE KEY":
		parsers[0], parsers[2] = parsers[2], parsers[0]
	}
	var first error
	for _, parse := range parsers {
		key, err := parse(b.Bytes)
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		signer, ok := key.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("a %T cannot sign a TLS handshake; use an RSA, ECDSA or Ed25519 key", key)
		}
		return signer, nil
	}
	return nil, fmt.Errorf("the %s block cannot be parsed as PKCS #8, PKCS #1 or SEC 1: %w", b.Type, first)
}

// loadServerCAs builds the pool that replaces the system's roots. It refuses
// a file with no CA in it: the usual mistake is the server's or the
// client's own certificate, which fails every handshake with a less
// helpful message.
func loadServerCAs(in pemInput) (*x509.CertPool, error) {
	certs, origin, err := in.certificates()
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	anchors := 0
	for _, c := range certs {
		// A self-signed certificate can be pinned even without the CA flag.
		if c.IsCA || isSelfSigned(c) {
			anchors++
		}
		pool.AddCert(c)
	}
	if anchors == 0 {
		var found []string
		for _, c := range certs {
			found = append(found, fmt.Sprintf("%q issued by %q", c.Subject.String(), c.Issuer.String()))
		}
		return nil, fmt.Errorf("client: TLS %s %s holds no CA certificate, only %s; point it at the CA that issued the server's certificate", in.what, origin, strings.Join(found, ", "))
	}
	return pool, nil
}

func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawSubject, c.RawIssuer) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// loadClientCertificate loads the mutual-TLS certificate and checks what the
// server would otherwise reject without saying why: a key from another
// certificate, and a certificate outside its validity window at now.
func loadClientCertificate(certIn, keyIn pemInput, now time.Time) (tls.Certificate, error) {
	certs, certOrigin, err := certIn.certificates()
	if err != nil {
		return tls.Certificate{}, err
	}
	key, keyOrigin, err := keyIn.privateKey()
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf := certs[0]
	if pub, ok := leaf.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(key.Public()) {
		keyKind := "a different " + describeKey(key.Public())
		if describeKey(key.Public()) != describeKey(leaf.PublicKey) {
			keyKind = "an " + describeKey(key.Public())
		}
		return tls.Certificate{}, fmt.Errorf("client: TLS client key %s does not belong to the client certificate for %q %s: the certificate holds an %s public key, the key is %s key; use the key the certificate was issued for",
			keyOrigin, leaf.Subject.String(), certOrigin, describeKey(leaf.PublicKey), keyKind)
	}
	from, until := leaf.NotBefore.UTC().Format(time.RFC3339), leaf.NotAfter.UTC().Format(time.RFC3339)
	switch {
	case now.After(leaf.NotAfter):
		return tls.Certificate{}, fmt.Errorf("client: TLS client certificate for %q %s expired at %s (it was valid from %s); renew it",
			leaf.Subject.String(), certOrigin, until, from)
	case now.Before(leaf.NotBefore):
		return tls.Certificate{}, fmt.Errorf("client: TLS client certificate for %q %s is not valid yet: it is valid from %s to %s, and now is %s; check this machine's clock",
			leaf.Subject.String(), certOrigin, from, until, now.UTC().Format(time.RFC3339))
	}
	pair := tls.Certificate{PrivateKey: key, Leaf: leaf}
	for _, c := range certs {
		pair.Certificate = append(pair.Certificate, c.Raw)
	}
	return pair, nil
}

// describeKey names a public key's algorithm and size, e.g. "ECDSA P-256".
func describeKey(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d-bit", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return fmt.Sprintf("%T", pub)
}

package client

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// DefaultProfile is the profile [LoadOptions] reads when neither
// [LoadOptionsRequest].Profile nor TEMPORAL_PROFILE names one.
const DefaultProfile = "default"

// LoadOptionsRequest says where [LoadOptions] looks. The zero value looks
// where the Temporal CLI looks.
type LoadOptionsRequest struct {
	// ConfigFile is the path of Temporal's TOML config file. Empty means the
	// TEMPORAL_CONFIG_FILE environment variable or, when that is empty too,
	// [DefaultConfigFile]. A file named here or by TEMPORAL_CONFIG_FILE must
	// exist; the default file may be missing.
	ConfigFile string
	// Profile is the profile to read from the file. Empty means the
	// TEMPORAL_PROFILE environment variable or, when that is empty too,
	// [DefaultProfile]. A profile named here or by TEMPORAL_PROFILE must exist
	// in the file; the default profile may be missing.
	Profile string
	// DisableFile skips the config file, so only the environment is read.
	DisableFile bool
	// DisableEnv skips the variables that carry settings (TEMPORAL_ADDRESS and
	// the rest). TEMPORAL_CONFIG_FILE and TEMPORAL_PROFILE are still read to
	// find the file and the profile, as in the official SDKs.
	DisableEnv bool
	// LookupEnv replaces os.LookupEnv for every variable LoadOptions reads,
	// including those that locate [DefaultConfigFile]. Set it together with
	// Environ, or leave both nil for the process environment.
	LookupEnv func(string) (string, bool)
	// Environ replaces os.Environ, in the same "KEY=value" form. It is how
	// TEMPORAL_GRPC_META_* variables, whose names are open-ended, are found.
	// Set it together with LookupEnv, or leave both nil.
	Environ func() []string
}

// FromEnv returns the connection settings of the Temporal CLI's environment:
// the profile named by TEMPORAL_PROFILE in the file named by
// TEMPORAL_CONFIG_FILE (both optional), overridden by TEMPORAL_* variables.
// It is LoadOptions(LoadOptionsRequest{}).
func FromEnv() (Options, error) {
	return LoadOptions(LoadOptionsRequest{})
}

// LoadOptions reads connection settings the way the Temporal CLI and the
// official SDKs read them, so one temporal.toml and one set of TEMPORAL_*
// variables configure them all.
//
// First a profile is read from Temporal's config file: the file is
// req.ConfigFile, else TEMPORAL_CONFIG_FILE, else [DefaultConfigFile]; the
// profile is req.Profile, else TEMPORAL_PROFILE, else "default". Then
// environment variables replace the profile's values one by one. A variable
// that is set replaces the value even when empty (an empty
// TEMPORAL_GRPC_META_<NAME> removes that header), except the boolean ones,
// which treat empty as unset and accept true, false, 1 and 0.
//
// The file holds one table per profile:
//
//	[profile.default]
//	address = "localhost:7233"
//	namespace = "default"
//
//	[profile.prod]
//	address = "my-ns.a1b2c.tmprl.cloud:7233"
//	namespace = "my-ns.a1b2c"
//	api_key = "..."
//	grpc_meta = { my-header = "value" }
//	[profile.prod.tls]
//	server_name = "my-ns.a1b2c.tmprl.cloud"
//
// Each setting has a key in the profile, a variable and a field:
//
//	address                        TEMPORAL_ADDRESS                         HostPort
//	namespace                      TEMPORAL_NAMESPACE                       Namespace
//	api_key                        TEMPORAL_API_KEY                         APIKey
//	authority                      TEMPORAL_CLIENT_AUTHORITY                Authority
//	grpc_meta.<name>               TEMPORAL_GRPC_META_<NAME>                Headers
//	tls.disabled                   TEMPORAL_TLS (true means enabled)        TLS.Disabled
//	tls.client_cert_path, _data    TEMPORAL_TLS_CLIENT_CERT_PATH, _DATA     TLS.ClientCertPath, Data
//	tls.client_key_path, _data     TEMPORAL_TLS_CLIENT_KEY_PATH, _DATA      TLS.ClientKeyPath, Data
//	tls.server_ca_cert_path, _data TEMPORAL_TLS_SERVER_CA_CERT_PATH, _DATA  TLS.ServerCACertPath, Data
//	tls.server_name                TEMPORAL_TLS_SERVER_NAME                 TLS.ServerName
//	tls.disable_host_verification  TEMPORAL_TLS_DISABLE_HOST_VERIFICATION   TLS.DisableHostVerification
//
// Header names are lower-cased and their underscores become hyphens, so
// TEMPORAL_GRPC_META_MY_HEADER sets "my-header". Paths are relative to the
// working directory. A variable that sets one of a path/data pair to a
// non-empty value replaces the file's other half, so certificates can be
// injected through the environment over a file that names paths. The
// Temporal CLI's older names TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY,
// TEMPORAL_TLS_CA and their _DATA forms are read when the names above are
// unset.
//
// TLS is on when the profile has a tls table, when any TEMPORAL_TLS_*
// variable is set, when TEMPORAL_TLS is true, or when there is an API key
// (which must not travel in plaintext); it is off when tls.disabled is true
// or TEMPORAL_TLS is false. The returned TLS is nil when only the API key
// asks for TLS: [Options] documents that an API key alone turns it on.
//
// The codec table (codec.endpoint, codec.auth, TEMPORAL_CODEC_*) configures
// the remote codec server the CLI and UI use; like the official Go SDK by
// default, LoadOptions accepts it and applies nothing: payload codecs are set
// in code through Options.DataConverter.
//
// Settings found nowhere stay zero, so [Dial]'s defaults apply. Certificate
// files are read when the client dials, not here.
//
// Mistakes are errors rather than silently dropped settings: a key of the
// selected profile that is not one of the above (perhaps misspelt), a
// boolean variable that is not a boolean, a named file or profile that does
// not exist, a path and data of the same pair both set by the file or both
// by the environment. Keys of other profiles and tables outside "profile"
// are not checked, since other tools share the file.
func LoadOptions(req LoadOptionsRequest) (Options, error) {
	if req.DisableFile && req.DisableEnv {
		return Options{}, errors.New("client: LoadOptionsRequest has both DisableFile and DisableEnv set, so there is nothing to load; clear one of them, or build Options directly")
	}
	env, err := newEnvironment(req)
	if err != nil {
		return Options{}, err
	}
	var p profileSettings
	if !req.DisableFile {
		if p, err = loadProfile(req, env); err != nil {
			return Options{}, err
		}
	}
	if !req.DisableEnv {
		if err := p.applyEnv(env); err != nil {
			return Options{}, err
		}
	}
	return p.options(), nil
}

// DefaultConfigFile returns the path LoadOptions reads when neither
// [LoadOptionsRequest].ConfigFile nor TEMPORAL_CONFIG_FILE names a file:
// temporalio/temporal.toml in the user's configuration directory (see
// [os.UserConfigDir]), as in every Temporal tool. It returns "" when the
// user has no configuration directory.
func DefaultConfigFile() string {
	return defaultConfigFile(os.LookupEnv)
}

// environment is where LoadOptions reads variables from.
type environment struct {
	lookup  func(string) (string, bool)
	environ func() []string
}

func newEnvironment(req LoadOptionsRequest) (environment, error) {
	switch {
	case req.LookupEnv == nil && req.Environ == nil:
		return environment{lookup: os.LookupEnv, environ: os.Environ}, nil
	case req.LookupEnv == nil || req.Environ == nil:
		return environment{}, errors.New("client: LoadOptionsRequest sets only one of LookupEnv and Environ; set both, so that TEMPORAL_GRPC_META_* variables come from the same environment as the others, or neither for the process environment")
	}
	return environment{lookup: req.LookupEnv, environ: req.Environ}, nil
}

// nonEmpty returns the variable's value, treating set-but-empty as unset,
// as Temporal does for TEMPORAL_CONFIG_FILE and TEMPORAL_PROFILE.
func (e environment) nonEmpty(name string) string {
	v, _ := e.lookup(name)
	return v
}

// defaultConfigFile follows os.UserConfigDir, reading variables through
// lookup so that an injected environment also decides the default path.
func defaultConfigFile(lookup func(string) (string, bool)) string {
	get := func(name string) string { v, _ := lookup(name); return v }
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = get("AppData")
	case "darwin", "ios":
		if home := get("HOME"); home != "" {
			dir = home + "/Library/Application Support"
		}
	case "plan9":
		if home := get("home"); home != "" {
			dir = home + "/lib"
		}
	default:
		dir = get("XDG_CONFIG_HOME")
		if dir == "" {
			if home := get("HOME"); home != "" {
				dir = home + "/.config"
			}
		} else if !filepath.IsAbs(dir) {
			dir = ""
		}
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "temporalio", "temporal.toml")
}

// profileSettings is one profile of the config file, and the merged result
// once the environment is applied. The tags are the file's keys.
type profileSettings struct {
	Address   string            `toml:"address"`
	Namespace string            `toml:"namespace"`
	APIKey    string            `toml:"api_key"`
	Authority string            `toml:"authority"`
	TLS       *tlsTable         `toml:"tls"`
	Codec     *codecTable       `toml:"codec"`
	GRPCMeta  map[string]string `toml:"grpc_meta"`
}

// tlsTable is a profile's [tls] table.
type tlsTable struct {
	Disabled                bool   `toml:"disabled"`
	ClientCertPath          string `toml:"client_cert_path"`
	ClientCertData          string `toml:"client_cert_data"`
	ClientKeyPath           string `toml:"client_key_path"`
	ClientKeyData           string `toml:"client_key_data"`
	ServerCACertPath        string `toml:"server_ca_cert_path"`
	ServerCACertData        string `toml:"server_ca_cert_data"`
	ServerName              string `toml:"server_name"`
	DisableHostVerification bool   `toml:"disable_host_verification"`
}

// codecTable is a profile's [codec] table, decoded only so that its keys
// count as known.
type codecTable struct {
	Endpoint string `toml:"endpoint"`
	Auth     string `toml:"auth"`
}

// pemPair names the two halves of one TLS input in the file and in the
// environment, and points at them in a tlsTable.
type pemPair struct {
	fileKey   string // "client_cert" for client_cert_path and client_cert_data
	envPrefix string // "TEMPORAL_TLS_CLIENT_CERT" for _PATH and _DATA
	legacy    string // the Temporal CLI's older variable for the path
	path      func(*tlsTable) *string
	data      func(*tlsTable) *string
}

// pemPairs lists the three TLS inputs.
func pemPairs() [3]pemPair {
	return [...]pemPair{
		{"client_cert", "TEMPORAL_TLS_CLIENT_CERT", "TEMPORAL_TLS_CERT",
			func(t *tlsTable) *string { return &t.ClientCertPath }, func(t *tlsTable) *string { return &t.ClientCertData }},
		{"client_key", "TEMPORAL_TLS_CLIENT_KEY", "TEMPORAL_TLS_KEY",
			func(t *tlsTable) *string { return &t.ClientKeyPath }, func(t *tlsTable) *string { return &t.ClientKeyData }},
		{"server_ca_cert", "TEMPORAL_TLS_SERVER_CA_CERT", "TEMPORAL_TLS_CA",
			func(t *tlsTable) *string { return &t.ServerCACertPath }, func(t *tlsTable) *string { return &t.ServerCACertData }},
	}
}

// loadProfile reads the selected profile from the config file.
func loadProfile(req LoadOptionsRequest, env environment) (profileSettings, error) {
	file, fileOrigin := req.ConfigFile, "LoadOptionsRequest.ConfigFile"
	if file == "" {
		file, fileOrigin = env.nonEmpty("TEMPORAL_CONFIG_FILE"), "TEMPORAL_CONFIG_FILE"
	}
	if file == "" {
		file, fileOrigin = defaultConfigFile(env.lookup), ""
	}
	profile, profileOrigin := req.Profile, "LoadOptionsRequest.Profile"
	if profile == "" {
		profile, profileOrigin = env.nonEmpty("TEMPORAL_PROFILE"), "TEMPORAL_PROFILE"
	}
	if profile == "" {
		profile, profileOrigin = DefaultProfile, ""
	}

	var data []byte
	err := fs.ErrNotExist
	if file != "" {
		data, err = os.ReadFile(file)
	}
	switch {
	case err == nil:
	case !errors.Is(err, fs.ErrNotExist):
		return profileSettings{}, fmt.Errorf("client: reading config file %s: %w", file, err)
	case fileOrigin != "":
		return profileSettings{}, fmt.Errorf("client: config file %s (from %s) does not exist; fix the path, or clear %s to use the default file: %w", file, fileOrigin, fileOrigin, err)
	case profileOrigin != "" && file == "":
		return profileSettings{}, fmt.Errorf("client: profile %q (from %s) cannot be read: there is no config file, since neither TEMPORAL_CONFIG_FILE nor a user configuration directory is set", profile, profileOrigin)
	case profileOrigin != "":
		return profileSettings{}, fmt.Errorf("client: profile %q (from %s) cannot be read: the default config file %s does not exist; create it (temporal config set --profile %s --prop address --value HOST:PORT) or set TEMPORAL_CONFIG_FILE: %w", profile, profileOrigin, file, profile, err)
	default:
		// No file at the default path is the common case of a dev server.
		return profileSettings{}, nil
	}

	// Profiles stay undecoded until selected, so another profile written by
	// a newer tool cannot break this one.
	var doc struct {
		Profiles map[string]toml.Primitive `toml:"profile"`
	}
	md, err := toml.Decode(string(data), &doc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) && isSecretKey(pe.LastKey) {
			// The parser quotes what it found, which here may be a secret.
			return profileSettings{}, fmt.Errorf("client: parsing config file %s: line %d (key %q): the value is not valid TOML (not shown: it may be a secret); quote it, using a multi-line string for PEM", file, pe.Position.Line, pe.LastKey)
		}
		return profileSettings{}, fmt.Errorf("client: parsing config file %s: %w", file, err)
	}
	raw, ok := doc.Profiles[profile]
	if !ok {
		if profileOrigin == "" {
			return profileSettings{}, nil
		}
		there := "the file has no profiles"
		if len(doc.Profiles) > 0 {
			there = "profiles there: " + strings.Join(slices.Sorted(maps.Keys(doc.Profiles)), ", ")
		}
		return profileSettings{}, fmt.Errorf("client: profile %q (from %s) not found in %s (%s)", profile, profileOrigin, file, there)
	}
	where := fmt.Sprintf("config file %s, profile %q", file, profile)
	var p profileSettings
	if err := md.PrimitiveDecode(raw, &p); err != nil {
		return profileSettings{}, fmt.Errorf("client: %s: %w", where, err)
	}
	if typ := md.Type("profile", profile, "grpc_meta"); typ != "" && typ != "Hash" {
		// The decoder drops a non-table grpc_meta without an error.
		return profileSettings{}, fmt.Errorf("client: %s: grpc_meta must be a table of header = \"value\" (grpc_meta = { my-header = \"value\" }, or a [profile.%s.grpc_meta] table), not a %s", where, profile, strings.ToLower(typ))
	}
	if err := checkUnknownKeys(md.Undecoded(), profile, where); err != nil {
		return profileSettings{}, err
	}
	if p.TLS != nil {
		for _, pair := range pemPairs() {
			if *pair.path(p.TLS) != "" && *pair.data(p.TLS) != "" {
				return profileSettings{}, fmt.Errorf("client: %s: tls.%s_path and tls.%s_data are both set; keep one", where, pair.fileKey, pair.fileKey)
			}
		}
	}
	if p.GRPCMeta, err = normalizeFileHeaders(p.GRPCMeta, where); err != nil {
		return profileSettings{}, err
	}
	return p, nil
}

// checkUnknownKeys fails on keys of the selected profile that no field took:
// a misspelt key would otherwise drop its setting without a word, and for
// TLS that can mean connecting with less security than the user wrote.
func checkUnknownKeys(undecoded []toml.Key, profile, where string) error {
	unknown := map[string]bool{}
	var report []string
	for _, k := range undecoded {
		if len(k) < 3 || k[0] != "profile" || k[1] != profile || k[2] == "ext" {
			// profile.<name>.ext.* is the extensions' namespace: other
			// tools keep their settings there, and the official SDK
			// leaves it to them.
			continue
		}
		rel := strings.Join(k[2:], ".")
		unknown[rel] = true
		// Keys inside an unknown table are implied by the table.
		if unknown[strings.Join(k[2:len(k)-1], ".")] {
			continue
		}
		entry := fmt.Sprintf("%q", rel)
		if guess := closestKey(k[2:]); guess != "" {
			entry += fmt.Sprintf(" (did you mean %q?)", guess)
		}
		report = append(report, entry)
	}
	if len(report) == 0 {
		return nil
	}
	noun, it := "key", "it"
	if len(report) > 1 {
		noun, it = "keys", "them"
	}
	return fmt.Errorf("client: %s: unknown %s %s; fix or remove %s, since a misspelt key would silently drop its setting (a key written by a newer Temporal tool is not supported by this version)", where, noun, strings.Join(report, ", "), it)
}

// closestKey suggests the known key nearest to a misspelt one, or "".
func closestKey(rel []string) string {
	var table reflect.Type
	var prefix string
	switch {
	case len(rel) == 1:
		table = reflect.TypeFor[profileSettings]()
	case len(rel) == 2 && rel[0] == "tls":
		table, prefix = reflect.TypeFor[tlsTable](), "tls."
	case len(rel) == 2 && rel[0] == "codec":
		table, prefix = reflect.TypeFor[codecTable](), "codec."
	default:
		return ""
	}
	typed := rel[len(rel)-1]
	// A typo is at most two edits away, and one in a short key.
	best, bestDist := "", min(2, max(1, len(typed)/3))+1
	for f := range table.Fields() {
		key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if d := editDistance(strings.ToLower(typed), key); d < bestDist {
			best, bestDist = key, d
		}
	}
	if best == "" {
		return ""
	}
	return prefix + best
}

// editDistance counts the single-character insertions, deletions,
// substitutions and adjacent swaps that turn a into b.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// applyEnv overrides p with the environment's TEMPORAL_* variables.
func (p *profileSettings) applyEnv(env environment) error {
	for _, s := range []struct {
		name string
		dst  *string
	}{
		{"TEMPORAL_ADDRESS", &p.Address},
		{"TEMPORAL_NAMESPACE", &p.Namespace},
		{"TEMPORAL_API_KEY", &p.APIKey},
		{"TEMPORAL_CLIENT_AUTHORITY", &p.Authority},
	} {
		if v, ok := env.lookup(s.name); ok {
			*s.dst = v
		}
	}

	// Any TLS variable turns TLS on, as a [tls] table in the file does.
	tlsTable := func() *tlsTable {
		if p.TLS == nil {
			p.TLS = &tlsTable{}
		}
		return p.TLS
	}
	if on, ok, err := envBool(env, "TEMPORAL_TLS"); err != nil {
		return err
	} else if ok {
		tlsTable().Disabled = !on
	}
	for _, pair := range pemPairs() {
		path, err := envWithLegacy(env, pair.envPrefix+"_PATH", pair.legacy)
		if err != nil {
			return err
		}
		data, err := envWithLegacy(env, pair.envPrefix+"_DATA", pair.legacy+"_DATA")
		if err != nil {
			return err
		}
		if path.value != "" && data.value != "" {
			return fmt.Errorf("client: %s and %s are both set; unset one", path.name, data.name)
		}
		if path.set {
			t := tlsTable()
			*pair.path(t) = path.value
			if path.value != "" {
				*pair.data(t) = ""
			}
		}
		if data.set {
			t := tlsTable()
			*pair.data(t) = data.value
			if data.value != "" {
				*pair.path(t) = ""
			}
		}
	}
	if v, ok := env.lookup("TEMPORAL_TLS_SERVER_NAME"); ok {
		tlsTable().ServerName = v
	}
	if skip, ok, err := envBool(env, "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"); err != nil {
		return err
	} else if ok {
		tlsTable().DisableHostVerification = skip
	}
	return p.applyEnvHeaders(env)
}

// envValue is a variable as read, with the name it was found under.
type envValue struct {
	name  string
	value string
	set   bool
}

// envWithLegacy reads name, falling back to the Temporal CLI's older name
// for the same setting when name is unset and the old one is not empty.
func envWithLegacy(env environment, name, legacy string) (envValue, error) {
	v, ok := env.lookup(name)
	old := env.nonEmpty(legacy)
	switch {
	case ok && old != "" && old != v:
		return envValue{}, fmt.Errorf("client: %s and the Temporal CLI's older %s are both set, to different values; unset %s", name, legacy, legacy)
	case !ok && old != "":
		return envValue{name: legacy, value: old, set: true}, nil
	}
	return envValue{name: name, value: v, set: ok}, nil
}

// envBool reads a boolean variable the way Temporal tools do: true, false, 1
// or 0 in any case; empty counts as unset.
func envBool(env environment, name string) (value, ok bool, err error) {
	v, _ := env.lookup(name)
	switch strings.ToLower(v) {
	case "":
		return false, false, nil
	case "true", "1":
		return true, true, nil
	case "false", "0":
		return false, true, nil
	}
	return false, false, fmt.Errorf("client: %s=%q is not a boolean; use true or false (or 1 or 0)", name, v)
}

const grpcMetaEnvPrefix = "TEMPORAL_GRPC_META_"

// applyEnvHeaders applies TEMPORAL_GRPC_META_<NAME> variables: a value sets
// the header, an empty value removes it.
func (p *profileSettings) applyEnvHeaders(env environment) error {
	vars := map[string]string{}
	for _, kv := range env.environ() {
		name, value, ok := strings.Cut(kv, "=")
		if ok && strings.HasPrefix(name, grpcMetaEnvPrefix) {
			vars[name] = value
		}
	}
	from := map[string]string{} // header -> variable that set it
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		header := normalizeHeaderName(strings.TrimPrefix(name, grpcMetaEnvPrefix))
		if !validHeaderName(header) {
			return fmt.Errorf("client: %s does not name a valid gRPC header (%q): use letters, digits, '_', '-' and '.' after %s", name, header, grpcMetaEnvPrefix)
		}
		if other, dup := from[header]; dup && vars[other] != vars[name] {
			return fmt.Errorf("client: %s and %s both set header %q, to different values; unset one", other, name, header)
		}
		from[header] = name
		if vars[name] == "" {
			delete(p.GRPCMeta, header)
			continue
		}
		if p.GRPCMeta == nil {
			p.GRPCMeta = map[string]string{}
		}
		p.GRPCMeta[header] = vars[name]
	}
	return nil
}

// normalizeFileHeaders normalizes the names of a profile's grpc_meta table.
func normalizeFileHeaders(meta map[string]string, where string) (map[string]string, error) {
	if len(meta) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(meta))
	from := map[string]string{}
	for _, key := range slices.Sorted(maps.Keys(meta)) {
		header := normalizeHeaderName(key)
		if !validHeaderName(header) {
			return nil, fmt.Errorf("client: %s: grpc_meta key %q is not a valid gRPC header name; use letters, digits, '_', '-' and '.'", where, key)
		}
		if other, dup := from[header]; dup {
			return nil, fmt.Errorf("client: %s: grpc_meta keys %q and %q both name header %q; keep one", where, other, key, header)
		}
		from[header] = key
		out[header] = meta[key]
	}
	return out, nil
}

// normalizeHeaderName gives a header name the form Temporal tools store and
// compare it in: lower case, hyphens for underscores.
func normalizeHeaderName(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "_", "-"))
}

// validHeaderName reports whether gRPC accepts a normalized header name.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// options converts the merged profile to Options.
func (p *profileSettings) options() Options {
	o := Options{
		HostPort:  p.Address,
		Namespace: p.Namespace,
		APIKey:    p.APIKey,
		Authority: p.Authority,
	}
	if len(p.GRPCMeta) > 0 {
		o.Headers = maps.Clone(p.GRPCMeta)
	}
	if t := p.TLS; t != nil {
		o.TLS = &TLSOptions{
			Disabled:                t.Disabled,
			ServerCACertPath:        t.ServerCACertPath,
			ServerCACertData:        bytesOrNil(t.ServerCACertData),
			ClientCertPath:          t.ClientCertPath,
			ClientCertData:          bytesOrNil(t.ClientCertData),
			ClientKeyPath:           t.ClientKeyPath,
			ClientKeyData:           bytesOrNil(t.ClientKeyData),
			ServerName:              t.ServerName,
			DisableHostVerification: t.DisableHostVerification,
		}
	}
	return o
}

func bytesOrNil(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}

// isSecretKey reports whether a config key holds a secret that errors must
// not print.
func isSecretKey(key string) bool {
	last := key[strings.LastIndexByte(key, '.')+1:]
	return last == "api_key" || strings.HasSuffix(last, "_data") || strings.Contains(key, ".grpc_meta") || strings.HasSuffix(key, "codec.auth")
}

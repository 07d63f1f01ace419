package client_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/workflowdef/workflowdef/runtime/client"
)

// fakeEnv is an injected environment: every test states all the variables
// LoadOptions may see, so the developer's own TEMPORAL_* settings and
// ~/.config/temporalio/temporal.toml never leak in.
type fakeEnv map[string]string

func (e fakeEnv) request(req client.LoadOptionsRequest) client.LoadOptionsRequest {
	req.LookupEnv = func(k string) (string, bool) { v, ok := e[k]; return v, ok }
	req.Environ = func() []string {
		var kv []string
		for k, v := range e {
			kv = append(kv, k+"="+v)
		}
		return kv
	}
	return req
}

// withHome gives the injected environment a home directory, and returns
// the user configuration directory that implies on this platform (see
// os.UserConfigDir).
func (e fakeEnv) withHome(home string) (env fakeEnv, configDir string) {
	env = fakeEnv{}
	for k, v := range e {
		env[k] = v
	}
	switch runtime.GOOS {
	case "windows":
		env["AppData"] = home
		return env, home
	case "darwin", "ios":
		env["HOME"] = home
		return env, filepath.Join(home, "Library", "Application Support")
	case "plan9":
		env["home"] = home
		return env, filepath.Join(home, "lib")
	}
	env["HOME"] = home
	return env, filepath.Join(home, ".config")
}

// inHome is withHome for a home with no config file in it.
func (e fakeEnv) inHome(home string) fakeEnv {
	env, _ := e.withHome(home)
	return env
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// everyKey sets every key Temporal's config format has, in two profiles.
const everyKey = `
[profile.default]
address = "file-address:7233"
namespace = "file-namespace"
api_key = "file-api-key"
authority = "file-authority"
codec = { endpoint = "https://codec.example", auth = "Bearer codec" }
grpc_meta = { Some-Header_1 = "one", some-header-2 = "two", some_header_3 = "three" }

[profile.default.tls]
client_cert_path = "file-client.pem"
client_key_data = "file-key-data"
server_ca_cert_path = "file-ca.pem"
server_name = "file-server-name"
disable_host_verification = true

[profile.staging]
address = "staging:7233"
namespace = "staging-namespace"
tls.disabled = true
`

var everyKeyDefault = client.Options{
	HostPort:  "file-address:7233",
	Namespace: "file-namespace",
	APIKey:    "file-api-key",
	Authority: "file-authority",
	Headers:   map[string]string{"some-header-1": "one", "some-header-2": "two", "some-header-3": "three"},
	TLS: &client.TLSOptions{
		ClientCertPath:          "file-client.pem",
		ClientKeyData:           []byte("file-key-data"),
		ServerCACertPath:        "file-ca.pem",
		ServerName:              "file-server-name",
		DisableHostVerification: true,
	},
}

func TestLoadOptionsReadsEnvironmentAlone(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  fakeEnv
		want client.Options
	}{
		{"nothing set leaves every field zero", fakeEnv{}, client.Options{}},
		{"plain settings", fakeEnv{
			"TEMPORAL_ADDRESS":          "env-address:7233",
			"TEMPORAL_NAMESPACE":        "env-namespace",
			"TEMPORAL_API_KEY":          "env-api-key",
			"TEMPORAL_CLIENT_AUTHORITY": "env-authority",
		}, client.Options{HostPort: "env-address:7233", Namespace: "env-namespace", APIKey: "env-api-key", Authority: "env-authority"}},
		{"every TLS variable", fakeEnv{
			"TEMPORAL_TLS":                           "true",
			"TEMPORAL_TLS_CLIENT_CERT_DATA":          "cert-data",
			"TEMPORAL_TLS_CLIENT_KEY_PATH":           "key.pem",
			"TEMPORAL_TLS_SERVER_CA_CERT_DATA":       "ca-data",
			"TEMPORAL_TLS_SERVER_NAME":               "env-server-name",
			"TEMPORAL_TLS_DISABLE_HOST_VERIFICATION": "1",
		}, client.Options{TLS: &client.TLSOptions{
			ClientCertData:          []byte("cert-data"),
			ClientKeyPath:           "key.pem",
			ServerCACertData:        []byte("ca-data"),
			ServerName:              "env-server-name",
			DisableHostVerification: true,
		}}},
		{"one TLS variable turns TLS on", fakeEnv{"TEMPORAL_TLS_SERVER_NAME": "only-this"},
			client.Options{TLS: &client.TLSOptions{ServerName: "only-this"}}},
		{"TEMPORAL_TLS=false disables TLS", fakeEnv{"TEMPORAL_TLS": "FALSE", "TEMPORAL_API_KEY": "k"},
			client.Options{APIKey: "k", TLS: &client.TLSOptions{Disabled: true}}},
		{"empty booleans count as unset", fakeEnv{"TEMPORAL_TLS": "", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION": ""}, client.Options{}},
		{"gRPC metadata names are normalized", fakeEnv{
			"TEMPORAL_GRPC_META_MY_HEADER":  "a",
			"TEMPORAL_GRPC_META_x-Other.id": "b",
			"TEMPORAL_GRPC_META_UNSET":      "",
			"TEMPORAL_GRPC_METADATA":        "not a header variable",
		}, client.Options{Headers: map[string]string{"my-header": "a", "x-other.id": "b"}}},
		{"the Temporal CLI's older TLS names", fakeEnv{
			"TEMPORAL_TLS_CERT":    "legacy-cert.pem",
			"TEMPORAL_TLS_KEY":     "legacy-key.pem",
			"TEMPORAL_TLS_CA_DATA": "legacy-ca",
		}, client.Options{TLS: &client.TLSOptions{ClientCertPath: "legacy-cert.pem", ClientKeyPath: "legacy-key.pem", ServerCACertData: []byte("legacy-ca")}}},
		{"a new name and an older one may agree", fakeEnv{
			"TEMPORAL_TLS_CLIENT_CERT_PATH": "cert.pem",
			"TEMPORAL_TLS_CERT":             "cert.pem",
		}, client.Options{TLS: &client.TLSOptions{ClientCertPath: "cert.pem"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := client.LoadOptions(tc.env.request(client.LoadOptionsRequest{DisableFile: true}))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("LoadOptions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadOptionsReadsProfileFromFile(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "temporal.toml", everyKey)
	homeEnv, configDir := fakeEnv{}.withHome(filepath.Join(dir, "home"))
	writeFile(t, configDir, "temporalio/temporal.toml", "[profile.default]\naddress = \"from-default-file:7233\"\n")
	for _, tc := range []struct {
		name string
		req  client.LoadOptionsRequest
		env  fakeEnv
		want client.Options
	}{
		{"default profile of a named file", client.LoadOptionsRequest{ConfigFile: file}, fakeEnv{}, everyKeyDefault},
		{"file from TEMPORAL_CONFIG_FILE", client.LoadOptionsRequest{}, fakeEnv{"TEMPORAL_CONFIG_FILE": file}, everyKeyDefault},
		{"profile from the request", client.LoadOptionsRequest{ConfigFile: file, Profile: "staging"}, fakeEnv{},
			client.Options{HostPort: "staging:7233", Namespace: "staging-namespace", TLS: &client.TLSOptions{Disabled: true}}},
		{"profile from TEMPORAL_PROFILE", client.LoadOptionsRequest{ConfigFile: file}, fakeEnv{"TEMPORAL_PROFILE": "staging"},
			client.Options{HostPort: "staging:7233", Namespace: "staging-namespace", TLS: &client.TLSOptions{Disabled: true}}},
		{"the request's profile beats TEMPORAL_PROFILE", client.LoadOptionsRequest{ConfigFile: file, Profile: "default"}, fakeEnv{"TEMPORAL_PROFILE": "staging"}, everyKeyDefault},
		{"the request's file beats TEMPORAL_CONFIG_FILE", client.LoadOptionsRequest{ConfigFile: file}, fakeEnv{"TEMPORAL_CONFIG_FILE": filepath.Join(dir, "missing.toml")}, everyKeyDefault},
		{"the default file", client.LoadOptionsRequest{}, homeEnv, client.Options{HostPort: "from-default-file:7233"}},
		{"DisableEnv still reads TEMPORAL_PROFILE but no settings", client.LoadOptionsRequest{ConfigFile: file, DisableEnv: true},
			fakeEnv{"TEMPORAL_PROFILE": "staging", "TEMPORAL_ADDRESS": "ignored:7233", "TEMPORAL_GRPC_META_X": "ignored"},
			client.Options{HostPort: "staging:7233", Namespace: "staging-namespace", TLS: &client.TLSOptions{Disabled: true}}},
		{"an empty tls table turns TLS on", client.LoadOptionsRequest{ConfigFile: writeFile(t, dir, "empty-tls.toml", "[profile.default.tls]\n")}, fakeEnv{},
			client.Options{TLS: &client.TLSOptions{}}},
		{"an empty file", client.LoadOptionsRequest{ConfigFile: writeFile(t, dir, "empty.toml", "")}, fakeEnv{}, client.Options{}},
		{"other tables and other profiles' unknown keys are left alone", client.LoadOptionsRequest{ConfigFile: writeFile(t, dir, "shared.toml", `
[some_other_tool]
setting = 1
[profile.default]
address = "a:7233"
[profile.newer]
address = 7233
future_key = "x"
`)}, fakeEnv{}, client.Options{HostPort: "a:7233"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := client.LoadOptions(tc.env.request(tc.req))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("LoadOptions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadOptionsEnvironmentOverridesFile(t *testing.T) {
	file := writeFile(t, t.TempDir(), "temporal.toml", everyKey)
	for _, tc := range []struct {
		name string
		env  fakeEnv
		want func(*client.Options)
	}{
		{"each variable replaces its key", fakeEnv{
			"TEMPORAL_ADDRESS":                       "env-address:7233",
			"TEMPORAL_NAMESPACE":                     "env-namespace",
			"TEMPORAL_API_KEY":                       "env-api-key",
			"TEMPORAL_CLIENT_AUTHORITY":              "env-authority",
			"TEMPORAL_TLS_CLIENT_CERT_PATH":          "env-client.pem",
			"TEMPORAL_TLS_SERVER_NAME":               "env-server-name",
			"TEMPORAL_TLS_DISABLE_HOST_VERIFICATION": "false",
		}, func(o *client.Options) {
			o.HostPort, o.Namespace, o.APIKey, o.Authority = "env-address:7233", "env-namespace", "env-api-key", "env-authority"
			o.TLS.ClientCertPath, o.TLS.ServerName, o.TLS.DisableHostVerification = "env-client.pem", "env-server-name", false
		}},
		{"a variable set to empty clears its key", fakeEnv{"TEMPORAL_API_KEY": "", "TEMPORAL_TLS_SERVER_NAME": ""}, func(o *client.Options) {
			o.APIKey, o.TLS.ServerName = "", ""
		}},
		{"gRPC metadata merges: replace, remove, add", fakeEnv{
			"TEMPORAL_GRPC_META_SOME_HEADER_2": "two from env",
			"TEMPORAL_GRPC_META_SOME_HEADER_3": "",
			"TEMPORAL_GRPC_META_SOME_HEADER_4": "four",
		}, func(o *client.Options) {
			o.Headers = map[string]string{"some-header-1": "one", "some-header-2": "two from env", "some-header-4": "four"}
		}},
		{"TEMPORAL_TLS=false disables the file's TLS", fakeEnv{"TEMPORAL_TLS": "false"}, func(o *client.Options) {
			o.TLS.Disabled = true
		}},
		{"data from the environment replaces the file's path", fakeEnv{
			"TEMPORAL_TLS_CLIENT_CERT_DATA":    "env-cert",
			"TEMPORAL_TLS_SERVER_CA_CERT_DATA": "env-ca",
		}, func(o *client.Options) {
			o.TLS.ClientCertPath, o.TLS.ClientCertData = "", []byte("env-cert")
			o.TLS.ServerCACertPath, o.TLS.ServerCACertData = "", []byte("env-ca")
		}},
		{"a path from the environment replaces the file's data", fakeEnv{"TEMPORAL_TLS_CLIENT_KEY_PATH": "env-key.pem"}, func(o *client.Options) {
			o.TLS.ClientKeyPath, o.TLS.ClientKeyData = "env-key.pem", nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := client.LoadOptions(tc.env.request(client.LoadOptionsRequest{ConfigFile: file}))
			if err != nil {
				t.Fatal(err)
			}
			want := everyKeyDefault
			tlsCopy := *want.TLS
			want.TLS = &tlsCopy
			tc.want(&want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("LoadOptions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadOptionsLeavesExtensionsToTheirTools: profile.<name>.ext.* holds
// other tools' settings, which the official SDK skips even when strict.
func TestLoadOptionsLeavesExtensionsToTheirTools(t *testing.T) {
	file := writeFile(t, t.TempDir(), "temporal.toml", "[profile.default]\naddress = \"file:7233\"\n[profile.default.ext.aws]\nregion = \"eu-west-1\"\n")
	got, err := client.LoadOptions(fakeEnv{}.request(client.LoadOptionsRequest{ConfigFile: file}))
	if err != nil {
		t.Fatal(err)
	}
	if got.HostPort != "file:7233" {
		t.Errorf("HostPort %q, want the profile's", got.HostPort)
	}
}

func TestLoadOptionsToleratesMissingDefaultFileAndProfile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		req  client.LoadOptionsRequest
		env  fakeEnv
	}{
		{"no file at the default path", client.LoadOptionsRequest{}, fakeEnv{"TEMPORAL_ADDRESS": "env:7233"}.inHome(dir)},
		{"no user configuration directory", client.LoadOptionsRequest{}, fakeEnv{"TEMPORAL_ADDRESS": "env:7233"}},
		{"empty TEMPORAL_CONFIG_FILE and TEMPORAL_PROFILE count as unset", client.LoadOptionsRequest{},
			fakeEnv{"TEMPORAL_ADDRESS": "env:7233", "TEMPORAL_CONFIG_FILE": "", "TEMPORAL_PROFILE": ""}.inHome(dir)},
		{"no default profile in the file", client.LoadOptionsRequest{ConfigFile: writeFile(t, dir, "other.toml", "[profile.other]\naddress = \"x:1\"\n")},
			fakeEnv{"TEMPORAL_ADDRESS": "env:7233"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := client.LoadOptions(tc.env.request(tc.req))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(client.Options{HostPort: "env:7233"}, got); diff != "" {
				t.Errorf("LoadOptions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadOptionsErrorsSayWhatWhereAndWhatToDo(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "temporal.toml", everyKey)
	missing := filepath.Join(dir, "missing.toml")
	config := func(content string) client.LoadOptionsRequest {
		return client.LoadOptionsRequest{ConfigFile: writeFile(t, t.TempDir(), "temporal.toml", content)}
	}
	for _, tc := range []struct {
		name   string
		req    client.LoadOptionsRequest
		env    fakeEnv
		want   []string
		target error
	}{
		{"explicit file missing", client.LoadOptionsRequest{ConfigFile: missing}, fakeEnv{},
			[]string{missing, "(from LoadOptionsRequest.ConfigFile) does not exist"}, fs.ErrNotExist},
		{"TEMPORAL_CONFIG_FILE missing", client.LoadOptionsRequest{}, fakeEnv{"TEMPORAL_CONFIG_FILE": missing},
			[]string{missing, "(from TEMPORAL_CONFIG_FILE) does not exist", "clear TEMPORAL_CONFIG_FILE"}, fs.ErrNotExist},
		{"config file is a directory", client.LoadOptionsRequest{ConfigFile: dir}, fakeEnv{},
			[]string{"reading config file " + dir}, nil},
		{"unknown profile", client.LoadOptionsRequest{ConfigFile: file, Profile: "prod"}, fakeEnv{},
			[]string{`profile "prod" (from LoadOptionsRequest.Profile) not found in ` + file + " (profiles there: default, staging)"}, nil},
		{"unknown profile from TEMPORAL_PROFILE", client.LoadOptionsRequest{ConfigFile: file}, fakeEnv{"TEMPORAL_PROFILE": "prod"},
			[]string{`profile "prod" (from TEMPORAL_PROFILE) not found`}, nil},
		{"named profile but no file at the default path", client.LoadOptionsRequest{}, fakeEnv{"TEMPORAL_PROFILE": "prod"}.inHome(dir),
			[]string{`profile "prod" (from TEMPORAL_PROFILE) cannot be read: the default config file`, "does not exist"}, fs.ErrNotExist},
		{"named profile but no configuration directory", client.LoadOptionsRequest{Profile: "prod"}, fakeEnv{},
			[]string{`profile "prod" (from LoadOptionsRequest.Profile) cannot be read: there is no config file`}, nil},
		{"TOML syntax error names file and line", config("[profile.default]\naddress = \"unterminated\n"), fakeEnv{},
			[]string{"parsing config file", "line 2"}, nil},
		{"wrong type names the key", config("[profile.default]\naddress = 7233\n"), fakeEnv{},
			[]string{`profile "default"`, "profile.default.address", "int64"}, nil},
		{"misspelt key", config("[profile.default]\nadress = \"x:7233\"\n"), fakeEnv{},
			[]string{`profile "default": unknown key "adress" (did you mean "address"?)`, "silently drop"}, nil},
		{"misspelt TLS key", config("[profile.default.tls]\nclient_cert_pth = \"c.pem\"\nserver-name = \"x\"\n"), fakeEnv{},
			[]string{`unknown keys "tls.client_cert_pth" (did you mean "tls.client_cert_path"?), "tls.server-name" (did you mean "tls.server_name"?)`}, nil},
		{"unknown table is reported once", config("[profile.default.tsl]\nserver_name = \"x\"\n"), fakeEnv{},
			[]string{`unknown key "tsl" (did you mean "tls"?);`}, nil},
		{"path and data both in the file", config("[profile.default.tls]\nclient_cert_path = \"c.pem\"\nclient_cert_data = \"pem\"\n"), fakeEnv{},
			[]string{`profile "default": tls.client_cert_path and tls.client_cert_data are both set; keep one`}, nil},
		{"grpc_meta keys colliding after normalization", config("[profile.default.grpc_meta]\nx_id = \"1\"\nX-Id = \"2\"\n"), fakeEnv{},
			[]string{`grpc_meta keys "X-Id" and "x_id" both name header "x-id"`}, nil},
		{"grpc_meta key that is no header name", config("[profile.default.grpc_meta]\n\"my header\" = \"1\"\n"), fakeEnv{},
			[]string{`grpc_meta key "my header" is not a valid gRPC header name`}, nil},
		{"TEMPORAL_TLS not a boolean", client.LoadOptionsRequest{DisableFile: true}, fakeEnv{"TEMPORAL_TLS": "maybe"},
			[]string{`TEMPORAL_TLS="maybe" is not a boolean; use true or false`}, nil},
		{"TEMPORAL_TLS_DISABLE_HOST_VERIFICATION not a boolean", client.LoadOptionsRequest{DisableFile: true}, fakeEnv{"TEMPORAL_TLS_DISABLE_HOST_VERIFICATION": "yes"},
			[]string{`TEMPORAL_TLS_DISABLE_HOST_VERIFICATION="yes" is not a boolean`}, nil},
		{"path and data both in the environment", client.LoadOptionsRequest{DisableFile: true},
			fakeEnv{"TEMPORAL_TLS_SERVER_CA_CERT_PATH": "ca.pem", "TEMPORAL_TLS_SERVER_CA_CERT_DATA": "pem"},
			[]string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH and TEMPORAL_TLS_SERVER_CA_CERT_DATA are both set; unset one"}, nil},
		{"older and newer names disagree", client.LoadOptionsRequest{DisableFile: true},
			fakeEnv{"TEMPORAL_TLS_CLIENT_KEY_PATH": "new.pem", "TEMPORAL_TLS_KEY": "old.pem"},
			[]string{"TEMPORAL_TLS_CLIENT_KEY_PATH and the Temporal CLI's older TEMPORAL_TLS_KEY are both set, to different values"}, nil},
		{"invalid header variable", client.LoadOptionsRequest{DisableFile: true}, fakeEnv{"TEMPORAL_GRPC_META_": "x"},
			[]string{"TEMPORAL_GRPC_META_ does not name a valid gRPC header"}, nil},
		{"header variables colliding after normalization", client.LoadOptionsRequest{DisableFile: true},
			fakeEnv{"TEMPORAL_GRPC_META_X_ID": "1", "TEMPORAL_GRPC_META_x-id": "2"},
			[]string{`TEMPORAL_GRPC_META_X_ID and TEMPORAL_GRPC_META_x-id both set header "x-id"`}, nil},
		{"file and environment both disabled", client.LoadOptionsRequest{DisableFile: true, DisableEnv: true}, fakeEnv{},
			[]string{"both DisableFile and DisableEnv"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := client.LoadOptions(tc.env.request(tc.req))
			if err == nil {
				t.Fatalf("LoadOptions succeeded, want an error containing %q", tc.want)
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

func TestLoadOptionsNeedsBothEnvironmentHooks(t *testing.T) {
	_, err := client.LoadOptions(client.LoadOptionsRequest{
		DisableFile: true,
		LookupEnv:   func(string) (string, bool) { return "", false },
	})
	if err == nil || !strings.Contains(err.Error(), "only one of LookupEnv and Environ") {
		t.Errorf("LoadOptions with LookupEnv alone: err = %v, want one naming both hooks", err)
	}
}

func TestDefaultConfigFileIsInUserConfigDir(t *testing.T) {
	dir, err := os.UserConfigDir()
	want := filepath.Join(dir, "temporalio", "temporal.toml")
	if err != nil {
		want = ""
	}
	if got := client.DefaultConfigFile(); got != want {
		t.Errorf("DefaultConfigFile() = %q, want %q", got, want)
	}
}

func ExampleLoadOptions() {
	// A config file as `temporal config set` writes it. Programs usually
	// leave ConfigFile empty and read the user's default file.
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "temporal.toml")
	err = os.WriteFile(file, []byte(`
[profile.prod]
address = "my-ns.a1b2c.tmprl.cloud:7233"
namespace = "my-ns.a1b2c"
api_key = "my-api-key"
`), 0o600)
	if err != nil {
		fmt.Println(err)
		return
	}

	// The environment overrides the profile; here it is injected so the
	// example does not depend on the machine it runs on.
	env := map[string]string{"TEMPORAL_NAMESPACE": "other-ns.a1b2c"}
	opts, err := client.LoadOptions(client.LoadOptionsRequest{
		ConfigFile: file,
		Profile:    "prod",
		LookupEnv:  func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Environ:    func() []string { return []string{"TEMPORAL_NAMESPACE=other-ns.a1b2c"} },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Loaded options are ordinary Options: adjust them before dialing.
	opts.Identity = "billing-service"
	fmt.Println(opts.HostPort, opts.Namespace, opts.APIKey != "")
	// Output: my-ns.a1b2c.tmprl.cloud:7233 other-ns.a1b2c true
}

func ExampleFromEnv() {
	// FromEnv reads what the Temporal CLI reads: the TEMPORAL_PROFILE profile
	// of the default temporal.toml (or of TEMPORAL_CONFIG_FILE), then the
	// TEMPORAL_* variables.
	opts, err := client.FromEnv()
	if err != nil {
		// The error names the variable, file, profile or key at fault.
		fmt.Println(err)
		return
	}
	c, err := client.Dial(context.Background(), opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
}

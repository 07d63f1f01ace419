// Package devserver runs a real Temporal server for tests and demos.
//
// It starts the Temporal CLI's development server (`temporal server
// start-dev`) as a child process on free loopback ports, with a fresh SQLite
// database in write-ahead-log mode and the server features the workflowdef
// runtime uses turned on: workflow updates, multi-operations
// (update-with-start), worker versioning, eager workflow and activity start,
// and immediate visibility of new search attributes. The server's periodic
// version check, which would call out to the internet, is turned off: a dev
// server started here talks to loopback only.
//
// [Start] returns once the namespace answers a DescribeNamespace call, so the
// first test never races the server's startup. [Server.Stop] stops the whole
// process group, so no server outlives the test binary, and keeps nothing but
// what [Options.Dir] asked to keep. While it runs, the server's output goes to
// [Server.LogPath], and startup errors quote its last lines.
//
// # Finding the Temporal CLI
//
// The server is the `temporal` binary of github.com/temporalio/cli. [Start]
// looks for it, in order:
//
//  1. [Options.Executable], a path to the binary.
//  2. [Options.ToolModfile], a go.mod file with a `tool
//     github.com/temporalio/cli/cmd/temporal` directive; the binary is built
//     and cached with `go tool -modfile=...`, outside any go.work workspace.
//  3. The current module's own tool directive (`go tool temporal`), from
//     `go get -tool github.com/temporalio/cli/cmd/temporal@v1.5.1`.
//  4. `temporal` on PATH.
//
// The CLI brings the whole Temporal server, about 170 modules, whose
// versions would then take part in your module's version selection and
// may raise shared dependencies such as gRPC. A tool module of its own
// keeps them apart, as this repository does:
//
//	mkdir -p tools/temporal && cd tools/temporal
//	go mod init example.com/yourmodule/tools/temporal
//	go get -tool github.com/temporalio/cli/cmd/temporal@v1.5.1
//
// and point [Options.ToolModfile] at it; a relative path is resolved
// against the working directory, which for a test is its package's
// directory (`../../tools/temporal/go.mod`, say).
//
// The first build of the CLI compiles the whole Temporal server and takes
// minutes on a small machine; [Options.Logger] reports progress meanwhile.
// Later builds come from Go's build cache in a second or two.
//
// # Sharing one server per test package
//
// Starting a server costs seconds, so a test package starts one in TestMain
// and shares it. [FromEnv] does that, and honours TEMPORAL_ADDRESS: when it is
// set, the tests use that server instead of starting one.
//
//	var server *devserver.Server
//
//	func TestMain(m *testing.M) {
//		ctx := context.Background()
//		s, err := devserver.FromEnv(ctx, devserver.Options{})
//		if err != nil {
//			fmt.Fprintln(os.Stderr, err)
//			os.Exit(1)
//		}
//		server = s
//		code := m.Run()
//		if err := s.Stop(ctx); err != nil {
//			fmt.Fprintln(os.Stderr, err)
//		}
//		os.Exit(code)
//	}
//
// A test that cannot reach a server fails with the reason; it never skips.
package devserver

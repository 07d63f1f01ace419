// Package testenv gives this repository's integration tests their Temporal
// server: one per test package, started in TestMain from the Temporal CLI
// pinned in tools/temporal, or the server TEMPORAL_ADDRESS names.
//
// A test package that talks to a server starts it once and shares it:
//
//	var server *devserver.Server
//
//	func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &server)) }
//
// and each test connects with [Dial] and names its workflows and task
// queues with [UniqueID], so tests never meet each other's runs on the
// shared server. [Main] fails the run with the reason when no server can be
// had — integration tests never skip — and prints the end of the server's
// log when tests fail. A started server registers [SearchAttributes], one
// custom attribute of each type.
//
// It is test harness: only _test.go files import it, which arch_test.go
// checks. Users' own tests want package devserver, which this builds on.
package testenv

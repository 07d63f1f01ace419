package replay_test

import (
	"os"
	"testing"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
)

// server is the package's Temporal dev server, for the tests that fetch
// histories from a real one.
var server *devserver.Server

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &server)) }

package orders_test

import (
	"os"
	"testing"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
)

// server is the package's Temporal server, started by TestMain.
var server *devserver.Server

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &server)) }

package worker

import (
	"os"
	"testing"

	"github.com/workflowdef/workflowdef/devserver"
	"github.com/workflowdef/workflowdef/internal/testing/testenv"
)

// server is the package's Temporal server, started by TestMain.
var server *devserver.Server

func TestMain(m *testing.M) {
	// The test binary doubles as a worker process that tests kill.
	if taskQueue := os.Getenv(workerProcessEnv); taskQueue != "" {
		os.Exit(runWorkerProcess(taskQueue))
	}
	os.Exit(testenv.Main(m, &server))
}

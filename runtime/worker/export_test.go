package worker

import "github.com/workflowdef/workflowdef/devserver"

// DevServer is the package's dev server, for the external tests that use
// the worker as users do.
func DevServer() *devserver.Server { return server }

package devserver

import "testing"

// FreeLoopbackPorts is how Start picks ports, for tests that wrap it.
var FreeLoopbackPorts = freeLoopbackPorts

// SetPortChooser makes Start pick its ports with choose until t ends.
func SetPortChooser(t testing.TB, choose func(n int) ([]int, error)) {
	t.Helper()
	saved := choosePorts
	choosePorts = choose
	t.Cleanup(func() { choosePorts = saved })
}

// RemoveAbandonedDirs is what Start runs before it makes a directory.
var RemoveAbandonedDirs = removeAbandonedDirs

// OwnerFile names the file holding a directory's owner process.
const OwnerFile = ownerFile

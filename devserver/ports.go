package devserver

import (
	"fmt"
	"net"
)

// choosePorts picks the server's ports; tests replace it to make a start lose
// a port on purpose.
var choosePorts = freeLoopbackPorts

// freeLoopbackPorts returns n distinct TCP ports that were free on 127.0.0.1
// a moment ago. All listeners stay open until every port is chosen, so the
// ports differ; another process may still take one before the server binds,
// which Start detects and retries.
func freeLoopbackPorts(n int) ([]int, error) {
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range listeners {
			_ = l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("devserver: finding a free loopback port: %w", err)
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

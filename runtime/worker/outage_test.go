package worker_test

import (
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/worker"
)

// tcpProxy forwards loopback connections to a server until cut.
type tcpProxy struct {
	l     net.Listener
	mu    sync.Mutex
	conns []net.Conn
	wg    sync.WaitGroup
}

func startProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{l: l}
	p.wg.Go(func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				_ = in.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			p.wg.Go(func() { _, _ = io.Copy(out, in); _ = out.Close() })
			p.wg.Go(func() { _, _ = io.Copy(in, out); _ = in.Close() })
		}
	})
	t.Cleanup(p.cut)
	return p
}

// cut refuses new connections and drops the open ones: the server is gone.
func (p *tcpProxy) cut() {
	_ = p.l.Close()
	p.mu.Lock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// TestPollersReportAnOutageAtOnce cuts a worker off from the server. Its
// pollers must say so in the log within seconds, not after a minute of
// silent retries inside one long poll.
func TestPollersReportAnOutageAtOnce(t *testing.T) {
	proxy := startProxy(t, worker.DevServer().Address())
	logs := &syncBuffer{}
	c, err := client.Dial(t.Context(), client.Options{HostPort: proxy.l.Addr().String(), Namespace: worker.DevServer().Namespace(), Logger: slog.New(slog.DiscardHandler)})
	must(t, err)
	t.Cleanup(func() { _ = c.Close() })
	w := startWorker(t, c, worker.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))}, func(w *worker.Worker) {
		must(t, w.RegisterWorkflow(retryingWorkflow))
		must(t, w.RegisterActivity(flaky))
	})
	_ = w
	time.Sleep(500 * time.Millisecond) // polls in flight
	proxy.cut()
	const want = "poll failed; retrying"
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("15 s into an outage the worker has not logged %q; its log:\n%s", want, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

package fetch

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Bodies imgformat.Sniff accepts. Only the leading bytes matter to this package.
var (
	jpegData = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"), bytes.Repeat([]byte{0x42}, 64)...)
	pngData  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), bytes.Repeat([]byte{0x17}, 64)...)
)

// t0 is the injected clock's start: a whole second, so HTTP dates are exact.
var t0 = time.Date(2025, 11, 7, 10, 0, 0, 0, time.UTC)

// clock is an injected Options.Now that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sleeps is an injected Options.Sleep that records each wait and returns at
// once, so retry tests take no real time.
type sleeps struct {
	mu  sync.Mutex
	got []time.Duration
}

func (s *sleeps) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, d)
	return ctx.Err()
}

func (s *sleeps) Got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.got...)
}

// newFetcher makes a Fetcher with an injected clock (at t0) and sleeper
// unless o has its own.
func newFetcher(t *testing.T, o Options) (*Fetcher, *clock, *sleeps) {
	t.Helper()
	clk, sl := &clock{t: t0}, &sleeps{}
	if o.Now == nil {
		o.Now = clk.Now
	}
	if o.Sleep == nil {
		o.Sleep = sl.Sleep
	}
	f, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(f.CloseIdleConnections)
	return f, clk, sl
}

// dial is one check the guard made.
type dial struct {
	Addr string
	Err  string // "" when allowed
}

// recordDials makes f report every guard check into the returned func's result.
func recordDials(f *Fetcher) func() []dial {
	var mu sync.Mutex
	var got []dial
	f.onControl = func(address string, err error) {
		mu.Lock()
		defer mu.Unlock()
		d := dial{Addr: address}
		if err != nil {
			d.Err = err.Error()
		}
		got = append(got, d)
	}
	return func() []dial {
		mu.Lock()
		defer mu.Unlock()
		return append([]dial(nil), got...)
	}
}

// server is an httptest server on loopback that counts requests (hits)
// and accepted connections (conns). Handlers that block should also wait
// on done, which is closed before the server is.
type server struct {
	*httptest.Server
	hits  atomic.Int64
	conns atomic.Int64
	done  chan struct{}
}

// newServer starts h; h gets the 1-based number of the request.
func newServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int64)) *server {
	t.Helper()
	s := &server{done: make(chan struct{})}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(w, r, s.hits.Add(1))
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(s.done) }) // runs first
	return s
}

// serveBytes answers every request with 200 and body.
func serveBytes(contentType string, body []byte) func(http.ResponseWriter, *http.Request, int64) {
	return func(w http.ResponseWriter, _ *http.Request, _ int64) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	}
}

// expand replaces $S with the server's base URL.
func expand(s string, srv *server) string { return strings.ReplaceAll(s, "$S", srv.URL) }

// errText is err's text, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

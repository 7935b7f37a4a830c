package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/version"
)

func TestFetchOK(t *testing.T) {
	srv := newServer(t, serveBytes("image/jpeg", jpegData))
	f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true})
	got, err := f.Fetch(context.Background(), srv.URL+"/a.jpg#frag")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(jpegData)
	want := &Result{URL: srv.URL + "/a.jpg#frag", Body: jpegData, Hash: hex.EncodeToString(sum[:]), Format: "jpeg", From: FromNetwork}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Fetch (-want +got):\n%s", d)
	}
}

func TestUserAgent(t *testing.T) {
	for _, tc := range []struct {
		name, ua, want string
	}{
		{"default", "", "seopipe/" + version.String()},
		{"configured", "mybot/1.0", "mybot/1.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var gotUA, gotAccept string
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
				gotUA, gotAccept = r.UserAgent(), r.Header.Get("Accept")
				_, _ = w.Write(jpegData)
			})
			f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true, UserAgent: tc.ua})
			if _, err := f.Fetch(context.Background(), srv.URL+"/a.jpg"); err != nil {
				t.Fatal(err)
			}
			if gotUA != tc.want {
				t.Errorf("User-Agent = %q, want %q", gotUA, tc.want)
			}
			if !strings.HasPrefix(gotAccept, "image/jpeg,") {
				t.Errorf("Accept = %q, want image types first", gotAccept)
			}
		})
	}
}

func TestFetchBadURL(t *testing.T) {
	f, _, _ := newFetcher(t, Options{})
	for _, tc := range []struct{ url, want string }{
		{"ftp://example.com/a.jpg", `GET ftp://example.com/a.jpg: unsupported scheme "ftp" (only http and https)`},
		{"/images/a.jpg", "GET /images/a.jpg: not an absolute http or https URL"},
		{"http:///a.jpg", "GET http:///a.jpg: the URL has no host"},
		{"http://[::1/a.jpg", `GET http://[::1/a.jpg: not a valid URL: missing ']' in host`},
	} {
		_, err := f.Fetch(context.Background(), tc.url)
		if got := errText(err); got != tc.want {
			t.Errorf("Fetch(%q) error\n got %s\nwant %s", tc.url, got, tc.want)
		}
	}
}

// TestFetchErrors covers answers that are final: not retried, no result.
func TestFetchErrors(t *testing.T) {
	html := []byte("\ufeff  \n<!DOCTYPE html><html><body>Sign in</body></html>")
	redirect := func(to string) func(http.ResponseWriter, *http.Request, int64) {
		return func(w http.ResponseWriter, r *http.Request, _ int64) { http.Redirect(w, r, to, http.StatusFound) }
	}
	for _, tc := range []struct {
		name     string
		path     string
		handler  func(http.ResponseWriter, *http.Request, int64)
		want     string // $S is the server's URL
		wantHits int64
	}{
		{"404", "/a.jpg", func(w http.ResponseWriter, r *http.Request, _ int64) { http.NotFound(w, r) },
			"GET $S/a.jpg: 404 Not Found", 1},
		{"403", "/a.jpg", func(w http.ResponseWriter, _ *http.Request, _ int64) { w.WriteHeader(http.StatusForbidden) }, "GET $S/a.jpg: 403 Forbidden", 1},
		{"410", "/a.jpg", func(w http.ResponseWriter, r *http.Request, _ int64) { w.WriteHeader(http.StatusGone) },
			"GET $S/a.jpg: 410 Gone", 1},
		{"HTML served as image/jpeg", "/a.jpg", serveBytes("image/jpeg", html),
			"GET $S/a.jpg: body is an HTML page (served as image/jpeg), not an image", 1},
		{"HTML served as HTML", "/a.jpg", serveBytes("text/html; charset=utf-8", []byte("<html><p>hi")),
			"GET $S/a.jpg: body is an HTML page (served as text/html; charset=utf-8), not an image", 1},
		{"unknown bytes", "/a.jpg", serveBytes("application/octet-stream", []byte("just some text")),
			"GET $S/a.jpg: body is not a JPEG, PNG, GIF, WebP, BMP or TIFF image (served as application/octet-stream; the bytes look like text/plain; charset=utf-8)", 1},
		{"empty body", "/a.jpg", serveBytes("image/jpeg", nil),
			"GET $S/a.jpg: body is empty, not an image", 1},
		{"304 to a plain request", "/a.jpg", func(w http.ResponseWriter, r *http.Request, _ int64) { w.WriteHeader(http.StatusNotModified) },
			"GET $S/a.jpg: 304 Not Modified", 1},
		{"redirect loop", "/a", func(w http.ResponseWriter, r *http.Request, _ int64) {
			http.Redirect(w, r, map[string]string{"/a": "/b", "/b": "/a"}[r.URL.Path], http.StatusMovedPermanently)
		}, "GET $S/a: redirect loop: $S/a → $S/b → $S/a", 2},
		{"redirect to itself", "/a", redirect("/a"), "GET $S/a: redirect loop: $S/a → $S/a", 1},
		{"too many redirects", "/r/0", func(w http.ResponseWriter, r *http.Request, _ int64) {
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n+1), http.StatusFound)
		}, "GET $S/r/0: stopped after 5 redirects; the next went to $S/r/6", 6},
		{"redirect to ftp", "/a", redirect("ftp://example.com/a.jpg"),
			`GET $S/a: redirect to ftp://example.com/a.jpg: unsupported scheme "ftp" (only http and https)`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handler)
			f, _, sl := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: 3})
			got, err := f.Fetch(context.Background(), srv.URL+tc.path)
			if got != nil {
				t.Errorf("Fetch returned a result: %+v", got)
			}
			if d := cmp.Diff(expand(tc.want, srv), errText(err)); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			if n := srv.hits.Load(); n != tc.wantHits {
				t.Errorf("server got %d requests, want %d", n, tc.wantHits)
			}
			if s := sl.Got(); len(s) != 0 {
				t.Errorf("slept %v; a final answer is not retried", s)
			}
		})
	}
}

func TestFetchFollowsFiveRedirects(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
		if n < MaxRedirects {
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n+1), http.StatusFound)
			return
		}
		_, _ = w.Write(pngData)
	})
	f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true})
	got, err := f.Fetch(context.Background(), srv.URL+"/r/0")
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != "png" || got.URL != srv.URL+"/r/0" || srv.hits.Load() != 6 {
		t.Errorf("got format %q URL %q after %d requests, want png, the asked URL, 6", got.Format, got.URL, srv.hits.Load())
	}
}

// span is an allowed range for one backoff wait; lo == hi for an exact one.
type span struct{ lo, hi time.Duration }

func exact(d time.Duration) span { return span{d, d} }

// TestFetchRetries covers retried answers: the number of requests, the
// waits asked of the injected Sleep, and the outcome.
func TestFetchRetries(t *testing.T) {
	status := func(codes ...int) func(http.ResponseWriter, *http.Request, int64) {
		return func(w http.ResponseWriter, _ *http.Request, n int64) {
			if code := codes[min(int(n), len(codes))-1]; code != http.StatusOK {
				w.WriteHeader(code)
				return
			}
			_, _ = w.Write(jpegData)
		}
	}
	retryAfter := func(code int, value string) func(http.ResponseWriter, *http.Request, int64) {
		return func(w http.ResponseWriter, _ *http.Request, n int64) {
			if n == 1 {
				w.Header().Set("Retry-After", value)
				w.WriteHeader(code)
				return
			}
			_, _ = w.Write(jpegData)
		}
	}
	for _, tc := range []struct {
		name       string
		retries    int
		handler    func(http.ResponseWriter, *http.Request, int64)
		wantErr    string
		wantHits   int64
		wantSleeps []span
	}{
		{"500 then 200", 3, status(500, 200), "", 2,
			[]span{{250 * time.Millisecond, 500 * time.Millisecond}}},
		{"502, 504 then 200", 3, status(502, 504, 200), "", 3,
			[]span{{250 * time.Millisecond, 500 * time.Millisecond}, {500 * time.Millisecond, time.Second}}},
		{"408 then 200", 3, status(408, 200), "", 2,
			[]span{{250 * time.Millisecond, 500 * time.Millisecond}}},
		{"503 every time", 2, status(503), "GET $S/a.jpg: gave up after 3 attempts: 503 Service Unavailable", 3,
			[]span{{250 * time.Millisecond, 500 * time.Millisecond}, {500 * time.Millisecond, time.Second}}},
		{"no retries configured", 0, status(500, 200), "GET $S/a.jpg: 500 Internal Server Error", 1, nil},
		{"429 with Retry-After seconds", 3, retryAfter(429, "7"), "", 2, []span{exact(7 * time.Second)}},
		{"503 with Retry-After date", 3, retryAfter(503, t0.Add(12*time.Second).Format(http.TimeFormat)), "", 2,
			[]span{exact(12 * time.Second)}},
		{"Retry-After a day is capped", 3, retryAfter(429, "86400"), "", 2, []span{exact(maxRetryAfter)}},
		{"Retry-After in the past", 3, retryAfter(429, t0.Add(-time.Hour).Format(http.TimeFormat)), "", 2, []span{exact(0)}},
		{"Retry-After junk falls back to backoff", 3, retryAfter(429, "soon"), "", 2,
			[]span{{250 * time.Millisecond, 500 * time.Millisecond}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handler)
			f, _, sl := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: tc.retries})
			got, err := f.Fetch(context.Background(), srv.URL+"/a.jpg")
			if d := cmp.Diff(expand(tc.wantErr, srv), errText(err)); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			if err == nil && (got.From != FromNetwork || !bytes.Equal(got.Body, jpegData)) {
				t.Errorf("got From %q and %d bytes, want the image from the network", got.From, len(got.Body))
			}
			if n := srv.hits.Load(); n != tc.wantHits {
				t.Errorf("server got %d requests, want %d", n, tc.wantHits)
			}
			slept := sl.Got()
			if len(slept) != len(tc.wantSleeps) {
				t.Fatalf("slept %v, want %d waits in %v", slept, len(tc.wantSleeps), tc.wantSleeps)
			}
			for i, d := range slept {
				if w := tc.wantSleeps[i]; d < w.lo || d > w.hi {
					t.Errorf("wait %d = %v, want in [%v, %v]", i+1, d, w.lo, w.hi)
				}
			}
		})
	}
}

func TestFetchRetriesNetworkErrors(t *testing.T) {
	srv := newServer(t, serveBytes("image/jpeg", jpegData))
	srv.Close() // nothing listens on the port any more: connection refused
	f, _, sl := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: 2})
	dials := recordDials(f)
	_, err := f.Fetch(context.Background(), srv.URL+"/a.jpg")
	addr := strings.TrimPrefix(srv.URL, "http://")
	want := expand("GET $S/a.jpg: gave up after 3 attempts: dial tcp "+addr+": connect: connection refused", srv)
	if d := cmp.Diff(want, errText(err)); d != "" {
		t.Errorf("error (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]dial{{Addr: addr}, {Addr: addr}, {Addr: addr}}, dials()); d != "" {
		t.Errorf("dials (-want +got):\n%s", d)
	}
	if n := len(sl.Got()); n != 2 {
		t.Errorf("slept %d times, want 2", n)
	}
}

// TestFetchTimeout: the per-request timeout covers waiting for the answer
// and a body that stalls, and a timeout is retried.
func TestFetchTimeout(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler func(http.ResponseWriter, *http.Request, <-chan struct{})
		want    string
	}{
		{"no answer", func(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
			select {
			case <-r.Context().Done():
			case <-done:
			}
		}, "GET $S/a.jpg: gave up after 2 attempts: no response within 200ms"},
		{"body stalls", func(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
			w.Header().Set("Content-Length", "1000")
			_, _ = w.Write(jpegData[:10])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-done:
			}
		}, "GET $S/a.jpg: gave up after 2 attempts: timed out after 200ms reading the body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var srv *server
			srv = newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) { tc.handler(w, r, srv.done) })
			f, _, sl := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: 1, Timeout: 200 * time.Millisecond})
			start := time.Now()
			_, err := f.Fetch(context.Background(), srv.URL+"/a.jpg")
			elapsed := time.Since(start)
			if d := cmp.Diff(expand(tc.want, srv), errText(err)); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			if n := srv.hits.Load(); n != 2 {
				t.Errorf("server got %d requests, want 2", n)
			}
			if len(sl.Got()) != 1 {
				t.Errorf("slept %v, want one wait", sl.Got())
			}
			if elapsed < 400*time.Millisecond || elapsed > 3*time.Second {
				t.Errorf("took %v, want about 2×200ms", elapsed)
			}
		})
	}
}

func TestFetchCanceledWhileWaiting(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) { w.WriteHeader(http.StatusServiceUnavailable) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: 3, Sleep: func(ctx context.Context, _ time.Duration) error {
		cancel() // interrupted (Ctrl-C) during the backoff
		return ctx.Err()
	}})
	_, err := f.Fetch(ctx, srv.URL+"/a.jpg")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

// TestFetchBodyCap: a body over MaxBytes (the default, 50 MB) is refused on
// its Content-Length with nothing read, and without one it is cut off just
// past the cap: the server never has to send its 60 MB.
func TestFetchBodyCap(t *testing.T) {
	const size = 60 << 20
	t.Run("Content-Length", func(t *testing.T) {
		var srv *server
		srv = newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
			w.Header().Set("Content-Length", strconv.Itoa(size))
			_, _ = w.Write(jpegData)
			w.(http.Flusher).Flush()
			select { // would send the rest only if the client kept reading
			case <-r.Context().Done():
			case <-srv.done:
			}
		})
		f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: 3})
		_, err := f.Fetch(context.Background(), srv.URL+"/big.jpg")
		if d := cmp.Diff(expand("GET $S/big.jpg: body is 60 MB (Content-Length), over the 50 MB limit", srv), errText(err)); d != "" {
			t.Errorf("error (-want +got):\n%s", d)
		}
		if n := srv.hits.Load(); n != 1 {
			t.Errorf("server got %d requests, want 1 (not retried)", n)
		}
	})
	t.Run("chunked", func(t *testing.T) {
		var written atomic.Int64
		stopped := make(chan string, 1)
		var srv *server
		srv = newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
			// Stream zeros after a JPEG header, no Content-Length (chunked),
			// until just past the cap; then send the rest only if the client
			// is still there after 10 s, which it must not be.
			zeros := make([]byte, 64<<10)
			n, _ := w.Write(jpegData)
			for int64(n) <= DefaultMaxBytes {
				m, err := w.Write(zeros)
				n += m
				if err != nil {
					break
				}
			}
			w.(http.Flusher).Flush()
			written.Store(int64(n))
			select {
			case <-r.Context().Done():
				stopped <- "client left"
				return
			case <-time.After(10 * time.Second):
			case <-srv.done:
			}
			for n < size {
				m, err := w.Write(zeros)
				n += m
				if err != nil {
					break
				}
			}
			written.Store(int64(n))
			stopped <- "sent it all"
		})
		f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: 3})
		_, err := f.Fetch(context.Background(), srv.URL+"/big.jpg")
		if d := cmp.Diff(expand("GET $S/big.jpg: body is over the 50 MB limit", srv), errText(err)); d != "" {
			t.Errorf("error (-want +got):\n%s", d)
		}
		select {
		case how := <-stopped:
			if how != "client left" || written.Load() >= size {
				t.Errorf("server: %s after %d bytes; want the client to hang up before %d", how, written.Load(), size)
			}
		case <-time.After(5 * time.Second):
			t.Error("the server is still sending: the client did not hang up")
		}
		if n := srv.hits.Load(); n != 1 {
			t.Errorf("server got %d requests, want 1 (not retried)", n)
		}
	})
}

// TestPerHostLimit: no more than PerHost requests to one host at once,
// however many callers.
func TestPerHostLimit(t *testing.T) {
	var inFlight, most atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		_, _ = w.Write(jpegData)
	})
	f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true, PerHost: 2})
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = f.Fetch(context.Background(), fmt.Sprintf("%s/%d.jpg", srv.URL, i))
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if m := most.Load(); m < 1 || m > 2 {
		t.Errorf("at most %d requests were in flight at once, want 2", m)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"negative numbers", Options{Timeout: -1, Retries: -1, MaxBytes: -1, PerHost: -1},
			"image fetching: timeout: must not be negative\nretries: must not be negative\nmax bytes: must not be negative\nper-host limit: must not be negative"},
		{"offline without a cache", Options{Offline: true}, "image fetching: offline: needs a cache directory"},
		{"bad allowed hosts", Options{AllowHosts: []string{"", "http://x", "x:port", "ok.example:8080"}},
			"image fetching: allowed host \"\": want a host name or IP, optionally with :port\n" +
				"allowed host \"http://x\": want a host name or IP, optionally with :port\n" +
				"allowed host \"x:port\": want a host name or IP, optionally with :port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := New(tc.o)
			if f != nil {
				t.Error("New returned a Fetcher")
			}
			if d := cmp.Diff(tc.want, errText(err)); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
		})
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1 << 20: "1 MB", 3 << 19: "1.5 MB", 50 << 20: "50 MB", 60<<20 + 1: "60 MB"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestErrorsHidePasswords(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) { http.NotFound(w, r) })
	f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true})
	u := strings.Replace(srv.URL, "http://", "http://me:secret@", 1) + "/a.jpg"
	_, err := f.Fetch(context.Background(), u)
	want := strings.Replace(srv.URL, "http://", "http://me:***@", 1) + "/a.jpg: 404 Not Found"
	if d := cmp.Diff("GET "+want, errText(err)); d != "" {
		t.Errorf("error (-want +got):\n%s", d)
	}
}

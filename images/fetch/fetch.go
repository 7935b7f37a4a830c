// Package fetch downloads remote images: over http and https only, through a
// network guard, with retries, a size cap and a cache on disk, so that a
// second build of the same site needs no network at all.
//
// # Network guard
//
// Every connection is checked on the IP address actually dialled, in the
// dialer's Control hook — after DNS, before connect(2) — so neither a
// redirect nor a DNS answer can lead around it. Always refused: link-local
// addresses (169.254.0.0/16, fe80::/10, where cloud metadata services live),
// the metadata address fd00:ec2::254, unspecified addresses (0.0.0.0/8, ::),
// multicast and broadcast. Refused unless Options.AllowPrivateNetworks is set
// or the requested host is listed in Options.AllowHosts: loopback (127.0.0.0/8,
// ::1), private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7)
// and shared CGNAT space (100.64.0.0/10). AllowHosts is matched against the
// host name in the URL being requested (each redirect target included); the
// dialled address is still checked against the always-refused list.
//
// The transport uses no proxy, deliberately: with HTTP_PROXY or HTTPS_PROXY
// from the environment every connection would go to the proxy, the guard
// would check the proxy's address, and the proxy would then reach any address
// on our behalf.
//
// # Cache
//
// With Options.CacheDir set, the cache is two directories:
//
//	CacheDir/meta/<sha256 of the URL>.json  URL, ETag, Last-Modified, fetch time, body hash, format, size
//	CacheDir/blobs/<sha256 of the body>     the body, content-addressed (one copy for many URLs)
//
// Both are written atomically: a temporary file in the same directory, then a
// rename. A meta file that does not parse, or whose blob is missing or does
// not hash to its name, is a cache miss, never an error: the URL is fetched
// again, and Result.Damaged says why the entry was not used. A failure to
// write the cache is not an error either: Result.CacheErr says so.
//
// Within Options.CacheTTL of the last fetch or revalidation a URL is served
// from the cache with no request. After it, the request is conditional
// (If-None-Match, If-Modified-Since): a 304 answer costs no download and
// restarts the TTL. If the network fails (after retries) and a copy exists,
// the copy is used and the result says why. With Options.Offline only the
// cache is read, however old the copy.
//
// Nothing in the package starts a goroutine: the caller's pool decides how
// many fetches run at once, and a Fetcher caps the requests in flight to any
// one host at Options.PerHost.
package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/seopipe/seopipe/images/imgformat"

	"golang.org/x/sync/semaphore"

	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/internal/version"
)

// Defaults for zero Options fields, and fixed limits.
const (
	// DefaultTimeout bounds one request, body included.
	DefaultTimeout = 30 * time.Second
	// DefaultRetries is the retry count callers should configure by default.
	// New does not apply it: Options.Retries 0 means no retry.
	DefaultRetries = 3
	// DefaultMaxBytes caps a body.
	DefaultMaxBytes = 50 << 20
	// DefaultPerHost caps the requests in flight to one host.
	DefaultPerHost = 4
	// DefaultCacheTTL is how long a fetched copy is used with no request.
	DefaultCacheTTL = 24 * time.Hour
	// MaxRedirects is how many redirects one request follows.
	MaxRedirects = 5
)

// Where a Result's body came from, in Result.From.
const (
	FromNetwork     = "network"     // downloaded now
	FromCache       = "cache"       // cached copy, no request made
	FromRevalidated = "revalidated" // cached copy, confirmed unchanged by a 304
	FromStale       = "stale"       // cached copy, used because the network failed
)

// ErrNotCached is returned, wrapped, for a URL with no cached copy when
// Options.Offline is set.
var ErrNotCached = errors.New("not in the cache (--offline)")

// Options configure a Fetcher. The zero value of each field means its
// default, except Retries (0 means no retry).
type Options struct {
	// Timeout bounds one request, from dialling to the last byte of the
	// body, so a body that stalls fails too (default DefaultTimeout).
	Timeout time.Duration
	// Retries is how many times a request is retried after the first
	// attempt, on network errors, timeouts, 408, 429 and 5xx answers, with
	// exponential backoff and jitter, or as long as Retry-After asks (at most
	// a minute). 0 means no retry; callers pass their configured value,
	// normally DefaultRetries.
	Retries int
	// MaxBytes caps a body (default DefaultMaxBytes): a larger
	// Content-Length is refused before reading, and the body is cut off one
	// byte past the cap.
	MaxBytes int64
	// PerHost caps the requests in flight to one host (default
	// DefaultPerHost). A request counts against the host of the URL asked
	// for, wherever it is redirected; a wait between retries holds no slot.
	PerHost int
	// AllowPrivateNetworks allows loopback, private and CGNAT addresses.
	AllowPrivateNetworks bool
	// AllowHosts lists hosts (a name or an IP, optionally with ":port")
	// whose loopback, private or CGNAT addresses are allowed. Link-local,
	// metadata and unspecified addresses are refused even for them.
	AllowHosts []string
	// CacheDir is the cache directory; "" means no cache. New creates it.
	CacheDir string
	// CacheTTL is how long after a fetch or revalidation a cached copy is
	// used with no request (default DefaultCacheTTL; negative: always
	// revalidate).
	CacheTTL time.Duration
	// Offline reads the cache only, however old the copy; a URL not in it
	// is an error wrapping ErrNotCached. It needs CacheDir.
	Offline bool
	// UserAgent is sent with every request (default "seopipe/<version>").
	UserAgent string
	// Now is the clock for cache ages and Retry-After dates (default time.Now).
	Now func() time.Time
	// Sleep waits between attempts and returns early with ctx's error
	// (default: a timer that honours ctx). Tests inject it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Transport replaces the guarded transport, for tests only: with it set
	// the network guard does not apply.
	Transport http.RoundTripper
	// WriteFile replaces outfs.WriteFileAtomic in the cache, for tests.
	WriteFile func(path string, data []byte) error
}

// Result is one fetched image.
type Result struct {
	URL     string // the URL as asked for
	Body    []byte
	Hash    string // hex SHA-256 of Body: its content address
	Format  string // sniffed from Body: "jpeg", "png", "gif", "webp", "bmp" or "tiff"
	From    string // FromNetwork, FromCache, FromRevalidated or FromStale
	Warning string // for FromStale: why the network failed
	// Damaged, when set, says why the URL's cached copy could not be
	// used: the body was fetched again, and the entry repaired.
	Damaged *DamagedError
	// CacheErr, when set, says why the body or its record could not be
	// written to the cache (a full or read-only disk): the result is good,
	// only not cached.
	CacheErr error
}

// StatusError is an HTTP answer other than 200 (or 304 to a conditional
// request). Its text is the code and reason, as in "404 Not Found".
type StatusError struct {
	Code   int
	Status string
}

// Error returns the status line, e.g. "404 Not Found".
func (e *StatusError) Error() string { return e.Status }

// Fetcher fetches images. It is safe for concurrent use.
type Fetcher struct {
	timeout      time.Duration
	retries      int
	maxBytes     int64
	perHost      int64
	allowPrivate bool
	allow        hostSet
	cache        *diskCache // nil: no cache
	ttl          time.Duration
	offline      bool
	userAgent    string
	now          func() time.Time
	sleep        func(context.Context, time.Duration) error
	client       *http.Client

	mu    sync.Mutex
	hosts map[string]*semaphore.Weighted // host:port -> requests in flight

	// onControl, when set (tests only, before the first Fetch), sees every
	// address the guard checks and its verdict.
	onControl func(address string, err error)
}

// acceptHeader asks for the formats imgformat.Sniff knows before anything else.
const acceptHeader = "image/jpeg,image/png,image/webp,image/gif,image/bmp,image/tiff,*/*;q=0.1"

// New checks o, fills in defaults, and creates the cache directory.
func New(o Options) (*Fetcher, error) {
	var errs []error
	for _, d := range []struct {
		name string
		v    int64
	}{{"timeout", int64(o.Timeout)}, {"retries", int64(o.Retries)}, {"max bytes", o.MaxBytes}, {"per-host limit", int64(o.PerHost)}} {
		if d.v < 0 {
			errs = append(errs, fmt.Errorf("%s: must not be negative", d.name))
		}
	}
	allow, err := parseAllowHosts(o.AllowHosts)
	if err != nil {
		errs = append(errs, err)
	}
	if o.Offline && o.CacheDir == "" {
		errs = append(errs, errors.New("offline: needs a cache directory"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("image fetching: %w", err)
	}

	f := &Fetcher{
		timeout:      cmpOr(o.Timeout, DefaultTimeout),
		retries:      o.Retries,
		maxBytes:     cmpOr(o.MaxBytes, DefaultMaxBytes),
		perHost:      int64(cmpOr(o.PerHost, DefaultPerHost)),
		allowPrivate: o.AllowPrivateNetworks,
		allow:        allow,
		ttl:          cmpOr(o.CacheTTL, DefaultCacheTTL),
		offline:      o.Offline,
		userAgent:    cmpOr(o.UserAgent, "seopipe/"+version.String()),
		now:          o.Now,
		sleep:        o.Sleep,
		hosts:        map[string]*semaphore.Weighted{},
	}
	if f.now == nil {
		f.now = time.Now
	}
	if f.sleep == nil {
		f.sleep = sleepCtx
	}
	if o.CacheDir != "" {
		write := o.WriteFile
		if write == nil {
			write = outfs.WriteFileAtomic
		}
		c, err := openCache(o.CacheDir, write)
		if err != nil {
			return nil, fmt.Errorf("image cache: %w", err)
		}
		f.cache = c
	}
	tr := o.Transport
	if tr == nil {
		tr = f.guardedTransport()
	}
	f.client = &http.Client{Transport: tr, CheckRedirect: checkRedirect}
	return f, nil
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// CloseIdleConnections closes the connections kept open for reuse. Call it
// when done with the Fetcher.
func (f *Fetcher) CloseIdleConnections() { f.client.CloseIdleConnections() }

// Fetch returns the image at rawURL: from the cache when it is fresh (or
// Offline), else from the network, revalidating a cached copy when there is
// one. Errors read "GET <url>: <what went wrong>".
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Result, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	shown := rawURL // in messages
	if _, ok := u.User.Password(); ok {
		shown = stripPassword(u)
	}
	var c *cached
	var damaged *DamagedError
	if f.cache != nil {
		c, damaged = f.cache.load(u.String())
	}
	if c != nil && (f.offline || f.fresh(c.meta)) {
		return c.result(rawURL, FromCache), nil
	}
	if f.offline {
		if damaged != nil {
			return nil, fmt.Errorf("GET %s: %w: the copy there is damaged (%v)", shown, ErrNotCached, damaged)
		}
		return nil, fmt.Errorf("GET %s: %w", shown, ErrNotCached)
	}
	res, transient, err := f.download(ctx, rawURL, shown, u, c)
	if err != nil && transient && c != nil && ctx.Err() == nil {
		r := c.result(rawURL, FromStale)
		r.Warning = fmt.Sprintf("%v; using the copy cached %s", err, c.meta.FetchedAt.UTC().Format(time.RFC3339))
		return r, nil
	}
	if res != nil {
		res.Damaged = damaged
	}
	return res, err
}

func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("not a valid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, errors.New("not an absolute http or https URL")
		}
		return nil, fmt.Errorf("unsupported scheme %q (only http and https)", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("the URL has no host")
	}
	u.Fragment, u.RawFragment = "", "" // never sent, so not part of the cache key
	return u, nil
}

// fresh reports whether a copy fetched or revalidated at m.FetchedAt may be
// used with no request. A fetch time in the future (a clock that went back)
// is not fresh.
func (f *Fetcher) fresh(m meta) bool {
	age := f.now().Sub(m.FetchedAt)
	return age >= 0 && age < f.ttl
}

// failure is why one attempt failed, and whether to try again.
type failure struct {
	err      error
	retry    bool
	after    time.Duration // Retry-After, when hasAfter
	hasAfter bool
}

// response is a successful attempt: a 200 with a checked image body, or a
// 304 to a conditional request (body nil).
type response struct {
	status int
	header http.Header
	body   []byte
	format string
}

// download makes up to 1+Retries attempts and turns the answer into a
// Result, updating the cache. transient reports that the last failure was one
// that would have been retried (the network, not the resource, failed).
func (f *Fetcher) download(ctx context.Context, rawURL, shown string, u *url.URL, c *cached) (_ *Result, transient bool, _ error) {
	var resp *response
	for attempt := 1; ; attempt++ {
		r, fl := f.attempt(ctx, u, c)
		if fl == nil {
			resp = r
			break
		}
		if ctx.Err() != nil {
			return nil, false, fmt.Errorf("GET %s: %w", shown, ctx.Err())
		}
		if !fl.retry || attempt > f.retries {
			if attempt > 1 {
				return nil, fl.retry, fmt.Errorf("GET %s: gave up after %d attempts: %w", shown, attempt, fl.err)
			}
			return nil, fl.retry, fmt.Errorf("GET %s: %w", shown, fl.err)
		}
		wait := backoff(attempt)
		if fl.hasAfter {
			wait = fl.after
		}
		if err := f.sleep(ctx, wait); err != nil {
			return nil, false, fmt.Errorf("GET %s: %w", shown, err)
		}
	}

	now := f.now().UTC()
	if resp.status == http.StatusNotModified {
		m := c.meta
		m.FetchedAt = now
		// A 304 may carry updated validators (RFC 9110, 15.4.5).
		if v := resp.header.Get("ETag"); v != "" {
			m.ETag = v
		}
		if v := resp.header.Get("Last-Modified"); v != "" {
			m.LastModified = v
		}
		r := c.result(rawURL, FromRevalidated)
		if f.cache != nil {
			if err := f.cache.storeMeta(m); err != nil {
				r.CacheErr = fmt.Errorf("updating the cache: %w", err)
			}
		}
		return r, false, nil
	}

	sum := sha256.Sum256(resp.body)
	res := &Result{URL: rawURL, Body: resp.body, Hash: hex.EncodeToString(sum[:]), Format: resp.format, From: FromNetwork}
	if f.cache != nil {
		m := meta{
			Version:      metaVersion,
			URL:          u.String(),
			ETag:         resp.header.Get("ETag"),
			LastModified: resp.header.Get("Last-Modified"),
			FetchedAt:    now,
			Hash:         res.Hash,
			Format:       res.Format,
			Size:         int64(len(res.Body)),
		}
		if err := f.cache.store(m, res.Body); err != nil {
			res.CacheErr = fmt.Errorf("caching the body: %w", err)
		}
	}
	return res, false, nil
}

// attempt makes one request, holding a slot of the host's semaphore while
// it runs (not while waiting to retry).
func (f *Fetcher) attempt(ctx context.Context, u *url.URL, c *cached) (*response, *failure) {
	release, err := f.acquire(ctx, u)
	if err != nil {
		return nil, &failure{err: err}
	}
	defer release()

	actx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &failure{err: err}
	}
	req.Header.Set("User-Agent", f.userAgent)
	req.Header.Set("Accept", acceptHeader)
	if c != nil {
		if c.meta.ETag != "" {
			req.Header.Set("If-None-Match", c.meta.ETag)
		}
		if c.meta.LastModified != "" {
			req.Header.Set("If-Modified-Since", c.meta.LastModified)
		}
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.requestFailure(actx, u, err)
	}
	defer resp.Body.Close()

	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusNotModified && c != nil:
		return &response{status: resp.StatusCode, header: resp.Header}, nil
	default:
		// Read a little of an error body so the connection can be reused.
		_, _ = io.CopyN(io.Discard, resp.Body, 16<<10)
		fl := &failure{err: statusError(resp), retry: retryableStatus(resp.StatusCode)}
		if fl.retry {
			fl.after, fl.hasAfter = parseRetryAfter(resp.Header.Get("Retry-After"), f.now())
		}
		return nil, fl
	}

	if resp.ContentLength > f.maxBytes {
		return nil, &failure{err: fmt.Errorf("body is %s (Content-Length), over the %s limit", sizeText(resp.ContentLength), sizeText(f.maxBytes))}
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, f.maxBytes+1)); err != nil {
		if actx.Err() != nil && ctx.Err() == nil {
			return nil, &failure{err: fmt.Errorf("timed out after %v reading the body", f.timeout), retry: true}
		}
		return nil, &failure{err: fmt.Errorf("reading the body: %w", err), retry: true}
	}
	if int64(buf.Len()) > f.maxBytes {
		return nil, &failure{err: fmt.Errorf("body is over the %s limit", sizeText(f.maxBytes))}
	}
	format, err := checkImage(buf.Bytes(), resp.Header.Get("Content-Type"))
	if err != nil {
		return nil, &failure{err: err}
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: buf.Bytes(), format: format}, nil
}

func statusError(resp *http.Response) *StatusError {
	status := resp.Status
	if text := http.StatusText(resp.StatusCode); text != "" {
		status = fmt.Sprintf("%d %s", resp.StatusCode, text)
	}
	return &StatusError{Code: resp.StatusCode, Status: status}
}

// requestFailure explains an error from Client.Do and decides whether it
// is worth retrying: refusals by the guard or the redirect policy, unknown
// hosts and certificate errors are not.
func (f *Fetcher) requestFailure(actx context.Context, u *url.URL, err error) *failure {
	var where string
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.URL != stripPassword(u) {
			where = "redirect to " + ue.URL
		}
		err = ue.Err
	}
	fl := &failure{err: err}
	var refused *RefusedError
	var redirect *redirectError
	switch {
	case errors.As(err, &refused):
		fl.err = refused // "refused: …", without "dial tcp …:" before it
	case errors.As(err, &redirect):
		where = ""
	case actx.Err() != nil:
		fl.err, fl.retry = fmt.Errorf("no response within %v", f.timeout), true
	case permanentNetError(err):
	default:
		fl.retry = true
	}
	if where != "" {
		fl.err = fmt.Errorf("%s: %w", where, fl.err)
	}
	return fl
}

// stripPassword writes u with its password, if any, as "***", as net/http
// does in the URL of its errors.
func stripPassword(u *url.URL) string {
	if _, ok := u.User.Password(); ok {
		return strings.Replace(u.String(), u.User.String()+"@", u.User.Username()+":***@", 1)
	}
	return u.String()
}

// acquire takes a slot for u's host and returns its release.
func (f *Fetcher) acquire(ctx context.Context, u *url.URL) (func(), error) {
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	key := host + " " + port
	f.mu.Lock()
	s := f.hosts[key]
	if s == nil {
		s = semaphore.NewWeighted(f.perHost)
		f.hosts[key] = s
	}
	f.mu.Unlock()
	if err := s.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	return func() { s.Release(1) }, nil
}

var utf8BOM = []byte("\ufeff")

// checkImage returns the format of body, or says what it is instead.
func checkImage(body []byte, contentType string) (string, error) {
	if len(body) == 0 {
		return "", errors.New("body is empty, not an image")
	}
	if format, ok := imgformat.Sniff(body); ok {
		return format, nil
	}
	served := "no Content-Type"
	if contentType != "" {
		served = "served as " + contentType
	}
	looks := http.DetectContentType(bytes.TrimPrefix(body, utf8BOM))
	if strings.HasPrefix(looks, "text/html") {
		return "", fmt.Errorf("body is an HTML page (%s), not an image", served)
	}
	return "", fmt.Errorf("body is not a JPEG, PNG, GIF, WebP, BMP or TIFF image (%s; the bytes look like %s)", served, looks)
}

// sizeText writes n bytes for a person: "50 MB", "1.5 MB", "812 bytes".
func sizeText(n int64) string {
	const mb = 1 << 20
	if n < mb {
		return fmt.Sprintf("%d bytes", n)
	}
	s := fmt.Sprintf("%.1f", float64(n)/mb)
	return strings.TrimSuffix(s, ".0") + " MB"
}

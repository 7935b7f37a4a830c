package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		addr      string
		kind      string
		allowable bool
	}{
		{"8.8.8.8", "", false},
		{"2001:4860:4860::8888", "", false},
		{"172.32.0.1", "", false},
		{"100.128.0.1", "", false},
		{"169.254.169.254", "a link-local address", false},
		{"169.254.0.1", "a link-local address", false},
		{"::ffff:169.254.169.254", "a link-local address", false},
		{"fe80::1", "a link-local address", false},
		{"fe80::1%eth0", "a link-local address", false},
		{"fd00:ec2::254", "a cloud metadata address", false},
		{"0.0.0.0", "an unspecified address", false},
		{"0.1.2.3", "an unspecified address", false},
		{"::", "an unspecified address", false},
		{"224.0.0.1", "a multicast address", false},
		{"ff02::1", "a multicast address", false},
		{"255.255.255.255", "a broadcast address", false},
		{"127.0.0.1", "a loopback address", true},
		{"127.255.255.254", "a loopback address", true},
		{"::1", "a loopback address", true},
		{"::ffff:127.0.0.1", "a loopback address", true},
		{"10.1.2.3", "a private address", true},
		{"172.16.0.1", "a private address", true},
		{"172.31.255.255", "a private address", true},
		{"192.168.1.1", "a private address", true},
		{"fc00::1", "a private address", true},
		{"fd12:3456::1", "a private address", true},
		{"100.64.0.1", "a shared (CGNAT) address", true},
		{"100.127.255.255", "a shared (CGNAT) address", true},
	} {
		kind, allowable := classify(netip.MustParseAddr(tc.addr))
		if kind != tc.kind || allowable != tc.allowable {
			t.Errorf("classify(%s) = %q, %v; want %q, %v", tc.addr, kind, allowable, tc.kind, tc.allowable)
		}
	}
}

func TestCheckDial(t *testing.T) {
	for _, tc := range []struct {
		addr         string
		allowPrivate bool
		want         string
	}{
		{"93.184.216.34:443", false, ""},
		{"127.0.0.1:8080", false, "refused: 127.0.0.1 is a loopback address and private networks are not allowed"},
		{"127.0.0.1:8080", true, ""},
		{"[::ffff:10.0.0.1]:80", false, "refused: 10.0.0.1 is a private address and private networks are not allowed"},
		{"169.254.169.254:80", true, "refused: 169.254.169.254 is a link-local address"},
		{"[fe80::1%eth0]:80", true, "refused: fe80::1 is a link-local address"},
		{"[fd00:ec2::254]:80", true, "refused: fd00:ec2::254 is a cloud metadata address"},
		{"0.0.0.0:80", true, "refused: 0.0.0.0 is an unspecified address"},
		{"[::]:80", true, "refused: :: is an unspecified address"},
		{"example.com:80", true, `refused: cannot check the address "example.com:80": ParseAddr("example.com"): unexpected character (at "example.com")`},
	} {
		if got := errText(checkDial(tc.addr, tc.allowPrivate)); got != tc.want {
			t.Errorf("checkDial(%s, %v)\n got %s\nwant %s", tc.addr, tc.allowPrivate, got, tc.want)
		}
	}
}

func TestAllowHosts(t *testing.T) {
	s, err := parseAllowHosts([]string{"Images.Example.", "10.0.0.5", "[::1]", "localhost:8080", "[fd00::2]:443"})
	if err != nil {
		t.Fatal(err)
	}
	for hostport, want := range map[string]bool{
		"images.example:443":   true,
		"IMAGES.EXAMPLE.:80":   true,
		"other.example:443":    false,
		"10.0.0.5:80":          true,
		"10.0.0.6:80":          false,
		"[::1]:8080":           true,
		"[0:0::1]:1":           true,
		"localhost:8080":       true,
		"localhost:8081":       false,
		"[fd00::2]:443":        true,
		"[fd00::2]:80":         false,
		"no-port":              false,
		"images.example.evil:": false,
	} {
		if got := s.allows(hostport); got != want {
			t.Errorf("allows(%q) = %v, want %v", hostport, got, want)
		}
	}
}

// TestFetchRefusesMetadata: the metadata address is refused however the
// options are set, in the dialer's Control hook, so no connection is even
// attempted (Control runs before connect), and a refusal is not retried.
func TestFetchRefusesMetadata(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
	}{
		{"defaults", Options{}},
		{"private networks allowed", Options{AllowPrivateNetworks: true}},
		{"listed in AllowHosts", Options{AllowHosts: []string{"169.254.169.254"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Retries = 3
			f, _, sl := newFetcher(t, tc.o)
			dials := recordDials(f)
			_, err := f.Fetch(context.Background(), "http://169.254.169.254/latest/meta-data/")
			want := "GET http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is a link-local address"
			if d := cmp.Diff(want, errText(err)); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			var refused *RefusedError
			if !errors.As(err, &refused) || refused.Allowable {
				t.Errorf("error %v: want a *RefusedError that no option allows", err)
			}
			wantDials := []dial{{"169.254.169.254:80", "refused: 169.254.169.254 is a link-local address"}}
			if d := cmp.Diff(wantDials, dials()); d != "" {
				t.Errorf("dials (-want +got):\n%s", d)
			}
			if len(sl.Got()) != 0 {
				t.Errorf("slept %v: a refusal must not be retried", sl.Got())
			}
		})
	}
}

// TestFetchRedirectToMetadata: a redirect does not get around the guard,
// because it checks every dial, not the first URL.
func TestFetchRedirectToMetadata(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/iam/", http.StatusFound)
	})
	f, _, sl := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: 3})
	dials := recordDials(f)
	_, err := f.Fetch(context.Background(), srv.URL+"/a.jpg")
	want := expand("GET $S/a.jpg: redirect to http://169.254.169.254/latest/meta-data/iam/: refused: 169.254.169.254 is a link-local address", srv)
	if d := cmp.Diff(want, errText(err)); d != "" {
		t.Errorf("error (-want +got):\n%s", d)
	}
	wantDials := []dial{
		{strings.TrimPrefix(srv.URL, "http://"), ""},
		{"169.254.169.254:80", "refused: 169.254.169.254 is a link-local address"},
	}
	if d := cmp.Diff(wantDials, dials()); d != "" {
		t.Errorf("dials (-want +got):\n%s", d)
	}
	if n := srv.hits.Load(); n != 1 || len(sl.Got()) != 0 {
		t.Errorf("server got %d requests and the fetcher slept %v; want 1 request, no retry", n, sl.Got())
	}
}

// TestFetchLoopback: loopback is refused unless allowed; AllowHosts matches
// the requested host, with or without a port.
func TestFetchLoopback(t *testing.T) {
	srv := newServer(t, serveBytes("image/png", pngData))
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	refused := "GET $S/a.png: refused: 127.0.0.1 is a loopback address and private networks are not allowed"
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"not allowed", Options{}, refused},
		{"other host allowed", Options{AllowHosts: []string{"images.example"}}, refused},
		{"other port allowed", Options{AllowHosts: []string{"127.0.0.1:1"}}, refused},
		{"host allowed", Options{AllowHosts: []string{"127.0.0.1"}}, ""},
		{"host and port allowed", Options{AllowHosts: []string{"127.0.0.1:" + port}}, ""},
		{"private networks allowed", Options{AllowPrivateNetworks: true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, conns := srv.hits.Load(), srv.conns.Load()
			f, _, _ := newFetcher(t, tc.o)
			got, err := f.Fetch(context.Background(), srv.URL+"/a.png")
			if d := cmp.Diff(expand(tc.want, srv), errText(err)); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			if tc.want != "" {
				if n, c := srv.hits.Load()-hits, srv.conns.Load()-conns; n != 0 || c != 0 {
					t.Errorf("server got %d requests on %d connections, want none", n, c)
				}
				return
			}
			if got == nil || got.Format != "png" {
				t.Errorf("got %+v, want the PNG", got)
			}
		})
	}
}

// TestFetchLocalhostByName: a DNS answer is checked like a literal address.
func TestFetchLocalhostByName(t *testing.T) {
	addrs, err := net.DefaultResolver.LookupHost(context.Background(), "localhost")
	if err != nil || len(addrs) == 0 {
		t.Skipf("localhost does not resolve here: %v", err)
	}
	srv := newServer(t, serveBytes("image/png", pngData))
	u := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/a.png"

	f, _, _ := newFetcher(t, Options{})
	_, err = f.Fetch(context.Background(), u)
	var refused *RefusedError
	if !errors.As(err, &refused) || refused.Kind != "a loopback address" {
		t.Errorf("error = %v, want a loopback refusal", err)
	}

	f, _, _ = newFetcher(t, Options{AllowHosts: []string{"LocalHost"}})
	if _, err := f.Fetch(context.Background(), u); err != nil {
		t.Errorf("with localhost allowed: %v", err)
	}
}

// TestFetchRedirectToUnlistedHost: AllowHosts is checked for every
// redirect target too.
func TestFetchRedirectToUnlistedHost(t *testing.T) {
	other := newServer(t, serveBytes("image/png", pngData))
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
		http.Redirect(w, r, other.URL+"/a.png", http.StatusFound)
	})
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	f, _, _ := newFetcher(t, Options{AllowHosts: []string{"127.0.0.1:" + port}})
	_, err := f.Fetch(context.Background(), srv.URL+"/a.png")
	want := expand("GET $S/a.png: redirect to "+other.URL+"/a.png: refused: 127.0.0.1 is a loopback address and private networks are not allowed", srv)
	if d := cmp.Diff(want, errText(err)); d != "" {
		t.Errorf("error (-want +got):\n%s", d)
	}
	if other.conns.Load() != 0 {
		t.Error("the unlisted server got a connection")
	}
}

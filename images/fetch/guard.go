package fetch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// RefusedError is a connection the network guard refused before it was
// made. Its text reads "refused: 169.254.169.254 is a link-local address".
type RefusedError struct {
	Addr netip.Addr // the address that would have been dialled
	Kind string     // what it is, e.g. "a link-local address"
	// Allowable is true for loopback, private and CGNAT addresses, which
	// AllowPrivateNetworks or AllowHosts would have allowed.
	Allowable bool
}

// Error says what was refused and why.
func (e *RefusedError) Error() string {
	if e.Allowable {
		return fmt.Sprintf("refused: %s is %s and private networks are not allowed", e.Addr, e.Kind)
	}
	return fmt.Sprintf("refused: %s is %s", e.Addr, e.Kind)
}

var (
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8") // "this network": 0.0.0.0 connects to the local host on Linux
	cgnat       = netip.MustParsePrefix("100.64.0.0/10")
	ec2Metadata = netip.MustParseAddr("fd00:ec2::254") // inside fc00::/7, but never allowed
	broadcast   = netip.MustParseAddr("255.255.255.255")
)

// classify says what is special about a: kind is "" for an ordinary public
// address; allowable marks kinds that AllowPrivateNetworks or AllowHosts
// may allow.
func classify(a netip.Addr) (kind string, allowable bool) {
	a = a.Unmap() // ::ffff:169.254.169.254 is 169.254.169.254
	switch {
	case a == ec2Metadata:
		return "a cloud metadata address", false
	case a.IsUnspecified() || thisNetwork.Contains(a):
		return "an unspecified address", false
	case a.IsLinkLocalUnicast():
		return "a link-local address", false
	case a.IsMulticast():
		return "a multicast address", false
	case a == broadcast:
		return "a broadcast address", false
	case a.IsLoopback():
		return "a loopback address", true
	case a.IsPrivate():
		return "a private address", true
	case cgnat.Contains(a):
		return "a shared (CGNAT) address", true
	}
	return "", false
}

// checkDial is the guard's verdict on dialling address ("ip:port").
func checkDial(address string, allowPrivate bool) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused: cannot check the address %q: %w", address, err)
	}
	a := ap.Addr().Unmap()
	kind, allowable := classify(a)
	if kind == "" || (allowable && allowPrivate) {
		return nil
	}
	return &RefusedError{Addr: a.WithZone(""), Kind: kind, Allowable: allowable}
}

// guardedTransport is the default transport: every dial goes through
// dialContext, and there is no proxy.
func (f *Fetcher) guardedTransport() *http.Transport {
	return &http.Transport{
		// No proxy, on purpose: an HTTP(S)_PROXY from the environment would
		// get the connections, and the guard would check the proxy's
		// address instead of the image server's.
		Proxy:                 nil,
		DialContext:           f.dialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   int(f.perHost),
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// dialContext dials addr, the requested "host:port" (not yet resolved),
// checking each IP the dialer tries in Control, before it connects. Whether
// private addresses are allowed depends on the requested host, so a fresh
// Dialer (a small struct) is made for each dial.
func (f *Fetcher) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	allowPrivate := f.allowPrivate || f.allow.allows(addr)
	d := net.Dialer{
		KeepAlive: 30 * time.Second,
		ControlContext: func(_ context.Context, _, address string, _ syscall.RawConn) error {
			err := checkDial(address, allowPrivate)
			if f.onControl != nil {
				f.onControl(address, err)
			}
			return err
		},
	}
	return d.DialContext(ctx, network, addr)
}

// permanentNetError reports network errors that another attempt would
// not fix: an unknown host, a certificate that does not verify.
func permanentNetError(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return true
	}
	var cert *tls.CertificateVerificationError
	return errors.As(err, &cert)
}

// hostSet is the parsed AllowHosts: hosts allowed on any port, and
// "host:port" pairs.
type hostSet struct {
	anyPort map[string]bool
	onPort  map[string]bool
}

func parseAllowHosts(list []string) (hostSet, error) {
	s := hostSet{anyPort: map[string]bool{}, onPort: map[string]bool{}}
	var errs []error
	for _, e := range list {
		e = strings.TrimSpace(e)
		if host, port, err := net.SplitHostPort(e); err == nil {
			n, perr := strconv.Atoi(port)
			if host == "" || perr != nil || n < 1 || n > 65535 {
				errs = append(errs, fmt.Errorf("allowed host %q: want a host name or IP, optionally with :port", e))
				continue
			}
			s.onPort[net.JoinHostPort(normHost(host), port)] = true
			continue
		}
		if e == "" || strings.ContainsAny(e, "/ \t@?#") {
			errs = append(errs, fmt.Errorf("allowed host %q: want a host name or IP, optionally with :port", e))
			continue
		}
		s.anyPort[normHost(e)] = true
	}
	return s, errors.Join(errs...)
}

// normHost lower-cases a name and drops a final dot; an IP is written in
// its canonical form, so "::1", "[::1]" and "0:0::1" are one host.
func normHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")); err == nil {
		return a.Unmap().String()
	}
	return h
}

// allows reports whether the requested hostport is in the set.
func (s hostSet) allows(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return false
	}
	h := normHost(host)
	return s.anyPort[h] || s.onPort[net.JoinHostPort(h, port)]
}

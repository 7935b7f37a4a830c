package sitemap

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// checkURL checks that s is an absolute http(s) URL, already percent-encoded
// (printable ASCII only, every '%' starting an escape), that a schema
// validator takes as an xs:anyURI: at most one '#', '[' and ']' only around
// an IPv6 host, no empty port; and with no user info.
func checkURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, errors.New("empty URL")
	}
	hashes := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ' || c >= 0x7f:
			return nil, fmt.Errorf("%s is not percent-encoded: byte %#x at %d (use site.EncodeURL)", quote(s), c, i)
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return nil, fmt.Errorf("%s: '%%' at %d does not start a %%XX escape", quote(s), i)
			}
		case c == '#':
			hashes++
		}
	}
	if hashes > 1 {
		return nil, fmt.Errorf("%s: more than one '#'", quote(s))
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", quote(s), errors.Unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" {
		return nil, fmt.Errorf("%s is not an absolute http(s) URL", quote(s))
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("%s has no host", quote(s))
	}
	if u.User != nil || strings.Contains(u.Host, "@") {
		return nil, fmt.Errorf("%s has user info (user@ before the host)", quote(s))
	}
	if !validHost(u.Host) {
		return nil, fmt.Errorf("%s: host %q is not a DNS name or IP address", quote(s), u.Host)
	}
	if strings.HasSuffix(u.Host, ":") {
		return nil, fmt.Errorf("%s has an empty port", quote(s))
	}
	if strings.Count(s, "[") != strings.Count(u.Host, "[") || strings.Count(s, "]") != strings.Count(u.Host, "]") {
		return nil, fmt.Errorf("%s: '[' and ']' are only allowed around an IPv6 host", quote(s))
	}
	return u, nil
}

// validHost reports whether host (with an optional port, which url.Parse
// has checked) is a DNS name in ASCII (letters, digits, '-', '.', '_') or an
// IPv4 or bracketed IPv6 address.
func validHost(host string) bool {
	if rest, ok := strings.CutPrefix(host, "["); ok {
		addr, port, ok := strings.Cut(rest, "]")
		if !ok || addr == "" || port != "" && !strings.HasPrefix(port, ":") {
			return false
		}
		return strings.Trim(addr, "0123456789abcdefABCDEF:.") == ""
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	if host == "" {
		return false
	}
	for _, c := range []byte(host) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// w3cTime is the W3C Datetime layout with seconds and a zone: Z for UTC,
// else ±hh:mm (rule 4).
const w3cTime = "2006-01-02T15:04:05Z07:00"

// checkTime checks that t can be written as an xs:dateTime.
func checkTime(t time.Time) error {
	if y := t.Year(); y < 1 || y > 9999 {
		return fmt.Errorf("year %d is outside 1–9999", y)
	}
	if _, off := t.Zone(); off > 14*3600 || off < -14*3600 || off%60 != 0 {
		return fmt.Errorf("time zone offset %s is not a whole minute within ±14:00", time.Duration(off)*time.Second)
	}
	return nil
}

// appendTime writes t as a W3C Datetime in its own zone.
func appendTime(b []byte, t time.Time) []byte {
	return t.AppendFormat(b, w3cTime)
}

// quote quotes s for an error message, shortened when long.
func quote(s string) string {
	const limit = 120
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

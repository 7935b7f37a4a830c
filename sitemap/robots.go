package sitemap

import (
	"bytes"
	"slices"
	"strings"
)

// Robots returns robots.txt: the user's existing file (nil when there is
// none) kept byte for byte, with a "Sitemap: URL" line appended for each of
// sitemapURLs that it does not already carry (the field name matched without
// regard to case, the URL exactly), in the file's own line ending (CRLF when
// it uses CRLF). Without a user file it is
// "User-agent: *\nAllow: /\n\nSitemap: …\n". Nothing is ever sent to a
// search engine (rule 9: the ping endpoints are retired).
func Robots(existing []byte, sitemapURLs []string) []byte {
	if existing == nil {
		b := []byte("User-agent: *\nAllow: /\n")
		var seen []string
		for _, u := range sitemapURLs {
			if u == "" || slices.Contains(seen, u) {
				continue
			}
			if len(seen) == 0 {
				b = append(b, '\n')
			}
			seen = append(seen, u)
			b = append(b, "Sitemap: "+u+"\n"...)
		}
		return b
	}
	have, lastIsSitemap, lastBlank := robotsSitemaps(existing)
	var add []string
	for _, u := range sitemapURLs {
		if u != "" && !slices.Contains(have, u) && !slices.Contains(add, u) {
			add = append(add, u)
		}
	}
	out := bytes.Clone(existing)
	if len(add) == 0 {
		return out
	}
	eol := "\n"
	if bytes.Contains(existing, []byte("\r\n")) {
		eol = "\r\n"
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, eol...)
	}
	if len(bytes.TrimSpace(out)) > 0 && !lastIsSitemap && !lastBlank {
		out = append(out, eol...) // a blank line before the Sitemap group
	}
	for _, u := range add {
		out = append(out, "Sitemap: "+u+eol...)
	}
	return out
}

// robotsSitemaps returns the URLs of the Sitemap lines of a robots.txt, and
// whether its last line is a Sitemap line or blank.
func robotsSitemaps(b []byte) (urls []string, lastIsSitemap, lastBlank bool) {
	s := strings.TrimPrefix(string(b), "\uFEFF")
	for line := range strings.Lines(s) {
		line = strings.TrimRight(line, "\r\n")
		lastBlank = strings.TrimSpace(line) == ""
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		field, value, ok := strings.Cut(line, ":")
		lastIsSitemap = ok && strings.EqualFold(strings.TrimSpace(field), "sitemap")
		if lastIsSitemap {
			urls = append(urls, strings.TrimSpace(value))
		}
	}
	return urls, lastIsSitemap, lastBlank
}

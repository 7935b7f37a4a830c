package fetch

import (
	"fmt"
	"net/http"
	"strings"
)

// redirectError is a redirect the policy refused; it is not retried.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// checkRedirect follows at most MaxRedirects redirects to http or https
// URLs, and names a loop when a URL comes round again.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return &redirectError{fmt.Sprintf("redirect to %s: unsupported scheme %q (only http and https)", req.URL.Redacted(), s)}
	}
	next := req.URL.Redacted()
	for i, v := range via {
		if v.URL.Redacted() == next {
			chain := make([]string, 0, len(via)-i+1)
			for _, w := range via[i:] {
				chain = append(chain, w.URL.Redacted())
			}
			chain = append(chain, next)
			return &redirectError{"redirect loop: " + strings.Join(chain, " → ")}
		}
	}
	if len(via) > MaxRedirects {
		return &redirectError{fmt.Sprintf("stopped after %d redirects; the next went to %s", MaxRedirects, next)}
	}
	return nil
}

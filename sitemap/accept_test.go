package sitemap

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/sharedfiles"
)

// TestAcceptedURLsValidate generates URLs full of the characters a URI
// parser cares about (seeded, so the run is repeatable); every one that Add
// accepts, as a loc or as an image, must give a file the schemas accept
// (rule 1).
func TestAcceptedURLsValidate(t *testing.T) {
	sharedfiles.XSDDir(t)
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abcXYZ0123456789-._~:/?@!$&'()*+,;=\"<>\\^`{|}[]#%"
	tail := func(n int) string {
		var b strings.Builder
		for range n {
			if r.IntN(10) == 0 {
				b.WriteString([]string{"%41", "%e2%82%ac", "%", "%4", "//", "../"}[r.IntN(6)])
				continue
			}
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	hosts := []string{"cdn.example.net", "[::1]:8080", "[2001:db8::1]", "a_b.example", "EXAMPLE.org:80", "127.0.0.1"}
	s := newMemSink()
	w := NewWriter(s, Options{SiteURL: siteURL})
	var locs, images, refused int
	for i := range 3000 {
		var u URL
		if i%2 == 0 {
			u = URL{Loc: "https://example.com/" + tail(1+r.IntN(12))}
		} else {
			host := hosts[r.IntN(len(hosts))]
			if r.IntN(4) == 0 {
				host = tail(1 + r.IntN(6))
			}
			u = URL{Loc: fmt.Sprintf("https://example.com/image-host/%d", i), Images: []string{"https://" + host + "/" + tail(r.IntN(10))}}
		}
		if w.Add(u) != nil {
			refused++
		} else if u.Images == nil {
			locs++
		} else {
			images++
		}
	}
	t.Logf("accepted %d locs and %d images, refused %d", locs, images, refused)
	if locs < 100 || images < 100 || refused < 100 {
		t.Fatalf("accepted %d locs and %d images, refused %d: the generator no longer exercises every side", locs, images, refused)
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	validateSet(t, s, "")
}

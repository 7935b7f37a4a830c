package content

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestImageCredentials (issue 26, item 4): an image URL with credentials
// (user:password@, or a token as the user name) fails its post with an
// error naming the post and line; the message never shows them.
func TestImageCredentials(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // the problems
	}{
		{"hero", "---\ntitle: T\ndate: 2025-01-01\nimage: http://user:pass@example.com/x.jpg\n---\nHi.\n",
			[]string{`posts/t.md:4: image: "http://xxxxx@example.com/x.jpg" has credentials (user:password@) in its URL, which would be published with it: serve the image without them, or use a local copy`}},
		{"hero mapping, token as user", "---\ntitle: T\ndate: 2025-01-01\nimage:\n  src: https://ghp_TOKEN@example.com/x.jpg\n  alt: x\n---\nHi.\n",
			[]string{`posts/t.md:4: image: "https://xxxxx@example.com/x.jpg" has credentials`}},
		{"inline", "---\ntitle: T\ndate: 2025-01-01\n---\nHi.\n\n![](https://u:p@example.com/y.png)\n",
			[]string{`posts/t.md:7: body: image "https://xxxxx@example.com/y.png" has credentials`, `posts/t.md:7: body: image "https://xxxxx@example.com/y.png" has no alt text`}},
		// Held already: a plain URL, and an @ in the path, are no credentials.
		{"plain", "---\ntitle: T\ndate: 2025-01-01\nimage: https://example.com/@me/x.jpg\n---\nHi.\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse("posts/t.md", []byte(tt.src), testOpts())
			var got []string
			for _, p := range ps {
				got = append(got, p.Error())
				if strings.Contains(p.Error(), ":pass@") || strings.Contains(p.Error(), "TOKEN") || strings.Contains(p.Error(), "u:p@") {
					t.Errorf("message shows the credentials: %s", p.Error())
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("%s", cmp.Diff(tt.want[i], got[i]))
				}
			}
		})
	}
}

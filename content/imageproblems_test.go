package content

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestImageProblemsReadAlike: a problem with an image in the body reads as
// one with the hero does, with its field first — the hero's key, body for
// the others — and then the image's source, which in the body also says it
// is an image: "image: "x" …" beside "body: image "x" …".
func TestImageProblemsReadAlike(t *testing.T) {
	dir := t.TempDir()
	const src = "---\ntitle: T\nimage: %s\n---\nText.\n\n![An image](%s)\n"
	tests := []struct {
		name  string
		image string // the hero's and the inline image's source
		want  []string
	}{
		{"a scheme that is refused", "javascript:x", []string{
			`posts/p.md:3: image: "javascript:x" has scheme "javascript": only http(s) URLs and local paths are allowed`,
			`posts/p.md:7: body: image "javascript:x" has scheme "javascript": only http(s) URLs and local paths are allowed`,
		}},
		{"protocol-relative", "//cdn.example.com/a.png", []string{
			`posts/p.md:3: image: "//cdn.example.com/a.png" is protocol-relative: write https://cdn.example.com…`,
			`posts/p.md:7: body: image "//cdn.example.com/a.png" is protocol-relative: write https://cdn.example.com…`,
		}},
		{"a local file that is not there", "/missing.png", []string{
			`posts/p.md:3: image: "/missing.png" is neither an http(s) URL nor an existing file (looked for ` + filepath.ToSlash(filepath.Join(dir, "missing.png")) + `)`,
			`posts/p.md:7: body: image "/missing.png" is neither an http(s) URL nor an existing file (looked for ` + filepath.ToSlash(filepath.Join(dir, "missing.png")) + `)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/p.md", []byte(strings.ReplaceAll(src, "%s", tt.image)), testOpts())
			if p == nil {
				t.Fatalf("got no post, problems %s", problemList(ps))
			}
			_, local := CheckLocalImages(p, LocalDirs{Content: dir})
			ps = append(ps, local...)
			var got []string
			for _, pr := range ps {
				got = append(got, pr.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInlineImageWithoutAlt: the warning about an image in the body without
// alt text names the body as its field, whether the image is Markdown's or a
// shortcode's.
func TestInlineImageWithoutAlt(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"markdown", "![](/a.png)\n", `posts/p.md:4: body: image "/a.png" has no alt text`},
		{"shortcode", "{{image: /a.png}}\n", `posts/p.md:4: body: image "/a.png" has no alt text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse("posts/p.md", []byte("---\ntitle: T\n---\n"+tt.body), testOpts())
			var got []string
			for _, pr := range ps {
				got = append(got, pr.Error())
			}
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

package cli_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/cli"
)

// siteConfig is site.txtar's config with more lines under site: and after.
func siteConfig(site, rest string) string {
	return "site:\n  url: https://example.com/\n  title: CLI Test\n  timezone: UTC\n" + site + rest
}

// TestFilesOutsideTheSite (issue 26, items 1–3): every file seopipe reads
// from the site (robots.txt, the logo, seo.defaultImage, avatars, themes,
// fonts) is refused, naming it, when it or a symlink on the way leads out
// of the site; nothing of the outside file reaches the output or the log.
func TestFilesOutsideTheSite(t *testing.T) {
	t.Setenv("SEOPIPE_TEST_TOKEN", "SECRET-in-the-environment")
	outside := t.TempDir()
	var pngData bytes.Buffer
	m := image.NewNRGBA(image.Rect(0, 0, 120, 120))
	for i := range m.Pix {
		m.Pix[i] = 0xff
	}
	m.Set(1, 1, color.NRGBA{1, 2, 3, 255})
	if err := png.Encode(&pngData, m); err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"secret.txt":  "SECRET=ghp_SECRET\n",
		"secret.png":  pngData.String() + "SECRET",
		"secret.yaml": "background:\n  from: ghp_SECRET\n",
		"font.ttf":    "SECRET not a font",
	}
	for name, data := range secrets {
		writeFile(t, filepath.Join(outside, name), data)
	}
	out := func(name string) string { return filepath.Join(outside, name) }
	tests := []struct {
		name   string
		extra  map[string]string
		links  map[string]string // link in the site -> target
		code   int
		stderr string
	}{
		{name: "static robots.txt", links: map[string]string{"static/robots.txt": out("secret.txt")},
			code: cli.ExitFailed, stderr: "static/robots.txt: leads outside the site"},
		{name: "content robots.txt", links: map[string]string{"content/robots.txt": "/proc/self/environ"},
			code: cli.ExitFailed, stderr: "content/robots.txt: leads outside the site"},
		{name: "robots.txt through a symlinked dir", links: map[string]string{"static": outside},
			code: cli.ExitFailed, stderr: "robots.txt: leads outside the site"},
		{name: "logo", extra: map[string]string{"seopipe.yaml": siteConfig("  publisher:\n    logo: /logo.png\n", "")},
			links: map[string]string{"static/logo.png": out("secret.png")},
			code:  cli.ExitFailed, stderr: "seopipe.yaml:6: site.publisher.logo: static/logo.png: leads outside the site"},
		{name: "default image", extra: map[string]string{"seopipe.yaml": siteConfig("", "seo:\n  defaultImage: /d.png\n")},
			links: map[string]string{"static/d.png": out("secret.png")},
			code:  cli.ExitFailed, stderr: "seo.defaultImage: static/d.png: leads outside the site"},
		{name: "avatar", extra: map[string]string{
			"seopipe.yaml":         siteConfig("  author: Ana\n  authors:\n    Ana:\n      image: /ana.png\n", ""),
			"content/posts/ana.md": "---\ntitle: By Ana\ndate: 2025-01-05\nauthor: Ana\n---\nHi.\n"},
			links: map[string]string{"static/ana.png": out("secret.png")},
			code:  cli.ExitFailed, stderr: "site.authors.Ana.image: static/ana.png: leads outside the site"},
		{name: "post card.theme climbing out", extra: map[string]string{
			"content/posts/t.md": "---\ntitle: Themed\ndate: 2025-01-05\ncard:\n  theme: OUTSIDE/secret.yaml\n---\nHi.\n"},
			code: cli.ExitFailed, stderr: "card.theme: load theme: " + filepath.ToSlash(out("secret.yaml")) + ": leads outside the site"},
		{name: "post card.theme absolute", extra: map[string]string{
			"content/posts/t.md": "---\ntitle: Themed\ndate: 2025-01-05\ncard:\n  theme: /etc/passwd\n---\nHi.\n"},
			code: cli.ExitFailed, stderr: "card.theme: load theme: /etc/passwd: leads outside the site"},
		{name: "post card.theme symlinked", extra: map[string]string{
			"content/posts/t.md": "---\ntitle: Themed\ndate: 2025-01-05\ncard:\n  theme: themes/t.yaml\n---\nHi.\n"},
			links: map[string]string{"themes/t.yaml": out("secret.yaml")},
			code:  cli.ExitFailed, stderr: "card.theme: load theme: themes/t.yaml: leads outside the site"},
		{name: "cards.theme", extra: map[string]string{"seopipe.yaml": siteConfig("", "cards:\n  theme: themes/t.yaml\n")},
			links: map[string]string{"themes/t.yaml": out("secret.yaml")},
			code:  cli.ExitUsage, stderr: "cards.theme: load theme: themes/t.yaml: leads outside the site"},
		{name: "font", extra: map[string]string{"seopipe.yaml": siteConfig("", "cards:\n  fonts:\n    regular: fonts/f.ttf\n")},
			links: map[string]string{"fonts/f.ttf": out("font.ttf")},
			code:  cli.ExitUsage, stderr: "cards.fonts.regular: load font: fonts/f.ttf: leads outside the site"},
		// What held already stays: a hero through a symlink is refused.
		{name: "hero", extra: map[string]string{
			"content/posts/h.md": "---\ntitle: Hero\ndate: 2025-01-05\nimage: /h.png\n---\nHi.\n"},
			links: map[string]string{"static/h.png": out("secret.png")},
			code:  cli.ExitFailed, stderr: `content/posts/h.md:4: image: "/h.png" leads outside the site`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, "site.txtar", nil)
			up, err := filepath.Rel(dir, outside) // "../../002": climbs out
			if err != nil {
				t.Fatal(err)
			}
			for name, data := range tt.extra {
				writeFile(t, filepath.Join(dir, name), strings.ReplaceAll(data, "OUTSIDE", filepath.ToSlash(up)))
			}
			for link, target := range tt.links {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, link)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
					t.Skipf("cannot create symlinks here: %v", err)
				}
			}
			if tt.name == "robots.txt through a symlinked dir" {
				writeFile(t, filepath.Join(outside, "robots.txt"), "Disallow: /SECRET\n")
			}
			r := runCLI(t, context.Background(), dir, nil, "build", now)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d:\n%s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, r.stderr)
			}
			if strings.Contains(r.stderr+r.stdout, "SECRET") {
				t.Errorf("the log shows the outside file:\n%s", r.stderr)
			}
			filepath.WalkDir(filepath.Join(dir, "public"), func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return nil
				}
				if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("SECRET")) {
					t.Errorf("%s holds the outside file", p)
				}
				return nil
			})
		})
	}
}

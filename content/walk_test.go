package content

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// writeFiles creates files (slash-separated paths relative to dir) with the
// given contents.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot create symlinks here: %v", err)
	}
}

// rels returns the Rel of each source.
func rels(srcs []Source) []string {
	var out []string
	for _, s := range srcs {
		out = append(out, s.Rel)
	}
	return out
}

func TestWalk(t *testing.T) {
	tmp := t.TempDir()
	root := filepath.Join(tmp, "content")
	writeFiles(t, root, map[string]string{
		"b.md":                  "x",
		"a.markdown":            "x",
		"C.MD":                  "x",
		"astro.mdx":             "x",
		"page.MDX":              "x",
		"notes.txt":             "x",
		"post.md.bak":           "x",
		".hidden.md":            "x",
		".git/x.md":             "x",
		".seopipe-cache/x.md":   "x",
		"node_modules/pkg/x.md": "x",
		"public/out.md":         "x",
		"sub/d.md":              "x",
		"sub-e.md":              "x",
		"z/deep/er/f.md":        "x",
		"sub/.drafts/g.md":      "x",
	})
	writeFiles(t, tmp, map[string]string{"outside/secret.md": "x"})
	symlink(t, filepath.Join("sub", "d.md"), filepath.Join(root, "link-inside.md"))
	symlink(t, filepath.Join(tmp, "outside", "secret.md"), filepath.Join(root, "link-outside.md"))
	symlink(t, filepath.Join(root, "missing.md"), filepath.Join(root, "link-broken.md"))
	symlink(t, filepath.Join(root, "sub"), filepath.Join(root, "dirlink"))
	symlink(t, filepath.Join(root, "sub"), filepath.Join(root, "dirlink.md"))
	symlink(t, filepath.Join(tmp, "outside"), filepath.Join(root, "outlink"))

	srcs, ps, err := Walk(context.Background(), root, []string{filepath.Join(root, "public")})
	if err != nil {
		t.Fatalf("Walk error: %v", err)
	}
	want := []string{
		"C.MD", "a.markdown", "astro.mdx", "b.md", "link-inside.md", "page.MDX", "sub-e.md", "sub/d.md", "z/deep/er/f.md",
	}
	if d := cmp.Diff(want, rels(srcs)); d != "" {
		t.Errorf("Walk sources mismatch (-want +got):\n%s", d)
	}
	for _, s := range srcs {
		if want := filepath.Join(root, filepath.FromSlash(s.Rel)); s.Abs != want {
			t.Errorf("source %s: got Abs %q, want %q", s.Rel, s.Abs, want)
		}
	}

	type prob struct{ Path, Substr string }
	wantProbs := []prob{
		{"link-broken.md", "broken symlink"},
		{"link-outside.md", "symlink points outside the content directory"},
	}
	var got []prob
	for _, p := range ps {
		var sub string
		for _, w := range wantProbs {
			if p.Path == w.Path && strings.Contains(p.Message, w.Substr) {
				sub = w.Substr
			}
		}
		got = append(got, prob{p.Path, sub})
		if p.Severity != diag.Error {
			t.Errorf("problem %q: got severity %d, want Error", p.Error(), p.Severity)
		}
	}
	if d := cmp.Diff(wantProbs, got); d != "" {
		t.Errorf("Walk problems mismatch (-want +got):\n%s\nproblems: %s", d, problemList(ps))
	}
}

// TestWalkRootSymlink checks a content directory that is itself a symlink
// (content -> ../shared/posts): its files are listed, and its own symlinks
// to files inside it are not taken for escapes.
// TestWalkJekyllSite: pointed at a Jekyll site's root (it has _config.yml),
// the walk lists the posts of _posts and _drafts, wherever they are, and
// leaves its pages and the gems bundler installs under vendor/.
func TestWalkJekyllSite(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"_config.yml":                        "title: Blog\n",
		"index.md":                           "---\nlayout: home\n---\n",
		"about.md":                           "x",
		"README.md":                          "x",
		"_posts/2024-01-01-a.md":             "x",
		"_drafts/b.md":                       "x",
		"blog/_posts/2024-02-02-c.md":        "x",
		"_site/2024/01/01/a.md":              "x",
		"vendor/bundle/gem/_posts/2020-x.md": "x",
		"vendor/bundle/gem/README.md":        "x",
	})
	srcs, ps, err := Walk(context.Background(), root, nil)
	if err != nil || len(ps) > 0 {
		t.Fatalf("Walk: %v, %v", err, ps)
	}
	want := []string{"_drafts/b.md", "_posts/2024-01-01-a.md", "blog/_posts/2024-02-02-c.md"}
	if d := cmp.Diff(want, rels(srcs)); d != "" {
		t.Errorf("Walk sources (-want +got):\n%s", d)
	}
}

func TestWalkRootSymlink(t *testing.T) {
	tmp := t.TempDir()
	real := filepath.Join(tmp, "real")
	writeFiles(t, real, map[string]string{"a.md": "x", "sub/b.md": "x", "public/c.md": "x"})
	symlink(t, filepath.Join("sub", "b.md"), filepath.Join(real, "link.md"))
	root := filepath.Join(tmp, "content")
	symlink(t, real, root)

	srcs, ps, err := Walk(context.Background(), root, []string{filepath.Join(root, "public")})
	if err != nil {
		t.Fatalf("Walk error: %v", err)
	}
	if d := cmp.Diff([]string{"a.md", "link.md", "sub/b.md"}, rels(srcs)); d != "" {
		t.Errorf("Walk sources mismatch (-want +got):\n%s", d)
	}
	if len(ps) != 0 {
		t.Errorf("got problems %s, want none", problemList(ps))
	}
	for _, s := range srcs {
		if _, err := os.Stat(s.Abs); err != nil {
			t.Errorf("source %s: Abs %q does not exist: %v", s.Rel, s.Abs, err)
		}
	}
}

func TestWalkErrors(t *testing.T) {
	tmp := t.TempDir()
	writeFiles(t, tmp, map[string]string{"file.md": "x"})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		root   string
		substr string
	}{
		{"missing root", context.Background(), filepath.Join(tmp, "nope"), "content dir"},
		{"root is a file", context.Background(), filepath.Join(tmp, "file.md"), "not a directory"},
		{"canceled", canceled, tmp, context.Canceled.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, ps, err := Walk(tt.ctx, tt.root, nil)
			if err == nil || !strings.Contains(err.Error(), tt.substr) {
				t.Fatalf("Walk error = %v, want one containing %q", err, tt.substr)
			}
			if srcs != nil || ps != nil {
				t.Errorf("got sources %v and problems %v with an error, want none", srcs, ps)
			}
		})
	}
	if _, _, err := Walk(canceled, tmp, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Walk with a canceled context: got %v, want context.Canceled", err)
	}
}

func TestWalkUnreadableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"a.md": "x", "locked/b.md": "x"})
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })
	srcs, ps, err := Walk(context.Background(), root, nil)
	if err != nil {
		t.Fatalf("Walk error: %v", err)
	}
	if d := cmp.Diff([]string{"a.md"}, rels(srcs)); d != "" {
		t.Errorf("Walk sources mismatch (-want +got):\n%s", d)
	}
	if len(ps) != 1 || ps[0].Path != "locked" || !strings.Contains(ps[0].Message, "cannot read") {
		t.Errorf("got problems %s, want one for locked: cannot read", problemList(ps))
	}
}

func TestIsMarkdown(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.md", true}, {"a.MD", true}, {"a.markdown", true}, {"dir/a.Markdown", true},
		{"a.mdx", true}, {"a.MDX", true}, {"a.mdxx", false}, {"a.txt", false}, {"md", false}, {"a.md.bak", false}, {"", false},
	}
	for _, tt := range tests {
		if got := IsMarkdown(tt.name); got != tt.want {
			t.Errorf("IsMarkdown(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ok.md": "---\ntitle: T\n---\n"})
	big := filepath.Join(dir, "big.md")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// A sparse file: the size without the disk space.
	if err := os.Truncate(big, MaxFileBytes+1); err != nil {
		t.Fatal(err)
	}

	data, pr := ReadSource(Source{Rel: "ok.md", Abs: filepath.Join(dir, "ok.md")})
	if pr != nil || string(data) != "---\ntitle: T\n---\n" {
		t.Errorf("ReadSource(ok.md) = %q, %v; want the file and no problem", data, pr)
	}

	tests := []struct {
		name   string
		src    Source
		substr string
	}{
		{"over the limit", Source{Rel: "big.md", Abs: big}, "file is over the 64 MiB limit for a post"},
		{"missing", Source{Rel: "gone.md", Abs: filepath.Join(dir, "gone.md")}, "cannot read: no such file or directory"},
		{"a directory", Source{Rel: "dir.md", Abs: dir}, "cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, pr := ReadSource(tt.src)
			if pr == nil {
				t.Fatalf("ReadSource(%s) = %d bytes and no problem, want a problem containing %q", tt.src.Rel, len(data), tt.substr)
			}
			if data != nil {
				t.Errorf("ReadSource(%s) returned %d bytes with a problem, want none", tt.src.Rel, len(data))
			}
			if pr.Path != tt.src.Rel || pr.Line != 0 || !strings.Contains(pr.Message, tt.substr) {
				t.Errorf("got problem %q, want %s: …%s…", pr.Error(), tt.src.Rel, tt.substr)
			}
		})
	}
}

func TestCheckLocalImages(t *testing.T) {
	top := t.TempDir()
	site := filepath.Join(top, "site")
	root := filepath.Join(site, "content")
	static := filepath.Join(site, "static")
	writeFiles(t, top, map[string]string{"secret.txt": "outside the site"})
	writeFiles(t, site, map[string]string{
		"static/images/x.jpg":                   "jpg",
		"content/posts/img/x.png":               "png",
		"content/posts/img/my pic.png":          "png",
		"content/shared/root.png":               "png",
		"content/posts/img/dir.png/a.txt":       "a directory named like an image",
		"static/images/dir-then-file.jpg/a.txt": "a directory where the first place looked has it",
		"content/images/dir-then-file.jpg":      "the file, in the second place",
		"src/assets/hero.png":                   "Astro's assets, beside the content",
	})
	symlink(t, filepath.Join(top, "secret.txt"), filepath.Join(site, "static/images/leak.jpg"))
	symlink(t, "../../../../secret.txt", filepath.Join(site, "content/posts/img/leak.png"))
	tests := []struct {
		name   string
		src    string
		file   string // the resolved file, relative to site; "" when none
		substr string // the problem, or ""
	}{
		{"static dir", "/images/x.jpg", "static/images/x.jpg", ""},
		{"content root", "/shared/root.png", "content/shared/root.png", ""},
		{"next to the post", "img/x.png", "content/posts/img/x.png", ""},
		{"dot-relative", "./img/x.png", "content/posts/img/x.png", ""},
		{"query and fragment dropped", "img/x.png?v=2#top", "content/posts/img/x.png", ""},
		{"percent-encoded space", "img/my%20pic.png", "content/posts/img/my pic.png", ""},
		{"remote left alone", "https://example.com/a.png", "", ""},
		{"missing", "img/missing.png", "", "is neither an http(s) URL nor an existing file"},
		{"missing absolute", "/images/missing.jpg", "", "is neither an http(s) URL nor an existing file"},
		{"a directory", "img/dir.png", "", "is not a regular file: "},
		{"a directory, then a file", "/images/dir-then-file.jpg", "content/images/dir-then-file.jpg", ""},
		{"climbs to the site's own files", "../../src/assets/hero.png", "src/assets/hero.png", ""},
		{"climbs out", "../../../../etc/passwd", "", "leads outside the site"},
		{"climbs out of the site", "../../../secret.txt", "", "leads outside the site"},
		{"absolute climbs out", "/../../secret.txt", "", "leads outside the site"},
		{"fragment only", "#top", "", "is neither an http(s) URL nor a file path"},
		{"symlink out of the static dir", "/images/leak.jpg", "", "leads outside the site"},
		{"relative symlink out", "img/leak.png", "", "leads outside the site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &post.Post{
				Source:       "posts/p.md",
				Image:        &post.Image{Src: tt.src, Line: 4},
				InlineImages: []post.InlineImage{{Src: tt.src, Line: 12}},
			}
			files, ps := CheckLocalImages(p, LocalDirs{Content: root, Static: []string{static}, Site: site})
			wantFile := ""
			if tt.file != "" {
				wantFile = filepath.Join(site, filepath.FromSlash(tt.file))
			}
			if d := cmp.Diff(LocalFiles{Hero: wantFile, Inline: []string{wantFile}}, files); d != "" {
				t.Errorf("files (-want +got):\n%s", d)
			}
			if tt.substr == "" {
				if len(ps) != 0 {
					t.Errorf("got problems %s, want none", problemList(ps))
				}
				return
			}
			if len(ps) != 2 {
				t.Fatalf("got problems %s, want two (hero and inline)", problemList(ps))
			}
			// The hero names its field; an image in the body its own (body),
			// and says it is an image.
			for i, want := range []struct {
				line          int
				field, prefix string
			}{{4, "image", ""}, {12, "body", "image "}} {
				pr := ps[i]
				if pr.Path != "posts/p.md" || pr.Line != want.line || pr.Field != want.field ||
					!strings.HasPrefix(pr.Message, want.prefix+`"`+tt.src+`" `) || !strings.Contains(pr.Message, tt.substr) {
					t.Errorf("got problem %q, want posts/p.md:%d: %s: %s%q …%s…", pr.Error(), want.line, want.field, want.prefix, tt.src, tt.substr)
				}
			}
		})
	}
}

func TestCheckPermalink(t *testing.T) {
	tests := []struct {
		pattern string
		substr  string // "" when valid
	}{
		{"/{slug}/", ""},
		{"/blog/{year}/{month}/{day}/{slug}/", ""},
		{"/{category}/{slug}.html", ""},
		{"{slug}/", "must start with /"},
		{"", "must start with /"},
		{"/posts/", "must contain {slug}, {title}, {path} or {filename}"},
		{"/{section}/{year}/", "must contain {slug}, {title}, {path} or {filename}"},
		// Placeholders are lower case, as Hugo's and Jekyll's are.
		{"/{Slug}/", "unknown placeholder {Slug} (known: {slug}, {category}, {year}, {month}, {day}, {section}, "},
		{"/{foo}/{slug}/", "unknown placeholder {foo}"},
		{"/{}/{slug}/", "unknown placeholder {}"},
		// Issue 17: the placeholders of Hugo's and Jekyll's permalinks.
		{"/{slug}/{title}/", ""},
		{"/{sections}/{filename}/", ""},
		{"/{lang}/{path}/", ""},
		{"/news/:year/:month/:day/:title/", ""},
		{"/:section/:filename/", ""},
		{"/:year_:slug/", ""},
		{"/:foo/:slug/", "unknown placeholder :foo (known: :slug, :category, "},
	}
	for _, tt := range tests {
		err := CheckPermalink(tt.pattern)
		switch {
		case tt.substr == "" && err != nil:
			t.Errorf("CheckPermalink(%q) = %v, want nil", tt.pattern, err)
		case tt.substr != "" && (err == nil || !strings.Contains(err.Error(), tt.substr)):
			t.Errorf("CheckPermalink(%q) = %v, want an error containing %q", tt.pattern, err, tt.substr)
		}
	}
}

func TestExpandPermalink(t *testing.T) {
	date := time.Date(2025, 7, 3, 23, 30, 0, 0, malta)
	tests := []struct {
		name    string
		pattern string
		post    post.Post
		want    string
		substr  string // the error, or ""
	}{
		{"slug", "/{slug}/", post.Post{Slug: "hello"}, "/hello/", ""},
		{"all placeholders", "/{category}/{year}/{month}/{day}/{slug}/",
			post.Post{Slug: "hello", Category: "Cloud & Infrastructure", PublishedAt: date},
			"/cloud-infrastructure/2025/07/03/hello/", ""},
		{"date in its own zone", "/{year}/{month}/{day}/{slug}/",
			post.Post{Slug: "s", PublishedAt: time.Date(2025, 12, 31, 23, 30, 0, 0, malta)}, "/2025/12/31/s/", ""},
		{"empty category collapses", "/{category}/{slug}/", post.Post{Slug: "hello"}, "/hello/", ""},
		{"empty category in the middle", "/blog/{category}/{slug}.html", post.Post{Slug: "hello"}, "/blog/hello.html", ""},
		{"category of symbols only collapses", "/{category}/{slug}/", post.Post{Slug: "s", Category: "&&&"}, "/s/", ""},
		{"non-ASCII slug percent-encoded", "/{slug}/", post.Post{Slug: "夜のサーバー"},
			"/%E5%A4%9C%E3%81%AE%E3%82%B5%E3%83%BC%E3%83%90%E3%83%BC/", ""},
		{"café", "/{category}/{slug}/", post.Post{Slug: "café", Category: "Café Crème"}, "/caf%C3%A9-cr%C3%A8me/caf%C3%A9/", ""},
		{"reserved characters escaped", "/{slug}/", post.Post{Slug: "a?b#c d"}, "/a%3Fb%23c%20d/", ""},
		{"missing date with {year}", "/{year}/{slug}/", post.Post{Slug: "hello"}, "", "needs a published date for {year}"},
		{"missing date with {day}", "/{slug}/{day}/", post.Post{Slug: "hello"}, "", "needs a published date for {day}"},
		{"Jekyll's date placeholders", "/{short_year}/{i_month}/{i_day}/{hour}{minute}{second}/{slug}/",
			post.Post{Slug: "s", PublishedAt: time.Date(2025, 7, 3, 9, 5, 7, 0, malta)}, "/25/7/3/090507/s/", ""},
		{"missing date with {i_month}", "/{i_month}/{slug}/", post.Post{Slug: "s"}, "", "needs a published date for {i_month}"},
		{"categories in lower case, once each", "/{categories}/{slug}.html",
			post.Post{Slug: "s", Categories: []string{"Web Dev", "Go", "web dev", "C#"}}, "/web%20dev/go/c%23/s.html", ""},
		{"no categories collapse", "/{categories}/{slug}.html", post.Post{Slug: "s"}, "/s.html", ""},
		{"Jekyll's default date style and the other date placeholders", "/{categories}/{year}/{short_month}/{long_month}/{y_day}/{week}/{slug}{output_ext}",
			post.Post{Slug: "s", Categories: []string{"Web Dev"}, PublishedAt: time.Date(2025, 1, 5, 9, 0, 0, 0, malta)}, "/web%20dev/2025/Jan/January/005/01/s.html", ""},
		{"Jekyll's :title keeps the file name's case", "/{year}/{title}/",
			post.Post{Source: "_posts/2024-05-07-iOS-tips.md", Slug: "ios-tips", PublishedAt: time.Date(2024, 5, 7, 0, 0, 0, 0, malta)}, "/2024/iOS-tips/", ""},
		{"Jekyll's :title from the front matter's slug", "/{title}/",
			post.Post{Source: "_posts/2024-05-07-iOS-tips.md", Slug: "Mine", Lines: post.Lines{"slug": 3}}, "/Mine/", ""},
		{"slugified categories", "/{slugified_categories}/{slug}/", post.Post{Slug: "s", Categories: []string{"Web Dev", "C#"}}, "/web-dev/c/s/", ""},
		{"missing date with {week}", "/{week}/{slug}/", post.Post{Slug: "s"}, "", "needs a published date for {week}"},
		{"dot categories make no segment", "/{categories}/{slug}/", post.Post{Slug: "s", Categories: []string{"..", ".", " ", "Go"}}, "/go/s/", ""},
		// Issue 17: Hugo's :section, :sections and :filename, the path
		// under the content dir, and the language.
		{"section, the first folder", "/{section}/{slug}/", post.Post{Source: "docs/guides/Code_Syntax.md", Slug: "code_syntax"}, "/docs/code_syntax/", ""},
		{"sections, every folder", "/{sections}/{slug}/", post.Post{Source: "docs/guides/a.md", Slug: "a"}, "/docs/guides/a/", ""},
		{"no section at the top", "/{section}/{slug}/", post.Post{Source: "a.md", Slug: "a"}, "/a/", ""},
		{"a bundle's sections are above its folder", "/{sections}/{filename}/", post.Post{Source: "posts/2024/My Trip/index.md", Slug: "my-trip"}, "/posts/2024/My%20Trip/", ""},
		{"filename as written", "/{filename}/", post.Post{Source: "posts/release-v2.0.md", Slug: "x"}, "/release-v2.0/", ""},
		{"path without the extension", "/{path}/", post.Post{Source: "posts/Code_Syntax.md", Slug: "x"}, "/posts/Code_Syntax/", ""},
		{"a bundle's path is its folder", "/{path}/", post.Post{Source: "posts/trip/index.md", Slug: "x"}, "/posts/trip/", ""},
		{"lang", "/{lang}/{slug}/", post.Post{Slug: "s", Lang: "pt-BR"}, "/pt-BR/s/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExpandPermalink(tt.pattern, &tt.post, malta)
			if tt.substr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.substr) {
					t.Errorf("ExpandPermalink(%q) = %q, %v; want an error containing %q", tt.pattern, got, err, tt.substr)
				}
				if got != "" {
					t.Errorf("ExpandPermalink(%q) = %q with an error, want \"\"", tt.pattern, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ExpandPermalink(%q) error: %v", tt.pattern, err)
			}
			if got != tt.want {
				t.Errorf("ExpandPermalink(%q) = %q, want %q", tt.pattern, got, tt.want)
			}
		})
	}
}

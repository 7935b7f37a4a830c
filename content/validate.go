package content

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// CheckTranslations reports every post whose translation group (its
// translationKey) already has a post in the same language, an earlier one
// in the order given, naming both files. Those posts are still built, but
// hreflang can list one URL per language: the caller leaves them out of
// the group's alternates (rule 8), and the run fails so that someone fixes
// the language. Only the posts listed says are in a group: the sitemap's
// alternates leave out what no sitemap lists (noindex, previews of drafts
// and future posts, canonicals on another site).
func CheckTranslations(posts []*post.Post, listed func(*post.Post) bool) []diag.Problem {
	type slot struct{ key, lang string }
	first := map[slot]*post.Post{}
	var out []diag.Problem
	for _, p := range posts {
		if p.TranslationKey == "" || !listed(p) {
			continue
		}
		k := slot{p.TranslationKey, strings.ToLower(p.Lang)}
		q, dup := first[k]
		if !dup {
			first[k] = p
			continue
		}
		field, line := "lang", p.Lines["lang"]
		if line == 0 {
			field, line = "translationKey", p.Lines["translationKey"]
		}
		out = append(out, diag.Problem{Path: p.Source, Line: line, Field: field,
			Message: fmt.Sprintf("translation %q already has a post in language %q: this post is left out of its hreflang alternates (give each translation its own lang); the first is",
				p.TranslationKey, p.Lang), Other: diag.Loc{Path: q.Source, Line: q.Lines["lang"]}})
	}
	return out
}

// CheckCategories warns, once per category name, where a post's category
// makes no URL slug ("🚀": no category page, feed or breadcrumb level) or
// the slug of another name ("C#" and "C" are both "c": one page and one
// feed for both), naming the first post (in the order given) of each.
// Names that differ only in case share their page without a warning.
func CheckCategories(posts []*post.Post) []diag.Problem {
	type first struct {
		name string
		post *post.Post
	}
	bySlug := map[string]first{}
	warned := map[string]bool{}
	var out []diag.Problem
	for _, p := range posts {
		c := p.Category
		if c == "" || warned[strings.ToLower(c)] {
			continue
		}
		slug := post.Slugify(c)
		if slug == "" {
			warned[strings.ToLower(c)] = true
			out = append(out, diag.Problem{Path: p.Source, Line: p.Lines["category"], Field: "category", Severity: diag.Warning,
				Message: fmt.Sprintf("%q makes no URL slug: the post has no category page, category feed or breadcrumb level", c)})
			continue
		}
		f, seen := bySlug[slug]
		switch {
		case !seen:
			bySlug[slug] = first{c, p}
		case !strings.EqualFold(f.name, c):
			warned[strings.ToLower(c)] = true
			out = append(out, diag.Problem{Path: p.Source, Line: p.Lines["category"], Field: "category", Severity: diag.Warning,
				Message: fmt.Sprintf("%q has the URL slug %q of %q: both share one category page and feed; %q is in",
					c, slug, f.name, f.name), Other: diag.Loc{Path: f.post.Source, Line: f.post.Lines["category"]}})
		}
	}
	return out
}

// LocalDirs are where a post's local images are looked up, and how far.
type LocalDirs struct {
	Content string   // the content root, which Post.Source is relative to
	Static  []string // where paths starting with "/" are looked up first
	// Site is the site's own directory (the config file's), which a path
	// relative to the post may reach: Astro's starter names its heroes
	// "../../assets/x.jpg", from src/content/blog to src/assets. Empty
	// allows only Content and Static.
	Site string
}

// LocalFiles are the files a post's local images resolve to; "" for a
// remote image or one not found.
type LocalFiles struct {
	Hero string
	// Inline are the body's images' files, in the order of the post's
	// InlineImages.
	Inline []string
}

// CheckLocalImages resolves the post's local images to files and reports the
// ones that do not exist. A path starting with "/" is looked up in each static
// directory, then at the content root; any other path is relative to the
// post's own directory. No image may resolve outside the directories of
// dirs. Remote (http/https) images are left to the images stage. The post
// is not changed.
func CheckLocalImages(p *post.Post, dirs LocalDirs) (LocalFiles, []diag.Problem) {
	var out []diag.Problem
	var files LocalFiles
	resolve := func(src string, line int, field string, fromTemplate bool) string {
		file, err := resolveLocal(p.Source, src, dirs)
		if err != nil {
			msg := fmt.Sprintf("%q %v", src, err)
			if field == BodyField { // not the hero: say which image, as Parse does
				msg = "image " + msg
			}
			pr := diag.Problem{Path: p.Source, Line: line, Field: field, Message: msg}
			if fromTemplate {
				// What a template left of the URL: the warning about the
				// template said to write it out; the image is left as it is.
				pr.Severity = diag.Warning
				pr.Message += ": it is left as written, unprocessed"
			}
			out = append(out, pr)
		}
		return file
	}
	if p.Image != nil && isLocal(p.Image.Src) {
		files.Hero = resolve(p.Image.Src, p.Image.Line, "image", false)
	}
	if len(p.InlineImages) > 0 {
		files.Inline = make([]string, len(p.InlineImages))
	}
	for i, img := range p.InlineImages {
		if isLocal(img.Src) {
			files.Inline[i] = resolve(img.Src, img.Line, BodyField, img.FromTemplate)
		}
	}
	return files, out
}

func resolveLocal(source, src string, dirs LocalDirs) (string, error) {
	root := dirs.Content
	u, err := url.Parse(src)
	if err != nil {
		return "", fmt.Errorf("is not a valid path: %v", err)
	}
	rel := u.Path // query and fragment dropped; %-escapes decoded
	if rel == "" {
		return "", fmt.Errorf("is neither an http(s) URL nor a file path")
	}
	var candidates []string
	if strings.HasPrefix(rel, "/") {
		for _, d := range dirs.Static {
			candidates = append(candidates, filepath.Join(d, filepath.FromSlash(rel)))
		}
		candidates = append(candidates, filepath.Join(root, filepath.FromSlash(rel)))
		if dirs.Site != "" {
			// Jekyll keeps its assets anywhere in the site's directory.
			candidates = append(candidates, filepath.Join(dirs.Site, filepath.FromSlash(rel)))
		}
	} else {
		candidates = append(candidates, filepath.Join(root, filepath.FromSlash(path.Dir(source)), filepath.FromSlash(rel)))
	}
	allowed := append([]string{root}, dirs.Static...)
	outside := "outside the content and static directories"
	if dirs.Site != "" {
		allowed = append(allowed, dirs.Site)
		outside = "outside the site's directory (" + filepath.ToSlash(dirs.Site) + ")"
	}
	for _, c := range candidates {
		abs, err := filepath.Abs(c)
		if err != nil {
			continue
		}
		if !insideAny(allowed, abs, false) {
			return "", fmt.Errorf("resolves %s", outside)
		}
		if st, err := os.Stat(abs); err == nil && st.Mode().IsRegular() {
			// A symlink may not lead out either.
			if real, err := filepath.EvalSymlinks(abs); err != nil || !insideAny(allowed, real, true) {
				return "", fmt.Errorf("is a symlink that leads %s", outside)
			}
			return abs, nil
		}
	}
	where := make([]string, len(candidates))
	for i, c := range candidates {
		where[i] = filepath.ToSlash(c)
	}
	return "", fmt.Errorf("is neither an http(s) URL nor an existing file (looked for %s)", strings.Join(where, ", "))
}

// insideAny reports whether path is inside one of dirs (made absolute, and
// with symlinks resolved when real is set).
func insideAny(dirs []string, path string, real bool) bool {
	for _, d := range dirs {
		a, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		if real {
			if r, err := filepath.EvalSymlinks(a); err == nil {
				a = r
			}
		}
		if within(a, path) {
			return true
		}
	}
	return false
}

// isLocal reports whether src is a path (no scheme, no host): URLs, good or
// bad, are not files; Parse reports the bad ones.
func isLocal(src string) bool {
	u, err := url.Parse(src)
	return err == nil && u.Scheme == "" && u.Host == ""
}

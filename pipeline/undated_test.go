package pipeline

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// TestUndatedWarning: a published post without a date is named once, at
// the line its front matter opens on (where the date goes), by a check as
// by a build; a draft or noindex post, which no feed would list anyway, is
// not.
func TestUndatedWarning(t *testing.T) {
	files := map[string]string{
		"seopipe.yaml":           badSiteConfig,
		"static/images/logo.png": pngOf(t, 200, 200),
		// Blank lines before the front matter, as Hugo allows: it opens
		// on line 3.
		"content/posts/undated.md": "\n\n---\ntitle: Undated\n---\nNo date.\n",
		"content/posts/draft.md":   md("title: Draft\ndraft: true\n", "No date.\n"),
		"content/posts/hidden.md":  md("title: Hidden\nnoindex: true\n", "No date.\n"),
		"content/posts/dated.md":   md("title: Dated\ndate: 2025-10-01\n", "A date.\n"),
	}
	undated := diag.Problem{Path: "posts/undated.md", Line: 3, Field: "publishedAt", Severity: diag.Warning,
		Message: "no date: the post is kept out of the feeds and the news sitemap"}
	tests := []struct {
		name   string
		check  bool
		drafts bool
	}{
		{name: "build"},
		{name: "check", check: true},
		{name: "build with drafts", drafts: true},
		{name: "check with drafts", check: true, drafts: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := buildSite(t, files, func(o *Options) {
				o.CheckOnly, o.Drafts = tt.check, tt.drafts
			})
			if diff := cmp.Diff([]diag.Problem{undated}, b.res.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPermalinkNeedsDateLine: the error of a post that site.permalink
// needs a date from names the line its front matter opens on, as the
// warning of an undated post does, not line 1.
func TestPermalinkNeedsDateLine(t *testing.T) {
	for _, check := range []bool{false, true} {
		b, _ := buildSite(t, map[string]string{
			"seopipe.yaml":             badSiteConfig,
			"static/images/logo.png":   pngOf(t, 200, 200),
			"content/posts/undated.md": "\n---\ntitle: Undated\n---\nNo date.\n",
			"content/posts/dated.md":   md("title: Dated\ndate: 2025-10-01\n", "A date.\n"),
		}, func(o *Options) {
			o.CheckOnly = check
			o.Config.Site.Permalink = "/{year}/{slug}/"
		})
		want := []diag.Problem{{Path: "posts/undated.md", Line: 2, Field: "publishedAt",
			Message: `missing: permalink "/{year}/{slug}/" needs a published date for {year}`}}
		if diff := cmp.Diff(want, b.res.Problems); diff != "" {
			t.Errorf("check %v: problems (-want +got):\n%s", check, diff)
		}
	}
}

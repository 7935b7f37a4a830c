package site

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

func TestCheckTranslations(t *testing.T) {
	mk := func(source, key, lang string, langLine, keyLine int, noindex bool) *post.Post {
		p := &post.Post{Source: source, TranslationKey: key, Lang: lang, NoIndex: noindex, Lines: post.Lines{}}
		if langLine > 0 {
			p.Lines["lang"] = langLine
		}
		if keyLine > 0 {
			p.Lines["translationKey"] = keyLine
		}
		return p
	}
	const left = ": this post is left out of its hreflang alternates (give each translation its own lang); the first is"
	tests := []struct {
		name  string
		posts []*post.Post
		want  []diag.Problem
	}{
		{
			name:  "one post per language",
			posts: []*post.Post{mk("a.md", "k", "en", 3, 4, false), mk("b.md", "k", "fr", 3, 4, false), mk("c.md", "j", "en", 3, 4, false)},
		},
		{
			name:  "the later post in a language is reported, with the first named",
			posts: []*post.Post{mk("a.md", "k", "en", 3, 4, false), mk("b.md", "k", "fr", 3, 4, false), mk("c.md", "k", "en", 5, 6, false)},
			want:  []diag.Problem{{Path: "c.md", Line: 5, Field: "lang", Message: `translation "k" already has a post in language "en"` + left, Other: diag.Loc{Path: "a.md", Line: 3}}},
		},
		{
			// Without a lang line the language is the site's: the
			// translationKey line is the one to look at.
			name:  "the site's language",
			posts: []*post.Post{mk("a.md", "k", "en", 0, 2, false), mk("b.md", "k", "en", 0, 7, false)},
			want:  []diag.Problem{{Path: "b.md", Line: 7, Field: "translationKey", Message: `translation "k" already has a post in language "en"` + left, Other: diag.Loc{Path: "a.md", Line: 0}}},
		},
		{
			name:  "languages compare without case",
			posts: []*post.Post{mk("a.md", "k", "pt-BR", 3, 4, false), mk("b.md", "k", "pt-br", 3, 4, false)},
			want:  []diag.Problem{{Path: "b.md", Line: 3, Field: "lang", Message: `translation "k" already has a post in language "pt-br"` + left, Other: diag.Loc{Path: "a.md", Line: 3}}},
		},
		{
			name:  "unlisted posts (here noindex) are in no group",
			posts: []*post.Post{mk("a.md", "k", "en", 3, 4, true), mk("b.md", "k", "en", 3, 4, false), mk("c.md", "k", "en", 3, 4, true)},
		},
		{
			name:  "posts without a key",
			posts: []*post.Post{mk("a.md", "", "en", 3, 0, false), mk("b.md", "", "en", 3, 0, false)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listed := func(pg *Page) bool { return !pg.Post.NoIndex }
			pages := make([]*Page, len(tt.posts))
			for i, p := range tt.posts {
				pages[i] = &Page{Post: p}
			}
			if diff := cmp.Diff(tt.want, CheckTranslations(pages, listed)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckCategories(t *testing.T) {
	mk := func(source, category string, line int) *post.Post {
		return &post.Post{Source: source, Category: category, Lines: post.Lines{"category": line}}
	}
	tests := []struct {
		name  string
		posts []*post.Post
		want  []diag.Problem
	}{
		{
			name:  "distinct slugs, and names that differ in case",
			posts: []*post.Post{mk("a.md", "Go", 3), mk("b.md", "go", 3), mk("c.md", "Rust", 3), mk("d.md", "", 0)},
		},
		{
			name:  "one slug for three names: each later name once",
			posts: []*post.Post{mk("a.md", "C", 3), mk("b.md", "C++", 4), mk("c.md", "C#", 5), mk("d.md", "C++", 6), mk("e.md", "c#", 7)},
			want: []diag.Problem{
				{Path: "b.md", Line: 4, Field: "category", Severity: diag.Warning, Message: `"C++" has the URL slug "c" of "C": both share one category page and feed; "C" is in`, Other: diag.Loc{Path: "a.md", Line: 3}},
				{Path: "c.md", Line: 5, Field: "category", Severity: diag.Warning, Message: `"C#" has the URL slug "c" of "C": both share one category page and feed; "C" is in`, Other: diag.Loc{Path: "a.md", Line: 3}},
			},
		},
		{
			name:  "no slug at all",
			posts: []*post.Post{mk("a.md", "🚀", 2), mk("b.md", "🚀", 2)},
			want: []diag.Problem{{Path: "a.md", Line: 2, Field: "category", Severity: diag.Warning,
				Message: `"🚀" makes no URL slug: the post has no category page, category feed or breadcrumb level`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, CheckCategories(tt.posts)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

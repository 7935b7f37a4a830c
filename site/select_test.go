package site

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// selected is what a test compares of a Selection: the published posts as
// "key url", the counts, and the problems as "path:line: field: message"
// with a severity mark.
type selected struct {
	Posts                                                []string
	Sections                                             []string
	Candidates                                           int
	NSections, Drafts, Future, Expired, Headless, Failed int
	Dups                                                 []string
	Problems                                             []string
}

func summarise(sel *Selection) selected {
	s := selected{Candidates: sel.Candidates, NSections: sel.Sections, Drafts: sel.Drafts, Future: sel.Future,
		Expired: sel.Expired, Headless: sel.Headless, Failed: sel.Failed}
	for _, p := range sel.Posts {
		s.Posts = append(s.Posts, p.Key+" "+p.URL)
	}
	for _, p := range sel.SectionPages {
		s.Sections = append(s.Sections, p.Source)
	}
	for src := range sel.TranslationDups {
		s.Dups = append(s.Dups, src)
	}
	for _, p := range sel.Problems {
		mark := "E "
		if p.Severity == diag.Warning {
			mark = "W "
		}
		s.Problems = append(s.Problems, mark+p.Error())
	}
	return s
}

func TestSelect(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return now.AddDate(0, 0, d) }
	mk := func(slug string, published time.Time, edit func(*post.Post)) *post.Post {
		p := &post.Post{Slug: slug, Title: slug, Source: slug + ".md", PublishedAt: published, FrontMatterLine: 1,
			Lines: post.Lines{"slug": 2, "canonical": 3, "expiryDate": 4, "updatedAt": 5}}
		if edit != nil {
			edit(p)
		}
		return p
	}
	base := SelectOptions{Now: now, Permalink: "/{slug}/", Location: time.UTC, Expand: content.ExpandPermalink, SiteURL: "https://example.com/"}
	tests := []struct {
		name   string
		posts  func() []*post.Post
		failed []string
		opts   func(*SelectOptions)
		want   selected
	}{{
		name: "newest first, undated last",
		posts: func() []*post.Post {
			return []*post.Post{mk("old", day(-9), nil), mk("undated", time.Time{}, nil), mk("new", day(-1), nil)}
		},
		want: selected{Posts: []string{"new https://example.com/new/", "old https://example.com/old/", "undated https://example.com/undated/"},
			Candidates: 3,
			Problems:   []string{"W undated.md:1: publishedAt: no date: the post is kept out of the feeds and the news sitemap"}},
	}, {
		name: "no feeds: an undated post is not warned of",
		posts: func() []*post.Post {
			return []*post.Post{mk("undated", time.Time{}, nil)}
		},
		opts: func(o *SelectOptions) { o.NoFeeds = true },
		want: selected{Posts: []string{"undated https://example.com/undated/"}, Candidates: 1},
	}, {
		name: "drafts, future, headless and sections left out",
		posts: func() []*post.Post {
			return []*post.Post{
				mk("draft", day(-1), func(p *post.Post) { p.Draft = true }),
				mk("later", day(1), nil),
				mk("bundle", day(-1), func(p *post.Post) { p.Headless = true }),
				mk("_index", time.Time{}, func(p *post.Post) { p.Section = true }),
				mk("kept", day(-2), nil),
			}
		},
		want: selected{Posts: []string{"kept https://example.com/kept/"}, Sections: []string{"_index.md"}, Candidates: 1,
			NSections: 1, Drafts: 1, Future: 1, Headless: 1},
	}, {
		name: "drafts and future published when asked",
		posts: func() []*post.Post {
			return []*post.Post{
				mk("draft", day(-1), func(p *post.Post) { p.Draft = true }),
				mk("later", day(1), nil),
			}
		},
		opts: func(o *SelectOptions) { o.Drafts, o.Future = true, true },
		want: selected{Posts: []string{"later https://example.com/later/", "draft https://example.com/draft/"}, Candidates: 2},
	}, {
		name: "expired at the build time, with a warning",
		posts: func() []*post.Post {
			return []*post.Post{
				mk("gone", day(-5), func(p *post.Post) { p.ExpiryDate = now }),
				mk("still", day(-5), func(p *post.Post) { p.ExpiryDate = now.Add(time.Second) }),
			}
		},
		want: selected{Posts: []string{"still https://example.com/still/"}, Candidates: 1, Expired: 1,
			Problems: []string{"W gone.md:4: expiryDate: 2024-06-01T12:00:00Z is at or before the build time 2024-06-01T12:00:00Z: the post has expired and is left out of every output"}},
	}, {
		name: "an update after the build time is dropped",
		posts: func() []*post.Post {
			return []*post.Post{mk("edited", day(-5), func(p *post.Post) { p.UpdatedAt = day(2) })}
		},
		want: selected{Posts: []string{"edited https://example.com/edited/"}, Candidates: 1,
			Problems: []string{"W edited.md:5: updatedAt: 2024-06-03T12:00:00Z is after the build time 2024-06-01T12:00:00Z: the updated date is left out until then"}},
	}, {
		name: "posts that failed before are counted and left out",
		posts: func() []*post.Post {
			return []*post.Post{mk("broken", day(-1), nil), mk("fine", day(-1), nil),
				mk("_index", time.Time{}, func(p *post.Post) { p.Section = true; p.Source = "broken-section.md" })}
		},
		failed: []string{"broken.md", "broken-section.md"},
		want:   selected{Posts: []string{"fine https://example.com/fine/"}, Candidates: 1, NSections: 1, Failed: 1},
	}, {
		name: "two canonicals naming one URL: the second fails",
		posts: func() []*post.Post {
			return []*post.Post{
				mk("a", day(-1), func(p *post.Post) { p.Canonical = "https://example.com/x/" }),
				mk("b", day(-2), func(p *post.Post) { p.Canonical = "https://example.com/x/" }),
			}
		},
		want: selected{Posts: []string{"a https://example.com/x/"}, Candidates: 2, Failed: 1,
			Problems: []string{"E b.md:3: canonical: URL https://example.com/x/ is also the URL of a.md:3"}},
	}, {
		name: "date placeholders without a date",
		posts: func() []*post.Post {
			return []*post.Post{mk("undated", time.Time{}, nil)}
		},
		opts: func(o *SelectOptions) { o.Permalink = "/{year}/{slug}/" },
		want: selected{Candidates: 1, Failed: 1,
			Problems: []string{"E undated.md:1: publishedAt: missing: " + permalinkErr(t, "/{year}/{slug}/")}},
	}, {
		name: "no site URL: paths only, and a canonical is percent-encoded",
		posts: func() []*post.Post {
			return []*post.Post{
				mk("plain", day(-1), nil),
				mk("moved", day(-2), func(p *post.Post) { p.Canonical = "https://other.example/a b/" }),
			}
		},
		opts: func(o *SelectOptions) { o.SiteURL = "" },
		want: selected{Posts: []string{"plain ", "moved https://other.example/a%20b/"}, Candidates: 2},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			if tt.opts != nil {
				tt.opts(&o)
			}
			failed := map[string]bool{}
			for _, f := range tt.failed {
				failed[f] = true
			}
			sel := Select(tt.posts(), func(src string) bool { return failed[src] }, o)
			if diff := cmp.Diff(tt.want, summarise(sel)); diff != "" {
				t.Errorf("Select (-want +got):\n%s", diff)
			}
		})
	}
}

// permalinkErr is what content.ExpandPermalink says of an undated post.
func permalinkErr(t *testing.T, pattern string) string {
	t.Helper()
	_, err := content.ExpandPermalink(pattern, &post.Post{Slug: "x"}, time.UTC)
	if err == nil {
		t.Fatalf("ExpandPermalink(%q) of an undated post: no error", pattern)
	}
	return strings.TrimSpace(err.Error())
}

func TestSelectTranslationDups(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	mk := func(slug, lang string) *post.Post {
		return &post.Post{Slug: slug, Source: slug + ".md", Title: slug, PublishedAt: now.Add(-time.Hour),
			Lang: lang, TranslationKey: "hello", Lines: post.Lines{}}
	}
	sel := Select([]*post.Post{mk("hello", "en"), mk("hallo", "de"), mk("hello-again", "en")},
		func(string) bool { return false },
		SelectOptions{Now: now, Permalink: "/{slug}/", Location: time.UTC, Expand: content.ExpandPermalink, SiteURL: "https://example.com/"})
	if !sel.TranslationDups["hello-again.md"] || len(sel.TranslationDups) != 1 {
		t.Errorf("TranslationDups = %v, want hello-again.md alone", sel.TranslationDups)
	}
	if len(sel.Posts) != 3 {
		t.Errorf("%d posts published, want all 3 (a duplicate language is built without alternates)", len(sel.Posts))
	}
}

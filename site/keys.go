package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// AssignKeys returns every post's key, the name of its output files
// (seo/<key>/, images/<key>/, cards/<key>-…), in the order of posts; the
// posts themselves are not changed. The posts are those being
// built, each with a URL of its own: two posts with one URL are a conflict
// the caller has already reported.
//
// A post's key is its slug, unless another of posts has the same slug, or
// one that differs only in case (the files would be one on macOS and
// Windows). Then each of those posts is told apart by something of its
// own, never by its place in the list, so that a third post of the slug
// renames none of the others' files:
//
//   - its published date, slug-YYYY-MM-DD, when no other post of the slug
//     has that date (Jekyll's _posts/2019-12-31-year-in-review.md and
//     _posts/2020-12-31-year-in-review.md are year-in-review-2019-12-31
//     and year-in-review-2020-12-31);
//   - else, undated or sharing its date, the first eight hex digits of the
//     SHA-256 of its source path: slug-1a2b3c4d.
//
// A post keeps its slug over any post that would take it as a made-up
// key: that post takes the next form. One whose every form is taken (only
// a slug written to look like another post's made-up key can do it) gets
// key "", and a problem: the caller leaves it out.
func AssignKeys(posts []*post.Post, loc *time.Location) ([]string, []diag.Problem) {
	keys := make([]string, len(posts))
	groups := map[string][]*post.Post{}
	for _, p := range posts {
		if p.Slug != "" {
			k := strings.ToLower(p.Slug)
			groups[k] = append(groups[k], p)
		}
	}
	taken := map[string]*post.Post{} // lower-cased key -> the post that has it
	for i, p := range posts {
		if g := groups[strings.ToLower(p.Slug)]; len(g) == 1 {
			keys[i] = p.Slug
			taken[strings.ToLower(p.Slug)] = p
		}
	}
	var out []diag.Problem
	for i, p := range posts {
		g := groups[strings.ToLower(p.Slug)]
		if len(g) < 2 {
			continue
		}
		cands := keyCandidates(p, g, loc)
		for _, c := range cands {
			if taken[strings.ToLower(c)] == nil {
				keys[i] = c
				taken[strings.ToLower(c)] = p
				break
			}
		}
		if keys[i] == "" {
			q := taken[strings.ToLower(cands[0])]
			out = append(out, diag.Problem{Path: p.Source, Line: p.Lines["slug"], Field: "slug",
				Message: fmt.Sprintf("%q is the slug of another post too, and the names this post's files would take instead (%s) are taken: give it another slug; %s is used by",
					p.Slug, strings.Join(cands, ", "), cands[0]), Other: diag.Loc{Path: q.Source, Line: q.Lines["slug"]}})
		}
	}
	return keys, out
}

// keyCandidates are the keys p may take, in order, when the other posts
// of group have its slug (but for case).
func keyCandidates(p *post.Post, group []*post.Post, loc *time.Location) []string {
	var out []string
	if day := keyDate(p, loc); day != "" {
		shared := false
		for _, q := range group {
			shared = shared || (q != p && keyDate(q, loc) == day)
		}
		if !shared {
			out = append(out, p.Slug+"-"+day)
		}
	}
	sum := sha256.Sum256([]byte(p.Source))
	return append(out, p.Slug+"-"+hex.EncodeToString(sum[:4]))
}

// keyDate is the day p was published in loc, site.timezone, as the
// permalink's {year}, {month} and {day} have it (content.ExpandPermalink); "" when
// it has no date.
func keyDate(p *post.Post, loc *time.Location) string {
	if p.PublishedAt.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	return p.PublishedAt.In(loc).Format("2006-01-02")
}

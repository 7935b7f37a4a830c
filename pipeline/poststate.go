package pipeline

import (
	"github.com/seopipe/seopipe/internal/buildcache"
	"github.com/seopipe/seopipe/manifest"
	"github.com/seopipe/seopipe/site"
)

// postState is one published post as it goes through the steps: the
// validate step makes it, and each later step fills in its part. A step's
// workers each own the postStates of their posts; the steps after it read
// them.
type postState struct {
	// page is the post as the emitters see it: the parsed post with its
	// key, path and URL (validate step), completed by the pages step.
	page *site.Page
	// images are the post's processed images (images step).
	images []*site.ImageSet
	// cards are the post's cards (cards step).
	cards []*manifest.Card
	// seo names the post's SEO files, and rec is what the next build into
	// this output directory is told of the post (seo step; the manifest
	// step fills in where its posts.json entry went).
	seo *manifest.SEO
	rec *buildcache.PostRecord
}

// newPostStates makes the postStates of pages, in their order.
func newPostStates(pages []*site.Page) []*postState {
	out := make([]*postState, len(pages))
	for i, pg := range pages {
		out[i] = &postState{page: pg}
	}
	return out
}

// pages are the posts' pages, in their order.
func (r *run) pages() []*site.Page {
	out := make([]*site.Page, len(r.posts))
	for i, st := range r.posts {
		out[i] = st.page
	}
	return out
}

// records are the posts' records, in their order; nil ones (no seo step
// yet) included.
func (r *run) records() []*buildcache.PostRecord {
	out := make([]*buildcache.PostRecord, len(r.posts))
	for i, st := range r.posts {
		out[i] = st.rec
	}
	return out
}

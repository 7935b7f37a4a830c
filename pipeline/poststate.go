package pipeline

import (
	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/buildcache"
	"github.com/seopipe/seopipe/site"
)

// postState is one published post as it goes through the steps: the
// validate step makes it, and each later step fills in its part. A step's
// workers each own the postStates of their posts; the steps after it read
// them.
type postState struct {
	post *content.Post
	// images are the post's processed images (images step).
	images []*site.ImageSet
	// cards are the post's cards (cards step).
	cards []*CardFile
	// page is the post as the emitters see it (pages step).
	page *site.Page
	// seo names the post's SEO files, and rec is what the next build into
	// this output directory is told of the post (seo step; the manifest
	// step fills in where its posts.json entry went).
	seo *SEOFiles
	rec *buildcache.PostRecord
}

// newPostStates makes the postStates of posts, in their order.
func newPostStates(posts []*content.Post) []*postState {
	out := make([]*postState, len(posts))
	for i, p := range posts {
		out[i] = &postState{post: p}
	}
	return out
}

// pages are the posts' pages, in their order; nil before the pages step.
func (r *run) pages() []*site.Page {
	if len(r.posts) == 0 || r.posts[0].page == nil {
		return nil
	}
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

package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/seopipe/seopipe/internal/buildcache"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/manifest"
)

// manifestStep writes posts.json. Entries the seo step did not encode are
// copied from the last posts.json (see buildcache.PostRecord); when every
// entry is where the last build put it, under the same head, the file is
// kept as it is.
func manifestStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	m := manifest.Manifest{
		Version:   manifest.Version,
		Generator: "seopipe " + version.String(),
		Site: manifest.Site{
			URL: cfg.Site.URL, Title: cfg.Site.Title, Description: cfg.Site.Description,
			Language: cfg.Site.Language, Timezone: cfg.Site.Timezone,
		},
	}
	for _, s := range r.res.SectionPages {
		m.Sections = append(m.Sections, manifest.Section{Source: s.Source, Title: s.Title, Description: s.Excerpt})
	}
	head, err := manifest.Head(m)
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(head)
	r.manifestHead = hex.EncodeToString(sum[:])
	entries := make([]manifestEntry, len(r.posts))
	for i := range entries {
		entries[i].post = i
		entries[i].rec = r.posts[i].rec
	}
	if r.keepManifest(head, entries) {
		return len(r.posts), nil
	}
	var old io.ReaderAt
	if r.oldManifest {
		f, err := os.Open(filepath.Join(r.opts.OutDir, manifest.File))
		if err != nil {
			return 0, fmt.Errorf("%s: %w", manifest.File, err)
		}
		defer f.Close()
		old = f
	}
	f, err := r.tx.Create(manifest.File)
	if err != nil {
		return 0, err
	}
	mw := manifest.NewWriter(f, head, old)
	// Entries are encoded a window at a time on the CPU pool, then
	// written in order: memory holds one window, not the whole file.
	const window = 256
	for start := 0; start < len(entries); start += window {
		win := entries[start:min(start+window, len(entries))]
		err := r.pools.eachCPU(ctx, len(win), func(_ context.Context, j int) error {
			e := &win[j]
			if e.copied() {
				return nil
			}
			var err error
			e.data, err = manifest.EncodeEntry(r.manifestPost(e.post))
			return err
		})
		for j := range win {
			if err == nil {
				err = win[j].write(mw)
			}
			win[j].data = nil
		}
		if err != nil {
			f.Abort()
			return 0, err
		}
	}
	if err := mw.Close(); err != nil {
		f.Abort()
		return 0, err
	}
	r.manifestSum = hex.EncodeToString(mw.Sum())
	return len(r.posts), f.Close()
}

// manifestEntry is one element of the "posts" array: data, or when its
// record says so (PostRecord.Copied) the bytes its record locates in the
// last posts.json. post is its index in the run's posts; rec, when set,
// learns where the element was written.
type manifestEntry struct {
	data []byte
	post int
	rec  *buildcache.PostRecord
}

func (e *manifestEntry) copied() bool { return e.rec != nil && e.rec.Copied() }

// write adds e to mw; e.rec, when set, learns where.
func (e *manifestEntry) write(mw *manifest.Writer) error {
	var off, n int64
	if e.copied() {
		var err error
		at, size := e.rec.Span()
		if off, err = mw.Copy(at, size); err != nil {
			return err
		}
		n = size
	} else {
		off, n = mw.Add(e.data), int64(len(e.data))
	}
	if e.rec != nil {
		e.rec.SetSpan(off, n)
	}
	return nil
}

// keepManifest keeps posts.json as it is when every entry is the last
// build's, at the offset it would be written at, under the same head.
func (r *run) keepManifest(head []byte, entries []manifestEntry) bool {
	if r.manifestHead != r.prev.ManifestHead() || !r.oldManifest {
		return false
	}
	sizes := make([]int64, len(entries))
	for i, e := range entries {
		if !e.copied() {
			return false
		}
		_, sizes[i] = e.rec.Span()
	}
	size, offsets := manifest.Size(int64(len(head)), sizes)
	for i, e := range entries {
		if at, _ := e.rec.Span(); at != offsets[i] {
			return false
		}
	}
	st := r.prev.Manifest()
	if size != st.Size {
		return false
	}
	kept, err := r.tx.Keep(manifest.File, st.Size) // its stamp (and for a racy one its content) checked
	r.manifestKept = kept && err == nil
	if r.manifestKept {
		r.manifestSum = st.Sum
	}
	return r.manifestKept
}

// manifestPost is post i with its outputs, as posts.json lists it.
func (r *run) manifestPost(i int) *manifest.Post {
	st := r.posts[i]
	return manifest.NewPost(st.page, st.seo, st.cards)
}

package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/buildcache"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/site"
)

// ManifestVersion is the version of the posts.json format
// (docs/posts.schema.json). It changes only when a field changes meaning or
// goes away; new fields do not change it.
const ManifestVersion = 1

// Manifest is posts.json: the site and every published post with its assets.
type Manifest struct {
	Version   int             `json:"version"`
	Generator string          `json:"generator"`
	Site      ManifestSite    `json:"site"`
	Sections  []Section       `json:"sections,omitempty"`
	Posts     []*ManifestPost `json:"posts"`
}

// ManifestPost is a post with the paths of its outputs (relative to the
// output directory). Later stages add their assets here.
type ManifestPost struct {
	*content.Post
	SEO *SEOFiles `json:"seo,omitempty"`
	// Images are the post's processed images (hero first): every variant
	// and crop with its URL, size, bytes and format, the placeholder, the
	// source URL and its content hash.
	Images []*site.ImageSet `json:"images,omitempty"`
	// Cards are the post's social cards (cards.sizes).
	Cards []*CardFile `json:"cards,omitempty"`
}

// ManifestSite is the part of the config that templates need.
type ManifestSite struct {
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Language    string `json:"language"`
	Timezone    string `json:"timezone"`
}

// Section is an _index.md section page.
type Section struct {
	Source      string `json:"source"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

// manifestFile is the manifest's name in the output directory.
const manifestFile = "posts.json"

// manifestStep writes posts.json. Entries the seo step did not encode are
// copied from the last posts.json (see buildcache.PostRecord); when every
// entry is where the last build put it, under the same head, the file is
// kept as it is.
func manifestStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	m := Manifest{
		Version:   ManifestVersion,
		Generator: "seopipe " + version.String(),
		Site: ManifestSite{
			URL: cfg.Site.URL, Title: cfg.Site.Title, Description: cfg.Site.Description,
			Language: cfg.Site.Language, Timezone: cfg.Site.Timezone,
		},
	}
	for _, s := range r.res.SectionPages {
		m.Sections = append(m.Sections, Section{Source: s.Source, Title: s.Title, Description: s.Excerpt})
	}
	head, err := manifestHead(m)
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(head)
	r.manifestHead = hex.EncodeToString(sum[:])
	entries := make([]manifestEntry, len(r.res.Posts))
	for i := range entries {
		entries[i].post = i
		entries[i].rec = r.posts[i].rec
	}
	if r.keepManifest(head, entries) {
		return len(r.res.Posts), nil
	}
	var old io.ReaderAt
	if r.oldManifest {
		f, err := os.Open(filepath.Join(r.opts.OutDir, manifestFile))
		if err != nil {
			return 0, fmt.Errorf("posts.json: %w", err)
		}
		defer f.Close()
		old = f
	}
	f, err := r.tx.Create(manifestFile)
	if err != nil {
		return 0, err
	}
	mw := newManifestWriter(f, head, old)
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
			e.data, err = encodeEntry(r.manifestPost(e.post))
			return err
		})
		for j := range win {
			if err == nil {
				err = mw.add(win[j])
			}
			win[j].data = nil
		}
		if err != nil {
			f.Abort()
			return 0, err
		}
	}
	if err := mw.close(); err != nil {
		f.Abort()
		return 0, err
	}
	r.manifestSum = hex.EncodeToString(mw.sum.Sum(nil))
	return len(r.res.Posts), f.Close()
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

// keepManifest keeps posts.json as it is when every entry is the last
// build's, at the offset it would be written at, under the same head.
func (r *run) keepManifest(head []byte, entries []manifestEntry) bool {
	if r.manifestHead != r.prev.ManifestHead() || !r.oldManifest {
		return false
	}
	off := int64(len(head) + len(arrayOpen))
	for i, e := range entries {
		if !e.copied() {
			return false
		}
		at, n := e.rec.Span()
		if at != off {
			return false
		}
		off += n
		if i < len(entries)-1 {
			off += int64(len(entrySep))
		}
	}
	if len(entries) == 0 {
		off = int64(len(head) + len(emptyArray))
	} else {
		off += int64(len(arrayClose))
	}
	st := r.prev.Manifest()
	if off != st.Size {
		return false
	}
	kept, err := r.tx.Keep(manifestFile, st.Size) // its stamp (and for a racy one its content) checked
	r.manifestKept = kept && err == nil
	if r.manifestKept {
		r.manifestSum = st.Sum
	}
	return r.manifestKept
}

// manifestPost is post i with its outputs, as posts.json lists it.
func (r *run) manifestPost(i int) *ManifestPost {
	st := r.posts[i]
	return &ManifestPost{Post: st.post, SEO: st.seo, Images: st.images, Cards: st.cards}
}

// encodeEntry is p as an element of posts.json's "posts" array: indented
// to its depth, without the comma or newline that follow it.
func encodeEntry(p *ManifestPost) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("    ")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("posts.json: %s: %w", p.Source, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// The bytes of posts.json around its entries.
const (
	arrayOpen  = "\"posts\": [\n"
	entrySep   = ",\n"
	arrayClose = "\n  ]\n}\n"
	emptyArray = "\"posts\": []\n}\n"
)

// manifestHead is posts.json up to its "posts" array: m (with no posts)
// encoded as encodeJSON does, cut before the array.
func manifestHead(m Manifest) ([]byte, error) {
	m.Posts = nil
	head, err := encodeJSON(m)
	if err != nil {
		return nil, err
	}
	// head ends in `  "posts": null\n}\n`: cut there.
	cut := bytes.LastIndex(head, []byte(`"posts": null`))
	if cut < 0 {
		return nil, errors.New("posts.json: unexpected manifest encoding")
	}
	return head[:cut], nil
}

// writeManifest writes posts.json: head (manifestHead's), then entries,
// byte for byte as encodeJSON of the whole manifest would. Entries to copy
// are copied from old, the last posts.json.
func writeManifest(ctx context.Context, w io.Writer, head []byte, entries []manifestEntry, old io.ReaderAt) error {
	mw := newManifestWriter(w, head, old)
	for i, e := range entries {
		if i%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := mw.add(e); err != nil {
			return err
		}
	}
	return mw.close()
}

// manifestWriter writes posts.json one entry at a time.
type manifestWriter struct {
	bw  *bufio.Writer
	sum hash.Hash // of every byte written
	old io.ReaderAt
	off int64 // bytes written
	n   int   // entries written
}

func newManifestWriter(w io.Writer, head []byte, old io.ReaderAt) *manifestWriter {
	sum := sha256.New()
	mw := &manifestWriter{bw: bufio.NewWriterSize(io.MultiWriter(w, sum), 256<<10), old: old, sum: sum}
	mw.write(head)
	return mw
}

func (mw *manifestWriter) write(b []byte) {
	mw.bw.Write(b) // a write error sticks in the bufio.Writer: Flush reports it
	mw.off += int64(len(b))
}

// add writes e; e.rec, when set, learns where.
func (mw *manifestWriter) add(e manifestEntry) error {
	if mw.n == 0 {
		mw.write([]byte(arrayOpen))
	} else {
		mw.write([]byte(entrySep))
	}
	mw.n++
	n := int64(len(e.data))
	if e.copied() {
		if mw.old == nil {
			return errors.New("posts.json: internal error: an entry to copy without the old file")
		}
		var off int64
		off, n = e.rec.Span()
		copied, err := io.Copy(mw.bw, io.NewSectionReader(mw.old, off, n))
		if err == nil && copied != n {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return fmt.Errorf("posts.json: copying an entry from the last one: %w", err)
		}
	} else {
		mw.bw.Write(e.data)
	}
	if e.rec != nil {
		e.rec.SetSpan(mw.off, n)
	}
	mw.off += n
	return nil
}

// close ends the array and the object, and flushes.
func (mw *manifestWriter) close() error {
	if mw.n == 0 {
		mw.write([]byte(emptyArray))
	} else {
		mw.write([]byte(arrayClose))
	}
	return mw.bw.Flush()
}

// encodeJSON is indented JSON without HTML escaping (& stays &), ending in a newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

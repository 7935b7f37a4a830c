package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"slices"
	"time"

	"github.com/seopipe/seopipe/internal/diag"
)

// PostRecord is what checking one post found, kept so that a later run can
// take it instead of checking the post again (see ReusePost). A check of a
// post reads its head.html and schema.jsonld and the images they name
// (whole, for their digests), and depends on nothing else but what
// posts.json says of the post (its URL, its SEO files, its crops) and the
// site URL: Key digests those, and Files stamps the files.
type PostRecord struct {
	Key string
	// Checked is when the files were stamped (Unix nanoseconds).
	Checked  int64
	Files    []FileStamp
	Measured []Measured
	Problems []diag.Problem
	Facts    Facts
}

// FileStamp is a file as the check read it; Size is -1 for a file that
// was not there.
type FileStamp struct {
	Name      string
	Size, Mod int64 // bytes; modification time, Unix nanoseconds
	// Sum is the hex SHA-256 of the file as the check read it: head.html
	// and schema.jsonld, and the images it measured; "" for a file it
	// could not read (or an image whose header did not decode). A caller
	// that knows what a file holds now can take the record on Sum,
	// whatever the file's stamp (pipeline's checkPosts does, for the files
	// its build wrote).
	Sum string
}

// Measured is an image URL the check measured, and the file it named.
type Measured struct{ URL, File string }

// Facts are what a post's files said of it, for rule 28.
type Facts struct {
	Published, Modified []Fact[time.Time]
	Image               []Fact[string]
	// NoIndex: the head's robots meta keeps the post out of search
	// engines.
	NoIndex bool
}

// Fact is one file's value.
type Fact[T any] struct {
	File  string
	Value T
}

// PostKey digests what checking post i depends on besides files: the site
// URL and what posts.json says of the post. It is "" for a post without
// SEO files (there is nothing to check).
func (c *Checker) PostKey(i int) string {
	p := &c.posts[i]
	if !p.seo {
		return ""
	}
	h := sha256.New()
	for _, s := range append([]string{"verify post 1", c.site.String(), p.url, p.head, p.jsonld}, p.crops...) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// CheckPostRecord is CheckPost, returning what it found as a record for a
// later run; nil for a post without SEO files. The files are stamped
// before they are read (an image once per Checker, when it is first
// measured for a record), so a file changed while it was read is stamped
// as it was before, and the next run checks it again.
func (c *Checker) CheckPostRecord(i int) *PostRecord {
	p := &c.posts[i]
	if !p.seo {
		return nil
	}
	clock := c.opts.Clock
	if clock == nil {
		clock = time.Now
	}
	rec := &PostRecord{Key: c.PostKey(i), Checked: clock().UnixNano()}
	for _, name := range []string{p.head, p.jsonld} {
		rec.Files = append(rec.Files, c.Stamp(name))
	}
	pc := c.checkPost(i, true)
	for _, u := range pc.measured {
		name, ok := c.imageFile(u)
		if !ok {
			continue
		}
		rec.Measured = append(rec.Measured, Measured{URL: u, File: name})
		st, ok := pc.stamps[name]
		if !ok {
			st = c.Stamp(name)
		}
		rec.Files = append(rec.Files, st)
	}
	for j := range rec.Files {
		rec.Files[j].Sum = pc.sums[rec.Files[j].Name]
	}
	rec.Problems = slices.Clone(pc.probs)
	rec.Facts.NoIndex = pc.noindex
	for _, e := range pc.facts.published {
		rec.Facts.Published = append(rec.Facts.Published, Fact[time.Time]{e.file, e.v})
	}
	for _, e := range pc.facts.modified {
		rec.Facts.Modified = append(rec.Facts.Modified, Fact[time.Time]{e.file, e.v})
	}
	for _, e := range pc.facts.image {
		rec.Facts.Image = append(rec.Facts.Image, Fact[string]{e.file, e.v})
	}
	return rec
}

// Stamp returns the file name of the output directory as it is now.
func (c *Checker) Stamp(name string) FileStamp {
	st, err := fs.Stat(c.fsys, name)
	if err != nil || !st.Mode().IsRegular() {
		return FileStamp{Name: name, Size: -1}
	}
	return FileStamp{Name: name, Size: st.Size(), Mod: st.ModTime().UnixNano()}
}

// ErrStale is what ReusePost returns for a record it cannot take.
var ErrStale = errors.New("verify: the record does not match the post or its files")

// ReusePost takes rec, a record of an earlier check, as the check of post
// i, when its key is PostKey(i), every image it measured still names the
// same file, and unchanged holds for every file it stamped (the caller
// compares the stamp with the file now, and judges how far to trust a
// stamp taken moments after the file changed: see PostRecord.Checked).
// Otherwise it returns ErrStale and the caller checks the post. Safe for
// concurrent use, as CheckPost is.
func (c *Checker) ReusePost(i int, rec *PostRecord, unchanged func(FileStamp) bool) error {
	if rec == nil || rec.Key == "" || rec.Key != c.PostKey(i) {
		return ErrStale
	}
	for _, m := range rec.Measured {
		if name, ok := c.imageFile(m.URL); !ok || name != m.File {
			return ErrStale
		}
	}
	for _, f := range rec.Files {
		if !unchanged(f) {
			return ErrStale
		}
	}
	var f facts
	for _, e := range rec.Facts.Published {
		set(&f.published, e.File, e.Value)
	}
	for _, e := range rec.Facts.Modified {
		set(&f.modified, e.File, e.Value)
	}
	for _, e := range rec.Facts.Image {
		set(&f.image, e.File, e.Value)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.postProbs = append(c.postProbs, rec.Problems...)
	c.posts[i].facts.merge(&f)
	c.posts[i].checked, c.posts[i].noindex = true, rec.Facts.NoIndex
	return nil
}

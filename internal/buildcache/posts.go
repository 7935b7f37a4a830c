package buildcache

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/seo"
	"github.com/seopipe/seopipe/site"
)

// PostRecord is what a build into an output directory made of one post:
// its own output files (the SEO files), stamped after they were committed,
// and where its entry is in posts.json, each with a digest of its inputs.
// When the inputs are the same and the files still carry their stamps, the
// next build keeps them without rendering anything, and copies the entry
// from the old posts.json: a rebuild that changed one post renders one
// post.
//
// A record is made by PostRecords.Keep or PostRecords.Wrote, and given its
// entry key by PostRecords.SetEntry; the posts.json writer then sets its
// span. Distinct records may be used concurrently; one record may not.
type PostRecord struct {
	// SEOKey is a digest of everything the post's files are made from.
	SEOKey string
	// Files are the post's files, relative to the output directory, in
	// the order the caller gave them ("" where the post has none).
	Files  []string
	Stamps []FileStamp
	// EntryKey is a digest of everything the post's element of
	// posts.json's "posts" array is made from.
	EntryKey string

	// sums are the digests of the files this build wrote (or of racy
	// ones it checked), by path, for stamping them after the commit.
	sums map[string]string
	// off and n are where the element is in posts.json (kept in
	// postsHead.Spans: they shift whenever an element before them
	// changes, and the records themselves need not). copy is set when the
	// element is to be copied from the last posts.json (off and n are
	// still the last build's until then); changed when this record is not
	// the last build's.
	off, n  int64
	copy    bool
	changed bool
}

// Sums are the digests (hex SHA-256) of the record's files whose bytes
// this build knows, by path: the files it wrote, or racy ones it compared.
func (rec *PostRecord) Sums() map[string]string { return rec.sums }

// Copied reports whether the post's posts.json element is the last
// build's, to be copied from the last posts.json at Span.
func (rec *PostRecord) Copied() bool { return rec.copy }

// Span is where the post's element is in posts.json: its offset and length.
// Until the posts.json writer calls SetSpan, it is the last build's.
func (rec *PostRecord) Span() (off, n int64) { return rec.off, rec.n }

// SetSpan records where the posts.json writer put the post's element.
func (rec *PostRecord) SetSpan(off, n int64) { rec.off, rec.n = off, n }

// postsHead is what the records share: posts.json as the build left it
// (Manifest), the SHA-256 of its bytes before the "posts" array (Head), and
// where each post's element is in it (Spans, by the post's key: offset
// and length).
type postsHead struct {
	Manifest FileStamp
	Head     string
	Spans    map[string][2]int64
}

// postRecordFormat names the records' layout.
const postRecordFormat = "seopipe post outputs 4"

// postRecordPaths are where the records for outDir live: the shared part
// (a file) and the posts' records (a sharded store, by the posts' keys).
func postRecordPaths(cacheDir, outDir string) (head, posts string) {
	return outDirRecord(cacheDir, outDir, ".posts.gob"), outDirRecord(cacheDir, outDir, ".posts")
}

// PostRecords are the records the last build into an output directory
// kept, by post key, and make this build's. The zero PostRecords holds
// none and keeps none (no cache dir). Safe for concurrent use, except
// Save, which must run after every other call.
type PostRecords struct {
	cacheDir, outDir string
	head             postsHead
	posts            map[string]*PostRecord
	// manifestSame: the posts.json in place is as that build left it
	// (checked here, off the seo step's path: a racy stamp means hashing
	// tens of megabytes).
	manifestSame bool
}

// ReadPostRecords reads the records of the last build into outDir, the
// shards through each.
func ReadPostRecords(cacheDir, outDir string, each Each) *PostRecords {
	if cacheDir == "" {
		return &PostRecords{}
	}
	headPath, dir := postRecordPaths(cacheDir, outDir)
	head, _ := readGob[postsHead, *PostRecord](headPath, postRecordFormat)
	posts := readShards[*PostRecord](dir, postRecordFormat, each)
	for key, rec := range posts {
		if sp, ok := head.Spans[key]; ok && rec != nil {
			rec.off, rec.n = sp[0], sp[1]
		}
	}
	same := head.Manifest.Rel != "" && filepath.IsLocal(head.Manifest.Rel) &&
		sameFile(filepath.Join(outDir, filepath.FromSlash(head.Manifest.Rel)), head.Manifest)
	return &PostRecords{cacheDir: cacheDir, outDir: outDir, head: head, posts: posts, manifestSame: same}
}

// ManifestSame reports whether posts.json is as the last build left it:
// only then can it lend its entries.
func (p *PostRecords) ManifestSame() bool { return p.manifestSame }

// ManifestHead is the digest of the last posts.json's bytes before its
// "posts" array.
func (p *PostRecords) ManifestHead() string { return p.head.Head }

// Manifest is the last posts.json's stamp.
func (p *PostRecords) Manifest() FileStamp { return p.head.Manifest }

// Keeper keeps a file already in the output directory instead of writing
// it again; *outfs.Tx is one. Keep checks the size (and, for a file the
// run did not stat before, the stamp); KeepUnmodified also the
// modification time.
type Keeper interface {
	Keep(rel string, size int64) (bool, error)
	KeepUnmodified(rel string, size, mod int64) (bool, error)
}

// Keep returns this build's record of the post key when the last build's
// has seoKey (not "") and every file it stamped is still as that build
// left it — each then kept through k — or nil when the files must be
// written again (Wrote). A racy file is compared by content.
func (p *PostRecords) Keep(key, seoKey string, k Keeper) (*PostRecord, error) {
	prev := p.posts[key] // read-only while the records are made
	if seoKey == "" || prev == nil || prev.SEOKey != seoKey || len(prev.Stamps) == 0 {
		return nil, nil
	}
	racy := false
	for _, st := range prev.Stamps {
		ok, err := false, error(nil)
		if st.Racy {
			racy = true
			if sameFile(filepath.Join(p.outDir, filepath.FromSlash(st.Rel)), st) {
				ok, err = k.Keep(st.Rel, st.Size)
			}
		} else {
			ok, err = k.KeepUnmodified(st.Rel, st.Size, st.Mod)
		}
		if err != nil || !ok {
			return nil, err // the caller writes them all: a kept one is staged again
		}
	}
	rec := &PostRecord{SEOKey: seoKey, Files: prev.Files}
	if racy {
		// Checked by content: stamped again after the commit.
		rec.sums, rec.changed = map[string]string{}, true
		for _, st := range prev.Stamps {
			rec.sums[st.Rel] = st.Sum
		}
	} else {
		rec.Stamps = prev.Stamps
	}
	return rec, nil
}

// Wrote returns the record of files this build wrote for a post, with the
// digests of their bytes (sums, by path).
func (p *PostRecords) Wrote(seoKey string, files []string, sums map[string]string) *PostRecord {
	return &PostRecord{SEOKey: seoKey, Files: files, sums: sums, changed: true}
}

// SetEntry gives rec, the record of the post key, the key of its posts.json
// element; when the last posts.json holds that very element, it is to be
// copied from there.
func (p *PostRecords) SetEntry(key string, rec *PostRecord, entryKey string) {
	prev := p.posts[key]
	rec.EntryKey = entryKey
	if p.manifestSame && entryKey != "" && prev != nil && prev.EntryKey == entryKey {
		rec.off, rec.n, rec.copy = prev.off, prev.n, true
	}
	rec.changed = rec.changed || prev == nil || prev.EntryKey != entryKey
}

// ManifestWrite is the posts.json this build left: its name in the output
// directory, the digest of its head and of its bytes, and whether it is
// the last build's file, kept whole.
type ManifestWrite struct {
	Rel, Head, Sum string
	Kept           bool
}

// Save stamps this build's records (recs, of the posts keys, in the same
// order; nil for a post without one) and keeps them for the next build
// into the same output directory: the shards holding a record that changed
// or went, and the shared part when posts.json changed. A file that
// cannot be stat'ed leaves its record without stamps: the next build
// writes that post's files again.
func (p *PostRecords) Save(keys []string, recs []*PostRecord, m ManifestWrite, now time.Time) error {
	if p.cacheDir == "" {
		return nil
	}
	stamp(p.outDir, recs, now)
	all := make(map[string]*PostRecord, len(recs))
	var changed shards
	head := postsHead{Head: m.Head, Spans: make(map[string][2]int64, len(recs))}
	for i, rec := range recs {
		if rec == nil {
			continue
		}
		all[keys[i]] = rec
		head.Spans[keys[i]] = [2]int64{rec.off, rec.n}
		if rec.changed {
			changed.mark(keys[i])
		}
	}
	if st, ok := newStamp(filepath.Join(p.outDir, filepath.FromSlash(m.Rel)), m.Rel, m.Sum, now); ok {
		head.Manifest = st
	}
	headPath, dir := postRecordPaths(p.cacheDir, p.outDir)
	if err := saveStore(dir, postRecordFormat, p.posts, all, changed); err != nil {
		return fmt.Errorf("post records: %w", err)
	}
	if m.Kept && head.Manifest == p.head.Manifest && head.Head == p.head.Head {
		return nil // the spans are the last build's too
	}
	if err := writeGob(headPath, postRecordFormat, head, map[string]*PostRecord{}); err != nil {
		return fmt.Errorf("post records: %w", err)
	}
	return nil
}

// stamp fills the records' missing stamps from the files in outDir (after
// the commit, when the files are in place).
func stamp(outDir string, recs []*PostRecord, now time.Time) {
	for _, rec := range recs {
		if rec == nil || rec.Stamps != nil {
			continue
		}
		for _, rel := range rec.Files {
			if rel == "" {
				continue
			}
			st, ok := newStamp(filepath.Join(outDir, filepath.FromSlash(rel)), rel, rec.sums[rel], now)
			if !ok {
				rec.Stamps = nil
				break
			}
			rec.Stamps = append(rec.Stamps, st)
		}
	}
}

// Keys digests a post's inputs. Safe for concurrent use.
type Keys struct {
	site string // digest of what every post shares; "" when there is none
}

// NewKeys digests what every post's files share: the site and the SEO
// options.
func NewKeys(s *site.Site, o seo.Options) Keys {
	siteJS, err1 := json.Marshal(s)
	optsJS, err2 := json.Marshal(o)
	if err1 != nil || err2 != nil {
		return Keys{} // cannot be digested: nothing is reused
	}
	return Keys{site: cache.NewKeyer().AddString(version.Build()).Add(siteJS).Add(optsJS).Sum()}
}

// Page returns the key of pg's SEO files, or "" when it cannot be made (the
// page is then always rendered). The post is represented by its parse key
// (what content.Parse made it from; nothing changes a post after that,
// as the pipeline's TestPostChangesAfterParse holds it to). What the build
// derived from it (key, path, URL, dates, rewritten HTML, authors, images,
// cards) is the page's and is encoded whole.
func (k Keys) Page(parseKey string, pg *site.Page) string {
	if k.site == "" || parseKey == "" {
		return ""
	}
	rest := *pg
	rest.Post, rest.AbsoluteHTML = nil, ""
	js, err := json.Marshal(&rest)
	if err != nil {
		return ""
	}
	return cache.NewKeyer().AddString(k.site).AddString(parseKey).AddString(pg.AbsoluteHTML).Add(js).
		AddString(pg.Published().Format(time.RFC3339Nano)).AddString(pg.Modified().Format(time.RFC3339Nano)).Sum()
}

// Entry returns the key of a post's posts.json element, made from its page
// key and what the element adds to the page (for posts.json, the SEO
// paths and the cards), each encoded as JSON; "" when pageKey is.
func (k Keys) Entry(pageKey string, adds ...any) string {
	if pageKey == "" {
		return ""
	}
	kr := cache.NewKeyer().AddString(pageKey)
	for _, a := range adds {
		js, err := json.Marshal(a)
		if err != nil {
			return ""
		}
		kr.Add(js)
	}
	return kr.Sum()
}

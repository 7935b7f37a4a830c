package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/seo"
	"github.com/seopipe/seopipe/site"
)

// postRecord is what the last build into an output directory made of one
// post: its SEO files, stamped (size and modification time) after they were
// committed, and where its entry is in posts.json, each with a digest of
// its inputs. When the inputs are the same and the files still carry their
// stamps, the next build keeps them without rendering anything, and copies
// the entry from the old posts.json: a rebuild that changed one post
// renders one post.
type postRecord struct {
	// SEOKey is a digest of everything seo/<key>/* are made from.
	SEOKey string
	SEO    SEOFiles
	Stamps []fileStamp

	// sums are the digests of the SEO files this build wrote (or of
	// racy ones it checked), by path, for stamping them after the commit.
	sums map[string]string
	// EntryKey is a digest of everything the post's element of posts.json's
	// "posts" array is made from.
	EntryKey string

	// off and n are where the element is in posts.json (kept in
	// postRecords.Spans: they shift whenever an element before them
	// changes, and the records themselves need not). copy is set when the
	// element is to be copied from the last posts.json (off and n are
	// still the last build's until then); changed when this record is not
	// the last build's.
	off, n  int64
	copy    bool
	changed bool
}

// postRecords is what the records share: posts.json as the build left it
// (Manifest), the SHA-256 of its bytes before the "posts" array (Head), and
// where each post's element is in it (Spans, by the post's key: offset
// and length).
type postRecords struct {
	Manifest fileStamp
	Head     string
	Spans    map[string][2]int64
}

// fileStamp is an output file as a build left it: its size, modification
// time and content digest. A file whose time was within the racy window of the
// moment it was stamped is Racy: it could change again within the same
// tick of the file system's clock and keep its stamp, so a later build
// compares its content with Sum before trusting it (as git does with
// "racily clean" index entries).
type fileStamp struct {
	Rel       string
	Size, Mod int64 // bytes; modification time in Unix nanoseconds
	Sum       string
	Racy      bool
}

// racyWindow covers the coarsest clocks of common file systems (FAT
// records times to 2 s; ext3 and HFS+ to 1 s): it is the window for a time
// without a fraction of a second.
const racyWindow = 2 * time.Second

// fineRacyWindow is the window for a time with a fraction of a second. A
// local file system that records fractions keeps times to the kernel's
// clock tick (1 to 10 ms on Linux; 10 ms on exFAT): once a tick has passed
// since a file's time, any later change gives it a later one. Without it,
// the build after a build from nothing found every SEO file it had just
// written racy, and hashed them all.
//
// What it assumes: the file's time and the stamp's clock agree within the
// window. On a network file system whose server's clock is behind this
// machine's by more than that, a file changed by someone else in the same
// tick of the server's clock as this build wrote it could keep its stamp;
// a file system that keeps fractions but ticks slower than 100 ms would
// need the wide window. Neither is a common place for a site's content or
// output; the self-check still reads every post whose files changed.
const fineRacyWindow = 100 * time.Millisecond

// newStamp stamps the file at path (rel in the output dir) with sum, the
// digest of what the build wrote there, at now.
func newStamp(path, rel, sum string, now time.Time) (fileStamp, bool) {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || sum == "" {
		return fileStamp{}, false
	}
	return fileStamp{Rel: rel, Size: st.Size(), Mod: st.ModTime().UnixNano(), Sum: sum,
		Racy: racy(st.ModTime().UnixNano(), now)}, true
}

// racy reports whether a file last modified at mod (Unix nanoseconds) and
// stamped at could still change in the same tick of the file system's
// clock without its stamp showing it. A time in whole seconds may come
// from a file system that keeps no more (the wide window); a time with a
// fraction comes from one with a fine clock.
func racy(mod int64, at time.Time) bool {
	w := racyWindow
	if mod%int64(time.Second) != 0 {
		w = fineRacyWindow
	}
	return at.UnixNano()-mod < int64(w)
}

// digest is the hex SHA-256 of b.
func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// sameFile reports whether the file at path still is what st stamped:
// the same size and time, and for a racy stamp the same content too.
func sameFile(path string, st fileStamp) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != st.Size || fi.ModTime().UnixNano() != st.Mod {
		return false
	}
	if !st.Racy {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New() // streamed: posts.json is tens of megabytes on a large site
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == st.Sum
}

// postRecordFormat names the records' layout.
const postRecordFormat = "seopipe post outputs 3"

// postRecordPaths are where the records for outDir live: the shared part
// (a file) and the posts' records (a sharded store, by the posts' keys).
func postRecordPaths(cacheDir, outDir string) (head, posts string) {
	return outDirRecord(cacheDir, outDir, ".posts.gob"), outDirRecord(cacheDir, outDir, ".posts")
}

// postRecordFile is the records as read.
type postRecordFile struct {
	head  postRecords
	posts map[string]*postRecord
	// manifestSame: the posts.json in place is as that build left it
	// (checked here, off the seo step's path: a racy stamp means hashing
	// tens of megabytes).
	manifestSame bool
}

func readPostRecords(cacheDir, outDir string) postRecordFile {
	headPath, dir := postRecordPaths(cacheDir, outDir)
	head, _ := readGob[postRecords, *postRecord](headPath, postRecordFormat)
	posts := readShards[*postRecord](dir, postRecordFormat)
	for key, rec := range posts {
		if sp, ok := head.Spans[key]; ok && rec != nil {
			rec.off, rec.n = sp[0], sp[1]
		}
	}
	same := head.Manifest.Rel != "" && sameFile(filepath.Join(outDir, manifestFile), head.Manifest)
	return postRecordFile{head, posts, same}
}

// postKeys digests a post's inputs.
type postKeys struct {
	site string // digest of what every post shares; "" when there is none
}

func newPostKeys(s *site.Site, o seo.Options) postKeys {
	siteJS, err1 := json.Marshal(s)
	optsJS, err2 := json.Marshal(o)
	if err1 != nil || err2 != nil {
		return postKeys{} // cannot be digested: nothing is reused
	}
	return postKeys{site: cache.NewKeyer().AddString(version.Build()).Add(siteJS).Add(optsJS).Sum()}
}

// page returns the key of pg's SEO files, or "" when it cannot be made (the
// page is then always rendered). The post is represented by its parse key
// (what content.Parse made it from) and the fields later steps set: its
// path, URL and key (validate; a canonical becomes the URL, so it is keyed
// with it) and its HTML (the pages step rewrites <img> tags);
// TestPostChangesAfterParse holds the run to that list. The rest of
// the page (authors, images, cards) is encoded whole.
func (k postKeys) page(parseKey string, pg *site.Page) string {
	if k.site == "" || parseKey == "" {
		return ""
	}
	rest := *pg
	rest.Post, rest.AbsoluteHTML = nil, ""
	js, err := json.Marshal(&rest)
	if err != nil {
		return ""
	}
	// The updated date validate may have left out (one after the build
	// clock) is the post's own field: the page's dates are keyed here.
	return cache.NewKeyer().AddString(k.site).AddString(parseKey).AddString(pg.Post.Path).AddString(pg.Post.URL).AddString(pg.Post.Key).
		AddString(pg.Post.HTML).AddString(pg.AbsoluteHTML).Add(js).
		AddString(pg.Published().Format(time.RFC3339Nano)).AddString(pg.Modified().Format(time.RFC3339Nano)).Sum()
}

// entry returns the key of a post's posts.json entry, made from its page
// key and what the entry adds to the page: the SEO paths and the cards.
func (k postKeys) entry(pageKey string, mp *ManifestPost) string {
	if pageKey == "" {
		return ""
	}
	seoJS, err1 := json.Marshal(mp.SEO)
	cardsJS, err2 := json.Marshal(mp.Cards)
	if err1 != nil || err2 != nil {
		return ""
	}
	return cache.NewKeyer().AddString(pageKey).Add(seoJS).Add(cardsJS).Sum()
}

// stamp fills the records' missing stamps from the files in outDir (after
// the commit, when the files are in place). A file that cannot be stat'ed
// leaves its record without stamps: the next build renders that post.
func stamp(outDir string, recs []*postRecord, now time.Time) {
	for _, rec := range recs {
		if rec == nil || rec.Stamps != nil {
			continue
		}
		for _, rel := range []string{rec.SEO.Head, rec.SEO.JSONLD, rec.SEO.Picture} {
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

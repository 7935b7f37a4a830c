package buildcache

import (
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/post"
)

// ParseCache keeps the posts parsed by the last run, so an unchanged file
// is not parsed again: front matter and Markdown are most of a rebuild's
// work when little changed. An entry's key is the SHA-256 of the binary
// (version.Build), the parse options (a Jekyll site's excerpt_separator
// among them) and the file's path and bytes, so any change to the file,
// the options or seopipe itself misses. The cache is a sharded store read
// by OpenParseCache; Save rewrites the shards where an entry was added or
// dropped: it holds exactly the last run's posts.
//
// What is cached is what content.Parse returned: nothing changes a post
// after parsing (what a build derives from it is its site.Page's).
//
// Its methods are safe for concurrent use, except Save, which must run
// after every other call.
type ParseCache struct {
	dir  string // "" when there is no cache dir: nothing is kept
	opts content.ParseOptions
	old  map[string]*parsedEntry

	// The source index stamps each content file as the last run found
	// it, with the key of its bytes then: a file whose stamp still holds
	// is not read again (as git's index spares reading unchanged files).
	// optsKey digests what a key depends on besides the file.
	optsKey  string
	oldIndex map[string]SourceStamp

	mu           sync.Mutex
	cur          map[string]*parsedEntry
	index        map[string]SourceStamp
	hits         int
	changed      shards // where an entry was added (then dropped, by Save)
	indexChanged shards
}

// SourceStamp is a content file as a run found it: enough of its stat to
// tell it changed, and the parse key of its bytes.
type SourceStamp struct {
	Size, Mod, Change int64 // bytes; mtime and ctime, Unix nanoseconds (ctime 0 where unknown)
	Ino               uint64
	// Racy is set when the file changed within the racy window of the stat:
	// it could change again without its stamp showing it, so the next
	// run reads it.
	Racy bool
	Opts string // the parse cache's options key when stamped
	Key  string
}

// Stat stamps the content file at abs as it is at now, before its bytes
// are read; ok is false when it cannot be stat'ed (reading it then
// reports why).
func (pc *ParseCache) Stat(abs string, now time.Time) (st SourceStamp, ok bool) {
	fi, err := os.Stat(abs)
	if err != nil || !fi.Mode().IsRegular() {
		return SourceStamp{}, false
	}
	ctime, ino := changeTime(fi)
	st = SourceStamp{Size: fi.Size(), Mod: fi.ModTime().UnixNano(), Change: ctime, Ino: ino, Opts: pc.optsKey}
	st.Racy = racy(max(st.Mod, st.Change), now)
	return st, true
}

// same reports whether two stamps describe the file unchanged.
func (a SourceStamp) same(b SourceStamp) bool {
	return a.Size == b.Size && a.Mod == b.Mod && a.Change == b.Change && a.Ino == b.Ino && a.Opts == b.Opts
}

// sourceIndexFormat names the source index's layout.
const sourceIndexFormat = "seopipe source index 1"

// parsedEntry is content.Parse's result for one file.
type parsedEntry struct {
	Post     *post.Post
	Problems []diag.Problem
}

// parseCacheFormat names the file's layout; change it whenever
// parsedEntry or post.Post changes in a way gob would decode wrongly.
const parseCacheFormat = "seopipe parsed posts 3"

func init() {
	// The dynamic types front-matter values take (YAML, TOML and JSON
	// decoders, after content's normalisation), so Params and Card survive
	// the round trip. A post holding any other type is not cached.
	gob.Register(map[string]any{})
	gob.Register([]any{})
	gob.Register(time.Time{})
}

// OpenParseCache reads the cache in cacheDir ("": no cache, every file is
// parsed and nothing is kept) for posts parsed with o, its shards through
// each.
func OpenParseCache(cacheDir string, o content.ParseOptions, each Each) *ParseCache {
	pc := &ParseCache{opts: o, old: map[string]*parsedEntry{}, cur: map[string]*parsedEntry{},
		oldIndex: map[string]SourceStamp{}, index: map[string]SourceStamp{}}
	if cacheDir == "" {
		return pc
	}
	pc.optsKey = parseKey("", nil, o)
	pc.dir = filepath.Join(cacheDir, "parsed", "posts")
	for k, e := range readShards[*parsedEntry](pc.dir, parseCacheFormat, each) {
		if e != nil && e.Post != nil {
			pc.old[k] = e
		}
	}
	pc.oldIndex = readShards[SourceStamp](pc.indexDir(), sourceIndexFormat, each)
	return pc
}

func (pc *ParseCache) indexDir() string { return filepath.Join(filepath.Dir(pc.dir), "index") }

// Unchanged returns the cached parse of the file rel, and its key, when
// the file is as the last run stamped it (st, from Stat): the file need
// not be read.
func (pc *ParseCache) Unchanged(rel string, st SourceStamp) (*post.Post, []diag.Problem, string, bool) {
	if pc.dir == "" {
		return nil, nil, "", false
	}
	prev, ok := pc.oldIndex[rel]
	if !ok || prev.Racy || st.Racy || !prev.same(st) {
		return nil, nil, "", false
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e, ok := pc.old[prev.Key]
	if !ok {
		return nil, nil, "", false
	}
	delete(pc.old, prev.Key)
	pc.cur[prev.Key] = e
	pc.index[rel] = prev
	pc.hits++
	return e.Post, e.Problems, prev.Key, true
}

// Stamp records st, the stat of the file rel taken before its bytes were
// read, with the key Parse gave those bytes.
func (pc *ParseCache) Stamp(rel string, st SourceStamp, key string) {
	if pc.dir == "" {
		return
	}
	st.Key = key
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.index[rel] = st
	if prev, ok := pc.oldIndex[rel]; !ok || prev != st {
		pc.indexChanged.mark(rel)
	}
}

// parseKey names one file's parse.
func parseKey(rel string, data []byte, o content.ParseOptions) string {
	k := cache.NewKeyer().AddString(version.Build()).AddString(parseCacheFormat).AddString(rel).Add(data)
	loc := "UTC"
	if o.Location != nil {
		loc = o.Location.String()
	}
	k.AddString(loc).AddString(o.DefaultLang).AddString(o.DefaultAuthor).AddString(o.RootName)
	// A Jekyll site's excerpt_separator: none, or one (blank is one).
	if o.ExcerptSeparator == nil {
		k.AddString("no excerpt_separator")
	} else {
		k.AddString("excerpt_separator").AddString(*o.ExcerptSeparator)
	}
	if o.Jekyll {
		k.AddString("jekyll")
	}
	if o.Defaults != nil {
		// The defaults that apply to this file, as JSON (sorted keys).
		b, err := json.Marshal(o.Defaults(rel))
		if err != nil {
			b = []byte(err.Error())
		}
		k.AddString("defaults").Add(b)
	}
	if o.SkipHTML {
		k.AddString("skip-html")
	}
	return k.Sum()
}

// Parse returns content.Parse(rel, data, o) for the cache's options o,
// from the cache when it holds this very file, and the parse's key: what
// the post was made from. Each key is asked for once a run.
func (pc *ParseCache) Parse(rel string, data []byte) (*post.Post, []diag.Problem, string) {
	key := parseKey(rel, data, pc.opts)
	pc.mu.Lock()
	e, ok := pc.old[key]
	if ok {
		delete(pc.old, key) // a decoded post is handed out once
		pc.cur[key] = e
		pc.hits++
	}
	pc.mu.Unlock()
	if ok {
		return e.Post, e.Problems, key
	}
	p, ps := content.Parse(rel, data, pc.opts)
	pc.mu.Lock()
	if p != nil {
		pc.cur[key] = &parsedEntry{Post: p, Problems: ps}
		pc.changed.mark(key)
	}
	pc.mu.Unlock()
	return p, ps, key
}

// Hits counts the posts taken from the cache.
func (pc *ParseCache) Hits() int {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.hits
}

// Save rewrites the shards this run changed: where a file was parsed, or
// an entry of the last run was not used (a post deleted or edited). It must
// run before anything modifies the posts. A post gob cannot encode (a
// front-matter value of an unexpected type) is left out. Failing to write
// only makes the next run slower, so the caller reports it as a warning.
func (pc *ParseCache) Save() error {
	if pc.dir == "" {
		return nil
	}
	for k := range pc.old { // left over: no file has these bytes any more
		pc.changed.mark(k)
	}
	for rel := range pc.oldIndex {
		if _, ok := pc.index[rel]; !ok { // gone, or no longer stamped
			pc.indexChanged.mark(rel)
		}
	}
	if pc.indexChanged.any() {
		// Written first: an index naming a key the store lacks only costs
		// a read.
		if err := writeShards(pc.indexDir(), sourceIndexFormat, pc.index, pc.indexChanged); err != nil {
			return fmt.Errorf("source index: %w", err)
		}
	}
	if !pc.changed.any() {
		return nil
	}
	err := writeShards(pc.dir, parseCacheFormat, pc.cur, pc.changed)
	if err != nil && !errors.Is(err, errWrite) {
		for k, e := range pc.cur {
			if gob.NewEncoder(io.Discard).Encode(e) != nil {
				delete(pc.cur, k)
			}
		}
		err = writeShards(pc.dir, parseCacheFormat, pc.cur, pc.changed)
	}
	if err != nil {
		return fmt.Errorf("parse cache: %w", err)
	}
	return nil
}

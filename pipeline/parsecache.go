package pipeline

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/version"
)

// parseCache keeps the posts parsed by the last run, so an unchanged file is
// not parsed again: front matter and Markdown are most of a rebuild's work
// when little changed. An entry's key is the SHA-256 of the binary
// (version.Build), the parse options and the file's path and bytes, so any
// change to the file, the options or seopipe itself misses. The cache is a
// sharded store (see shardOf) read at the start of the load step; at its
// end the shards where an entry was added or dropped are rewritten: it
// holds exactly the last run's posts.
//
// Entries are saved before the rest of the run touches the posts (validate
// sets URLs, the pages step rewrites <img> tags): what is cached is what
// content.Parse returned.
type parseCache struct {
	dir string // "" when there is no cache dir: nothing is kept
	old map[string]*parsedEntry

	mu      sync.Mutex
	cur     map[string]*parsedEntry
	hits    int
	changed shards // where an entry was added (then dropped, by save)
}

// parsedEntry is content.Parse's result for one file.
type parsedEntry struct {
	Post     *content.Post
	Problems []content.Problem
}

// parseCacheFormat names the file's layout; change it whenever
// parsedEntry or content.Post changes in a way gob would decode wrongly.
const parseCacheFormat = "seopipe parsed posts 1"

func init() {
	// The dynamic types front-matter values take (YAML, TOML and JSON
	// decoders, after content's normalisation), so Params and Card survive
	// the round trip. A post holding any other type is not cached.
	gob.Register(map[string]any{})
	gob.Register([]any{})
	gob.Register(time.Time{})
}

// openParseCache reads the cache in cacheDir ("": no cache, every file is
// parsed and nothing is kept).
func openParseCache(cacheDir string) *parseCache {
	pc := &parseCache{old: map[string]*parsedEntry{}, cur: map[string]*parsedEntry{}}
	if cacheDir == "" {
		return pc
	}
	pc.dir = filepath.Join(cacheDir, "parsed", "posts")
	for k, e := range readShards[*parsedEntry](pc.dir, parseCacheFormat) {
		if e != nil && e.Post != nil {
			pc.old[k] = e
		}
	}
	return pc
}

// parseKey names one file's parse.
func parseKey(rel string, data []byte, o content.ParseOptions) string {
	k := cache.NewKeyer().AddString(version.Build()).AddString(parseCacheFormat).AddString(rel).Add(data)
	loc := "UTC"
	if o.Location != nil {
		loc = o.Location.String()
	}
	k.AddString(loc).AddString(o.DefaultLang).AddString(o.DefaultAuthor)
	if o.SkipHTML {
		k.AddString("skip-html")
	}
	return k.Sum()
}

// parse returns content.Parse(rel, data, o), from the cache when it holds
// this very file, and the parse's key. Safe for concurrent use; each key is
// asked for once a run.
func (pc *parseCache) parse(rel string, data []byte, o content.ParseOptions) (*content.Post, []content.Problem, string) {
	key := parseKey(rel, data, o)
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
	p, ps := content.Parse(rel, data, o)
	pc.mu.Lock()
	if p != nil {
		pc.cur[key] = &parsedEntry{Post: p, Problems: ps}
		pc.changed.mark(key)
	}
	pc.mu.Unlock()
	return p, ps, key
}

// save rewrites the shards this run changed: where a file was parsed, or
// an entry of the last run was not used (a post deleted or edited). It must
// run before anything modifies the posts. A post gob cannot encode (a
// front-matter value of an unexpected type) is left out. Failing to write
// only makes the next run slower, so the caller reports it as a warning.
func (pc *parseCache) save() error {
	if pc.dir == "" {
		return nil
	}
	for k := range pc.old { // left over: no file has these bytes any more
		pc.changed.mark(k)
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
